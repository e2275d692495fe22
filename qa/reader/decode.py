"""Span decoding: logits → best character spans, pure functions over numpy arrays.

Scores are "span minus no-answer": start+end logits of the span less those of
<s>. That difference means the same thing in every window, so the best span
over all retrieved passages can be chosen by comparing it directly.
"""
from __future__ import annotations

import re
from os.path import commonprefix

import numpy as np

from qa.reader.asked import (YES_NO_WORDS, asked_counted, asked_counted_words, asked_prefix, asked_unit,
                             asks_change)
from qa.reader.enumeration import listed_count
from qa.reader.rivals import (AMOUNTS, ASKS_RANK_RE, CHANGE_VERBS, COUNTERS, TOTAL_ASKED, answered_measure, counted_rival,
                              counts_asked, measure_of, written_with)
from qa.reader.sentence import CLAUSE_MARKS, SENTENCE_ENDS, covered, enclosed, enclosing, long_words, sentence_around
from qa.reader.units import (APPROXIMATIONS, CALENDAR_RE, DIGIT_RUN_RE, NUMBER_CHARS, SEPARATORS, UNIT_ALTERNATIVES,
                             UNIT_RE, joins_digits, ordinal, quantities, reached, writes_number)

_DATE_RE = re.compile(r"\d{1,4}\s*[年月日]|[一二三四五六七八九十]+月|上半年|下半年|春季|秋季|暑假|寒假")


_YES_NO_WORDS_RE = re.compile(YES_NO_WORDS + "|可以|了吗|吗|呢")
_CLAUSE_RE = re.compile("[^，," + SENTENCE_ENDS + "]+")


def _pairs(text: str) -> set[str]:
    return {text[i:i + 2] for i in range(len(text) - 1)}


def stating_clause(text: str, question: str, floor: float) -> tuple[int, int] | None:
    """The clause of `text` that states what a yes/no question asks, or None below `floor`.

    A span reader has no notion of yes or no and points anywhere near the topic ("对全区适龄残疾
    儿童摸底调查" for 成立区特殊教育指导中心了吗); the report's answer is the clause that says
    the question's own words back ("成立区特殊教育指导中心", "不开设重点班"). The share of the
    question's character pairs (its yes/no words left out) a clause holds picks it.
    """
    asked = _pairs(_YES_NO_WORDS_RE.sub("", question))
    best = max(((len(asked & _pairs(m.group())) / max(len(asked), 1), m.start(), m.end())
                for m in _CLAUSE_RE.finditer(text)), default=None)
    if best is None or best[0] < floor:
        return None
    return snap_span(text, best[1], best[2])


def window_candidates(start_logits: np.ndarray, end_logits: np.ndarray, offsets: np.ndarray,
                      max_tokens: int, n_best: int = 20,
                      length_penalty: float = 0.0) -> list[tuple[int, int, float]]:
    """(char_start, char_end, score) for the best spans inside one window's passage.

    `length_penalty` is taken off the score per token past the first.
    """
    inside = offsets[:, 0] >= 0
    if not inside.any():
        return []
    null = float(start_logits[0] + end_logits[0])
    starts = [i for i in np.argsort(-start_logits)[:n_best] if inside[i]]
    ends = [i for i in np.argsort(-end_logits)[:n_best] if inside[i]]
    out = []
    for s in starts:
        for e in ends:
            if e < s or e - s + 1 > max_tokens:
                continue
            score = float(start_logits[s] + end_logits[e]) - null - length_penalty * (e - s)
            out.append((int(offsets[s, 0]), int(offsets[e, 1]), score))
    out.sort(key=lambda c: -c[2])
    return out[:n_best]


PAIRS = {"「": "」", "『": "』", "“": "”", "《": "》", "（": "）", "(": ")", "‘": "’"}
CLOSERS = {v: k for k, v in PAIRS.items()}


def snap_span(text: str, start: int, end: int) -> tuple[int, int]:
    """Trim spaces, punctuation and unpaired brackets at the edges; never cut a number from its unit."""
    # a span starting on 的 or ending on 的/了 has run into the clause beside it: 36 CMRC 2018
    # dev spans did, every one wrong, while 4 of its 3,219 gold answers end on 的 and none starts so
    while start < end:
        ch = text[start]
        if ch.isspace() or ch in "，,。；;：:、的" or ch in CLOSERS \
                or (ch in PAIRS and PAIRS[ch] not in text[start + 1:end]):
            start += 1
            continue
        break
    while end > start:
        ch = text[end - 1]
        if ch.isspace() or ch in "，,。；;：:、的了" or ch in PAIRS \
                or (ch in CLOSERS and CLOSERS[ch] not in text[start:end - 1]):
            end -= 1
            continue
        break
    start, end = _quoted_whole(text, start, end)
    # grow left over the rest of the number; a separator only inside one ("1,200万元" whole, but
    # "教师，68名" gives "68名" and "1/10，4386万名" gives "4386万名")
    while 0 < start < end and text[start] in NUMBER_CHARS and text[start - 1] in NUMBER_CHARS \
            and (text[start - 1] not in SEPARATORS or joins_digits(text, start - 1)):
        start -= 1
    if start < end:
        start = approximated(text, start)
    if end > start and text[end - 1] in NUMBER_CHARS:
        while end < len(text) and text[end] in "0123456789.．":
            end += 1
        unit = UNIT_RE.match(text, end)
        if unit:
            end = unit.end()
    # a span ending inside its number's unit or before its bound: "5个" of 5个百分点, "50名" of 50名左右;
    # a year stays as read: "1916年" of 1916年前往 is no "3年前"
    digits = list(DIGIT_RUN_RE.finditer(text, start, end))
    if digits and not CALENDAR_RE.fullmatch(text, digits[-1].start(), end):
        unit = UNIT_RE.match(text, digits[-1].end())
        if unit and end < unit.end():
            end = unit.end()
    return start, end if end > start else start


def approximated(text: str, start: int) -> int:
    """Where a number starting at `start` begins with the approximation written before it
    (近20名, 超过6万亿元): the answer says no more than the report."""
    if not text[start:start + 1].isdigit():
        return start
    return start - next((len(a) for a in APPROXIMATIONS if text.endswith(a, 0, start)), 0)


_QUOTE_REACH = 24      # how far before or after a span its quote's other half may be
_NESTING = 3           # quotes within brackets within a title: deeper is not written


def _quoted_whole(text: str, start: int, end: int) -> tuple[int, int]:
    """A quote or bracket the span closes (or opens) with its other half outside: the span takes
    that half and what lies between, so what is quoted stays whole ("7+X”条" of “7+X”条 is “7+X”条;
    金家美传扬”品牌项目 of “全民乐学行,金家美传扬”品牌项目, whose comma a span may start after)."""
    # brackets nest: "1999-2019）》将于7月" closes （ and then 《, so each half is taken in turn
    for _ in range(_NESTING):
        inside = text[start:end]
        closer = next((i for i, ch in enumerate(inside) if ch in CLOSERS and CLOSERS[ch] not in inside[:i]), None)
        if not closer:
            break
        opener = text.rfind(CLOSERS[inside[closer]], max(0, start - _QUOTE_REACH), start)
        if opener < 0 or inside[closer] in text[opener:start] \
                or any(c in SENTENCE_ENDS for c in text[opener:start]):
            break
        start = opener
    for _ in range(_NESTING):
        inside = text[start:end]
        opener = next((i for i in range(len(inside) - 1, -1, -1)
                       if inside[i] in PAIRS and PAIRS[inside[i]] not in inside[i + 1:]), None)
        if opener is None or opener == len(inside) - 1:
            break
        closer = text.find(PAIRS[inside[opener]], end, end + _QUOTE_REACH)
        if closer < 0 or inside[opener] in text[end:closer] \
                or any(c in SENTENCE_ENDS for c in text[end:closer]):
            break
        end = closer + 1
    return start, end


_CLAUSE_ENDS = CLAUSE_MARKS + "、和及"
# characters that say nothing about which quantity a question asks for
_ASKING_CHARS = set("了的是有多少几个名人年月日吗呢？?，,在和与及共一") | set("0123456789")


def with_prefix(text: str, start: int, prefix: str) -> int:
    """Where the answer starts: before `prefix` (asked_prefix) when it stands just ahead of it."""
    return start - len(prefix) if prefix and text.endswith(prefix, 0, start) else start


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


def with_asked_thing(text: str, start: int, end: int, thing: str) -> int:
    """Where a name answer ends: past the asked thing (asked_thing) when the text says it right
    after the name ("海华" → "海华幼儿园" for 哪家幼儿园), as the name is not whole without it."""
    # a title in its brackets is whole already: 《自然》, not 《自然》期刊
    if thing and text.startswith(thing, end) and not text[start:end].endswith((thing, "》", "”", "」")):
        return end + len(thing)
    return end


def name_of_asked_kind(text: str, start: int, end: int, thing: str) -> tuple[int, int]:
    """Where a name answer is not of the kind asked (普通高中 for 哪个计划), the one quoted name of
    its sentence that is (实施“网链共享计划”，实现882个…全覆盖 → 网链共享计划; “天润宁心”心理健康
    教育品牌 → 天润宁心 for 品牌叫什么): a name question says what kind of thing it asks for,
    and a report quotes the names it gives. Unchanged where the sentence quotes none of that kind
    or several."""
    if not thing or text[start:end].rstrip("”」》").endswith(thing):
        return start, end
    a, b = sentence_around(text, start, end)
    # the kind inside the quotes (“网链共享计划”), or written right after them (“天润宁心”心理健康教育品牌)
    kind = re.escape(thing)
    quoted = re.compile(r"[“「《]([^“”「」《》]{1,24}?" + kind + r")[”」》]"
                        r"|[“「]([^“”「」《》]{1,24})[”」][^“”「」《》，,。；;、]{0,12}?" + kind)
    named = [m.span(1) if m.start(1) >= 0 else m.span(2) for m in quoted.finditer(text[a:b])]
    return (a + named[0][0], a + named[0][1]) if len(named) == 1 else (start, end)


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
    unchanged where the sentence has none, or several that its words do not tell apart."""
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
    words = long_words(terms)
    if len(same) > 1 and words:
        cover = {q: covered(words, enclosed(text, *q, _CLAUSE_ENDS)) for q in same}
        same = [q for q in same if cover[q] == max(cover.values()) > 0] or same
    return same[0] if len(same) == 1 else (start, end)


def quantity_of_asked_kind(text: str, start: int, end: int, question: str) -> tuple[int, int]:
    """Where the span's quantity is written with a rival of what the question asks (1400名学生
    for 多少老师, 新增6个区级…项目 for 省级…几个; rivals.counted_rival), the one quantity of its
    sentence written with the asked word; likewise where it is written without the thing the
    question counts, in another unit than the asked one, and one other quantity of its clause
    (else sentence) with it in that unit (20所高校130个学科 for 多少个学科: 130个). The span
    unchanged where there is none or several."""
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


def context_overlap(text: str, start: int, end: int, terms: list[str]) -> float:
    """Share of the question's words (by characters) found in the sentence around a span.

    The reader sees one window at a time; this lets a span whose sentence says what the
    question asks ("公开招聘教师43人" for 招聘) beat a look-alike elsewhere ("68名导学教师").
    """
    words = long_words(terms)
    if not words:
        return 0.0
    return covered(words, enclosed(text, start, end, SENTENCE_ENDS)) / sum(len(w) for w in words)


def _sigmoid(x):
    return 1.0 / (1.0 + np.exp(-x))


def confidence(score: float, slope: float, intercept: float) -> float:
    """How likely a shown span is right, 0-1: a logistic curve over the score.

    The score is a log-odds over "no answer", but that is not the chance of being
    right: spans scoring 15-20 were right only ~4 times in 5 on our own questions,
    and read as "置信度 1.00". `fit_confidence` fits the curve on such questions.
    """
    return float(_sigmoid(slope * score + intercept))


def fit_confidence(scores: list[float], right: list[bool], steps: int = 50) -> tuple[float, float]:
    """(slope, intercept) of the logistic curve that best predicts `right` from `scores` (Newton)."""
    x = np.stack([np.asarray(scores, dtype=float), np.ones(len(scores))], axis=1)
    y = np.asarray(right, dtype=float)
    w = np.zeros(2)
    for _ in range(steps):
        p = _sigmoid(x @ w)
        # a tiny ridge keeps the step finite when the scores separate right from wrong
        hessian = (x * (p * (1 - p))[:, None]).T @ x + 1e-3 * np.eye(2)
        w -= np.linalg.solve(hessian, x.T @ (p - y) + 1e-3 * w)
    return float(w[0]), float(w[1])


def type_bonus(kind: str | None, span_text: str, count: int | None = None) -> float:
    """A nudge towards spans shaped like the question's answer type, among near-equal spans.

    `count` is the number of things the question asks for (stated_count); a list of exactly
    that many items is nudged once more, so "哪三所学校" prefers the three schools
    enumerated over one school named in a heading nearby.
    """
    if kind == "number":
        return 1.0 if writes_number(span_text) else -1.5
    if kind == "date":
        return 1.0 if _DATE_RE.search(span_text) else -0.5
    if kind == "list":
        items = listed_count(span_text)
        if items < 2:
            # a count (8所学校) says how many, not which: no list of what is asked
            counted = quantities(span_text, 0, len(span_text))
            return -1.0 if counted and counted[0][0] == 0 else 0.0
        return 2.0 if count == items else 1.0
    return 0.0


