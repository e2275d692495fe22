"""Retrieval at scale: the hybrid retriever over up to a million passages. Prints numbers only.

    .venv/bin/python eval/bench_scale.py [--sizes 10000 100000 1000000] [--queries 50] [--kinds flat ivf]

Construction. The base is ~6,400 real passages with real e5 vectors and BM25 terms: the bundled
index's 193 chunks, the four other places' work reports in tests/data cut into 300-character
windows, and CMRC 2018 train's 2,403 Wikipedia paragraphs likewise (../shared/mrc; without it the
base is the ~600 report passages alone). eval/scale_base.py embeds them once and caches the vectors.
A store of N passages repeats the base cyclically, row i a copy of base passage i mod B, in
documents of 300 rows; each copy's vector gets Gaussian noise of σ = 0.02 per dimension and is
normalised again (‖noise‖ ≈ 0.39: a copy keeps cosine ≈ 0.93 with its original), its BM25 terms
are the original's. At a million rows every base passage has ~150 copies, so the vectors are far
more clustered than a real corpus of a million distinct passages. The noise is chosen so that the
copies cannot be told apart by their original alone: a question's cosine with a copy moves by
~0.02, about the gap between a question's best real passages, so the exact top 10 mixes copies of
several originals (the `originals` column counts them). Recall@10 is always measured against exact
search (IndexFlatIP) over the same noisy vectors, with the same question vectors.

Questions are the first `--queries` of eval/changzhou_dev.jsonl, embedded once by e5; the e5
question encoding (~20 ms) and the reader are the same at any size and not timed. Timed per size
and index kind: building the dense index and the BM25 matrix; dense-only search (top 10) and
recall@10; hybrid search (top 5) over everything, and restricted to one place's documents making
up 1 % and 10 % of the store (with the dense recall@10 within the 10 %: a restriction of over
50,000 rows is searched in the IVF index with a bitmap, a smaller one exactly). Memory: the
process's resident set after building, the dense index's bytes and the BM25 matrix's. Both kinds
run at every size for comparison; * marks the kind the store itself takes: flat up to
Config.dense_exact_max (50,000), IVF above (index/dense.py).

HNSW was measured first, on the same million vectors (faiss.IndexHNSWFlat, M 32, efConstruction
40, inner product): 131 s to build on two otherwise quiet cores (IVF: 52 s) and recall@10 0.53 /
0.66 / 0.82 / 0.92 at efSearch 128 / 256 / 512 / 1024 (1-3 ms), where IVF probing 128 of 4,000
lists found 0.986 in 7 ms. Its graph does poorly on copies this clustered; IVF's lists follow them.
"""
from __future__ import annotations

import argparse
import gc
import resource
import statistics
import time
from dataclasses import asdict, replace
from pathlib import Path

import faiss
import numpy as np

from eval.metrics import percentile
from eval.scale_base import Base, base_passages
from eval.sets import load_set
from index import dense
from index.storage import Manifest, Store
from qa.retriever.hybrid import HybridRetriever

PER_DOC = 300
NOISE = 0.02
BLOCK = 100_000            # rows of noise drawn at a time (float32), not a million at once


class FixedQueries:
    """Stands in for the embedder: each question's real e5 vector, computed beforehand."""

    def __init__(self, vectors: dict[str, np.ndarray]) -> None:
        self.vectors = vectors

    def query(self, text: str) -> np.ndarray:
        return self.vectors[text]


def grown(base: Base, manifest: Manifest, size: int, seed: int = 0) -> tuple[Store, np.ndarray]:
    """A store of `size` noisy copies of the base passages, and which base passage each row copies."""
    rng = np.random.default_rng(seed)
    picks = np.arange(size) % len(base.chunks)
    vectors = np.empty((size, base.vectors.shape[1]), dtype=np.float32)
    for start in range(0, size, BLOCK):
        block = base.vectors[picks[start:start + BLOCK]]
        block += NOISE * rng.standard_normal(block.shape, dtype=np.float32)
        block /= np.linalg.norm(block, axis=1, keepdims=True)
        vectors[start:start + BLOCK] = block
    docs = [f"doc{i // PER_DOC:05d}" for i in range(size)]
    chunks = tuple(replace(base.chunks[p], doc=d) for p, d in zip(picks.tolist(), docs))
    documents = dict.fromkeys(docs)
    return Store(manifest, documents, chunks, tuple(base.terms[p] for p in picks.tolist()), vectors), picks


def timed(retriever: HybridRetriever, questions: list[str], k: int, allowed: set[str] | None = None,
          mode: str = "hybrid") -> tuple[float, float]:
    times = []
    for q in questions:
        t = time.perf_counter()
        retriever.search(q, k, allowed, mode=mode)
        times.append((time.perf_counter() - t) * 1000)
    return statistics.median(times), percentile(times, 95)


def rss_gb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 2**20
    return float("nan")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000, 1_000_000])
    parser.add_argument("--queries", type=int, default=50)
    parser.add_argument("--kinds", nargs="+", default=["flat", "ivf"], choices=["flat", "ivf"])
    parser.add_argument("--set", default="eval/changzhou_dev.jsonl")
    args = parser.parse_args()

    from qa.pipeline import Assistant

    assistant = Assistant.load()
    config, segmenter = assistant.config, assistant._state[2]
    base = base_passages(assistant.store, assistant.embedder, segmenter, config.root, config.cache_dir,
                         assistant.model_sha256, config.chunk_max_chars, config.chunk_overlap_chars)
    questions = [q.question for q in load_set(Path(args.set))][:args.queries]
    embedder = FixedQueries({q: assistant.embedder.query(q) for q in questions})
    matrix = np.vstack([embedder.query(q) for q in questions])
    print(f"base: {len(base.chunks):,} real passages; {len(questions)} questions; faiss threads "
          f"{faiss.omp_get_max_threads()}", flush=True)
    print(f"{'passages':>9} {'index':<28} {'dense s':>7} {'bm25 s':>6} | {'dense p50':>9} {'p95':>6} "
          f"{'R@10':>5} {'originals':>9} | {'hybrid p50':>10} {'p95':>6} | {'1% p50':>6} {'p95':>6} | "
          f"{'10% p50':>7} {'p95':>6} {'R@10':>5} | {'RSS GB':>6} {'index MB':>8} {'bm25 MB':>7}", flush=True)
    for size in args.sizes:
        store, picks = grown(base, assistant.store.manifest, size)
        exact = faiss.IndexFlatIP(store.vectors.shape[1])
        exact.add(store.vectors)
        _, truth = exact.search(matrix, 10)
        del exact
        originals = statistics.mean(len(set(picks[row].tolist())) for row in truth)
        names = list(store.documents)
        places = [set(names[:max(1, len(names) * share // 100)]) for share in (1, 10)]
        inside = np.arange(min(size, len(places[1]) * PER_DOC))     # documents are runs of PER_DOC rows
        close = np.argsort(-(store.vectors[inside] @ matrix.T), axis=0, kind="stable")[:10].T
        truth_ten = [set(inside[c].tolist()) for c in close]
        for kind in args.kinds:
            spec = dense.choose(size, size if kind == "flat" else 0)
            sized = Store(Manifest(**{**asdict(store.manifest), "dense": spec.as_dict()}),
                          store.documents, store.chunks, store.terms, store.vectors)
            started = time.perf_counter()
            index = sized.dense_index()
            built = time.perf_counter() - started
            started = time.perf_counter()
            retriever = HybridRetriever(sized, embedder, segmenter, config.candidates, config.rrf_k,
                                        (config.dense_weight, config.bm25_weight), config.candidates_per_document)
            indexed = time.perf_counter() - started
            found = [retriever._dense_pool(embedder.query(q), None)[:10] for q in questions]
            recall = statistics.mean(len(set(f) & set(t.tolist())) / 10 for f, t in zip(found, truth))
            mask = retriever._of_documents(places[1])
            recall_ten = statistics.mean(len(set(retriever._dense_pool(embedder.query(q), mask)[:10]) & t) / 10
                                         for q, t in zip(questions, truth_ten))
            dense_only = timed(retriever, questions, 10, mode="dense")
            everything = timed(retriever, questions, 5)
            one, ten = (timed(retriever, questions, 5, place) for place in places)
            tf = retriever.bm25.tf
            label = spec.kind if spec.exact else f"ivf {spec.nlist} lists, {spec.nprobe} probed"
            label += " *" if spec.exact == (size <= config.dense_exact_max) else ""
            print(f"{size:>9,} {label:<28} {built:>7.1f} {indexed:>6.1f} | {dense_only[0]:>9.1f} {dense_only[1]:>6.1f} "
                  f"{recall:>5.3f} {originals:>9.1f} | {everything[0]:>10.1f} {everything[1]:>6.1f} | "
                  f"{one[0]:>6.1f} {one[1]:>6.1f} | {ten[0]:>7.1f} {ten[1]:>6.1f} {recall_ten:>5.3f} | "
                  f"{rss_gb():>6.2f} "
                  f"{dense.index_bytes(index) / 2**20:>8.0f} "
                  f"{(tf.data.nbytes + tf.indices.nbytes + tf.indptr.nbytes) / 2**20:>7.0f}", flush=True)
            del retriever, sized, index
            gc.collect()
        del store
        gc.collect()
    print(f"peak RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 2**20:.2f} GB; vectors are "
          "held twice at every size (the store's array and the FAISS index)", flush=True)


if __name__ == "__main__":
    main()
