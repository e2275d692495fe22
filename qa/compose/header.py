"""What a report says of itself in its header, and the questions that ask it.

A work report opens with lines about the report, not its matter: when and at which meeting it
was delivered (——2026年1月26日在河北省第十四届人民代表大会第四次会议上), who delivered it
(河北省人民政府省长 王正谱), where it was printed (来源：河北日报) and when it was published
(时间：2026-02-02, 公开日期 2019-06-17). These lines hold no clause the reader can take an answer
from ("谁作的报告" has no 作 near 王正谱), so they are read here, as the structure they are, and
a question about the report itself (谁作的, 哪天公开的, 在哪次会议上作的, 省长是谁) is answered
from them: the value quoted with its file offsets, the header line cited.
"""
from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from qa.schema import Answer, Citation, Document

# the header ends where the speech (各位代表) or the body begins
_HEADER_LINES = 16
_BODY_RE = re.compile(r"^\s*(?:各位代表|[一二三四五六七八九十]+、|第一部分|[（(]一[)）])")
_DATE = r"(?:19|20)\d{2}(?:年\d{1,2}月\d{1,2}日|-\d{1,2}-\d{1,2}|/\d{1,2}/\d{1,2}|\.\d{1,2}\.\d{1,2})"
# ——2026年1月26日在广东省第十四届\n人民代表大会第五次会议上: the meeting may wrap onto a second line
_DELIVERED_RE = re.compile(r"(?P<date>(?:19|20)\d{2}年\d{1,2}月\d{1,2}日)\s*在\s*"
                           r"(?P<meeting>[^\n。，]{2,40}?(?:\n[^\n。，]{1,30}?)?(?:会议|大会))\s*上")
# the level of government a head's title names (省长, 区长, 自治区主席)
_LEVEL = r"(?:[省市区县州旗盟]|自治区)"
# the officer who delivered it: a short line of an office ending in its title, a space, a name
_SPEAKER_RE = re.compile(r"^(?P<office>[^\s，。：:]{0,24}?(?P<title>代?" + _LEVEL + r"?(?:长|主席)))"
                         r"[ \t\u3000]+(?P<name>[\u4e00-\u9fff·]{2,5})[ \t\u3000]*$", re.M)
# labelled fields of a web page's header; a date labelled as made (生成/成文) is the last resort
_PUBLISHED_RE = re.compile(r"(?P<label>公开日期|发布日期|发布时间|发文日期|时间|日期|生成日期|成文日期)[:：\s]\s*"
                           r"(?P<value>" + _DATE + r")")
_LABEL_RANK = ("公开日期", "发布日期", "发布时间", "发文日期", "时间", "日期", "生成日期", "成文日期")
# a line that is only a date (and time): the page's own stamp
_STAMP_RE = re.compile(r"^[ \t\u3000]*(?P<value>" + _DATE + r")(?:\s*\d{1,2}(?:时|:)\d{2}分?)?[ \t\u3000]*$", re.M)
_SOURCE_RE = re.compile(r"来源[:：]\s*(?P<value>[^\s，。]{2,20})")
_ISSUER_RE = re.compile(r"发布机构[:：\s]\s*(?P<value>[^\s，。]{2,20})")

FIELDS = ("speaker", "delivered", "meeting", "published", "source", "issuer")


@dataclass(frozen=True)
class HeaderField:
    name: str                 # one of FIELDS
    start: int                # the value, as offsets into the report's text
    end: int
    line: tuple[int, int]     # the header line (or lines) holding it: what is cited
    title: str | None = None  # a speaker's title as written (省长, 代区长)


def _line_around(text: str, start: int, end: int) -> tuple[int, int]:
    lo = text.rfind("\n", 0, start) + 1
    hi = text.find("\n", end)
    return lo, len(text) if hi < 0 else hi


def header_end(text: str) -> int:
    """Where a report's header ends: before its first body line, at most `_HEADER_LINES` lines in."""
    at = 0
    for _ in range(_HEADER_LINES):
        nl = text.find("\n", at)
        line = text[at:len(text) if nl < 0 else nl]
        if _BODY_RE.match(line) or len(line) > 120:
            return at
        if nl < 0:
            return len(text)
        at = nl + 1
    return at


def read_header(text: str) -> dict[str, HeaderField]:
    """The fields a report's header states, each quoted where it stands."""
    head = text[:header_end(text)]
    found: dict[str, HeaderField] = {}

    def put(name: str, m: re.Match[str], group: str, title: str | None = None) -> None:
        s, e = m.span(group)
        found.setdefault(name, HeaderField(name, s, e, _line_around(text, s, e), title))

    if m := _DELIVERED_RE.search(head):
        put("delivered", m, "date")
        put("meeting", m, "meeting")
    if m := _SPEAKER_RE.search(head):
        put("speaker", m, "name", m["title"])
    labelled = sorted(_PUBLISHED_RE.finditer(head), key=lambda m: _LABEL_RANK.index(m["label"]))
    stamps = list(_STAMP_RE.finditer(head))
    if labelled or stamps:
        put("published", (labelled or stamps)[0], "value")
    for name, pattern in (("source", _SOURCE_RE), ("issuer", _ISSUER_RE)):
        if m := pattern.search(head):
            put(name, m, "value")
    return found


# ---- questions about the report itself -----------------------------------------------------
_REPORT_RE = re.compile(r"报告|工作总结|工作意见|工作要点|工作思路|这份|这篇")
_WHEN_RE = re.compile(r"哪天|哪一天|哪日|什么时候|什么时间|何时|几号|几月几[日号]|日期|时间是")
_PUBLISH_RE = re.compile(r"公开|发布|发的|刊发|刊登|刊载|发表|登出|见报|挂网|印发|上网")
# delivered: 作/做/宣读 said of the report itself (作的2026年政府工作报告, 报告是哪天在人代会上作的),
# not of what it reports (报告中说什么时候做好…)
_DELIVER_RE = re.compile(r"(?:[作做]|宣读)了?的?[^，。？?]{0,12}报告|报告[^，。？?]{0,18}(?:[作做]|宣读)的|"
                         r"(?:人代会|人大会|会议|大会)上")
_BY_WHOM_RE = re.compile(r"报告[^，。？?]{0,10}(?:谁|哪位|哪一位|什么人)(?:代?" + _LEVEL + r"?长|主席|领导)?"
                         r"来?(?:[作做]|宣读)|"
                         r"(?:谁|哪位|哪一位)[^，。？?]{0,8}(?:[作做]|宣读)了?的?[^，。？?]{0,12}报告|报告人")
_MEETING_RE = re.compile(r"(?:哪|什么|哪一)(?:次|个|届)?(?:会议|大会|会)上?")
_SOURCE_ASK_RE = re.compile(r"来源|(?:哪|什么)(?:家|个|份)?(?:报纸|媒体|报社|报(?!告))")
_ISSUER_ASK_RE = re.compile(r"(?:哪个|什么|哪家)(?:部门|单位|机构)(?:发布|公开|印发|发的)")
# an officer asked by title (江苏省现任省长是谁, 当时的代区长叫什么): the header's speaker holds it
_OFFICE_ASK_RE = re.compile(r"(?P<title>代?" + _LEVEL + r"长|主席)(?:是|叫|为)?(?:谁|哪位|什么名字|叫什么)")


@dataclass(frozen=True)
class HeaderAsk:
    field: str                # the field of FIELDS asked
    title: str | None = None  # the speaker's title the question names (省长): the header's must end in it


def asked_of_header(text: str) -> HeaderAsk | None:
    """The header field a question asks, where it asks about the report itself; else None."""
    if m := _OFFICE_ASK_RE.search(text):
        return HeaderAsk("speaker", m["title"].lstrip("代"))
    if not _REPORT_RE.search(text):
        return None
    if _SOURCE_ASK_RE.search(text):
        return HeaderAsk("source")
    if _ISSUER_ASK_RE.search(text):
        return HeaderAsk("issuer")
    if _WHEN_RE.search(text):
        if _PUBLISH_RE.search(text):
            return HeaderAsk("published")
        if _DELIVER_RE.search(text):
            return HeaderAsk("delivered")
        return None
    if _MEETING_RE.search(text) and _DELIVER_RE.search(text):
        return HeaderAsk("meeting")
    if _BY_WHOM_RE.search(text):
        return HeaderAsk("speaker")
    return None


def header_value(ask: HeaderAsk, text: str) -> HeaderField | None:
    """The report's header field the question asks, or None where its header does not state it
    (a speaker whose title is not the one asked states nothing of that office)."""
    found = read_header(text).get(ask.field)
    if found is None or (ask.title and not (found.title or "").endswith(ask.title)):
        return None
    return found


def header_answer(question: str, ask: HeaderAsk, documents: Sequence[Document]) -> Answer | None:
    """The answer from the header of the one report the question's scope leaves; None where the
    scope leaves several (which report's speaker is a guess) or its header does not say."""
    if len(documents) != 1:
        return None
    document = documents[0]
    found = header_value(ask, document.text)
    if found is None:
        return None
    cited = Citation.of(document, (), found.line[0], found.line[1], 1.0)
    return Answer(question, document.text[found.start:found.end], "span", False, None, found.start, found.end,
                  [cited], trace=["report_header"])
