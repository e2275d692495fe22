"""List questions of an MRC set with enumerations grown and without, gold paragraph given.

    .venv/bin/python eval/bench_lists.py [../shared/mrc/cmrc2018_dev.json]

The questions are those the reader reads as lists (哪些/哪几/哪两…/分别是); CMRC 2018
dev is held out from training and was from the design of the 、 growing. The rules for a
question that says how many (哪两个: items joined by 和/与/及, a list of that many preferred)
were written after reading its list misses, and the list edges (a count or what follows a closing 等
cut after the last item, 包括/涉及/由 before the first) adjusted after reading its list answers, so
what they add here is not a held-out number.
"""
from __future__ import annotations

import sys
from pathlib import Path

from qa.config import Config
from qa.reader import model
from eval.mrc import score_reader


def main() -> None:
    path = Path(sys.argv[1] if len(sys.argv) > 1 else "../shared/mrc/cmrc2018_dev.json")
    grow = model.grow_to_enumeration
    try:
        for name, grower in (("grown", grow), ("not grown", lambda text, a, b, *_, **__: (a, b))):
            model.grow_to_enumeration = grower
            result = score_reader(Config(), path, kind="list")
            print(f"{name}: {result['n']} list questions, EM {result['em']:.2f} F1 {result['f1']:.2f}", flush=True)
    finally:
        model.grow_to_enumeration = grow


if __name__ == "__main__":
    main()
