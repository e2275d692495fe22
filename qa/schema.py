"""The product's concepts, one dataclass each.

Offsets (`start`, `end`) are always character offsets into the document's
original text, exactly as `Path(path).read_text(encoding)` returns it, so that
`text[start:end]` reproduces what is shown.
"""
from __future__ import annotations

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
    place: str | None = None      # full path of the place it is about: "江苏省常州市金坛区"
    issuer: str | None = None     # the organ that issued it when the title says: "教育局", "人民政府"


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

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class Answer:
    question: str
    answer: str | None
    answer_kind: str              # "sentence" | "span"
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
