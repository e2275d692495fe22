"""The FAISS and the Milvus store backends on every own question: how many answers are identical.

    .venv/bin/python eval/compare_backends.py [--store URI] [--index-dir DIR] [--show N]

An answer is identical when its text, kind, abstention and reason, its offsets and the passage
quoting it (report, offsets) are, and so is every part of it; counted again with every citation
(report, offsets, order) too. Where the two differ, a third run tells why: the
FAISS backend with BM25 statistics over the whole collection, as Milvus keeps them (ours are over
the reports in scope). An answer the Milvus backend shares with that run differs because of the
statistics alone; any other difference is the backend's own. Also the median time of an answer
and of its retrieval on each. Prints numbers; it asserts nothing.

--store: a milvus-lite file (default: one in a temporary folder) or milvus://HOST:PORT/COLLECTION.
--index-dir: an index to answer from (default: the bundled reports indexed in a temporary folder).
"""
from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from eval.sets import EvalItem, load_set  # noqa: E402
from qa.config import Config  # noqa: E402
from qa.pipeline import Assistant  # noqa: E402
from qa.retriever.hybrid import HybridRetriever  # noqa: E402
from qa.schema import Answer  # noqa: E402

SETS = ("eval/*.jsonl", "eval/frozen/*.jsonl")


class WholeCollectionBM25(HybridRetriever):
    """HybridRetriever with BM25 statistics over every chunk, as Milvus takes them; a question
    restricted to some reports still ranks those reports' chunks only."""

    def bm25_scores(self, question: str, subset: np.ndarray | None = None) -> np.ndarray:
        scores = super().bm25_scores(question, None)
        return scores if subset is None else np.where(subset, scores, 0).astype(np.float32)


def whole_collection_twin(assistant: Assistant) -> Assistant:
    """The same assistant (store, embedder, reader) with WholeCollectionBM25 as its retriever."""
    twin = Assistant(assistant.config, assistant.store, assistant.embedder, assistant.model_sha256)
    store, _, segmenter = twin._state
    c = twin.config
    twin._state = (store, WholeCollectionBM25(store, twin.embedder, segmenter, c.candidates, c.rrf_k,
                                              (c.dense_weight, c.bm25_weight), c.candidates_per_document),
                   segmenter)
    return twin


def signature(answer: Answer, cited: bool = True) -> tuple:
    """What must be the same for two answers to count as identical (not scores, not timings): the
    answer, its offsets and the passage holding it, and with `cited` every passage cited, in order."""
    citations = answer.citations if cited else answer.citations[:1]
    return (answer.answer, answer.answer_kind, answer.abstained, answer.reason, answer.answer_start,
            answer.answer_end, tuple((c.doc, c.start, c.end) for c in citations), answer.scope,
            answer.label, tuple(signature(p, cited) for p in answer.parts))


def own_questions() -> list[EvalItem]:
    return [item for pattern in SETS for path in sorted(ROOT.glob(pattern)) for item in load_set(path)]


def timed(call) -> tuple[object, float]:
    started = time.perf_counter()
    result = call()
    return result, (time.perf_counter() - started) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--store", default=None, help="Milvus store URI (default: a temporary milvus-lite file)")
    parser.add_argument("--index-dir", default=None, help="index folder (default: built in a temporary folder)")
    parser.add_argument("--show", type=int, default=10, help="differing answers to print")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        index_dir = Path(args.index_dir).resolve() if args.index_dir else Path(tmp) / "store"
        config = Config().with_overrides(index_dir=index_dir, library_dir=Path(tmp) / "library", store_uri="")
        faiss_side = Assistant.load(config)
        started = time.perf_counter()
        milvus_side = Assistant(config.with_overrides(store_uri=args.store or str(Path(tmp) / "milvus.db")),
                                faiss_side.store, faiss_side.embedder, faiss_side.model_sha256)
        print(f"milvus: {milvus_side.config.store_uri}, collection "
              f"{'filled' if milvus_side._state[1].filled else 'up to date'} in "
              f"{time.perf_counter() - started:.1f} s ({len(faiss_side.store.chunks)} chunks)")
        twin = whole_collection_twin(faiss_side)
        # the reader is the same weights on every side: loaded once
        milvus_side._reader = twin._reader = faiss_side.reader()
        for side in (faiss_side, milvus_side, twin):
            side.warm_up()
        items = own_questions()
        ms: dict[str, list[float]] = {"faiss": [], "milvus": [], "faiss retrieve": [], "milvus retrieve": []}
        same = answered_alike = statistics_only = 0
        shown: list[str] = []
        for number, item in enumerate(items):
            # each side goes first on every other question, so neither gets the other's warm caches
            first, second = (faiss_side, milvus_side) if number % 2 == 0 else (milvus_side, faiss_side)
            results = {id(side): timed(lambda: side.ask(item.question)) for side in (first, second)}
            (a, t_a), (b, t_b) = results[id(faiss_side)], results[id(milvus_side)]
            ms["faiss"].append(t_a)
            ms["milvus"].append(t_b)
            ms["faiss retrieve"].append(timed(lambda: faiss_side.retrieve(item.question))[1])
            ms["milvus retrieve"].append(timed(lambda: milvus_side.retrieve(item.question))[1])
            answered_alike += signature(a, cited=False) == signature(b, cited=False)
            if signature(a) == signature(b):
                same += 1
                continue
            because = signature(twin.ask(item.question)) == signature(b)
            statistics_only += because
            if len(shown) < args.show and signature(a, cited=False) != signature(b, cited=False):
                shown.append(f"  {item.id} {item.question}\n    faiss : {a.answer!r} {a.answer_start}-{a.answer_end}"
                             f"\n    milvus: {b.answer!r} {b.answer_start}-{b.answer_end}"
                             f"  ({'BM25 statistics' if because else 'NOT the statistics'})")
        n = len(items)
        print(f"questions: {n} (eval/*.jsonl, eval/frozen/*.jsonl)")
        print(f"identical answers (text, offsets, passage quoted): {answered_alike}/{n} "
              f"({100 * answered_alike / n:.1f} %)")
        print(f"identical answers and every citation, in order: {same}/{n} ({100 * same / n:.1f} %)")
        print(f"not identical: {n - same}, of which because of BM25 statistics (whole collection vs reports "
              f"in scope): {statistics_only}; other: {n - same - statistics_only}")
        for name, values in ms.items():
            print(f"median {name:>15}: {statistics.median(values):7.1f} ms")
        if shown:
            print("differing answers:\n" + "\n".join(shown))


if __name__ == "__main__":
    main()
