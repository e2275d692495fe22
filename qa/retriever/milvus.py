"""A second store backend: the chunks' e5 vectors and BM25 terms searched in Milvus (pymilvus).

`--store milvus://HOST:PORT` (or Config.store_uri, or QA_STORE) sends both of a question's
searches to a Milvus server or cluster; a path ending in .db to milvus-lite, the embedded Milvus
from PyPI (what the tests use). The local Store stays the source of documents, text and offsets,
so a citation quotes the local file byte for byte: Milvus holds per chunk only its row number, its
report's name (to filter by), its e5 vector and its jieba terms, from which a Milvus BM25 function
makes the sparse vector. Both rankings are then pooled and fused exactly as HybridRetriever does
(fair_pool, rrf_fuse), so on the own sets the answers are those of the FAISS backend, except where
the BM25 statistics differ: Milvus takes them over the whole collection, HybridRetriever over the
reports in scope (eval/compare_backends.py counts those answers).

The collection carries a stamp of the store it was filled from; a store of another build drops
and re-fills it, an unchanged one is used as it is.
"""
from __future__ import annotations

import hashlib
import importlib.util
import json
import re
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import numpy as np

from index.embedder import Embedder
from index.storage import Store
from .hybrid import OVERFETCH, FusedRetriever, Hit, fair_pool, in_play
from .terms import Segmenter

INSTALL_HINT = "pip install 'changzhou-qa[milvus]'"
COLLECTION = "qa_chunks"
STAMP_KEY = "qa.store_stamp"
# bumped whenever the fields, the term encoding or the indexes change: every collection re-fills
LAYOUT = 1
BATCH = 512                  # rows per insert: ~0.9 MB of vectors and terms, far below gRPC's 64 MB
MAX_LIMIT = 16_384           # the most hits one Milvus search returns (limit + offset)
BM25_K1, BM25_B = 1.2, 0.75  # index/bm25.py's defaults (Milvus's own k1 is 1.5)
_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]{0,254}")
_WORD = re.compile(r"\w+")


class StoreBackendError(ValueError):
    """The store URI cannot be used: malformed, its package missing, or the server unreachable.
    A ValueError, so the CLI reports it as an error line, not a traceback."""


@dataclass(frozen=True)
class MilvusTarget:
    uri: str              # what pymilvus.MilvusClient is given
    token: str            # "user:password" for a server with authentication, else ""
    collection: str
    embedded: bool        # a milvus-lite file, not a server


def milvus_target(store_uri: str) -> MilvusTarget:
    """`milvus://[USER:PASSWORD@]HOST[:PORT][/COLLECTION]` (http; `https://…` likewise for TLS) or
    a milvus-lite file `PATH.db`; StoreBackendError says what is wrong with anything else."""
    if store_uri.endswith(".db") and "://" not in store_uri:
        return MilvusTarget(str(Path(store_uri).expanduser().resolve()), "", COLLECTION, True)
    parts = urlsplit(store_uri)
    if parts.scheme not in ("milvus", "http", "https") or not parts.hostname:
        raise StoreBackendError(f"store {store_uri!r} is neither milvus://HOST:PORT[/COLLECTION] nor a "
                                "milvus-lite file ending in .db")
    try:
        port = parts.port or 19530
    except ValueError as exc:
        raise StoreBackendError(f"store {store_uri!r}: {exc}") from None
    collection = parts.path.strip("/") or COLLECTION
    if not _NAME.fullmatch(collection):
        raise StoreBackendError(f"store {store_uri!r}: {collection!r} is no Milvus collection name "
                                "(letters, digits and _, not starting with a digit)")
    token = f"{unquote(parts.username or '')}:{unquote(parts.password or '')}" if parts.username else ""
    scheme = "https" if parts.scheme == "https" else "http"
    host = f"[{parts.hostname}]" if ":" in parts.hostname else parts.hostname
    return MilvusTarget(f"{scheme}://{host}:{port}", token, collection, False)


def milvus_terms(terms: Iterable[str]) -> str:
    """Our jieba terms as one text that Milvus's analyzer splits back into exactly these terms.

    milvus-lite has no whitespace tokenizer, only `standard` (lowercased \\w+ runs), so a term that
    is not one lowercase run of word characters (100%, 68.7, APP) is written as "_" and its UTF-8
    in hex: jieba never gives a term that starts with "_" (it cuts "_" off on its own), so no two
    terms meet. On a server the whitespace tokenizer reads the same text the same way."""
    return " ".join(t if _WORD.fullmatch(t) and t == t.lower() else "_" + t.encode().hex() for t in terms)


def store_stamp(store: Store) -> str:
    """What the collection must have been filled from: the build (every change to a store sets a
    new built_at, and rows are numbered in its order), its sources, model and chunking."""
    m = store.manifest
    what = {"layout": LAYOUT, "built_at": m.built_at, "rows": len(store.chunks), "counts": m.counts,
            "model": m.model_sha256, "chunker": [m.chunker_version, m.chunk_max_chars, m.chunk_overlap_chars],
            "sources": {d: s.get("sha256") for d, s in sorted(m.sources.items())},
            "dense": store.dense_spec.as_dict()}
    return hashlib.sha256(json.dumps(what, sort_keys=True).encode()).hexdigest()


_clients: dict[tuple[str, str], Any] = {}
_clients_lock = threading.Lock()


def milvus_client(target: MilvusTarget):
    """One client per server for the process: a retriever is made anew on every change to the
    store, and milvus-lite serves a file from one in-process server only."""
    try:
        from pymilvus import MilvusClient, MilvusException
    except ImportError as exc:
        raise StoreBackendError(f"a Milvus store needs pymilvus: {INSTALL_HINT}") from exc
    if target.embedded and importlib.util.find_spec("milvus_lite") is None:
        raise StoreBackendError(f"a milvus-lite file ({target.uri}) needs milvus-lite: {INSTALL_HINT}")
    with _clients_lock:
        key = (target.uri, target.token)
        if key not in _clients:
            try:
                _clients[key] = MilvusClient(target.uri, token=target.token)
            except MilvusException as exc:
                raise StoreBackendError(f"cannot reach Milvus at {target.uri}: {exc}") from exc
        return _clients[key]


class MilvusRetriever(FusedRetriever):
    """HybridRetriever's `search`, with both signals' candidates found by Milvus."""

    def __init__(self, store: Store, embedder: Embedder, segmenter: Segmenter, target: MilvusTarget,
                 candidates: int = 30, rrf_k: int = 60, weights: tuple[float, float] = (1.0, 1.0),
                 per_document: int | None = None, read: int | None = None) -> None:
        super().__init__(store, embedder, segmenter, candidates, rrf_k, weights, per_document, read)
        self.target = target
        self.client = milvus_client(target)
        self.stamp = store_stamp(store)
        self.filled = self._sync()         # whether this retriever had to (re-)fill the collection

    # ---- the collection --------------------------------------------------
    def _sync(self) -> bool:
        """Use the collection when it holds this store; otherwise drop it and fill it anew. The stamp
        is written last, so a fill cut short is never taken for a whole one."""
        client, name = self.client, self.target.collection
        if client.has_collection(name):
            if client.describe_collection(name).get("properties", {}).get(STAMP_KEY) == self.stamp:
                client.load_collection(name)
                return False
            client.drop_collection(name)
        self._create()
        self._fill()
        client.flush(name)
        client.alter_collection_properties(name, {STAMP_KEY: self.stamp})
        return True

    def _create(self) -> None:
        from pymilvus import DataType, Function, FunctionType

        client = self.client
        schema = client.create_schema(auto_id=False, description="changzhou-qa chunks (qa/retriever/milvus.py)")
        schema.add_field("id", DataType.INT64, is_primary=True)        # the chunk's row in the store
        schema.add_field("doc", DataType.VARCHAR, max_length=1024)
        schema.add_field("vector", DataType.FLOAT_VECTOR, dim=self.store.vectors.shape[1])
        # milvus-lite knows only the standard and jieba tokenizers; a server's standard one would cut
        # Chinese into characters, so it reads the terms by whitespace (see milvus_terms)
        analyzer = {"tokenizer": "standard" if self.target.embedded else "whitespace"}
        schema.add_field("terms", DataType.VARCHAR, max_length=65_535, enable_analyzer=True,
                         analyzer_params=analyzer)
        schema.add_field("sparse", DataType.SPARSE_FLOAT_VECTOR)
        schema.add_function(Function("bm25", FunctionType.BM25, ["terms"], ["sparse"]))
        spec = self.store.dense_spec
        indexes = client.prepare_index_params()
        # the kind of index the FAISS backend has: flat (exact) up to the store's threshold, IVF above
        indexes.add_index("vector", index_type="FLAT" if spec.exact else "IVF_FLAT", metric_type="IP",
                          params={} if spec.exact else {"nlist": spec.nlist})
        # nested under "params": pymilvus 3 flattens index params, milvus-lite reads only this key
        # (and a server reads it too); flattened, lite would score with k1 = 1.5
        indexes.add_index("sparse", index_type="SPARSE_INVERTED_INDEX", metric_type="BM25",
                          params={"params": {"bm25_k1": BM25_K1, "bm25_b": BM25_B}})
        client.create_collection(self.target.collection, schema=schema, index_params=indexes)

    def _fill(self) -> None:
        from tqdm import tqdm

        n = len(self.store.chunks)
        with tqdm(total=n, unit="chunk", desc=f"milvus {self.target.collection}", leave=False,
                  disable=n < BATCH) as bar:
            for a in range(0, n, BATCH):
                b = min(a + BATCH, n)
                rows = [{"id": i, "doc": self.store.chunks[i].doc, "vector": v,
                         "terms": milvus_terms(self.store.terms[i])}
                        for i, v in zip(range(a, b), self.store.vectors[a:b].tolist())]
                self.client.insert(self.target.collection, rows)
                bar.update(b - a)

    # ---- search ------------------------------------------------------------
    def search(self, question: str, k: int, allowed: set[str] | None = None,
               preferred: frozenset[str] | set[str] = frozenset(), mode: str = "hybrid") -> list[Hit]:
        """Top-k chunks; `mode` "dense" or "bm25" ranks by one signal alone (for benchmarks)."""
        if not self.store.chunks:
            return []
        scope = None if allowed is None else sorted(d for d in allowed if d in self._number)
        if scope == []:
            return []
        mask = None if scope is None else self._of_documents(scope)
        where = "" if scope is None else f"doc in {json.dumps(scope, ensure_ascii=False)}"
        query = self.embedder.query(question) if mode != "bm25" else None
        pools: dict[str, list[int]] = {}
        sparse: dict[int, float] = {}
        # reports in scope: every one is in play for the dense signal, those with the question's
        # terms for BM25
        reports = self._in_play if mask is None else in_play(self._doc_id[mask])
        if query is not None:
            pools["dense"], _ = self._pool(lambda n: self._search("vector", query[0].tolist(), n, where),
                                           mask, lambda *_: reports)
        if mode != "dense":
            text = milvus_terms(self.query_terms(question))
            pools["bm25"], sparse = self._pool(
                lambda n: self._search("sparse", text, n, where), mask,
                lambda ids, complete: self._matching_reports(text, where, ids, complete, reports)) \
                if text else ([], {})
        return self._hits(pools, mode, preferred, k, query, lambda i: sparse.get(i, 0.0))

    def _pool(self, search: Callable[[int], tuple[np.ndarray, np.ndarray]], mask: np.ndarray | None,
              reports: Callable[[np.ndarray, bool], int]) -> tuple[list[int], dict[int, float]]:
        """One signal's candidates (fair_pool) from Milvus's ranking, asked for again with four times
        more while per-report caps leave the pool short; and the scores Milvus gave."""
        scope = len(self._doc_id) if mask is None else int(np.count_nonzero(mask))
        fetch = OVERFETCH * self.candidates
        while True:
            asked = min(fetch, scope, MAX_LIMIT)
            ids, scores = search(asked)
            complete = len(ids) < asked or asked == scope or asked == MAX_LIMIT
            order = np.lexsort((ids, -scores))          # best first, ties by row as HybridRetriever
            ids, scores = ids[order], scores[order]
            # where the limit cut through rows of one score, rows of a lower number may have been
            # left out of it: only the rows scoring above that tie are surely the head of the ranking
            sure = ids if complete or not len(ids) else ids[scores > scores[-1]]
            pool = fair_pool(sure, self._doc_id, self.candidates, self.per_document, reports(ids, complete))
            if len(pool) == self.candidates or complete:
                return pool, dict(zip(ids.tolist(), scores.tolist()))
            fetch *= OVERFETCH

    def _search(self, field: str, data: list[float] | str, limit: int, where: str) -> tuple[np.ndarray, np.ndarray]:
        """Row numbers and scores of Milvus's best `limit` rows by one field (within `where`)."""
        params: dict = {"metric_type": "BM25" if field == "sparse" else "IP"}
        if field == "vector" and not self.store.dense_spec.exact:
            params["params"] = {"nprobe": self.store.dense_spec.nprobe}
        found = self.client.search(self.target.collection, data=[data], anns_field=field, limit=limit,
                                   filter=where, output_fields=[], search_params=params)[0]
        ids = np.array([h["id"] for h in found], dtype=np.int64)
        # a BM25 score is never negative; milvus-lite 3.2 hands it back negated, a server as it is
        scores = np.array([h["distance"] for h in found], dtype=np.float64)
        return ids, np.abs(scores) if field == "sparse" else scores

    def _matching_reports(self, text: str, where: str, ids: np.ndarray, complete: bool, most: int) -> int:
        """How many reports in scope (at most `most`) hold a chunk with any of the question's terms:
        the BM25 pool shares its candidates among those (HybridRetriever: in_play of the rows scoring
        above 0). Beyond the rows Milvus returned it asks for one row of each further report, and only
        while the count can still change the share (fair_pool's cap is per_document from
        candidates / per_document reports on)."""
        seen = set(self._doc_id[ids].tolist())
        names = list(self.store.documents)
        enough = -(-self.candidates // self.per_document)
        while not complete and len(seen) < min(most, enough):
            outside = f"doc not in {json.dumps([names[d] for d in sorted(seen)], ensure_ascii=False)}"
            found, _ = self._search("sparse", text, 1, f"{outside} and {where}" if where else outside)
            if not len(found):
                break
            seen.add(int(self._doc_id[found[0]]))
        return max(1, len(seen))
