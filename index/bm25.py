"""Okapi BM25 over pre-segmented chunks, as a sparse term matrix (scipy), rebuilt at load.

A query touches only its terms' postings, so a question costs the same whether the index
holds a thousand chunks or a million. Statistics (document frequencies, average length) can
be taken over a subset of the chunks: a question restricted to one place's reports is then
scored as if only those reports were indexed, and adding another place's report cannot move
its ranking. bm25s (0.3) and tantivy cannot do that: both fix every term's weight from the whole
corpus's statistics when the index is built (bm25s's weight_mask only zeroes scores afterwards),
so the term matrix stays here.
"""
from __future__ import annotations

import math
from array import array
from collections import Counter
from collections.abc import Sequence

import numpy as np
from scipy import sparse


class BM25:
    def __init__(self, docs: Sequence[Sequence[str]], k1: float = 1.2, b: float = 0.75) -> None:
        self.k1, self.b = k1, b
        self.vocab: dict[str, int] = {}
        # typed arrays, not lists of ints: a million chunks hold ~90 million (chunk, term) pairs
        per_row, cols, counts = array("q"), array("q"), array("f")
        for terms in docs:
            counted = Counter(terms)
            per_row.append(len(counted))
            cols.extend(self.vocab.setdefault(term, len(self.vocab)) for term in counted)
            counts.extend(counted.values())
        rows = np.repeat(np.arange(len(docs)), np.frombuffer(per_row, np.int64)) if docs else []
        shape = (len(docs), max(1, len(self.vocab)))
        # column-major: a query term's postings are one contiguous slice
        self.tf = sparse.csc_matrix((np.frombuffer(counts, np.float32), (rows, np.frombuffer(cols, np.int64))),
                                    shape=shape)
        self.lengths = np.array([len(d) for d in docs], dtype=np.float32)
        self._avg = float(self.lengths.mean()) if docs else 0.0

    def scores(self, query: list[str], subset: np.ndarray | None = None) -> np.ndarray:
        """BM25 of every chunk; with a boolean `subset`, statistics come from those chunks alone
        and every other chunk scores 0."""
        n_rows = len(self.lengths)
        out = np.zeros(n_rows, dtype=np.float32)
        n = n_rows if subset is None else int(subset.sum())
        if n == 0:
            return out
        avg = self._avg if subset is None else float(self.lengths[subset].mean())
        for term, weight in Counter(query).items():
            col = self.vocab.get(term)
            if col is None:
                continue
            lo, hi = self.tf.indptr[col], self.tf.indptr[col + 1]
            rows, tf = self.tf.indices[lo:hi], self.tf.data[lo:hi]
            if subset is not None:
                keep = subset[rows]
                rows, tf = rows[keep], tf[keep]
            if not len(rows):
                continue
            idf = math.log(1 + (n - len(rows) + 0.5) / (len(rows) + 0.5))
            # the length norm of the postings' rows only: a query costs its postings, not the corpus
            norm = self.k1 * (1 - self.b + self.b * self.lengths[rows] / max(avg, 1e-6))
            out[rows] += weight * idf * tf * (self.k1 + 1) / (tf + norm)
        return out
