"""Splitting a question asked of several districts (分别) into one question each. Pure text."""
from __future__ import annotations

import pytest

from qa.retriever.scopes import split_by_scope

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
]


@pytest.mark.parametrize("question,expected", SPLIT)
def test_a_question_asked_of_several_districts_becomes_one_each(question, expected):
    assert [(s.scope, s.question) for s in split_by_scope(question)] == expected


@pytest.mark.parametrize("question", [
    "钟楼2021年各类老师分别招聘了多少？",        # 分别 over kinds of teacher in one district
    "新北和金坛招聘多少教师",                    # no 分别: a total, or a comparison, not one answer each
    "金坛2019年招聘了多少教师",
    "新北分别和金坛、天宁签了什么协议？",         # 分别 before the districts are listed
])
def test_other_questions_are_not_split(question):
    assert split_by_scope(question) == []
