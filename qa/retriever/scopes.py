"""A question that asks the same thing of several districts, split into one question each.

"钟楼2021年和金坛2019年分别派了多少名老师去外地支教？" is two questions: each report holds
one answer, and one span can never answer both. Pure text functions; no model.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from index.ingest.metadata import district_pattern

_DISTRICT = district_pattern()
_YEAR = r"(?:(?:19|20)\d{2}|\d{2})\s*年"
_PERIOD = r"上半年|下半年|全年|年初|年底|年末|暑期|暑假|寒假|春季|秋季"
_JOIN = r"以及|和|与|及|跟|同|、"
_SCOPE_RE = re.compile(rf"(?P<d>{_DISTRICT})(?P<y>{_YEAR})?(?P<p>{_PERIOD})?")
_ONE = rf"(?:{_DISTRICT})(?:{_YEAR})?(?:{_PERIOD})?"
_LIST_RE = re.compile(rf"{_ONE}(?:(?:{_JOIN}){_ONE})+")
_EACH_RE = re.compile("分别|各自")


@dataclass(frozen=True)
class ScopedQuestion:
    scope: str       # the district (and year, period) as the question wrote it: "钟楼2021年"
    question: str    # the question asked of that scope alone


def split_by_scope(question: str) -> list[ScopedQuestion]:
    """One question per scope when the question asks 分别/各自 of two or more; else [].

    A year or period written only after the last district is read as shared by all
    ("钟楼和天宁上半年分别…" asks 上半年 of both); one written after each stays with its own.
    """
    listed = _LIST_RE.search(question)
    if not listed or not _EACH_RE.search(question, listed.end()):
        return []
    scopes = list(_SCOPE_RE.finditer(listed.group()))
    *earlier, last = scopes
    if not any(s["y"] for s in earlier):
        shared = (last["y"] or "") + (last["p"] or "")
    elif not any(s["p"] for s in earlier):
        shared = last["p"] or ""
    else:
        shared = ""
    own = [s.group() for s in earlier] + [last.group()[:len(last.group()) - len(shared)]]
    rest = _EACH_RE.sub("", question[listed.end():], count=1)
    head = question[:listed.start()]
    return [ScopedQuestion(scope, head + scope + shared + rest) for scope in own]
