"""The span reader: prepared e5 + shipped top layers, answering over retrieved passages."""
from __future__ import annotations

import threading
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

import numpy as np

from qa.config import Config
from qa.schema import Chunk

from .acceptance import Acceptance
from .asked import (asked_prefix, asked_thing, asked_unit, asks_one_of, asks_which, asks_yes_no, counts_each, expected_type,
                    stated_count)
from .consensus import consensus_index
from .dates import how_often, whole_date, with_reign_year
from .decode import (approximated, confidence, context_overlap, name_of_asked_kind, of_asked_kind, snap_span,
                     stating_clause, type_bonus, window_candidates, with_asked_thing, with_prefix)
from .engine import SpanModel, TorchSpanModel, cached_onnx, export_onnx
from .enumeration import grow_to_enumeration, listed_count
from .leads import (within_clause, within_work_title, without_affiliation, without_asked_attribute,
                    without_broken_word, without_heading, without_lead_in, without_name_marker,
                    without_named_subject, without_nationality, without_question_tail, without_subject_lead,
                    without_title)
from .lora import LORA_A, merge_lora
from .names import whole_name
from .parts import asked_parts, over_counted_items, over_parts
from .quantity import (pick_quantity, quantity_as_asked, quantity_of_asked_kind, quantity_of_change, quantity_reached,
                       share_penalty, whole_range, with_asked_quantities)
from .respectively import respective_item, respective_quantity
from .rivals import asked_measure, counts_people
from .sentence import SENTENCE_ENDS
from .units import ordinal_of_asked_kind
from .weights import META_FILE, load_reader_tensors, merged_state, save_merged_state, verified_meta
from .windows import Windows, make_windows
from .wordpieces import load_tokenizer

if TYPE_CHECKING:
    from qa.retriever.terms import Segmenter

BATCH = 16
_SHAPED_KINDS = ("number", "date", "name", "list")


@dataclass(frozen=True)
class Span:
    passage: int         # index into the passages given
    start: int           # offsets: into the passage text, or into the document for best_span
    end: int
    score: float
    confidence: float    # 0-1, the chance the span is right (eval/calibrate_reader.py)
    text: str
    steps: tuple[str, ...] = ()   # decoding steps (steps.py) that changed this span


class Reader:
    def __init__(self, model: SpanModel, tokenizer, config: Config, threshold: float,
                 calibration: tuple[float, float] | None = None) -> None:
        # model: (input_ids, attention_mask) -> (start logits, end logits), whatever runs it (engine.py)
        self.model, self.tokenizer, self.config = model, tokenizer, config
        self.threshold = threshold
        # the fitted show-or-decline model over the best span (acceptance.py); None: the line alone
        self.acceptance: Acceptance | None = None
        # without a fitted curve: the odds over "no answer", 0.5 at the abstention line
        self.calibration = calibration or (1.0, -threshold)
        self._lock = threading.Lock()   # the fast tokenizer is not safe across threads
        self._segmenter = None          # jieba, built on the first question

    def segmenter(self) -> Segmenter:
        """The reader's own jieba, for callers that bring none."""
        if self._segmenter is None:
            from qa.retriever.terms import Segmenter

            self._segmenter = Segmenter(cache_dir=self.config.cache_dir)
        return self._segmenter

    def spans(self, question: str, passages: list[str], n_best: int = 5,
              terms: list[str] | None = None, segmenter: Segmenter | None = None) -> list[Span]:
        """Best spans over all passages, best first, offsets relative to each passage.

        `terms` are the question's words; spans whose sentence shares them score higher.
        `segmenter` cuts and tags words (the caller's; the reader's own by default).
        """
        if not passages:
            return []
        win, start_logits, end_logits = self.logits(question, passages)
        return decode_spans(question, passages, win, start_logits, end_logits, self.config,
                            self.calibration, n_best=n_best, terms=terms,
                            segmenter=segmenter or self.segmenter())

    def logits(self, question: str, passages: list[str]) -> tuple[Windows, np.ndarray, np.ndarray]:
        """The passages' windows with the model's start and end logits for each token."""
        with self._lock:
            win = make_windows(self.tokenizer, [question] * len(passages), passages,
                               self.config.reader_max_len, self.config.reader_stride)
            starts, ends = [], []
            for i in range(0, len(win.input_ids), BATCH):
                start, end = self.model(win.input_ids[i:i + BATCH], win.attention_mask[i:i + BATCH])
                starts.append(start)
                ends.append(end)
        return win, np.concatenate(starts), np.concatenate(ends)

    def best_span(self, question: str, chunks: list[Chunk], terms: list[str] | None = None,
                  segmenter: Segmenter | None = None) -> Span | None:
        """The best span over the chunks, with offsets into the chunk's document."""
        spans = self.spans(question, [c.text for c in chunks], n_best=1, terms=terms, segmenter=segmenter)
        if not spans:
            return None
        s = spans[0]
        base = chunks[s.passage].start
        return replace(s, start=base + s.start, end=base + s.end)


def decode_spans(question: str, passages: list[str], win: Windows, start_logits: np.ndarray,
                 end_logits: np.ndarray, config: Config, calibration: tuple[float, float],
                 n_best: int = 5, terms: list[str] | None = None,
                 segmenter: Segmenter | None = None) -> list[Span]:
    """Best spans over the windows' logits, best first, offsets relative to each passage.

    With a `segmenter` (jieba words and tags), the best span is also fitted to the words it
    starts and ends in (_tightened) and a name answer keeps the kind of thing asked for.
    """
    kind = expected_type(question)
    each = counts_each(question)
    count = stated_count(question)
    prefix = asked_prefix(question)
    measure = asked_measure(question) if kind == "number" else None
    unit = asked_unit(question) if kind == "number" else ""
    people = measure == "人数" and segmenter is not None and counts_people(question, segmenter.tagged)
    thing = asked_thing(question, segmenter.words) if kind == "name" and segmenter else ""
    parts = asked_parts(question, segmenter.words) if kind == "number" and each and segmenter else []
    on = _switches(config)
    found: dict[tuple[int, int, int], Span] = {}
    for w in range(len(win.input_ids)):
        p = int(win.passage_index[w])
        text = passages[p]
        for a, b, score in window_candidates(start_logits[w], end_logits[w], win.offsets[w],
                                             config.reader_max_answer_tokens,
                                             length_penalty=config.reader_length_penalty):
            a, b = snap_span(text, a, b)
            trace = _Trace(a, b)
            if kind == "number" and on("quantity"):
                a, b = quantity_as_asked(text, *pick_quantity(text, a, b, question, terms), measure, people, terms)
                a, b = quantity_of_asked_kind(text, a, b, question)
                a, b = quantity_of_change(text, a, b, question)
                a, b = quantity_reached(text, a, b, question)
                a, b = ordinal_of_asked_kind(text, a, b, question)
                if segmenter and not each:
                    a, b = over_counted_items(text, a, b, question, segmenter.tagged)
                a = approximated(text, a)          # a quantity moved to keeps its 超过, 近…
                trace.saw("quantity", a, b)
            if kind == "date" and on("dates"):
                a, b = with_reign_year(text, a, whole_date(text, a, b, question), question)
                trace.saw("dates", a, b)
            if prefix == "每" and on("prefix"):
                a, b = how_often(text, a, b)
                trace.saw("prefix", a, b)
            if thing and on("asked_thing"):
                b = with_asked_thing(text, a, b, thing)
                a, b = name_of_asked_kind(text, a, b, thing, question)
                trace.saw("asked_thing", a, b)
            if (kind == "list" or (kind == "number" and each)) and on("enumeration"):
                a, b = snap_span(text, *grow_to_enumeration(text, a, b, win.offsets[w], start_logits[w],
                                                            end_logits[w], count, names=kind == "list"))
                if parts:
                    a, b = over_parts(text, a, b, parts)
                trace.saw("enumeration", a, b)
            if b <= a or any(c in SENTENCE_ENDS for c in text[a:b]):
                continue
            if on("type_bonus"):
                score += type_bonus(kind, text[a:b], count) - share_penalty(
                    measure, text[a:b], config.reader_share_penalty, unit, people)
            if terms and on("context_bonus"):
                score += config.reader_context_weight * context_overlap(text, a, b, terms)
            # after the type bonus, which reads "第三" as a list's third point, not a number
            if on("prefix"):
                a = with_prefix(text, a, prefix)
                trace.saw("prefix", a, b)
            span = Span(p, a, b, score, confidence(score, *calibration), text[a:b], trace.steps)
            key = (p, a, b)
            if key not in found or found[key].score < span.score:
                found[key] = span
    ranked = sorted(found.values(), key=lambda s: -s.score)
    if not ranked:
        return []
    top = ranked[0]
    if kind == "list" and count and on("stated_count"):
        # the question says how many: a list of that many whose sentence writes as much of the
        # question outranks another the model liked better (the overlap read of such lists only)
        def near(s: Span) -> float:
            return context_overlap(passages[s.passage], s.start, s.end, terms) if terms else 0.0
        first = near(ranked[0])
        at = next((n for n, s in enumerate(ranked) if listed_count(s.text) == count and near(s) >= first), 0)
        moved = ranked.pop(at)
        ranked.insert(0, replace(moved, steps=moved.steps + ("stated_count",)) if at else moved)
    which = thing and asks_which(question) and on("asked_thing")
    at = of_asked_kind([(s.text, s.score, s.passage, s.start, s.end) for s in ranked], passages, thing,
                       config.reader_asked_kind_margin, question) if which else 0
    if at:
        moved = ranked.pop(at)
        ranked.insert(0, replace(moved, steps=tuple(dict.fromkeys(moved.steps + ("asked_thing",)))))
    # a number, date, name or list has its shape from the rules above; consensus ran 7月 on into 7月出版,
    # and 乌干达 for 与哪一个国家相邻 on into a clause naming another
    shaped = kind in _SHAPED_KINDS or asks_one_of(question)
    temperature = 0.0 if shaped or not on("consensus") else config.reader_consensus_temperature
    chosen = consensus_index([(s.passage, s.start, s.end, s.score) for s in ranked],
                             temperature, config.reader_consensus_candidates)
    ranked.insert(0, ranked.pop(chosen))
    if chosen:
        ranked[0] = replace(ranked[0], steps=ranked[0].steps + ("consensus",))
    spans = _tightened(ranked, passages, question, kind == "list" or each, config, segmenter)[:n_best]
    best = spans[0] if asks_yes_no(question) else _reframed(spans[0], passages[spans[0].passage], question,
                                                            kind, on, thing)
    # whether to answer stays the reader's odds for its best span; the span shown is where that mass agrees
    return [replace(best, score=top.score, confidence=top.confidence)] + spans[1:]


def _reframed(span: Span, text: str, question: str, kind: str | None, on, thing: str = "") -> Span:
    """The best span grown over the range it is one end of (quantity.whole_range; a name has no
    range), then started past a heading or a first clause that it continues (leads.without_heading);
    among things written with their labels in turn, the one whose label the question names, and
    among quantities written in turn after 分别, the named thing's (respectively.py)."""
    trace = _Trace(span.start, span.end, span.steps)
    start, end = span.start, span.end
    if kind != "name" and on("range"):
        start, end = whole_range(text, start, end, question)
        trace.saw("range", start, end)
    if kind == "number" and on("asked_quantities"):
        start, end = with_asked_quantities(text, start, end, question)
        trace.saw("asked_quantities", start, end)
    if on("heading"):
        start = without_heading(text, start, end, question)
        trace.saw("heading", start, end)
    if on("respectively"):
        if kind != "list":          # 拿一二三等奖的是哪几所: all of them, not the one of 三等奖
            start, end = respective_item(text, start, end, question, thing)
        if kind == "number":
            start, end = respective_quantity(text, start, end, question)
        trace.saw("respectively", start, end)
    if (start, end) == (span.start, span.end):
        return span
    return replace(span, start=start, end=end, text=text[start:end], steps=trace.steps)


def _tightened(ranked: list[Span], passages: list[str], question: str, several: bool,
               config: Config, segmenter: Segmenter | None = None) -> list[Span]:
    """The ranking with the best span's lead-in dropped and its tail cut back to its clause, where
    a span that does so scores nearly as well; then, given a `segmenter`, started past a word it
    breaks into when only lead-in characters of that word are inside, past the school before
    the name a who-question asks for (leads.without_affiliation), past a nationality or a name
    marker (leads.without_nationality, without_name_marker), and past the question's own
    words before its question word or before a linking word (leads.without_subject_lead,
    without_named_subject: 分布于…, 位置为…). A yes/no question's best
    span is instead the clause of its passage that states what is asked (decode.stating_clause)."""
    if not ranked:
        return ranked
    on = _switches(config)
    same = [s for s in ranked if s.passage == ranked[0].passage]
    text = passages[ranked[0].passage]
    yes_no = asks_yes_no(question)
    if yes_no and on("yes_no_clause"):
        # the reader chose the passage and whether to answer; the passage's clause answers
        clause = stating_clause(text, question, config.reader_yes_no_overlap)
        if clause:
            best = replace(same[0], start=clause[0], end=clause[1], text=text[clause[0]:clause[1]],
                           steps=same[0].steps + ("yes_no_clause",))
            return [best] + [s for s in ranked if s is not same[0]]
    picked: list[str] = []      # the steps that chose another candidate than the best-scored
    # a yes/no question's answer repeats the question's words ("全市第一"): nothing to drop
    if not yes_no and on("lead_in"):
        index = without_lead_in(text, question, _triples(same), config.reader_lead_in_margin)
        same.insert(0, same.pop(index))
        picked += ["lead_in"] if index else []
    # several answers run over commas ("幼儿园420个，中小学4580个"); grown on purpose, kept whole
    if not several and on("clause"):
        index = within_clause(text, question, _triples(same), config.reader_clause_margin)
        same.insert(0, same.pop(index))
        picked += ["clause"] if index else []
    best = same[0]
    trace = _Trace(best.start, best.end, best.steps + tuple(picked))
    if segmenter is not None:
        start, end = best.start, best.end
        for name, step in (
                ("word_edges", lambda a, b: (without_broken_word(text, a, b, segmenter.tagged), b)),
                ("affiliation", lambda a, b: (without_affiliation(text, a, b, question, segmenter.tagged), b)),
                ("nationality", lambda a, b: without_nationality(text, a, b, question, segmenter.tagged)),
                ("question_tail", lambda a, b: (a, without_question_tail(text, a, b, question))),
                ("title", lambda a, b: (a, without_title(text, a, b, question))),
                ("name_marker", lambda a, b: (without_name_marker(text, a, b), b)),
                ("work_title", lambda a, b: within_work_title(text, a, b, question)),
                ("subject_lead", lambda a, b: (without_subject_lead(text, a, b, question, segmenter.tagged), b)),
                ("asked_attribute", lambda a, b: (without_asked_attribute(text, a, b, question, segmenter.words), b)),
                ("named_subject", lambda a, b: (_past_named_subject(text, a, b, question, segmenter, best.start), b)),
                ("whole_name", lambda a, b: whole_name(text, a, b, question, segmenter.tagged)
                 if expected_type(question) in ("name", None) else (a, b))):
            if on(name):
                start, end = step(start, end)
                trace.saw(name, start, end)
        if (start, end) != (best.start, best.end):
            best = replace(best, start=start, end=end, text=text[start:end], steps=trace.steps)
        elif trace.steps != best.steps:
            best = replace(best, steps=trace.steps)
    elif trace.steps != best.steps:
        best = replace(best, steps=trace.steps)
    return [best] + [s for s in ranked if s is not same[0]]


def _past_named_subject(text: str, start: int, end: int, question: str, segmenter: Segmenter,
                        origin: int) -> int:
    """leads.without_named_subject; where the start has moved from the best span's `origin`,
    what was dropped may stand before the answer's punctuation (为：…, 季军：…), so it is snapped again."""
    named = without_named_subject(text, start, end, question, segmenter.words)
    return snap_span(text, named, end)[0] if named != origin else named


class _Trace:
    """Which steps moved a span: each step reports the span it leaves, the trace keeps the names
    of those that changed it."""

    def __init__(self, start: int, end: int, steps: tuple[str, ...] = ()) -> None:
        self.span, self.steps = (start, end), steps

    def saw(self, name: str, start: int, end: int) -> None:
        if (start, end) != self.span:
            self.span, self.steps = (start, end), self.steps + (name,)


def _switches(config: Config):
    """`on(name)`: whether decoding step `name` runs (steps.STEPS; Config.reader_steps_off)."""
    off = config.reader_steps_off
    return lambda name: name not in off


def _triples(spans: list[Span]) -> list[tuple[int, int, float]]:
    return [(s.start, s.end, s.score) for s in spans]


def load_reader(config: Config) -> Reader | None:
    """Rebuild the reader from the prepared e5 base plus the shipped weights; None if none ship.

    The rebuilt tensors (fp32, adapters merged) are kept in the cache folder after the first
    load, keyed by the shipped weights' sha256 and the base model, and so is their ONNX export
    (Config.reader_engine), so later loads skip both the rebuild and the torch model."""
    if not (config.reader_dir / META_FILE).is_file():
        return None
    meta = verified_meta(config.reader_dir)
    key = merged_key(config, meta)
    engine = config.reader_engine
    model = cached_onnx(config.cache_dir, key, engine, config.reader_threads) if engine != "torch" else None
    # read as it was trained: a reader trained on word-aligned tokens expects them
    tokenizer = load_tokenizer(config.model_dir, bool(meta["settings"].get("word_aligned")), config.cache_dir)
    if model is None:
        torch_model = _torch_model(config, key)
        model = (TorchSpanModel(torch_model) if engine == "torch"
                 else export_onnx(torch_model, config.cache_dir, key, engine, config.reader_threads,
                                  _calibration(config, tokenizer) if engine == "onnx-int8" else []))
    fitted = meta.get("confidence")
    calibration = (float(fitted["slope"]), float(fitted["intercept"])) if fitted else None
    reader = Reader(model, tokenizer, config, float(meta.get("threshold", 0.0)), calibration)
    reader.acceptance = Acceptance.from_dict(meta.get("acceptance"))
    return reader


# questions of the kinds people ask of a report, read with its passages to set int8 ranges
_CALIBRATION_QUESTIONS = ("招聘了多少名教师？", "新增了多少个学位", "哪一年开始实施", "由哪个部门负责",
                          "是否完成了目标", "有哪些学校获得了表彰", "占比是多少", "投入资金多少万元")


def _calibration(config: Config, tokenizer, passages: int = 48) -> list[tuple[np.ndarray, np.ndarray]]:
    """Windows of the bundled reports with typical questions, for the int8 activation ranges
    (engine.smoothed); the ranges are a property of the model more than of the text, so a few
    dozen windows of any report serve."""
    texts = [p.read_text("utf-8", errors="replace") for p in sorted(config.corpus_dir.glob("*.txt"))]
    cuts = [t[i:i + config.chunk_max_chars] for t in texts for i in range(0, len(t), 2000)][:passages]
    cuts = cuts or list(_CALIBRATION_QUESTIONS)
    questions = [_CALIBRATION_QUESTIONS[i % len(_CALIBRATION_QUESTIONS)] for i in range(len(cuts))]
    win = make_windows(tokenizer, questions, cuts, config.reader_max_len, config.reader_stride)
    return [(win.input_ids[i:i + BATCH], win.attention_mask[i:i + BATCH]) for i in range(0, len(win.input_ids), BATCH)]


def _torch_model(config: Config, key: str):
    """The e5 base with the shipped tensors loaded (rebuilt once, then kept under `key`)."""
    import torch
    from transformers import AutoModelForQuestionAnswering
    from transformers.utils import logging as hf_logging

    torch.set_num_threads(config.reader_threads)
    verbosity = hf_logging.get_verbosity()
    hf_logging.set_verbosity_error()   # the base has no span head yet; that is expected here
    try:
        model = AutoModelForQuestionAnswering.from_pretrained(config.model_dir, local_files_only=True)
    finally:
        hf_logging.set_verbosity(verbosity)
    tensors = merged_state(config.cache_dir, key)
    if tensors is None:
        tensors = _rebuilt(model, config)
        save_merged_state(config.cache_dir, key, tensors)
    missing = set(tensors) - set(model.state_dict())
    if missing:
        raise ValueError(f"reader weights do not fit the base model: unknown tensors {sorted(missing)[:3]}")
    model.load_state_dict(tensors, strict=False)
    return model.eval()


def _rebuilt(model, config: Config) -> dict:
    """The shipped tensors in fp32 with the adapters merged into the base weights they change:
    every tensor of the reader that differs from the base model, as loading would set it."""
    tensors, meta = load_reader_tensors(config.reader_dir)
    state = model.state_dict()
    adapted = [k[:-len(LORA_A)] + ".weight" for k in tensors if k.endswith(LORA_A)]
    if "lora" in meta:
        tensors = merge_lora(model, tensors, float(meta["lora"]["scale"]))
    merged = {name: state[name].clone() for name in adapted if name in state}
    return {**merged, **tensors}


def merged_key(config: Config, meta: dict) -> str:
    """What the rebuilt tensors are made of: the shipped weights, the base model, torch's arithmetic."""
    import hashlib
    import json

    import torch

    from qa.models.prepare import read_stamp

    base = config.model_dir / "model.safetensors"
    stat = base.stat() if base.is_file() else None
    parts = {"reader": meta.get("sha256"), "base": (read_stamp(config.model_dir) or {}).get("source_sha256"),
             "base_file": [stat.st_size, stat.st_mtime_ns] if stat else None, "torch": torch.__version__}
    return hashlib.sha256(json.dumps(parts, sort_keys=True).encode()).hexdigest()[:32]
