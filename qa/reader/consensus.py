"""Choosing the span the candidates agree on, not only the one scored highest.

The reader's top span is often a part of the answer ("广东" of 广东新会) or a part
and more, while the spans scored next to it cover the rest. Weighting each of the
top candidates by its softmax probability and taking the one with the highest
expected overlap (F1) with all of them picks the span the reader's mass agrees
on (minimum Bayes risk decoding).
"""
from __future__ import annotations

import numpy as np

# (passage, start, end, score), best first
Candidate = tuple[int, int, int, float]


def overlap_f1(a: Candidate, b: Candidate) -> float:
    """Character-overlap F1 of two spans; 0 for spans of different passages."""
    if a[0] != b[0]:
        return 0.0
    common = min(a[2], b[2]) - max(a[1], b[1])
    if common <= 0:
        return 0.0
    precision, recall = common / (a[2] - a[1]), common / (b[2] - b[1])
    return 2 * precision * recall / (precision + recall)


def consensus_index(candidates: list[Candidate], temperature: float, k: int) -> int:
    """Index of the span among the first `k` with the highest expected F1 against them all,
    each weighted by softmax(score / temperature); 0 (the best scored) when off (temperature 0)."""
    top = candidates[:k]
    if temperature <= 0 or len(top) < 2:
        return 0
    scores = np.array([c[3] for c in top])
    weights = np.exp((scores - scores.max()) / temperature)
    weights /= weights.sum()
    expected = [sum(w * overlap_f1(c, other) for w, other in zip(weights, top)) for c in top]
    return int(np.argmax(expected))
