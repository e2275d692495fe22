"""Dense (e5 + FAISS) and BM25 rankings fused by reciprocal rank."""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from qa.schema import Chunk

from index.bm25 import BM25
from index.embedder import Embedder
from index.storage import Store
from .terms import Segmenter


@dataclass(frozen=True)
class Hit:
    chunk: Chunk
    score: float          # fused score; higher is better
    dense: float          # cosine similarity with the question
    bm25: float


class HybridRetriever:
    def __init__(self, store: Store, embedder: Embedder, segmenter: Segmenter,
                 candidates: int = 30, rrf_k: int = 60, weights: tuple[float, float] = (1.0, 1.0),
                 per_document: int | None = None) -> None:
        self.store, self.embedder, self.segmenter = store, embedder, segmenter
        self.candidates, self.rrf_k = candidates, rrf_k
        self.per_document = per_document or candidates
        self.weights = dict(zip(("dense", "bm25"), weights))
        self.dense_index = store.dense_index()
        self.bm25 = BM25([list(t) for t in store.terms])
        self._number = {name: i for i, name in enumerate(store.documents)}
        self._doc_id = np.array([self._number.get(c.doc, len(self._number)) for c in store.chunks], dtype=np.int64)

    def bm25_scores(self, question: str, subset: np.ndarray | None = None) -> np.ndarray:
        return self.bm25.scores(self.segmenter.query_terms(question), subset)

    def search(self, question: str, k: int, allowed: set[str] | None = None,
               preferred: frozenset[str] | set[str] = frozenset(), mode: str = "hybrid") -> list[Hit]:
        """Top-k chunks; `mode` "dense" or "bm25" ranks by one signal alone (for benchmarks)."""
        if not self.store.chunks:
            return []
        n = len(self.store.chunks)
        mask = None if allowed is None else self._of_documents(allowed)
        query = self.embedder.query(question) if mode != "bm25" else None
        # a question restricted to some reports is scored by their statistics alone, so reports of
        # other places, however large, cannot move its ranking
        sparse = self.bm25_scores(question, mask) if mode != "dense" else np.zeros(n, dtype=np.float32)
        pools = {}
        if query is not None:
            pools["dense"] = self._dense_pool(query, mask)
        if mode != "dense":
            usable = sparse > 0 if mask is None else mask & (sparse > 0)
            rows = np.flatnonzero(usable)
            pools["bm25"] = fair_pool(rows[np.argsort(-sparse[rows], kind="stable")], self._doc_id,
                                      self.candidates, self.per_document)
        fused = rrf_fuse({name: pools[name] for name in ([mode] if mode in pools else pools)},
                         self.weights, self.rrf_k)
        if preferred:
            # a year the question names tips the balance without hiding other reports
            chosen = self._of_documents(preferred)
            for i in fused:
                if chosen[i]:
                    fused[i] += 0.5 / (self.rrf_k + 1)
        top = sorted(fused, key=lambda i: (-fused[i], i))[:k]
        dense = self._dense_of(query, top)
        return [Hit(self.store.chunks[i], float(fused[i]), float(d), float(sparse[i])) for i, d in zip(top, dense)]

    def _dense_pool(self, query: np.ndarray, mask: np.ndarray | None) -> list[int]:
        """The dense signal's candidates, best first, with at most a fair share from any one report."""
        scores = self.dense_scores_of(query)
        rows = np.arange(len(scores)) if mask is None else np.flatnonzero(mask)
        return fair_pool(rows[np.argsort(-scores[rows], kind="stable")], self._doc_id,
                         self.candidates, self.per_document)

    def dense_scores_of(self, query: np.ndarray) -> np.ndarray:
        n = self.dense_index.ntotal
        if n == 0:
            return np.zeros(0, dtype=np.float32)
        scores, ids = self.dense_index.search(query, n)
        out = np.full(n, -1.0, dtype=np.float32)
        out[ids[0]] = scores[0]
        return out

    def _dense_of(self, query: np.ndarray | None, rows: list[int]) -> np.ndarray:
        """Cosine of the question with each of the given chunks (0 without a question vector)."""
        if query is None or not rows:
            return np.zeros(len(rows), dtype=np.float32)
        return self.store.vectors[rows] @ query[0]

    def _of_documents(self, names: set[str] | frozenset[str]) -> np.ndarray:
        """Which chunks belong to the named documents (one lookup per chunk, not a string compare)."""
        chosen = np.zeros(len(self._number) + 1, dtype=bool)
        chosen[[self._number[n] for n in names if n in self._number]] = True
        return chosen[self._doc_id]


def fair_pool(order: np.ndarray, doc_ids: np.ndarray, candidates: int, per_document: int) -> list[int]:
    """One signal's candidates from chunk rows ranked best first, with at most a fair share of the
    pool from any one report (never under `per_document`): a large report with many similar
    passages cannot push every other report in play out of the pool."""
    ids = doc_ids[order]
    in_play = int(np.count_nonzero(np.bincount(ids))) if len(ids) else 1
    cap = max(per_document, -(-candidates // in_play))
    pool: list[int] = []
    taken: dict[int, int] = {}
    for i, doc in zip(order.tolist(), ids.tolist()):
        if taken.get(doc, 0) < cap:
            taken[doc] = taken.get(doc, 0) + 1
            pool.append(i)
            if len(pool) == candidates:
                break
    return pool


def rrf_fuse(pools: dict[str, list[int]], weights: dict[str, float], rrf_k: int) -> dict[int, float]:
    """Reciprocal-rank fusion of each signal's candidates: row -> fused score (higher is better)."""
    fused: dict[int, float] = {}
    for name, pool in pools.items():
        for rank, i in enumerate(pool):
            fused[i] = fused.get(i, 0.0) + weights[name] / (rrf_k + rank + 1)
    return fused
