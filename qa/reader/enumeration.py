"""List answers: a question that asks for several things gets the whole enumeration.

A span reader points at one item ("排球" of "足球、篮球、排球"); a 哪些/哪几/分别是
question wants them all, and so does one asking a count for each of several things
("各发布了多少篇": "国家级媒体发布21篇、省级媒体100余篇、市级媒体200余篇"). Which items belong together is read off the text (the
items of the clause around the span); where the answer starts inside the first
item and ends inside the last is left to the reader's own logits, so a lead-in
("建成投用省武高新校区") or a tail ("孟河五个片区") is cut by the model, not by rules.
Where the question says how many ("哪两个板块"), items joined by 和/与/及 count too
("华南陆块与盘古大陆"), but only when the clause holds exactly that many: 和 also sits
inside names ("古鱼类和古两栖动物展厅").
"""
from __future__ import annotations

import re

import numpy as np

from .decode import SENTENCE_ENDS, enclosing

_LIST_CLAUSE_ENDS = "，,；;。！？!?：:\n“”「」"


_COMMA_RE = re.compile("、")
_CONJUNCTION_RE = re.compile("以及|、|和|与|及")


def _items(text: str, lo: int, hi: int, separators: re.Pattern = _COMMA_RE) -> list[tuple[int, int]]:
    """[lo, hi) cut at each separator, as (start, end) pairs."""
    out, begin = [], lo
    for found in separators.finditer(text, lo, hi):
        out.append((begin, found.start()))
        begin = found.end()
    out.append((begin, hi))
    return [(a, b) for a, b in out if b > a]


def enumeration(text: str, start: int, end: int, count: int | None = None) -> list[tuple[int, int]]:
    """The "、"-separated items of the clause the span [start, end) sits in; one when there is none.

    Given the `count` the question asks for, a clause of exactly that many items joined by
    "、", 和, 与 or 及 is an enumeration too.
    """
    lo, hi = enclosing(text, start, min(end, len(text)), _LIST_CLAUSE_ENDS)
    items = _items(text, lo, hi)
    if len(items) < 2 and count:
        joined = _items(text, lo, hi, _CONJUNCTION_RE)
        if len(joined) == count:
            return joined
    return items or [(start, end)]


def grow_to_enumeration(text: str, start: int, end: int, offsets: np.ndarray,
                        start_logits: np.ndarray, end_logits: np.ndarray,
                        count: int | None = None) -> tuple[int, int]:
    """The span grown over its whole enumeration, edges where the reader likes them best.

    `offsets` maps the window's tokens to characters of `text` ((-1, -1) outside it); an
    edge whose item lies outside the window stays where the span had it. `count` is how many
    things the question asks for, where it says (decode.stated_count).
    """
    if any(c in SENTENCE_ENDS for c in text[start:end]):
        return start, end          # a span over sentences is no item of a list
    items = enumeration(text, start, end, count)
    if len(items) < 2:
        return start, end
    (first_lo, first_hi), (last_lo, last_hi) = items[0], items[-1]
    inside = offsets[:, 0] >= 0
    starts = np.where(inside & (offsets[:, 0] >= first_lo) & (offsets[:, 0] < first_hi))[0]
    ends = np.where(inside & (offsets[:, 1] > last_lo) & (offsets[:, 1] <= last_hi))[0]
    if len(starts):
        start = min(start, int(offsets[starts[np.argmax(start_logits[starts])], 0]))
    if len(ends):
        end = max(end, int(offsets[ends[np.argmax(end_logits[ends])], 1]))
    return start, end
