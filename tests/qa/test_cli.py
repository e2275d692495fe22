"""The `qa` command's contracts: JSON lines, stdin questions, exit codes."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
KEYS = {"question", "answer", "answer_kind", "abstained", "reason", "answer_start", "answer_end",
        "citations", "timings_ms", "parts"}
CITATION_KEYS = {"doc", "path", "title", "district", "year", "section", "start", "end", "text", "score"}


def _qa(config, *args: str, stdin: str | None = None) -> subprocess.CompletedProcess:
    env = {**os.environ, "QA_INDEX_DIR": str(config.index_dir), "QA_LIBRARY_DIR": str(config.library_dir),
           "HF_HUB_OFFLINE": "1"}
    return subprocess.run([sys.executable, "-m", "qa.cli", *args], input=stdin, capture_output=True,
                          text=True, cwd=ROOT, env=env, timeout=600)


def test_ask_json_from_stdin_keeps_the_contract(assistant, config):
    result = _qa(config, "ask", "-", "--json", "-k", "3",
                 stdin="金坛2019年招聘了多少教师\n溧阳2019年招聘了多少教师\n")
    assert result.returncode == 0, result.stderr
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(lines) == 2
    for row in lines:
        assert KEYS <= set(row)
        assert row["answer_kind"] in ("sentence", "span")
        for cite in row["citations"]:
            assert set(cite) == CITATION_KEYS
            text = (ROOT / cite["path"]).read_text("utf-8")
            assert text[cite["start"]:cite["end"]] == cite["text"]
    answered, refused = lines
    assert not answered["abstained"] and answered["citations"][0]["district"] == "金坛区"
    first = (ROOT / answered["citations"][0]["path"]).read_text("utf-8")
    assert first[answered["answer_start"]:answered["answer_end"]] == answered["answer"]
    assert refused["abstained"] and refused["answer"] is None and "溧阳" in refused["reason"]


def test_empty_question_exits_2():
    result = subprocess.run([sys.executable, "-m", "qa.cli", "ask", "   "], capture_output=True, text=True,
                            cwd=ROOT, timeout=120)
    assert result.returncode == 2
    assert "empty" in result.stderr


def test_index_info_lists_the_five_reports(assistant, config):
    result = _qa(config, "index", "info")
    assert result.returncode == 0, result.stderr
    for district in ("新北区", "金坛区", "钟楼区", "武进区", "天宁区"):
        assert district in result.stdout


def test_eval_exits_1_and_names_the_crash_when_a_question_crashes(assistant, config, tmp_path, monkeypatch, capsys):
    from qa.cli import main
    from qa.pipeline import Assistant

    questions = tmp_path / "set.jsonl"
    questions.write_text("\n".join(json.dumps(row, ensure_ascii=False) for row in (
        {"id": "a", "question": "金坛2019年招聘了多少教师", "answers": ["43人"], "type": "number"},
        {"id": "b", "question": "天宁2025年招聘了多少教师", "answers": ["48名"], "type": "number"})) + "\n", "utf-8")
    ask = Assistant.ask

    def ask_or_crash(self, question, **kwargs):
        if question.startswith("天宁"):
            raise RuntimeError("the reader fell over")
        return ask(self, question, **kwargs)

    monkeypatch.setattr(Assistant, "ask", ask_or_crash)
    monkeypatch.setenv("QA_INDEX_DIR", str(config.index_dir))
    monkeypatch.setenv("QA_LIBRARY_DIR", str(config.library_dir))
    assert main(["eval", str(questions), "--out", str(tmp_path / "run")]) == 1
    err = capsys.readouterr().err
    assert "1 of 2 questions crashed" in err and "RuntimeError: the reader fell over" in err
    assert json.loads((tmp_path / "run" / "metrics.json").read_text("utf-8"))["overall"]["n_errors"] == 1
