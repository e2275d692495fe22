"""A PDF's text layer, page by page, with lines wrapped by the layout joined back."""
from __future__ import annotations

import logging
import re
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


def pdf_pages(path: Path) -> list[str]:
    """The text of each page (an empty string for a page without text)."""
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    logging.getLogger("pypdf").setLevel(logging.ERROR)   # its warnings on odd files are not ours
    try:
        reader = PdfReader(str(path))
        if reader.is_encrypted and not _opens_without_password(reader):
            raise IngestError(f"{path}: is encrypted (password-protected); remove the password first")
        pages = [_reflow(page.extract_text() or "") for page in reader.pages]
    except IngestError:
        raise
    except (PyPdfError, ValueError, KeyError, TypeError, OSError) as exc:
        raise IngestError(f"{path}: is not a readable PDF ({type(exc).__name__}: {exc})") from exc
    except Exception as exc:  # pypdf raises plain errors from deep inside damaged files
        raise IngestError(f"{path}: is not a readable PDF ({type(exc).__name__}: {exc})") from exc
    if not pages:
        raise IngestError(f"{path}: the PDF has no pages")
    if not any(p.strip() for p in pages):
        raise IngestError(f"{path}: has no text layer (a scanned image?); run OCR on it first")
    return pages


def _opens_without_password(reader) -> bool:
    # Many PDFs are "encrypted" only against editing, with an empty password for reading.
    try:
        return bool(reader.decrypt(""))
    except Exception:        # a cipher pypdf cannot run without an extra package
        return False


def _reflow(page: str) -> str:
    lines = [line.strip() for line in page.replace("\r", "\n").split("\n")]
    lines = [line for line in lines if line]
    if not lines:
        return ""
    width = max(len(line) for line in lines)
    out, last = [lines[0]], lines[0]
    for line in lines[1:]:
        if (width >= _MIN_COLUMN and len(last) >= _FULL_LINE * width and last[-1] not in _SENTENCE_END
                and not _HEADING.match(line)):
            # Chinese runs on without a space; words in Latin script need one
            out[-1] += (" " if last[-1].isascii() and line[0].isascii() else "") + line
        else:
            out.append(line)
        last = line
    return "\n".join(out)
