"""Sentences and clauses of a text, and the fallback answer when no span reader is available:
the best-matching sentence."""
from __future__ import annotations

import re

from qa.schema import Chunk

SENTENCE_ENDS = "。！？；!?;\n"
# where a clause ends: a comma, a semicolon or a sentence end
CLAUSE_MARKS = "，,；;" + SENTENCE_ENDS


def enclosing(text: str, start: int, end: int, boundaries: str) -> tuple[int, int]:
    """Bounds of the stretch of text around [start, end) up to the nearest boundary character each side."""
    lo = max(text.rfind(c, 0, start) for c in boundaries) + 1
    ends = [i for i in (text.find(c, end) for c in boundaries) if i >= 0]
    return lo, min(ends, default=len(text))


def enclosed(text: str, start: int, end: int, boundaries: str) -> str:
    lo, hi = enclosing(text, start, end, boundaries)
    return text[lo:hi]


def long_words(terms: list[str] | None) -> set[str]:
    return {t for t in terms or () if len(t) > 1}


def covered(words: set[str], text: str) -> int:
    """Characters of the question's words that occur in the text."""
    return sum(len(w) for w in words if w in text)

_SENTENCE_RE = re.compile(r"[^。！？；!?;\n]+[。！？；!?;]?")


def sentences(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence, trimmed of surrounding spaces, punctuation kept."""
    spans = []
    for m in _SENTENCE_RE.finditer(text):
        start, end = m.start(), m.end()
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if end > start:
            spans.append((start, end))
    return spans


def sentence_around(text: str, start: int, end: int) -> tuple[int, int]:
    """(start, end) of the sentence of `text` holding text[start:end] (the whole text if none)."""
    return next(((a, b) for a, b in sentences(text) if a <= start and end <= b), (0, len(text)))


def best_sentence(question_terms: list[str], chunk: Chunk) -> tuple[int, int]:
    """Offsets into the document of the chunk's sentence sharing most question terms."""
    wanted = set(question_terms)
    spans = sentences(chunk.text) or [(0, len(chunk.text))]

    def overlap(span: tuple[int, int]) -> tuple[int, int]:
        piece = chunk.text[span[0]:span[1]]
        return sum(len(t) for t in wanted if t in piece), -span[0]

    start, end = max(spans, key=overlap)
    return chunk.start + start, chunk.start + end
