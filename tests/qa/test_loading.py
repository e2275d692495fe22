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

    # torch runs it: the other engines load their own export and never read these tensors
    config = Config().with_overrides(cache_dir=tmp_path, reader_engine="torch")
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


def test_the_onnx_reader_is_exported_once_and_then_loaded_alone(tmp_path: Path):
    import shutil

    from qa.reader.engine import ONNX_DIR
    from qa.reader.model import load_reader

    config = _with_model_dir(Config().with_overrides(cache_dir=tmp_path, reader_engine="onnx-int8"))
    _, start, end = load_reader(config).logits(QUESTION, [PASSAGE])      # exported, quantized, kept
    (exported,) = (tmp_path / ONNX_DIR).glob("*.onnx")
    written = exported.stat().st_mtime_ns
    shutil.rmtree(tmp_path / MERGED_DIR)
    _, start2, end2 = load_reader(config).logits(QUESTION, [PASSAGE])    # the export alone
    assert np.array_equal(start, start2) and np.array_equal(end, end2)
    assert exported.stat().st_mtime_ns == written
    assert not (tmp_path / MERGED_DIR).exists()       # no torch model was rebuilt for it


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


_TABLES = """
import sys
from pathlib import Path
from index.ingest.places import Gazetteer
from qa.retriever.terms import plain_jieba
cache = Path(sys.argv[1])
print(len(Gazetteer.load(cache)._by_full), Gazetteer.load().resolve("金坛").full,
      "/".join(plain_jieba(cache).cut("金坛2019年招聘了多少教师")))
"""


def test_cached_tables_are_read_back_and_damaged_ones_rebuilt(tmp_path: Path):
    """jieba's table and the place table are kept in the cache folder; a damaged file is rebuilt."""
    import subprocess
    import sys

    def run() -> str:
        done = subprocess.run([sys.executable, "-c", _TABLES, str(tmp_path)], capture_output=True, text=True,
                              cwd=Path(__file__).resolve().parents[2], timeout=300)
        assert done.returncode == 0, done.stderr[-2000:]
        return done.stdout.strip()

    first = run()
    assert first.split()[1:] == ["江苏省常州市金坛区", "金坛/2019/年/招聘/了/多少/教师"]
    (places,) = (tmp_path / "places").glob("table-*.pickle")
    jieba_cache = tmp_path / "jieba" / "jieba.cache"
    assert run() == first                                  # read from both files
    for path in (places, jieba_cache):
        path.write_bytes(b"\x00not a table" * 10)
    assert run() == first                                  # damage found, tables read again
    assert places.read_bytes()[:3] != b"\x00no" and jieba_cache.stat().st_size > 1_000_000
