"""A Word .docx file's text: paragraphs in order, headings by style, tables row by row."""
from __future__ import annotations

import re
import zipfile
from pathlib import Path

from index.ingest.errors import IngestError

_OLE = b"\xd0\xcf\x11\xe0"    # a compound file: the old .doc format, or a password-protected .docx


def docx_blocks(path: Path) -> list[tuple[str, int | None]]:
    """One (text, heading level) per non-empty paragraph or table row, in body order: the level
    is 0 for a Title, N for a Heading N (标题 N), None for anything else."""
    import docx
    from docx.opc.exceptions import PackageNotFoundError
    from docx.table import Table

    with open(path, "rb") as f:
        if f.read(4) == _OLE:
            raise IngestError(f"{path}: is password-protected or an old .doc file; save it as an "
                              "unprotected .docx")
    try:
        document = docx.Document(str(path))
        # style names looked up once: python-docx resolves `paragraph.style` anew each time (~10 ms)
        styles = {style.style_id: style.name or "" for style in document.styles}
        blocks = []
        for item in document.iter_inner_content():
            if isinstance(item, Table):
                blocks += [(row, None) for row in map(_row_text, item.rows) if row]
            else:
                text = item.text.strip()
                if text:
                    level = heading_level(styles.get(item._p.style or "", ""))
                    # a heading keeps its own line, so the section parser sees it as one
                    blocks.append((text.replace("\n", " ") if level is not None else text, level))
    except IngestError:
        raise
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError, AttributeError) as exc:
        raise IngestError(f"{path}: is not a readable .docx file (damaged, or not a Word document: "
                          f"{type(exc).__name__})") from exc
    except Exception as exc:  # lxml and zlib errors from a damaged part
        raise IngestError(f"{path}: is not a readable .docx file ({type(exc).__name__}: {exc})") from exc
    if not blocks:
        raise IngestError(f"{path}: the document has no text")
    return blocks


_LEVEL_RE = re.compile(r"(?:Heading|标题)\s*(\d)")


def heading_level(style: str) -> int | None:
    """0 for a Title style, N for Heading N / 标题 N, None for a body style."""
    found = _LEVEL_RE.match(style)
    if found:
        return int(found.group(1))
    return 0 if style in ("Title", "标题") else None


def _row_text(row) -> str:
    # a merged cell is returned once per grid column it spans; show it once
    cells: list[str] = []
    seen = set()
    for cell in row.cells:
        if id(cell._tc) in seen:
            continue
        seen.add(id(cell._tc))
        cells.append(" ".join(cell.text.split()))
    return " | ".join(c for c in cells if c)
