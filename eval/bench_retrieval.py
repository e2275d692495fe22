"""Retrieval benchmark: index build time, chunk count, latency and recall per method.

    .venv/bin/python eval/bench_retrieval.py [--set eval/changzhou_dev.jsonl]

Prints numbers; it asserts nothing. Relevance is the evaluator's: a chunk of a
gold document that overlaps the item's evidence.
"""
from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from qa.config import Config
from eval.metrics import percentile, recall_at_k
from eval.runner import DocumentTexts, relevant
from eval.sets import load_set
from qa.pipeline import Assistant
from qa.schema import Citation

MODES = ("dense", "bm25", "hybrid")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--set", default="eval/changzhou_dev.jsonl")
    parser.add_argument("-k", type=int, default=10)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        config = Config().with_overrides(index_dir=Path(tmp) / "store", library_dir=Path(tmp) / "library")
        started = time.perf_counter()
        assistant = Assistant.load(config)
        build_s = time.perf_counter() - started
        documents = {d.doc: d for d in assistant.documents()}
        n_chunks = len(assistant.store.chunks)
        print(f"index build (model load included): {build_s:.1f} s; "
              f"{len(documents)} documents, {n_chunks} chunks")
        items = [i for i in load_set(Path(args.set)) if i.answerable and i.doc]
        texts = DocumentTexts(config.root)
        for mode in MODES:
            ranks, latency = [], []
            assistant.retrieve(items[0].question, args.k, mode=mode)      # warm
            for item in items:
                t0 = time.perf_counter()
                hits = assistant.retrieve(item.question, args.k, mode=mode)
                latency.append((time.perf_counter() - t0) * 1000)
                cites = [Citation(h.chunk.doc, documents[h.chunk.doc].path, "", None, None, "",
                                  h.chunk.start, h.chunk.end, h.chunk.text, h.score) for h in hits]
                ranks.append(next((r + 1 for r, c in enumerate(cites) if relevant(c, item, texts)), None))
            print(f"{mode:>6}: recall@1 {recall_at_k(ranks, 1):.3f}  recall@5 {recall_at_k(ranks, 5):.3f}  "
                  f"recall@10 {recall_at_k(ranks, 10):.3f}  p50 {percentile(latency, 50):6.1f} ms  "
                  f"p95 {percentile(latency, 95):6.1f} ms  (n={len(items)})")


if __name__ == "__main__":
    main()
