"""Which files are reports, and their text: .txt as it is, .docx/.pdf/.html extracted.

A plain-text file is its own canonical text (read in place, offsets into it as
`Path.read_text(encoding)` gives it). Every other format is extracted once into
UTF-8 text that the library stores beside the original; offsets and citations
refer to that text, and `unit_starts` remember where each page (PDF) or
paragraph (docx) begins in it, so a citation can name them.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from index.ingest.encoding import check_text, read_text
from index.ingest.errors import IngestError

TEXT_SUFFIXES = (".txt",)
EXTRACTED_SUFFIXES = (".docx", ".pdf", ".html", ".htm")
SUFFIXES = TEXT_SUFFIXES + EXTRACTED_SUFFIXES
# characters no report needs and that break display or offsets (controls other than
# tab/newline, byte-order marks and the like inside extracted text)
_STRAY = re.compile(r"[\x00-\x08\x0b-\x1f\x7f\ufeff\ufffe]")


@dataclass(frozen=True)
class Extracted:
    text: str
    encoding: str                    # the original's encoding when in place, else "utf-8"
    in_place: bool                   # the original file is itself the canonical text
    unit: str | None = None          # "page" (PDF) or "paragraph" (docx): what unit_starts count
    unit_starts: tuple[int, ...] = ()  # offset in `text` where unit 1, 2, … begins
    # (offset, level) of each line the file marks as a heading (a Word style, an HTML <hN>): 0 a title,
    # 1, 2, … outer to inner; the section parser reads them where no 一、/（一） marks them
    headings: tuple[tuple[int, int], ...] = ()


def is_report(path: Path) -> bool:
    return path.suffix.lower() in SUFFIXES and not path.name.startswith(".")


def report_files(folder: Path, recursive: bool = True) -> list[Path]:
    """The report files under `folder` in path order; hidden files and folders are left out."""
    folder = Path(folder)
    found = folder.rglob("*") if recursive else folder.iterdir()
    return sorted((p for p in found if p.is_file() and is_report(p)
                   and not any(part.startswith(".") for part in p.relative_to(folder).parts)),
                  key=lambda p: p.relative_to(folder).as_posix())


def check_file(path: Path, max_bytes: int) -> None:
    """What can be said about a file before reading it: exists, is a file, accepted, not too big."""
    path = Path(path)
    if path.is_dir():
        raise IngestError(f"{path}: is a folder, not a file")
    if not path.exists():
        raise IngestError(f"{path}: no such file")
    if path.suffix.lower() not in SUFFIXES:
        raise IngestError(f"{path}: {path.suffix or 'a file without an extension'} is not an accepted format "
                          f"(accepted: {', '.join(SUFFIXES)})")
    size = path.stat().st_size
    if size > max_bytes:
        raise IngestError(f"{path}: {size / 2**20:.1f} MB is over the {max_bytes / 2**20:.0f} MB limit")
    if size == 0:
        raise IngestError(f"{path}: file is empty")


def extract(path: Path, max_bytes: int) -> Extracted:
    """The canonical text of a report file; IngestError names the file and the reason."""
    path = Path(path)
    check_file(path, max_bytes)
    suffix = path.suffix.lower()
    inner = None
    try:
        if suffix in TEXT_SUFFIXES:
            text, encoding = read_text(path)
            if encoding in ("utf-8", "gb18030"):
                return Extracted(text, encoding, True)
            return Extracted(_clean(text), "utf-8", False)
        if suffix == ".docx":
            from index.ingest.docx_text import docx_blocks

            styled, unit = docx_blocks(path), "paragraph"
        elif suffix == ".pdf":
            from index.ingest.pdf_text import pdf_pages

            pages = pdf_pages(path)
            styled, unit = [(page, None) for page, _ in pages], "page"
            inner = [heads for _, heads in pages]
        else:
            from index.ingest.html_text import html_blocks

            styled, unit = html_blocks(path), None
    except PermissionError as exc:
        raise IngestError(f"{path}: cannot be read ({exc.strerror})") from exc
    return _joined(path, styled, unit, inner)


def _joined(path: Path, styled: list[tuple[str, int | None]], unit: str | None,
            inner: list[tuple[tuple[int, int], ...]] | None = None) -> Extracted:
    """The blocks' text, one per line, with where each begins; `styled` pairs each block with its
    heading level (None for no heading), `inner` gives each block's heading lines inside it as
    (offset in the block, level): a PDF page holds many lines."""
    # one block per line (a page may hold many lines); a blank line between pages keeps a
    # page's last paragraph from running into the next page's first
    sep = "\n\n" if unit == "page" else "\n"
    starts, parts, headings, pos = [], [], [], 0
    for n, (raw, level) in enumerate(styled):
        block = _clean(raw)
        starts.append(pos)
        parts.append(block)
        if level is not None:
            headings.append((pos, level))
        # where a heading line starts once the stray characters before it are gone
        headings += [(pos + len(_STRAY.sub("", raw[:at])), lvl) for at, lvl in (inner[n] if inner else ())]
        pos += len(block) + len(sep)
    text = sep.join(parts) + "\n"
    check_text(path, text)
    return Extracted(text, "utf-8", False, unit, tuple(starts), tuple(headings))


def _clean(text: str) -> str:
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return _STRAY.sub("", text).strip("\n")


def expand(paths: list[Path]) -> tuple[list[Path], list[str]]:
    """Files to add: each file as given, each folder's report files (recursively), in order,
    each once. Problems found on the way (a missing path, a folder without reports) are lines
    naming the path; a file of another format is kept so that its refusal names the reason."""
    files: list[Path] = []
    problems: list[str] = []
    for path in map(Path, paths):
        if path.is_dir():
            found = report_files(path)
            if not found:
                problems.append(f"{path}: the folder holds no reports ({', '.join(SUFFIXES)})")
            files += found
        elif path.exists():
            files.append(path)
        else:
            problems.append(f"{path}: no such file or folder")
    seen: set[Path] = set()
    return [f for f in files if not (f.resolve() in seen or seen.add(f.resolve()))], problems
