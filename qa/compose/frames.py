"""Where a report's quantity or item answers the question's frame (asks.Asked): the same action
on the same thing.

A report states the parts of one thing in one stretch: "二是多元渠道招聘教育人才。赴南京师范大学
招聘优秀毕业生18人,公开招聘教师43人。…招聘10名聘用制教师;" — the stretch between two
enumerated points (一是, 二是) or semicolons. Within it a quantity answers 招聘了多少教师 when its
clause, or the lead of its sentence (what comes before its first listed item, which the items
share: "通过…途径，招聘中小学编制教师131名，幼儿园编制教师19名"), holds the action word, and its
own item (the text between 、 or commas around it) or that lead holds each topic word. The word for
the thing counted need not be there: the quantity's unit counts it. Pure text functions.
"""
from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from qa.compose.asks import Asked, Tagger
from qa.reader.contrast import abbreviates
from qa.retriever.terms import SYNONYMS

_STRETCH_ENDS_RE = re.compile(r"[；;\n]|(?<=[。；;\n])\s*(?:[一二三四五六七八九十]+是|[（(][一二三四五六七八九十]+[）)])")
_SENTENCE_ENDS = "。！？!?"
_CLAUSE_ENDS = "，,：:" + _SENTENCE_ENDS
_ITEM_ENDS = "、" + _CLAUSE_ENDS


@dataclass(frozen=True)
class Place:
    """Bounds, in document offsets, of what surrounds a piece [start, end)."""
    stretch: tuple[int, int]
    sentence: tuple[int, int]
    clause: tuple[int, int]
    item: tuple[int, int]


def stretch(text: str, at: int) -> tuple[int, int]:
    """The stretch of `text` around offset `at`, between enumerated points or semicolons."""
    lo = max((m.end() for m in _STRETCH_ENDS_RE.finditer(text, max(0, at - 800), at)), default=max(0, at - 800))
    hi = next((m.start() for m in _STRETCH_ENDS_RE.finditer(text, at)), len(text))
    return lo, max(hi, at)


def _around(text: str, start: int, end: int, ends: str, lo: int, hi: int) -> tuple[int, int]:
    a = max([text.rfind(c, lo, start) for c in ends] + [lo - 1]) + 1
    b = min([i for i in (text.find(c, end, hi) for c in ends) if i >= 0] + [hi])
    return a, b


def place(text: str, start: int, end: int) -> Place:
    s = stretch(text, start)
    sentence = _around(text, start, end, _SENTENCE_ENDS, *s)
    clause = _around(text, start, end, _CLAUSE_ENDS, *sentence)
    return Place(s, sentence, clause, _around(text, start, end, _ITEM_ENDS, *clause))


Words = Callable[[str], list[str]]


def word_ends(text: str, a: int, b: int, words: Words) -> list[int]:
    """Where each word of text[a:b], as `words` (jieba) cuts it, ends: offsets into `text`."""
    ends = []
    for w in words(text[a:b]):
        a += len(w)
        ends.append(a)
    return ends


def writes(text: str, word: str, words: Words) -> bool:
    """The text holds the topic word (or a synonym) on jieba's word boundaries: 新优质 is in
    常州市“新优质学校”, not in 常州市优质学校; 教师 is not in 教师资格证's word 资格证 either way.
    A word of the text the question's word abbreviates writes it too (公共厕所 for 公厕), and so
    does one abbreviating it (投用 for 投入使用)."""
    spellings = [w for w in (word, *SYNONYMS.get(word, ())) if w in text]
    if not spellings:
        # or its full form, of which the question writes the abbreviation (公厕 of 公共厕所), or the
        # other way round (投用 of the question's 投入使用; not a word it starts with: 政协 of 政协委员 is
        # the body, not its members)
        return len(word) >= 2 and any(len(w) > len(word) and abbreviates(word, w)
                                      or 1 < len(w) < len(word) and w[0] == word[0] and not word.startswith(w)
                                      and abbreviates(w, word)
                                      for w in words(text))
    bounds = {0, *word_ends(text, 0, len(text), words)}
    # a word of one character also as the head a word of the text ends on: a 一等奖 is a 奖
    return any((i in bounds or len(w) == 1) and i + len(w) in bounds for w in spellings
               for i in (m.start() for m in re.finditer(re.escape(w), text)))


def in_frame(text: str, where: Place, lead_end: int, asked: Asked, words: Words,
             tail_start: int | None = None) -> bool:
    """The piece at `where` answers the question's frame; `lead_end` is where its sentence's
    first listed item starts (the sentence's lead ends there); `tail_start`, where given, is where
    the predicate its clause's listed items share begins (…和450名聘用制教师面向社会公开招聘工作:
    公开招聘 is said of the 120名 before the 和 too); `words` segments text (jieba)."""
    lead = text[where.sentence[0]:max(where.sentence[0], lead_end)]
    clause, item = text[slice(*where.clause)], text[slice(*where.item)]
    tail = text[tail_start:where.clause[1]] if tail_start is not None else ""
    # the verb may be in the lead and its object in the item (获评“…”: 二等奖2篇, for 获奖)
    acts = not asked.action or any(acted(a, clause) or acted(a, lead + item) for a in asked.action)
    return acts and all(any(writes(item, w, words) or writes(lead, w, words)
                            or (tail and writes(tail, w, words)) for w in group) for group in asked.topic)


# a name in quotes or title marks stands as one word between a verb and its object
_QUOTED_NAME_RE = re.compile(r"“[^“”]{1,40}”|《[^《》]{1,40}》")


def acted(action: str, text: str) -> bool:
    """The text writes the action, whole or, for a verb and its object in two characters (获奖,
    招生), with the object's words between them (获省一等奖20件, 获评“…展评”一等奖)."""
    return action in text or (len(action) == 2 and re.search(
        re.escape(action[0]) + r"[^，,。；;、：:]{1,4}?" + re.escape(action[1]),
        _QUOTED_NAME_RE.sub("名", text)) is not None)


# verbs that say a thing is there, which a question asking how many there are says too
BEING = frozenset({"有", "共有", "现有", "拥有", "是", "为", "达", "达到", "共计", "合计", "计"})


def says_another_action(written: str, said: str, tagged: Tagger) -> bool:
    """`written` (a clause) holds a verb that is neither one of being nor in `said` (the
    question's words): it says what the things it counts did."""
    return any(tag == "v" and word not in BEING and word not in said for word, tag in tagged(written))
