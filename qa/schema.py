"""The product's concepts, one dataclass each.

Offsets (`start`, `end`) are always character offsets into the document's
original text, exactly as `Path(path).read_text(encoding)` returns it, so that
`text[start:end]` reproduces what is shown.
"""
from __future__ import annotations

from bisect import bisect_right
from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass(frozen=True)
class Document:
    doc: str                      # file name; identifies the document
    path: str                     # relative to the project root when inside it
    text: str                     # full original text
    encoding: str                 # "utf-8" or "gb18030"
    sha256: str                   # of the file's bytes
    title: str
    district: str | None          # e.g. "金坛区"
    years: tuple[int, ...]        # years the report covers
    kind: str                     # "总结", "计划", "意见" or combinations like "总结+计划"
    # A .docx/.pdf/.html report: `path` is the UTF-8 text extracted from it (what offsets refer
    # to), `source` the original file; `unit_starts` are where its pages ("page") or paragraphs
    # ("paragraph") begin in `text`. `original_name` is the file's own name when `doc` had to be
    # made safe (path parts, control characters, markup) or unique.
    source: str | None = None
    unit: str | None = None
    unit_starts: tuple[int, ...] = ()
    original_name: str | None = None
    place: str | None = None      # full path of the place it is about: "江苏省常州市金坛区"
    issuer: str | None = None     # the organ that issued it when the title says: "教育局", "人民政府"
    # (offset, level) of the lines its file's styles mark as headings (formats.Extracted.headings)
    headings: tuple[tuple[int, int], ...] = ()


@dataclass(frozen=True)
class Chunk:
    doc: str
    section: tuple[str, ...]      # heading path, outermost first
    paragraph: int                # index of the source paragraph in the document
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Citation:
    doc: str
    path: str
    title: str
    district: str | None
    year: int | None
    section: str                  # heading path joined with " > "
    start: int
    end: int
    text: str
    score: float
    source: str | None = None     # the original .docx/.pdf/.html when `path` is its extracted text
    page: int | None = None       # PDF page (1-based) where the passage starts
    paragraph: int | None = None  # .docx paragraph or table row (1-based, empty ones not counted)

    @classmethod
    def of(cls, document: Document, section: tuple[str, ...], start: int, end: int,
           score: float) -> "Citation":
        """The citation of document.text[start:end], naming the page or .docx paragraph it
        starts in."""
        unit = bisect_right(document.unit_starts, start) if document.unit_starts else None
        return cls(document.doc, document.path, document.title, document.district,
                   document.years[0] if document.years else None, " > ".join(section), start, end,
                   document.text[start:end], score, document.source,
                   unit if document.unit == "page" else None, unit if document.unit == "paragraph" else None)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


# Composed answers (qa/compose). `answer_kind` is "span" or "sentence" for one quoted span, or
# one of COMPOSED_KINDS for an answer composed from several quoted pieces:
#   "sum"     a total with its parts: "共71人：赴南京师范大学招聘优秀毕业生18人、公开招聘教师43人、
#             招聘聘用制教师10名"; where the report states the total itself, that total is shown
#             (the first part, label "合计") and never added to its own parts;
#   "list"    every item of what 哪些/哪几/哪两… asks for, numbered: "1. 第三中学；2. 朝阳小学；…";
#             or, for the things a question names and asks 各/分别 of, each thing's own quantity,
#             labelled with the thing: "一等奖7人、二等奖9人、三等奖13人";
#   "yes_no"  是, 否 or 报告未说明, then the clause that decides it: "否：不开设重点班";
#   "compare" each side's value, then the comparison: "钟楼70人，金坛43人，钟楼多27人"; a side the
#             reports do not state is said so and nothing is compared. A change asked (增加了多少)
#             of a value the report writes 从…到…: "从518家增加到731家，增加213家", parts 从 and 到.
# A composed answer's top-level `answer` is the composed text, no substring of any one file, so
# its `answer_start`/`answer_end` are None. Its `parts` are Answers each quoting one piece: the
# part's `answer` is `Path(citation.path).read_text(encoding)[answer_start:answer_end]` byte for
# byte, with `citations[0]` the passage holding it; `label` says what the piece is (the clause
# around a quantity with the quantity left out, an item's number, "依据" for a verdict's clause);
# a compare part is a whole Answer for one side, with `scope` set to that side.
COMPOSED_KINDS = ("sum", "list", "yes_no", "compare")


@dataclass
class Answer:
    question: str
    answer: str | None
    answer_kind: str              # "sentence" | "span" | one of COMPOSED_KINDS
    abstained: bool
    reason: str | None
    answer_start: int | None      # into the first citation's file
    answer_end: int | None
    citations: list[Citation] = field(default_factory=list)
    timings_ms: dict[str, float] = field(default_factory=dict)
    confidence: float | None = None
    notices: list[str] = field(default_factory=list)
    # A question asking 分别 of several districts is answered once per district: each part is a
    # whole Answer (its offsets into its own first citation's file) with the scope it was asked of.
    # The top-level fields are then the first answered part, so their offsets still check.
    parts: list[Answer] = field(default_factory=list)
    scope: str | None = None      # set on a part: the district (and year) as the question wrote it
    trace: list[str] = field(default_factory=list)   # decoding steps that changed the span (reader/steps.py)
    label: str | None = None      # set on a part of a composed answer: what the part is (see below)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    def offsets_in(self, c: Citation) -> tuple[int, int] | None:
        """Where this answer, or one part of it, sits inside citation `c`'s text; None when not in it."""
        for a in (self, *self.parts):
            if a.abstained or a.answer_start is None or a.answer_end is None or not a.citations:
                continue
            if c.path != a.citations[0].path:
                continue
            s, e = a.answer_start - c.start, a.answer_end - c.start
            if 0 <= s < e <= len(c.text):
                return s, e
        return None
