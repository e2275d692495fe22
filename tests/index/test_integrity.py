"""A damaged index is never used silently: each store file is checked against its sha256 at load,
and the rebuild keeps the user's removals even when the manifest itself is lost."""
from __future__ import annotations

import json
from pathlib import Path

import faiss
import pytest

from index.storage import history_path, load, read_manifest, StoreError
from qa.config import Config
from qa.pipeline import Assistant

LIYANG = ("溧阳市2024年教育工作总结\n一、队伍建设\n1.加强教师招聘。全年公开招聘新教师120名，"
          "其中研究生15名。\n2.改善办学条件。投入资金3000万元新建燕山小学。\n")
JINTAN = ("金坛区2024年教育工作总结\n一、学前教育\n1.新增托位。全年新增托位360个，"
          "新建幼儿园2所。\n二、队伍建设\n1.招聘教师。公开招聘教师88名。\n")


@pytest.fixture
def two(tmp_path: Path) -> Config:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "liyang.txt").write_text(LIYANG, "utf-8")
    (corpus / "jintan.txt").write_text(JINTAN, "utf-8")
    return Config().with_overrides(corpus_dir=corpus, index_dir=tmp_path / "store",
                                   library_dir=tmp_path / "library")


def _rebuilt_because(config: Config, words: str) -> Assistant:
    again = Assistant.load(config)
    assert any("index rebuilt" in n and words in n for n in again.notices), again.notices
    assert load(config.index_dir, config.root).chunks == again.store.chunks     # and saved whole again
    return again


def test_flipped_vectors_are_found_and_rebuilt(two: Config):
    first = Assistant.load(two)
    path = str(two.index_dir / "dense.faiss")
    index = faiss.read_index(path)
    vectors = index.reconstruct_n(0, index.ntotal)
    vectors[: len(vectors) // 2] *= -1                     # still a valid FAISS file
    flipped = faiss.IndexFlatIP(index.d)
    flipped.add(vectors)
    faiss.write_index(flipped, path)
    with pytest.raises(StoreError, match="dense.faiss is damaged"):
        load(two.index_dir, two.root)
    again = _rebuilt_because(two, "dense.faiss")
    assert (again.store.vectors == first.store.vectors).all()


def test_shifted_offsets_and_unknown_documents_are_found(two: Config):
    Assistant.load(two)
    path = two.index_dir / "chunks.jsonl"
    rows = [json.loads(line) for line in path.read_text("utf-8").splitlines()]
    rows[0]["start"] += 100
    rows[0]["end"] += 100
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), "utf-8")
    again = _rebuilt_because(two, "chunks.jsonl")
    doc = again.store.documents[again.store.chunks[0].doc]
    assert doc.text[again.store.chunks[0].start:again.store.chunks[0].end] == again.store.chunks[0].text

    rows[0]["doc"] = "ghost.txt"
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), "utf-8")
    _rebuilt_because(two, "chunks.jsonl")


def test_an_edited_place_name_is_found(two: Config):
    Assistant.load(two)
    path = two.index_dir / "documents.json"
    path.write_text(path.read_text("utf-8").replace("金坛区", "金坍区"), "utf-8")
    again = _rebuilt_because(two, "documents.json")
    assert again.store.documents["jintan.txt"].district == "金坛区"


def test_a_lost_manifest_keeps_the_users_removals(two: Config):
    Assistant.load(two).remove_document("jintan.txt")
    assert json.loads(history_path(two.index_dir).read_text("utf-8"))["removed"] == ["jintan.txt"]
    (two.index_dir / "manifest.json").unlink()
    again = _rebuilt_because(two, "manifest")
    assert set(again.store.documents) == {"liyang.txt"}
    assert read_manifest(two.index_dir).removed == ("jintan.txt",)


def test_a_broken_manifest_keeps_the_users_removals(two: Config):
    Assistant.load(two).remove_document("liyang.txt")
    (two.index_dir / "manifest.json").write_text("{not json", "utf-8")
    again = _rebuilt_because(two, "manifest")
    assert set(again.store.documents) == {"jintan.txt"}


def test_an_intact_index_loads_without_notices(two: Config):
    Assistant.load(two)
    assert set(read_manifest(two.index_dir).files) == {"documents.json", "chunks.jsonl", "dense.faiss"}
    assert not Assistant.load(two).notices
