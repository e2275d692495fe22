"""Dense (e5 + FAISS) and BM25 rankings fused by reciprocal rank.

Each signal gives a pool of candidates; only the head of a ranking that a pool draws on is
sorted, and above the store's exact threshold the dense pool comes from the IVF index (index/dense.py)
instead of comparing the question with every passage.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

import numpy as np

from qa.schema import Chunk

from index import dense
from index.bm25 import BM25
from index.embedder import Embedder
from index.storage import Store
from .terms import Segmenter

# a search sorts, or asks the IVF index for, this many times the candidates at first, and four
# times more each time the per-report caps leave the pool short
OVERFETCH = 4
# a question restricted to at most this many chunks is scored exactly over them, even above the
# threshold: a report's chunks are consecutive rows, read in place (a million rows, 1 % of them
# in 34 reports: 1.4 ms; 5 %: 14 ms). Above it the IVF index is searched with a bitmap of the
# rows (5 %: 2 ms, recall@10 0.96 within them); at 1 % that search would find only 0.93
SUBSET_EXACT_MAX = 50_000


@dataclass(frozen=True)
class Hit:
    chunk: Chunk
    score: float          # fused score; higher is better
    dense: float          # cosine similarity with the question
    bm25: float


class FusedRetriever:
    """What both store backends share: chunk rows numbered by report, and the fusion of each
    signal's candidate pool (fair_pool) into the top hits. A subclass finds the pools."""

    def __init__(self, store: Store, embedder: Embedder, segmenter: Segmenter,
                 candidates: int = 30, rrf_k: int = 60, weights: tuple[float, float] = (1.0, 1.0),
                 per_document: int | None = None, read: int | None = None) -> None:
        self.store, self.embedder, self.segmenter = store, embedder, segmenter
        self.read = read
        self.candidates, self.rrf_k = candidates, rrf_k
        self.per_document = per_document or candidates
        self.weights = dict(zip(("dense", "bm25"), weights))
        # reports by number, so a scope is one lookup per chunk, not a string compare
        self._number = {name: i for i, name in enumerate(store.documents)}
        self._doc_id = np.array([self._number.get(c.doc, len(self._number)) for c in store.chunks], dtype=np.int64)
        self._in_play = in_play(self._doc_id)
        self._vocabulary: set[str] | None = None

    def _hits(self, pools: dict[str, list[int]], mode: str, preferred: Iterable[str], k: int,
              query: np.ndarray | None, bm25_of: Callable[[int], float]) -> list[Hit]:
        """The top k of the fused pools (of one signal alone where `mode` names it), each with its
        cosine from the local vectors and its BM25 score."""
        fused = rrf_fuse({name: pools[name] for name in ([mode] if mode in pools else pools)},
                         self.weights, self.rrf_k)
        if preferred:
            # a year the question names tips the balance without hiding other reports
            chosen = self._of_documents(preferred)
            for i in fused:
                if chosen[i]:
                    fused[i] += 0.5 / (self.rrf_k + 1)
        top = sorted(fused, key=lambda i: (-fused[i], i))
        if self.read and len(pools) > 1:
            top = with_heads(top, [pool[0] for pool in pools.values() if pool], self.read)
        top = top[:k]
        dense = self.store.vectors[top] @ query[0] if query is not None and top else np.zeros(len(top))
        return [Hit(self.store.chunks[i], float(fused[i]), float(d), bm25_of(i)) for i, d in zip(top, dense)]

    def query_terms(self, question: str) -> list[str]:
        """The question's BM25 terms, with the reports' own words across those they never write."""
        return known_terms(question, self.segmenter.query_terms(question), self.vocabulary())

    def vocabulary(self) -> dict[str, int] | set[str]:
        """Every BM25 term of the store's passages."""
        if self._vocabulary is None:
            self._vocabulary = {t for terms in self.store.terms for t in terms}
        return self._vocabulary

    def _of_documents(self, names: Iterable[str]) -> np.ndarray:
        """Which chunks belong to the named documents."""
        chosen = np.zeros(len(self._number) + 1, dtype=bool)
        chosen[[self._number[n] for n in names if n in self._number]] = True
        return chosen[self._doc_id]


class HybridRetriever(FusedRetriever):
    subset_exact_max = SUBSET_EXACT_MAX     # per instance, so a test can send small subsets to FAISS

    def __init__(self, store: Store, embedder: Embedder, segmenter: Segmenter,
                 candidates: int = 30, rrf_k: int = 60, weights: tuple[float, float] = (1.0, 1.0),
                 per_document: int | None = None, read: int | None = None) -> None:
        super().__init__(store, embedder, segmenter, candidates, rrf_k, weights, per_document, read)
        self.dense_index = store.dense_index()
        self.exact = store.dense_spec.exact
        self.bm25 = BM25(store.terms)

    def bm25_scores(self, question: str, subset: np.ndarray | None = None) -> np.ndarray:
        return self.bm25.scores(self.query_terms(question), subset)

    def vocabulary(self) -> dict[str, int]:
        return self.bm25.vocab

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
            pools["bm25"] = ranked_pool(sparse[rows], rows, self._doc_id, self.candidates, self.per_document)
        return self._hits(pools, mode, preferred, k, query, lambda i: float(sparse[i]))

    def _dense_pool(self, query: np.ndarray, mask: np.ndarray | None) -> list[int]:
        """The dense signal's candidates, best first, with at most a fair share from any one report."""
        if self.exact:
            scores = self.dense_scores_of(query)
            rows = np.arange(len(scores)) if mask is None else np.flatnonzero(mask)
            return ranked_pool(scores[rows], rows, self._doc_id, self.candidates, self.per_document)
        rows = None if mask is None else np.flatnonzero(mask)
        if rows is not None and len(rows) <= self.subset_exact_max:
            return self._exact_pool(query, rows)
        return self._ann_pool(query, mask, rows)

    def _ann_pool(self, query: np.ndarray, mask: np.ndarray | None, rows: np.ndarray | None) -> list[int]:
        """The dense pool from the IVF index: its nearest rows (within `mask`), asked for again with
        more when per-report caps leave the pool short."""
        scope = len(self._doc_id) if rows is None else len(rows)
        reports = self._in_play if rows is None else in_play(self._doc_id[rows])
        fetch = OVERFETCH * self.candidates
        while True:
            asked = min(fetch, scope)
            _, found = dense.ann_search(self.dense_index, query, asked, mask)
            pool = fair_pool(found, self._doc_id, self.candidates, self.per_document, reports)
            if len(pool) == self.candidates or (asked == scope and len(found) == scope):
                return pool
            if len(found) < asked:
                # the probed lists hold too few rows of the scope: score all of it exactly
                return self._exact_pool(query, np.arange(scope) if rows is None else rows)
            fetch *= OVERFETCH

    def _exact_pool(self, query: np.ndarray, rows: np.ndarray) -> list[int]:
        return ranked_pool(self._cosines(rows, query[0]), rows, self._doc_id, self.candidates, self.per_document)

    def _cosines(self, rows: np.ndarray, query: np.ndarray) -> np.ndarray:
        """The question's cosine with each of the given rows (ascending), reading each run of
        consecutive rows in place: gathering a copy of 10,000 rows of a million costs ten times more."""
        cut = np.flatnonzero(np.diff(rows) != 1) + 1
        if not len(rows) or len(cut) > len(rows) // 16:
            return self.store.vectors[rows] @ query
        starts, ends = rows[np.r_[0, cut]], rows[np.r_[cut - 1, len(rows) - 1]] + 1
        return np.concatenate([self.store.vectors[a:b] @ query for a, b in zip(starts.tolist(), ends.tolist())])

    def dense_scores_of(self, query: np.ndarray) -> np.ndarray:
        n = self.dense_index.ntotal
        if n == 0:
            return np.zeros(0, dtype=np.float32)
        scores, ids = self.dense_index.search(query, n)
        out = np.full(n, -1.0, dtype=np.float32)
        out[ids[0]] = scores[0]
        return out


def fair_pool(order: np.ndarray, doc_ids: np.ndarray, candidates: int, per_document: int,
              reports: int | None = None) -> list[int]:
    """One signal's candidates from chunk rows ranked best first, with at most a fair share of the
    pool from any one report (never under `per_document`): a large report with many similar
    passages cannot push every other report in play out of the pool. `reports`: how many reports
    are in play, where `order` is only the head of the ranking (by default, those in `order`)."""
    ids = doc_ids[order]
    cap = max(per_document, -(-candidates // (reports or in_play(ids))))
    pool: list[int] = []
    taken: dict[int, int] = {}
    for i, doc in zip(order.tolist(), ids.tolist()):
        if taken.get(doc, 0) < cap:
            taken[doc] = taken.get(doc, 0) + 1
            pool.append(i)
            if len(pool) == candidates:
                break
    return pool


def ranked_pool(scores: np.ndarray, rows: np.ndarray, doc_ids: np.ndarray, candidates: int,
                per_document: int) -> list[int]:
    """fair_pool over `rows` (ascending) ranked by their `scores`, best first and ties by row: the
    same pool as sorting every row, but only the head the pool draws on is sorted."""
    reports = in_play(doc_ids[rows])
    head = OVERFETCH * candidates
    while head < len(rows):
        bar = np.partition(scores, len(scores) - head)[len(scores) - head]
        # every row scoring at least the bar, ties included: the first rows of the full ranking
        top = np.flatnonzero(scores >= bar)
        pool = fair_pool(rows[top[np.argsort(-scores[top], kind="stable")]], doc_ids, candidates,
                         per_document, reports)
        if len(pool) == candidates:
            return pool
        head *= OVERFETCH
    return fair_pool(rows[np.argsort(-scores, kind="stable")], doc_ids, candidates, per_document, reports)


def in_play(doc_ids: np.ndarray) -> int:
    """How many reports these rows are of (1 for none, so a share is never divided by 0)."""
    return max(1, int(np.count_nonzero(np.bincount(doc_ids)))) if len(doc_ids) else 1


def known_terms(question: str, terms: list[str], vocab: dict[str, int] | set[str]) -> list[str]:
    """The question's terms, where jieba cut it otherwise than the reports (送教送|培去 of 金坛送教
    送培去了多少人, where the report writes 送教|送培), with the words of the reports written across
    each term they never write: no passage can match a word no report holds."""
    out = list(terms)
    for term in dict.fromkeys(terms):
        at = question.find(term)
        if term in vocab or at < 0 or len(term) < 2:
            continue
        end = at + len(term)
        out += [w for w in dict.fromkeys(question[a:b] for a in range(max(0, at - 3), end)
                                          for b in range(max(a + 2, at + 1), min(a + 4, len(question)) + 1))
                if w in vocab and w not in out]
    return out


def with_heads(ranked: list[int], heads: list[int], read: int) -> list[int]:
    """`ranked` with each signal's first candidate (`heads`) among its first `read` rows, below
    the fused first. Reciprocal ranks favour a passage both signals place fairly high over one
    a signal places first: a long passage on many things matches every word of a question yet
    sits far down the dense ranking (浙江城镇新增就业目标 in a paragraph on jobs, prices and
    pensions), and the reader, reading only the first few, would never see it."""
    window = ranked[:read]
    missing = [h for h in dict.fromkeys(heads) if h not in window]
    # the fused first and the heads already read stay; the lowest others make room
    evictable = [i for i in window[1:] if i not in heads]
    missing = missing[:len(evictable)]
    if not missing:
        return ranked
    evicted = set(evictable[len(evictable) - len(missing):])
    kept = [i for i in window if i not in evicted]
    return kept + missing + [i for i in ranked if i in evicted or (i not in window and i not in missing)]


def rrf_fuse(pools: dict[str, list[int]], weights: dict[str, float], rrf_k: int) -> dict[int, float]:
    """Reciprocal-rank fusion of each signal's candidates: row -> fused score (higher is better)."""
    fused: dict[int, float] = {}
    for name, pool in pools.items():
        for rank, i in enumerate(pool):
            fused[i] = fused.get(i, 0.0) + weights[name] / (rrf_k + rank + 1)
    return fused
