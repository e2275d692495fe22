"""The real passages eval/bench_scale.py grows a large index from: their e5 vectors and BM25 terms.

The bundled index's chunks come as they are. Further real Chinese prose (the other places'
government work reports in tests/data, and CMRC 2018 train's Wikipedia paragraphs when
../shared/mrc is at hand) is cut into windows of the chunk size and embedded once; the vectors
are kept in .cache/bench_scale/, keyed by the model and the texts, so later runs start at once.
"""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from index.embedder import Embedder
from index.storage import Store
from qa.retriever.terms import Segmenter
from qa.schema import Chunk

EXTRA_REPORTS = Path("tests/data/other_places")
CMRC = Path("../shared/mrc/cmrc2018_train.json")


@dataclass(frozen=True)
class Base:
    chunks: tuple[Chunk, ...]
    terms: tuple[tuple[str, ...], ...]
    vectors: np.ndarray                   # [n, 384], L2-normalised


def windows(name: str, text: str, size: int, overlap: int) -> list[Chunk]:
    step = max(1, size - overlap)
    return [Chunk(name, (), 0, start, min(len(text), start + size), text[start:start + size])
            for start in range(0, max(1, len(text) - overlap), step)]


def extra_texts(root: Path) -> list[tuple[str, str]]:
    """(name, text) of the real prose beyond the bundled reports that is on this machine."""
    texts = [(p.name, p.read_text("utf-8")) for p in sorted((root / EXTRA_REPORTS).glob("*.txt"))]
    cmrc = root / CMRC
    if cmrc.is_file():
        data = json.loads(cmrc.read_text("utf-8"))["data"]
        texts += [(f"cmrc-{a['id'] if 'id' in a else i}-{j}", p["context"])
                  for i, a in enumerate(data) for j, p in enumerate(a["paragraphs"])]
    return texts


def base_passages(store: Store, embedder: Embedder, segmenter: Segmenter, root: Path, cache_dir: Path,
                  model_sha256: str, size: int, overlap: int) -> Base:
    extra = [c for name, text in extra_texts(root) for c in windows(name, text, size, overlap)]
    key = hashlib.sha256("\n".join([model_sha256, *(c.text for c in extra)]).encode()).hexdigest()[:16]
    path = cache_dir / "bench_scale" / f"base-{key}.npy"
    if path.is_file():
        vectors = np.load(path)
    else:
        print(f"embedding {len(extra):,} extra passages once (cached in {path})", flush=True)
        vectors = embedder.passages([c.text for c in extra], progress=True)
        path.parent.mkdir(parents=True, exist_ok=True)
        np.save(path, vectors)
    terms = tuple(tuple(segmenter.terms(c.text)) for c in extra)
    return Base(store.chunks + tuple(extra), store.terms + terms, np.vstack([store.vectors, vectors]))
