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

    def dense_scores(self, question: str) -> np.ndarray:
        n = self.dense_index.ntotal
        if n == 0:
            return np.zeros(0, dtype=np.float32)
        scores, ids = self.dense_index.search(self.embedder.query(question), n)
        out = np.full(n, -1.0, dtype=np.float32)
        out[ids[0]] = scores[0]
        return out

    def bm25_scores(self, question: str, subset: np.ndarray | None = None) -> np.ndarray:
        return self.bm25.scores(self.segmenter.query_terms(question), subset)

    def search(self, question: str, k: int, allowed: set[str] | None = None,
               preferred: frozenset[str] | set[str] = frozenset(), mode: str = "hybrid") -> list[Hit]:
        """Top-k chunks; `mode` "dense" or "bm25" ranks by one signal alone (for benchmarks)."""
        if not self.store.chunks:
            return []
        n = len(self.store.chunks)
        mask = None if allowed is None else self._of_documents(allowed)
        dense = self.dense_scores(question) if mode != "bm25" else np.zeros(n, dtype=np.float32)
        # a question restricted to some reports is scored by their statistics alone, so reports of
        # other places, however large, cannot move its ranking
        sparse = self.bm25_scores(question, mask) if mode != "dense" else np.zeros(n, dtype=np.float32)
        mask = np.ones(n, dtype=bool) if mask is None else mask
        signals = {"dense": (dense, mask), "bm25": (sparse, mask & (sparse > 0))}
        fused = np.zeros(n, dtype=np.float64)
        for name in ([mode] if mode in signals else list(signals)):
            scores, usable = signals[name]
            for rank, i in enumerate(self._pool(scores, usable)):
                fused[i] += self.weights[name] / (self.rrf_k + rank + 1)
        if preferred:
            # a year the question names tips the balance without hiding other reports
            fused[self._of_documents(preferred) & (fused > 0)] += 0.5 / (self.rrf_k + 1)
        top = [i for i in np.argsort(-fused, kind="stable")[:k] if fused[i] > 0]
        return [Hit(self.store.chunks[i], float(fused[i]), float(dense[i]), float(sparse[i])) for i in top]

    def _of_documents(self, names: set[str] | frozenset[str]) -> np.ndarray:
        """Which chunks belong to the named documents (one lookup per chunk, not a string compare)."""
        chosen = np.zeros(len(self._number) + 1, dtype=bool)
        chosen[[self._number[n] for n in names if n in self._number]] = True
        return chosen[self._doc_id]

    def _pool(self, scores: np.ndarray, usable: np.ndarray) -> list[int]:
        """One signal's candidates, best first, with at most a fair share of the pool from any one
        report (never under `per_document`): a large report with many similar passages cannot push
        every other report in play out of the pool."""
        rows = np.flatnonzero(usable)
        rows = rows[np.argsort(-scores[rows], kind="stable")]
        ids = self._doc_id[rows]
        in_play = int(np.count_nonzero(np.bincount(ids))) if len(ids) else 1
        cap = max(self.per_document, -(-self.candidates // in_play))
        pool: list[int] = []
        taken = np.zeros(len(self._number) + 1, dtype=np.int64)
        for i, doc in zip(rows.tolist(), ids.tolist()):
            if taken[doc] < cap:
                taken[doc] += 1
                pool.append(i)
                if len(pool) == self.candidates:
                    break
        return pool
