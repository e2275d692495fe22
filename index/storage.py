"""The persisted index: documents, chunks, e5 vectors in FAISS, and BM25 terms.

A `Store` is never changed in place: adding or removing a document returns a
new one, so a question being answered keeps a consistent view while the
library changes. `save` writes a whole new folder and swaps it in by rename,
so a crash leaves either the old index or the new one, never a mix.

Every file is written with its sha256 in the manifest and checked at load, so a
flipped vector, a shifted offset or an edited name is found, never used. The
user's removals are also kept in a history file beside the folder, so a lost
manifest does not bring removed reports back.
"""
from __future__ import annotations

import json
import os
import shutil
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

import faiss
import numpy as np

from index import dense
from index.ingest.chunker import CHUNKER_VERSION
from index.ingest.corpus import file_sha256
from qa.schema import Chunk, Document

FORMAT = 2                            # 2: the manifest holds each file's sha256
MANIFEST = "manifest.json"
FILES = ("documents.json", "chunks.jsonl", "dense.faiss")


class StoreError(RuntimeError):
    """The index on disk cannot be used as it is."""


@dataclass(frozen=True)
class Manifest:
    model_sha256: str
    chunker_version: str
    chunk_max_chars: int
    chunk_overlap_chars: int
    corpus_dir: str
    sources: dict[str, dict]          # doc -> {"path", "sha256", "encoding"}
    removed: tuple[str, ...] = ()     # bundled documents the user took out
    skipped: tuple[str, ...] = ()     # files that could not be read; retried on the next full build
    counts: dict[str, int] = field(default_factory=dict)
    built_at: float = 0.0
    format: int = FORMAT
    files: dict[str, str] = field(default_factory=dict)   # file name -> sha256 of its bytes
    # dense.faiss's kind and parameters (index.dense.DenseSpec); empty in older manifests: flat
    dense: dict = field(default_factory=dict)


@dataclass(frozen=True)
class Store:
    manifest: Manifest
    documents: dict[str, Document]
    chunks: tuple[Chunk, ...]
    terms: tuple[tuple[str, ...], ...]   # BM25 terms per chunk
    vectors: np.ndarray                  # [n_chunks, dim], L2-normalised
    # the FAISS index of `vectors` once read or built: an IVF index of a million vectors takes
    # minutes to build on two cores, so a store builds it at most once (see dense_index)
    index: faiss.Index | None = field(default=None, compare=False, repr=False)

    @property
    def dense_spec(self) -> dense.DenseSpec:
        return dense.DenseSpec.of(self.manifest.dense)

    def dense_index(self) -> faiss.Index:
        """The index of `vectors`, of the kind the manifest names; built on first use. Searching
        never changes it, so every retriever over this store can share it."""
        if self.index is None:
            object.__setattr__(self, "index", dense.build(self.vectors, self.dense_spec))
        return self.index

    def with_document(self, doc: Document, chunks: list[Chunk], terms: list[list[str]],
                      vectors: np.ndarray) -> "Store":
        base = self.without_document(doc.doc) if doc.doc in self.documents else self
        sources = {**base.manifest.sources, doc.doc: _source(doc)}
        # a removed name stays removed: the corpus file of that name is still out, whatever the
        # user adds under the name now (corpus_sources lets library files through)
        return base._replace(sources, base.manifest.removed, {**base.documents, doc.doc: doc},
                             base.chunks + tuple(chunks), base.terms + tuple(map(tuple, terms)),
                             np.vstack([base.vectors, vectors]) if len(base.vectors) else vectors)

    def without_document(self, name: str, remember: bool = True) -> "Store":
        """The store without `name`; `remember` keeps the name in `removed`, so a full build
        leaves the corpus file of that name out too (a library file is simply deleted)."""
        if name not in self.documents:
            raise KeyError(f"no indexed document named {name}")
        keep = [i for i, c in enumerate(self.chunks) if c.doc != name]
        sources = {d: s for d, s in self.manifest.sources.items() if d != name}
        documents = {d: v for d, v in self.documents.items() if d != name}
        removed = self.manifest.removed + ((name,) if remember and name not in self.manifest.removed else ())
        return self._replace(sources, removed, documents,
                             tuple(self.chunks[i] for i in keep), tuple(self.terms[i] for i in keep),
                             self.vectors[keep])

    def marked(self, removed: tuple[str, ...], skipped: tuple[str, ...]) -> "Store":
        manifest = Manifest(**{**asdict(self.manifest), "removed": removed, "skipped": skipped})
        return Store(manifest, self.documents, self.chunks, self.terms, self.vectors, self.index)

    def with_dense_exact_max(self, exact_max: int) -> "Store":
        """The same store with its dense index chosen anew for `exact_max` (nothing is re-embedded)."""
        spec = dense.choose(len(self.vectors), exact_max)
        manifest = Manifest(**{**asdict(self.manifest), "dense": spec.as_dict()})
        return Store(manifest, self.documents, self.chunks, self.terms, self.vectors,
                     self.index if spec == self.dense_spec else None)

    def _replace(self, sources, removed, documents, chunks, terms, vectors) -> "Store":
        counts = {"documents": len(documents), "chunks": len(chunks)}
        # the kind is chosen again for the new size, under the threshold the store was built with
        spec = dense.choose(len(vectors), self.dense_spec.exact_max)
        manifest = Manifest(**{**asdict(self.manifest), "sources": sources, "removed": tuple(removed),
                               "counts": counts, "built_at": time.time(), "dense": spec.as_dict()})
        return Store(manifest, documents, chunks, terms, vectors)


def _source(doc: Document) -> dict:
    # the file the user has (the original .docx/.pdf/.html), whose bytes sha256 is of
    return {"path": doc.source or doc.path, "sha256": doc.sha256, "encoding": doc.encoding}


def new_store(model_sha256: str, chunk_max: int, chunk_overlap: int, corpus_dir: str,
              dense_exact_max: int = dense.EXACT_MAX) -> Store:
    manifest = Manifest(model_sha256, CHUNKER_VERSION, chunk_max, chunk_overlap, corpus_dir, {},
                        dense=dense.choose(0, dense_exact_max).as_dict())
    return Store(manifest, {}, (), (), np.zeros((0, 384), dtype=np.float32))


def save(store: Store, index_dir: Path) -> None:
    tmp = index_dir.with_name(index_dir.name + ".tmp")
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir(parents=True)
    docs = [{k: v for k, v in asdict(d).items() if k != "text"} for d in store.documents.values()]
    (tmp / "documents.json").write_text(json.dumps(docs, ensure_ascii=False, indent=1), "utf-8")
    with (tmp / "chunks.jsonl").open("w", encoding="utf-8") as out:
        for chunk, terms in zip(store.chunks, store.terms):
            row = {"doc": chunk.doc, "section": chunk.section, "paragraph": chunk.paragraph,
                   "start": chunk.start, "end": chunk.end, "terms": terms}
            out.write(json.dumps(row, ensure_ascii=False) + "\n")
    faiss.write_index(store.dense_index(), str(tmp / "dense.faiss"))
    manifest = {**asdict(store.manifest), "files": {name: file_sha256(tmp / name) for name in FILES}}
    # the manifest goes last: a folder without one is never taken for an index
    (tmp / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False, indent=1), "utf-8")
    old = index_dir.with_name(index_dir.name + ".old")
    shutil.rmtree(old, ignore_errors=True)
    if index_dir.exists():
        index_dir.rename(old)
    tmp.rename(index_dir)
    shutil.rmtree(old, ignore_errors=True)
    write_history(index_dir, store.manifest)


def history_path(index_dir: Path) -> Path:
    return index_dir.with_name(index_dir.name + ".history.json")


def write_history(index_dir: Path, manifest: Manifest) -> None:
    """What a rebuild must keep of the user's choices when the manifest itself is lost."""
    path = history_path(index_dir)
    part = path.with_name(path.name + ".part")
    part.write_text(json.dumps({"corpus_dir": manifest.corpus_dir, "removed": list(manifest.removed)},
                               ensure_ascii=False, indent=1), "utf-8")
    os.replace(part, path)


def read_history(index_dir: Path) -> tuple[str, tuple[str, ...]] | None:
    """(corpus folder, removed documents) as of the last save, or None."""
    try:
        data = json.loads(history_path(index_dir).read_text("utf-8"))
        return str(data["corpus_dir"]), tuple(str(n) for n in data["removed"])
    except (OSError, ValueError, TypeError, KeyError):
        return None


def recover(index_dir: Path) -> None:
    """Finish a `save` that was killed between its two renames.

    The index folder is missing only in that moment; ".tmp" then holds the complete new index
    (its manifest is written last) and ".old" the previous one. The new one is taken.
    """
    if (index_dir / MANIFEST).exists():
        return
    for spare in (index_dir.with_name(index_dir.name + ".tmp"), index_dir.with_name(index_dir.name + ".old")):
        if (spare / MANIFEST).is_file() and read_manifest(spare, recovering=False) is not None:
            shutil.rmtree(index_dir, ignore_errors=True)
            spare.rename(index_dir)
            return


def read_manifest(index_dir: Path, recovering: bool = True) -> Manifest | None:
    if recovering:
        recover(index_dir)
    try:
        data = json.loads((index_dir / MANIFEST).read_text("utf-8"))
        data["removed"] = tuple(data.get("removed", ()))
        data["skipped"] = tuple(data.get("skipped", ()))
        manifest = Manifest(**data)
        return manifest if all(isinstance(d, dict) for d in (manifest.sources, manifest.files, manifest.dense)) \
            else None
    except (OSError, ValueError, TypeError):
        return None


def load(index_dir: Path, root: Path) -> Store:
    """Read an index; raises StoreError when a file is missing or a document changed."""
    manifest = read_manifest(index_dir)
    if manifest is None:
        raise StoreError(f"no readable index in {index_dir}")
    for name in FILES:
        path = index_dir / name
        if not path.is_file():
            raise StoreError(f"index file {name} is missing")
        if manifest.files.get(name) != file_sha256(path):
            raise StoreError(f"index file {name} is damaged (its checksum does not match)")
    try:
        docs_meta = json.loads((index_dir / "documents.json").read_text("utf-8"))
        rows = [json.loads(line) for line in (index_dir / "chunks.jsonl").read_text("utf-8").splitlines()]
        index = faiss.read_index(str(index_dir / "dense.faiss"))
    except (OSError, ValueError, RuntimeError) as exc:
        raise StoreError(f"index in {index_dir} is damaged: {exc}") from exc
    spec = dense.DenseSpec.of(manifest.dense)
    if not dense.fits(index, spec):
        raise StoreError(f"index in {index_dir} is damaged: dense.faiss is not the {spec.kind} index "
                         "its manifest names")
    documents = {}
    for meta in docs_meta:
        path = Path(meta["path"]) if Path(meta["path"]).is_absolute() else root / meta["path"]
        text = path.read_text(meta["encoding"])
        documents[meta["doc"]] = Document(text=text, **{**meta, "years": tuple(meta["years"]),
                                                        "unit_starts": tuple(meta.get("unit_starts", ())),
                                                        "headings": tuple(map(tuple, meta.get("headings", ())))})
    unknown = sorted({r["doc"] for r in rows} - documents.keys())
    if unknown:
        raise StoreError(f"index in {index_dir} is damaged: chunks of unknown documents {', '.join(unknown)}")
    chunks = tuple(Chunk(r["doc"], tuple(r["section"]), r["paragraph"], r["start"], r["end"],
                         documents[r["doc"]].text[r["start"]:r["end"]]) for r in rows)
    vectors = dense.vectors_of(dense.prepared(index, spec))
    if len(vectors) != len(chunks):
        raise StoreError(f"index in {index_dir} is damaged: {len(vectors)} vectors for {len(chunks)} chunks")
    return Store(manifest, documents, chunks, tuple(tuple(r["terms"]) for r in rows), vectors, index)
