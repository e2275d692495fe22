"""The reader's engines: ONNX Runtime fp32 gives torch's logits, int8 keeps the answers."""
from __future__ import annotations

import json

import numpy as np
import pytest

from qa.config import Config
from qa.reader.engine import RECIPE, OnnxSpanModel, TorchSpanModel, cached_onnx
from qa.reader.model import load_reader

QUESTION = "金坛2019年招聘了多少教师"
PASSAGE = ("2019年，金坛区面向全国公开招聘新教师43人，选拔第二批12名骨干教师秋学期赴两县支教。"
           "全区共有68名导学教师参与青年教师培养工程。")


@pytest.fixture(scope="module")
def readers() -> dict:
    return {engine: load_reader(Config().with_overrides(reader_engine=engine))
            for engine in ("torch", "onnx", "onnx-int8")}


def _logits(reader) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    win, start, end = reader.logits(QUESTION, [PASSAGE, PASSAGE[::-1]])
    return win.offsets[:, :, 0] >= 0, start, end


def test_each_engine_is_what_it_says(readers: dict) -> None:
    assert isinstance(readers["torch"].model, TorchSpanModel)
    assert isinstance(readers["onnx"].model, OnnxSpanModel)
    assert readers["onnx-int8"].model.path.name.endswith(f"-onnx-int8-r{RECIPE}.onnx")


def test_onnx_fp32_gives_the_torch_logits(readers: dict) -> None:
    _, start, end = _logits(readers["torch"])
    _, o_start, o_end = _logits(readers["onnx"])
    np.testing.assert_allclose(o_start, start, atol=2e-3)
    np.testing.assert_allclose(o_end, end, atol=2e-3)


def test_int8_stays_close_and_keeps_the_answer(readers: dict) -> None:
    inside, start, end = _logits(readers["torch"])
    _, q_start, q_end = _logits(readers["onnx-int8"])
    # quantized, so not equal; but a few tenths at most where the passage is, not whole logits
    assert 0 < np.abs(q_start - start)[inside].mean() < 0.5
    assert 0 < np.abs(q_end - end)[inside].mean() < 0.5
    for reader in readers.values():
        assert reader.spans(QUESTION, [PASSAGE], n_best=1)[0].text == "43人"


def test_a_damaged_export_is_not_used(tmp_path) -> None:
    folder = tmp_path / "reader-onnx"
    folder.mkdir()
    path = folder / f"k-onnx-int8-r{RECIPE}.onnx"
    path.write_bytes(b"not a model")
    stat = path.stat()
    record = path.with_suffix(".json")
    record.write_text(json.dumps({"size": stat.st_size, "mtime_ns": stat.st_mtime_ns}))
    assert cached_onnx(tmp_path, "k", "onnx-int8", 1) is None        # recorded, but does not load
    record.write_text(json.dumps({"size": stat.st_size + 1, "mtime_ns": stat.st_mtime_ns}))
    assert cached_onnx(tmp_path, "k", "onnx-int8", 1) is None        # not the file that was written


def test_an_unknown_engine_is_refused() -> None:
    with pytest.raises(ValueError, match="reader_engine 'gpu'"):
        Config().with_overrides(reader_engine="gpu")
