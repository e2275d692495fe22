"""Rendering rules of the chat UI: escaping, highlight offsets, abstention, upload names. No browser."""
from __future__ import annotations

import html
import re
import time
from pathlib import Path

import pytest

from eval import sets
from qa.combine import combine_parts
from qa.schema import Answer, Citation, Document
from ui import render as R

DOC_TEXT = "前言。\n2.加强队伍建设。赴南京师范大学招聘优秀毕业生18人,公开招聘教师43人。下半年继续。"
C_START = 4                       # the citation starts after "前言。\n"


def _cite(text: str = DOC_TEXT[C_START:], start: int = C_START, path: str = "data/a.txt", **kw) -> Citation:
    base = dict(doc=Path(path).name, path=path, title="金坛区2019年工作总结", district="金坛区", year=2019,
                section="一、回顾 > 2.加强队伍建设", start=start, end=start + len(text), text=text, score=0.5)
    return Citation(**{**base, **kw})


def _answer(span: str = "43人", **kw) -> Answer:
    s = DOC_TEXT.index(span)
    base = dict(question="金坛2019年招聘了多少教师", answer=span, answer_kind="span", abstained=False,
                reason=None, answer_start=s, answer_end=s + len(span), citations=[_cite()],
                timings_ms={"total": 420.0}, confidence=0.83)
    return Answer(**{**base, **kw})


def test_answer_span_is_marked_at_its_offsets():
    html = R.render_answer(_answer())
    # the sentence quote and the first citation's passage both mark exactly the answer
    assert html.count("<mark>43人</mark>") == 2
    assert "公开招聘教师<mark>43人</mark>。" in html
    assert "<strong>43人</strong>" in html and "置信度 83%" in html and "用时 0.4 秒" in html


def test_sentence_answer_is_quoted_once_and_the_quote_stops_at_its_end():
    sentence = "赴南京师范大学招聘优秀毕业生18人,公开招聘教师43人。"
    html = R.render_answer(_answer(span=sentence, answer_kind="sentence"))
    assert "<strong>" not in html and "原文中最相关的句子" in html
    quote = html.split("<blockquote class='qa-quote'>")[1].split("</blockquote>")[0]
    assert quote == f"<mark>{sentence}</mark><sup>[1]</sup>"      # not running on into 下半年继续。


def test_highlight_uses_offsets_not_search():
    # "18人" occurs twice; only the occurrence at the given offset is marked
    assert R.highlight("18人与18人", 4, 7) == "18人与<mark>18人</mark>"
    assert R.highlight("abc", 2, 9) == "abc"          # out of range: shown plain, never mis-marked
    assert R.highlight("abc", None, None) == "abc"


def test_citation_from_another_file_is_not_marked():
    other = _cite(text="公开招聘教师43人。", start=0, path="data/b.txt")
    html = R.render_answer(_answer(citations=[_cite(), other]))
    second = html.split("<b>[2]</b>")[1]
    assert "<mark>" not in second and "公开招聘教师43人。" in second


def test_a_citation_names_its_page_or_paragraph_in_the_original_file():
    page = R.render_answer(_answer(citations=[_cite(page=3, source="library/a.pdf")]))
    paragraph = R.render_answer(_answer(citations=[_cite(paragraph=12, source="library/a.docx")]))
    assert "第 3 页 · 第 4–" in page and "段" not in page.split("qa-src")[1]
    assert "第 12 段 · 第 4–" in paragraph
    assert "页" not in R.render_answer(_answer()).split("qa-src")[1]      # a plain text file has neither


def test_document_text_is_escaped_everywhere():
    evil = "<script>alert(1)</script>"
    text = f"招聘教师43人。{evil}<img src=x onerror=alert(2)>"
    c = _cite(text=text, start=0, title=f"标题{evil}", section=f"节<b>{evil}", district="<i>区</i>", doc=f"{evil}.txt")
    ans = Answer("q<script>", "43人", "span", False, None, 4, 7, [c], {}, None, notices=[evil])
    html = R.render_answer(ans)
    assert "<script" not in html and "<img" not in html and "<i>" not in html and "<b><script" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<mark>43人</mark>" in html


def test_answer_containing_markup_is_escaped_inside_the_mark():
    text = "标记为<b>重点</b>的项目。"
    s, span = text.index("<b>"), "<b>重点</b>"
    ans = Answer("q", span, "span", False, None, s, s + len(span), [_cite(text=text, start=0)], {})
    html = R.render_answer(ans)
    assert "<mark>&lt;b&gt;重点&lt;/b&gt;</mark>" in html and "<b>重点" not in html


def test_html_is_one_line_so_markdown_cannot_break_it():
    html = R.render_answer(_answer(citations=[_cite(text=DOC_TEXT, start=0)]))
    assert "\n" not in html and "<br>" in html   # the passage's newline became <br>


def test_abstention_shows_reason_and_closest_passages_unmarked():
    ans = Answer("溧阳2019年招聘了多少教师", None, "span", True, "资料中没有溧阳市的报告", None, None,
                 [_cite()], {"total": 12.0})
    html = R.render_answer(ans)
    assert "未能在资料中找到可靠的答案" in html and "原因：资料中没有溧阳市的报告" in html
    assert "最接近的段落" in html and "<mark>" not in html and "<strong>" not in html
    bare = R.render_answer(Answer("q", None, "span", True, None, None, None, [], {}))
    assert "没有找到相关段落" in bare and "原因：" in bare


def test_error_message_is_escaped():
    assert "<script>" not in R.render_error("<script>x</script>")


@pytest.mark.parametrize("raw, clean", [
    ("报告.txt", "报告.txt"),
    ("../../etc/passwd.txt", "passwd.txt"),
    ("..\\..\\Windows\\win.txt", "win.txt"),
    ("/abs/path/金坛 2019.TXT", "金坛 2019.TXT"),
    (".hidden.txt", "hidden.txt"),
    ("...dots.txt", "dots.txt"),
    ("a\x00b<c>.txt", "a_b_c_.txt"),
    ("报告.docx", "报告.docx"), ("scan.PDF", "scan.PDF"), ("page.htm", "page.htm"),
])
def test_upload_names_are_reduced_to_a_safe_basename(raw, clean):
    assert R.safe_upload_name(raw) == clean


@pytest.mark.parametrize("raw", ["", "..", ".", "../", "report.md", "notes", ".txt", "..txt", ".pdf",
                                 "a.txt.exe", "长" * 80 + ".txt"])
def test_bad_upload_names_are_rejected(raw):
    with pytest.raises(R.UploadRejected):
        R.safe_upload_name(raw)


def test_library_target_refuses_to_leave_the_library(tmp_path):
    assert R.library_target(tmp_path, "a.txt") == (tmp_path / "a.txt").resolve()
    for name in ("../a.txt", "sub/a.txt", "/etc/a.txt", ".."):
        with pytest.raises(R.UploadRejected):
            R.library_target(tmp_path, name)


def test_upload_size_limit():
    R.check_upload_size(R.MAX_UPLOAD_BYTES, "a.txt")
    with pytest.raises(R.UploadRejected, match="2 MB"):
        R.check_upload_size(R.MAX_UPLOAD_BYTES + 1, "a.txt")
    with pytest.raises(R.UploadRejected, match="空文件"):
        R.check_upload_size(0, "a.txt")


def test_document_rows_show_what_a_reader_looks_for_first_and_the_file_name_last():
    d = Document("b.txt", "data/b.txt", "t", "utf-8", "x", "标题", None, (), "其他")
    a = Document("a.txt", "data/a.txt", "t", "utf-8", "x", "金坛", "金坛区", (2019, 2020), "总结+计划")
    added = time.mktime((2024, 5, 6, 12, 0, 0, 0, 0, -1))
    assert R.DOC_HEADERS[0] == "标题" and R.DOC_HEADERS[-1] == "文件"
    assert R.document_rows([d, a], {"a.txt": (20_480, added)}) == [
        ["标题", "（未识别）", "（未识别）", "其他", "纯文本", "–", "–", "b.txt"],
        ["金坛", "金坛区", "2019、2020", "总结+计划", "纯文本", "20.0 KB", "2024-05-06", "a.txt"]]


def test_metric_rows_and_failures():
    rows = R.metric_rows({"n": 3, "accuracy": 66.6667, "recall@5": None})
    assert rows == [["题目数", "3"], ["判定正确率 %", "66.7"], ["召回率@5 %", "–"]]

    class Item:
        id, type, question, answers = "x1", "number", "<script>问</script>", ("43人",)

    html = R.render_failures([Item()], [_answer()], [{"correct": False, "abstained": False}])
    assert "失败题目（1）" in html and "<script>" not in html and "期望：43人" in html
    assert "没有失败" in R.render_failures([Item()], [_answer()], [{"correct": True}])


def test_an_answer_in_parts_shows_each_district_marked_in_its_own_source():
    other_text = "选派2名教师赴外地支教。"
    other = _cite(text=other_text, start=0, path="data/b.txt", district="钟楼区", year=2021)
    first = _answer(scope="金坛2019年")
    second = Answer("钟楼2021年派了多少名老师去外地支教", "2名", "span", False, None, 2, 4, [other], {}, 0.6,
                    scope="钟楼2021年")
    declined = Answer("天宁2025年派了多少名老师去外地支教", None, "span", True, "未找到相关内容", None, None, [], {},
                      scope="天宁2025年")
    whole = combine_parts("金坛2019年、钟楼2021年和天宁2025年分别派了多少名老师去外地支教",
                          [first, second, declined], 5, 1.0, [])
    html = R.render_answer(whole)
    assert "金坛2019年：<strong>43人</strong>" in html and "钟楼2021年：<strong>2名</strong>" in html
    assert "天宁2025年：<span class='qa-abstain'>未找到相关内容</span>" in html       # said once
    # each quote names the citation it comes from, and each source marks its own part's answer
    assert "<mark>43人</mark>。<sup>[1]</sup>" in html and "选派<mark>2名</mark>教师赴外地支教。<sup>[2]</sup>" in html
    assert html.split("<b>[2]</b>")[1].count("<mark>2名</mark>") == 1


def test_citations_are_ranked_and_folded_never_scored():
    html = R.render_answer(_answer(citations=[_cite(score=0.0287), _cite(path="data/b.txt", score=0.0281)]))
    assert "0.028" not in html and "0.029" not in html and "相关度" not in html
    # one folded list below the answer; the first source is named the most relevant, once
    assert html.index("<strong>43人</strong>") < html.index("<details class='qa-cites'>")
    assert html.count("<details class='qa-cites'>") == 1 and html.count("最相关</span>") == 1
    assert html.split("<b>[1]</b>")[1].startswith(" <span class='qa-rank")


def test_a_refusal_gives_its_reason_once():
    ans = Answer("q", None, "span", True, "未找到相关内容：最相关的段落中没有足够可信的答案", None, None, [_cite()], {})
    html = R.render_answer(ans)
    assert "原因：最相关的段落中没有足够可信的答案" in html and html.count("未找到") == 0
    assert R.plain_reason("资料中没有溧阳市的报告") == "资料中没有溧阳市的报告"
    assert R.plain_reason(None) == "没有足够可信的依据"


def test_an_answer_in_parts_gives_confidence_per_part():
    first = _answer(scope="金坛2019年", confidence=0.83)
    declined = Answer("天宁2025年招了多少教师", None, "span", True,
                      "未找到相关内容：最相关的段落中没有足够可信的答案", None, None, [], {}, scope="天宁2025年")
    html = R.render_answer(combine_parts("金坛2019年和天宁2025年分别招了多少教师", [first, declined], 5, 1.0, []))
    assert "金坛2019年：<strong>43人</strong> <span class='qa-meta'>置信度 83%</span>" in html
    assert "天宁2025年：<span class='qa-abstain'>未找到</span>（最相关的段落中没有足够可信的答案）" in html
    # no single confidence for the whole: it would hide that one part failed
    assert html.count("置信度") == 1


def _latin_words(text: str) -> set[str]:
    """Latin-letter words a reader would see, file names aside; EM and F1 are the metrics' own names."""
    text = html.unescape(re.sub(r"<[^>]+>", " ", text))
    text = re.sub(r"[\w./-]+\.(?:txt|jsonl|json|csv|html)", " ", text)
    return set(re.findall(r"[A-Za-z][A-Za-z0-9@]*", text)) - {"EM", "F1"}


def test_chat_and_evaluation_views_have_no_english_labels():
    ans = _answer(citations=[_cite(), _cite(path="data/b.txt")])
    assert _latin_words(R.render_answer(ans)) == set()
    overall = {key: 1.0 for key, _ in R.METRIC_LABELS}
    assert _latin_words(str(R.metric_rows(overall))) == set()
    assert _latin_words(str(R.type_rows({t: {"n": 1} for t in sets.TYPES | {sets.UNKNOWN}}))) == set()
    assert _latin_words(R.METRIC_HELP + str(R.TYPE_HEADERS) + str(R.COMPARE_HEADERS)) == set()
    deltas = {key: {"a": 1.0, "b": 2.0, "delta": 1.0} for key, _ in R.METRIC_LABELS}
    assert len(R.compare_rows(deltas)) == len(R.METRIC_LABELS) and _latin_words(str(R.compare_rows(deltas))) == set()

    class Item:
        id, type, question, answers = "题1", "percent_money", "问", ("43人",)

    assert "[比例与金额]" in R.render_failures([Item()], [ans], [{"correct": False}])
    assert _latin_words(R.render_failures([Item()], [ans], [{"correct": False}])) == set()


def test_report_link_is_served_by_the_app(tmp_path):
    link = R.report_link(tmp_path / "run 1" / "report.html")
    assert f"href='/gradio_api/file={(tmp_path / 'run%201').as_posix()}/report.html'" in link
    assert "target='_blank'" in link and "打开完整报告" in link


def test_a_place_answered_by_a_total_shows_its_parts_each_with_its_source():
    from dataclasses import replace

    part = _answer(scope=None, label="公开招聘教师")
    total = replace(_answer(), answer="共43人：公开招聘教师43人", answer_kind="sum", answer_start=None,
                    answer_end=None, parts=[part], scope="金坛")
    other = _cite(text="选派2名教师赴外地支教。", start=0, path="data/b.txt", district="钟楼区", year=2021)
    second = Answer("钟楼派了多少名老师", "2名", "span", False, None, 2, 4, [other], {}, 0.6, scope="钟楼")
    html = R.render_answer(combine_parts("金坛和钟楼分别招了多少老师", [total, second], 5, 1.0, []))
    assert "金坛：<strong>共43人：公开招聘教师43人</strong>" in html
    assert "<td>公开招聘教师</td><td>43人</td>" in html and "钟楼：<strong>2名</strong>" in html
