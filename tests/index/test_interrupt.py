"""A killed add (kill -9 at several points) or a save killed between its renames: the next start
uses the last complete index, without rebuilding, and never holds half a document."""
from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from index.storage import read_manifest
from qa.config import Config
from qa.pipeline import Assistant

ROOT = Config().root
BUNDLED = "004_620ee89382bd1b1b.txt"
CHILD = """
import sys
from pathlib import Path
from qa.config import Config
from qa.pipeline import Assistant
base = Path(sys.argv[1])
config = Config().with_overrides(corpus_dir=base / "corpus", index_dir=base / "store", library_dir=base / "library")
assistant = Assistant.load(config)
print("ready", flush=True)
assistant.add_document(base / "big.txt", progress=lambda f, m: print(f"{f:.3f} {m}", flush=True))
print("finished", flush=True)
"""


def _big_report(path: Path) -> None:
    lines = ["溧阳市2024年教育工作总结"]
    for i in range(1, 61):
        lines.append(f"{i}.第{i}项工作。全市第{i}批学校改造工程完成投资{i * 37}万元，新增学位{i * 11}个，"
                     f"配备教师{i * 3}名，惠及学生{i * 101}人，群众满意度保持在较高水平。")
    path.write_text("\n".join(lines) + "\n", "utf-8")


@pytest.fixture
def setup(tmp_path: Path) -> tuple[Config, Path]:
    (tmp_path / "corpus").mkdir()
    shutil.copy(ROOT / "data" / BUNDLED, tmp_path / "corpus" / BUNDLED)
    _big_report(tmp_path / "big.txt")
    config = Config().with_overrides(corpus_dir=tmp_path / "corpus", index_dir=tmp_path / "store",
                                     library_dir=tmp_path / "library")
    Assistant.load(config)
    return config, tmp_path


def _state(config: Config) -> tuple[float, dict]:
    manifest = read_manifest(config.index_dir)
    return manifest.built_at, manifest.counts


@pytest.mark.parametrize("kill_when", ["ready", "0.3", "saving index"])
def test_kill_9_during_an_add_keeps_the_last_complete_index(setup, kill_when: str):
    config, base = setup
    before = _state(config)
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    child = subprocess.Popen([sys.executable, "-c", CHILD, str(base)], stdout=subprocess.PIPE, text=True,
                             env=env, cwd=ROOT, stderr=subprocess.DEVNULL)
    try:
        for line in child.stdout:
            if line.startswith(kill_when) or (kill_when[0].isdigit() and line[0].isdigit()
                                              and float(line.split()[0]) >= float(kill_when)):
                break
        child.send_signal(signal.SIGKILL)
    finally:
        child.wait(timeout=60)
    again = Assistant.load(config)
    assert again.notices == []                       # used as it was: no rebuild
    docs = again.store.documents
    if "big.txt" in docs:                            # the add finished: all of it is there
        assert _state(config) != before and again.store.manifest.counts["documents"] == 2
        assert len({c.paragraph for c in again.store.chunks if c.doc == "big.txt"}) == 61
        assert again.retrieve("第37批学校改造工程完成投资多少")[0].chunk.doc == "big.txt"
    else:                                            # or none of it: the index as before
        assert _state(config) == before and list(docs) == [BUNDLED]
    if kill_when == "ready":
        assert "big.txt" not in docs


def test_a_save_killed_between_its_renames_is_finished_at_the_next_start(setup):
    config, base = setup
    store = config.index_dir
    newer = store.with_name(store.name + ".tmp")
    older = store.with_name(store.name + ".old")
    shutil.copytree(store, newer)
    manifest = json.loads((newer / "manifest.json").read_text("utf-8"))
    manifest["built_at"] += 1                       # tell the two apart
    (newer / "manifest.json").write_text(json.dumps(manifest), "utf-8")
    store.rename(older)                              # the moment between save's two renames
    again = Assistant.load(config)
    assert again.notices == [] and again.store.manifest.built_at == manifest["built_at"]
    assert not newer.exists()
