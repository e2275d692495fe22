"""What a cold start loads: the reader rebuilt once and then read from the cache, jieba's table once."""
from __future__ import annotations

from pathlib import Path

import numpy as np

from qa.config import Config
from qa.reader.weights import MERGED_DIR

QUESTION = "金坛2019年招聘了多少教师"
PASSAGE = "二是多元渠道招聘教育人才。赴南京师范大学招聘优秀毕业生18人,公开招聘教师43人。"


def test_the_merged_reader_is_cached_checked_and_rebuilt_when_damaged(tmp_path: Path):
    from qa.reader.model import load_reader

    config = Config().with_overrides(cache_dir=tmp_path)
    # the cache folder holds no e5 here: the model comes from the usual place
    config = _with_model_dir(config)
    _, start, end = load_reader(config).logits(QUESTION, [PASSAGE])      # rebuilt and written
    (cached,) = (tmp_path / MERGED_DIR).glob("*.safetensors")
    _, start2, end2 = load_reader(config).logits(QUESTION, [PASSAGE])    # read from the cache
    assert np.array_equal(start, start2) and np.array_equal(end, end2)
    data = bytearray(cached.read_bytes())
    data[len(data) // 2] ^= 0xFF
    cached.write_bytes(bytes(data))
    _, start3, end3 = load_reader(config).logits(QUESTION, [PASSAGE])    # damage found, rebuilt
    assert np.array_equal(start, start3) and np.array_equal(end, end3)
    assert cached.read_bytes() != bytes(data)


def _with_model_dir(config: Config) -> Config:
    # Config.model_dir follows cache_dir; point this one's at the prepared e5 by a link
    target = config.cache_dir / Config().model_dir.name
    if not target.exists():
        target.symlink_to(Config().model_dir, target_is_directory=True)
    return config


def test_jieba_table_is_cached_in_the_cache_folder_and_shared_unchanged(tmp_path: Path):
    from qa.retriever.terms import Segmenter, plain_jieba

    segmenter = Segmenter({"优才计划招聘"}, cache_dir=tmp_path)
    assert (tmp_path / "jieba" / "jieba.cache").is_file()
    assert "优才计划招聘" in segmenter.words("天宁区优才计划招聘中小学教师")
    # words added for one corpus never reach the shared table the tagger and the reader use
    assert "优才计划招聘" not in plain_jieba(tmp_path).FREQ
    assert "优才计划招聘" not in Segmenter(cache_dir=tmp_path).words("天宁区优才计划招聘中小学教师")
