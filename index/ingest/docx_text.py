"""A Word .docx file's text: paragraphs in order, headings by style, tables row by row."""
from __future__ import annotations

import zipfile
from pathlib import Path

from index.ingest.errors import IngestError

_OLE = b"\xd0\xcf\x11\xe0"    # a compound file: the old .doc format, or a password-protected .docx


def docx_blocks(path: Path) -> list[str]:
    """One string per non-empty paragraph or table row, in body order."""
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
                blocks += [row for row in map(_row_text, item.rows) if row]
            else:
                text = item.text.strip()
                if text:
                    blocks.append(_heading(styles.get(item._p.style or "", ""), text))
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


def _heading(style: str, text: str) -> str:
    # A heading keeps its own line: the section parser then sees it as a line of its own,
    # which is what it needs to put it in the section path of the paragraphs below it.
    return text.replace("\n", " ") if style.startswith(("Heading", "Title", "标题")) else text


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
