"""Span decoding: logits → best character spans, pure functions over numpy arrays.

Scores are "span minus no-answer": start+end logits of the span less those of
<s>. That difference means the same thing in every window, so the best span
over all retrieved passages can be chosen by comparing it directly.
"""
from __future__ import annotations

import re

import numpy as np

from qa.reader.asked import YES_NO_WORDS
from qa.reader.enumeration import listed_count
from qa.reader.sentence import CLAUSE_MARKS, SENTENCE_ENDS, covered, enclosed, enclosing, long_words, sentence_around
from qa.reader.units import (APPROXIMATIONS, CALENDAR_RE, DIGIT_RUN_RE, NUMBER_CHARS, SEPARATORS, UNIT_RE, joins_digits,
                             quantities, writes_number)
from qa.retriever.terms import KINDS

# a year (1811年) or a day of the calendar (9月, 1日), written in figures
_DATED_RE = re.compile(r"\d{3,4}年|\d{1,2}[月日号]")
_DATE_RE = re.compile(r"\d{1,4}\s*[年月日]|[一二三四五六七八九十]+月|上半年|下半年|春季|秋季|暑假|寒假")


_YES_NO_WORDS_RE = re.compile(YES_NO_WORDS + "|可以|了吗|吗|呢")
_CLAUSE_RE = re.compile("[^，," + SENTENCE_ENDS + "]+")


def _pairs(text: str) -> set[str]:
    return {text[i:i + 2] for i in range(len(text) - 1)}


def stating_clause(text: str, question: str, floor: float) -> tuple[int, int] | None:
    """The clause of `text` that states what a yes/no question asks, or None below `floor`.

    A span reader has no notion of yes or no and points anywhere near the topic ("对全区适龄残疾
    儿童摸底调查" for 成立区特殊教育指导中心了吗); the report's answer is the clause that says
    the question's own words back ("成立区特殊教育指导中心", "不开设重点班"). The share of the
    question's character pairs (its yes/no words left out) a clause holds picks it.
    """
    asked = _pairs(_YES_NO_WORDS_RE.sub("", question))
    best = max(((len(asked & _pairs(m.group())) / max(len(asked), 1), m.start(), m.end())
                for m in _CLAUSE_RE.finditer(text)), default=None)
    if best is None or best[0] < floor:
        return None
    return snap_span(text, best[1], best[2])


def window_candidates(start_logits: np.ndarray, end_logits: np.ndarray, offsets: np.ndarray,
                      max_tokens: int, n_best: int = 20,
                      length_penalty: float = 0.0) -> list[tuple[int, int, float]]:
    """(char_start, char_end, score) for the best spans inside one window's passage.

    `length_penalty` is taken off the score per token past the first.
    """
    inside = offsets[:, 0] >= 0
    if not inside.any():
        return []
    null = float(start_logits[0] + end_logits[0])
    starts = [i for i in np.argsort(-start_logits)[:n_best] if inside[i]]
    ends = [i for i in np.argsort(-end_logits)[:n_best] if inside[i]]
    out = []
    for s in starts:
        for e in ends:
            if e < s or e - s + 1 > max_tokens:
                continue
            score = float(start_logits[s] + end_logits[e]) - null - length_penalty * (e - s)
            out.append((int(offsets[s, 0]), int(offsets[e, 1]), score))
    out.sort(key=lambda c: -c[2])
    return out[:n_best]


PAIRS = {"「": "」", "『": "』", "“": "”", "《": "》", "（": "）", "(": ")", "‘": "’"}
CLOSERS = {v: k for k, v in PAIRS.items()}


def snap_span(text: str, start: int, end: int) -> tuple[int, int]:
    """Trim spaces, punctuation and unpaired brackets at the edges; never cut a number from its unit."""
    # a span starting on 的 or ending on 的/了 has run into the clause beside it: 36 CMRC 2018
    # dev spans did, every one wrong, while 4 of its 3,219 gold answers end on 的 and none starts so
    while start < end:
        ch = text[start]
        if ch.isspace() or ch in "，,。；;：:、的" or ch in CLOSERS \
                or (ch in PAIRS and PAIRS[ch] not in text[start + 1:end]):
            start += 1
            continue
        break
    while end > start:
        ch = text[end - 1]
        if ch.isspace() or ch in "，,。；;：:、的了" or ch in PAIRS \
                or (ch in CLOSERS and CLOSERS[ch] not in text[start:end - 1]):
            end -= 1
            continue
        break
    start, end = _quoted_whole(text, start, end)
    # grow left over the rest of the number; a separator only inside one ("1,200万元" whole, but
    # "教师，68名" gives "68名" and "1/10，4386万名" gives "4386万名")
    while 0 < start < end and text[start] in NUMBER_CHARS and text[start - 1] in NUMBER_CHARS \
            and (text[start - 1] not in SEPARATORS or joins_digits(text, start - 1)):
        start -= 1
    if start < end:
        start = approximated(text, start)
    if end > start and text[end - 1] in NUMBER_CHARS:
        while end < len(text) and text[end] in "0123456789.．":
            end += 1
        unit = UNIT_RE.match(text, end)
        if unit:
            end = unit.end()
    # a span ending inside its number's unit or before its bound: "5个" of 5个百分点, "50名" of 50名左右;
    # a year stays as read: "1916年" of 1916年前往 is no "3年前"
    digits = list(DIGIT_RUN_RE.finditer(text, start, end))
    if digits and not CALENDAR_RE.fullmatch(text, digits[-1].start(), end):
        unit = UNIT_RE.match(text, digits[-1].end())
        if unit and end < unit.end():
            end = unit.end()
    return start, end if end > start else start


def approximated(text: str, start: int) -> int:
    """Where a number starting at `start` begins with the approximation written before it
    (近20名, 超过6万亿元): the answer says no more than the report."""
    if not text[start:start + 1].isdigit():
        return start
    return start - next((len(a) for a in APPROXIMATIONS if text.endswith(a, 0, start)), 0)


_QUOTE_REACH = 24      # how far before or after a span its quote's other half may be
_NESTING = 3           # quotes within brackets within a title: deeper is not written


def _quoted_whole(text: str, start: int, end: int) -> tuple[int, int]:
    """A quote or bracket the span closes (or opens) with its other half outside: the span takes
    that half and what lies between, so what is quoted stays whole ("7+X”条" of “7+X”条 is “7+X”条;
    金家美传扬”品牌项目 of “全民乐学行,金家美传扬”品牌项目, whose comma a span may start after)."""
    # brackets nest: "1999-2019）》将于7月" closes （ and then 《, so each half is taken in turn
    for _ in range(_NESTING):
        inside = text[start:end]
        closer = next((i for i, ch in enumerate(inside) if ch in CLOSERS and CLOSERS[ch] not in inside[:i]), None)
        if not closer:
            break
        opener = text.rfind(CLOSERS[inside[closer]], max(0, start - _QUOTE_REACH), start)
        if opener < 0 or inside[closer] in text[opener:start] \
                or any(c in SENTENCE_ENDS for c in text[opener:start]):
            break
        start = opener
    for _ in range(_NESTING):
        inside = text[start:end]
        opener = next((i for i in range(len(inside) - 1, -1, -1)
                       if inside[i] in PAIRS and PAIRS[inside[i]] not in inside[i + 1:]), None)
        if opener is None or opener == len(inside) - 1:
            break
        closer = text.find(PAIRS[inside[opener]], end, end + _QUOTE_REACH)
        if closer < 0 or inside[opener] in text[end:closer] \
                or any(c in SENTENCE_ENDS for c in text[end:closer]):
            break
        end = closer + 1
    return start, end


def with_prefix(text: str, start: int, prefix: str) -> int:
    """Where the answer starts: before `prefix` (asked_prefix) when it stands just ahead of it."""
    return start - len(prefix) if prefix and text.endswith(prefix, 0, start) else start


def with_asked_thing(text: str, start: int, end: int, thing: str) -> int:
    """Where a name answer ends: past the asked thing (asked_thing) when the text says it right
    after the name ("海华" → "海华幼儿园" for 哪家幼儿园), as the name is not whole without it."""
    # a title in its brackets is whole already: 《自然》, not 《自然》期刊
    if thing and text.startswith(thing, end) and not text[start:end].endswith((thing, "》", "”", "」")):
        return end + len(thing)
    return end


def name_of_asked_kind(text: str, start: int, end: int, thing: str, question: str = "") -> tuple[int, int]:
    """Where a name answer is not of the kind asked (普通高中 for 哪个计划), the one quoted name of
    its sentence that is (实施“网链共享计划”，实现882个…全覆盖 → 网链共享计划; “天润宁心”心理健康
    教育品牌 → 天润宁心 for 品牌叫什么): a name question says what kind of thing it asks for,
    and a report quotes the names it gives. Unchanged where the sentence quotes none of that kind
    or several."""
    if not thing or text[start:end].rstrip("”」》").endswith(thing):
        return start, end
    a, b = sentence_around(text, start, end)
    # the kind inside the quotes (“网链共享计划”), or written right after them (“天润宁心”心理健康教育品牌)
    kind = re.escape(thing)
    quoted = re.compile(r"[“「《]([^“”「」《》]{1,24}?" + kind + r")[”」》]"
                        r"|[“「]([^“”「」《》]{1,24})[”」][^“”「」《》，,。；;、]{0,12}?" + kind)
    found = list(quoted.finditer(text[a:b]))
    if len(found) != 1:
        return start, end
    m = found[0]
    if m.start(1) >= 0:
        return a + m.start(1), a + m.end(1)
    # between the quotes and the kind, what the question does not write names the thing too
    # (“百千万”初心育宁星课堂党建品牌, asked 党建品牌叫啥名字); what it writes says the kind (心理健康教育)
    closed, kind_at = a + m.end(2) + 1, a + m.end() - len(thing)
    between = text[closed:kind_at]
    named = next(i for i in range(len(between) + 1) if between[i:] in question) if question else 0
    if named >= 2 and "的" not in between[:named]:
        return a + m.start(2) - 1, closed + named
    return a + m.start(2), a + m.end(2)


def context_overlap(text: str, start: int, end: int, terms: list[str]) -> float:
    """Share of the question's words (by characters) found in the sentence around a span.

    The reader sees one window at a time; this lets a span whose sentence says what the
    question asks ("公开招聘教师43人" for 招聘) beat a look-alike elsewhere ("68名导学教师").
    """
    words = long_words(terms)
    if not words:
        return 0.0
    return covered(words, enclosed(text, start, end, SENTENCE_ENDS)) / sum(len(w) for w in words)


def _sigmoid(x):
    return 1.0 / (1.0 + np.exp(-x))


def confidence(score: float, slope: float, intercept: float) -> float:
    """How likely a shown span is right, 0-1: a logistic curve over the score.

    The score is a log-odds over "no answer", but that is not the chance of being
    right: spans scoring 15-20 were right only ~4 times in 5 on our own questions,
    and read as "置信度 1.00". `fit_confidence` fits the curve on such questions.
    """
    return float(_sigmoid(slope * score + intercept))


def fit_confidence(scores: list[float], right: list[bool], steps: int = 50) -> tuple[float, float]:
    """(slope, intercept) of the logistic curve that best predicts `right` from `scores` (Newton)."""
    x = np.stack([np.asarray(scores, dtype=float), np.ones(len(scores))], axis=1)
    y = np.asarray(right, dtype=float)
    w = np.zeros(2)
    for _ in range(steps):
        p = _sigmoid(x @ w)
        # a tiny ridge keeps the step finite when the scores separate right from wrong
        hessian = (x * (p * (1 - p))[:, None]).T @ x + 1e-3 * np.eye(2)
        w -= np.linalg.solve(hessian, x.T @ (p - y) + 1e-3 * w)
    return float(w[0]), float(w[1])


def type_bonus(kind: str | None, span_text: str, count: int | None = None) -> float:
    """A nudge towards spans shaped like the question's answer type, among near-equal spans.

    `count` is the number of things the question asks for (stated_count); a list of exactly
    that many items is nudged once more, so "哪三所学校" prefers the three schools
    enumerated over one school named in a heading nearby.
    """
    if kind == "number":
        return 1.0 if writes_number(span_text) else -1.5
    if kind == "date":
        return 1.0 if _DATE_RE.search(span_text) else -0.5
    if kind == "list":
        items = listed_count(span_text)
        if items < 2:
            # a count (8所学校) says how many, not which: no list of what is asked; a year or a day
            # (1811年至1820年间 for 哪些年) is a date, no count
            counted = [q for q in quantities(span_text, 0, len(span_text)) if not _DATED_RE.fullmatch(span_text, *q)]
            return -1.0 if counted and counted[0][0] == 0 else 0.0
        return 2.0 if count == items else 1.0
    return 0.0


# a kind of thing is a word of a few characters (中学, 幼儿园, 少先队): a longer "thing" is a name the
# corpus words joined to what follows it in the question (街道创建省标准化社区教育中心)
_KIND_CHARS = 4


def of_asked_kind(candidates: list[tuple[str, float, int, int, int]], passages: list[str], thing: str,
                  margin: float, question: str) -> int:
    """Index of the candidate (text, score, passage, start, end in `passages`; best first) to show
    for a name question asking a kind of thing (哪所中学 → 中学): the best, unless it names neither
    the thing nor a kind of it (三井实验小学 is a 学校) and a candidate within `margin` of it, in the
    clause the reader found the best in, is a name of that kind: ending on the thing, counting none
    (三井实验小学等5所学校) and not running on into the question's own words (正衡中学, not the song
    《明天》 its choir sang). Where no candidate is written so, names of that kind are not written
    with the thing (哪个国家: 乌干达), and the best stays."""
    if not candidates or not 1 < len(thing) <= _KIND_CHARS \
            or any(kind in candidates[0][0] for kind in (thing, *KINDS.get(thing, ()))):
        return 0
    best, p, a, b = candidates[0][1:]
    lo, hi = enclosing(passages[p], a, b, CLAUSE_MARKS)
    # a name, not a count of such things (三井实验小学等5所学校)
    return next((n for n, (text, score, q, s, e) in enumerate(candidates)
                 if score >= best - margin and q == p and lo <= s and e <= hi and text.endswith(thing)
                 and not _says_back(text, question) and not re.search(r"\d", text)), 0)


def _says_back(text: str, question: str) -> bool:
    """The text runs on into what the question writes (常州幼儿师范升格师范高等专科学校 for 哪所学校升格为
    师范高等专科学校): four characters in a row of it."""
    return any(text[i:i + 4] in question for i in range(len(text) - 3))

