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


def _env_path(name: str, default: Path) -> Path:
    # QA_CACHE keeps the converted model outside the clone; QA_INDEX_DIR and
    # QA_LIBRARY_DIR let a test or a second installation use its own index.
    value = os.environ.get(name)
    return Path(value).resolve() if value else default


@dataclass(frozen=True)
class Config:
    root: Path = PROJECT_ROOT
    corpus_dir: Path = PROJECT_ROOT / "data"
    index_dir: Path = field(default_factory=lambda: _env_path("QA_INDEX_DIR", PROJECT_ROOT / "index" / "store"))
    # Documents added by users are copied here so their citations stay checkable.
    library_dir: Path = field(default_factory=lambda: _env_path("QA_LIBRARY_DIR", PROJECT_ROOT / "index" / "library"))
    cache_dir: Path = field(default_factory=lambda: _env_path("QA_CACHE", PROJECT_ROOT / ".cache"))
    reader_dir: Path = PROJECT_ROOT / "qa" / "reader" / "weights"
    runs_dir: Path = PROJECT_ROOT / "runs"          # evaluation reports written from the UI
    # answers marked 答对了/答错了 in the chat, as an evaluation set; None: feedback.jsonl beside the index
    feedback_path: Path | None = None

    # A report file larger than this is refused before it is read: 20 MB is ~7 million characters of
    # text, ~25,000 chunks, over ten minutes of embedding on two cores.
    max_file_bytes: int = 20 * 1024 * 1024

    # chunking: a chunk plus a question fits one 256-token reader window (~0.7 tokens per char)
    chunk_max_chars: int = 300
    chunk_overlap_chars: int = 60

    # retrieval
    top_k: int = 5
    candidates: int = 30
    rrf_k: int = 60
    # no report takes more than its fair share of each signal's candidates (candidates over the
    # reports in play), nor less than this: one large report cannot crowd out the others
    candidates_per_document: int = 10
    # Fusion weights, chosen with eval/bench_retrieval.py on eval/changzhou_dev.jsonl:
    # BM25 is the sharper signal on report prose; e5 mainly rescues paraphrases.
    dense_weight: float = 0.3
    bm25_weight: float = 1.0
    # where the e5 vectors and BM25 terms are searched: "" the in-process FAISS + BM25 index (the
    # default); "milvus://HOST:PORT[/COLLECTION]" a Milvus server or cluster, "PATH.db" a milvus-lite
    # file (qa/retriever/milvus.py; pip install 'changzhou-qa[milvus]'). QA_STORE sets it too
    store_uri: str = field(default_factory=lambda: os.environ.get("QA_STORE", ""))
    # up to this many chunks the e5 vectors are searched exactly (flat, ~20 ms at 50,000); above
    # it by IVF (index/dense.py, eval/bench_scale.py). Taken at a full build, kept in the manifest
    dense_exact_max: int = 50_000
    max_question_chars: int = 500
    # a question asking 分别 of more places than this is answered for the first ones only
    max_scopes: int = 6
    # once retrieval has applied place and year, the reader is asked the question without them
    # (qa.question: Question.reader_text), so scope wording cannot move the span. Off: on
    # eval/changzhou_dev.jsonl it cost 3.8 EM (86.9 → 83.1): the reader loses the subject of
    # questions about the report itself (武进这份教育工作意见是哪一年的) and picks other figures
    # without its place (新北对多少所学校…); it makes issue 34's paraphrase rows agree, though
    reader_reads_topic: bool = False

    # reader
    reader_max_len: int = 256           # as trained (qa reader train --max-len)
    reader_stride: int = 96
    reader_max_answer_tokens: int = 30
    # per token of span length. 0.05 lifts CMRC 2018 dev EM 48.31 -> 49.74 (F1 73.83 -> 73.78), but
    # on our own questions it cuts 常州幼儿师范 to 常州, so it stays off; dropping lead-ins (below)
    # takes the commonest over-long miss, the answer plus a lead-in, without cutting tails
    reader_length_penalty: float = 0.0
    # how far below the best span a span without its lead-in ("属于…", "字…") may score and still be
    # shown instead; 0 keeps the best span as scored. 3 was chosen on the even-numbered CMRC 2018 dev
    # questions: EM 48.31 -> 49.80, F1 73.83 -> 74.24 over all (eval/bench_decoding.py)
    reader_lead_in_margin: float = 3.0
    # likewise for a best span running over a comma into the next clause, cut back to its own;
    # 2 chosen on the even-numbered questions: EM 50.17 -> 51.23, F1 74.28 -> 74.58 over all
    reader_clause_margin: float = 2.0
    # a yes/no question is answered with the clause of the reader's passage that shares most of
    # its character pairs, where that clause holds at least this share of them (decode.stating_clause)
    reader_yes_no_overlap: float = 0.2
    # a yes/no question is answered from a clause that writes at least this share of its topic
    # words: the clause of the reader's span, or where that one writes fewer or the reader trusts
    # no span, the clause of the passages read that writes most (verdicts.stated_clause): most of
    # what is asked, said back. Set by that reading, not fitted to a question set
    yes_no_stated_share: float = 0.5
    reader_threads: int = 2
    # what runs the reader's network (qa/reader/engine.py): "onnx-int8", "onnx" (fp32, the same
    # logits as torch) or "torch". int8 keeps 570 of the own sets' 576 answers (the frozen splits'
    # 197 of 199) and CMRC 2018 dev F1 within 0.3 of fp32 (eval/bench_reader.py). The verdict it once
    # read from a clause stating other contests is now held to what the clause states
    # (qa/compose/stated.py)
    reader_engine: str = "onnx-int8"
    # score added to a span whose sentence holds all of the question's words (eval/calibrate_reader.py)
    reader_context_weight: float = 4.0
    # score a span loses when the question asks for a share (百分之几, 达线率是多少) and it is none;
    # larger than the reader's 6.4 preference for 8倍 over 8.22% on our own 增长了百分之几
    reader_share_penalty: float = 10.0
    # a name of the kind a question asks (哪所中学: …中学) within this much of the best span is shown
    # instead of a best naming no such thing (decode.of_asked_kind; the context weight's scale)
    reader_asked_kind_margin: float = 4.0
    # the span shown is the one of the top candidates with the highest expected overlap with them
    # all, each weighted by softmax(score / temperature) (consensus.py); 0 shows the top-scored one.
    # 1.25 and 20 chosen on the even-numbered CMRC 2018 dev questions: F1 78.95 -> 80.03 there,
    # 77.60 -> 79.02 on the odd-numbered ones (eval/bench_decoding.py --consensus-temperature 0 1.25)
    reader_consensus_temperature: float = 1.25
    reader_consensus_candidates: int = 20
    reader_passages: int = 3            # top passages the reader reads; the rest are cited only
    # decoding steps switched off, by name (qa/reader/steps.py lists them); eval/ablate_steps.py
    # measures each one on data it was not written from. Off: the three that lose on the 603
    # held-back CMRC 2018 train questions (EM/F1 with each off: clause +0.82/+1.12, lead_in
    # +0.49/-0.02, question_tail +0.49/+0.15) and change nothing on the own dev, test and
    # near-miss sets (answer hit 90.1 / 89.4 / 90.9 % either way, fitted on)
    reader_steps_off: frozenset[str] = frozenset({"clause", "lead_in", "question_tail"})

    def __post_init__(self) -> None:
        from qa.reader.engine import ENGINES
        from qa.reader.steps import unknown_steps

        if self.reader_engine not in ENGINES:
            raise ValueError(f"reader_engine {self.reader_engine!r} is none of {', '.join(ENGINES)}")
        if self.store_uri:
            from qa.retriever.milvus import milvus_target

            milvus_target(self.store_uri)       # a malformed URI fails here, before anything loads
        unknown = unknown_steps(self.reader_steps_off)
        if unknown:
            raise ValueError(f"reader_steps_off names no decoding step: {', '.join(unknown)} "
                             "(qa/reader/steps.py lists them)")

    @property
    def text_dir(self) -> Path:
        """Where the text extracted from .docx/.pdf/.html reports is kept (what citations quote)."""
        return self.library_dir / "text"

    @property
    def model_dir(self) -> Path:
        return self.cache_dir / "multilingual-e5-small"

    @property
    def feedback_file(self) -> Path:
        return self.feedback_path or self.index_dir.parent / "feedback.jsonl"

    def with_overrides(self, **changes) -> "Config":
        return replace(self, **changes)
