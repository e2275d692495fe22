"""Heading hierarchy → one Paragraph per kept line, with its section path.

Heading ranks (smaller = outer):
  0    parts: "第一部分:…", and unmarked half-year headings such as
       "2018年下半年工作计划" / "下半年重点工作思路"
  1    一、 二、 …
  2    （一） (一) …
  3    1. 1、 1． …
A new heading closes every open heading of the same or deeper rank, so
"一、2025年上半年工作总结" > "(一)坚持党建引领…" > "1.固本培元…" nests, and a level
that a document skips (一、 straight to 1.) costs nothing.

Decisions:
* A heading-only line is NOT returned as a paragraph; it lives in the section
  path of what follows, which retrieves better than a 15-character chunk.
* A marked line with a body ("1.继续夯实意识形态建设。成立领导小组…") is an item:
  its text up to the first 。 becomes the innermost section label, and the whole
  line is the paragraph.
* Leading unmarked title lines are paragraphs with an empty section path, not
  sections: questions such as "武进这份意见是哪一年的" need the title as
  citable text, while a title in every path would only add noise.
* Inline enumerations (一是…二是…) stay inside their paragraph.
"""
from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from index.ingest.clean import kept_segments

_CN_NUM = "一二三四五六七八九十百零〇"
_MARKERS: list[tuple[re.Pattern[str], float]] = [
    (re.compile(rf"第[{_CN_NUM}]+部分\s*[:：、.．]?\s*"), 0),
    (re.compile(rf"[{_CN_NUM}]+\s*、\s*"), 1),
    (re.compile(rf"[（(]\s*[{_CN_NUM}]+\s*[)）]\s*"), 2),
    (re.compile(r"\d{1,2}\s*[.．、](?!\d)\s*"), 3),
]
# Word's auto-numbered lists come out as "3、 推行多措并举…" (digit, 、, space) where
# the author wrote 三、 — seen in 000 (1、 2、 3、 then 四、) and 002 (after 二's
# 1.–4. items). With that trailing space and no body, we rank it as 一、.
_AUTONUM = re.compile(r"\d{1,2}、[ \t\u3000\xa0]+")

_SENTENCE_END = "。！？；!?;｡"
_HEADING_MAX = 60       # longer lines are prose even without a full stop
_LABEL_MAX = 40         # an item's lead-in longer than this is not a heading
_HALVES = ("上半年", "下半年")
_REPORT_WORDS = re.compile(r"工作|总结|计划|思路|意见|回顾|要点")


@dataclass(frozen=True)
class Paragraph:
    index: int
    start: int
    end: int
    section: tuple[str, ...]


@dataclass(frozen=True)
class Line:
    """One kept line, classified. role: title | heading | item | body."""
    start: int
    end: int
    role: str
    rank: float | None = None
    label: str | None = None


def heading_like(s: str) -> bool:
    """Short and without a sentence end except possibly a final one."""
    return len(s) <= _HEADING_MAX and not any(c in s[:-1] for c in _SENTENCE_END)


def part_like(s: str) -> bool:
    """An unmarked half-year part heading, e.g. "2018年上半年工作总结".

    Naming both halves ("…上半年工作总结及下半年工作意见") makes it a whole-document
    title instead.
    """
    halves = sum(h in s for h in _HALVES)
    # No punctuation at all: "根据…下半年我们将紧扣年度重点工作…。" is prose.
    return (len(s) <= 30 and not re.search(r"[。！？；!?;，,]", s)
            and halves == 1 and bool(_REPORT_WORDS.search(s)))


def strip_marker(s: str) -> str:
    for pattern, _ in _MARKERS:
        m = pattern.match(s)
        if m:
            return s[m.end():]
    return s


def _label(s: str) -> str:
    # Labels are display strings, not offsets, so tidying is safe:
    # "1、 补短板" → "1、补短板".
    s = re.sub(r"(?<=[、.．:：)）])\s+", "", s)
    return re.sub(r"\s+", " ", s).rstrip("。：:；;，, ")


def _item_label(s: str, body_at: int) -> str:
    lead = _label(s[:body_at])
    if len(lead) <= _LABEL_MAX:
        return lead
    clause = re.split(r"[，,：:]", lead, maxsplit=1)[0]
    return clause if len(clause) <= _LABEL_MAX else clause[:_LABEL_MAX] + "…"


def _classify(s: str, open_rank: float | None, in_title_zone: bool) -> tuple[str, float | None, str | None]:
    if _AUTONUM.match(s) and heading_like(s):
        return "heading", 1, _label(s)
    for pattern, rank in _MARKERS:
        m = pattern.match(s)
        if not m or m.end() == len(s):
            continue
        if heading_like(s):
            return "heading", rank, _label(s)
        first_end = min((i for i, c in enumerate(s) if c in _SENTENCE_END), default=len(s))
        return "item", rank, _item_label(s, first_end)
    if heading_like(s) and s[-1] not in _SENTENCE_END:
        if part_like(s):
            return "heading", 0, _label(s)
        if in_title_zone:
            return "title", None, None
        # "主要任务：" introduces what follows: nest it one half-step inside
        # the open heading so the next sibling heading closes it again.
        if len(s) <= 20 and s[-1] in "：:":
            return "heading", 0 if open_rank is None else open_rank + 0.5, _label(s)
    return "body", None, None


def scan_lines(text: str, skip: list[tuple[int, int]],
               headings: Mapping[int, int] | None = None) -> list[Line]:
    """Every kept line with its role; the shared basis of sections and metadata. `headings`:
    the level (0 title, 1, 2, … outer to inner) of each line, by its start, that the file's
    styles mark as a heading (a Word Heading N, an HTML <hN>): such a line is one whether or not it is numbered."""
    out: list[Line] = []
    open_rank: float | None = None
    in_title_zone = True
    for start, end in kept_segments(text, skip):
        level = (headings or {}).get(start)
        if level is not None and not in_title_zone and level > 0:
            role, rank, label = "heading", float(level), _label(text[start:end])
        else:
            role, rank, label = _classify(text[start:end], open_rank, in_title_zone)
        in_title_zone = in_title_zone and role == "title"
        if rank is not None:
            open_rank = rank
        out.append(Line(start, end, role, rank, label))
    return out


def parse_paragraphs(text: str, skip: list[tuple[int, int]],
                     headings: Mapping[int, int] | None = None) -> list[Paragraph]:
    """One Paragraph per title, item or body line, with the heading path active for it."""
    stack: list[tuple[float, str]] = []
    paragraphs: list[Paragraph] = []
    for line in scan_lines(text, skip, headings):
        if line.role in ("heading", "item"):
            assert line.rank is not None and line.label is not None
            while stack and stack[-1][0] >= line.rank:
                stack.pop()
            stack.append((line.rank, line.label))
        if line.role in ("title", "item", "body"):
            section = tuple(label for _, label in stack)
            paragraphs.append(Paragraph(len(paragraphs), line.start, line.end, section))
    return paragraphs
