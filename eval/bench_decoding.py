"""Decoding settings compared over one pass of the reader, gold paragraph given.

    .venv/bin/python eval/bench_decoding.py [PATH] [--limit N]
        [--length-penalty 0 0.02 0.05] [--context-weight 4]

The reader runs once per question (CMRC 2018 dev: ~10 min on 2 cores) and every
setting is decoded from the same logits. Even-numbered questions are where a setting
may be chosen and odd-numbered ones where it is checked, so a number chosen here is
also reported on questions it was not chosen on.
"""
from __future__ import annotations

import argparse
import dataclasses
from pathlib import Path

from tqdm import tqdm

from qa.config import Config
from qa.evaluation.metrics import exact_match, f1
from qa.reader.model import decode_spans, load_reader
from qa.reader.mrc_data import load_mrc
from qa.retriever.terms import Segmenter


def _score(rows: list[tuple], config: Config, calibration) -> str:
    em = f1_sum = 0.0
    for ex, terms, win, starts, ends in rows:
        spans = decode_spans(ex.question, [ex.context], win, starts, ends, config, calibration,
                             n_best=1, terms=terms)
        prediction = spans[0].text if spans else ""
        em += exact_match(prediction, ex.answers)
        f1_sum += f1(prediction, ex.answers)
    n = max(len(rows), 1)
    return f"EM {100 * em / n:.2f} F1 {100 * f1_sum / n:.2f}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path", nargs="?", default="../shared/mrc/cmrc2018_dev.json")
    parser.add_argument("--limit", type=int, default=None)
    parser.add_argument("--length-penalty", type=float, nargs="+", default=[0.0, 0.02, 0.05])
    parser.add_argument("--context-weight", type=float, nargs="+", default=[Config().reader_context_weight])
    args = parser.parse_args()

    base = Config()
    reader = load_reader(base)
    segmenter = Segmenter()
    rows = []
    for ex in tqdm(load_mrc(Path(args.path))[:args.limit], desc="reader logits", unit="q"):
        win, starts, ends = reader.logits(ex.question, [ex.context])
        rows.append((ex, segmenter.query_terms(ex.question), win, starts, ends))
    for penalty in args.length_penalty:
        for weight in args.context_weight:
            config = dataclasses.replace(base, reader_length_penalty=penalty, reader_context_weight=weight)
            print(f"length penalty {penalty:g}, context weight {weight:g}: "
                  f"chosen-on half {_score(rows[0::2], config, reader.calibration)}, "
                  f"checked half {_score(rows[1::2], config, reader.calibration)}, "
                  f"all {_score(rows, config, reader.calibration)}", flush=True)


if __name__ == "__main__":
    main()
