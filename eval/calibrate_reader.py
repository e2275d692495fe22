"""Choose the reader's abstention threshold on our own question set, and store it.

    .venv/bin/python eval/calibrate_reader.py [--set eval/changzhou_dev.jsonl eval/changzhou_nearmiss.jsonl] [--write]

For every question the best span's score (span minus no-answer logits) is
recorded; the threshold kept is the one that maximises questions handled
right: answerable ones answered correctly plus unanswerable ones declined.
It is fitted on half the questions (drawn by question group, so rewordings of
one question stay in one half) and checked on the rest, so the held-out
line says how well the threshold carries to questions it was not chosen on.
Questions the scope check already declines (a district or year the corpus
lacks) do not depend on the threshold and are left out.

The same scores also fit the curve behind `confidence` (how likely a shown
span is right; an unanswerable question's span is never right), checked on the
held-out half by the Brier score against the plain odds over "no answer".

`--acceptance` also fits the show-or-decline model over the span's features
(qa/reader/acceptance.py: score, topic coverage of its sentence, number shape,
passage rank) by logistic regression, with its line chosen like the threshold;
with `--write` it is stored (and then decides) only when it handles more of the
held-out half right than the threshold does.
"""
from __future__ import annotations

import argparse
import json
import zlib
from pathlib import Path

from tqdm import tqdm

from qa.config import Config
from eval.runner import judge
from eval.sets import load_set
from qa.pipeline import NOT_FOUND, Assistant
from qa.intake import clean_question
from qa.reader.acceptance import FEATURES, Acceptance
from qa.reader.decode import confidence, fit_confidence
from qa.reader.weights import META_FILE, write_reader_meta


def main() -> None:
    parser = argparse.ArgumentParser()
    # the near-miss set brings the unanswerable questions (siblings of what is stated) a threshold
    # has to decline; dev alone holds four
    parser.add_argument("--set", nargs="+", default=["eval/changzhou_dev.jsonl", "eval/changzhou_nearmiss.jsonl"])
    parser.add_argument("--write", action="store_true", help="store the threshold in reader.json")
    parser.add_argument("--context-weight", type=float, default=None,
                        help="try another reader_context_weight (qa/config.py) instead of the configured one")
    parser.add_argument("--curve", action="store_true",
                        help="also print how many each half handles right at a range of lines, and the "
                             "line chosen on the other half")
    parser.add_argument("--acceptance", action="store_true",
                        help="also fit the show-or-decline model over the span's features")
    args = parser.parse_args()
    config = Config()
    if args.context_weight is not None:
        config = config.with_overrides(reader_context_weight=args.context_weight)
    assistant = Assistant.load(config)
    rows, features, halves = [], [], []
    items = [item for path in args.set for item in load_set(Path(path))]
    for item in tqdm(items, desc="calibrate", unit="q"):
        if not (assistant.ask(item.question).reason or NOT_FOUND).startswith(NOT_FOUND):
            continue                                   # declined by scope, whatever the threshold
        # the span the pipeline judges: retrieved and read as `ask` does (the reader is asked the topic)
        q = assistant.understand(clean_question(item.question, config.max_question_chars).text)
        hits = assistant.retrieve(q)
        span = assistant.best_span(q, hits)
        if span is None:
            continue
        # a span `ask` declines anyway (a sibling, a rival, another measure) is never shown: the
        # line only decides the others, so such a span counts as neither right nor wrongly shown
        declined = assistant.mismatch(q, span, hits) is not None
        rows.append((span.score, item.answerable, judge(span.text, False, item.answers) and not declined,
                     declined))
        features.append(assistant.judged_features(q, span, hits))
        # the half a question falls in, by its group: rewordings of one question stay together,
        # so the held-out half never holds a wording of a question fitted on
        halves.append(zlib.crc32((item.group or item.id).encode("utf-8")) % 2)
    fit = [r for r, h in zip(rows, halves) if h == 0]
    held = [r for r, h in zip(rows, halves) if h == 1]
    candidates = sorted({s for s, *_ in fit}) + [float("inf")]

    def handled(t: float, part: list) -> int:
        return sum((s >= t and ok) if answerable else (s < t or declined) for s, answerable, ok, declined in part)

    best = max(candidates, key=lambda t: (handled(t, fit), -t))
    # place the threshold midway below the chosen score, away from any single question's score
    below = [s for s in candidates if s < best]
    threshold = (best + below[-1]) / 2 if below and best != float("inf") else best
    print(f"{len(rows)} questions; answerable right at any threshold: "
          f"{sum(ok for _, a, ok, _ in rows if a)}; unanswerable: {sum(not a for _, a, *_ in rows)}")
    for name, part in (("fitted on", fit), ("held out", held)):
        print(f"threshold {threshold:.3f}, {name} {len(part)}: handled right {handled(threshold, part)} "
              f"(vs {handled(float('-inf'), part)} never abstaining)")
    if args.curve:
        # the same choice made the other way round: chosen on the held-out half, checked on the fitted one
        other = max(sorted({s for s, *_ in held}) + [float("inf")], key=lambda t: (handled(t, held), -t))
        print(f"chosen on the held-out half instead: {other:.3f}, handling {handled(other, fit)} of the fitted half")
        print("line    fitted  held out  unanswerable declined (all)")
        for t in (float("-inf"), 0.0, 1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 8.0):
            print(f"{t:5.1f}  {handled(t, fit):6d}  {handled(t, held):8d}  "
                  f"{sum(s < t or d for s, a, _, d in rows if not a):4d}")
    slope, intercept = fit_confidence([s for s, *_ in fit], [a and ok for _, a, ok, _ in fit])

    def brier(curve: tuple[float, float]) -> float:
        return sum((confidence(s, *curve) - (a and ok)) ** 2 for s, a, ok, _ in held) / len(held)

    print(f"confidence = sigmoid({slope:.4f} * score + {intercept:.4f}); held-out Brier "
          f"{brier((slope, intercept)):.3f} vs {brier((1.0, -threshold)):.3f} for the odds over no answer")
    acceptance = fit_acceptance(features, rows, halves, handled(threshold, held)) if args.acceptance else None
    if args.write:
        meta_path = assistant.config.reader_dir / META_FILE
        meta = json.loads(meta_path.read_text("utf-8"))
        meta.pop("acceptance", None)
        if acceptance is not None:
            meta["acceptance"] = {**acceptance.to_dict(), "fitted_on": " ".join(args.set)}
        meta["threshold"] = round(threshold, 3)
        meta["confidence"] = {"slope": round(slope, 4), "intercept": round(intercept, 4)}
        meta["threshold_from"] = f"eval/calibrate_reader.py on {' '.join(args.set)}"
        meta["threshold_sets"] = list(args.set)
        write_reader_meta(meta_path.parent, meta)
        print(f"written to {meta_path}")


def fit_acceptance(features: list[tuple[float, ...]], rows: list[tuple], halves: list[int],
                   threshold_held: int) -> Acceptance | None:
    """The logistic model over the span features, fitted on half 0 with its line chosen there;
    None when it handles fewer of half 1 right than the threshold alone does."""
    import numpy as np
    from sklearn.linear_model import LogisticRegression

    right = [bool(a and ok) for _, a, ok, _ in rows]
    x, y, half = np.asarray(features, dtype=float), np.asarray(right), np.asarray(halves)
    model = LogisticRegression(C=1.0, max_iter=1000).fit(x[half == 0], y[half == 0])
    fitted = Acceptance(tuple(float(w) for w in model.coef_[0]), float(model.intercept_[0]), 0.5)

    def handled(line: float, part: int) -> int:
        return sum((fitted.probability(f) >= line and ok) if a else (fitted.probability(f) < line or declined)
                   for f, (_, a, ok, declined), h in zip(features, rows, halves) if h == part)

    lines = sorted({round(fitted.probability(f), 4) for f, h in zip(features, halves) if h == 0})
    best = max(lines, key=lambda line: (handled(line, 0), -abs(line - 0.5)))
    chosen = Acceptance(fitted.weights, fitted.bias, best)
    held = handled(best, 1)
    print("acceptance " + ", ".join(f"{n} {w:+.3f}" for n, w in zip(FEATURES, chosen.weights))
          + f", bias {chosen.bias:+.3f}, line {best:.3f}: fitted on {handled(best, 0)}, "
          f"held out {held} handled right (threshold alone: {threshold_held})")
    return chosen if held > threshold_held else None


if __name__ == "__main__":
    main()
