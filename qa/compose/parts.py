"""Quoted pieces of a composed answer, each an Answer of its own with a citation that holds it."""
from __future__ import annotations

from dataclasses import replace

from index.storage import Store
from qa.schema import Answer, Citation


def cite(store: Store, doc: str, start: int, end: int, prefer: list[Citation]) -> Citation:
    """A citation of the passage holding text[start:end] of `doc`: one of `prefer` (the passages
    the question retrieved) where one holds it, else the indexed chunk that does, else the
    quoted stretch itself, so the piece always checks against its file."""
    for c in prefer:
        if c.doc == doc and c.start <= start and end <= c.end:
            return c
    document = store.documents[doc]
    chunk = next((c for c in store.chunks if c.doc == doc and c.start <= start and end <= c.end), None)
    lo, hi, section = (chunk.start, chunk.end, chunk.section) if chunk else (start, end, ())
    return Citation.of(document, section, lo, hi, 0.0)


def part(question: str, store: Store, doc: str, start: int, end: int, label: str | None,
         prefer: list[Citation]) -> Answer:
    """One quoted piece: its text, offsets into its file and the passage that holds it."""
    text = store.documents[doc].text
    return Answer(question, text[start:end], "span", False, None, start, end,
                  [cite(store, doc, start, end, prefer)], label=label)


def composed(base: Answer, kind: str, text: str, parts: list[Answer]) -> Answer:
    """The composed Answer: `text` on top (no offsets), the parts' passages cited first."""
    seen, citations = set(), []
    for c in [p.citations[0] for p in parts if p.citations] + base.citations:
        if (c.path, c.start, c.end) not in seen:
            seen.add((c.path, c.start, c.end))
            citations.append(c)
    return replace(base, answer=text, answer_kind=kind, abstained=False, reason=None,
                   answer_start=None, answer_end=None, citations=citations, parts=parts)
