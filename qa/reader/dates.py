"""Date answers made whole: a deadline with its 底/前, a reign year with the year it was."""
from __future__ import annotations

import re

from qa.reader.sentence import sentence_around

# a deadline as reports write it: "年底前", "9月底之前", "年内"; 前 only after 底/末, as "1916年前往" is no deadline
_DEADLINE_RE = re.compile(r"(?<=[年月])(?:[底末](?:之前|以前|前)?|内)|(?<=[底末])(?:之前|以前|前)")


def whole_date(text: str, start: int, end: int, question: str = "") -> int:
    """Where a date answer should end: past the month and day written right after a year, one
    date (2020年 → 2020年2月) unless the question asks only the year, and past the day after a
    month (9月 → 9月1日) unless it asks only the month (几月份); past the 底/前/内 that make
    it a deadline ("今年年底" → "今年年底前")."""
    if end > start and text[end - 1] == "年" and not _ASKS_YEAR_RE.search(question):
        month = _MONTH_DAY_RE.match(text, end)
        end = month.end() if month else end
    if end > start and text[end - 1] == "月" and not _ASKS_MONTH_ONLY_RE.search(question):
        day = _DAY_RE.match(text, end)
        end = day.end() if day else end
    found = _DEADLINE_RE.match(text, end) if end > start else None
    return found.end() if found else end


_NUMERALS = "元一二三四五六七八九十廿百〇零0-9０-９"
# the calendar year a reign year is written with: 天启五年（1625年）, 明治43年(1910年)
_WESTERN_YEAR = r"(?:公元前?)?\d{1,4}\s*年"
_YEAR_IN_BRACKETS_RE = re.compile(r"[（(]\s*" + _WESTERN_YEAR + r"\s*[）)]")
_WESTERN_YEAR_RE = re.compile(_WESTERN_YEAR)
# a reign name of two characters and its year: 崇祯四年, 天命六年, 民国10年
_REIGN_YEAR_RE = re.compile(f"[\u4e00-\u9fff]{{2}}[{_NUMERALS}]+年$")
_MONTH_DAY_RE = re.compile(r"(?:\d{1,2}|[一二三四五六七八九十]{1,3})月(?:\d{1,2}|[一二三四五六七八九十]{1,3})?日?")
_ASKS_YEAR_RE = re.compile(r"哪一?年|年份|几年")
_DAY_RE = re.compile(r"(?:\d{1,2}|[一二三四五六七八九十]{1,3})[日号]")
# 几月份 asks the month alone; 几月几号 the day too
_ASKS_MONTH_ONLY_RE = re.compile(r"(?:几|哪一?个)月份?(?![几\d一二三四五六七八九十]+[日号])")


def with_reign_year(text: str, start: int, end: int, question: str) -> tuple[int, int]:
    """A reign year and the calendar year after it in brackets, read as one date: "康熙十七年" or
    "1678年" alone → "康熙十七年（1678年）", as CMRC 2018 writes 16 such answers whole and none
    halved. Unless the question asks only the year, a month and day right after follow it in
    ("民国10年（1921年）5月14日" for 什么时间)."""
    if end <= start:
        return start, end
    brackets = _YEAR_IN_BRACKETS_RE.match(text, end) if text[end - 1] == "年" else None
    if brackets:
        end = brackets.end()
    elif (0 < start and end < len(text) and text[start - 1] in "（(" and text[end] in "）)"
          and _WESTERN_YEAR_RE.fullmatch(text, start, end)):
        reign = _REIGN_YEAR_RE.search(text, max(0, start - 9), start - 1)
        if not reign:
            return start, end
        start, end = reign.start(), end + 1
    else:
        return start, end
    month = None if _ASKS_YEAR_RE.search(question) else _MONTH_DAY_RE.match(text, end)
    return start, month.end() if month else end


# how often: 每月, 每两周, 每学期, 每年度 (what 多久…一次 asks, asked.asked_prefix)
_EVERY_RE = re.compile(r"每(?:[一二两三四五六七八九十\d]+个?)?(?:学年|学期|季度|星期|半年|年度?|月|周|天|日)")


def how_often(text: str, start: int, end: int) -> tuple[int, int]:
    """The answer to how often something is done: the one 每… the span writes (每月组织…培训,惠及
    300多人次 → 每月), else the one its sentence writes; the span unchanged where there is none or
    several."""
    inside = list(_EVERY_RE.finditer(text, start, end))
    if inside:
        return inside[0].span() if len(inside) == 1 else (start, end)
    found = list(_EVERY_RE.finditer(text, *sentence_around(text, start, end)))
    return found[0].span() if len(found) == 1 else (start, end)
