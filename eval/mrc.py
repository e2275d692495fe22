"""`qa reader eval`: the reader alone, gold paragraph given, scored the CMRC 2018 way.

Spans are decoded as `qa ask` decodes them, with the question's words for the
context bonus, so the score is the reader users get; with `raw`, by the plain decoding alone
(qa/reader/plain.py), so the model is judged apart from the decoding steps.
"""
from __future__ import annotations

from pathlib import Path

from tqdm import tqdm

from qa.config import Config
from eval.metrics import exact_match, f1
from qa.retriever.terms import Segmenter

from qa.reader.asked import expected_type
from qa.reader.model import load_reader
from qa.reader.plain import plain_best
from qa.reader.training.mrc_data import load_mrc
from qa.reader.weights import ReaderWeightsError


def score_reader(config: Config, path: Path, limit: int | None = None,
                 kind: str | None = None, raw: bool = False) -> dict[str, float | int]:
    """EM/F1 over the file's questions; `kind` keeps those the reader reads as that answer type."""
    reader = load_reader(config)
    if reader is None:
        raise ReaderWeightsError(f"no reader weights in {config.reader_dir}; run `qa reader train`")
    examples = load_mrc(path)
    if kind:
        examples = [ex for ex in examples if expected_type(ex.question) == kind]
    if limit:
        examples = examples[:limit]
    segmenter = Segmenter()
    scores = []
    for ex in tqdm(examples, desc="reader eval", unit="q"):
        if raw:
            win, starts, ends = reader.logits(ex.question, [ex.context])
            best = plain_best([ex.context], win, starts, ends, config.reader_max_answer_tokens)
            scores.append(question_scores(ex.context[best[1]:best[2]] if best else "", ex.answers))
            continue
        spans = reader.spans(ex.question, [ex.context], n_best=1,
                             terms=segmenter.query_terms(ex.question), segmenter=segmenter)
        scores.append(question_scores(spans[0].text if spans else "", ex.answers))
    return summarise(scores)


def question_scores(prediction: str, answers: tuple[str, ...]) -> tuple[float, float]:
    """(EM, F1) of one prediction against its gold answers, each 0-1."""
    return exact_match(prediction, answers), f1(prediction, answers)


def summarise(scores: list[tuple[float, float]]) -> dict[str, float | int]:
    """Per-question (EM, F1) pairs as CMRC 2018 reports them: percentages, and how many."""
    n = len(scores)
    return {"em": round(100 * sum(e for e, _ in scores) / max(n, 1), 2),
            "f1": round(100 * sum(f for _, f in scores) / max(n, 1), 2), "n": n}
