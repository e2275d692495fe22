"""Reading a report's bytes into text."""
from __future__ import annotations

from pathlib import Path

from index.ingest.errors import IngestError

# UTF-8 first: it is strict, so a GB18030 file almost never decodes as UTF-8 by
# accident, while the reverse (UTF-8 bytes read as GB18030) often "succeeds".
ENCODINGS = ("utf-8", "gb18030")


def read_text(path: Path) -> tuple[str, str]:
    """Return (text, encoding) exactly as `Path.read_text(encoding)` gives it.

    Going through read_text keeps universal-newline translation identical to what
    any later checker does, so stored offsets stay valid against a fresh read.
    """
    path = Path(path)
    for encoding in ENCODINGS:
        try:
            text = path.read_text(encoding)
        except UnicodeDecodeError:
            continue
        if not text.replace("\ufeff", "").strip():
            raise IngestError(f"{path}: file is empty or contains only whitespace")
        return text, encoding
    raise IngestError(f"{path}: cannot decode as {' or '.join(ENCODINGS)} text")
