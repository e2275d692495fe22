"""Measure arithmetic (qa/compose/quantities.py): pure functions, no model."""
from decimal import Decimal

import pytest

from qa.compose.quantities import MeasureError, difference, format_quantity, parse_quantity, total


def _total(*texts: str) -> str:
    return total([parse_quantity(t) for t in texts]).text


def test_people_counted_in_ren_and_ming_add_up():
    assert _total("18人", "43人", "10名") == "71人"


def test_chinese_numerals_read_with_cn2an():
    q = parse_quantity("十八名")
    assert q.value == 18 and q.measure == "人"
    assert _total("十八人", "两千人") == "2018人"


def test_approximate_parts_give_an_approximate_total():
    assert _total("21篇", "100余篇", "200余篇") == "320余篇"
    assert _total("约300人", "20人") == "约320人"
    assert _total("近10万名", "5000名") == "近10.5万名"


def test_money_converted_across_multipliers():
    assert _total("1400万元", "2500万元", "60万元") == "3960万元"
    assert _total("1.2亿元", "3000万元") == "1.5亿元"
    assert _total("300万元", "5000元") == "300.5万元"


def test_different_measures_never_add():
    with pytest.raises(MeasureError):
        total([parse_quantity("18人"), parse_quantity("5个")])
    with pytest.raises(MeasureError):
        total([parse_quantity("3所"), parse_quantity("2个")])


def test_ranges_and_shares_are_no_single_quantity():
    assert parse_quantity("2-3所") is None
    assert parse_quantity("83%") is None
    assert parse_quantity("5个百分点") is None


def test_difference_keeps_sign_and_bound():
    d = difference(parse_quantity("70人"), parse_quantity("43人"))
    assert d.value == Decimal(27) and d.text == "27人"
    d = difference(parse_quantity("21篇"), parse_quantity("100余篇"))
    assert d.value == Decimal(-79) and d.text == "约79篇"


def test_format_drops_trailing_zeros():
    assert format_quantity(Decimal("15000000"), "元", "万", "") == "1500万元"
    assert format_quantity(Decimal("12345"), "元", "万", "") == "1.2345万元"


def test_an_ordinal_counts_nothing_unless_a_rank_is_asked():
    from qa.reader.quantity import pick_quantity

    text = "选拔第二批12名骨干教师赴两县支教"
    assert text[slice(*pick_quantity(text, 2, len(text) - 7, "派了多少名教师支教"))] == "12名"
    ranked = "在世界500强企业名单中占第147位"
    assert ranked[slice(*pick_quantity(ranked, 0, len(ranked), "排名多少"))] == "147位"


def test_a_change_from_one_value_reaches_the_other():
    from qa.reader.quantity import quantity_reached
    from qa.reader.units import reached

    text = "城市天然气普及率从45.8%提升至77.3%，推动县中托管帮扶从15个县（市）扩大到57个县（市）"
    start = text.index("45.8%")
    assert text[slice(*reached(text, start, start + 5))] == "77.3%"
    assert text[slice(*quantity_reached(text, start, start + 5, "普及率提升到了多少"))] == "77.3%"
    # asked where it started, the first value stands
    assert quantity_reached(text, start, start + 5, "普及率从多少提升") == (start, start + 5)
    later = text.index("77.3%")
    assert reached(text, later, later + 5) is None
    # 由…至 is 从…至 as reports write it; 由 meaning "by" starts no change
    text = "可再生能源占电力装机比重由47.6%提升至73.4%，抽水蓄能规划建设总规模全国第一"
    start = text.index("47.6%")
    assert text[slice(*reached(text, start, start + 5))] == "73.4%"
    # 整合为, 调整为: 为 writes the value reached as 至 does
    text = "市属重点国企由51家整合为33家，国有资本运营效率提升"
    start = text.index("51家")
    assert text[slice(*quantity_reached(text, start, start + 3, "市属重点国企整合以后还剩多少家"))] == "33家"
    text = "由区财政安排专项资金300万元至各校"
    start = text.index("300万元")
    assert reached(text, start, start + 5) is None


def test_the_two_values_of_a_change_are_no_two_parts():
    from qa.compose.asks import read_asked
    from qa.compose.totals import find_total
    from qa.retriever.terms import Segmenter

    seg = Segmenter()
    text = "推动县中托管帮扶从15个县（市）扩大到57个县（市），持续开展232所优质高中对县中的结对帮扶。"
    asked = read_asked("县中托管帮扶扩大到多少个县", seg.tagged, set())
    assert find_total(text, text.index("57个"), asked, seg.words, seg.tagged) is None


def test_an_indicator_is_not_the_sum_of_the_money_its_stretch_writes():
    from qa.compose.asks import read_asked
    from qa.compose.totals import find_total
    from qa.retriever.terms import Segmenter

    seg = Segmenter()
    text = "重大工程投资完成2510.1亿元，开工建设重大产业项目47个，新增财政资金300亿元。"
    # 经济总量 is none of these amounts: its parts must name it
    asked = read_asked("上海经济总量是多少", seg.tagged, {"上海"})
    assert find_total(text, text.index("2510.1亿元"), asked, seg.words, seg.tagged) is None


@pytest.mark.parametrize("text, span, pair", [
    # the value reached, the value started from, or the whole change: the same pair
    ("上市公司从518家增加到731家，", "731家", ("518家", "731家")),
    ("上市公司从518家增加到731家，", "518家", ("518家", "731家")),
    ("试点从15个县（市）扩大到57个县（市）。", "57个", ("15个", "57个")),
    # a change the report states itself, or another clause's value: no pair
    ("一般公共预算收入增长1.8%，", "1.8%", None),
    ("从518家增加到731家，新增高新技术企业6000家", "6000家", None),
])
def test_a_stated_change_is_read_from_its_start_and_reached_values(text, span, pair):
    from qa.compose.change import stated_change

    start = text.rindex(span)
    found = stated_change(text, start, start + len(span))
    assert (found and tuple(text[a:b] for a, b in found)) == (pair or None)


def test_a_change_may_name_when_each_value_was():
    from qa.compose.change import stated_change

    text = "人均地区生产总值从2020年的10.5万元提高到2025年的14万元左右，"
    start = text.index("14万元")
    found = stated_change(text, start, start + 6)
    assert found and [text[a:b] for a, b in found] == ["10.5万元", "14万元左右"]


@pytest.mark.parametrize("text, counts", [
    ("1678个", True), ("18人", True), ("2.6万列", True),
    ("3150亿元", False), ("9.9万公里", False), ("16.9万吨/日", False), ("200万平方米", False),
])
def test_a_count_is_told_from_an_amount(text, counts):
    assert parse_quantity(text).counts_things is counts


def test_rates_and_trains_are_quantities_with_their_units():
    from qa.reader.units import quantities

    text = "生活垃圾总处理能力提高到16.9万吨/日，中欧班列累计开行超2.6万列。"
    assert [text[a:b] for a, b in quantities(text, 0, len(text))] == ["16.9万吨/日", "2.6万列"]


@pytest.mark.parametrize("text, found", [
    # a comma groups exactly three digits, else it ends a clause
    ("约占全国1/10，4386万名异地务工人员", ["4386万名"]),
    ("投入1,400万元，建成12,5所", ["1,400万元", "5所"]),
    ("共１，２００人", ["１，２００人"]),
])
def test_a_comma_is_inside_a_number_only_grouping_three_digits(text, found):
    from qa.reader.units import quantities

    assert [text[a:b] for a, b in quantities(text, 0, len(text))] == found
    assert parse_quantity("10，4386万名") is None and parse_quantity("1,400万元").value == 14_000_000
