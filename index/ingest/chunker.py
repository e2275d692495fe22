"""Paragraphs → retrieval chunks that are exact slices of the original text."""
from __future__ import annotations

import re

from index.ingest.clean import trim
from index.ingest.sections import Paragraph
from qa.schema import Chunk

# Bump whenever chunk boundaries can change, so stored indexes get rebuilt.
CHUNKER_VERSION = "3"   # 2: a Word heading style or an HTML <hN> makes a heading; 3: a PDF line set larger than the body

# A sentence ends at 。！？； (and ASCII/half-width forms); closing quotes and
# brackets that follow belong to the sentence they close.
_SENTENCE_END_RE = re.compile(r"[。！？；!?;｡]+[”’\"'」』）)\]】]*")
_SOFT_BREAK = "，、,：:"


def _sentences(text: str, start: int, end: int) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    pos = start
    for m in _SENTENCE_END_RE.finditer(text, start, end):
        spans.append(trim(text, pos, m.end()))
        pos = m.end()
    spans.append(trim(text, pos, end))
    return [(s, e) for s, e in spans if e > s]


def _hard_cut(text: str, start: int, end: int, max_chars: int) -> list[tuple[int, int]]:
    """Pieces of at most max_chars, cut after a comma when one is in the back half."""
    pieces: list[tuple[int, int]] = []
    while end - start > max_chars:
        limit = start + max_chars
        cut = max((i + 1 for i in range(start + max_chars // 2, limit) if text[i] in _SOFT_BREAK),
                  default=limit)
        pieces.append(trim(text, start, cut))
        start = trim(text, cut, end)[0]
    pieces.append((start, end))
    return [(s, e) for s, e in pieces if e > s]


def _units(text: str, start: int, end: int, max_chars: int) -> list[tuple[int, int]]:
    units: list[tuple[int, int]] = []
    for s, e in _sentences(text, start, end):
        units.extend(_hard_cut(text, s, e, max_chars))
    return units


def _windows(units: list[tuple[int, int]], max_chars: int, overlap_chars: int) -> list[tuple[int, int]]:
    """Greedy windows of whole units; each next window re-starts on the last
    units of the previous one that fit in overlap_chars (and leave room for new text)."""
    windows: list[tuple[int, int]] = []
    i = 0
    while True:
        j = i
        while j + 1 < len(units) and units[j + 1][1] - units[i][0] <= max_chars:
            j += 1
        windows.append((units[i][0], units[j][1]))
        if j + 1 == len(units):
            return windows
        k = j + 1
        while (k - 1 > i and units[j][1] - units[k - 1][0] <= overlap_chars
               and units[j + 1][1] - units[k - 1][0] <= max_chars):
            k -= 1
        i = k


def chunk_document(text: str, doc: str, paragraphs: list[Paragraph],
                   max_chars: int, overlap_chars: int) -> list[Chunk]:
    """One chunk per paragraph that fits in max_chars, sentence windows otherwise.

    Chunks never cross a paragraph (hence section) boundary, and paragraphs are
    never merged: a chunk then has exactly one paragraph and one section path.
    """
    if max_chars <= 0 or not 0 <= overlap_chars < max_chars:
        raise ValueError(f"need max_chars > 0 and 0 <= overlap_chars < max_chars, "
                         f"got {max_chars}, {overlap_chars}")
    chunks: list[Chunk] = []
    for p in paragraphs:
        if p.end - p.start <= max_chars:
            spans = [(p.start, p.end)]
        else:
            spans = _windows(_units(text, p.start, p.end, max_chars), max_chars, overlap_chars)
        chunks.extend(Chunk(doc=doc, section=p.section, paragraph=p.index, start=s, end=e,
                            text=text[s:e]) for s, e in spans)
    return chunks
