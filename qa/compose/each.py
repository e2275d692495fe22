"""Each of the things a question names, with its own quantity: 机器人竞赛一、二、三等奖各有几人 →
一等奖7人、二等奖9人、三等奖13人.

The question names the things (asks.Asked.items); the reader's answer says where the report
speaks of them. There, a thing's quantity is read from the report's structure, not guessed:
- a clause that lists the things and then says 分别 before as many quantities pairs them in
  order (学前三年入园率及公办园入园率分别达到96.4%和50.2%);
- otherwise a thing takes the one quantity written in its own listed item (幼儿园7个、小学4个),
  or else in its own clause (7人获一等奖,9人获二等奖), where that item or clause holds only one.
A thing the stretch gives no quantity for may be stated elsewhere in the passages read, in a
clause writing the asked action (新增托位340个 and 新增学位2610个 in two sentences); one still not
found is said so. Fewer than two things found leave the reader's answer as it was. Pure text
functions.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from qa.compose.frames import place, stretch
from qa.compose.quantities import ANY_UNIT, CALENDAR_UNITS, parse_quantity
from qa.reader.sentence import SENTENCE_ENDS
from qa.reader.units import quantities

_RESPECTIVELY = "分别"


@dataclass(frozen=True)
class Each:
    item: str                          # the thing as the question names it
    span: tuple[int, int] | None       # its quantity's offsets in the text; None: not stated here


def find_each(text: str, at: int, items: tuple[str, ...], unit: str) -> list[Each]:
    """Each item's quantity in the stretch of `text` around offset `at` (span None where the
    stretch gives it none). `unit` is the classifier the question asks in (几人 → 人), if any."""
    lo, hi = stretch(text, at)
    found = [q for q in quantities(text, lo, hi) if counts(text[q[0]:q[1]], unit)]
    pairs = _respectively(text, lo, hi, items, found) or _own(text, at, lo, hi, items, found)
    return [Each(item, span) for item, span in zip(items, pairs)]


def acts(text: str, span: tuple[int, int], action: tuple[str, ...]) -> bool:
    """The clause holding the span writes one of the action words (any clause, where none is asked)."""
    where = place(text, *span)
    return not action or any(a in text[slice(*where.clause)] for a in action)


def counts(quantity: str, unit: str) -> bool:
    """The quantity counts what is asked: the asked unit's measure (or 个) where one is asked, else
    anything but a date or an age (a share such as 96.4% too)."""
    found, asked = parse_quantity(quantity), parse_quantity("1" + unit) if unit else None
    if asked is not None:
        # 个 is the classifier any count may take: 小学4个 answers 几所, 12人 answers 几个人
        return found is not None and found.unit not in CALENDAR_UNITS \
            and (found.measure == asked.measure or ANY_UNIT in (found.unit, asked.unit))
    return found is None or found.unit not in CALENDAR_UNITS


def _respectively(text: str, lo: int, hi: int, items: tuple[str, ...],
                  found: list[tuple[int, int]]) -> list[tuple[int, int] | None] | None:
    """A sentence naming the items in order before 分别 and as many quantities after it."""
    for m in re.finditer(_RESPECTIVELY, text[lo:hi]):
        at = lo + m.start()
        start = max([text.rfind(c, lo, at) for c in SENTENCE_ENDS] + [lo - 1]) + 1
        end = min([i for i in (text.find(c, at, hi) for c in SENTENCE_ENDS) if i >= 0] + [hi])
        after = [q for q in found if at < q[0] < end]
        named, cursor = [], start
        for item in items:
            i = text.find(item, cursor, at)
            if i < 0:
                break
            named.append(i)
            cursor = i + len(item)
        if len(named) == len(items) and len(after) == len(items):
            return list(after)
    return None


def _own(text: str, at: int, lo: int, hi: int, items: tuple[str, ...],
         found: list[tuple[int, int]]) -> list[tuple[int, int] | None]:
    """Each item's quantity from its own listed item or clause; an item written more than once
    takes the mention nearest the reader's answer that has one; no quantity serves two items."""
    taken: set[tuple[int, int]] = set()
    pairs: list[tuple[int, int] | None] = []
    for item in items:
        mentions = sorted((m.start() for m in re.finditer(re.escape(item), text[lo:hi])),
                          key=lambda i: abs(lo + i - at))
        pair = None
        for i in mentions:
            where = place(text, lo + i, lo + i + len(item))
            for bounds in (where.item, where.clause):
                inside = [q for q in found if bounds[0] <= q[0] and q[1] <= bounds[1]]
                if len(inside) == 1 and inside[0] not in taken:
                    pair = inside[0]
                    break
            if pair:
                break
        if pair:
            taken.add(pair)
        pairs.append(pair)
    return pairs
