"""A PDF's text layer, page by page, with lines wrapped by the layout joined back, and the lines
set larger than the body text marked as headings (a PDF has no styles; its type sizes say it)."""
from __future__ import annotations

import logging
import math
import re
from collections import Counter
from pathlib import Path

from index.ingest.errors import IngestError

_SENTENCE_END = "。！？；：!?;:"
# A line at least this share of the page's longest line filled its column: the sentence goes on
# in the next line, so the two are joined. Shorter lines (headings, a paragraph's last line) end.
_FULL_LINE = 0.8
# a page whose longest line is shorter than this has no column a line could fill (a title page)
_MIN_COLUMN = 20
# a line starting like a numbered heading (一、 （二） 3. 第一部分) begins a paragraph of its own
_HEADING = re.compile(r"(第[一二三四五六七八九十]+部分|[一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[)）]|\d{1,2}[.．、])")
# A line set at least this much larger than the body text (the size most of the document's
# characters are set in) is a heading, if it is short and ends no sentence; the largest such size
# is level 1, the next 2, and so on (levels past _MAX_LEVEL share it)
_HEADING_SCALE = 1.1
_HEADING_MAX_CHARS = 40
_MAX_LEVEL = 4

Sized = tuple[str, float | None]          # a line of a page and its type size (None: unknown)
Page = tuple[str, tuple[tuple[int, int], ...]]   # a page's text, and (offset, level) of its headings


def pdf_pages(path: Path) -> list[Page]:
    """The text of each page (an empty string for a page without text) with its heading lines."""
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    logging.getLogger("pypdf").setLevel(logging.ERROR)   # its warnings on odd files are not ours
    try:
        reader = PdfReader(str(path))
        if reader.is_encrypted and not _opens_without_password(reader):
            raise IngestError(f"{path}: is encrypted (password-protected); remove the password first")
        sized = [_sized_lines(page) for page in reader.pages]
    except IngestError:
        raise
    except (PyPdfError, ValueError, KeyError, TypeError, OSError) as exc:
        raise IngestError(f"{path}: is not a readable PDF ({type(exc).__name__}: {exc})") from exc
    except Exception as exc:  # pypdf raises plain errors from deep inside damaged files
        raise IngestError(f"{path}: is not a readable PDF ({type(exc).__name__}: {exc})") from exc
    if not sized:
        raise IngestError(f"{path}: the PDF has no pages")
    if not any(line for lines in sized for line, _ in lines):
        raise IngestError(f"{path}: has no text layer (a scanned image?); run OCR on it first")
    levels = heading_levels(sized)
    return [_reflow(lines, levels) for lines in sized]


def _opens_without_password(reader) -> bool:
    # Many PDFs are "encrypted" only against editing, with an empty password for reading.
    try:
        return bool(reader.decrypt(""))
    except Exception:        # a cipher pypdf cannot run without an extra package
        return False


def _sized_lines(page) -> list[Sized]:
    """The page's non-empty lines as pypdf extracts them, each with the size its characters are
    mostly set in: pypdf hands each piece of text to the visitor with its font size and matrices,
    and the size on the page is the font size times their vertical scale."""
    pieces: list[tuple[str, float]] = []

    def visit(text: str, cm, tm, font, size) -> None:
        if text:
            scale = math.hypot(tm[2], tm[3]) * math.hypot(cm[2], cm[3])
            pieces.append((text, round(float(size) * scale * 2) / 2))   # to half a point

    text = (page.extract_text(visitor_text=visit) or "").replace("\r", "\n")
    # the visitor's pieces cut into lines, each with the size most of its characters have
    seen: list[tuple[str, float | None]] = []
    line, weight = "", Counter()
    for piece, size in pieces:
        for i, part in enumerate(piece.replace("\r", "\n").split("\n")):
            if i:
                seen.append((line.strip(), weight.most_common(1)[0][0] if weight else None))
                line, weight = "", Counter()
            line += part
            weight[size] += len(part.strip())
    seen.append((line.strip(), weight.most_common(1)[0][0] if weight else None))
    # each extracted line takes the size of the next visited line with the same text, in order;
    # a line the visitor saw otherwise keeps no size and is read as body text
    sizes = {}
    at = 0
    lines = [line.strip() for line in text.split("\n") if line.strip()]
    for n, line in enumerate(lines):
        for j in range(at, len(seen)):
            if seen[j][0] == line:
                sizes[n], at = seen[j][1], j + 1
                break
    return [(line, sizes.get(n)) for n, line in enumerate(lines)]


def heading_levels(pages: list[list[Sized]]) -> dict[float, int]:
    """Type size -> heading level: the sizes clearly larger than the body's that short lines
    ending no sentence are set in, largest first."""
    chars = Counter()
    for lines in pages:
        for line, size in lines:
            if size:
                chars[size] += len(line)
    if not chars:
        return {}
    body = chars.most_common(1)[0][0]
    larger = sorted({size for lines in pages for line, size in lines
                     if size and size >= _HEADING_SCALE * body and _heading_like(line)}, reverse=True)
    return {size: min(i + 1, _MAX_LEVEL) for i, size in enumerate(larger)}


def _heading_like(line: str) -> bool:
    return len(line) <= _HEADING_MAX_CHARS and line[-1] not in "。；;，,"


def _reflow(lines: list[Sized], levels: dict[float, int]) -> Page:
    """The page's lines, those wrapped by the layout joined back; a heading stays a line of its own."""
    if not lines:
        return "", ()
    marks = [levels.get(size) if size and _heading_like(line) else None for line, size in lines]
    width = max(len(line) for line, _ in lines)
    out, heads, last = [lines[0][0]], [], lines[0][0]
    if marks[0] is not None:
        heads.append((0, marks[0]))
    for (line, _), mark, before in zip(lines[1:], marks[1:], marks):
        if (mark is None and before is None and width >= _MIN_COLUMN and len(last) >= _FULL_LINE * width
                and last[-1] not in _SENTENCE_END and not _HEADING.match(line)):
            # Chinese runs on without a space; words in Latin script need one
            out[-1] += (" " if last[-1].isascii() and line[0].isascii() else "") + line
        else:
            if mark is not None:
                heads.append((len(out), mark))
            out.append(line)
        last = line
    starts = [0]
    for line in out[:-1]:
        starts.append(starts[-1] + len(line) + 1)
    return "\n".join(out), tuple((starts[i], level) for i, level in heads)
