"""Files → Documents → Chunks: the one entry point callers need."""
from __future__ import annotations

import hashlib
from pathlib import Path

from index.ingest.chunker import chunk_document
from index.ingest.clean import boilerplate_spans
from index.ingest.encoding import read_text
from index.ingest.errors import IngestError
from index.ingest.metadata import detect_metadata
from index.ingest.sections import parse_paragraphs
from qa.schema import Chunk, Document


def _display_path(path: Path, root: Path) -> str:
    # Relative inside the project keeps citations valid when the clone moves.
    resolved, base = path.resolve(), root.resolve()
    return resolved.relative_to(base).as_posix() if resolved.is_relative_to(base) else str(resolved)


def load_document(path: Path, root: Path) -> Document:
    path = Path(path)
    text, encoding = read_text(path)
    meta = detect_metadata(text, boilerplate_spans(text))
    return Document(
        doc=path.name,
        path=_display_path(path, Path(root)),
        text=text,
        encoding=encoding,
        sha256=hashlib.sha256(path.read_bytes()).hexdigest(),
        title=meta.title,
        district=meta.district,
        years=meta.years,
        kind=meta.kind,
        place=meta.place.full if meta.place else None,
        issuer=meta.issuer,
    )


def load_corpus(directory: Path, root: Path) -> tuple[list[Document], list[str]]:
    """Load every *.txt in name order; a bad file is skipped and named in a warning."""
    documents: list[Document] = []
    warnings: list[str] = []
    for path in sorted(Path(directory).glob("*.txt"), key=lambda p: p.name):
        try:
            documents.append(load_document(path, root))
        except (IngestError, OSError) as exc:
            warnings.append(f"skipped {path.name}: {exc}")
    return documents, warnings


def chunk(doc: Document, max_chars: int, overlap: int) -> list[Chunk]:
    """clean → sections → chunker over a loaded Document."""
    paragraphs = parse_paragraphs(doc.text, boilerplate_spans(doc.text))
    return chunk_document(doc.text, doc.doc, paragraphs, max_chars, overlap)
