"""What a report's own terms mean, from its glossary.

Provincial reports end with a numbered list of the terms they coin, under a heading of its own
(名词解释, 《政府工作报告》有关内容名词注释): 23.“三通一码”：赣服通、赣政通、赣企通、赣通码. A question
asking what such a term is or holds (江西政务服务里说的“三通一码”具体是哪几个, 四川的“两新”是指什么) is
answered by the report's own definition, quoted from its file, rather than by whichever sentence
of the body writes the term beside other words. Pure text functions.
"""
from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from qa.reader.sentence import sentence_around
from qa.schema import Answer, Citation, Document

Tagger = Callable[[str], list[tuple[str, str]]]

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


def glossary_answer(question: str, documents: Sequence[Document], tagged: Tagger) -> Answer | None:
    """The definition, quoted from its file, of the term the question asks about, from the
    glossary of the one report in scope, or, for a term counting what it holds (三大先导产业),
    from where the report names those things beside it (apposed); None where the scope leaves
    several reports or the report defines the term neither way. `tagged`: jieba's tagger."""
    if len(documents) != 1 or not asks_meaning(question):
        return None
    document = documents[0]
    entry = defined(question, glossary(document.text))
    if entry is None:
        return _apposed_answer(question, document, tagged)
    cited = Citation.of(document, (), entry.line[0], entry.line[1], 1.0)
    return Answer(question, document.text[entry.start:entry.end], "span", False, None, entry.start, entry.end,
                  [cited], trace=["glossary"])


# a term counting what it holds (三大先导产业, 五个中心, 两项制度): its number, its classifier, its noun
_COUNTED_TERM_RE = re.compile(r"(?P<n>[一二两三四五六七八九十]{1,2}|\d{1,2})(?P<cls>大|个|项|类|种|条|张|支|座|件)"
                              r"(?P<noun>[\u4e00-\u9fff]{2,10})")
# where the noun a question writes stops: the words asking about it
_ASKING_TAIL_RE = re.compile(r"(?:具体|分别|都|各|是|指|包括|包含|有|的|呢|哪|什么).*$")
# the things a term holds, named in a 、 run right before it (…，集成电路、生物医药、人工智能三大先导产业) or
# after it in brackets, after a colon or 即/包括 (四大工程：领导干部政治教育工程、…)
_ITEMS_BEFORE_RE = re.compile(r"(?:[^，,。；;：:（()）“”\n、]{1,16}、)+[^，,。；;：:（()）“”\n、]{1,16}$")
_CLAUSE_OPENERS = "，,。；;：:（(\n"
_ITEMS_AFTER_RE = re.compile(r"\s*(?:[（(]|[：:]|，?即|，?包括|，?分别是|，?就是)(?P<items>(?:[^，,。；;：:（()）\n、]{1,16}、)+"
                             r"[^，,。；;：:（()）\n、]{1,16}?)(?=[）)，,。；;\n]|$)")


# verbs that lead into the things a term holds (大力发展集成电路、…), which jieba may read as a noun
_LEAD_RE = re.compile("发展|推进|推动|实施|打造|培育|壮大|深化|围绕|聚焦|构建|布局|加快")


def _count(numeral: str) -> int:
    import cn2an      # here, not at the top: importing it compiles its tables, a tenth of every start

    return int(cn2an.cn2an(numeral, "smart"))


def counted_term(question: str) -> tuple[int, str] | None:
    """The term a question asks the members of by its count (上海说的“三大先导产业”具体是哪三个 →
    (3, 三大先导产业)): the count and the term as written, less the words asking about it."""
    m = _COUNTED_TERM_RE.search(_QUOTED_RE.sub(r"\1", question))
    if m is None:
        return None
    noun = _ASKING_TAIL_RE.sub("", m["noun"])
    n = _count(m["n"])
    return (n, m["n"] + m["cls"] + noun) if len(noun) >= 2 and n >= 2 else None


def _led(first: str, tagged: Tagger) -> bool:
    """The first thing of a run holds the words leading into the run (加速布局量子科技、…): where it
    starts, no text says without reading the sentence, which the reader does."""
    return bool(_LEAD_RE.search(first)) or any(tag.startswith("v") for _, tag in tagged(first))


def apposed(text: str, n: int, term: str, tagged: Tagger) -> tuple[int, int] | None:
    """File offsets of the `n` things `term` counts where the text names them beside it: listed
    right before it (…，集成电路、生物医药、人工智能三大先导产业), the first of them opening its
    clause, or after it in brackets, after a colon or 即/包括 (三大先导产业（集成电路、生物医药、人工智
    能）); the first place that does. `tagged` is jieba's tagger."""
    for at in (m.start() for m in re.finditer(re.escape(term), text)):
        before = _ITEMS_BEFORE_RE.search(text, max(0, at - 100), at)
        opens = before is not None and (before.start() == 0 or text[before.start() - 1] in _CLAUSE_OPENERS)
        if opens and before.group().count("、") == n - 1 \
                and not _led(text[before.start():text.index("、", before.start())], tagged):
            return before.start(), before.end()
        after = _ITEMS_AFTER_RE.match(text, at + len(term))
        if after and after["items"].count("、") == n - 1:
            return after.start("items"), after.end("items")
    return None


def _apposed_answer(question: str, document: Document, tagged: Tagger) -> Answer | None:
    term = counted_term(question)
    found = apposed(document.text, *term, tagged) if term else None
    if found is None:
        return None
    line = document.text.rfind("\n", 0, found[0]) + 1
    a, b = sentence_around(document.text[line:], found[0] - line, found[1] - line)
    cited = Citation.of(document, (), line + a, line + b, 1.0)
    return Answer(question, document.text[found[0]:found[1]], "span", False, None, found[0], found[1],
                  [cited], trace=["glossary"])
