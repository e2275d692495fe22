"""Splitting a question asked of several districts (分别) into one question each. Pure text."""
from __future__ import annotations

import pytest

from index.ingest.places import Gazetteer
from qa.question import analyse
from qa.retriever.scopes import split_by_ask, split_by_scope

_KNOWN = [Gazetteer.load().resolve(n) for n in ("新北区", "金坛区", "钟楼区", "武进区", "天宁区")]


def _split(question: str, limit: int = 6):
    return split_by_scope(analyse(question, _KNOWN), limit)

SPLIT = [
    ("钟楼2021年和金坛2019年分别派了多少名老师去外地支教？",
     [("钟楼2021年", "钟楼2021年派了多少名老师去外地支教？"), ("金坛2019年", "金坛2019年派了多少名老师去外地支教？")]),
    # a period written once, after the last district, is asked of both
    ("钟楼和天宁上半年分别对多少所学校做了综合督导？",
     [("钟楼", "钟楼上半年对多少所学校做了综合督导？"), ("天宁", "天宁上半年对多少所学校做了综合督导？")]),
    ("钟楼和天宁2025年分别招聘多少教师", [("钟楼", "钟楼2025年招聘多少教师"), ("天宁", "天宁2025年招聘多少教师")]),
    # one written after each district stays with its own
    ("新北2018年下半年和金坛2019年暑期分别有多少所学校竣工？",
     [("新北2018年下半年", "新北2018年下半年有多少所学校竣工？"), ("金坛2019年暑期", "金坛2019年暑期有多少所学校竣工？")]),
    ("武进2020年和天宁2025年下半年分别力争新增几所新优质学校？",
     [("武进2020年", "武进2020年下半年力争新增几所新优质学校？"), ("天宁2025年", "天宁2025年下半年力争新增几所新优质学校？")]),
    # what stands between the districts and 分别 is asked of each
    ("新北和金坛对随班就读残疾学生的公用经费分别按几倍拨付？",
     [("新北", "新北对随班就读残疾学生的公用经费按几倍拨付？"), ("金坛", "金坛对随班就读残疾学生的公用经费按几倍拨付？")]),
    ("请问新北、金坛和天宁各自有多少所学校？",
     [("新北", "请问新北有多少所学校？"), ("金坛", "请问金坛有多少所学校？"), ("天宁", "请问天宁有多少所学校？")]),
    # 各 says it as 分别 does
    ("金坛和天宁各派了多少名教师支教", [("金坛", "金坛派了多少名教师支教"), ("天宁", "天宁派了多少名教师支教")]),
    # a total over the places is made of each place's answer, not asked of each
    ("钟楼和天宁一共新增了多少学位", [("钟楼", "钟楼新增了多少学位"), ("天宁", "天宁新增了多少学位")]),
]


@pytest.mark.parametrize("question,expected", SPLIT)
def test_a_question_asked_of_several_districts_becomes_one_each(question, expected):
    assert [(s.scope, s.question) for s in _split(question)[0]] == expected


@pytest.mark.parametrize("question", [
    "钟楼2021年各类老师分别招聘了多少？",        # 分别 over kinds of teacher in one district
    "新北和金坛招聘多少教师",                    # no 分别: a total, or a comparison, not one answer each
    "金坛2019年招聘了多少教师",
    "新北分别和金坛、天宁签了什么协议？",         # 分别 before the districts are listed
])
def test_other_questions_are_not_split(question):
    assert _split(question) == ([], 0)


def test_places_of_other_provinces_split_too():
    parts, dropped = _split("浙江省杭州市和成都2023年分别新增了多少个学位？")
    assert [p.scope for p in parts] == ["浙江省杭州市", "成都"] and dropped == 0
    assert parts[1].question == "成都2023年新增了多少个学位？"


def test_the_same_place_is_asked_once_and_places_are_capped():
    assert _split("金坛和金坛区分别招聘了多少教师") == ([], 0)
    many = "、".join(["金坛", "钟楼", "天宁", "新北", "武进", "昆山市", "江阴市", "海淀区"]) + "分别招聘了多少教师"
    parts, dropped = _split(many)
    assert len(parts) == 6 and dropped == 2
    assert _split("金坛和" * 60 + "钟楼分别招聘了多少教师")[0][0].scope == "金坛"
    assert len(_split("金坛和" * 60 + "钟楼分别招聘了多少教师")[0]) == 2


@pytest.mark.parametrize("question,expected", [
    ("钟楼国家级报道有几篇，省级报道有几篇", [("钟楼国家级报道有几篇", "钟楼国家级报道有几篇"),
                                          ("省级报道有几篇", "钟楼省级报道有几篇")]),
    # the first clause's place and year hold for a clause naming neither
    ("2021年钟楼应对了多少舆情，排除了几个网站安全隐患？",
     [("2021年钟楼应对了多少舆情", "2021年钟楼应对了多少舆情"), ("排除了几个网站安全隐患", "钟楼2021年排除了几个网站安全隐患")]),
    ("金坛招了多少老师，天宁呢", []),            # 天宁呢 asks nothing of its own
    ("金坛2019年招聘了多少教师", []),
    ("请问，金坛2019年招聘了多少教师", []),
    ("黄河“几字弯”攻坚战和沙漠边缘阻击战，一共治理了多少万亩", []),     # 几 of a quoted name asks nothing
])
def test_two_asks_in_one_question_become_one_each(question, expected):
    assert [(s.scope, s.question) for s in split_by_ask(analyse(question, _KNOWN))] == expected


def test_a_clause_opening_on_a_verb_may_go_on_about_the_first_clauses_topic():
    from qa.retriever.terms import Segmenter

    tagged = Segmenter().tagged
    asks = split_by_ask(analyse("天宁遴选了几名教师支教，去了哪些地方", _KNOWN), tagged)
    assert [(s.question, s.chained) for s in asks] == [
        ("天宁遴选了几名教师支教", None), ("天宁去了哪些地方", "天宁遴选教师支教去了哪些地方")]
    # a clause with a subject of its own chains to nothing
    asks = split_by_ask(analyse("钟楼国家级报道有几篇，省级报道有几篇", _KNOWN), tagged)
    assert [s.chained for s in asks] == [None, None]


def test_a_chained_clause_is_answered_about_the_first_ones_topic_only_where_it_alone_is_not(assistant):
    answer = assistant.ask("天宁遴选了几名教师支教，去了哪些地方")
    assert [p.answer for p in answer.parts] == ["9名", "1. 青海；2. 陕西"]
    # 完成了多少个托班 names its own object: answered alone, not about 托位
    answer = assistant.ask("天宁新增了多少个托位，完成了多少个托班")
    assert [p.answer for p in answer.parts] == ["340个", "17个"]
