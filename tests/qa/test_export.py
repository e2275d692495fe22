"""The reader exported as a Hugging Face question-answering folder reads as our reader does."""
from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from qa.config import Config
from qa.reader.export import EXPORT_FILE, export_hf, is_exported
from qa.reader.model import load_reader

# a real passage of the 金坛 2019 report and a question of the dev set asked of it
QUESTION = "金坛2019年招聘了多少教师"
PASSAGE = ("赴南京师范大学招聘优秀毕业生18人,公开招聘教师43人。针对学前教育师资缺口,先后赴江苏连云港、贵州铜仁等地"
           "高等院校举办专场招聘会,招聘10名聘用制教师;三是做好教师资格认定工作。")


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return export_hf(Config(), tmp_path_factory.mktemp("reader-hf"))


def test_plain_transformers_give_our_readers_logits(exported: Path):
    import torch
    from transformers import AutoModelForQuestionAnswering

    # the torch engine: the fp32 network the folder holds (int8 ONNX would differ by its rounding)
    reader = load_reader(Config().with_overrides(reader_engine="torch"))
    windows, start, end = reader.logits(QUESTION, [PASSAGE])
    model = AutoModelForQuestionAnswering.from_pretrained(exported, local_files_only=True).eval()
    with torch.inference_mode():
        out = model(input_ids=torch.from_numpy(windows.input_ids),
                    attention_mask=torch.from_numpy(windows.attention_mask))
    assert np.allclose(out.start_logits.numpy(), start, atol=1e-4)
    assert np.allclose(out.end_logits.numpy(), end, atol=1e-4)


def test_the_folder_carries_the_base_tokenizer_and_says_what_it_lacks(exported: Path):
    from transformers import AutoTokenizer

    plain = AutoTokenizer.from_pretrained(exported, local_files_only=True)
    base = AutoTokenizer.from_pretrained(Config().model_dir, local_files_only=True)
    assert plain(QUESTION, PASSAGE)["input_ids"] == base(QUESTION, PASSAGE)["input_ids"]
    record = json.loads((exported / EXPORT_FILE).read_text("utf-8"))
    assert record["word_aligned"] is True
    assert is_exported(Config(), exported)
