"""Question + passage -> overlapping token windows that remember character offsets.

Training and answering share this, so a span the model learned to point at is
mapped back to characters exactly the same way in both.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class Windows:
    input_ids: np.ndarray          # [n_windows, length]
    attention_mask: np.ndarray     # [n_windows, length]
    # per token: (char_start, char_end) into the passage, or (-1, -1) outside it
    offsets: np.ndarray            # [n_windows, length, 2]
    passage_index: np.ndarray      # [n_windows] which passage each window came from


def make_windows(tokenizer, questions: list[str], passages: list[str],
                 max_len: int, stride: int) -> Windows:
    """Tokenise (question, passage) pairs; long passages overflow into more windows."""
    # a window must keep more passage than the stride, so very long questions are cut
    budget = (max_len - stride) // 2
    questions = [clip_question(tokenizer, q, budget) for q in questions]
    enc = tokenizer(
        questions, passages, truncation="only_second", max_length=max_len, stride=stride,
        return_overflowing_tokens=True, return_offsets_mapping=True, padding="longest",
    )
    n = len(enc["input_ids"])
    offsets = np.full((n, len(enc["input_ids"][0]), 2), -1, dtype=np.int64)
    for w in range(n):
        for t, seq in enumerate(enc.sequence_ids(w)):
            if seq == 1:
                offsets[w, t] = enc["offset_mapping"][w][t]
    return Windows(
        input_ids=np.asarray(enc["input_ids"], dtype=np.int64),
        attention_mask=np.asarray(enc["attention_mask"], dtype=np.int64),
        offsets=offsets,
        passage_index=np.asarray(enc["overflow_to_sample_mapping"], dtype=np.int64),
    )


def clip_question(tokenizer, question: str, max_tokens: int) -> str:
    """The question cut to its first `max_tokens` tokens, at a character boundary."""
    enc = tokenizer(question, add_special_tokens=False, return_offsets_mapping=True)
    if len(enc["input_ids"]) <= max_tokens:
        return question
    return question[:enc["offset_mapping"][max_tokens - 1][1]]


def token_span(offsets: np.ndarray, char_start: int, char_end: int) -> tuple[int, int] | None:
    """Token positions (inclusive) covering [char_start, char_end) in one window, if it fits."""
    inside = offsets[:, 0] >= 0
    starts = np.where(inside & (offsets[:, 0] <= char_start) & (offsets[:, 1] > char_start))[0]
    ends = np.where(inside & (offsets[:, 0] < char_end) & (offsets[:, 1] >= char_end))[0]
    if len(starts) == 0 or len(ends) == 0 or ends[0] < starts[0]:
        return None
    return int(starts[0]), int(ends[0])
