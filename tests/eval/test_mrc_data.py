"""Reading SQuAD-style MRC files into training examples."""
from __future__ import annotations

import json
from pathlib import Path

from qa.reader.training.mrc_data import load_mrc

CONTEXT = "1935年初，大曲车站设站。车站于1935年启用。"


def _write(tmp_path: Path, answers: list[dict], name: str = "tiny.json") -> Path:
    path = tmp_path / name
    path.write_text(json.dumps({"data": [{"paragraphs": [{"context": CONTEXT, "qas": [
        {"id": "q1", "question": "大曲车站设站于哪一年", "answers": answers}]}]}]},
        ensure_ascii=False), "utf-8")
    return path


def test_the_first_answer_is_the_target_and_the_others_are_kept_for_scoring(tmp_path: Path):
    path = _write(tmp_path, [{"text": "1935年初", "answer_start": 0},
                             {"text": "1935年", "answer_start": 0},
                             {"text": "1935年初", "answer_start": 0}])
    (only,) = load_mrc(path)
    assert only.answers == ("1935年初", "1935年")
    assert only.answer_start == 0


def test_every_answer_gives_one_example_per_distinct_span_located_near_its_own_offset(tmp_path: Path):
    # the second annotator's 1935年 is the later one (offset 17), not the 1935年 inside 1935年初
    path = _write(tmp_path, [{"text": "1935年初", "answer_start": 0},
                             {"text": "1935年", "answer_start": 17},
                             {"text": "1935年初", "answer_start": 0}])
    first, second = load_mrc(path, every_answer=True)
    assert (first.qid, first.answers, first.answer_start) == ("q1", ("1935年初", "1935年"), 0)
    assert (second.qid, second.answers, second.answer_start) == ("q1#1", ("1935年", "1935年初"), 17)
    assert CONTEXT[second.answer_start:second.answer_start + len("1935年")] == "1935年"


def test_traditional_files_are_converted_and_answers_located_in_the_converted_text(tmp_path: Path):
    path = tmp_path / "drcd_tiny.json"
    path.write_text(json.dumps({"data": [{"paragraphs": [{"context": "車站於1935年啟用。", "qas": [
        {"id": "t1", "question": "車站於哪一年啟用", "answers": [{"text": "1935年", "answer_start": 3}]}]}]}]},
        ensure_ascii=False), "utf-8")
    (ex,) = load_mrc(path)
    assert ex.context == "车站于1935年启用。" and ex.question == "车站于哪一年启用"
    assert ex.context[ex.answer_start:].startswith("1935年")
