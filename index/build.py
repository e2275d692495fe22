"""Documents → chunks → BM25 terms and e5 vectors; and the staleness check."""
from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import numpy as np

from qa.config import Config
from index.ingest.chunker import CHUNKER_VERSION
from index.ingest.corpus import chunk, load_corpus
from qa.schema import Chunk, Document

from index.embedder import Embedder
from index.storage import FORMAT, Manifest, Store, new_store
from qa.retriever.terms import Segmenter

Progress = Callable[[float, str], None]


def passage_text(doc: Document, chunk_: Chunk) -> str:
    # e5 sees where a passage sits (report, section) so "金坛 2019 招聘" finds it
    return f"{doc.title} {' '.join(chunk_.section)}\n{chunk_.text}"


def chunk_terms(segmenter: Segmenter, chunk_: Chunk) -> list[str]:
    return segmenter.terms(" ".join(chunk_.section) + " " + chunk_.text)


def index_document(doc: Document, config: Config, embedder: Embedder, segmenter: Segmenter,
                   progress: bool = False) -> tuple[list[Chunk], list[list[str]], np.ndarray]:
    chunks = chunk(doc, config.chunk_max_chars, config.chunk_overlap_chars)
    terms = [chunk_terms(segmenter, c) for c in chunks]
    vectors = embedder.passages([passage_text(doc, c) for c in chunks], progress=progress)
    return chunks, terms, vectors


def corpus_sources(config: Config, corpus_dir: Path) -> tuple[list[Document], list[str]]:
    """The bundled (or chosen) corpus plus the user's library."""
    docs, warnings = load_corpus(corpus_dir, config.root)
    if config.library_dir.is_dir():
        extra, more = load_corpus(config.library_dir, config.root)
        names = {d.doc for d in docs}
        docs += [d for d in extra if d.doc not in names]
        warnings += more
    return docs, warnings


def build_store(docs: list[Document], config: Config, corpus_dir: Path, model_sha256: str,
                embedder: Embedder, segmenter: Segmenter, removed: tuple[str, ...] = (),
                skipped: tuple[str, ...] = (), progress: Progress | None = None) -> Store:
    store = new_store(model_sha256, config.chunk_max_chars, config.chunk_overlap_chars, str(corpus_dir))
    wanted = [d for d in docs if d.doc not in removed]
    for i, doc in enumerate(wanted):
        if progress:
            progress(i / max(1, len(wanted)), f"indexing {doc.doc}")
        store = store.with_document(doc, *index_document(doc, config, embedder, segmenter))
    store = store.marked(tuple(removed), tuple(skipped))
    if progress:
        progress(1.0, "done")
    return store


def stale_reasons(manifest: Manifest | None, config: Config, model_sha256: str) -> list[str]:
    """Why an index on disk must not be used; empty when it matches the corpus and model."""
    if manifest is None:
        return ["no index has been built"]
    reasons = []
    if manifest.format != FORMAT:
        reasons.append(f"index format {manifest.format} is not {FORMAT}")
    if manifest.model_sha256 != model_sha256:
        reasons.append("it was built with another embedding model")
    if (manifest.chunker_version, manifest.chunk_max_chars, manifest.chunk_overlap_chars) != (
            CHUNKER_VERSION, config.chunk_max_chars, config.chunk_overlap_chars):
        reasons.append("chunking settings changed")
    for name, source in manifest.sources.items():
        path = Path(source["path"])
        path = path if path.is_absolute() else config.root / path
        if not path.is_file():
            reasons.append(f"{name} is missing from disk")
        elif _sha256(path) != source["sha256"]:
            reasons.append(f"{name} changed on disk")
    known = set(manifest.sources) | set(manifest.removed) | set(manifest.skipped)
    for folder in (Path(manifest.corpus_dir), config.library_dir):
        folder = folder if folder.is_absolute() else config.root / folder
        for path in sorted(folder.glob("*.txt")) if folder.is_dir() else []:
            if path.name not in known:
                reasons.append(f"{path.name} is new")
    return reasons


def _sha256(path: Path) -> str:
    import hashlib

    return hashlib.sha256(path.read_bytes()).hexdigest()
