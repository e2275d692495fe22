"""What a text writes before or after an answer that the answer is not: a heading and its colon,
the clause a linking word continues, a name marker, a pronoun for the subject, a nationality.

Each function takes the best span (text[start:end]) and returns where the answer starts or ends,
the span unchanged where the text does not write such a thing. Pure functions over the text;
model._tightened and model._reframed apply them to the best span, after the reader has chosen it.
"""
from __future__ import annotations

import re
from typing import Callable

from .decode import without_question_lead

# "心理疗法的流派计有：心理分析…", "车站机关地址：湖南省…": the heading before a colon. Not a colon
# inside brackets or quotes ("（英文缩写：MTL", "「纯洁仁爱：…」"), where the colon is the answer's own
_HEADING_RE = re.compile(r"[^：「《（(“\"]{1,30}：(?=.{2})")
# "香港九龙城区的一所津贴女子小学，位于九龙城联合道102号": a first clause that the next one
# continues with a linking word. 为 and 即 are left out: "长齿锯齿鳗，为辐鳍鱼纲…" names the
# answer first and says what it is after
# the words that say another name follows, in the continued clause and before a name alike
_ALIASES = "又称|又名|又译|亦称|简称|称为"
_CONTINUED_RE = re.compile(r"[^，,；;]*[，,]\s*(?:" + _ALIASES + r"|位于|即是|是)(?=.{2})")
# "原名沼宫内", "俗名嗑头、白点赤海…", "意译为思惟修或静虑": the marker a text writes before a name
_NAME_MARKER_RE = re.compile(
    r"(?:也称为|意译为|音译为|改名为|俗名|俗称|原名|旧名|旧称|又叫|也称|别称|别名|" + _ALIASES + "|"
    r"意译|音译|译为|译作|学名|英文名|全称|通称|昵称|艺名|笔名|本名|现名|改称|名为|译)"
    r"(?:为|是|作|做)?[：:]?(?=.{2})")
# "本鱼分布于…", "牠们栖息在…": the pronoun a text uses for its subject, and an adverb after it
_SUBJECT_PRONOUN_RE = re.compile(r"(?:(?:本|该|此)(?:鱼|种|属|科|蛇|鸟|物种|植物)|[牠它他她]们?)"
                                 r"(?:仅|只|主要|广泛|多|一般|通常|均|皆|则)?")
_ASKS_OCCUPATION_RE = re.compile(r"职业(?:是|都有|有)?(?:什么|哪些)|什么职业")
_ASKS_NATIONALITY_RE = re.compile(r"哪国人|哪个国家的?人|国籍是")

Tagged = Callable[[str], list[tuple[str, str]]]


def without_heading(text: str, start: int, end: int, question: str) -> int:
    """Where the answer starts: past a heading and its colon, or past a first clause that the
    next one continues with a linking word ("…，是格洛斯特郡与萨默塞特郡", "…，又称佛爷山").
    A question that has a colon of its own may ask for what stands around one."""
    if "：" in question or ":" in question:
        return start
    lead = _HEADING_RE.match(text, start, end) or _CONTINUED_RE.match(text, start, end)
    return lead.end() if lead else start


def without_name_marker(text: str, start: int, end: int) -> int:
    """Where a name starts: past the word that says a name follows (原名, 俗名, 又称, 意译为)."""
    marker = _NAME_MARKER_RE.match(text, start, end)
    return marker.end() if marker and marker.end() < end - 1 else start


def without_subject_lead(text: str, start: int, end: int, question: str, tagged: Tagged) -> int:
    """decode.without_question_lead, also past a pronoun for the subject before the question's own
    words ("本鱼分布于印度太平洋区" → "印度太平洋区" for 分布于什么海域); a pronoun alone stays."""
    pronoun = _SUBJECT_PRONOUN_RE.match(text, start, end)
    if pronoun:
        after = without_question_lead(text, pronoun.end(), end, question, tagged)
        if after > pronoun.end():
            return after
    return without_question_lead(text, start, end, question, tagged)


def without_nationality(text: str, start: int, end: int, question: str, tagged: Tagged) -> tuple[int, int]:
    """An occupation question's answer without the nationality before it ("克罗地亚职业足球运动员"
    → "职业足球运动员"); a nationality question's answer is that place alone ("克罗地亚").
    `tagged` gives jieba words with part-of-speech tags (ns: a place name)."""
    occupation = _ASKS_OCCUPATION_RE.search(question)
    if not occupation and not _ASKS_NATIONALITY_RE.search(question):
        return start, end
    words = tagged(text[start:end])
    if len(words) < 2 or words[0][1] != "ns":
        return start, end
    place = start + len(words[0][0])
    return (place, end) if occupation else (start, place)
