"""Things written with their labels in turn (qa/reader/respectively.py)."""
from __future__ import annotations

import pytest

from qa.reader.respectively import labels_of, respective_item, respective_quantity

TEXT = "在展评中,尧塘中心幼儿园、新城实验幼儿园和指前镇中心幼儿园分获一、二、三等奖。"


def test_the_last_labels_ending_completes_the_ones_before_it():
    assert labels_of("一、二、三等奖") == ["一等奖", "二等奖", "三等奖"]
    assert labels_of("金奖、银奖") == ["金奖", "银奖"]
    assert labels_of("一等奖") == []


@pytest.mark.parametrize("question,expected", [
    ("哪所幼儿园拿了一等奖", "尧塘中心幼儿园"),
    ("哪所幼儿园获得二等奖？", "新城实验幼儿园"),
    ("哪所幼儿园获得三等奖？", "指前镇中心幼儿园"),
    # no label named, or two: the span stays
    ("哪些幼儿园获奖？", "尧塘中心幼儿园、新城实验幼儿园"),
    ("哪所幼儿园获得一等奖和二等奖？", "尧塘中心幼儿园、新城实验幼儿园"),
])
def test_the_thing_whose_label_the_question_names_is_the_answer(question, expected):
    start = TEXT.index("尧塘")
    end = TEXT.index("新城实验幼儿园") + len("新城实验幼儿园")
    a, b = respective_item(TEXT, start, end, question)
    assert TEXT[a:b] == expected


def test_things_and_labels_that_do_not_pair_one_to_one_are_left_alone():
    text = "甲校和乙校分获一、二、三等奖。"
    assert respective_item(text, 0, 2, "哪所学校获得一等奖") == (0, 2)
    # a span elsewhere in the sentence is not among the things
    text = "丙校举办展评，甲校、乙校分获一、二等奖。"
    assert respective_item(text, 0, 2, "哪所学校获得一等奖") == (0, 2)


RATES = "深入开展专项治理，刑事、治安案件分别下降6.6%、3.6%，信访总量连续3年下降。"


@pytest.mark.parametrize("question,expected", [
    ("治安案件下降了多少", "3.6%"),
    ("刑事案件下降了多少", "6.6%"),
    ("刑事、治安案件下降了多少", "6.6%、3.6%"),      # both named: the span stays
    ("案件下降了多少", "6.6%、3.6%"),                # neither named: the span stays
])
def test_the_quantity_of_the_listed_thing_the_question_names(question, expected):
    start = RATES.index("6.6%")
    a, b = respective_quantity(RATES, start, start + len("6.6%、3.6%"), question)
    assert RATES[a:b] == expected


SHARED = "五年来，生产安全事故起数和死亡人数分别下降49.9%、45%，群众安全感稳居全国前列。"


@pytest.mark.parametrize("question,expected", [
    ("生产安全事故死亡人数下降了多少", "45%"),       # named whole, though 生产安全 opens both
    ("生产安全事故起数下降了多少", "49.9%"),
])
def test_the_first_item_may_open_on_what_the_items_share(question, expected):
    start = SHARED.index("49.9%")
    a, b = respective_quantity(SHARED, start, start + len("49.9%"), question)
    assert SHARED[a:b] == expected


def test_a_span_outside_the_listed_quantities_is_left_alone():
    start = RATES.index("3年")
    assert respective_quantity(RATES, start, start + 2, "治安案件下降了多少") == (start, start + 2)


INCOMES = "城乡常住居民人均可支配收入分别完成37820元、28104元，同比分别增长6.5%、9.4%。"


@pytest.mark.parametrize("question,span,expected", [
    # one word written for both things (城乡: urban and rural), as the subject of either 分别
    ("农村居民人均可支配收入是多少", "37820元", "28104元"),
    ("城镇居民人均可支配收入是多少", "37820元", "37820元"),
    ("农村居民人均可支配收入增长了多少", "6.5%", "9.4%"),
    ("城镇居民收入增长了多少", "6.5%、9.4%", "6.5%"),
    ("居民人均可支配收入增长了多少", "6.5%", "6.5%"),     # neither named: the span stays
])
def test_a_contracted_word_names_its_things_in_turn(question, span, expected):
    start = INCOMES.index(span)
    a, b = respective_quantity(INCOMES, start, start + len(span), question)
    assert INCOMES[a:b] == expected


def test_a_label_is_named_by_what_tells_it_from_the_others_and_titles_are_whole_items():
    text = ("在常州市第六届学校主动发展优秀项目评比中,唐王小学《打造装满故事的校园——“故事树”课程的开发与建设》"
            "和段玉裁中学《集团办学背景下的“联合研训”项目》分获小学、初中第一名,7个项目获常州市二等奖。")
    start = text.index("段玉裁")
    a, b = respective_item(text, start, start + 8, "唐王小学拿小学组第一的项目叫什么")
    assert text[a:b] == "唐王小学《打造装满故事的校园——“故事树”课程的开发与建设》"
    # the school asked: the school, not its project
    a, b = respective_item(text, start, start + 8, "金坛哪所小学拿了小学组第一名", "小学")
    assert text[a:b] == "唐王小学"
    a, b = respective_item(text, start, start + 8, "初中组拿第一的是哪个项目", "项目")
    assert text[a:b].startswith("段玉裁中学《集团办学")
