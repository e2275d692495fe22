"""One large report of another place added to the library leaves every place-scoped question's
passages, and the headline answer, exactly as they were: BM25 statistics are taken over the
reports a question is restricted to, and no report takes more than its share of the candidates."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

from qa.pipeline import Assistant

ROOT = Path(__file__).resolve().parents[2]
OTHER = ROOT / "tests" / "data" / "other_places"


def test_a_large_unrelated_report_moves_no_scoped_question(assistant: Assistant, tmp_path: Path):
    copy = tmp_path / "store"
    shutil.copytree(assistant.config.index_dir, copy)
    config = assistant.config.with_overrides(index_dir=copy, library_dir=tmp_path / "library")
    grown = Assistant.load(config)
    assert not grown.notices                                   # the copy is used as it is

    big = tmp_path / "四省政府工作报告汇编.txt"                 # ~95,000 characters, ~330 passages
    big.write_text("\n".join(p.read_text("utf-8") for p in sorted(OTHER.glob("*province*.txt"))), "utf-8")
    grown.add_document(big)
    assert len(grown.store.chunks) > len(assistant.store.chunks) + 300

    questions = [json.loads(line)["question"] for line in (ROOT / "eval" / "changzhou_dev.jsonl").open(encoding="utf-8")]
    scoped = [q for q in questions if assistant.understand(q).places]
    assert len(scoped) > 60
    moved = [q for q in scoped if [(h.chunk.doc, h.chunk.start) for h in assistant.retrieve(q)]
             != [(h.chunk.doc, h.chunk.start) for h in grown.retrieve(q)]]
    assert not moved, moved
    headline = "金坛2019年招聘了多少教师"
    assert grown.ask(headline).answer == assistant.ask(headline).answer
