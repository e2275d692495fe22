"""`qa reader train`: fine-tune the prepared e5 encoder for span extraction.

The top `train_layers` transformer layers and the span head learn in full; the
layers below learn through low-rank adapters when `lora_rank` is set (else they
stay as e5 has them), and the embeddings never change. The result ships as just
the changed layers plus the adapters. `init_from` continues from shipped
weights (their adapters too, when the shapes match), which is how the later
stages of the shipped reader were trained.
"""
from __future__ import annotations

import json
import math
import random
import time
from dataclasses import asdict, dataclass
from pathlib import Path

import numpy as np

from ..lora import adapter_state, add_lora, is_adapter
from .mrc_data import MrcExample, load_mrc
from ..weights import load_reader_tensors
from ..windows import make_windows, token_span
from ..wordpieces import load_tokenizer


@dataclass(frozen=True)
class TrainSettings:
    train_files: tuple[Path, ...]
    model_dir: Path
    out_dir: Path
    work_dir: Path                 # checkpoints for resuming
    train_layers: int = 4
    epochs: float = 1.0
    batch_size: int = 16
    learning_rate: float = 1e-4
    warmup: float = 0.06
    max_len: int = 384
    stride: int = 128
    seed: int = 1234
    negative_keep: float = 0.25    # share of answer-less windows kept for training
    limit: int | None = None       # examples; for smoke runs
    # CMRC 2018 trial marks whole clauses (median 19 characters) where CMRC 2018 dev and DRCD
    # mark the phrase (6 and 4); leaving the long ones out did not help the shipped reader (card)
    max_answer_chars: int | None = None
    every_answer: bool = False     # one example per distinct gold span, not only the first
    word_aligned: bool = False     # tokens never run across a jieba word (wordpieces.py)
    checkpoint_every: int = 100    # optimizer steps
    threads: int = 2
    device: str = "cpu"
    lora_rank: int = 0             # adapters on the layers below the top ones; 0 = frozen
    lora_alpha: float = 32.0
    lora_learning_rate: float = 5e-4
    init_from: Path | None = None  # shipped weights to start from
    # questions held back from training, whole passages at a time (no passage is in both), written
    # to work_dir/heldout.json in SQuAD form: a check no rule or weight was fitted to
    holdout: int = 0


@dataclass
class Features:
    input_ids: np.ndarray
    attention_mask: np.ndarray
    start: np.ndarray
    end: np.ndarray


def build_features(tokenizer, examples: list[MrcExample], max_len: int, stride: int,
                   negative_keep: float = 1.0, seed: int = 0) -> Features:
    rng = random.Random(seed)
    ids, starts, ends = [], [], []
    for i in range(0, len(examples), 256):
        batch = examples[i:i + 256]
        win = make_windows(tokenizer, [e.question for e in batch], [e.context for e in batch],
                           max_len, stride)
        for w in range(len(win.input_ids)):
            ex = batch[int(win.passage_index[w])]
            span = token_span(win.offsets[w], ex.answer_start, ex.answer_start + len(ex.answers[0]))
            # a window without the answer teaches the model to point at <s> (index 0)
            s, e = span if span else (0, 0)
            # answer-less windows are most of a long context; a sample of them is enough
            if span is None and rng.random() >= negative_keep:
                continue
            length = int(win.attention_mask[w].sum())
            ids.append(win.input_ids[w][:length])
            starts.append(s)
            ends.append(e)
    width = max_len
    input_ids = np.full((len(ids), width), tokenizer.pad_token_id, dtype=np.int64)
    attention = np.zeros((len(ids), width), dtype=np.int64)
    for row, seq in enumerate(ids):
        input_ids[row, :len(seq)] = seq
        attention[row, :len(seq)] = 1
    return Features(input_ids, attention, np.asarray(starts), np.asarray(ends))


def hold_back(examples: list[MrcExample], count: int) -> tuple[list[MrcExample], list[MrcExample]]:
    """(kept, held): the first passages in the (shuffled) order whose questions reach `count`."""
    per_context: dict[str, int] = {}
    for ex in examples:
        per_context[ex.context] = per_context.get(ex.context, 0) + 1
    held_contexts: set[str] = set()
    held = 0
    for ex in examples:
        if held >= count:
            break
        if ex.context not in held_contexts:
            held_contexts.add(ex.context)
            held += per_context[ex.context]
    kept = [ex for ex in examples if ex.context not in held_contexts]
    return kept, [ex for ex in examples if ex.context in held_contexts]


def write_squad(examples: list[MrcExample], path: Path) -> None:
    """Examples as a SQuAD-style file that `qa reader eval` reads."""
    by_context: dict[str, list[MrcExample]] = {}
    for ex in examples:
        by_context.setdefault(ex.context, []).append(ex)
    data = [{"paragraphs": [{"context": c, "qas": [
        {"id": ex.qid, "question": ex.question,
         "answers": [{"text": a, "answer_start": c.find(a)} for a in ex.answers]} for ex in exs]}]}
        for c, exs in by_context.items()]
    path.write_text(json.dumps({"data": data}, ensure_ascii=False), "utf-8")


def trainable_names(model, train_layers: int) -> list[str]:
    n_layers = model.config.num_hidden_layers
    keep = tuple(f"encoder.layer.{i}." for i in range(n_layers - train_layers, n_layers))
    return [name for name, _ in model.named_parameters()
            if name.startswith("qa_outputs.") or any(k in name for k in keep)]


def check_same_adapters(lora: dict, settings: TrainSettings, n_layers: int) -> None:
    """Continuing adapters only makes sense with the same shape and scale; else they would be lost."""
    wanted = {"rank": settings.lora_rank, "alpha": settings.lora_alpha,
              "layers": n_layers - settings.train_layers if settings.lora_rank else 0}
    differ = [f"{k} {lora.get(k)} there, {v} here" for k, v in wanted.items() if lora.get(k) != v]
    if differ:
        raise ValueError(f"{settings.init_from} has adapters of another shape ({'; '.join(differ)}); "
                         "pass the same --lora-rank, --lora-alpha and --layers to continue them")


def _plain(value):
    """A setting as reader.json records it: paths as written on the command line."""
    if isinstance(value, tuple):
        return " ".join(str(v) for v in value)
    return str(value) if isinstance(value, Path) else value


def train(settings: TrainSettings, log=print) -> Path:
    import torch
    from transformers import AutoModelForQuestionAnswering

    torch.manual_seed(settings.seed)
    random.seed(settings.seed)
    np.random.seed(settings.seed)
    torch.set_num_threads(settings.threads)
    tokenizer = load_tokenizer(settings.model_dir, settings.word_aligned)
    examples = [ex for path in settings.train_files for ex in load_mrc(path, every_answer=settings.every_answer) if ex.answer_start >= 0
                and (settings.max_answer_chars is None or len(ex.answers[0]) <= settings.max_answer_chars)]
    random.Random(settings.seed).shuffle(examples)
    settings.work_dir.mkdir(parents=True, exist_ok=True)
    if settings.holdout:
        examples, held = hold_back(examples, settings.holdout)
        write_squad(held, settings.work_dir / "heldout.json")
        log(f"{len(held)} questions held back -> {settings.work_dir / 'heldout.json'}")
    if settings.limit:
        examples = examples[:settings.limit]
    features = build_features(tokenizer, examples, settings.max_len, settings.stride,
                              settings.negative_keep, settings.seed)
    n = len(features.input_ids)
    log(f"{len(examples)} examples -> {n} windows")

    model = AutoModelForQuestionAnswering.from_pretrained(settings.model_dir, local_files_only=True)
    n_layers = model.config.num_hidden_layers
    init_adapters: dict = {}
    if settings.init_from:
        tensors, init_meta = load_reader_tensors(settings.init_from)
        init_adapters = {k: v for k, v in tensors.items() if is_adapter(k)}
        if init_adapters:
            check_same_adapters(init_meta.get("lora", {}), settings, n_layers)
        model.load_state_dict({k: v for k, v in tensors.items() if not is_adapter(k)}, strict=False)
    names = set(trainable_names(model, settings.train_layers))
    if settings.lora_rank:
        add_lora(model, range(n_layers - settings.train_layers), settings.lora_rank,
                 settings.lora_alpha, settings.seed)
        names |= set(adapter_state(model))
        # the adapters exist only once the layers are wrapped, so they load last
        missing = set(init_adapters) - names
        if missing:
            raise ValueError(f"{settings.init_from} has adapters this model lacks: {sorted(missing)[:3]}")
        model.load_state_dict(init_adapters, strict=False)
    for name, param in model.named_parameters():
        param.requires_grad = name in names
    model.to(settings.device)
    full = [p for name, p in model.named_parameters() if name in names and not is_adapter(name)]
    adapters = [p for name, p in model.named_parameters() if is_adapter(name)]
    params = full + adapters
    steps_per_epoch = math.ceil(n / settings.batch_size)
    total = max(1, int(steps_per_epoch * settings.epochs))
    optimizer = torch.optim.AdamW([{"params": full, "lr": settings.learning_rate},
                                   {"params": adapters, "lr": settings.lora_learning_rate}],
                                  weight_decay=0.01)
    warm = max(1, int(total * settings.warmup))
    schedule = torch.optim.lr_scheduler.LambdaLR(
        optimizer, lambda s: min((s + 1) / warm, max(0.0, (total - s) / max(1, total - warm))))

    settings.work_dir.mkdir(parents=True, exist_ok=True)
    ckpt = settings.work_dir / "checkpoint.pt"
    step = 0
    if ckpt.exists():
        state = torch.load(ckpt, map_location=settings.device)
        model.load_state_dict(state["model"], strict=False)
        optimizer.load_state_dict(state["optimizer"])
        schedule.load_state_dict(state["schedule"])
        step = state["step"]
        log(f"resumed at step {step}/{total}")

    # one fixed permutation per epoch, derived from the seed, so resuming replays the same order
    order = np.concatenate([np.random.RandomState(settings.seed + e).permutation(n)
                            for e in range(math.ceil(settings.epochs))])
    from tqdm import tqdm

    model.train()
    started = time.time()
    bar = tqdm(total=total, initial=step, desc="train reader", unit="step")
    while step < total:
        idx = order[step * settings.batch_size:(step + 1) * settings.batch_size]
        if not len(idx):
            # each epoch counts ceil(n / batch) steps over permutations laid end to end, so over
            # several epochs the data runs out up to a step per epoch early: training ends there
            break
        length = int(features.attention_mask[idx].sum(1).max())
        batch = {
            "input_ids": torch.from_numpy(features.input_ids[idx, :length]).to(settings.device),
            "attention_mask": torch.from_numpy(features.attention_mask[idx, :length]).to(settings.device),
            "start_positions": torch.from_numpy(features.start[idx]).to(settings.device),
            "end_positions": torch.from_numpy(features.end[idx]).to(settings.device),
        }
        loss = model(**batch).loss
        loss.backward()
        torch.nn.utils.clip_grad_norm_(params, 1.0)
        optimizer.step()
        schedule.step()
        optimizer.zero_grad(set_to_none=True)
        step += 1
        bar.update(1)
        bar.set_postfix(loss=f"{loss.item():.3f}")
        if step % settings.checkpoint_every == 0 or step == total:
            trainable = {k: v for k, v in model.state_dict().items() if k in names}
            torch.save({"model": trainable, "optimizer": optimizer.state_dict(),
                        "schedule": schedule.state_dict(), "step": step}, ckpt.with_suffix(".tmp"))
            ckpt.with_suffix(".tmp").replace(ckpt)
    bar.close()
    from ..weights import save_reader_weights

    info = {"settings": {k: _plain(v) for k, v in asdict(settings).items()},
            "examples": len(examples), "windows": n, "steps": step,
            "train_seconds": round(time.time() - started, 1)}
    if settings.init_from:
        # the card reproduces every stage, not just this one
        info["stages"] = init_meta.get("stages", []) + [init_meta["settings"]]
        if init_meta.get("averaged"):
            # started from an average: the card rebuilds that average (at its rank) before this reader
            info["settings"]["from_average"] = True
            if init_meta.get("averaged_rank"):
                info["settings"]["from_average_rank"] = init_meta["averaged_rank"]
            info["from_average_of"] = init_meta["averaged"]
        elif init_meta.get("from_average_of"):
            # went on from a reader that was itself trained on from an average: keep that provenance
            info["from_average_of"] = init_meta["from_average_of"]
        info["history"] = init_meta.get("history", [])
    if settings.lora_rank:
        info["lora"] = {"rank": settings.lora_rank, "alpha": settings.lora_alpha,
                        "scale": settings.lora_alpha / settings.lora_rank,
                        "layers": n_layers - settings.train_layers}
    path = save_reader_weights(model, sorted(names), settings.out_dir, info)
    from .card import write_card

    write_card(settings.out_dir)
    log(f"saved {path}")
    return path
