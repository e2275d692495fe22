"""Our assistant beside a Haystack peer, in one process: prints numbers, asserts nothing.

    HF_HUB_OFFLINE=1 TRANSFORMERS_OFFLINE=1 HAYSTACK_TELEMETRY_ENABLED=False \
        .venv/bin/python eval/bench_peers.py [--set eval/changzhou_dev.jsonl] [--limit N]

Both systems get the same corpus (the chunks of the bundled index), the same e5, the same reader
weights (exported as a Hugging Face folder, qa/reader/export.py) and the same answerable questions;
both are warmed up first, then asked each question in turn, so load from other work on the machine
falls on all of them alike. Answer hit is the evaluator's (eval/runner.evaluate) for every system.
Latency is the whole question, wall clock: ours is `Assistant.ask`, whatever engine it runs; the
peer's is one Pipeline.run from question text to extracted answer.
"""
from __future__ import annotations

import os

# before haystack is imported: no usage reports, no model hub
for _name, _value in (("HAYSTACK_TELEMETRY_ENABLED", "False"), ("HF_HUB_OFFLINE", "1"),
                      ("TRANSFORMERS_OFFLINE", "1")):
    os.environ.setdefault(_name, _value)

import argparse
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from eval.metrics import percentile
from eval.runner import evaluate
from eval.sets import EvalItem, load_set
from qa.config import Config
from qa.schema import Answer

INSTALL = "pip install 'changzhou-qa[bench]'"


@dataclass
class System:
    name: str
    passages: int                       # passages its reader reads
    ask: Callable[[str], Answer]
    ms: list[float] = field(default_factory=list)
    answers: list[Answer] = field(default_factory=list)


def require_haystack() -> None:
    """Exit with the install line when the peer's packages are missing: Haystack 2.x shipped the
    extractive reader and the sentence-transformers embedders itself, 3.x in integration packages."""
    try:
        import haystack  # noqa: F401
        from haystack_integrations.components.embedders.sentence_transformers import (  # noqa: F401
            SentenceTransformersTextEmbedder)
        from haystack_integrations.components.readers.transformers import TransformersExtractiveReader  # noqa: F401
    except ImportError as exc:
        sys.exit(f"eval/bench_peers.py needs Haystack and its transformers integrations ({exc.name} is "
                 f"missing): {INSTALL}")


def peer_documents(store) -> list:
    """The index's chunks as Haystack Documents, each with the e5 passage vector we stored for it."""
    from haystack import Document

    return [Document(id=str(i), content=c.text, meta={"doc": c.doc, "start": c.start, "end": c.end},
                     embedding=v.tolist()) for i, (c, v) in enumerate(zip(store.chunks, store.vectors))]


def peer_pipeline(config: Config, documents: list, reader_dir: Path):
    """Haystack's hybrid extractive QA, set as close to ours as its components allow (see DESCRIBE)."""
    from haystack import Document, Pipeline, component
    from haystack.components.joiners import DocumentJoiner
    from haystack.components.retrievers.in_memory import InMemoryBM25Retriever, InMemoryEmbeddingRetriever
    from haystack.document_stores.in_memory import InMemoryDocumentStore
    from haystack.utils import ComponentDevice
    from haystack_integrations.components.embedders.sentence_transformers import SentenceTransformersTextEmbedder
    from haystack_integrations.components.readers.transformers import TransformersExtractiveReader

    @component
    class FirstPassages:
        """The joined ranking's first `n` documents: all of them are retrieved, these are read."""

        def __init__(self) -> None:
            # sockets set here: a class local to this function cannot resolve postponed annotations
            component.set_input_type(self, "documents", list[Document])
            component.set_input_type(self, "n", int, default=config.top_k)
            component.set_output_types(self, documents=list[Document])

        def run(self, **inputs) -> dict:
            return {"documents": inputs["documents"][:inputs["n"]]}

    # our vectors are L2-normalised, so the dot product is the cosine our FAISS index uses
    store = InMemoryDocumentStore(embedding_similarity_function="dot_product", shared=False)
    store.write_documents(documents)
    cpu = ComponentDevice.from_str("cpu")
    pipe = Pipeline()
    pipe.add_component("embedder", SentenceTransformersTextEmbedder(
        model=str(config.model_dir), prefix="query: ", normalize_embeddings=True, local_files_only=True,
        progress_bar=False, device=cpu))
    pipe.add_component("dense", InMemoryEmbeddingRetriever(store, top_k=config.candidates))
    pipe.add_component("bm25", InMemoryBM25Retriever(store, top_k=config.candidates))
    # Haystack normalises the weights to sum 1; RRF ranks depend only on their ratio, as ours
    pipe.add_component("joiner", DocumentJoiner(join_mode="reciprocal_rank_fusion", top_k=config.top_k,
                                                weights=[config.dense_weight, config.bm25_weight]))
    pipe.add_component("first", FirstPassages())
    pipe.add_component("reader", TransformersExtractiveReader(
        model=str(reader_dir), device=cpu, top_k=1, no_answer=False,
        max_seq_length=config.reader_max_len, stride=config.reader_stride))
    pipe.connect("embedder.embedding", "dense.query_embedding")
    pipe.connect("dense.documents", "joiner.documents")
    pipe.connect("bm25.documents", "joiner.documents")
    pipe.connect("joiner.documents", "first.documents")
    pipe.connect("first.documents", "reader.documents")
    pipe.warm_up()
    return pipe


def peer_ask(pipe, passages: int, tokenizer=None) -> Callable[[str], Answer]:
    """One question through the peer as an Answer of ours, so the evaluator scores it as ours;
    `tokenizer` (the patch row) replaces the reader's own for this system's questions only."""
    reader = pipe.get_component("reader")

    def ask(question: str) -> Answer:
        own = reader.tokenizer
        reader.tokenizer = tokenizer or own
        try:
            out = pipe.run({"embedder": {"text": question}, "bm25": {"query": question},
                            "reader": {"query": question}, "first": {"n": passages}})
        finally:
            reader.tokenizer = own
        found = [a for a in out["reader"]["answers"] if a.data]
        text = found[0].data if found else None
        return Answer(question, text, "span", text is None, None, None, None)

    return ask


def run(systems: list[System], items: list[EvalItem]) -> None:
    """Each question asked of every system in turn, timed whole."""
    for system in systems:                 # warm: first-use loads and caches before any timing
        system.ask(items[0].question)
        system.ask(items[-1].question)
    for n, item in enumerate(items):
        # rotate who goes first, so a burst of load elsewhere favours no system
        for system in systems[n % len(systems):] + systems[:n % len(systems)]:
            start = time.perf_counter()
            answer = system.ask(item.question)
            system.ms.append((time.perf_counter() - start) * 1000)
            system.answers.append(answer)


def stages(ours: System, peer: System) -> str:
    """Where our time goes, and both p50s over the questions ours answers with one retrieve-and-read
    (a question of several places, or a comparison, is one per place in ours, one in the peer)."""
    def p50(values: list[float]) -> str:
        return f"{percentile(values, 50):.0f}" if values else "-"

    single = [i for i, a in enumerate(ours.answers) if not a.parts and a.answer_kind != "compare"]
    took = {name: [a.timings_ms[name] for a in ours.answers if name in a.timings_ms] for name in ("retrieve", "read")}
    return (f"ours by stage, p50: retrieve {p50(took['retrieve'])} ms, read {p50(took['read'])} ms; "
            f"over the {len(single)} questions ours reads once: ours p50 {p50([ours.ms[i] for i in single])} ms, "
            f"{peer.name} p50 {p50([peer.ms[i] for i in single])} ms")


def describe(config: Config, reader_dir: Path, word_aligned: bool, n_chunks: int) -> str:
    import haystack

    return f"""How the peer is configured (haystack-ai {haystack.__version__}, transformers-haystack and
sentence-transformers-haystack integrations):
  corpus      the {n_chunks} chunks of the bundled index as Documents (id, meta doc/start/end),
              in an InMemoryDocumentStore (dot product)
  e5          SentenceTransformersTextEmbedder on {config.model_dir}, prefix "query: ",
              normalised; the documents carry OUR stored e5 passage vectors ("passage: "), not re-embedded
  retrieval   InMemoryEmbeddingRetriever + InMemoryBM25Retriever (BM25L, Haystack's default
              tokenisation: one token per CJK character; ours: jieba words), top_k {config.candidates} each,
              DocumentJoiner reciprocal_rank_fusion, weights {config.dense_weight}/{config.bm25_weight} as ours
              (its k is 61, ours {config.rrf_k}), top_k {config.top_k}; no place/year scoping, no per-report cap
  reader      TransformersExtractiveReader on {reader_dir} (our reader, fp32 torch), top_k 1,
              no_answer False (it always answers), max_seq_length {config.reader_max_len} / stride
              {config.reader_stride} as ours, reading the first N joined passages; Haystack's own span
              scoring (no answer-length cap, none of our decoding steps)
  tokenizer   the folder's plain SentencePiece tokenizer; the reader was trained with word-aligned
              tokens ({'yes' if word_aligned else 'no'}: jieba words first). The row "peer, our tokenizer"
              is a PATCH: its reader.tokenizer is set after warm_up to wordpieces.load_tokenizer(folder,
              word_aligned=True), so it reads the tokens the reader was trained on
  ours        Assistant.ask as shipped: engine {config.reader_engine}, {config.reader_passages} passages read"""


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--set", default="eval/changzhou_dev.jsonl")
    parser.add_argument("--limit", type=int, default=None, help="first N answerable questions")
    parser.add_argument("--export-dir", type=Path, default=None,
                        help="the reader as a Hugging Face folder (default: .cache/reader-hf, exported once)")
    args = parser.parse_args()
    require_haystack()

    import torch
    from transformers.utils import logging as hf_logging

    from qa.pipeline import Assistant
    from qa.reader.export import export_hf, is_exported
    from qa.reader.weights import verified_meta
    from qa.reader.wordpieces import load_tokenizer

    hf_logging.disable_progress_bar()    # three model loads would print their bars amid the table

    assistant = Assistant.load()
    assistant.warm_up()
    config = assistant.config
    items = [i for i in load_set(Path(args.set)) if i.answerable][:args.limit]
    reader_dir = args.export_dir or config.cache_dir / "reader-hf"
    if not is_exported(config, reader_dir):
        export_hf(config, reader_dir)
    word_aligned = bool(verified_meta(config.reader_dir)["settings"].get("word_aligned"))
    pipe = peer_pipeline(config, peer_documents(assistant.store), reader_dir)
    ours_tokens = load_tokenizer(reader_dir, word_aligned, config.cache_dir)
    n = config.reader_passages
    systems = [System("ours (Assistant.ask)", n, assistant.ask),
               System(f"peer, top {n} read", n, peer_ask(pipe, n)),
               System("peer, top 5 read", 5, peer_ask(pipe, 5)),
               System(f"peer, top {n}, our tokenizer", n, peer_ask(pipe, n, ours_tokens))]
    run(systems, items)

    print(f"cores: os.cpu_count() {os.cpu_count()}, torch threads {torch.get_num_threads()}, "
          f"reader threads {config.reader_threads} ({config.reader_engine})")
    print(f"questions: {len(items)} answerable of {args.set}; latency is the whole question, warm, in ms")
    print(f"{'system':<30}{'read':>5}{'p50':>8}{'p95':>8}{'hit %':>8}{'EM %':>7}{'F1 %':>7}"
          f"{'p50 / ours':>12}")
    ours_p50 = percentile(systems[0].ms, 50)
    for s in systems:
        scores = evaluate(items, s.answers)["overall"]
        p50 = percentile(s.ms, 50)
        print(f"{s.name:<30}{s.passages:>5}{p50:>8.0f}{percentile(s.ms, 95):>8.0f}{scores['answer_hit']:>8.1f}"
              f"{scores['has_ans_em']:>7.1f}{scores['has_ans_f1']:>7.1f}{p50 / ours_p50:>11.2f}x")
    parts = sum(1 for a in systems[0].answers if a.parts)
    declined = sum(1 for a in systems[0].answers if a.abstained)
    print(f"ours declined {declined} and answered {parts} in parts (several places, several reads); "
          f"the peer always answers once")
    print(stages(systems[0], systems[1]))
    print(describe(config, reader_dir, word_aligned, len(assistant.store.chunks)))


if __name__ == "__main__":
    main()
