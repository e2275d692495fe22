"""Several things and what each of them got, written in the same order: "尧塘中心幼儿园、新城实验幼儿园
和指前镇中心幼儿园分获一、二、三等奖". A question asking which one got 一等奖 wants 尧塘中心幼儿园, but the
reader points at the list, or at a part of it. respective_item reads the answer off the text; where
the text does not pair the things with their labels one to one, nothing changes.
"""
from __future__ import annotations

import re

from .sentence import CLAUSE_MARKS
from .sentence import sentence_around

_RESPECTIVELY_RE = re.compile("分获|分别获得|分别荣获|分别获|分别为|分别是|依次为|依次是")
_ITEM_RE = re.compile("[^、和及与]+")
_ITEMS_START = "，,；;：:"


def labels_of(written: str) -> list[str]:
    """The labels of "一、二、三等奖" (一等奖, 二等奖, 三等奖): the last one's ending completes the
    ones before it when they are all as long as each other; [] for fewer than two labels."""
    parts = written.split("、")
    if len(parts) < 2 or any(len(p) != len(parts[0]) for p in parts[:-1]) or len(parts[-1]) < len(parts[0]):
        return []
    ending = parts[-1][len(parts[0]):]
    return [p + ending for p in parts[:-1]] + [parts[-1]]


def respective_item(text: str, start: int, end: int, question: str) -> tuple[int, int]:
    """The one thing of a respectively-written list whose label the question names, when the
    span (text[start:end]) lies among those things; the span unchanged otherwise."""
    lo, hi = sentence_around(text, start, end)
    for marker in _RESPECTIVELY_RE.finditer(text, lo, hi):
        first = max([text.rfind(c, lo, marker.start()) for c in _ITEMS_START] + [lo - 1]) + 1
        last = min([i for i in (text.find(c, marker.end(), hi) for c in CLAUSE_MARKS) if i >= 0] + [hi])
        items = [(first + m.start(), first + m.end()) for m in _ITEM_RE.finditer(text[first:marker.start()])]
        labels = labels_of(text[marker.end():last])
        asked = [i for i, label in enumerate(labels) if label in question]
        if len(items) == len(labels) and len(asked) == 1 and items[0][0] < end and start < items[-1][1]:
            return items[asked[0]]
    return start, end
