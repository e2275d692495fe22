"""Index lifecycle: staleness, incremental add/remove, bad input that loses nothing."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from qa.config import Config
from index.ingest.errors import IngestError
from qa.pipeline import Assistant, QuestionError
from index.storage import read_manifest

TN = "004_620ee89382bd1b1b.txt"
SMALL_REPORT = ("溧阳市2024年教育工作总结\n一、队伍建设\n1.加强教师招聘。全年公开招聘新教师120名，"
                "其中研究生15名。\n2.改善办学条件。投入资金3000万元新建燕山小学。\n")


@pytest.fixture
def small(tmp_path: Path) -> Config:
    """A one-report corpus of its own, so these tests can change files freely."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    shutil.copy(Config().corpus_dir / TN, corpus / TN)
    return Config().with_overrides(corpus_dir=corpus, index_dir=tmp_path / "store",
                                   library_dir=tmp_path / "library")


def test_changed_file_is_detected_and_rebuilt(small: Config):
    Assistant.load(small)
    path = small.corpus_dir / TN
    path.write_text(path.read_text("utf-8") + "\n补充说明：全区新增校车20辆。\n", "utf-8")
    again = Assistant.load(small)
    assert any(f"{TN} changed on disk" in n for n in again.notices)
    assert read_manifest(small.index_dir).sources[TN]["sha256"] == again.store.documents[TN].sha256


def test_index_from_another_model_is_not_used(small: Config):
    Assistant.load(small)
    manifest_path = small.index_dir / "manifest.json"
    manifest = json.loads(manifest_path.read_text("utf-8"))
    manifest["model_sha256"] = "0" * 64
    manifest_path.write_text(json.dumps(manifest), "utf-8")
    again = Assistant.load(small)
    assert any("another embedding model" in n for n in again.notices)
    assert read_manifest(small.index_dir).model_sha256 != "0" * 64


def test_damaged_index_is_rebuilt(small: Config):
    Assistant.load(small)
    (small.index_dir / "dense.faiss").write_bytes(b"not faiss")
    again = Assistant.load(small)
    assert any("damaged" in n for n in again.notices)
    assert len(again.store.chunks) == len(again.store.vectors) > 0


def test_add_then_remove_without_rebuild(small: Config, tmp_path: Path):
    assistant = Assistant.load(small)
    before = len(assistant.store.chunks)
    report = tmp_path / "liyang_2024.txt"
    report.write_text(SMALL_REPORT, "utf-8")
    doc = assistant.add_document(report)
    assert doc.district == "溧阳市" and doc.years == (2024,)
    assert (small.library_dir / "liyang_2024.txt").is_file()
    hits = assistant.retrieve("溧阳2024年招聘了多少新教师")
    assert hits and hits[0].chunk.doc == "liyang_2024.txt"
    reopened = Assistant.load(small)                      # persisted, and not stale
    assert not reopened.notices and "liyang_2024.txt" in reopened.store.documents
    reopened.remove_document("liyang_2024.txt")
    assert len(reopened.store.chunks) == before
    assert not (small.library_dir / "liyang_2024.txt").exists()
    assert not Assistant.load(small).notices


def test_gb18030_report_is_added_and_cited_exactly(small: Config, tmp_path: Path):
    assistant = Assistant.load(small)
    report = tmp_path / "liyang_gbk.txt"
    report.write_bytes(SMALL_REPORT.encode("gb18030"))
    doc = assistant.add_document(report)
    assert doc.encoding == "gb18030"
    hit = assistant.retrieve("溧阳投入多少资金新建燕山小学")[0]
    text = (small.library_dir / "liyang_gbk.txt").read_text("gb18030")
    assert text[hit.chunk.start:hit.chunk.end] == hit.chunk.text


@pytest.mark.parametrize("content", [b"", b"   \n\n", bytes([0x81, 0x30, 0xFF, 0xFF, 0x00, 0xFE]) * 20])
def test_bad_upload_is_refused_and_nothing_is_lost(small: Config, tmp_path: Path, content: bytes):
    assistant = Assistant.load(small)
    chunks = assistant.store.chunks
    bad = tmp_path / "bad.txt"
    bad.write_bytes(content)
    with pytest.raises(IngestError, match="bad.txt"):
        assistant.add_document(bad)
    assert assistant.store.chunks == chunks
    assert not (small.library_dir / "bad.txt").exists()
    assert Assistant.load(small).store.chunks == chunks


def test_unreadable_corpus_file_is_named_and_others_index(small: Config):
    (small.corpus_dir / "broken.txt").write_bytes(bytes([0xFF, 0xFE, 0x00, 0x81]) * 50)
    assistant = Assistant.load(small, rebuild=True)
    assert any("broken.txt" in n for n in assistant.notices)
    assert TN in assistant.store.documents
    assert not Assistant.load(small).notices               # skipped once, not rebuilt every time


def test_remove_unknown_document_is_a_key_error(small: Config):
    with pytest.raises(KeyError, match="nope.txt"):
        Assistant.load(small).remove_document("nope.txt")


def test_question_edge_cases(small: Config):
    assistant = Assistant.load(small)
    with pytest.raises(QuestionError):
        assistant.ask("  \n ")
    long = assistant.ask("天宁新增多少托位" + "。" * 600)
    assert long.notices and "500" in long.notices[0]
    english = assistant.ask("How many childcare places were added in Tianning?")
    assert english.citations
