"""Totals of the parts a question names: 奔牛高中招的硕士加上去安徽师大招的新老师，一共多少人 →
共25名：奔牛高级中学…11名、…14名.

The question names each part in its own words (asks.Asked.parts); the report writes each with
its quantity, often in other words (南京师范大学 for 南师大, 事业编制教师 for 事业编). Each part
takes the quantity whose own words share most of the characters that tell the parts apart (one
every part writes, 招 of 南师大招的 and 公开招聘的, says nothing of which is which): in the
quantity's own item first, then its clause, then its sentence (…赴连云港、铜仁等地举办专场招聘会，
招聘10名聘用制教师). The question's other words break a tie (编制内教师，中小学和幼儿园合计 →
中小学编制教师131名, not 中小学备案聘用教师300名). Every part must find its own quantity, of one
measure and in one stretch of one report; else the other composers answer. Pure text functions.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from qa.compose.asks import Asked, Tagger
from qa.compose.each import counts
from qa.compose.frames import stretch
from qa.compose.quantities import Quantity, total_or_none
from qa.compose.totals import Found, found_quantities

# characters that say nothing of which part is meant: particles, joiners, 等
_SAYS_NOTHING = frozenset("的了在是和与及或等也都把被对再加上")
_CJK_RE = re.compile(r"[\u4e00-\u9fff]")


@dataclass(frozen=True)
class NamedTotal:
    total: Quantity
    parts: list[Found]              # in the order the question names them


def find_named(text: str, at: int, asked: Asked, question: str, tagged: Tagger) -> NamedTotal | None:
    """The total of the parts `asked.parts` names, each matched to a quantity of the stretch of
    `text` around offset `at`, or None where a part finds none of its own, two tie, or the
    quantities do not add up (different measures). `question` is the whole question, whose
    words outside the parts break ties. Where the stretch (to its semicolons) holds them not, its
    sentence may: 累计投入财政援助资金161.15亿元…；37家中央定点帮扶单位援助资金31.08亿元… are two."""
    lo, hi = stretch(text, at)
    named = _named_in(text, lo, hi, asked, question, tagged)
    if named is None:
        a = max(text.rfind(c, 0, lo) for c in "。！？!?\n") + 1
        b = min([i for i in (text.find(c, hi) for c in "。！？!?\n") if i >= 0] + [len(text)])
        if (a, b) != (lo, hi):
            named = _named_in(text, a, b, asked, question, tagged)
    return named


def _named_in(text: str, lo: int, hi: int, asked: Asked, question: str, tagged: Tagger) -> NamedTotal | None:
    found = [f for f in found_quantities(text, lo, hi, tagged) if counts(text[f.start:f.end], asked.unit)]
    marks = _marks(asked.parts)
    rest = _chars(question) - set().union(*(_chars(p) for p in asked.parts))
    pairs = [(_score(text, f, m, rest), i, n) for i, m in enumerate(marks) if m for n, f in enumerate(found)]
    # a part's quantity's sentence writes at least two of its characters (one, where it has one)
    scored = sorted((p for p in pairs if p[0][2] >= min(2, len(marks[p[1]]))), reverse=True)
    if scored:
        # parts add up in one measure: the best matched part's says which (18.2亿元 of 压减一般性支出:
        # the other part's is money too, not the 9项 a character of it happens to share)
        first = found[scored[0][2]].quantity
        scored = [p for p in scored if total_or_none([first, found[p[2]].quantity]) is not None]
    chosen: dict[int, int] = {}
    for score, i, n in scored:
        if i in chosen or n in chosen.values():
            continue
        # the next best for the same part, not yet taken, scoring the same: no telling them apart
        if any(s == score and j == i and k != n and k not in chosen.values() for s, j, k in scored):
            return None
        chosen[i] = n
    if len(chosen) < len(marks):
        return None
    parts = [found[chosen[i]] for i in range(len(marks))]
    summed = total_or_none([f.quantity for f in parts])
    return NamedTotal(summed, parts) if summed is not None else None


def _marks(parts: tuple[str, ...]) -> list[frozenset[str]]:
    """Each part's characters that tell it from the others."""
    chars = [_chars(p) for p in parts]
    shared = frozenset.intersection(*chars) if chars else frozenset()
    return [c - shared for c in chars]


def _chars(text: str) -> frozenset[str]:
    return frozenset(c for c in text if _CJK_RE.match(c) and c not in _SAYS_NOTHING)


def _score(text: str, f: Found, marks: frozenset[str], rest: frozenset[str]) -> tuple[int, ...]:
    """How much of the part the quantity's own item, clause and sentence write; then, to tell
    apart two quantities of one item, how much of it stands before the quantity (37家中央定点帮扶单位
    援助资金31.08亿元 names the funds before their amount, the 37家 counts who gave them); then how
    much of the question's other words its clause writes."""
    own, before, clause, sentence = (set(text[a:b]) for a, b in (f.named, (f.named[0], f.start), f.where.clause,
                                                                  f.where.sentence))
    return len(marks & own), len(marks & clause), len(marks & sentence), len(marks & before), len(rest & clause)
