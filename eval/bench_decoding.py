"""Decoding settings compared over one pass of the reader, gold paragraph given.

    .venv/bin/python eval/bench_decoding.py [PATH] [--limit N]
        [--length-penalty 0 0.02 0.05] [--context-weight 4] [--lead-in-margin 0 2 3 4] [--clause-margin 0 1 2]
        [--consensus-temperature 0 1 1.25 1.5 2]

The reader runs once per question (CMRC 2018 dev: ~10 min on 2 cores) and every
setting is decoded from the same logits. Even-numbered questions are where a setting
may be chosen and odd-numbered ones where it is checked, so a number chosen here is
also reported on questions it was not chosen on.
"""
from __future__ import annotations

import argparse
from pathlib import Path

from tqdm import tqdm

from qa.config import Config
from eval.mrc import question_scores, summarise
from qa.reader.model import decode_spans, load_reader
from qa.reader.training.mrc_data import load_mrc
from qa.retriever.terms import Segmenter


def _scores(rows: list[tuple], config: Config, calibration, segmenter: Segmenter) -> list[tuple[float, float]]:
    """(EM, F1) per question, decoded from its cached logits under `config`."""
    out = []
    for ex, terms, win, starts, ends in rows:
        spans = decode_spans(ex.question, [ex.context], win, starts, ends, config, calibration,
                             n_best=1, terms=terms, segmenter=segmenter)
        out.append(question_scores(spans[0].text if spans else "", ex.answers))
    return out


def _shown(scores: list[tuple[float, float]]) -> str:
    result = summarise(scores)
    return f"EM {result['em']:.2f} F1 {result['f1']:.2f}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path", nargs="?", default="../shared/mrc/cmrc2018_dev.json")
    parser.add_argument("--limit", type=int, default=None)
    parser.add_argument("--length-penalty", type=float, nargs="+", default=[0.0, 0.02, 0.05])
    parser.add_argument("--context-weight", type=float, nargs="+", default=[Config().reader_context_weight])
    parser.add_argument("--lead-in-margin", type=float, nargs="+", default=[Config().reader_lead_in_margin])
    parser.add_argument("--clause-margin", type=float, nargs="+", default=[Config().reader_clause_margin])
    parser.add_argument("--consensus-temperature", type=float, nargs="+",
                        default=[Config().reader_consensus_temperature])
    args = parser.parse_args()

    base = Config()
    reader = load_reader(base)
    segmenter = Segmenter()
    rows = []
    for ex in tqdm(load_mrc(Path(args.path))[:args.limit], desc="reader logits", unit="q"):
        win, starts, ends = reader.logits(ex.question, [ex.context])
        rows.append((ex, segmenter.query_terms(ex.question), win, starts, ends))
    settings = [(p, w, m, c, t) for p in args.length_penalty for w in args.context_weight
                for m in args.lead_in_margin for c in args.clause_margin for t in args.consensus_temperature]
    for penalty, weight, margin, clause, temperature in settings:
        config = base.with_overrides(reader_length_penalty=penalty, reader_context_weight=weight,
                                     reader_lead_in_margin=margin, reader_clause_margin=clause,
                                     reader_consensus_temperature=temperature)
        scores = _scores(rows, config, reader.calibration, segmenter)
        print(f"length penalty {penalty:g}, context weight {weight:g}, lead-in margin {margin:g}, "
              f"clause margin {clause:g}, consensus temperature {temperature:g}: "
              f"chosen-on half {_shown(scores[0::2])}, checked half {_shown(scores[1::2])}, "
              f"all {_shown(scores)}", flush=True)


if __name__ == "__main__":
    main()
