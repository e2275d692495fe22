"""Files → Documents → Chunks: the one entry point callers need."""
from __future__ import annotations

import hashlib
import os
from pathlib import Path

from index.ingest.chunker import chunk_document
from index.ingest.clean import boilerplate_spans
from index.ingest.errors import IngestError
from index.ingest.formats import Extracted, extract, report_files
from index.ingest.metadata import detect_metadata
from index.ingest.names import safe_name
from index.ingest.sections import parse_paragraphs
from qa.config import Config
from qa.schema import Chunk, Document

MAX_BYTES = Config.max_file_bytes


def display_path(path: Path, root: Path) -> str:
    # Relative inside the project keeps citations valid when the clone moves.
    resolved, base = Path(path).resolve(), Path(root).resolve()
    return resolved.relative_to(base).as_posix() if resolved.is_relative_to(base) else str(resolved)


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def text_path(text_dir: Path, name: str) -> Path:
    """Where the canonical text of an extracted document named `name` lives."""
    return Path(text_dir) / f"{name}.txt"


def make_document(name: str, original: Path, extracted: Extracted, root: Path, text_dir: Path,
                  sha256: str | None = None, original_name: str | None = None) -> Document:
    """The Document for a file already extracted; writes its canonical text when it has one."""
    original = Path(original)
    if extracted.in_place:
        path, source = original, None
    else:
        path, source = text_path(text_dir, name), display_path(original, root)
        write_text_atomic(path, extracted.text)
    meta = detect_metadata(extracted.text, boilerplate_spans(extracted.text), dict(extracted.headings))
    return Document(
        doc=name,
        path=display_path(path, root),
        text=extracted.text,
        encoding=extracted.encoding,
        sha256=sha256 or file_sha256(original),
        title=meta.title,
        district=meta.district,
        years=meta.years,
        kind=meta.kind,
        source=source,
        unit=extracted.unit,
        unit_starts=extracted.unit_starts,
        headings=extracted.headings,
        original_name=original_name if original_name and original_name != name else None,
        place=meta.place.full if meta.place else None,
        issuer=meta.issuer,
    )


def write_text_atomic(path: Path, text: str) -> None:
    """Write UTF-8 text with "\\n" line ends so that `read_text("utf-8")` gives `text` back; a crash
    leaves the old file or the new one."""
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.is_file() and path.read_bytes() == text.encode("utf-8"):
        return
    part = path.with_name(path.name + ".part")
    with open(part, "w", encoding="utf-8", newline="\n") as out:
        out.write(text)
        out.flush()
        os.fsync(out.fileno())
    os.replace(part, path)


def load_document(path: Path, root: Path, text_dir: Path | None = None, max_bytes: int = MAX_BYTES,
                  name: str | None = None) -> Document:
    """Read one report file in place (its extracted text, if any, goes to `text_dir`)."""
    path = Path(path)
    extracted = extract(path, max_bytes)
    return make_document(name or safe_name(path.name), path, extracted, root,
                         text_dir or path.parent / "text", original_name=path.name)


def load_corpus(directory: Path, root: Path, text_dir: Path | None = None, max_bytes: int = MAX_BYTES,
                recursive: bool = False) -> tuple[list[Document], list[str]]:
    """Load every report file in path order; a bad file is skipped and named in a warning."""
    documents: list[Document] = []
    warnings: list[str] = []
    for path in report_files(Path(directory), recursive):
        try:
            documents.append(load_document(path, root, text_dir, max_bytes))
        except (IngestError, OSError) as exc:
            warnings.append(f"skipped {path.name}: {exc}")
    return documents, warnings


def chunk(doc: Document, max_chars: int, overlap: int) -> list[Chunk]:
    """clean → sections → chunker over a loaded Document."""
    paragraphs = parse_paragraphs(doc.text, boilerplate_spans(doc.text), dict(doc.headings))
    return chunk_document(doc.text, doc.doc, paragraphs, max_chars, overlap)
