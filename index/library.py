"""One report into the library and the index, or out of them: the store that results, saved.

The Assistant holds the lock and swaps in the store these return (qa/pipeline.py); here is only
what a change writes and how a failed one leaves nothing behind.
"""
from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

from index import storage as store_io
from index.build import absolute, index_document
from index.embedder import Embedder
from index.ingest.corpus import file_sha256, make_document, text_path
from index.ingest.errors import DuplicateDocument, IngestError
from index.ingest.formats import extract
from index.ingest.names import safe_name
from qa.config import Config
from qa.retriever.query import corpus_segmenter
from qa.schema import Document

Progress = Callable[[float, str], None]


def add_to_index(path: Path, store: store_io.Store, config: Config, embedder: Embedder,
                 progress: Progress | None = None) -> tuple[Document, store_io.Store]:
    """Copy a report into the library and index it: the document and the saved store holding it.

    Refused with an IngestError naming the file: anything `extract` refuses, content already
    indexed (DuplicateDocument, naming the document that has it), and a name an indexed document
    of other content already has. Interrupted at any point (Ctrl-C), the index and the library are
    as they were; the index on disk is replaced in one rename.
    """
    path = Path(path)
    name = safe_name(path.name)
    extracted = extract(path, config.max_file_bytes)        # raises before any change
    sha = file_sha256(path)
    same = next((d.doc for d in store.documents.values() if d.sha256 == sha), None)
    if same:
        raise DuplicateDocument(f"{path}: already indexed as {same}", same)
    if name in store.documents:
        raise IngestError(f"{path}: another document named {name} is already indexed; rename "
                          f"the file, or remove {name} first")
    if progress:
        progress(0.05, f"indexing {name}")
    target = config.library_dir / name
    written: list[Path] = []
    saved = False
    try:
        if path.resolve() != target.resolve():
            config.library_dir.mkdir(parents=True, exist_ok=True)
            written.append(target)
            shutil.copyfile(path, target.with_name(target.name + ".part"))
            target.with_name(target.name + ".part").replace(target)
        if not extracted.in_place:
            written.append(text_path(config.text_dir, name))
        doc = make_document(name, target, extracted, config.root, config.text_dir, sha, path.name)
        step = (lambda f, m: progress(0.05 + 0.85 * f, m)) if progress else None
        parts = index_document(doc, config, embedder,
                               corpus_segmenter([*store.documents.values(), doc], config.cache_dir), step)
        if progress:
            progress(0.9, "saving index")
        new = store.with_document(doc, *parts)
        store_io.save(new, config.index_dir)
        saved = True
    except BaseException:
        # nothing of a document that is not in the saved index stays in the library (an
        # interrupt inside `save` may come after its rename: the manifest then has it)
        manifest = None if saved else store_io.read_manifest(config.index_dir)
        if not saved and (manifest is None or name not in manifest.sources):
            for f in written:
                f.unlink(missing_ok=True)
                f.with_name(f.name + ".part").unlink(missing_ok=True)
        raise
    return doc, new


def remove_from_index(name: str, store: store_io.Store, config: Config) -> store_io.Store:
    """The saved store without document `name` (a KeyError names an unknown one); its library copy
    and extracted text are deleted once the index no longer holds it. A document indexed from the
    corpus folder is remembered as removed, so a rebuild from that folder leaves it out too."""
    doc = store.documents.get(name)
    copy = config.library_dir / name
    in_library = doc is not None and absolute(Path(doc.source or doc.path), config.root
                                              ).resolve() == copy.resolve()
    new = store.without_document(name, remember=not in_library)
    store_io.save(new, config.index_dir)
    if in_library:
        copy.unlink(missing_ok=True)
    if doc is not None and doc.source:
        text_path(config.text_dir, name).unlink(missing_ok=True)
    return new

