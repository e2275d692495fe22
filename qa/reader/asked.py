"""What a question asks, read from its own words: the kind of answer (a number, a date, a name,
a list), yes or no, one of a choice, how many things (哪三所), a count for each of several
(各…多少), the 第 or 每 its answer starts with, the kind of thing a name question names. Pure
functions over the question."""
from __future__ import annotations

import re
from functools import lru_cache
from typing import Callable

from qa.reader.rivals import CHANGE_VERBS
from qa.reader.units import quantities

# 哪三所, 哪两个: a question that names how many things it asks for (a list question)
_CHINESE_DIGITS = {"两": 2, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10}
COUNT_NUMERALS = "[" + "".join(_CHINESE_DIGITS) + "]"
_STATED_COUNT_RE = re.compile(r"哪(" + COUNT_NUMERALS + r"+|\d+)")
# 六大科技专项是哪些, 四个重大工程分别是什么: the count written before the things a list question
# names, in words (a count in figures, 43名教师, says how many were counted, not how many are asked)
_COUNTED_THINGS_RE = re.compile(r"(?<![第一二三四五六七八九十])(" + COUNT_NUMERALS
                                + r"+)(?:大|个|项|所|条|家|类|种|件|座|支|篇|方面)(?=[\u4e00-\u9fff])")
_CHINESE_COUNT_RE = re.compile(r"([二三四五六七八九])?(十)?([二三四五六七八九两])?")

# "各发布了多少篇", "分别招聘了多少": a count for each of several things
EACH_COUNT = r"[^，。？?]{0,6}(?:多少|几)"
COUNT_EACH_RE = re.compile(r"(?:分别|各)" + EACH_COUNT)


# 比去年增长多少, 提升了百分之几, 比五年前多了多少: how much something grew or fell, not what it came to
_ASKS_CHANGE_RE = re.compile(f"(?:{CHANGE_VERBS})了?(?:多少|几|百分之)"
                             r"|比[^，。？?]{0,6}?(?:前|去年|上年|年初|同期)(?:多|少)了?(?:多少|几)")


def asks_change(question: str) -> bool:
    return bool(_ASKS_CHANGE_RE.search(question))


def counts_each(question: str) -> bool:
    return bool(COUNT_EACH_RE.search(question))


def stated_count(question: str) -> int | None:
    """How many things a list question asks for, where it says so ("哪三所学校" → 3, "哪十二个" → 12,
    "六大科技专项是哪些" → 6); None where it does not, or says it loosely ("哪两三个")."""
    found = _STATED_COUNT_RE.search(question) or _COUNTED_THINGS_RE.search(question)
    if not found:
        return None
    numeral = found.group(1)
    if numeral.isdigit():
        return int(numeral)
    valid = _CHINESE_COUNT_RE.fullmatch(numeral)
    if not valid:
        return None
    tens, ten, ones = valid.groups()
    if not ten:
        return None if tens and ones else _CHINESE_DIGITS[tens or ones]
    return _CHINESE_DIGITS.get(tens, 1) * 10 + (_CHINESE_DIGITS[ones] if ones else 0)


# and any A-not-A form (要不要, 用不用, 需不需要) or a closing 没有 (出台了没有)
YES_NO_WORDS = "是不是|是否|有没有|能不能|会不会|(.)不\\1"
_YES_NO_RE = re.compile(YES_NO_WORDS + r"|吗\s*[？?]?\s*$|没有\s*[？?]?\s*$")


def asks_yes_no(question: str) -> bool:
    """"…是摇号吗", "是不是全市第一": the answer is the sentence's own words for what is asked."""
    return bool(_YES_NO_RE.search(question))


# 哪一个国家, 哪一部经典, 支持还是反对, 可不可以: the question asks for one thing of a kind, or one of
# a choice, though expected_type reads no name in it (it knows 哪个, not 哪一个 or 哪国). Not 哪条 or
# 哪个 too: for 哪条线路的车站 the reader's own best span was 北三环中路, and consensus found the line
_ASKS_ONE_RE = re.compile(r"哪一|哪国|哪样|还是|(.)不\1")


def asks_one_of(question: str) -> bool:
    return bool(_ASKS_ONE_RE.search(question))


# 三大行动是什么, 四个方面包括什么: what things the question itself counts as several are (not
# 三大行动的目标是什么, which asks one thing of them)
_COUNTED_WHAT_RE = re.compile(_COUNTED_THINGS_RE.pattern + r"[^的，。？?]{1,8}?(?:分别|具体|都|主要)?"
                              r"(?:是指?|指的是|包括|包含|有)(?:什么|啥)(?!时|地方|样|意思|水平)")


def expected_type(question: str) -> str | None:
    # 哪些/哪几/哪三… and 分别是 ask for several answers at once (enumeration.py); a count
    # for each of several things is still a number, grown over its enumeration afterwards
    if re.search(r"哪些|哪几|哪" + COUNT_NUMERALS + r"|分别(?!" + EACH_COUNT + ")", question) \
            or _COUNTED_WHAT_RE.search(question):
        return "list"
    # "几月", "几号" ask for a date, not a count; "几等奖" a grade (二等奖), not a count
    # 多长, 多远, 多大面积 ask an amount too (2847米, 1.2万平方米); 多长时间 a time
    if re.search(r"多少|几(?![月等号日])[个所名位项次家人万亿年天]?|百分之|比例|占比|增长了|(?<!频)率是|"
                 r"多(?:长(?!时间)|远|高|深|宽|大面积)", question):
        return "number"
    if re.search(r"什么时候|何时|哪一?年|哪天|几月|几[号日]|哪个月|日期|时间", question):
        return "date"
    if re.search(r"哪所|哪个|哪家|谁|什么名称|名字|叫什么", question):
        return "name"
    return None


# what a question's own words say the answer starts with: 第几 → "第三轮", 多久…一次 (how often, 频率) → "每两个月"
_ASKED_PREFIXES = ((re.compile(r"第几"), "第"),
                   (re.compile(r"(?:多久|多长时间|多少天|几天|几个月)[^，。？?]*一次|隔多久|频率|频次"), "每"))


def asked_prefix(question: str) -> str:
    """The 第 or 每 a question says its answer starts with; "" when it says none."""
    return next((prefix for asks, prefix in _ASKED_PREFIXES if asks.search(question)), "")


# 哪家幼儿园, 哪所学校, 哪个部门: a name question says what kind of thing it asks for
_ASKED_THING_RE = re.compile(r"哪一?[所家个座支位名项部款届]")


def asks_which(question: str) -> bool:
    """哪所, 哪家, 哪个…: a thing of a kind is asked, which reports name with the kind (正衡中学), not the
    name of a thing (品牌叫什么: “三学三比”, without 品牌)."""
    return _ASKED_THING_RE.search(question) is not None


# 品牌叫什么, 活动的名称是什么: the thing whose name is asked is written before
_NAMED_THING_RE = re.compile(r"(?:的)?(?:叫什么|叫啥|名称|名字)")


def asked_thing(question: str, words: Callable[[str], list[str]]) -> str:
    """The word for the kind of thing a name question asks for (哪家幼儿园 → 幼儿园, 心理健康教育
    品牌叫什么 → 品牌); "" when none."""
    found = _ASKED_THING_RE.search(question)
    if found:
        thing = next(iter(words(question[found.end():])), "")
    else:
        named = _NAMED_THING_RE.search(question)
        thing = words(question[:named.start()])[-1] if named and named.start() else ""
    return thing if len(thing) > 1 else ""


_ASKS_COUNT_RE = re.compile(r"多少|几")
# a count inside a setting 在…里/中/上 says where, not what is asked (在市舞蹈、器乐几项比赛里拿到一等奖的
# 学校有几所: 几所 is asked)
_SETTING_OPEN_RE = re.compile(r"在[^，,。？?；;在]*$")
_SETTING_CLOSE_RE = re.compile(r"[^，,。？?；;多几]*?(?:里|当中|中|上|内|期间)")


def in_setting(question: str, start: int, end: int) -> bool:
    """question[start:end] (a wh-word) stands inside a setting 在…里/中/上 another asks after."""
    return _SETTING_OPEN_RE.search(question, 0, start) is not None and _SETTING_CLOSE_RE.match(question, end) is not None \
        and _ASKS_COUNT_RE.search(question, end) is not None


def asking_counts(question: str) -> list[re.Match[str]]:
    """The 多少/几 of a question that ask, less one inside a setting (in_setting)."""
    return [m for m in _ASKS_COUNT_RE.finditer(question) if not in_setting(question, m.start(), m.end())]


# read once per question, though the reader asks it of every candidate span
@lru_cache(maxsize=256)
def asked_unit(question: str) -> str:
    """The unit written right after 多少/几, where it is one a report counts in (几所学校 → 所,
    多少万元 → 万元); "" where none is."""
    for m in asking_counts(question):
        tail = "1" + question[m.end():m.end() + 4]
        found = quantities(tail, 0, len(tail))
        if found and found[0][0] == 0:
            return tail[1:found[0][1]]
    return ""


# what a count asks of, right after 多少/几 and its unit (多少个学科进入… → 学科进入): a run of Chinese
# characters up to the first that starts no thing
_THING_RE = re.compile(r"[\u4e00-\u9fff]{2,8}")
_NO_THING = "的了是在和与及呢吗啊呀"


# where nothing follows, the thing a question says it counts before 有/是 (…的学科有多少个 → 学科)
_THING_BEFORE_RE = re.compile(r"([\u4e00-\u9fff]{2})(?:一共|总共|共)?(?:有|是|为)(?:多少|几)")


@lru_cache(maxsize=256)
def _counted_run(question: str) -> str:
    for m in asking_counts(question):
        tail = "1" + question[m.end():m.end() + 4]
        unit = quantities(tail, 0, len(tail))
        at = m.end() + (unit[0][1] - 1 if unit and unit[0][0] == 0 else 0)
        thing = _THING_RE.match(question, at)
        if thing and thing.group()[0] not in _NO_THING:
            return thing.group()
    before = _THING_BEFORE_RE.search(question)
    return before.group(1) if before and before.group(1)[-1] not in _NO_THING else ""


def asked_counted(question: str) -> str:
    """The first two characters of the thing a 多少/几 question counts, as it writes them right
    after the count and its unit (几所学校 → 学校, 多少个学科进入… → 学科), else right before the
    有/是 that asks it (学科有多少个 → 学科); "" where it writes none."""
    return _counted_run(question)[:2]


def asked_counted_words(question: str) -> str:
    """The words a 多少/几 question writes right after the count and its unit, up to a character
    that ends a thing's name (几条绿美带 → 绿美带, 多少个学科进入… → 学科进入); "" where nothing follows."""
    return re.split(f"[{_NO_THING}]", _counted_run(question))[0]
