"""Retrieval: the question's scope, its terms, and the retriever of the configured store backend."""
from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from index.embedder import Embedder
    from index.storage import Store
    from qa.config import Config
    from .hybrid import HybridRetriever
    from .milvus import MilvusRetriever
    from .terms import Segmenter


def make_retriever(store: Store, embedder: Embedder, segmenter: Segmenter,
                   config: Config) -> HybridRetriever | MilvusRetriever:
    """The in-process FAISS + BM25 retriever, or with `config.store_uri` set the Milvus one; both
    answer `search` alike. Imported here, not above: `import qa.retriever.terms` stays light, and
    pymilvus loads only when Milvus is asked for."""
    settings = dict(candidates=config.candidates, rrf_k=config.rrf_k,
                    weights=(config.dense_weight, config.bm25_weight),
                    per_document=config.candidates_per_document, read=config.reader_passages)
    if not config.store_uri:
        from .hybrid import HybridRetriever

        return HybridRetriever(store, embedder, segmenter, **settings)
    from .milvus import MilvusRetriever, milvus_target

    return MilvusRetriever(store, embedder, segmenter, milvus_target(config.store_uri), **settings)
