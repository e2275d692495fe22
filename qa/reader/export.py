"""The span reader as a plain Hugging Face question-answering folder, for other tools to load.

`AutoModelForQuestionAnswering.from_pretrained(folder)` and `AutoTokenizer.from_pretrained(folder)`
load it with nothing of ours installed: eval/bench_peers.py hands it to Haystack's extractive
reader so that both systems read with the same weights.

What does not travel: the reader was trained on word-aligned tokens (wordpieces.py cuts the text
into jieba words before SentencePiece), and a saved tokenizer cannot express that Python step.
The folder carries the base e5 tokenizer, so a plain loader reads with slightly other tokens
than ours; `EXPORT_FILE` records this, and load_tokenizer(folder, True) gives back our tokenization.
The weights are the fp32 ones the torch engine runs, before any int8 quantization (engine.py).
"""
from __future__ import annotations

import json
import shutil
from dataclasses import fields, replace
from pathlib import Path

from qa.config import Config

from .model import merged_key, load_reader
from .weights import verified_meta

EXPORT_FILE = "qa_export.json"
# the base folder's tokenizer as `qa models prepare` writes it (wordpieces.load_tokenizer reads these)
TOKENIZER_FILES = ("tokenizer.json", "tokenizer_config.json", "special_tokens_map.json")


def export_key(config: Config) -> str:
    """What an export is made of: the shipped weights and the base model (the merged tensors' key)."""
    return merged_key(config, verified_meta(config.reader_dir))


def is_exported(config: Config, out_dir: Path) -> bool:
    """Whether `out_dir` holds an export of the reader `config` ships now."""
    try:
        record = json.loads((Path(out_dir) / EXPORT_FILE).read_text("utf-8"))
    except (OSError, ValueError):
        return False
    return record.get("key") == export_key(config) and (Path(out_dir) / "config.json").is_file()


def torch_reader_model(config: Config):
    """The reader's network as the product rebuilds it (e5 base + shipped tensors merged), as a torch
    module; whatever engine the config runs, the torch engine's model is the one that exports."""
    import torch

    if any(f.name == "reader_engine" for f in fields(config)):
        config = replace(config, reader_engine="torch")
    reader = load_reader(config)
    if reader is None:
        raise FileNotFoundError(f"no reader weights ship in {config.reader_dir}")
    # the torch engine wraps the module (engine.TorchSpanModel); an older reader held it bare
    model = getattr(reader.model, "model", reader.model)
    if not isinstance(model, torch.nn.Module):
        raise TypeError(f"the reader's model is a {type(model).__name__}, not a torch module")
    return model


def export_hf(config: Config, out_dir: Path) -> Path:
    """Write the reader to `out_dir` as a Hugging Face question-answering folder; `out_dir`."""
    out_dir = Path(out_dir)
    model = torch_reader_model(config)
    meta = verified_meta(config.reader_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    # the stamp goes last and is dropped first: a half-written folder never passes is_exported
    (out_dir / EXPORT_FILE).unlink(missing_ok=True)
    model.save_pretrained(out_dir)
    for name in TOKENIZER_FILES:
        if (config.model_dir / name).is_file():
            shutil.copyfile(config.model_dir / name, out_dir / name)
    word_aligned = bool(meta["settings"].get("word_aligned"))
    record = {"key": export_key(config), "reader_sha256": meta.get("sha256"), "word_aligned": word_aligned,
              "max_len": config.reader_max_len, "stride": config.reader_stride,
              "note": ("trained on word-aligned tokens (jieba words before SentencePiece); this folder's "
                       "tokenizer is the plain base one" if word_aligned else "base tokenizer, as trained")}
    (out_dir / EXPORT_FILE).write_text(json.dumps(record, ensure_ascii=False, indent=2) + "\n", "utf-8")
    return out_dir
