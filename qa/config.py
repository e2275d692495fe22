"""All tunable settings and paths in one place.

Every component receives a `Config`; nothing reads environment variables or
module-level globals on its own, so tests can point a whole assistant at a
temporary folder by building one object.
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field, replace
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent


def _default_cache() -> Path:
    # QA_CACHE lets CI and users keep the converted model outside the clone.
    env = os.environ.get("QA_CACHE")
    return Path(env) if env else PROJECT_ROOT / ".cache"


@dataclass(frozen=True)
class Config:
    root: Path = PROJECT_ROOT
    corpus_dir: Path = PROJECT_ROOT / "data"
    index_dir: Path = PROJECT_ROOT / "index" / "store"
    # Documents added by users are copied here so their citations stay checkable.
    library_dir: Path = PROJECT_ROOT / "index" / "library"
    cache_dir: Path = field(default_factory=_default_cache)
    reader_dir: Path = PROJECT_ROOT / "qa" / "reader" / "weights"

    # chunking: windows sized for a 384-token reader (about 1.1 tokens per Chinese char)
    chunk_max_chars: int = 300
    chunk_overlap_chars: int = 60

    # retrieval
    top_k: int = 5
    candidates: int = 30
    rrf_k: int = 60
    # Fusion weights, chosen with eval/bench_retrieval.py on eval/changzhou_dev.jsonl:
    # BM25 is the sharper signal on report prose; e5 mainly rescues paraphrases.
    dense_weight: float = 0.3
    bm25_weight: float = 1.0
    max_question_chars: int = 500

    # reader
    reader_max_len: int = 384
    reader_stride: int = 128
    reader_max_answer_tokens: int = 30
    reader_threads: int = 2

    @property
    def model_dir(self) -> Path:
        return self.cache_dir / "multilingual-e5-small"

    def with_overrides(self, **changes) -> "Config":
        return replace(self, **changes)
