"""The UI's handlers over the real assistant (bundled reports, temporary index): no browser."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from ui import render as R
from ui.handlers import Handlers

UPLOAD = "溧阳市2024年教育工作总结\n\n一、教师队伍建设\n2024年，溧阳市全年招聘新教师120名。\n"


@pytest.fixture
def h(assistant) -> Handlers:
    return Handlers(assistant)


def test_filters_follow_the_question_but_keep_manual_choices(h):
    district, year, auto = h.prefill("金坛2019年招聘了多少教师", R.ALL, R.ALL, {})
    assert (district, year) == ("金坛区", "2019")
    # a later question that names nothing clears what we filled in ourselves...
    assert h.prefill("招了多少人", district, year, auto)[:2] == (R.ALL, R.ALL)
    # ...but not a filter the user picked by hand
    assert h.prefill("招了多少人", "钟楼区", "2021", {"district": False, "year": False})[:2] == ("钟楼区", "2021")
    # a question naming two districts and years is read across both: one filter value would narrow it
    assert h.prefill("新北2018年和钟楼2021年分别纪念的是建党多少周年？", "金坛区", "2019", auto)[:2] == (R.ALL, R.ALL)


def test_filters_only_ever_show_values_from_their_lists(h):
    # 溧阳 has no report: the answer says so, and the filter does not pretend it can narrow to it
    district, year, _ = h.prefill("溧阳2020年招聘了多少教师", R.ALL, R.ALL, {})
    assert district == R.ALL and "溧阳市" not in h.district_choices()
    assert year in h.year_choices()
    assert h.prefill("金坛1990年招聘了多少教师", R.ALL, R.ALL, {})[:2] == ("金坛区", R.ALL)
    _, _, answer = list(h.respond("溧阳2020年招聘了多少教师", [], district, year, 5))[-1]
    assert answer.abstained and "溧阳" in answer.reason


def test_choices_list_known_districts_and_indexed_years(h):
    assert h.district_choices()[0] == R.ALL and "金坛区" in h.district_choices()
    years = h.year_choices()
    assert years[0] == R.ALL and "2019" in years and years[1:] == sorted(years[1:], reverse=True)
    assert len(h.doc_rows()) == len(h.doc_names()) == 5


def test_respond_shows_question_then_cited_answer(h):
    steps = list(h.respond(" <b>金坛</b>2019年招聘了多少教师 ", [], "金坛区", "2019", 3))
    assert len(steps) == 2 and steps[0][0][-1]["content"] == "正在检索资料…" and steps[0][2] is None
    history, box, last = steps[-1]
    assert last.question == "<b>金坛</b>2019年招聘了多少教师"           # kept for 答对了 / 答错了
    assert box == ""
    assert history[0] == {"role": "user", "content": "&lt;b&gt;金坛&lt;/b&gt;2019年招聘了多少教师"}
    html = history[1]["content"]
    assert html.count("<details class='qa-cite'") == 3 and "金坛区 · 2019年" in html and "出错了" not in html


def test_filters_restrict_the_citations(h):
    answer = h.ask("招聘了多少教师", "钟楼区", R.ALL, 4)
    assert answer.citations and {c.district for c in answer.citations} == {"钟楼区"}
    answer = h.ask("招聘了多少教师", R.ALL, R.ALL, 4)
    assert len({c.district for c in answer.citations}) > 1            # "全部" means no filter


def test_respond_ignores_empty_and_reports_bad_input(h):
    assert list(h.respond("   ", [], R.ALL, R.ALL, 5)) == [([], "", None)]
    history, _, _ = list(h.respond("招聘了多少教师", [], R.ALL, "明年", 5))[-1]
    assert "无法处理这个问题" in history[-1]["content"] and "年份应是数字" in history[-1]["content"]
    assert "invalid literal" not in history[-1]["content"]


def test_an_internal_error_shows_a_plain_message_and_logs_the_details(h, monkeypatch, caplog):
    def broken(*args, **kwargs):
        raise TypeError("unsupported operand type(s) for +: 'int' and 'str'")

    monkeypatch.setattr(h.a, "ask", broken)
    with caplog.at_level("ERROR", logger="qa.ui"):
        history, _, answer = list(h.respond("招聘了多少教师", [], R.ALL, R.ALL, 5))[-1]
    shown = history[-1]["content"]
    assert answer is None and "内部错误" in shown and "服务器日志" in shown
    assert "TypeError" not in shown and "operand" not in shown
    assert "unsupported operand" in caplog.text          # the details are in the server log


def _write(path: Path, text: str = UPLOAD, encoding: str = "utf-8") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding=encoding)
    return path


def test_upload_is_indexed_under_a_clean_name_then_removed(h, tmp_path):
    seen: list[tuple] = []
    msg = h.add_files([str(_write(tmp_path / "up" / ".溧阳.txt", encoding="gb18030"))],
                      lambda p, desc="": seen.append((p, desc)))
    try:
        assert msg.startswith("已添加 溧阳.txt") and "溧阳市" in msg and "2024" in msg
        assert "溧阳.txt" in h.doc_names() and seen and all(0 <= p <= 1 for p, _ in seen)
        answer = h.ask("溧阳市2024年招聘了多少新教师", R.ALL, R.ALL, 3)
        assert answer.citations[0].doc == "溧阳.txt"
    finally:
        assert h.remove("溧阳.txt") == "已删除 溧阳.txt。"
    assert "溧阳.txt" not in h.doc_names() and "没有名为" in h.remove("溧阳.txt")


def test_a_docx_upload_is_indexed_and_cited_with_its_paragraph(h, tmp_path):
    import docx

    document = docx.Document()
    document.add_heading("溧阳市2024年教育工作总结", level=1)
    document.add_paragraph("2024年，溧阳市全年招聘新教师120名。")
    (tmp_path / "up").mkdir()
    document.save(str(tmp_path / "up" / "溧阳.docx"))
    msg = h.add_files([str(tmp_path / "up" / "溧阳.docx")])
    try:
        assert msg.startswith("已添加 溧阳.docx"), msg
        cited = h.ask("溧阳市2024年招聘了多少新教师", R.ALL, R.ALL, 3).citations[0]
        assert (cited.doc, cited.paragraph) == ("溧阳.docx", 2) and "120名" in cited.text
    finally:
        assert h.remove("溧阳.docx") == "已删除 溧阳.docx。"


def test_bad_uploads_are_refused_and_nothing_changes(h, tmp_path):
    before = h.doc_names()
    big = tmp_path / "up" / "big.txt"
    big.parent.mkdir(parents=True)
    big.write_bytes(b"a" * (R.MAX_UPLOAD_BYTES + 1))
    pdf = _write(tmp_path / "up" / "r.md")
    dup = _write(tmp_path / "up2" / before[0])
    empty = _write(tmp_path / "up3" / "empty.txt", "  \n")
    lines = h.add_files([str(big), str(pdf), str(dup), str(empty)]).splitlines()
    assert "超过 2 MB" in lines[0] and "只接受 .txt" in lines[1] and "已有同名文档" in lines[2]
    assert "empty.txt" in lines[3] and "qa-upload-" not in lines[3]      # no staging path leaks
    assert all(line.startswith("未添加") and "资料库未改变" in line for line in lines)
    assert h.doc_names() == before
    assert "请先选择" in h.add_files(None) and "请先选择" in h.remove(None)


def test_evaluation_runs_through_the_evaluator(h, tmp_path):
    rows = [{"id": "1", "question": "金坛2019年招聘了多少教师", "answers": ["43人"],
             "doc": "001_8c9d520ce41816f3.txt", "type": "number"},
            {"id": "2", "question": "溧阳市2020年招聘了多少教师", "answers": [], "type": "unanswerable"},
            {"id": "3", "question": "第三题", "answers": ["1人"], "type": "number"}]
    path = tmp_path / "set.jsonl"
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows), encoding="utf-8")
    ticks: list = []
    status, overall, by_type, failures, link = h.run_evaluation(None, str(path), 2, lambda p, **kw: ticks.append(p))
    assert status.startswith("完成 2 题") and ticks == [(0, 2), (1, 2), (2, 2)]
    assert ["题目数", "2"] in overall and {r[0] for r in by_type} == {"数量", "应拒答"}
    run = h.run_choices()[0][1]
    assert f"{h.a.config.runs_dir.as_posix()}/{run}/report.html'" in link
    assert "溧阳市2020年" not in failures                 # a report we lack is refused, correctly
    assert any(h.a.config.runs_dir.iterdir())
    bad = tmp_path / "bad.jsonl"
    bad.write_text("{not json", encoding="utf-8")
    assert h.run_evaluation(None, str(bad), 0)[0].startswith("评测集无法读取")
    assert h.run_evaluation("../../etc/passwd", None, 0)[0].startswith("请选择")
