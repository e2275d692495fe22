"""Several things and what each of them got, written in the same order: "尧塘中心幼儿园、新城实验幼儿园
和指前镇中心幼儿园分获一、二、三等奖". A question asking which one got 一等奖 wants 尧塘中心幼儿园, but the
reader points at the list, or at a part of it. respective_item reads the answer off the text; where
the text does not pair the things with their labels one to one, nothing changes. The same holds
for quantities: "刑事、治安案件分别下降6.6%、3.6%" answers 治安案件下降了多少 with 3.6%
(respective_quantity).
"""
from __future__ import annotations

import re

from .contracted import contracted_named
from .decode import CLOSERS, PAIRS
from .sentence import CLAUSE_MARKS
from .sentence import sentence_around
from .units import quantities

_RESPECTIVELY_RE = re.compile("分获|分别获得|分别荣获|分别获|分别为|分别是|依次为|依次是")
_ITEM_RE = re.compile("[^、和及与]+")
_EACH_RE = re.compile("分别|各自")
_ITEMS_START = "，,；;：:"


def labels_of(written: str) -> list[str]:
    """The labels of "一、二、三等奖" (一等奖, 二等奖, 三等奖): the last one's ending completes the
    ones before it when they are all as long as each other; [] for fewer than two labels."""
    parts = written.split("、")
    if len(parts) < 2 or any(len(p) != len(parts[0]) for p in parts[:-1]) or len(parts[-1]) < len(parts[0]):
        return []
    ending = parts[-1][len(parts[0]):]
    return [p + ending for p in parts[:-1]] + [parts[-1]]


def respective_item(text: str, start: int, end: int, question: str, thing: str = "") -> tuple[int, int]:
    """The one thing of a respectively-written list whose label the question names, when the
    span (text[start:end]) lies among those things; the span unchanged otherwise. Where the
    thing is a name and its title (唐王小学《…》) and the name is of the kind asked (`thing`: 小学
    of 哪所小学), the name."""
    lo, hi = sentence_around(text, start, end)
    for marker in _RESPECTIVELY_RE.finditer(text, lo, hi):
        first = max([text.rfind(c, lo, marker.start()) for c in _ITEMS_START] + [lo - 1]) + 1
        last = min([i for i in (text.find(c, marker.end(), hi) for c in CLAUSE_MARKS) if i >= 0] + [hi])
        items = _items(text, first, marker.start())
        labels = labels_of(text[marker.end():last])
        asked = [i for i, label in enumerate(labels) if label in question]
        if not asked:
            # named by what tells a label from the others (小学、初中第一名: 小学, asked as 小学组第一)
            told = text[marker.end():last].split("、")
            told[-1] = told[-1][:len(told[0])]
            asked = [i for i, t in enumerate(told) if len(t) >= 2 and t in question] if labels else []
        if len(items) == len(labels) and len(asked) == 1 and items[0][0] < end and start < items[-1][1]:
            a, b = items[asked[0]]
            titled = text.find("《", a, b)
            return (a, titled) if thing and titled > a and text[a:titled].endswith(thing) else (a, b)
    return start, end


def _items(text: str, first: int, end: int) -> list[tuple[int, int]]:
    """The things text[first:end] lists, cut at 、, 和, 及 and 与 outside brackets (唐王小学《…课程的
    开发与建设》和段玉裁中学《…》: two)."""
    out, begin, depth = [], first, 0
    for i in range(first, end):
        depth += text[i] in PAIRS
        depth -= text[i] in CLOSERS and depth > 0
        if depth == 0 and text[i] in "、和及与":
            out.append((begin, i))
            begin = i + 1
    return [(a, b) for a, b in out + [(begin, end)] if b > a]


def respective_quantity(text: str, start: int, end: int, question: str) -> tuple[int, int]:
    """The quantity of the one listed thing the question names, where the span lies among the
    quantities a list of things takes in turn after 分别 (as many of them as things); the span
    unchanged otherwise, or where the question names none or several of the things."""
    lo, hi = sentence_around(text, start, end)
    for marker in _EACH_RE.finditer(text, lo, hi):
        first = max([text.rfind(c, lo, marker.start()) for c in _ITEMS_START] + [lo - 1]) + 1
        last = min([i for i in (text.find(c, marker.end(), hi) for c in CLAUSE_MARKS) if i >= 0] + [hi])
        found = quantities(text, marker.end(), last)
        items = [m.group() for m in _ITEM_RE.finditer(text, first, marker.start())]
        # an item the question writes whole is the one named; else, as the last item may run on
        # into what the items share (广州、深圳地铁线网…客运量分别), each is named by as many of its
        # first characters as the shortest item has. The first may open on what they share too
        # (生产安全事故起数和死亡人数分别…: 死亡人数 is named whole, 生产安全 by what both share)
        short = min(map(len, items), default=0)
        named = [n for n, item in enumerate(items) if item in question]
        if len(named) != 1:
            named = [n for n, item in enumerate(items) if item in question or item[:short] in question]
        paired = len(items) == len(found) >= 2
        if not paired and len(found) == 2:
            # one word written for two things (城乡居民…分别), here or as the sentence's subject before a
            # later 分别 (城乡…收入分别完成37820元、28104元，同比分别增长6.5%、9.4%): its two things pair
            named = contracted_named(text[lo:marker.start()], question)
            paired = bool(named)
        if paired and len(named) == 1 and found[0][0] <= start and end <= found[-1][1]:
            return found[named[0]]
    return start, end
