"""Hybrid retrieval with the real e5 model over the bundled reports."""
from __future__ import annotations

from pathlib import Path

import pytest

from index.ingest.places import Gazetteer
from qa.retriever.query import check_scope

JT, XB, ZL, WJ, TN = ("001_8c9d520ce41816f3.txt", "000_427157c61ed303b7.txt", "002_d5e118f87e6ecb04.txt",
                      "003_c94d74ce0abaca2b.txt", "004_620ee89382bd1b1b.txt")

# (question as people ask it, gold document, a verbatim piece of the passage that answers it)
CASES = [
    ("金坛去南京师范大学招了多少毕业生", JT, "赴南京师范大学招聘优秀毕业生18人"),
    ("金坛给学前教育招了几个聘用制老师", JT, "招聘10名聘用制教师"),
    ("金坛发放的教育救助经费有多少", JT, "发放教育救助资金720.79万元"),
    ("金坛省优质幼儿园比例", JT, "省优质园比例达84%"),
    ("金坛给因病致困的老师补助多少钱", JT, "136000"),
    ("金坛校舍维修改造投入多少钱", JT, "2019年计划投入1200万元对学校校舍进行维修改造"),
    ("新北去安徽师范大学招老师", XB, "招聘了14名新教师"),
    ("新北校外培训机构有多少家", XB, "登记的校外培训机构732家"),
    ("新北装视频监控的经费", XB, "1000万元专项资金"),
    ("新北困难家庭幼儿每年补助多少钱", XB, "4200元"),
    ("新北区公开招聘了多少事业编制老师", XB, "120名事业编制教师"),
    ("奔牛高中本一达线率", XB, "奔牛高中本一达线率68.7%"),
    ("钟楼教育现代化监测得分", ZL, "92.45分"),
    ("钟楼课后服务有多少老师参加", ZL, "参与课后服务教师1972人"),
    ("钟楼2021年招了多少编内老师", ZL, "编内教师70人"),
    ("钟楼新闻宣传发了多少篇", ZL, "发布新闻378篇"),
    ("钟楼2021年新增多少学位", ZL, "增加学位5000个"),        # 新增 in the question, 增加 in the report
    ("武进2020年招聘中小学编制老师", WJ, "招聘中小学编制教师131名"),
    ("武进取缔简易托幼机构", WJ, "全面取缔53家简易托幼机构"),
    ("武进民办学校怎么招生", WJ, "民办学校实行摇号录取"),
    ("武进新市民学校有几所", WJ, "对全区9所新市民学校分类处"),
    ("天宁优才计划招多少老师", TN, "计划招聘中小学教师48名"),
    ("天宁新增多少托位", TN, "新增托位340个"),
    ("天宁职工夜校开了几门课", TN, "开设25门课程"),
    ("天宁支教老师去哪里", TN, "遴选9名教师赴青海、陕西支教"),
    ("How many new teachers did Tianning plan to recruit under the talent program?", TN, "计划招聘中小学教师48名"),
]


def test_headline_question_finds_the_jintan_recruitment_paragraph(assistant):
    hits = assistant.retrieve("金坛2019年招聘了多少教师")
    assert hits[0].chunk.doc == JT
    assert "公开招聘教师43人" in hits[0].chunk.text


@pytest.mark.parametrize("question,doc,evidence", CASES, ids=[c[0][:12] for c in CASES])
def test_case_is_in_top_five(assistant, question, doc, evidence):
    hits = assistant.retrieve(question, k=5)
    assert any(h.chunk.doc == doc and evidence in h.chunk.text for h in hits), \
        [(h.chunk.doc[:3], h.chunk.text[:30]) for h in hits]


def test_recall_at_five_on_the_evaluation_set(assistant):
    from eval.runner import DocumentTexts, relevant
    from eval.sets import load_set
    from qa.schema import Citation

    items = [i for i in load_set(Path("eval/changzhou_dev.jsonl")) if i.answerable and i.doc]
    texts, docs = DocumentTexts(assistant.config.root), {d.doc: d for d in assistant.documents()}
    found = 0
    for item in items:
        cites = [Citation(h.chunk.doc, docs[h.chunk.doc].path, "", None, None, "", h.chunk.start,
                          h.chunk.end, h.chunk.text, h.score) for h in assistant.retrieve(item.question, k=5)]
        found += any(relevant(c, item, texts) for c in cites)
    assert found / len(items) >= 0.95


def test_district_filter_keeps_other_districts_out(assistant):
    hits = assistant.retrieve("天宁招聘教师", k=10)
    assert hits and {h.chunk.doc for h in hits} == {TN}


def test_question_understanding(assistant):
    understand = assistant.understand
    assert understand("金坛2019年招聘了多少教师").district == "金坛区"
    assert understand("金坛2019年招聘了多少教师").years == (2019,)
    assert understand("新北去年中考").relative == "去年"
    assert understand("天宁25年优才计划").years == (2025,)


def _missing(assistant, question: str) -> str | None:
    return check_scope(assistant.understand(question), assistant.documents(), Gazetteer.load()).missing


def test_missing_district_or_year_is_a_reason(assistant):
    assert _missing(assistant, "溧阳2019年招聘了多少教师") == "资料中没有溧阳市的报告"
    assert _missing(assistant, "2023年金坛招聘了多少老师") == "资料中没有金坛区2023年的报告"
    assert _missing(assistant, "金坛2019年招聘了多少教师") is None
    # a place outside the corpus, named the way people write it
    assert _missing(assistant, "江阴市2020年新建了几所学校") == "资料中没有江阴市的报告"
    assert _missing(assistant, "昆山开发区招聘了多少老师") == "资料中没有昆山市的报告"
    for question in ("常州市2019年招聘了多少教师", "全市有多少所学校", "小学学区怎么划分", "南京师范大学招了多少人"):
        assert _missing(assistant, question) is None, question
    # a city named without 市, and its district
    assert _missing(assistant, "无锡梁溪区2021年新增了多少个学位？") == "资料中没有梁溪区的报告"
    # a report's plans for the next year say nothing of what happened in it
    assert _missing(assistant, "新北2019年上半年登记在册的校外培训机构有多少家？") == "资料中没有新北区2019年的报告"


def test_a_question_naming_two_districts_reads_both(assistant):
    both = assistant.understand("新北2018年和钟楼2021年分别纪念的是建党多少周年？")
    assert both.districts == ("新北区", "钟楼区") and both.district == "新北区"
    scope = check_scope(both, assistant.documents(), Gazetteer.load())
    assert scope.missing is None and scope.allowed == {XB, ZL}
    assert _missing(assistant, "新北2018年和溧阳2021年分别招聘了多少教师") == "资料中没有溧阳市的报告"
    assert _missing(assistant, "新北和钟楼2030年分别招聘了多少教师") == "资料中没有2030年的报告"
    assert assistant.understand("高新区新建了几所学校").district == "新北区"


def test_each_signals_first_passage_is_read():
    from qa.retriever.hybrid import with_heads
    # the fused first stays; a head already read stays; the lowest other makes room
    assert with_heads([124, 125, 127, 106, 116], [106, 127], 3) == [124, 127, 106, 125, 116]
    assert with_heads([1, 2, 3, 4, 5, 6], [5, 6], 3) == [1, 5, 6, 2, 3, 4]
    assert with_heads([1, 2, 3, 4], [1, 2], 3) == [1, 2, 3, 4]
    assert with_heads([1, 2, 3], [3], 1) == [1, 2, 3]           # no room below the fused first


def test_the_reader_is_asked_the_names_its_passages_quote_as_they_quote_them(assistant):
    from qa.retriever.query import quoted_as_read
    passages = ["继续大力推进“4+2”项目建设：普通高中课程基地…", "打造“365天教同心”品牌，落实“双减”"]
    assert quoted_as_read("新北的4+2项目包括哪些", passages) == "新北的“4+2”项目包括哪些"
    assert quoted_as_read("新北的“4+2”项目包括哪些", passages) == "新北的“4+2”项目包括哪些"   # quoted already
    assert quoted_as_read("365天教同心品牌和双减", passages) == "“365天教同心”品牌和“双减”"
    assert quoted_as_read("新北有多少所学校", passages) == "新北有多少所学校"
    # end to end: unquoted, the reader's best span scored below its line
    answer = assistant.ask("新北的4+2项目包括哪些")
    assert not answer.abstained and answer.answer_kind == "list"
    assert [p.answer for p in answer.parts][:2] == ["普通高中课程基地", "薄弱初中质量提升工程"]


def test_a_question_cut_otherwise_than_the_report_is_searched_with_the_reports_words(assistant):
    from qa.retriever.hybrid import known_terms

    # jieba cuts the question 送教送|培去, the report 送教|送培
    terms = assistant._state[2].query_terms("金坛送教送培去了多少人")
    retriever = assistant._state[1]
    assert not any(t in retriever.vocabulary() for t in ("送教送", "培去"))
    assert {"送教", "送培"} <= set(known_terms("金坛送教送培去了多少人", terms, retriever.vocabulary()))
    hits = assistant.retrieve("金坛送教送培去了多少人", k=1, mode="bm25")
    assert "11人赴两县送教送培" in hits[0].chunk.text
