"""e5 vectors for passages and questions; the model loads on first use, once."""
from __future__ import annotations

import threading
from pathlib import Path

import numpy as np


class Embedder:
    def __init__(self, model_dir: Path, threads: int = 2) -> None:
        self.model_dir = model_dir
        self.threads = threads
        self._model = None
        # One model serves every chat user; loading it twice or sharing its tokenizer across
        # threads mid-call is not safe, and on two cores parallel encodes would not be faster.
        self._lock = threading.RLock()

    @property
    def model(self):
        with self._lock:
            return self._load()

    def _load(self):
        if self._model is None:
            import torch
            from sentence_transformers import SentenceTransformer

            torch.set_num_threads(self.threads)
            if not (self.model_dir / "config.json").is_file():
                raise FileNotFoundError(f"embedding model not prepared at {self.model_dir}: run `qa models prepare`")
            self._model = SentenceTransformer(str(self.model_dir), device="cpu", local_files_only=True)
        return self._model

    def passages(self, texts: list[str], progress: bool = False) -> np.ndarray:
        if not texts:
            return np.zeros((0, 384), dtype=np.float32)
        with self._lock:
            vectors = self._load().encode(texts, prompt_name="passage", batch_size=16, normalize_embeddings=True,
                                          show_progress_bar=progress, convert_to_numpy=True)
        return vectors.astype(np.float32)

    def query(self, text: str) -> np.ndarray:
        with self._lock:
            vector = self._load().encode([text], prompt_name="query", normalize_embeddings=True,
                                         convert_to_numpy=True)
        return vector.astype(np.float32)
