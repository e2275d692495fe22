"""List questions of an MRC set with enumerations grown and without, gold paragraph given.

    .venv/bin/python eval/bench_lists.py [../shared/mrc/cmrc2018_dev.json]

The questions are those the reader reads as lists (哪些/哪几/哪两…/分别是); CMRC 2018
dev is held out from training and from the design of the growing, so this is the
honest check of qa/reader/enumeration.py.
"""
from __future__ import annotations

import sys
from pathlib import Path

from qa.config import Config
from qa.evaluation.metrics import exact_match, f1
from qa.reader import model
from qa.reader.decode import expected_type
from qa.reader.mrc_data import load_mrc
from qa.retriever.terms import Segmenter


def main() -> None:
    path = Path(sys.argv[1] if len(sys.argv) > 1 else "../shared/mrc/cmrc2018_dev.json")
    reader = model.load_reader(Config())
    segmenter = Segmenter()
    examples = [e for e in load_mrc(path) if expected_type(e.question) == "list"]
    grow = model.grow_to_enumeration
    for name, grower in (("grown", grow), ("not grown", lambda text, a, b, *_: (a, b))):
        model.grow_to_enumeration = grower
        em = f1_sum = 0.0
        for ex in examples:
            spans = reader.spans(ex.question, [ex.context], n_best=1, terms=segmenter.query_terms(ex.question))
            prediction = spans[0].text if spans else ""
            em += exact_match(prediction, ex.answers)
            f1_sum += f1(prediction, ex.answers)
        print(f"{name}: {len(examples)} list questions, EM {100 * em / len(examples):.2f} "
              f"F1 {100 * f1_sum / len(examples):.2f}", flush=True)
    model.grow_to_enumeration = grow


if __name__ == "__main__":
    main()
