"""Each decoding step switched off in turn, over one pass of the reader, gold paragraph given.

    .venv/bin/python eval/ablate_steps.py PATH [--limit N] [--weights DIR] [--greedy]

PATH is SQuAD-style data the steps were NOT written from (e.g. the passages `qa reader train
--holdout` holds back from CMRC 2018 train): a step that only helps on the set it was written
from shows here as no gain or a loss. The reader runs once per question; its logits are cached
in .cache/ablate/, so a second run only decodes. Prints, per step (qa/reader/steps.py): EM and F1
with that step off, the change against all steps on, and how many answers it changes; then the
plain decoding (`qa reader eval --raw`) for the model alone.

--greedy: from the shipped set, switch off one step at a time, each time the one whose removal
lifts F1 most on half A of the passages (by a hash of the passage), while that lift is at least
--margin; half B, on which nothing is chosen, says whether each removal holds.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import pickle
from pathlib import Path

from tqdm import tqdm

from eval.mrc import question_scores, summarise
from qa.config import Config
from qa.reader.model import decode_spans, load_reader
from qa.reader.plain import plain_best
from qa.reader.steps import STEPS
from qa.reader.weights import META_FILE
from qa.reader.training.mrc_data import load_mrc
from qa.retriever.terms import Segmenter


def cached_rows(reader, path: Path, limit: int | None, config: Config) -> list[tuple]:
    """(example, question terms, windows, start logits, end logits) per question, cached by the
    data file, the limit, the reader weights' checksum and the engine (int8 logits differ)."""
    weights = json.loads((config.reader_dir / META_FILE).read_text("utf-8"))["sha256"]
    key = hashlib.sha256(f"{path.resolve()}|{path.stat().st_mtime}|{limit}|{weights}|{config.reader_engine}".encode())
    cache = config.cache_dir / "ablate"
    target = cache / f"{path.stem}-{key.hexdigest()[:12]}.pkl"
    if target.is_file():
        return pickle.loads(target.read_bytes())
    segmenter = Segmenter()
    rows = []
    for ex in tqdm(load_mrc(path)[:limit], desc="reader logits", unit="q"):
        win, starts, ends = reader.logits(ex.question, [ex.context])
        rows.append((ex, segmenter.query_terms(ex.question), win, starts, ends))
    cache.mkdir(parents=True, exist_ok=True)
    target.write_bytes(pickle.dumps(rows))
    return rows


def decoded(rows: list[tuple], config: Config, calibration, segmenter: Segmenter) -> list[str]:
    out = []
    for ex, terms, win, starts, ends in rows:
        spans = decode_spans(ex.question, [ex.context], win, starts, ends, config, calibration,
                             n_best=1, terms=terms, segmenter=segmenter)
        out.append(spans[0].text if spans else "")
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("path", type=Path)
    parser.add_argument("--limit", type=int, default=None)
    parser.add_argument("--weights", type=Path, default=None, help="reader weights (default: the shipped reader)")
    parser.add_argument("--greedy", action="store_true", help="choose steps to switch off on half A, check on half B")
    parser.add_argument("--margin", type=float, default=0.3, help="F1 lift on half A a removal needs (--greedy)")
    args = parser.parse_args()
    base = Config() if args.weights is None else Config().with_overrides(reader_dir=args.weights)
    reader = load_reader(base)
    rows = cached_rows(reader, args.path, args.limit, base)
    segmenter = Segmenter()
    answers = [ex.answers for ex, *_ in rows]

    def scores(texts: list[str]) -> dict:
        return summarise([question_scores(t, a) for t, a in zip(texts, answers)])

    if args.greedy:
        greedy(rows, base, reader.calibration, segmenter, args.margin)
        return
    shipped = scores(decoded(rows, base, reader.calibration, segmenter))
    # each step is measured against every step on, whatever the shipped config switches off
    base = base.with_overrides(reader_steps_off=frozenset())
    full = decoded(rows, base, reader.calibration, segmenter)
    on = scores(full)
    print(f"{args.path.name}: {len(rows)} questions; all steps on: EM {on['em']:.2f} F1 {on['f1']:.2f}; "
          f"as shipped (Config.reader_steps_off off): EM {shipped['em']:.2f} F1 {shipped['f1']:.2f}")
    print(f"{'step off':<16} {'EM':>6} {'F1':>6} {'ΔEM':>6} {'ΔF1':>6} changed")
    for name in STEPS:
        texts = decoded(rows, base.with_overrides(reader_steps_off=frozenset({name})), reader.calibration, segmenter)
        r = scores(texts)
        changed = sum(a != b for a, b in zip(texts, full))
        print(f"{name:<16} {r['em']:6.2f} {r['f1']:6.2f} {r['em'] - on['em']:+6.2f} {r['f1'] - on['f1']:+6.2f} {changed}",
              flush=True)
    every = decoded(rows, base.with_overrides(reader_steps_off=frozenset(STEPS)), reader.calibration, segmenter)
    r = scores(every)
    print(f"{'all steps off':<16} {r['em']:6.2f} {r['f1']:6.2f} {r['em'] - on['em']:+6.2f} {r['f1'] - on['f1']:+6.2f}")
    plain = []
    for ex, _, win, starts, ends in rows:
        best = plain_best([ex.context], win, starts, ends, base.reader_max_answer_tokens)
        plain.append(ex.context[best[1]:best[2]] if best else "")
    r = scores(plain)
    print(f"{'plain (--raw)':<16} {r['em']:6.2f} {r['f1']:6.2f} {r['em'] - on['em']:+6.2f} {r['f1'] - on['f1']:+6.2f}")


def greedy(rows: list[tuple], config: Config, calibration, segmenter: Segmenter, margin: float) -> None:
    """Backward elimination from the shipped steps: chosen on half A, checked on half B."""
    half = [int(hashlib.sha256(ex.context.encode()).hexdigest(), 16) % 2 for ex, *_ in rows]
    a_rows = [r for r, h in zip(rows, half) if h == 0]
    b_rows = [r for r, h in zip(rows, half) if h == 1]

    def f1(part: list[tuple], off: frozenset[str]) -> tuple[float, float]:
        texts = decoded(part, config.with_overrides(reader_steps_off=off), calibration, segmenter)
        r = summarise([question_scores(t, ex.answers) for t, (ex, *_) in zip(texts, part)])
        return r["em"], r["f1"]

    off = config.reader_steps_off
    a_now, b_now = f1(a_rows, off), f1(b_rows, off)
    print(f"half A {len(a_rows)} q, half B {len(b_rows)} q; shipped: A EM/F1 {a_now[0]:.2f}/{a_now[1]:.2f}, "
          f"B {b_now[0]:.2f}/{b_now[1]:.2f}")
    while True:
        trials = {name: f1(a_rows, off | {name}) for name in STEPS if name not in off}
        name, best = max(trials.items(), key=lambda kv: kv[1][1])
        if best[1] - a_now[1] < margin:
            print(f"stop: the best next removal ({name}) lifts A by {best[1] - a_now[1]:+.2f} F1 < {margin}")
            break
        off = off | {name}
        b_new = f1(b_rows, off)
        print(f"off {name:<16} A {best[0]:.2f}/{best[1]:.2f} ({best[1] - a_now[1]:+.2f} F1)   "
              f"B {b_new[0]:.2f}/{b_new[1]:.2f} ({b_new[1] - b_now[1]:+.2f} F1)", flush=True)
        a_now, b_now = best, b_new
    print("switched off:", ", ".join(sorted(off)))


if __name__ == "__main__":
    main()
