"""The quantity a 多少/几 question asks for, out of a reader's span: pure functions over the text.

The reader's span often runs on past its number, or lands on a quantity of another measure, of
another thing or of the value a change starts from; these steps (the `quantity` decoding step,
qa/reader/steps.py) move it to the one the question asks, or leave it where nothing tells.
"""
from __future__ import annotations

import re
from os.path import commonprefix

from qa.reader.asked import asked_counted, asked_counted_words, asked_prefix, asked_unit, asks_change
from qa.reader.decode import with_prefix
from qa.reader.rivals import (AMOUNTS, ASKS_RANK_RE, CHANGE_VERBS, COUNTERS, TOTAL_ASKED, answered_measure, counted_rival,
                              counts_asked, measure_of, written_with)
from qa.reader.sentence import CLAUSE_MARKS, SENTENCE_ENDS, covered, enclosed, enclosing, long_words, sentence_around
from qa.reader.units import CALENDAR_RE, UNIT_ALTERNATIVES, ordinal, quantities, reached

_CLAUSE_ENDS = CLAUSE_MARKS + "、和及"
# characters that say nothing about which quantity a question asks for
_ASKING_CHARS = set("了的是有多少几个名人年月日吗呢？?，,在和与及共一") | set("0123456789")


# the first number of a range ("1～2项", "3-5所", "3至5年"), ending just before where a span starts
_RANGE_MARKS = "[-~～—–－至到]"
_RANGE_TO = r"\s*" + _RANGE_MARKS + r"\s*"
_RANGE_HEAD_RE = re.compile(r"\d[\d.]*" + _RANGE_TO + "$")
_RANGE_NUMBER = r"(?:[0-9０-９.．]+|[一二三四五六七八九十两百千万零〇]+)"
_RANGE_FROM_RE = re.compile(_RANGE_NUMBER + "(?:" + UNIT_ALTERNATIVES + ")?" + _RANGE_TO + "$")
_RANGE_NUMBER_RE = re.compile(_RANGE_NUMBER + r"\s*")


def range_start(text: str, start: int) -> int:
    """Where a quantity starts: at the first number of a range when it starts on the second one
    ("2项" of 1～2项 is less than the report says)."""
    if start < len(text) and text[start].isdigit():
        head = _RANGE_HEAD_RE.search(text, max(0, start - 12), start)
        if head:
            return head.start()
    return start


# 自哪一年开始, 到哪一年, 最多几盘: the question asks for one end of a range
_ASKS_RANGE_END_RE = re.compile("到|至|开始|起|从|自|直到|最多|最少|最高|最低|最长|最短|最大|最小")


def whole_range(text: str, start: int, end: int, question: str) -> tuple[int, int]:
    """A quantity or year grown over the range it is one end of: "三枚" of 两到三枚, "1811年" of
    1811年至1820年间, "4" of 2至4; the answer is the range the text gives, not one end of it,
    unless the question asks for one end (自哪一年开始, 最多几盘)."""
    number = _RANGE_NUMBER_RE.match(text, start, end)
    if not number or re.search(_RANGE_MARKS, text[start:end]) or _ASKS_RANGE_END_RE.search(question):
        return start, end
    head = _RANGE_FROM_RE.search(text, max(0, start - 10), start)
    if head:
        start = head.start()
    # the far end in the span's own unit ("14 英吋到30 英吋") or one we know
    unit = text[number.end():end]
    units = (re.escape(unit) + "|" if unit else "") + UNIT_ALTERNATIVES
    tail = re.compile(_RANGE_TO + _RANGE_NUMBER + r"\s*(?:" + units + ")?间?").match(text, end)
    return start, tail.end() if tail else end


def pick_quantity(text: str, start: int, end: int, question: str,
                  terms: list[str] | None = None) -> tuple[int, int]:
    """The one quantity with its unit that a 多少/几 question asks for, out of a span.

    The reader's span often runs on past its number ("6人，编内教师70人",
    "92.45分名列全市第一"). The quantity whose own clause holds most of the
    question's words wins, then most of its characters; on a tie the first,
    where the reader started. A span without a quantity in a known unit stays whole.
    """
    found = quantities(text, range_start(text, start), end)
    # a year or a day is rarely what 多少 asks for ("2021年新增15个编制"), nor an ordinal
    # (第二批12名) unless a rank is asked (排名多少)
    ranked = ASKS_RANK_RE.search(question)
    counts = [q for q in found if not CALENDAR_RE.fullmatch(text, *q) and (ranked or not ordinal(text, q[0]))]
    found = counts or found
    if not found:
        return start, end
    asked = set(question) - _ASKING_CHARS
    words = long_words(terms)

    def match(q: tuple[int, int]) -> tuple[int, int]:
        clause = enclosed(text, *q, _CLAUSE_ENDS)
        return covered(words, clause), len(asked & set(clause))

    best = max(found, key=match)
    if len(found) == 1 and words:
        # one of a run of things counted in turn (单项冠军企业47家、专精特新“小巨人”企业688家): the one
        # whose own words the question writes most of, where another of the run writes more
        others = _listed_quantities(text, *best)
        best = max([best] + others, key=lambda q: covered(words, enclosed(text, *q, _CLAUSE_ENDS)))
    return best


def _listed_quantities(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The other quantities of the run of 、-joined items the quantity text[start:end] ends one of
    (…企业47家、…企业688家): each item ends on its quantity. Empty where it ends none."""
    lo, hi = enclosing(text, start, end, CLAUSE_MARKS)
    if not (text.startswith("、", end) or (end == hi and "、" in text[lo:start])):
        return []
    run = []
    for a, b in quantities(text, lo, hi):
        if (a, b) != (start, end) and not CALENDAR_RE.fullmatch(text, a, b) \
                and (b == hi or text.startswith("、", b)):
            run.append((a, b))
    return run


# a rank as reports write it: 第一, 第3名, 首位, 前十
_RANK_RE = re.compile(r"第[一二三四五六七八九十百\d]+(?:名|位)?|首位|榜首|前[一二三四五六七八九十\d]+(?:名|位)?")


def quantity_as_asked(text: str, start: int, end: int, asked: str | None,
                      people: bool = False, terms: list[str] | None = None) -> tuple[int, int]:
    """Where the span counts money and the question people, or the other way round
    (`asked` from rivals.asked_measure), the one quantity of the asked measure in its sentence:
    共下达300万元…资金，为全区近10万名…学生 answers 覆盖了多少学生 with 近10万名.
    Likewise a count where money is asked (16个 for 投资多少钱: 1.2亿元), and a measure where a
    rank is asked (3411公里 for 排第几: the sentence's 全国第一), and a head count where the
    question counts people (`people`) and the span things (682个…项目 for 多少教师参加: 5779人).
    Of several, the one whose own clause writes most of the question's words (`terms`): 对79名
    …教师给予136000元的互济补助 answers 多少教师拿到互济补助 beside 慰问…困难党员教师12人. The span
    unchanged where the sentence has none, one whose clause writes none of the question's words, or
    several that its words do not tell apart."""
    if asked == "名次":
        if _RANK_RE.search(text, start, end) or ordinal(text, start):     # 第三轮: its 第 comes back later
            return start, end
        a, b = sentence_around(text, start, end)
        ranks = [(m.start(), m.end()) for m in _RANK_RE.finditer(text, a, b)]
        return ranks[0] if len(ranks) == 1 else (start, end)
    if asked is None or answered_measure(asked, text[start:end], people) in (None, asked):
        return start, end
    a, b = sentence_around(text, start, end)
    same = [q for q in quantities(text, a, b) if measure_of(text[q[0]:q[1]]) == asked]
    # what the quantity is of, not the unit it is asked in (多少万人: 万人) nor a year
    words = {w for w in long_words(terms) if not _UNIT_WORD_RE.fullmatch(w)}
    if same and words:
        cover = {q: covered(words, enclosed(text, *q, _CLAUSE_ENDS)) for q in same}
        same = [q for q in same if cover[q] == max(cover.values()) > 0] or same
        if len(same) == 1 and not covered(words, enclosed(text, *same[0], CLAUSE_MARKS)):
            # one whose clause says nothing the question asks (实施异地搬迁1.35万人 for 常住人口有多少
            # 万人) is no answer either: the span stays, for the measure check to decline
            same = []
    return same[0] if len(same) == 1 else (start, end)


def quantity_of_asked_kind(text: str, start: int, end: int, question: str) -> tuple[int, int]:
    """Where the span's quantity is written with a rival of what the question asks (1400名学生
    for 多少老师, 新增6个区级…项目 for 省级…几个; rivals.counted_rival), the one quantity of its
    sentence written with the asked word; likewise where it is written without the thing the
    question counts, in another unit than the asked one, and one other quantity of its clause
    (else sentence) with it in that unit (20所高校130个学科 for 多少个学科: 130个); and of quantities
    counting the same thing, or items of one enumeration, the one whose own words the question
    writes (_sibling_as_asked). The span unchanged where there is none or several."""
    rival = counted_rival(question, text, start, end)
    if rival is not None:
        a, b = sentence_around(text, start, end)
        same = [q for q in quantities(text, a, b) if counts_asked(question, text, *q)]
        if not same and rival[0] == TOTAL_ASKED:
            # a value per head found, the total asked: the sentence's one other value of that measure
            # that is no value per head, nor where a change starts (地区生产总值从11.37万亿元提高到14.58万亿元)
            measure = measure_of(text[start:end])
            same = [q for q in quantities(text, a, b) if measure and counted_rival(question, text, *q) is None
                    and reached(text, *q) is None and measure_of(text[slice(*q)]) == measure]
        return same[0] if len(same) == 1 else (start, end)
    # an open word, unlike a closed set, may be written as a kind of it (110所中小学 counts 学校):
    # the quantity must count in another unit than the asked one too, and the one moved to in it
    thing, unit = asked_counted(question), asked_unit(question)
    if thing and thing in written_with(text, start, end) and (not unit or _in_unit(text[start:end], unit)):
        # the quantities counting the thing tell which is asked; where their words tie, the items of
        # its enumeration do
        told = _sibling_as_asked(text, start, end, question, thing)
        return told or _sibling_as_asked(text, start, end, question, "") or (start, end)
    told = _sibling_as_asked(text, start, end, question, "")
    if told and told != (start, end):
        return told
    if not (thing and unit) or _in_unit(text[start:end], unit):
        return start, end
    own = written_with(text, start, end)
    if thing in own:
        # it counts the thing asked in another unit, unless a quantity of its clause in the asked
        # unit is written with more of the thing's words (40个绿美点和6条绿美带 for 几条绿美带: 6条)
        words, lo, hi = asked_counted_words(question), *enclosing(text, start, end, CLAUSE_MARKS)
        shared = len(commonprefix([words, own]))
        more = [q for q in quantities(text, lo, hi) if _in_unit(text[slice(*q)], unit)
                and len(commonprefix([words, written_with(text, *q)])) > shared]
        return more[0] if len(more) == 1 else (start, end)
    # its own clause first (a sentence may list 14个学科 and 130个学科 of two things, a clause
    # each), then its sentence
    for a, b in (enclosing(text, start, end, CLAUSE_MARKS), sentence_around(text, start, end)):
        same = [q for q in quantities(text, a, b)
                if _in_unit(text[slice(*q)], unit) and thing in written_with(text, *q)]
        if same:
            return same[0] if len(same) == 1 else (start, end)
    return start, end


def _sibling_as_asked(text: str, start: int, end: int, question: str, thing: str) -> tuple[int, int] | None:
    """Of the quantities of its sentence in the same unit that count the same thing (10个续建项目、
    8个新建项目), or of its clause where the question names none, the one whose own words share most
    of the question's: up to the thing (续建…项目有几个: 10个), else its item of an enumeration of items
    ending on their quantity (幼儿园每生每年4200元、…初中生每生每年2000元 for 上幼儿园的孩子…补助标准是多少:
    4200元). The span unchanged where it shares the most; None where it has no such sibling or
    several share the most."""
    unit = _UNIT_TAIL_RE.sub("", text[start:end])
    # the quantities of its sentence counting the thing; else those of its clause, one enumeration
    a, b = sentence_around(text, start, end) if thing else enclosing(text, start, end, CLAUSE_MARKS)
    same = [q for q in quantities(text, a, b)
            if unit and _in_unit(text[slice(*q)], unit) and thing in written_with(text, *q)]
    if len(same) < 2:
        return None
    items = {q: enclosing(text, *q, _CLAUSE_ENDS) for q in same}
    # items ending on their quantity (幼儿园每生每年4200元、…): what follows the last one is said of
    # them all (…2000元的标准对困难家庭…实行补助), no word of its own. Items opening on it (19个地级以上市
    # 和2个县被命名为…) give no such edge: their last runs on into the predicate, and nothing tells
    parallel = all(items[q][1] == q[1] for q in same[:-1])
    if not thing and not parallel:
        return None

    def shared(q: tuple[int, int]) -> int:
        if thing:
            own = written_with(text, *q)
            own = own[:own.find(thing) + len(thing)]
        else:
            lo, hi = items.get(q) or enclosing(text, *q, _CLAUSE_ENDS)
            own = text[lo:q[1]]
        return sum(own[i:i + 2] in question for i in range(len(own) - 1))

    most = max(shared(q) for q in same)
    best = [q for q in same if shared(q) == most]
    if len(best) > 1:
        return None
    return best[0] if most > shared((start, end)) else (start, end)


_UNIT_WORD_RE = re.compile(f"[\\d万千亿]*(?:{UNIT_ALTERNATIVES})?")


# what a quantity is written in, after its number (10个 → 个, 5.5万人 → 人)
_UNIT_TAIL_RE = re.compile(r"^.*?[\d０-９.．一二三四五六七八九十百千万亿两]+")


def _in_unit(quantity: str, unit: str) -> bool:
    return re.search(re.escape(unit) + "(?:左右|以上|以下|以内)?$", quantity) is not None


# the answer to 比去年增长多少 (asks_change) is the change, which reports write after its verb
_CHANGED_BY_RE = re.compile(f"(?:{CHANGE_VERBS})了?$")
# a clause opening on a change, with what it is measured against (，同比增长5.5%; ，较去年提升了近5个百分点;
# ，同比分别增长6.5%、9.4%)
_CHANGE_OPENS_RE = re.compile(f"\\s*(?:同比|[比较][^，,。；;]{{0,8}}?)?(?:分别|均|年均)?(?:{CHANGE_VERBS})")


def quantity_of_change(text: str, start: int, end: int, question: str) -> tuple[int, int]:
    """Where a question asks how much something grew or fell, the quantity its clause writes
    after a change verb: "办学经费60万元(比2018年增长50%)" answers 比去年增长多少 with 50%, not
    the amount itself. The span unchanged where it is that quantity or its clause has none."""
    if not asks_change(question) or _changed_by(text, start):
        return start, end
    lo, hi = enclosing(text, start, end, CLAUSE_MARKS)
    if hi < len(text) and text[hi] in "，,":
        # a clause opening on the change says it of the clause before (实现地区生产总值67665亿元，增长5.5%)
        if _CHANGE_OPENS_RE.match(text, hi + 1):
            hi = enclosing(text, hi + 1, hi + 1, CLAUSE_MARKS)[1]
    return next((q for q in quantities(text, lo, hi) if _changed_by(text, q[0])), (start, end))


def _changed_by(text: str, start: int) -> bool:
    return bool(_CHANGED_BY_RE.search(text, max(0, start - 3), start))


# 从多少, 原来/起初多少: the question asks where a change started
_ASKS_ORIGIN_RE = re.compile("从|原来|原先|起初|之前")


def quantity_reached(text: str, start: int, end: int, question: str) -> tuple[int, int]:
    """The value a change reaches (77.3% of 从45.8%提升至77.3%) for a span that is the value it
    starts from, unless the question asks where it started (从多少)."""
    if _ASKS_ORIGIN_RE.search(question):
        return start, end
    return reached(text, start, end) or (start, end)


# each 多少 or 几 (not 几月, a date) asks for one quantity
_ASKS_QUANTITY_RE = re.compile(r"多少|几(?!月)")


def with_asked_quantities(text: str, start: int, end: int, question: str) -> tuple[int, int]:
    """A question asking for several quantities at once (从多少提高到多少, 多少所…多少个) is
    answered by as many quantities of the span's sentence in a row, the span's among them:
    "150所" of 从120所增加到150所 grows to 120所增加到150所. Of the runs that hold the span, the one
    crossing the fewest clause marks (，；) wins, then the one the span comes first in. The span
    unchanged where one quantity is asked, it is none, or its sentence has too few."""
    asked = len(_ASKS_QUANTITY_RE.findall(question))
    if asked < 2:
        return start, end
    lo, hi = enclosing(text, start, end, SENTENCE_ENDS)
    # a year or a day is no quantity asked for (2019年度共计实施682个…项目, 参与教师5779人)
    found = [q for q in quantities(text, lo, hi) if not CALENDAR_RE.fullmatch(text, *q)]
    at = next((i for i, (a, b) in enumerate(found) if a < end and start < b), None)
    if at is None or len(found) < asked:
        return start, end
    runs = range(max(0, at - asked + 1), min(at, len(found) - asked) + 1)
    first = min(runs, key=lambda i: (sum(text.count(c, found[i][0], found[i + asked - 1][1]) for c in "，,；;"),
                                     at - i))
    # a first quantity moved to keeps the 第 the question asks by, as the span's own did (第11位…第7位)
    first_start = with_prefix(text, found[first][0], asked_prefix(question))
    return min(start, first_start), max(end, found[first + asked - 1][1])


def share_penalty(asked: str | None, span_text: str, penalty: float, unit: str = "",
                  people: bool = False) -> float:
    """What a span loses when the question asks for a share (百分之几, 达线率是多少) and the span
    is none: 8倍 is no answer to 增长了百分之几, whatever the reader thinks of it. Likewise money
    asked (GDP是多少) and a share, a head count or a date found; a count asked in a classifier
    (`unit`, 多少家) and an amount found (5.5%左右); people counted (`people`) and a count of
    things found (15个): spans mismatch would decline."""
    found = measure_of(span_text)
    if asked == "比例":
        return penalty if found != "比例" else 0.0
    if (unit in COUNTERS and found in AMOUNTS) or (people and answered_measure(asked, span_text, people) == "其他数量"):
        return penalty
    return penalty if asked == "金额" and found not in (None, "金额") else 0.0


