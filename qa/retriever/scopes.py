"""A question that asks the same thing of several places, or asks two things in two clauses,
split into one question each.

"钟楼2021年和金坛2019年分别派了多少名老师去外地支教？" is two questions: each report holds
one answer, and one span can never answer both. The places are those `qa.question.analyse`
found (any place in China); the same place written twice is asked once, and at most
`limit` places are asked.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from index.ingest.places import Place
from qa.compose.asks import Tagger
from qa.question import EACH_RE, TOTAL_RE, Question
from qa.retriever.terms import PREDICATE_TAGS

_YEAR = r"(?:(?:19|20)\d{2}|\d{2})\s*年"
_PERIOD = r"上半年|下半年|全年|年初|年底|年末|暑期|暑假|寒假|春季|秋季"
_JOIN = r"以及|和|与|及|跟|同|、"


@dataclass(frozen=True)
class ScopedQuestion:
    scope: str       # the place (and year, period) as the question wrote it: "钟楼2021年"
    question: str    # the question asked of that scope alone
    # asked where `question` finds no answer: the clause with the topic it may go on about
    chained: str | None = None


def split_by_scope(question: Question, limit: int = 6) -> tuple[list[ScopedQuestion], int]:
    """One question per scope when the question asks 分别/各自/各 of two or more, or a total
    over them (天宁和金坛一共…: each place's part is added, qa/combine.add_parts), and how many
    distinct scopes were dropped past `limit`; ([], 0) when there is nothing to split.

    A year or period written only after the last place is read as shared by all
    ("钟楼和天宁上半年分别…" asks 上半年 of both); one written after each stays with its own.
    """
    text = question.text
    if len(question.scope_mentions) < 2:
        return [], 0
    # a place may be written with its parents: "浙江省杭州市" is one scope
    by_spelling = {m.text: m.place for m in question.named}
    place = "|".join(map(re.escape, sorted(by_spelling, key=len, reverse=True)))
    one = rf"(?:{place})+(?:{_YEAR})?(?:{_PERIOD})?"
    listed = re.search(rf"{one}(?:(?:{_JOIN}){one})+", text)
    if not listed or not (EACH_RE.search(text, listed.end()) or question.total):
        return [], 0
    scopes = list(re.finditer(rf"(?P<d>(?:{place})+)(?P<y>{_YEAR})?(?P<p>{_PERIOD})?", listed.group()))
    *earlier, last = scopes
    if not any(s["y"] for s in earlier):
        shared = (last["y"] or "") + (last["p"] or "")
    elif not any(s["p"] for s in earlier):
        shared = last["p"] or ""
    else:
        shared = ""
    own = [s.group() for s in earlier] + [last.group()[:len(last.group()) - len(shared)]]
    # one question per place and year: "金坛和金坛区" or sixty "金坛和" ask 金坛 once
    distinct: dict[tuple, str] = {}
    for scope, s in zip(own, scopes):
        innermost = by_spelling[re.findall(place, s["d"])[-1]]
        distinct.setdefault((innermost, scope[len(s["d"]):]), scope)
    kept = list(distinct.values())
    if len(kept) < 2:
        return [], 0
    # 分别 is asked of each; a total over the places (一共) is made of them, not asked of each
    asked_of_all = EACH_RE if question.each else TOTAL_RE
    rest = asked_of_all.sub("", text[listed.end():], count=1)
    head = text[:listed.start()]
    return [ScopedQuestion(scope, head + scope + shared + rest) for scope in kept[:limit]], max(0, len(kept) - limit)


# 常州各区分别…: every place inside the one named, each of which is asked in turn
_EVERY_PLACE_RE = re.compile(r"(?:下辖)?的?(?:各个?|每个|所有)(?:区县|县区|县市|区|县|市|地区|地方)")


def split_by_inner(question: Question, places: list[tuple[Place, str]]) -> list[ScopedQuestion]:
    """One question per place inside the one place the question names, where those places' reports
    answer for it (qa/retriever/query.inner_places gives each with its label): 常州一共招聘了多少老师
    asks 新北区…, 金坛区…; a total over them is made of their answers (qa/combine.add_parts), not
    asked of each."""
    if not places or not question.scope_mentions:
        return []
    named = question.scope_mentions[0]
    text = question.text
    rest = _EVERY_PLACE_RE.sub("", text[named.end:], count=1)
    rest = (EACH_RE if question.each else TOTAL_RE).sub("", rest, count=1)
    return [ScopedQuestion(label, text[:named.start] + place.name + rest) for place, label in places]


# what asks: a wh-word or a yes/no form
_QUOTED_RE = re.compile(r"“[^“”]*”|《[^《》]*》")
_ASK_RE = re.compile(r"多少|几|哪|什么|谁|何时|是否|有没有|是不是|吗")
_CLAUSE_RE = re.compile(r"[^，,；;]+")
# numerals, measure words, pronouns (什么, 哪些), particles: no topic
_NOT_TOPIC_TAGS = ("m", "q", "r", "ul", "uj", "uz", "ug", "y", "x", "c", "e")


def split_by_ask(question: Question, tagged: Tagger | None = None) -> list[ScopedQuestion]:
    """One question per clause when each of two or more clauses asks its own thing
    (钟楼国家级报道有几篇，省级报道有几篇); a clause naming no place or year is asked of the
    place and year the first one names. A clause opening on a verb or adverb (jieba, `tagged`)
    may have no subject of its own and go on about the first one's topic, as Chinese chains
    clauses: where 天宁去了哪些地方 finds no answer, 天宁遴选了几名教师支教，去了哪些地方 asks
    天宁遴选教师支教去了哪些地方 (`chained`); 天宁新增了多少个托位，完成了多少个托班 names its own
    object and is answered alone. `scope` is the clause as written. [] otherwise."""
    text = question.text.strip().rstrip("？?。")
    clauses = [m for m in _CLAUSE_RE.finditer(text) if m.group().strip()]
    # a wh-word inside a quoted name or a title asks nothing (黄河“几字弯”攻坚战)
    if len(clauses) < 2 or not all(_ASK_RE.search(_QUOTED_RE.sub("", c.group())) for c in clauses):
        return []
    first = clauses[0]
    scope = "".join(m.text for m in question.scope_mentions if m.end <= first.end())
    years = "".join(re.findall(rf"(?:{_YEAR})(?:{_PERIOD})?|{_PERIOD}", first.group()))
    topic = _topic(first.group(), question, tagged) if tagged else ""
    out = []
    for c in clauses:
        own = c.group().strip()
        named = any(c.start() <= m.start < c.end() for m in question.scope_mentions) or re.search(_YEAR, own)
        chained = tagged is not None and (tagged(own)[:1] or [("", "")])[0][1] in PREDICATE_TAGS
        asked = own if c is first or named else scope + years + own
        out.append(ScopedQuestion(own, asked, scope + years + topic + own if chained and asked != own else None))
    return out


def _topic(clause: str, question: Question, tagged: Tagger) -> str:
    """The first clause's own words without its scope, its asking words and its particles."""
    plain = TOTAL_RE.sub("", re.sub(rf"(?:{_YEAR})(?:{_PERIOD})?|{_PERIOD}", "", clause))
    for m in question.scope_mentions:
        plain = plain.replace(m.text, "")
    return "".join(w for w, tag in tagged(plain) if tag not in _NOT_TOPIC_TAGS and not _ASK_RE.search(w))
