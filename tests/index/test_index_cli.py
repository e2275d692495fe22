"""`qa index add` over a folder with bad files in it: one line per file, the rest indexed, no
traceback; the bundled index (session fixture) is left as it was."""
from __future__ import annotations

from pathlib import Path

import pytest

from format_samples import write_docx, write_pdf
from qa.cli import main


@pytest.fixture
def cli_env(assistant, config, monkeypatch):
    # the CLI reads its index and library folders from the environment (qa/config.py)
    monkeypatch.setenv("QA_INDEX_DIR", str(config.index_dir))
    monkeypatch.setenv("QA_LIBRARY_DIR", str(config.library_dir))
    return config


def test_a_folder_indexes_its_good_files_and_names_each_bad_one(cli_env, tmp_path: Path, capsys):
    folder = tmp_path / "reports"
    (folder / "sub").mkdir(parents=True)
    write_docx(folder / "sub" / "宜兴.docx")
    write_pdf(folder / "scan.pdf", text=False)
    (folder / "empty.txt").write_bytes(b"")
    (folder / "nul.txt").write_bytes(b"abc\x00def")
    (folder / "readme.md").write_text("# not a report", "utf-8")       # not a report format: left out
    assert main(["index", "add", str(folder), str(tmp_path / "missing.pdf")]) == 1
    err = capsys.readouterr().err
    try:
        lines = [line for line in err.splitlines() if line.startswith(("error:", "skipped"))]
        assert len(lines) == 4, err
        for name, why in (("missing.pdf", "no such file"), ("scan.pdf", "no text layer"),
                          ("empty.txt", "empty"), ("nul.txt", "NUL bytes")):
            assert any(name in line and why in line for line in lines), (name, err)
        assert "Traceback" not in err
        assert main(["index", "add", str(folder / "sub" / "宜兴.docx")]) == 0     # again: a note, not an error
        assert "already indexed as 宜兴.docx" in capsys.readouterr().err
    finally:
        assert main(["index", "remove", "宜兴.docx"]) == 0
    capsys.readouterr()
    assert main(["index", "info"]) == 0
    out = capsys.readouterr().out
    assert "宜兴.docx" not in out and "removed:" not in out


def test_a_folder_without_reports_is_one_line(cli_env, tmp_path: Path, capsys):
    assert main(["index", "add", str(tmp_path)]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert err == [f"error: {tmp_path}: the folder holds no reports (.txt, .docx, .pdf, .html, .htm)"]
