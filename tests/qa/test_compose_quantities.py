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
