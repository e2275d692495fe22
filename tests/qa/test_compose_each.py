"""Each of the things a question names, with its own quantity (qa/compose/each.py)."""
from __future__ import annotations

import pytest

from qa.compose.asks import read_asked
from qa.compose.each import find_each
from qa.config import Config
from qa.retriever.terms import Segmenter
from tests.qa.test_compose import _checks


@pytest.fixture(scope="module")
def seg() -> Segmenter:
    return Segmenter()


def _report(prefix: str, folder=None) -> str:
    path = next((folder or Config().corpus_dir).glob(prefix + "*.txt"))
    return path.read_text(encoding="utf-8")


@pytest.mark.parametrize("question, items", [
    ("金坛学生2019年在常州市青少年机器人竞赛中一、二、三等奖各有几人", ("一等奖", "二等奖", "三等奖")),
    ("分别有多少人获一等奖、二等奖和三等奖", ("一等奖", "二等奖", "三等奖")),
    ("研究性学习优秀成果特等奖和一等奖各有几所学校", ("特等奖", "一等奖")),
    # the word all of them share is what is counted, not what tells them apart
    ("钟楼5000个新增学位里，幼儿园学位和中小学学位各是多少", ("幼儿园", "中小学")),
    ("省、市级课题各立项多少项", ("省级课题", "市级课题")),
    ("小学、初中、高中分别有多少所", ("小学", "初中", "高中")),
    # a head both things close with is a noun, whatever jieba tags it (报道: a verb to it)
    ("钟楼教育宣传的国家级报道和省级报道分别是多少篇", ("国家级", "省级")),
])
def test_the_things_an_each_of_question_names(seg, question, items):
    asked = read_asked(question, seg.tagged)
    assert asked.kind == "each" and asked.items == items


@pytest.mark.parametrize("question", [
    "钟楼2021年各类老师分别招聘了多少？",          # no things named: one span
    "钟楼2021年和天宁2025年分别新增多少学位",       # places and years are scope, asked place by place
    "金坛2019年招聘了多少教师",
])
def test_no_each_of_without_named_things(seg, question):
    assert read_asked(question, seg.tagged, {"钟楼", "天宁", "金坛"}).kind != "each"


def test_each_thing_takes_the_quantity_of_its_own_clause():
    text = _report("001")
    at = text.index("7人获一等奖")
    found = find_each(text, at, ("一等奖", "二等奖", "三等奖"), "人")
    assert [(e.item, text[slice(*e.span)]) for e in found] == [("一等奖", "7人"), ("二等奖", "9人"), ("三等奖", "13人")]


def test_each_thing_takes_the_quantity_of_its_own_listed_item():
    text = _report("002")
    at = text.index("幼儿园420个")
    found = find_each(text, at, ("幼儿园", "中小学"), "")
    assert [text[slice(*e.span)] for e in found] == ["420个", "4580个"]


def test_things_named_before_respectively_pair_in_order():
    text = _report("guangdong", Config().root / "tests/data/other_places")
    at = text.index("涉毒警情分别下降")
    found = find_each(text, at, ("刑事治安", "涉诈", "涉毒"), "")
    assert [text[slice(*e.span)] for e in found] == ["17.7%", "17.4%", "68%"]


def test_a_thing_the_stretch_does_not_state_is_said_so_and_a_wrong_unit_is_no_answer():
    text = _report("001")
    at = text.index("7人获一等奖")
    found = find_each(text, at, ("一等奖", "二等奖", "特等奖"), "")
    assert [e.span is None for e in found] == [False, False, True]
    assert all(e.span is None for e in find_each(text, at, ("一等奖", "二等奖"), "所"))


def test_each_of_through_the_assistant(assistant):
    answer = assistant.ask("金坛常州市青少年机器人竞赛一、二、三等奖分别多少人")
    assert answer.answer_kind == "list"
    assert answer.answer == "一等奖7人、二等奖9人、三等奖13人"
    assert [p.label for p in answer.parts] == ["一等奖", "二等奖", "三等奖"]
    _checks(answer)


def test_the_any_classifier_answers_a_specific_one():
    # 其中幼儿园7个、小学4个、初中1个 answers 各几所
    text = _report("002")
    found = find_each(text, text.index("幼儿园7个"), ("幼儿园", "小学", "初中"), "所")
    assert [text[slice(*e.span)] for e in found] == ["7个", "4个", "1个"]


def test_things_stated_in_two_sentences_are_each_found_where_the_action_is_written(assistant):
    answer = assistant.ask("天宁区上半年新增托位和学位各多少个")
    assert answer.answer == "托位340个、学位2610个"
    _checks(answer)


def test_each_place_and_each_ask_through_the_assistant(assistant):
    # 各 over two places: one answer each (第二批 is an ordinal, no count of teachers)
    answer = assistant.ask("金坛和天宁各派了多少名教师支教")
    assert [(p.scope, p.answer) for p in answer.parts] == [("金坛", "12名"), ("天宁", "9名")]
    # two asks in two clauses: one answer each, the place of the first holding for the second
    answer = assistant.ask("钟楼国家级报道有几篇，省级报道有几篇")
    assert [p.answer for p in answer.parts] == ["8篇", "90篇"]
    for p in answer.parts:
        c = p.citations[0]
        assert c.text[p.answer_start - c.start:p.answer_end - c.start] == p.answer


def test_a_total_over_places_adds_each_places_cited_quantity(assistant):
    answer = assistant.ask("钟楼和天宁一共新增了多少学位")
    assert answer.answer_kind == "sum" and answer.answer == "共7610个：钟楼5000个、天宁2610个"
    # each place answered whole: 钟楼's 5000个 is itself a total of its cited parts
    assert [p.answer_kind for p in answer.parts] == ["sum", "span"]
    _checks(answer)
