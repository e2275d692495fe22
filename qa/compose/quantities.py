"""Measure arithmetic: quantities as reports write them ("18人", "100余篇", "1400万元"), added
and compared only where they count the same thing.

Chinese numerals are read with cn2an. A quantity keeps how exact the report is: "100余篇"
is at least 100, "约300人" about 300, "近10万名" just under 100000; a sum or difference of
such quantities says so too (21篇 + 100余篇 + 200余篇 → 320余篇). Pure functions; no model.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from qa.reader.units import FIGURES


# what a unit counts: 人, 名 and 位 all count people; money is counted in 元 whatever the
# multiplier; 人次 counts visits, not people, and every other unit only itself (人 never adds to 个)
_MEASURE_OF_UNIT = {"人": "人", "名": "人", "位": "人", "元": "元"}
# the multipliers a quantity may be written with before its unit (3400万人)
SCALES = {"千": Decimal(1000), "万": Decimal(10_000), "亿": Decimal(100_000_000)}
# bounds, strongest first: a sum holding one "at least" part is at least its total
# the classifier any count may take: 小学4个 answers 几所, 多少个老师 asks for people
ANY_UNIT = "个"
AT_LEAST, ABOUT, UNDER, EXACT = "余", "约", "近", ""
BOUND_WORDS = {"余": AT_LEAST, "多": AT_LEAST, "逾": AT_LEAST, "超过": AT_LEAST, "超": AT_LEAST, "突破": AT_LEAST,
               "以上": AT_LEAST,
                "约": ABOUT, "大约": ABOUT, "左右": ABOUT, "近": UNDER, "以下": UNDER, "以内": UNDER}
_QUANTITY_RE = re.compile(
    r"^(?P<pre>大约|超过|超|突破|约|近|逾)?(?P<num>" + FIGURES + r"|[零〇一二三四五六七八九十百千两]+)"
    r"(?P<scale>[千万亿])?(?P<more>余|多)?(?P<unit>[^\d\s余多]+?)(?:人民币)?(?P<post>左右|以上|以下|以内)?$")


# units of dates, durations and ages: no count of things to add or to tell apart
CALENDAR_UNITS = ("年", "月", "日", "天", "周年", "周岁", "岁")
# units that measure an amount (money, length, area, weight, energy, time) rather than count
# things: none answers 多少个 (1678个 项目, never 3150亿元)
_AMOUNT_UNITS = frozenset("公里 千米 米 厘米 毫米 公尺 公分 平方米 平方公里 平方千米 亩 公顷 吨 公斤 千克 克 斤 "
                          "千瓦 千瓦时 度 立方米 毫升 小时 分钟 秒 英里 英尺 英寸".split())


class MeasureError(ValueError):
    """Quantities of different measures (人 and 个), or one that is no single number, cannot be added."""


@dataclass(frozen=True)
class Quantity:
    value: Decimal      # in the unit without multiplier: 1400万元 → 14000000 (元)
    unit: str           # as written, without multiplier or bound: 人, 名, 元, 篇
    scale: str          # the multiplier written before the unit: "", 千, 万 or 亿
    bound: str          # "" exact, 余 at least, 约 about, 近 just under
    text: str           # as the report wrote it

    @property
    def measure(self) -> str:
        """What the quantity counts: 人 for 人/名/位, 元 for any money, else its own unit."""
        return _MEASURE_OF_UNIT.get(self.unit, self.unit)

    @property
    def counts_things(self) -> bool:
        """The quantity counts things (18人, 5所, 3150个), not an amount of money or of a measure
        (3150亿元, 9.9万公里, 16.9万吨/日)."""
        unit = self.unit.split("/")[0]
        return self.measure != "元" and "元" not in unit and unit not in _AMOUNT_UNITS and "/" not in self.unit


def parse_quantity(text: str) -> Quantity | None:
    """The Quantity a report's "43人", "100余篇", "十八名", "1,400万元" says; None for a range
    ("2-3所"), a share or anything else that is no single number with its unit."""
    m = _QUANTITY_RE.match(text.strip())
    if not m or m["unit"] in ("%", "％", "‰") or "百分点" in m["unit"]:
        return None
    digits = m["num"].translate(str.maketrans("０１２３４５６７８９．，", "0123456789.,")).replace(",", "")
    try:
        if digits[0].isdigit():
            number = Decimal(digits)
        else:
            import cn2an      # here, not at the top: importing it compiles its tables, a tenth of every start

            number = Decimal(str(cn2an.cn2an(digits, "smart")))
    except (InvalidOperation, ValueError):
        return None
    scale = m["scale"] or ""
    bounds = [BOUND_WORDS[w] for w in (m["pre"], m["more"], m["post"]) if w]
    bound = _combined(bounds)
    return Quantity(number * SCALES.get(scale, Decimal(1)), m["unit"], scale, bound, text.strip())


def _combined(bounds: list[str]) -> str:
    """One bound for a quantity made of parts with these bounds."""
    kinds = set(bounds) - {EXACT}
    if not kinds:
        return EXACT
    if len(kinds) == 1:
        return kinds.pop()
    return ABOUT     # at least one part more, another less: about


def same_measure(quantities: list[Quantity]) -> bool:
    return len({q.measure for q in quantities}) == 1


def total(quantities: list[Quantity]) -> Quantity:
    """The sum, in the unit and multiplier most of the parts use, bounded as its parts are.

    Raises MeasureError for parts of different measures (18人 and 5所)."""
    if not quantities:
        raise MeasureError("no quantities to add")
    if not same_measure(quantities):
        raise MeasureError("cannot add " + " and ".join(sorted({q.measure for q in quantities})))
    value = sum((q.value for q in quantities), Decimal(0))
    unit, scale = _shared_unit(quantities)
    bound = _combined([q.bound for q in quantities])
    value = _to_precision(value, [q for q in quantities if q.bound], bound)
    return Quantity(value, unit, scale, bound, format_quantity(value, unit, scale, bound))


def total_or_none(quantities: list[Quantity | None]) -> Quantity | None:
    """The sum (total), or None where a quantity is missing or they count different measures."""
    if not quantities or any(q is None for q in quantities):
        return None
    try:
        return total(quantities)
    except MeasureError:
        return None


def _to_precision(value: Decimal, loose: list[Quantity], bound: str) -> Decimal:
    """A total no more precise than its loosest part: "100余" is known to about its tens, so
    21 + 100余 + 200余 is 320余 (at least, rounded down), 约300 + 20 is 约320; a 近 total stays
    as added, since rounding it up would pass the bound it states."""
    if not loose or bound not in (AT_LEAST, ABOUT):
        return value
    smallest = min(q.value for q in loose)
    step = Decimal(10) ** max(len(str(int(smallest))) - 2, 0)
    rounding = "ROUND_FLOOR" if bound == AT_LEAST else "ROUND_HALF_UP"
    return (value / step).quantize(Decimal(1), rounding=rounding) * step


def difference(a: Quantity, b: Quantity) -> Quantity:
    """a - b (may be negative), bounded as both are; MeasureError for different measures."""
    if a.measure != b.measure:
        raise MeasureError(f"cannot compare {a.measure} with {b.measure}")
    unit, scale = _shared_unit([a, b])
    # a 余 on one side and none on the other leaves the difference about, not at least
    bound = EXACT if not (a.bound or b.bound) else ABOUT
    value = a.value - b.value
    return Quantity(value, unit, scale, bound, format_quantity(abs(value), unit, scale, bound))


def _shared_unit(quantities: list[Quantity]) -> tuple[str, str]:
    units = [q.unit for q in quantities]
    unit = max(units, key=units.count)          # the first of the commonest
    scales = [q.scale for q in quantities if q.unit == unit or q.measure == "元"]
    # money: show the sum in the largest multiplier a part was written in (300万元 + 5000元 → 300.5万元)
    scale = max(scales, key=lambda s: SCALES.get(s, Decimal(1))) if scales else ""
    return unit, scale


def format_quantity(value: Decimal, unit: str, scale: str, bound: str) -> str:
    """As a report writes it: 71人, 320余篇, 约1.5万元, 近10万名."""
    number = value / SCALES.get(scale, Decimal(1))
    shown = format(number.normalize(), "f") if number != number.to_integral() else str(int(number))
    if bound == AT_LEAST:
        return f"{shown}{scale}余{unit}"
    return f"{bound}{shown}{scale}{unit}"
