"""List answers: a question that asks for several things gets the whole enumeration.

A span reader points at one item ("排球" of "足球、篮球、排球"); a 哪些/哪几/分别是
question wants them all, and so does one asking a count for each of several things
("各发布了多少篇": "国家级媒体发布21篇、省级媒体100余篇、市级媒体200余篇"). Which items belong together is read off the text (the
items of the clause around the span); where the answer starts inside the first
item and ends inside the last is left to the reader's own logits, so a lead-in
("建成投用省武高新校区") is cut by the model, not by rules. Only what is plainly no item
is cut by rule: the verb that introduces the list ("包括站房、…"), and after the last item
a count of the items ("孟河五个片区", "…小学3所") or what follows a closing 等.
Where the question says how many ("哪两个板块"), items joined by 和/与/及 count too
("华南陆块与盘古大陆"), but only when the clause holds exactly that many: 和 also sits
inside names ("古鱼类和古两栖动物展厅").
"""
from __future__ import annotations

import re

import numpy as np

from .sentence import CLAUSE_MARKS, SENTENCE_ENDS, enclosing

_LIST_CLAUSE_ENDS = CLAUSE_MARKS + "：:“”「」"


# where the last item ends at the latest: at a 等 that closes the list ("…运动会等赛事" → "…运动会等",
# as CMRC 2018 marks it; not the 等 of 高等, 平等, 一等奖) or before a count of the items ("…小学3所",
# "孟河五个片区", "石泉、宁陕两县"; a count of one is no count of a list: "以及一个部份胫骨"), or
# before the quoted name of the list that counts it, where it ends the last item ("…企业培育“三大行动”")
_ITEM_TAIL_RE = re.compile(r"(?<=[^高平同相均对中初优上头次特超何一二三四五六七八九十]等)"
                           r"|[0-9０-９二三四五六七八九十两]+[所个家项位名支种类批条座片县区市镇乡校]"
                           r"|“[二三四五六七八九十两]+[大个项条种类][^“”]{0,8}”$")
# and where the first item starts at the earliest: after the verb that introduces the list
# ("包括站房、…", "涉及国防、…", "由木村拓哉、…")
_ITEM_HEAD_RE = re.compile(r"(?:还|也|主要)?(?:包括|包含|涉及|设有|从事|有|例如|如|由)+")
_COMMA_RE = re.compile("、")
_QUOTED_RE = re.compile(r"“[^“”]{1,30}”|「[^「」]{1,30}」")
# where one item of a list ends and the next starts: at 、, or between two quoted names, joined or not
# (“规范办学”和“校园安全”: two names; 规范办学和校园安全 unquoted may be one); a 、 inside brackets
# lists one item's alternatives (通高速公路的县（市、区）), and one between two levels the levels of
# one item (争创省、市智慧校园示范校): no items
ITEM_BREAK_RE = re.compile("、(?![^（()）]*[）)])(?!(?<=[省市区县家]、)[省市区县])|(?<=[”」])(?:以及|和|及|与)?(?=[“「])")
_QUOTED_RUN_RE = re.compile(f"(?:{_QUOTED_RE.pattern}){{2,}}")
_CONJUNCTION_RE = re.compile("以及|、|和|与|及")


def _items(text: str, lo: int, hi: int, separators: re.Pattern = _COMMA_RE) -> list[tuple[int, int]]:
    """[lo, hi) cut at each separator, as (start, end) pairs."""
    out, begin = [], lo
    for found in separators.finditer(text, lo, hi):
        out.append((begin, found.start()))
        begin = found.end()
    out.append((begin, hi))
    return [(a, b) for a, b in out if b > a]


def _quoted_run(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The items of a run of quoted names written one after another with no 、 between
    (建立“问题清单”“责任清单”“整改清单”) that the span lies in, without their quotes; [] where none."""
    lo, hi = enclosing(text, start, min(end, len(text)), CLAUSE_MARKS)
    for run in _QUOTED_RUN_RE.finditer(text, lo, hi):
        if run.start() <= start and end <= run.end():
            return [(m.start() + 1, m.end() - 1) for m in _QUOTED_RE.finditer(text, run.start(), run.end())]
    return []


def enumeration(text: str, start: int, end: int, count: int | None = None) -> list[tuple[int, int]]:
    """The "、"-separated items of the clause the span [start, end) sits in, or of the run of
    quoted names it lies in; one when there is none.

    Given the `count` the question asks for, a clause of exactly that many items joined by
    "、", 和, 与 or 及 is an enumeration too.
    """
    lo, hi = enclosing(text, start, min(end, len(text)), _LIST_CLAUSE_ENDS)
    items = _items(text, lo, hi)
    if len(items) < 2:
        items = _quoted_run(text, start, end) or items
    if len(items) < 2 and count:
        joined = _items(text, lo, hi, _CONJUNCTION_RE)
        if len(joined) == count:
            return joined
    return items or [(start, end)]


def grow_to_enumeration(text: str, start: int, end: int, offsets: np.ndarray,
                        start_logits: np.ndarray, end_logits: np.ndarray,
                        count: int | None = None, names: bool = True) -> tuple[int, int]:
    """The span grown over its whole enumeration, edges where the reader likes them best.

    `offsets` maps the window's tokens to characters of `text` ((-1, -1) outside it); an
    edge whose item lies outside the window stays where the span had it. `count` is how many
    things the question asks for, where it says (asked.stated_count). `names` says the items
    are things named (哪些), so a 等… or a count after the last is no part of it; items that
    are counts themselves ("小学4个") keep theirs.
    """
    if any(c in SENTENCE_ENDS for c in text[start:end]):
        return start, end          # a span over sentences is no item of a list
    items = enumeration(text, start, end, count)
    if len(items) < 2:
        return start, end
    (first_lo, first_hi), (last_lo, last_hi) = items[0], items[-1]
    tail = _ITEM_TAIL_RE.search(text, last_lo + 1, last_hi) if names else None
    item_hi = tail.start() if tail else last_hi
    head = _ITEM_HEAD_RE.match(text, first_lo, first_hi - 1) if names else None
    item_lo = head.end() if head else first_lo
    inside = offsets[:, 0] >= 0
    starts = np.where(inside & (offsets[:, 0] >= item_lo) & (offsets[:, 0] < first_hi))[0]
    ends = np.where(inside & (offsets[:, 1] > last_lo) & (offsets[:, 1] <= item_hi))[0]
    if first_lo <= start < item_lo:
        start = item_lo         # the span started on the verb before the list
    elif len(starts):
        start = min(start, int(offsets[starts[np.argmax(start_logits[starts])], 0]))
    if item_hi < end <= last_hi:
        end = item_hi           # the span ran into the tail: the item ends where its tail starts
    elif len(ends):
        end = max(end, int(offsets[ends[np.argmax(end_logits[ends])], 1]))
    return start, end


def listed_count(span_text: str) -> int:
    """How many items the span lists (its 、 breaks plus one); 0 for a span running on over
    sentences, which is no list."""
    if any(c in SENTENCE_ENDS for c in span_text):
        return 0
    return len(ITEM_BREAK_RE.findall(span_text)) + 1
