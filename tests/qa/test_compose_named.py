"""Totals of the parts a question names in its own words (qa/compose/named.py)."""
from __future__ import annotations

import pytest

from qa.compose.asks import Asked, named_parts
from qa.compose.named import find_named
from qa.retriever.terms import Segmenter
from tests.qa.test_compose import _checks


@pytest.fixture(scope="module")
def seg() -> Segmenter:
    return Segmenter()


@pytest.mark.parametrize("question, parts", [
    # joined by a spoken 加上, each a clause of its own with its verb
    ("奔牛高中招的硕士加上去安徽师大招的新老师，一共多少人", ("奔牛高中招的硕士", "去安徽师大招的新老师")),
    # 、再加上 is one joint; the places and years opening the question are scope
    ("金坛区2019年去南师大招的、公开招聘的、再加上专场招的，一共多少人", ("去南师大招", "公开招聘", "专场招")),
    # a modifier closed by 的 that the other parts lack is said of all of them
    ("今年要新建的省级概念验证中心、标杆孵化器和中试平台总共多少家", ("省级概念验证中心", "标杆孵化器", "中试平台")),
    # what follows the last part's 的 is what each part is (比赛及培训 of 承办的, 参加的, 开展的)
    ("承办、参加和区里自己开展的比赛及培训一共多少场", ("承办", "参加", "区里自己开展")),
    # the parts may stand in a clause before the one asking
    ("武进打算招的编制内教师，中小学和幼儿园合计多少名", ("中小学", "幼儿园")),
    # a wh-word inside a quoted name asks nothing; a 、 after the last 和 is inside the last part
    ("甘肃黄河“几字弯”攻坚战和河西走廊—塔克拉玛干沙漠边缘阻击战，一共治理了多少万亩？",
     ("黄河“几字弯”攻坚战", "河西走廊—塔克拉玛干沙漠边缘阻击战")),
    ("北京去年压减一般性支出和通过财政事前评估、预算评审压减的资金，加起来一共多少？",
     ("压减一般性支出", "通过财政事前评估、预算评审压减")),
])
def test_the_parts_a_total_question_names(seg, question, parts):
    assert named_parts(question, seg.tagged, {"金坛区", "武进", "甘肃", "北京"}) == parts


@pytest.mark.parametrize("question", [
    "新北和金坛一共招了多少老师",          # places joined: each place's report answers its part
    "一共招了多少老师",                    # nothing joined
])
def test_no_parts_where_none_are_named(seg, question):
    assert named_parts(question, seg.tagged, {"新北", "金坛"}) == ()


TEXT = ("二是扩大师资来源。赴北京师范大学招聘毕业生15人，赴华东师范大学招聘毕业生9人，面向社会公开招聘教师40人。"
        "新增省级森林公园3个、城市公园12个，改造口袋公园40个。")


def _named(text: str, anchor: str, parts: tuple[str, ...], question: str, seg: Segmenter, unit: str = ""):
    found = find_named(text, text.index(anchor), Asked("sum", total=True, unit=unit, parts=parts), question,
                       seg.tagged)
    return found and (found.total.text, [text[f.start:f.end] for f in found.parts])


def test_each_named_part_takes_the_quantity_its_own_words_write(seg):
    # 北师大 is told from 华东师大 by 北 alone: what both write (师, 大) says nothing of which
    assert _named(TEXT, "15人", ("北师大招的", "华东师大招的"), "北师大招的和华东师大招的一共多少人", seg, "人") \
        == ("24人", ["15人", "9人"])
    # a quantity of the stretch no part names (城市公园12个) is left out
    assert _named(TEXT, "3个", ("省级森林公园", "口袋公园"), "省级森林公园和口袋公园一共多少个", seg, "个") \
        == ("43个", ["3个", "40个"])


def test_parts_in_clauses_of_one_sentence_each_take_the_quantity_written_after_their_words(seg):
    text = ("五年来，天津、山东对口协作、倾力帮扶，累计投入财政援助资金161.15亿元、实施项目7956个；"
            "37家中央定点帮扶单位援助资金31.08亿元、引进项目1002个；6676家企业参与甘肃行动。")
    # the parts lie on either side of a semicolon; 37家 counts who gave the funds, not the funds
    assert _named(text, "37家", ("财政援助资金", "中央定点帮扶单位援助资金"),
                  "财政援助资金和中央定点帮扶单位援助资金合计多少", seg) == ("192.23亿元", ["161.15亿元", "31.08亿元"])


def test_the_parts_add_up_in_the_measure_of_the_best_matched_one(seg):
    text = ("提请市人大常委会审议地方性法规9项，立改废政府规章18项，办理市政协提案1309件。坚持过紧日子，"
            "继续压减非重点非刚性及一般性支出18.2亿元，开展财政事前评估和预算评审、压减资金42.6亿元。")
    # 审 of 预算评审 written in 审议…9项 makes no 9项 a part of a sum of money
    assert _named(text, "42.6", ("压减一般性支出", "通过财政事前评估、预算评审压减"),
                  "压减一般性支出和通过财政事前评估、预算评审压减的资金一共多少", seg) \
        == ("60.8亿元", ["18.2亿元", "42.6亿元"])


def test_no_total_where_a_part_finds_nothing_or_the_measures_differ(seg):
    assert _named(TEXT, "15人", ("北师大", "复旦"), "北师大和复旦一共招了多少人", seg, "人") is None
    text = "新建学校3所，新增学位2000个。"
    assert _named(text, "3所", ("学校", "学位"), "学校和学位一共多少", seg) is None


def test_a_part_two_quantities_write_alike_is_no_part(seg):
    text = "招聘小学教师20人，招聘小学教师30人，招聘初中教师10人。"
    assert _named(text, "20人", ("小学", "初中"), "小学和初中一共招聘多少人", seg, "人") is None


def test_named_parts_through_the_assistant(assistant):
    # the report: 招聘优才计划6人，编内教师70人，不进编教师167人
    answer = assistant.ask("钟楼2021年招的优才计划老师、编内老师和不进编老师一共有多少人")
    assert answer.answer_kind == "sum" and answer.answer.startswith("共243人")
    assert [p.answer for p in answer.parts] == ["6人", "70人", "167人"]
    _checks(answer)
    # the report names 南京师范大学 and the 专场招聘会 in another sentence of the stretch
    answer = assistant.ask("金坛2019年在南师大招的、公开招的，再加上专场招聘会上招的教师，加起来多少人")
    assert answer.answer_kind == "sum" and answer.answer.startswith("共71人")
    _checks(answer)


@pytest.mark.parametrize("question, unit", [
    ("在全市几项艺术比赛里获一等奖的学校有几所", "所"),     # 几项 says where, 几所 asks
    ("在几项比赛中获奖", "项"),                            # the only count asks
    ("在多少所学校里开展了试点", "所"),
])
def test_a_count_inside_a_setting_is_not_what_is_asked(seg, question, unit):
    from qa.compose.asks import read_asked
    from qa.reader.asked import asked_unit

    assert asked_unit(question) == unit
    assert read_asked(question, seg.tagged, set()).unit == unit
