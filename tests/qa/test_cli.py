"""The `qa` command's contracts: JSON lines, stdin questions, exit codes."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
KEYS = {"question", "answer", "answer_kind", "abstained", "reason", "answer_start", "answer_end",
        "citations", "timings_ms", "parts", "trace", "label"}
CITATION_KEYS = {"doc", "path", "title", "district", "year", "section", "start", "end", "text", "score",
                 "source", "page", "paragraph"}


def _env(config) -> dict[str, str]:
    return {**os.environ, "QA_INDEX_DIR": str(config.index_dir), "QA_LIBRARY_DIR": str(config.library_dir),
            "HF_HUB_OFFLINE": "1"}


def _qa(config, *args: str, stdin: str | bytes | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "qa.cli", *args], input=stdin, capture_output=True,
                          text=not isinstance(stdin, bytes), cwd=ROOT, env=_env(config), timeout=1200)


def test_ask_json_from_stdin_keeps_the_contract(assistant, config):
    result = _qa(config, "ask", "-", "--json", "-k", "3",
                 stdin="金坛2019年招聘了多少教师\n溧阳2019年招聘了多少教师\n")
    assert result.returncode == 0, result.stderr
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(lines) == 2
    for row in lines:
        assert KEYS <= set(row)
        assert row["answer_kind"] in ("sentence", "span", "sum", "list", "yes_no", "compare")
        for cite in row["citations"]:
            assert set(cite) == CITATION_KEYS
            text = (ROOT / cite["path"]).read_text("utf-8")
            assert text[cite["start"]:cite["end"]] == cite["text"]
    answered, refused = lines
    assert not answered["abstained"] and answered["citations"][0]["district"] == "金坛区"
    # a span sits at its offsets in its first citation's file; a composed answer (a total here)
    # has none, and each of its parts sits at its own
    quoted = answered["parts"] if answered["answer_kind"] in ("sum", "list", "yes_no") else [answered]
    assert quoted and (answered["answer_start"] is None) == (quoted is answered["parts"])
    for piece in quoted:
        first = (ROOT / piece["citations"][0]["path"]).read_text("utf-8")
        assert first[piece["answer_start"]:piece["answer_end"]] == piece["answer"]
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


def test_every_odd_line_gets_one_json_line_in_order_and_stderr_stays_quiet(assistant, config):
    raw = (ROOT / "tests" / "data" / "odd_questions.txt").read_bytes()
    lines = raw.split(b"\n")[:-1]
    result = _qa(config, "ask", "-", "--json", stdin=raw)
    assert result.returncode == 0, result.stderr
    assert result.stderr == b""                     # no load reports, progress bars or warnings
    rows = [json.loads(line) for line in result.stdout.decode("utf-8").splitlines()]
    assert len(rows) == len(lines)
    for number, (line, row) in enumerate(zip(lines, rows), 1):
        if "error" in row:
            # only lines with nothing to ask are refused, each naming its line
            assert row["line"] == number and "empty" in row["error"], row
            assert not line.decode("utf-8", "replace").strip(" \t\r\x00"), line
        else:
            assert KEYS <= set(row), row
    assert [r["line"] for r in rows if "error" in r] == [4, 5, 26]
    # the first line carries the one-off load; no question's timings hold it
    assert rows[0]["load_ms"]["reader"] > 0 and not any("load_ms" in r for r in rows[1:])
    first, traditional = rows[0], rows[2]
    assert first["answer"] == traditional["answer"] and "43人" in first["answer"]
    assert any("繁体" in n for n in traditional["notices"])
    assert any("UTF-8" in n for n in rows[5]["notices"] + rows[6]["notices"])


def test_k_outside_1_to_50_is_a_usage_error():
    for k in ("0", "-1", "51", "1e20", "three"):
        result = subprocess.run([sys.executable, "-m", "qa.cli", "ask", "-k", k, "金坛"], capture_output=True,
                                text=True, cwd=ROOT, timeout=120)
        assert result.returncode == 2 and "from 1 to 50" in result.stderr, (k, result.stderr)


def test_a_closed_pipe_ends_the_batch_quietly(assistant, config):
    process = subprocess.Popen([sys.executable, "-m", "qa.cli", "ask", "-", "--json"], stdin=subprocess.PIPE,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=ROOT, env=_env(config))
    process.stdin.write("金坛2019年招聘了多少教师\n".encode() * 3)
    process.stdin.close()
    assert "43人" in json.loads(process.stdout.readline())["answer"]
    process.stdout.close()                          # as `| head -1` does
    stderr = process.stderr.read().decode()
    assert process.wait(timeout=600) == 0
    assert "Traceback" not in stderr and "BrokenPipe" not in stderr, stderr
