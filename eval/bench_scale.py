"""Retrieval at scale: the hybrid retriever over many synthetic passages. Prints numbers only.

    .venv/bin/python eval/bench_scale.py [--sizes 10000 100000 1000000] [--queries 50]

The bundled index's passages (their BM25 words and e5 vectors) are repeated, with noise added to
the vectors, across as many documents of 300 passages as it takes; real questions of the own dev
set are embedded once. Timed: building the retriever (BM25 matrix, FAISS index) and each search,
over everything and restricted to one place's documents (1 %). The e5 query encoding (~20 ms)
and the reader are the same at any size and are not included.
"""
from __future__ import annotations

import argparse
import statistics
import time
from dataclasses import replace
from pathlib import Path

import numpy as np

from eval.metrics import percentile
from eval.sets import load_set
from index.storage import Store
from qa.retriever.hybrid import HybridRetriever

PER_DOC = 300


class FixedQueries:
    """Stands in for the embedder: each question's real e5 vector, computed beforehand."""

    def __init__(self, vectors: dict[str, np.ndarray]) -> None:
        self.vectors = vectors

    def query(self, text: str) -> np.ndarray:
        return self.vectors[text]


def grown(store: Store, size: int, seed: int = 0) -> Store:
    rng = np.random.default_rng(seed)
    base = len(store.chunks)
    picks = np.arange(size) % base
    vectors = store.vectors[picks] + rng.normal(0, 0.02, (size, store.vectors.shape[1])).astype(np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    docs = [f"doc{i // PER_DOC:05d}" for i in range(size)]
    chunks = tuple(replace(store.chunks[p], doc=d) for p, d in zip(picks, docs))
    documents = {d: None for d in dict.fromkeys(docs)}
    return Store(store.manifest, documents, chunks, tuple(store.terms[p] for p in picks), vectors)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000, 1_000_000])
    parser.add_argument("--queries", type=int, default=50)
    parser.add_argument("--set", default="eval/changzhou_dev.jsonl")
    args = parser.parse_args()

    from qa.pipeline import Assistant

    assistant = Assistant.load()
    questions = [q.question for q in load_set(Path(args.set))][:args.queries]
    embedder = FixedQueries({q: assistant.embedder.query(q) for q in questions})
    segmenter = assistant._state[2]
    for size in args.sizes:
        store = grown(assistant.store, size)
        started = time.perf_counter()
        retriever = HybridRetriever(store, embedder, segmenter, assistant.config.candidates, assistant.config.rrf_k,
                                    (assistant.config.dense_weight, assistant.config.bm25_weight),
                                    assistant.config.candidates_per_document)
        built = time.perf_counter() - started
        place = set(list(store.documents)[:max(1, len(store.documents) // 100)])
        for label, allowed in (("all", None), ("one place (1 %)", place)):
            times = []
            for q in questions:
                t = time.perf_counter()
                retriever.search(q, 5, allowed)
                times.append((time.perf_counter() - t) * 1000)
            print(f"{size:>9,} passages, {label:<16} search p50 {statistics.median(times):7.1f} ms, "
                  f"p95 {percentile(times, 95):7.1f} ms (retriever built in {built:.1f} s)", flush=True)
        del retriever, store


if __name__ == "__main__":
    main()
