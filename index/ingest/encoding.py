"""Reading a report's bytes into text."""
from __future__ import annotations

import codecs
import unicodedata
from pathlib import Path

from index.ingest.errors import IngestError

# UTF-8 first: it is strict, so a GB18030 file almost never decodes as UTF-8 by
# accident, while the reverse (UTF-8 bytes read as GB18030) often "succeeds".
ENCODINGS = ("utf-8", "gb18030")
# A byte-order mark names its encoding outright; Python's "utf-16"/"utf-32" codecs read the mark
# and drop it. UTF-32 goes first: its little-endian mark begins with UTF-16's.
_BOMS = ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
         (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))
# Text has an odd character now and then (a form feed between pages, a private-use glyph); a file
# where more than this share of the characters are controls, unassigned or private-use code points,
# or byte-order marks past the start, is a binary file that happened to decode.
_ODD_SHARE = 0.01
_TEXT_CONTROLS = "\t\n\r\f\v"
_ODD_CATEGORIES = {"Cc", "Cn", "Co", "Cs"}


def read_text(path: Path) -> tuple[str, str]:
    """Return (text, encoding) exactly as `Path.read_text(encoding)` gives it.

    Going through read_text keeps universal-newline translation identical to what
    any later checker does, so stored offsets stay valid against a fresh read.
    Files with a UTF-16/UTF-32 byte-order mark are read too; their encoding is then
    "utf-16"/"utf-32", which callers store as UTF-8 canonical text.
    """
    path = Path(path)
    head = path.read_bytes()[:4]
    marked = next((enc for bom, enc in _BOMS if head.startswith(bom)), None)
    for encoding in (marked,) if marked else ENCODINGS:
        try:
            text = path.read_text(encoding)
        except UnicodeDecodeError:
            continue
        check_text(path, text)
        return text, encoding
    if marked:
        raise IngestError(f"{path}: starts with a {marked.upper()} byte-order mark but is not valid {marked.upper()}")
    raise IngestError(f"{path}: cannot decode as {' or '.join(ENCODINGS)} text")


def check_text(path: Path, text: str) -> None:
    """Refuse text that is empty, holds NUL characters, or is mostly control characters."""
    if not text.replace("\ufeff", "").strip():
        raise IngestError(f"{path}: file is empty or contains only whitespace")
    if "\x00" in text:
        raise IngestError(f"{path}: contains NUL bytes (a binary file, or UTF-16 without a byte-order mark; "
                          "save it as UTF-8)")
    odd = text[1:].count("\ufeff") + sum(
        1 for ch in text if ch not in _TEXT_CONTROLS and unicodedata.category(ch) in _ODD_CATEGORIES)
    if odd > _ODD_SHARE * len(text):
        raise IngestError(f"{path}: looks like a binary file, not text "
                          f"({odd} of {len(text)} characters are control or unassigned code points)")
