"""Okapi BM25 over pre-segmented chunks, as a sparse term matrix (scipy), rebuilt at load.

A query touches only its terms' postings, so a question costs the same whether the index
holds a thousand chunks or a million. Statistics (document frequencies, average length) can
be taken over a subset of the chunks: a question restricted to one place's reports is then
scored as if only those reports were indexed, and adding another place's report cannot move
its ranking.
"""
from __future__ import annotations

import math
from collections import Counter

import numpy as np
from scipy import sparse


class BM25:
    def __init__(self, docs: list[list[str]], k1: float = 1.2, b: float = 0.75) -> None:
        self.k1, self.b = k1, b
        self.vocab: dict[str, int] = {}
        rows, cols, counts = [], [], []
        for row, terms in enumerate(docs):
            for term, count in Counter(terms).items():
                rows.append(row)
                cols.append(self.vocab.setdefault(term, len(self.vocab)))
                counts.append(count)
        shape = (len(docs), max(1, len(self.vocab)))
        # column-major: a query term's postings are one contiguous slice
        self.tf = sparse.csc_matrix((np.array(counts, np.float32), (rows, cols)), shape=shape)
        self.lengths = np.array([len(d) for d in docs], dtype=np.float32)

    def scores(self, query: list[str], subset: np.ndarray | None = None) -> np.ndarray:
        """BM25 of every chunk; with a boolean `subset`, statistics come from those chunks alone
        and every other chunk scores 0."""
        n_rows = len(self.lengths)
        out = np.zeros(n_rows, dtype=np.float32)
        inside = np.ones(n_rows, dtype=bool) if subset is None else subset
        n = int(inside.sum())
        if n == 0:
            return out
        avg = float(self.lengths[inside].mean())
        norm = self.k1 * (1 - self.b + self.b * self.lengths / max(avg, 1e-6))
        for term, weight in Counter(query).items():
            col = self.vocab.get(term)
            if col is None:
                continue
            lo, hi = self.tf.indptr[col], self.tf.indptr[col + 1]
            rows, tf = self.tf.indices[lo:hi], self.tf.data[lo:hi]
            keep = inside[rows]
            rows, tf = rows[keep], tf[keep]
            if not len(rows):
                continue
            idf = math.log(1 + (n - len(rows) + 0.5) / (len(rows) + 0.5))
            out[rows] += weight * idf * tf * (self.k1 + 1) / (tf + norm[rows])
        return out
