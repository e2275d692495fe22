"""Reports of any place: a question scoped to one place never answers from another's report.

The corpus is written by the test itself: two city reports stating the same-named figure
(集装箱吞吐量) and a district report; real e5 and the real reader.
"""
from __future__ import annotations


import pytest

from qa.config import Config

SHANGHAI = ("上海市2025年政府工作报告\n一、2024年工作回顾\n全市经济运行稳中向好。上海港集装箱吞吐量达到5150万标准箱，"
            "连续十五年位居世界第一。上海市新增就业岗位60.5万个。\n二、2025年主要任务\n上海市将继续推进国际航运中心建设。\n")
TIANJIN = ("天津市2025年政府工作报告\n一、2024年工作回顾\n全市经济稳步恢复。天津港集装箱吞吐量达到2329万标准箱，"
           "增长5%。天津市新增就业岗位3.3万个。\n二、2025年主要任务\n天津市将继续建设北方国际航运枢纽。\n")
JINTAN = ("常州市金坛区教育局2019年工作总结\n一、队伍建设\n金坛区全年公开招聘教师43人，其中研究生5人。\n"
          "二、办学条件\n金坛区投入资金1200万元维修改造校舍。\n")

SICHUAN = ("四川省2026年政府工作报告\n一、2025年工作回顾\n全省新增城镇就业岗位98万个，城镇调查失业率5.2%。\n"
           "二、重大活动\n精心筹办成都世运会，116个国家和地区近4000名运动员参赛。\n")


@pytest.fixture(scope="module")
def places(tmp_path_factory: pytest.TempPathFactory):
    from qa.pipeline import Assistant

    base = tmp_path_factory.mktemp("places")
    corpus = base / "corpus"
    corpus.mkdir()
    for name, text in (("shanghai.txt", SHANGHAI), ("tianjin.txt", TIANJIN), ("jintan.txt", JINTAN),
                       ("sichuan.txt", SICHUAN)):
        (corpus / name).write_text(text, "utf-8")
    config = Config().with_overrides(corpus_dir=corpus, index_dir=base / "store", library_dir=base / "library")
    return Assistant.load(config)


def test_reports_of_other_places_know_their_place_issuer_and_kind(places):
    docs = {d.doc: d for d in places.documents()}
    assert (docs["shanghai.txt"].district, docs["shanghai.txt"].place, docs["shanghai.txt"].issuer) == \
        ("上海市", "上海市", "人民政府")
    assert docs["tianjin.txt"].district == "天津市" and docs["tianjin.txt"].kind == "报告"
    assert (docs["jintan.txt"].place, docs["jintan.txt"].issuer) == ("江苏省常州市金坛区", "教育局")


@pytest.mark.parametrize("question,doc,figure", [
    ("上海港2024年集装箱吞吐量是多少", "shanghai.txt", "5150万"),
    ("天津港集装箱吞吐量是多少？", "tianjin.txt", "2329万"),
    ("上海市新增就业岗位多少个", "shanghai.txt", "60.5万"),
])
def test_a_question_about_one_place_cites_only_that_places_report(places, question, doc, figure):
    answer = places.ask(question)
    assert answer.citations and {c.doc for c in answer.citations} == {doc}
    assert answer.abstained or figure in answer.answer


def test_a_question_naming_no_place_says_whose_report_answers(places):
    answer = places.ask("集装箱吞吐量是多少")
    assert not answer.abstained
    whose = {d.doc: d.district for d in places.documents()}[answer.citations[0].doc]
    assert f"问题没有指明地区，以下依据{whose}的报告回答" in answer.notices
    # a place named: its own report, nothing to say
    assert not any("没有指明地区" in n for n in places.ask("上海港集装箱吞吐量是多少").notices)


def test_a_place_without_a_report_is_declined_with_the_reason(places):
    answer = places.ask("重庆市2024年集装箱吞吐量是多少")
    assert answer.abstained and answer.reason == "资料中没有重庆市的报告" and not answer.citations
    # a district's short name jieba reads as a person's name is still a place: never another's report
    answer = places.ask("海拉尔深化公立医院综合改革要在哪些方面下功夫")
    assert answer.abstained and answer.reason == "资料中没有海拉尔区的报告" and not answer.citations


def test_a_city_without_its_own_report_is_answered_from_its_districts_and_says_so(places):
    answer = places.ask("常州市2019年公开招聘了多少教师")
    assert {c.doc for c in answer.citations} == {"jintan.txt"}
    assert any("常州市" in n and "金坛区" in n for n in answer.notices)


def test_places_asked_of_each_are_capped_and_the_cap_is_said(places):
    many = "、".join(["上海市", "天津市", "北京市", "重庆市", "杭州市", "成都市", "南京市", "昆山市"])
    answer = places.ask(many + "分别新增就业岗位多少个")
    assert len(answer.parts) == places.config.max_scopes
    assert any(str(places.config.max_scopes) in n for n in answer.notices)


def test_a_city_without_a_report_is_answered_from_passages_of_its_provinces_report_that_name_it(places):
    answer = places.ask("成都世运会有多少个国家和地区参加")
    assert answer.answer == "116个"
    assert {c.doc for c in answer.citations} == {"sichuan.txt"} and all("成都" in c.text for c in answer.citations)
    assert any("成都市" in n and "四川省" in n for n in answer.notices)
    # the province's own figures, in passages not naming the city, never answer for it
    answer = places.ask("成都新增城镇就业岗位多少个")
    assert answer.abstained or "98万" not in answer.answer
    assert all("成都" in c.text for c in answer.citations)


def test_a_city_its_provinces_report_never_names_is_declined(places):
    answer = places.ask("绵阳新增城镇就业岗位多少个")
    assert answer.abstained and answer.reason == "资料中没有绵阳市的报告"
