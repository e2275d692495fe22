"""What a report's own terms mean, from its glossary.

Provincial reports end with a numbered list of the terms they coin, under a heading of its own
(名词解释, 《政府工作报告》有关内容名词注释): 23.“三通一码”：赣服通、赣政通、赣企通、赣通码. A question
asking what such a term is or holds (江西政务服务里说的“三通一码”具体是哪几个, 四川的“两新”是指什么) is
answered by the report's own definition, quoted from its file, rather than by whichever sentence
of the body writes the term beside other words. Pure text functions.
"""
from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from qa.schema import Answer, Citation, Document

# the heading a glossary stands under: a line of its own
_HEADING_RE = re.compile(r"^[^\n。]{0,20}名词(?:解释|注释|说明)[^\n。]{0,6}$", re.M)
# one entry: its number, the term, a colon, then the definition on the same line or the next
_ENTRY_RE = re.compile(r"^[ \t]*\d{1,3}[.．、][ \t]*(?P<term>[^：:\n]{1,40})[：:][ \t]*(?P<rest>[^\n]*)$", re.M)
# a question asking what a term is or what it holds
_WHICH = "哪[几些两二三四五六七八九十]"
_ASKS_MEANING_RE = re.compile(rf"(?:是|指)(?:什么|啥|{_WHICH}\S{{0,2}})[？?。\s]*$|什么意思|啥意思|指的是|是指|具体(?:是|指|包括)"
                              rf"|包括{_WHICH}|包含{_WHICH}|有{_WHICH}\S{{0,2}}[？?\s]*$")
# what opens a definition and says nothing itself (是指…, 即…)
_OPENER_RE = re.compile(r"是指|指的是|系指|是|指|即")
_QUOTED_RE = re.compile(r"[“\"「『]([^”\"」』]{1,30})[”\"」』]")


@dataclass(frozen=True)
class Entry:
    term: str                    # as the glossary writes it: “四级三类”国土空间规划
    start: int                   # the definition, file offsets
    end: int
    line: tuple[int, int]        # the entry's lines, for the citation


def asks_meaning(question: str) -> bool:
    """Whether the question asks what something is, means or holds."""
    return bool(_ASKS_MEANING_RE.search(question))


def glossary(text: str) -> list[Entry]:
    """The entries of the glossary `text` ends with; none where it has no glossary heading."""
    heading = _HEADING_RE.search(text)
    if heading is None:
        return []
    found = []
    for m in _ENTRY_RE.finditer(text, heading.end()):
        start, end = m.start("rest"), m.end("rest")
        if start == end:                       # 1.“四上”企业： then the definition on its own line
            start = text.find("\n", m.end()) + 1
            if start == 0 or _ENTRY_RE.match(text, start):
                continue
            line_end = text.find("\n", start)
            end = len(text) if line_end < 0 else line_end
        opener = _OPENER_RE.match(text, start, end)
        start = opener.end() if opener else start
        end = start + len(text[start:end].rstrip("。；; \t"))
        if end > start:
            found.append(Entry(m.group("term").strip(), start, end, (m.start(), max(end, m.end()))))
    return found


def _names(term: str) -> list[str]:
    """What a question may call a term by: the term whole, and what it quotes (“三通一码” of
    “三通一码”服务体系), with and without its quotes."""
    inner = [q for q in _QUOTED_RE.findall(term) if len(q) >= 2]
    bare = _QUOTED_RE.sub(r"\1", term)
    return list(dict.fromkeys([term, bare, *inner]))


def defined(question: str, entries: Sequence[Entry]) -> Entry | None:
    """The entry whose term the question names, the longest name first; None where it names none
    or two terms equally well."""
    plain = _QUOTED_RE.sub(r"\1", question)
    best: list[tuple[int, Entry]] = []
    for entry in entries:
        named = [len(n) for n in _names(entry.term) if n in plain and len(n) >= 2]
        if named:
            best.append((max(named), entry))
    if not best:
        return None
    best.sort(key=lambda pair: -pair[0])
    if len(best) > 1 and best[1][0] == best[0][0] and best[1][1].term != best[0][1].term:
        return None
    return best[0][1]


def glossary_answer(question: str, documents: Sequence[Document]) -> Answer | None:
    """The definition, quoted from its file, of the term the question asks about, from the
    glossary of the one report in scope; None where the scope leaves several reports, the report
    has no glossary or the glossary does not define the term."""
    if len(documents) != 1 or not asks_meaning(question):
        return None
    document = documents[0]
    entry = defined(question, glossary(document.text))
    if entry is None:
        return None
    cited = Citation.of(document, (), entry.line[0], entry.line[1], 1.0)
    return Answer(question, document.text[entry.start:entry.end], "span", False, None, entry.start, entry.end,
                  [cited], trace=["glossary"])
