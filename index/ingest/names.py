"""The name a document is stored and shown under, made safe from whatever the file was called."""
from __future__ import annotations

import re
import unicodedata

from index.ingest.errors import IngestError

# path separators, characters Windows forbids or shells and HTML treat specially, and controls
_UNSAFE = re.compile(r'[\x00-\x1f\x7f-\x9f<>:"/\\|?*&;`$\'{}\[\]]')
_MAX_BYTES = 150      # leaves room for the ".txt" of the canonical text and " (2)" under 255


def safe_name(raw: str) -> str:
    """A plain file name: no folders, no controls or markup, not starting with '.' or '-'.

    '<img src=x onerror=alert(1)>.txt' becomes 'img src=x onerror=alert(1)_.txt' and '-rf.txt'
    'rf.txt'; the caller keeps `raw` to show.
    """
    name = unicodedata.normalize("NFC", raw or "")
    name = name.replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join("_" if unicodedata.category(ch) in ("Cc", "Cf", "Zl", "Zp") else ch for ch in name)
    name = _UNSAFE.sub("_", name)
    name = " ".join(name.split()).lstrip(".-_ ")
    stem, dot, suffix = name.rpartition(".")
    if not stem or not dot:
        raise IngestError(f"{raw!r}: the file name has no name before its extension")
    while len(name.encode("utf-8")) > _MAX_BYTES:
        stem = stem[:-1]
        name = f"{stem}.{suffix}"
    return name


def numbered(name: str, n: int) -> str:
    """'x.pdf', 2 → 'x (2).pdf': the name a second document of the same name gets."""
    stem, dot, suffix = name.rpartition(".")
    return f"{stem} ({n}).{suffix}" if dot else f"{name} ({n})"
