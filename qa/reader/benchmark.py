"""`qa reader eval`: the reader alone, gold paragraph given, scored the CMRC 2018 way.

Spans are decoded as `qa ask` decodes them, with the question's words for the
context bonus, so the score is the reader users get.
"""
from __future__ import annotations

from pathlib import Path

from tqdm import tqdm

from qa.config import Config
from qa.evaluation.metrics import exact_match, f1
from qa.retriever.terms import Segmenter

from .decode import expected_type
from .model import load_reader
from .mrc_data import load_mrc
from .weights import ReaderWeightsError


def score_reader(config: Config, path: Path, limit: int | None = None,
                 kind: str | None = None) -> dict[str, float | int]:
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
    em = f1_sum = 0.0
    for ex in tqdm(examples, desc="reader eval", unit="q"):
        spans = reader.spans(ex.question, [ex.context], n_best=1,
                             terms=segmenter.query_terms(ex.question))
        prediction = spans[0].text if spans else ""
        em += exact_match(prediction, ex.answers)
        f1_sum += f1(prediction, ex.answers)
    n = len(examples)
    return {"em": round(100 * em / max(n, 1), 2), "f1": round(100 * f1_sum / max(n, 1), 2), "n": n}
