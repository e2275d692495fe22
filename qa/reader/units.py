"""Numbers as reports write them: the units that belong with a number, and where quantities
("43人", "1,200万元", "2-3所", "340余家") stand in a text. Pure functions."""
from __future__ import annotations

import re

from qa.reader.sentence import sentence_around

# measure words and units that belong with a number ("43人", "1000万元", "83%", "50周年")
_UNITS = ("平方米 平方公里 万元 亿元 元/人 元 人次 人 名 所 个百分点 百分点 个 家 项 场次 次 场 位 班 间 台 套 册 件 本 篇 门 节 "
          "课时 学时 小时 天 周年 周岁 周 年前 年 月 日 分钟 分 秒 % ％ ‰ 倍 批 期 届 支 条 处 座 栋 幢 亩 公里 公尺 公分 "
          "公斤 公顷 米 吨 户 组 队 号 趟 头 代 路 辆 架 艘 只 种 类 层 首 部 张 株 棵 颗 枚 集 话 页 步 季 章 段 轮 岁 "
          "度 级 块 根 片 份 斤 克 km kg m² m "
          # other currencies and measures ("1830万美元", "32亿日元", "10英寸"); 日元 must not read as 日
          "美元 日元 港元 港币 英镑 欧元 新台币 台币 澳门元 澳元 英吋 英寸 英尺 英里 英哩 厘米 毫米 千米 千克 毫升 对 "
          # trains, cases, energy, volume, containers and batches (2.6万列, 3例, 1200万千瓦, 标箱, 2.3万批次)
          "列 例 宗 千瓦时 千瓦 立方米 平方千米 标箱 批次").split()
# longest first: a regex takes the first alternative that matches, and "周" must not cut "50周年"
UNIT_ALTERNATIVES = "|".join(re.escape(u) for u in sorted(_UNITS, key=len, reverse=True))
# "50名左右", "95%以上" bound the number; without the bound the answer says more than the report
_BOUNDS = r"(?:左右|以上|以下|以内)?"
# a rate is its unit per another (16.9万吨/日, 1459万吨/年): without the "/日" it says something else
_PER = r"(?:/(?:日|天|年|月|人|户|小时|秒|公里|平方米|亩))?"
UNIT_RE = re.compile(r"(?:多|余|近)?(?:(?:万|亿|千|百)(?:多|余)?(?:(?:" + UNIT_ALTERNATIVES + r")" + _PER + r")?|(?:"
                      + UNIT_ALTERNATIVES + r")" + _PER + r")(?:人民币)?" + _BOUNDS)
# "近20名", "逾千人" likewise; 约 stays out, as CMRC 2018's annotators leave it out (13 of 17 dev answers)
APPROXIMATIONS = ("近", "逾", "超过", "超")
SEPARATORS = ",，.．"
NUMBER_CHARS = "0123456789０１２３４５６７８９.．,，%％万亿千百十零〇一二三四五六七八九两"
DIGIT_RUN_RE = re.compile(r"[0-9０-９]+(?:[.．][0-9０-９]+)?")
_DIGIT_RE = re.compile(r"[0-9０-９一二三四五六七八九十百千万两]")
# and a grade (一等奖, 二等功): a rank written with a numeral, no count of anything
_ENUMERATOR_RE = re.compile(r"[一二三四五六七八九十]+是|第[一二三四五六七八九十]+|其[一二三四五六七八九十]|[一二三四五六七八九十]等")


# a number in figures: a comma groups exactly three digits ("1,200"), else it ends a clause
# ("约占全国1/10，4386万名" holds 10 and 4386万, never 104386万)
FIGURES = r"\d+(?:[,，]\d{3}(?!\d))*(?:[.．]\d+)?"
# a quantity as reports write it: "43人", "1,200万元", "2-3所", "8.22%", "340余家", "三所"
QUANTITY_RE = re.compile(r"[约近逾]?(?:" + FIGURES + r"(?:\s*[-~～—至到]\s*" + FIGURES + r")?|[一二三四五六七八九十两百千]+(?=" + UNIT_RE.pattern + "))")
CALENDAR_RE = re.compile(r"(?:19|20)\d\d年|\d{1,2}[月日]")


def joins_digits(text: str, i: int) -> bool:
    """Whether the separator text[i] sits inside one number: a decimal point between digits, or a
    comma grouping the three digits after it."""
    if not (0 < i < len(text) - 1 and text[i - 1].isdigit() and text[i + 1].isdigit()):
        return False
    if text[i] in ".．":
        return True
    return text[i] in ",，" and text[i + 1:i + 4].isdigit() and len(text[i + 1:i + 4]) == 3 \
        and not text[i + 4:i + 5].isdigit()


def quantities(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """(start, end) of each number with a unit we know between start and end."""
    found = []
    for m in QUANTITY_RE.finditer(text, start, end):
        b = m.end()
        while b > m.start() and text[b - 1] in SEPARATORS:   # "43人," keeps no trailing comma
            b -= 1
        # only a quantity with a unit we know is cut out: "L2", "33话" stay as the reader read them
        unit = UNIT_RE.match(text, b)
        if unit and unit.end() > b:
            found.append((m.start(), unit.end()))
    return found


# the numbers after a quantity in a run that writes the unit once, after the last ("1409万、1305万人次")
_RUN_RE = re.compile(r"(?:[、和及与]\s*[0-9０-９][0-9０-９.．]*[万亿千百]?)+(?P<unit>" + UNIT_ALTERNATIVES + ")")


def run_unit(text: str, end: int) -> str:
    """The unit a number ending at `end` without one counts in, where the run of numbers it
    opens writes it after the last (广州、深圳…分别达1409万、1305万人次: 人次); else ""."""
    m = _RUN_RE.match(text, end)
    return m["unit"] if m else ""


def ordinal(text: str, start: int) -> bool:
    """The number at `start` is an ordinal (第二批, 第六届, 第147位): a rank, no count."""
    return start > 0 and text[start - 1] == "第"


# 第几名, 第几届: a rank asked, counted in the classifier after 第几
_ASKED_ORDINAL_RE = re.compile(r"第几([^\W\d_])")


def ordinal_of_asked_kind(text: str, start: int, end: int, question: str) -> tuple[int, int]:
    """Where the question asks a rank in one classifier (第几名) and the span's number is an
    ordinal in another (第三届, of the event), the one ordinal of its sentence in the asked
    classifier (乙组团体第一名 → 一名; the 第 is the asked prefix's to add). Unchanged otherwise."""
    asked = _ASKED_ORDINAL_RE.search(question)
    ranked = ordinal(text, start) or text.startswith("第", start)
    if not asked or not ranked or text[start:end].endswith(asked.group(1)):
        return start, end
    lo, hi = sentence_around(text, start, end)
    in_asked = re.compile(r"第[0-9一二三四五六七八九十百]+" + re.escape(asked.group(1)))
    found = [(m.start() + 1, m.end()) for m in in_asked.finditer(text[lo:hi])]
    return (lo + found[0][0], lo + found[0][1]) if len(found) == 1 else (start, end)


# 从45.8%提升至77.3%, 由47.6%提升至73.4%, 由51家整合为33家: a change from one value to another, the second
# written after 至/到/为; either value may follow what it is of or when (从2020年的10.5万元提高到2025年的14万元,
# 从每人每月2375元…)
_REACHED_RE = re.compile(r"[^，,。；;、]{0,8}?(?:至|到|为)")
_FROM_RE = re.compile(r"(?:从(?![事而中严])|由)[^，,。；;、从由到至]{0,10}$")
_WHEN_RE = re.compile(r"(?:19|20)\d\d年(?:底|末)?的")


def change_opened(text: str, start: int) -> int | None:
    """Where the 从 or 由 opening a change stands, for the value it starts from at `start`."""
    opened = _FROM_RE.search(text, max(0, start - 11), start)
    return opened.start() if opened else None


def reached(text: str, start: int, end: int) -> tuple[int, int] | None:
    """Where text[start:end] is the value a change starts from (从15个县（市）扩大到57个县（市）),
    the value it reaches; else None. The two are one thing at two times, never two parts."""
    if change_opened(text, start) is None:
        return None
    to = _REACHED_RE.match(text, end)
    at = to.end() if to else None
    if at is not None and (when := _WHEN_RE.match(text, at)):
        at = when.end()
    later = quantities(text, at, at + 12) if at is not None else []
    return later[0] if later and later[0][0] == at else None


def writes_number(text: str) -> bool:
    """Whether `text` writes a number ("三是教育救助全落实" is the third point of a list, not one)."""
    return bool(_DIGIT_RE.search(_ENUMERATOR_RE.sub("", text)))

