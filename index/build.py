"""Documents → chunks → BM25 terms and e5 vectors; and the staleness check."""
from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import numpy as np

from dataclasses import dataclass

from qa.config import Config
from index.ingest.chunker import CHUNKER_VERSION
from index.ingest.corpus import chunk, display_path, file_sha256, make_document
from index.ingest.errors import IngestError
from index.ingest.formats import extract, report_files
from index.ingest.names import numbered, safe_name
from qa.schema import Chunk, Document

from index.embedder import Embedder
from index import storage as store_io
from index.storage import FORMAT, Manifest, Store, new_store
from qa.retriever.query import corpus_segmenter
from qa.retriever.terms import Segmenter

Progress = Callable[[float, str], None]
EMBED_BATCH = 64          # chunks embedded between two progress reports


def passage_text(doc: Document, chunk_: Chunk) -> str:
    # e5 sees where a passage sits (report, section) so "金坛 2019 招聘" finds it
    return f"{doc.title} {' '.join(chunk_.section)}\n{chunk_.text}"


def chunk_terms(segmenter: Segmenter, chunk_: Chunk) -> list[str]:
    return segmenter.terms(" ".join(chunk_.section) + " " + chunk_.text)


def index_document(doc: Document, config: Config, embedder: Embedder, segmenter: Segmenter,
                   progress: Progress | None = None) -> tuple[list[Chunk], list[list[str]], np.ndarray]:
    """A document's chunks, BM25 terms and vectors; `progress(fraction, message)` after each batch."""
    chunks = chunk(doc, config.chunk_max_chars, config.chunk_overlap_chars)
    terms = [chunk_terms(segmenter, c) for c in chunks]
    texts = [passage_text(doc, c) for c in chunks]
    vectors = []
    for start in range(0, len(texts), EMBED_BATCH):
        vectors.append(embedder.passages(texts[start:start + EMBED_BATCH]))
        if progress:
            done = min(start + EMBED_BATCH, len(texts))
            progress(done / len(texts), f"indexing {doc.doc}: {done}/{len(texts)} chunks")
    return chunks, terms, np.vstack(vectors) if vectors else embedder.passages([])


@dataclass(frozen=True)
class Sources:
    """What a full build indexes, and what it could not or would not."""
    documents: list[Document]
    warnings: list[str]           # one line per file dropped, renamed or merged, naming it and why
    skipped: tuple[str, ...]      # display paths of unreadable or duplicate files; retried on the next full build


def corpus_sources(config: Config, corpus_dir: Path, removed: tuple[str, ...] = ()) -> Sources:
    """The user's library (every accepted format) plus the corpus folder, read recursively.

    The library comes first: its names are the ones the user added under. A corpus file named
    like a removed document stays out; a name used twice gets " (2)"; the same content twice is
    indexed once. Every such decision is a warning naming the file.
    """
    library = report_files(config.library_dir, recursive=False) if config.library_dir.is_dir() else []
    ours = (config.library_dir.resolve(), config.index_dir.resolve())
    corpus = [p for p in report_files(corpus_dir) if not any(p.resolve().is_relative_to(o) for o in ours)]
    docs: list[Document] = []
    warnings: list[str] = []
    skipped: list[str] = []
    by_sha: dict[str, str] = {}
    for origin, path in [("library", p) for p in library] + [("corpus", p) for p in corpus]:
        shown = display_path(path, config.root)
        try:
            base = safe_name(path.name)
            name = _free_name(base, {d.doc for d in docs})
            if origin == "corpus" and (base in removed or name in removed):
                continue
            sha = file_sha256(path)
            if sha in by_sha:
                if by_sha[sha] != base:
                    warnings.append(f"{shown}: the same content as {by_sha[sha]}; indexed once")
                skipped.append(shown)        # known, so the next start does not take it for new
                continue
            doc = make_document(name, path, extract(path, config.max_file_bytes), config.root,
                                config.text_dir, sha, path.name)
        except (IngestError, OSError) as exc:
            warnings.append(f"skipped {shown}: {exc}")
            skipped.append(shown)
            continue
        if name != base:
            warnings.append(f"{shown}: another document is already named {base}; indexed as {name}")
        by_sha[sha] = name
        docs.append(doc)
    return Sources(docs, warnings, tuple(skipped))


def _free_name(name: str, taken: set[str]) -> str:
    n, free = 2, name
    while free in taken:
        free, n = numbered(name, n), n + 1
    return free


def build_store(docs: list[Document], config: Config, corpus_dir: Path, model_sha256: str,
                embedder: Embedder, segmenter: Segmenter, removed: tuple[str, ...] = (),
                skipped: tuple[str, ...] = (), progress: Progress | None = None) -> Store:
    # `removed` only goes into the manifest: corpus_sources already left those documents out, and a
    # library document may carry a removed name again (the user removed one and added another)
    store = new_store(model_sha256, config.chunk_max_chars, config.chunk_overlap_chars, str(corpus_dir),
                      config.dense_exact_max)
    wanted = list(docs)
    for i, doc in enumerate(wanted):
        def step(fraction: float, message: str, i: int = i) -> None:
            if progress:
                progress((i + fraction) / max(1, len(wanted)), message)

        step(0.0, f"indexing {doc.doc}")
        store = store.with_document(doc, *index_document(doc, config, embedder, segmenter, step))
    store = store.marked(tuple(removed), tuple(skipped))
    if progress:
        progress(1.0, "done")
    return store


def build_from_folder(config: Config, corpus_dir: Path, model_sha256: str, embedder: Embedder,
                      removed: tuple[str, ...] = (), progress: bool = False) -> tuple[Store, list[str]]:
    """The index of the library (every accepted format) and the corpus folder, not yet saved;
    the warnings name every file left out, renamed or merged, and why."""
    if not corpus_dir.is_dir():
        raise FileNotFoundError(f"corpus folder {corpus_dir} does not exist")
    sources = corpus_sources(config, corpus_dir, removed)
    segmenter = corpus_segmenter(sources.documents, config.cache_dir)
    report = _bar("index", len(sources.documents)) if progress else None
    store = build_store(sources.documents, config, relative_path(corpus_dir, config.root), model_sha256, embedder,
                        segmenter, removed, sources.skipped, report)
    return store, sources.warnings


def open_index(config: Config, embedder: Embedder, model_sha256: str, progress: bool = False,
               rebuild: bool = False, corpus_dir: Path | None = None) -> tuple[Store, list[str]]:
    """The saved index, or one built (and saved) where it is missing, stale, unreadable or a
    rebuild is asked: the store and what the user is told of a rebuild they did not ask for."""
    manifest = store_io.read_manifest(config.index_dir)
    reasons = ["rebuild requested"] if rebuild or corpus_dir else stale_reasons(manifest, config, model_sha256)
    if not reasons:
        try:
            return store_io.load(config.index_dir, config.root), []
        except (store_io.StoreError, OSError, UnicodeDecodeError) as exc:
            reasons = [str(exc)]
    notices: list[str] = []
    # a lost or unreadable manifest leaves the history: the corpus folder and the removals
    history = (manifest.corpus_dir, manifest.removed) if manifest else store_io.read_history(config.index_dir)
    if history and not manifest:
        reasons = [f"its manifest in {config.index_dir} is missing or damaged"]
    if history and not rebuild and not corpus_dir:
        notices.append("index rebuilt: " + "; ".join(reasons))
    chosen = corpus_dir or (Path(history[0]) if history and not rebuild else config.corpus_dir)
    # the user's removals hold for as long as the index is built from the same corpus
    same = history is not None and relative_path(absolute(chosen, config.root), config.root) == \
        relative_path(absolute(Path(history[0]), config.root), config.root)
    removed = history[1] if same else ()
    store, warnings = build_from_folder(config, absolute(chosen, config.root), model_sha256,
                                        embedder, removed, progress)
    store_io.save(store, config.index_dir)
    return store, notices + warnings


def relative_path(path: Path, root: Path) -> Path:
    """`path` relative to `root` where it lies inside it (as manifests record it), else absolute."""
    try:
        return path.resolve().relative_to(root.resolve())
    except ValueError:
        return path.resolve()


def _bar(desc: str, total: int) -> Progress:
    from tqdm import tqdm

    bar = tqdm(total=total, desc=desc, unit="doc")

    def report(fraction: float, message: str) -> None:
        bar.n = round(fraction * total)
        bar.set_postfix_str(message.removeprefix("indexing "), refresh=False)   # "NAME: 64/300 chunks"
        bar.refresh()
        if fraction >= 1.0:
            bar.close()

    return report


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
        path = absolute(Path(source["path"]), config.root)
        if not path.is_file():
            reasons.append(f"{name} is missing from disk")
        elif _sha256(path) != source["sha256"]:
            reasons.append(f"{name} changed on disk")
    # Only the corpus folder is scanned for new files. A library file the manifest does not know is
    # what an add killed before its index was saved leaves behind: the last complete index stays in
    # use, and the next full build picks the file up.
    known = {_resolved(s["path"], config.root) for s in manifest.sources.values()}
    known |= {_resolved(s, config.root) for s in manifest.skipped}
    corpus = _resolved(manifest.corpus_dir, config.root)
    ours = (config.library_dir.resolve(), config.index_dir.resolve())
    for path in report_files(corpus) if corpus.is_dir() else []:
        if path.resolve() in known or path.name in manifest.skipped or any(
                path.resolve().is_relative_to(o) for o in ours):
            continue
        if path.name not in manifest.removed and safe_name(path.name) not in manifest.removed:
            reasons.append(f"{display_path(path, config.root)} is new")
    return reasons


def _resolved(path: str, root: Path) -> Path:
    return absolute(Path(path), root).resolve()


def absolute(path: Path, root: Path) -> Path:
    """A path the manifest keeps relative to the project root, made absolute."""
    return path if path.is_absolute() else root / path


def _sha256(path: Path) -> str:
    return file_sha256(path)
