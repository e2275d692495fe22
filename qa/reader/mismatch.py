"""Why a span is declined whatever its score: its sentence is about a sibling or a rival of what
was asked, or the span counts another measure (contrast.py, rivals.py)."""
from __future__ import annotations

import re
from collections.abc import Callable

from qa.reader.asked import asked_unit, asks_change, asks_yes_no, expected_type
from qa.reader.contrast import sibling_answer
from qa.reader.rivals import (AMOUNTS, COUNTERS, asked_measure, counted_rival, counts_people, measure_of, measure_rival,
                              rival_answer)
from qa.reader.sentence import enclosing, sentence_around

NOT_FOUND = "未找到相关内容"
# any way of writing a number, in figures or in words (数百名, 过半, 八成)
_NUMBER_RE = re.compile(r"[0-9０-９零〇一二三四五六七八九十百千万亿两半几数]")
_FIGURE_RE = re.compile(r"[0-9０-９]")
# what a level is written after: 达4.64万亿元 (a change asked is not what was reached; 从518家增加到731家
# is, where composition reads the change from both values)
_LEVEL_BEFORE_RE = re.compile(r"(?<![增升提降减加长高低少])(?:达到?|达至)$")
# 几月, 哪个月 ask a month, which a date answers with 月 or as 2019-06-17
_ASKS_MONTH_RE = re.compile(r"几月|哪一?个月")
_MONTH_RE = re.compile(r"[\d０-９一二三四五六七八九十]\s*月|\d{4}[-/.]\d{1,2}")
# a negation written right before a word (不进编, 非营利, 未达标): a thing other than the word's
_NEGATION_RE = re.compile("[不非未无]")
# what ends the clause before a span: its label is what follows the last of them
_LABEL_ENDS = "，,。；;：:、！？!?\n"


def mismatch(question: str, passage: str, start: int, end: int, document: str,
             tagged: Callable[[str], list[tuple[str, str]]], place_words: frozenset[str]) -> str | None:
    """The reason to decline the span passage[start:end] of `document`, or None when it answers.
    `place_words`: every spelling of the reports' places, which choose a report, never a sibling."""
    a, b = sentence_around(passage, start, end)
    sentence = passage[a:b]
    sibling = sibling_answer(tagged(question), tagged(sentence), passage, document, place_words)
    if sibling:
        return f"{NOT_FOUND}：报告中没有提到{sibling[0]}，最相关的段落说的是{sibling[1]}"
    negated = negated_label(question, passage, start)
    if negated:
        return f"{NOT_FOUND}：问的是{negated[0]}，最相关的段落说的是{negated[1]}"
    rival = rival_answer(question, sentence) or counted_rival(question, passage, start, end)
    if rival:
        return f"{NOT_FOUND}：最相关的段落说的是{rival[1]}，不是{rival[0]}"
    span = passage[start:end]
    if asks_yes_no(question):
        # a yes/no question is decided by the clause (verdicts.py), whatever measure it names
        # (排第一吗 is answered by 居中部第1位 or by a clause saying otherwise)
        return None
    measure = measure_rival(question, span, counts_people(question, tagged))
    if measure is None and asked_unit(question) in COUNTERS and (found := measure_of(span)) in AMOUNTS:
        measure = ("数量", found)
    if measure is None and expected_type(question) == "number" and not _writes_number(span, tagged):
        # a quantity asked (浙江GDP多少), a span without any number (GDP): no answer to it; a rank
        # may be written in words (首位)
        asked = asked_measure(question)
        measure = (asked or "数量", "文字") if asked != "名次" else None
    if measure is None and asks_change(question) and _LEVEL_BEFORE_RE.search(passage, max(0, start - 4), start):
        measure = ("增减的数量", "达到的总量")     # 增长了多少: 社会消费品零售总额达4.64万亿元 says what it reached
    if measure is None and expected_type(question) == "number" and _given(question, span):
        # 2610个学位里，幼儿园学位有多少个: the question states 2610个 and asks another quantity
        return f"{NOT_FOUND}：{span.strip()}是问题里已给出的数，最相关的段落没有另给所问的数"
    if measure is None and _ASKS_MONTH_RE.search(question) and not _MONTH_RE.search(span):
        measure = ("月份", "没有月份的时间")       # 几月份竣工: 年内 says no month
    if measure:
        return f"{NOT_FOUND}：问的是{measure[0]}，最相关的段落给的是{measure[1]}（{span}）"
    return None


def negated_label(question: str, passage: str, start: int) -> tuple[str, str] | None:
    """(what is asked, what the span's label says) where the label, its clause up to the span,
    writes a word of the question negated that the question writes plain, or plain a word the
    question negates: 不进编教师167人 counts no teachers 进编 (招了多少进编的老师), nor 进编教师 the 不进编."""
    label = passage[enclosing(passage, start, start, _LABEL_ENDS)[0]:start]
    for outer, inner in ((label, question), (question, label)):
        for m in _NEGATION_RE.finditer(outer):
            word = next((outer[m.end():m.end() + n] for n in (4, 3, 2)
                         if m.end() + n <= len(outer) and outer[m.end():m.end() + n] in inner), "")
            at = inner.find(word)
            if word and not _NEGATION_RE.fullmatch(inner[at - 1:at] or " "):
                negated = m.group() + word
                return (word, negated) if outer is label else (negated, word)
    return None


def _writes_number(span: str, tagged: Callable[[str], list[tuple[str, str]]]) -> bool:
    """Whether a span writes a number: in figures, or in words jieba reads as a numeral (数百名,
    八成, 两个) or 过半; a numeral inside another word (一般, 统一, 唯一) is none."""
    if _FIGURE_RE.search(span):
        return True
    return any(_NUMBER_RE.search(word) and (tag.startswith("m") or word == "过半") for word, tag in tagged(span))


def _given(question: str, span: str) -> bool:
    """The span is a quantity the question itself writes (not a year: 2019年 is scope)."""
    shown = span.strip()
    return bool(_FIGURE_RE.search(shown)) and shown in question and not re.fullmatch(r"\d{4}\s*年?", shown)
