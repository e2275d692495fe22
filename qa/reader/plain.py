"""Plain span decoding: the model's best start/end within the length limit, nothing else.

`qa reader eval --raw` scores the reader with this, so the model and the hand-written
decoding steps (decode.py, leads.py, …) can be judged apart.
"""
from __future__ import annotations

import unicodedata

import numpy as np

from .decode import window_candidates
from .windows import Windows


def plain_best(passages: list[str], win: Windows, start_logits: np.ndarray, end_logits: np.ndarray,
               max_tokens: int) -> tuple[int, int, int, float] | None:
    """(passage, start, end, score) of the best-scoring span over all windows, or None.

    Tokens already end at word edges (the reader reads word-aligned pieces); only spaces and
    punctuation at the span's edges are trimmed, which no gold answer begins or ends with.
    """
    best = None
    for w in range(len(win.input_ids)):
        p = int(win.passage_index[w])
        for a, b, score in window_candidates(start_logits[w], end_logits[w], win.offsets[w], max_tokens, n_best=1):
            a, b = _trimmed(passages[p], a, b)
            if b > a and (best is None or score > best[3]):
                best = (p, a, b, score)
    return best


def _trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and _edge(text[start]):
        start += 1
    while end > start and _edge(text[end - 1]):
        end -= 1
    return start, end


def _edge(ch: str) -> bool:
    return ch.isspace() or unicodedata.category(ch).startswith("P")
