"""Answers marked 答对了 / 答错了 become an evaluation set: real assistant, no browser."""
from __future__ import annotations

import pytest

from eval.sets import load_set
from qa.cli import main
from ui import render as R
from ui.feedback import FeedbackStore, question_id
from ui.handlers import FEEDBACK, Handlers

RIGHT_Q = "钟楼参加课后服务的学生有多少"
WRONG_Q = "钟楼2021年教育现代化建设监测得了多少分？"


@pytest.fixture
def h(assistant, tmp_path) -> Handlers:
    h = Handlers(assistant)
    h.feedback = FeedbackStore(tmp_path / "index" / "feedback.jsonl")   # not the session's own file
    return h


def _shown(h: Handlers, question: str):
    return list(h.respond(question, [], R.ALL, R.ALL, 5))[-1][2]


def test_marks_are_saved_as_a_set_and_scored(h):
    right, wrong = _shown(h, RIGHT_Q), _shown(h, WRONG_Q)
    assert "请先提一个问题" in h.mark(None, True)
    assert "已记为答对" in h.mark(right, True)
    # a correction must stand in the sources word for word: otherwise nothing is saved
    said = h.mark(wrong, False, "满分一百二十三分")
    assert "不是引用段落或资料原文中的原话" in said and len(h.feedback.records()) == 1
    other = next(d for d in h.a.documents() if d.doc not in {c.doc for c in wrong.citations})
    correction = other.text[200:210].strip()
    assert "已记为答错" in h.mark(wrong, False, f" {correction} ")
    assert "共 2 题" in h.mark(right, True)                      # marked again: replaced, not repeated

    items = {i.id: i for i in load_set(h.feedback.path)}
    assert set(items) == {question_id(RIGHT_Q), question_id(WRONG_Q)}
    first, second = items[question_id(RIGHT_Q)], items[question_id(WRONG_Q)]
    assert first.question == RIGHT_Q and first.answers == (right.answer,)
    assert first.doc == (right.citations[0].doc,) and first.type == "number"
    assert second.answers == (correction,) and other.doc in second.doc

    status, overall, by_type, failures, link = h.run_evaluation(FEEDBACK, None, 0)
    assert status.startswith("完成 2 题") and ["题目数", "2"] in overall and "打开完整报告" in link
    assert WRONG_Q in failures and RIGHT_Q not in failures     # the shown answer is still wrong
    assert h.eval_set_choices()[0] == ("我标记的问题（2 题）", FEEDBACK)

    path, said = h.export_feedback()
    assert path and open(path, encoding="utf-8").read() == h.feedback.path.read_text(encoding="utf-8")


def test_wrong_without_a_correction_is_scored_as_should_decline(h):
    wrong = _shown(h, WRONG_Q)
    assert "应拒答" in h.mark(wrong, False, "")
    (item,) = load_set(h.feedback.path)
    assert item.answers == () and item.type == "unanswerable"
    declined = _shown(h, "溧阳2020年招聘了多少教师")
    assert declined.abstained and "需要填写原文中的正确答案" in h.mark(declined, False, None)
    assert "已记为答对" in h.mark(declined, True)                 # declining was right: should decline


def test_nothing_marked_is_said_in_the_tab_and_on_the_command_line(h, tmp_path, monkeypatch, capsys):
    assert h.run_evaluation(FEEDBACK, None, 0)[0].startswith("还没有标记过回答")
    assert h.export_feedback() == (None, "还没有标记过任何回答。")
    monkeypatch.setenv("QA_INDEX_DIR", str(tmp_path / "elsewhere" / "store"))
    with pytest.raises(SystemExit, match="no answers marked yet"):
        main(["eval", "feedback"])


def test_two_runs_are_compared(h):
    h.mark(_shown(h, RIGHT_Q), True)
    h.run_evaluation(FEEDBACK, None, 0)
    h.run_evaluation(FEEDBACK, None, 0)
    runs = [v for _, v in h.run_choices()]
    status, rows, flips = h.compare(runs[1], runs[0])
    assert "乙比甲多对 0 题，多错 0 题" in status and ["题目数", "1", "1", "0"] in rows
    assert "甲错乙对（0 题）" in flips
    assert h.compare("../etc", runs[0])[0] == "请选择两次已完成的评测。"
