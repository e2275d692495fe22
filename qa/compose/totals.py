"""Totals with their parts: 金坛2019年招聘了多少教师 → 共71人：赴南京师范大学招聘优秀毕业生18人、
公开招聘教师43人、招聘聘用制教师10名.

The parts are the quantities of one stretch of a report that answer the question's frame
(frames.py) and count the same measure (quantities.py: 人 and 名 both count people; 人 never
adds to 个). Where the report states the total itself (共…, 合计…, or a quantity followed by
其中…), that total is the answer and the quantities after it are shown as its parts, never
added to it. With one part only, the reader's own span stands, unless a topic word of the
question picks that part out of several (新增了多少家上市企业: the one part naming 上市企业).
"""
from __future__ import annotations

import re
from os.path import commonprefix
from dataclasses import dataclass, replace

from qa.compose.asks import Asked, Tagger
from qa.compose.frames import Place, Words, acted, in_frame, place, says_another_action, stretch, writes
from qa.compose.lists import trim_item
from qa.compose.quantities import ANY_UNIT, CALENDAR_UNITS, Quantity, parse_quantity, total_or_none
from qa.reader.rivals import counted_rival
from qa.reader.units import ordinal, quantities, reached
from qa.retriever.terms import KINDS, PREDICATE_TAGS, SYNONYMS

# 共接收124名, 合计…: the report states a total; "5000个，其中…" states one and then its parts
_STATED_BEFORE_RE = re.compile(r"(?:共|合计|总计|累计|总共|一共)[^，,。；;、]{0,6}$")
_PARTS_AFTER_RE = re.compile(r"[，,]?\s*其中")
_PEOPLE_UNITS = {"人数": "人", "金额": "元"}


@dataclass(frozen=True)
class Found:
    start: int
    end: int
    quantity: Quantity
    where: Place
    named: tuple[int, int]          # what the part names: its item, less what it shares with others
    tail: int | None = None         # where the predicate its clause's quantities share begins


@dataclass(frozen=True)
class Total:
    total: Quantity
    stated: Found | None           # the report's own total, where it states one
    parts: list[Found]


def find_total(text: str, at: int, asked: Asked, words: Words, tagged: Tagger) -> Total | None:
    """The total the stretch of `text` around offset `at` gives for the question, or None where
    it holds fewer than two parts of one measure (or a stated total with no parts); a Total of one
    part where a topic word of the question picks that part out of several (_qualified). `words`
    segments text (jieba), `tagged` tags its words."""
    lo, hi = stretch(text, at)
    found = found_quantities(text, lo, hi, tagged)
    framed = _acting_in_own_clause(text, _framed(text, found, asked, words, tagged), asked, tagged)
    for f in framed:
        breakdown = _stated_parts(text, f, found)
        if breakdown is not None:
            return Total(f.quantity, f, breakdown) if breakdown else None
    if len(framed) < 2:
        return None
    # one measure: the one the most parts count (never 人 with 个)
    measures = [f.quantity.measure for f in framed]
    parts = [f for f in framed if f.quantity.measure == max(measures, key=measures.count)]
    if len(parts) < 2:
        return None
    parts = _qualified(text, parts, asked)
    parts = _named_by_the_answer_alone(text, parts, at, asked, words)
    if len(parts) == 1:
        return Total(parts[0].quantity, None, parts)
    summed = total_or_none([p.quantity for p in parts])
    return Total(summed, None, parts) if summed is not None else None


def _qualified(text: str, parts: list[Found], asked: Asked) -> list[Found]:
    """The parts a word of the question qualifying the thing counted picks out: those writing it
    before that thing (新增规上工业企业1494家、…、境内外上市企业6家: 新增了多少家上市企业 asks the one
    part writing 上市企业, though the sentence's lead 推进企业“上规、上市” writes 上市 for all). A
    word of the action or the lead (招聘优才计划6人，编内教师70人) picks nothing."""
    if not asked.counted:
        return parts
    heads = (asked.counted, *SYNONYMS.get(asked.counted, ()))
    for group in asked.topic:
        own = [p for p in parts if any(w + h in text[slice(*p.named)] for w in group for h in heads)]
        if own and len(own) < len(parts):
            parts = own
    return parts


def _named_by_the_answer_alone(text: str, parts: list[Found], at: int, asked: Asked, words: Words) -> list[Found]:
    """The one part at `at` (the reader's answer) where it alone writes the thing counted: the
    others count other people or things of the same measure (在浙就业省外劳动力2300万人 beside 城镇
    新增就业115.8万人 and 新就业群体近300万人, for 在浙就业省外劳动力有多少). Unchanged otherwise."""
    if not asked.counted:
        return parts
    own = [p for p in parts if p.start <= at < p.end]
    writing = [p for p in parts if writes(text[slice(*p.named)], asked.counted, words)]
    return own if own and writing == own else parts


def framed_quantities(text: str, lo: int, hi: int, asked: Asked, words: Words, tagged: Tagger) -> list[Found]:
    """The quantities of text[lo:hi] that answer the question's frame in the asked measure
    (none where the frame names neither a thing counted nor a topic word)."""
    return _framed(text, found_quantities(text, lo, hi, tagged), asked, words, tagged)


def _framed(text: str, found: list[Found], asked: Asked, words: Words, tagged: Tagger) -> list[Found]:
    if not (asked.counted or asked.topic or (asked.action and asked.measure == "人数")):
        # no object the parts must share (碧道 lost to jieba's single characters leaves 建 alone):
        # any quantities of a sentence writing the action would add up (建成碧道…、碧带…、管网…).
        # A head count's object is its measure: 一共慰问了多少人 adds the people of the action
        return []
    asked_words = asked.counted + "".join(w for group in asked.topic for w in group)
    # two counts of one measure in one item are a whole and a portion of it (16项…问题已整改完成7项),
    # never two parts to add
    found = [f for f in found if not any(g is not f and g.named == f.named and g.quantity.measure == f.quantity.measure
                                         for g in found)]
    return [f for f in found if in_frame(text, f.where, _lead_end(text, found, f, tagged), _counting(asked, f), words,
                                         f.tail)
            and _measured(f, asked) and counted_rival(asked_words, text, f.start, f.end) is None]


def _acting_in_own_clause(text: str, parts: list[Found], asked: Asked, tagged: Tagger) -> list[Found]:
    """Where some of `parts` write the asked action in their own clause (对7所中学、8所小学进行管理
    规范随机督查) and others have it only from their sentence's lead (加强管理督查，…对4所中学、5所小学
    进行素质教育督导评估) while their clause says another action after them, those others are out:
    the verb nearest a count says what it counts. A verb before the count qualifies the thing
    counted (不进编教师167人) and stays."""
    if not asked.action:
        return parts
    own = [f for f in parts if any(acted(a, text[slice(*f.where.clause)]) for a in asked.action)]
    if not own or len(own) == len(parts):
        return parts
    said = asked.counted + "".join(asked.action) + "".join(w for group in asked.topic for w in group)
    return [f for f in parts if f in own or not says_another_action(text[f.end:f.where.clause[1]], said, tagged)]


def found_quantities(text: str, lo: int, hi: int, tagged: Tagger) -> list[Found]:
    """The quantities of text[lo:hi] that may be parts (_quantities), each with what it names
    (less what the quantities of its clause share)."""
    return _shared(text, _quantities(text, lo, hi), tagged)


def _quantities(text: str, lo: int, hi: int) -> list[Found]:
    """The quantities of text[lo:hi], but those in brackets (an aside such as （含14家公办备案机构）
    is part of the quantity before it, not one more to add), those a change starts from
    (从15个县扩大到57个县: one thing at two times) and ordinals (第二批: a rank, no count)."""
    out = []
    for a, b in quantities(text, lo, hi):
        q = parse_quantity(text[a:b])
        if q is not None and q.unit not in CALENDAR_UNITS and not _bracketed(text, a, lo) \
                and reached(text, a, b) is None and not ordinal(text, a):
            where = place(text, a, b)
            item = _own_side(text, where.item, a, b)
            out.append(Found(a, b, q, replace(where, item=item), item))
    return out


def _own_side(text: str, item: tuple[int, int], start: int, end: int) -> tuple[int, int]:
    """The item of the quantity [start, end) cut at a 和/及/与 that joins it to another quantity
    (成立4个省级…培育站和27个区级名教师工作室: each count has its own side)."""
    a, b = item
    lo, hi = a, b
    for m in re.finditer("和|及|与", text[a:b]):
        s, e = a + m.start(), a + m.end()
        if not (re.search(r"\d", text[a:s]) and re.search(r"\d", text[e:b])):
            continue
        if e <= start:
            lo = max(lo, e)
        elif s >= end:
            hi = min(hi, s)
    return lo, hi


def _shared(text: str, found: list[Found], tagged: Tagger) -> list[Found]:
    """`found` with what the quantities one clause lists share: the predicate after the last of
    them (开展120名…教师和450名…教师面向社会公开招聘工作: 公开招聘 is said of both) and the
    predicate before the first (对4所中学、5所小学进行…: 对). Neither names one part alone."""
    out = list(found)
    for clause in {f.where.clause for f in found}:
        listed = [i for i, f in enumerate(found) if f.where.clause == clause]
        if len(listed) < 2:
            continue
        at, tail = max(found[i].end for i in listed), None
        for word, tag in tagged(text[at:clause[1]]):
            if tag in PREDICATE_TAGS:
                tail = at
                break
            at += len(word)
        first = found[listed[0]]
        lead = tagged(text[first.named[0]:first.start])
        for i in listed:
            lo, hi = found[i].named
            if i == listed[0] and lead and all(t in PREDICATE_TAGS for _, t in lead):
                lo = first.start
            if tail is not None and found[i].end <= tail < hi:
                hi = tail
            out[i] = replace(found[i], named=(lo, hi), tail=tail)
    return out


def _bracketed(text: str, at: int, lo: int) -> bool:
    opened = max(text.rfind("（", lo, at), text.rfind("(", lo, at))
    return opened >= 0 and max(text.rfind("）", opened, at), text.rfind(")", opened, at)) < 0


# money granted or spent (资金, 经费, 投入…) is counted by its unit: its parts are the sums of it; an
# indicator (经济总量, 生产总值, 收入, 产值) is not the sum of whatever money its stretch writes, so its
# parts must name it
_FUNDS_RE = re.compile("钱|资金|经费|工资|奖金|奖励|补助|补贴|费用|拨款|资助|投资|投入|金额|预算|基金|援助|帮扶|救助|款")


def _counting(asked: Asked, f: Found) -> Asked:
    """The frame a quantity must answer: a count of people (人, 名) or an amount of money granted
    or spent counts the asked 教师 or 资金 by its unit; any other unit (个, 所) or an amount asked
    of an indicator (经济总量) says nothing of what it counts, so the counted word, or a kind of it
    (4所中学 for 学校), must be written by it (新增15个编制 is no 新增岗位15个)."""
    by_unit = f.quantity.measure == "人" or (f.quantity.measure == "元" and _FUNDS_RE.search(asked.counted))
    if not asked.counted or by_unit:
        return asked
    return replace(asked, topic=asked.topic + ((asked.counted, *KINDS.get(asked.counted, ())),))


def _lead_end(text: str, found: list[Found], f: Found, tagged: Tagger) -> int:
    """Where the first listed item of f's sentence starts; for a part of a total before it
    (…共接收124名残疾儿童少年随班就读，其中义务教育阶段113名), where its 其中 clause starts: the
    total's clause says what the part counts and does; likewise for a clause with no predicate of
    its own that says again, in parallel, what the clause before it ends on (获评“…展评”一等奖1篇,
    二等奖2篇): what that clause writes before its parallel part is said of both. 招聘优才计划6人，
    编内教师70人 is no such pair: 优才计划 is the first part's own."""
    lo, hi = f.where.clause
    if _PARTS_AFTER_RE.match(text, lo):
        return lo
    named = text[lo:f.start]
    before = next((g for g in found if g.end == lo - 1), None)
    if before is not None and len(named) > 1 and not any(t in PREDICATE_TAGS for _, t in tagged(text[lo:hi])):
        parallel = text[before.start - len(named):before.start]
        if len(commonprefix([parallel[::-1], named[::-1]])) >= len(named) // 2:
            return before.start - len(named)
    opening = _parallel_opening(text, found, f)
    if opening is not None:
        return opening
    return min(g.where.item[0] for g in found if g.where.sentence == f.where.sentence)


def _parallel_opening(text: str, found: list[Found], f: Found) -> int | None:
    """Where f's clause opens on its quantity in parallel with the clauses before it, back to the
    sentence's first clause, which opens on words of its own (在常州市青少年机器人竞赛中7人获一等奖,
    9人获二等奖,13人获三等奖): where that clause's quantity starts, its opening words being said of
    all of them. None otherwise (1所学校完成…，2所小学完成…: no clause opens on words of its own)."""
    chain = f
    while chain.start == chain.where.clause[0]:
        lo = chain.where.clause[0]
        prior = [g for g in found if g.where.clause[1] == lo - 1 and g.quantity.measure == f.quantity.measure
                 and g.where.sentence == f.where.sentence]
        if not prior or text[chain.end:chain.end + 1] != text[prior[-1].end:prior[-1].end + 1]:
            return None
        chain = prior[-1]
    first = chain.where.clause[0] == chain.where.sentence[0]
    return chain.start if chain is not f and first else None


def _measured(f: Found, asked: Asked) -> bool:
    # 个 is the classifier any count may take (多少个老师): it asks no measure of its own, but a
    # count, which no amount of money or of a measure is (3150亿元 adds to no 多少个项目)
    if asked.unit == ANY_UNIT and not f.quantity.counts_things:
        return False
    if asked.unit and asked.unit != ANY_UNIT:
        unit = parse_quantity("1" + asked.unit)
        return unit is not None and unit.measure == f.quantity.measure
    wanted = _PEOPLE_UNITS.get(asked.measure or "")
    return wanted is None or f.quantity.measure == wanted


def _stated_parts(text: str, f: Found, found: list[Found]) -> list[Found] | None:
    """The parts a stated total is given with ([] when none are); None when f is no stated total."""
    same = [g for g in found if g.where.sentence == f.where.sentence and g is not f
            and g.quantity.measure == f.quantity.measure]
    if _listed(f, same):
        # 共获省一等奖20件、二等奖66件，其中…: the 共 before the list and the 其中 after it are said
        # of the whole list; no item of it is a total
        return None
    if not (parts_follow(text, f.end) or _STATED_BEFORE_RE.search(text, f.where.item[0], f.start)):
        return None
    after = [g for g in same if g.start > f.end]
    # a part is no larger than its total: a larger quantity after it counts something else
    # (累计新增就业超700万人、…，4386万名异地务工人员在粤稳定就业)
    return [] if any(g.quantity.value > f.quantity.value for g in after) else after


def parts_follow(text: str, end: int) -> bool:
    """The quantity ending at `end` is a total its parts follow (5000个，其中…)."""
    return _PARTS_AFTER_RE.match(text, end) is not None


def _listed(f: Found, same: list[Found]) -> bool:
    """f is one of a list of quantities of the same measure in its clause."""
    return any(g.where.clause == f.where.clause for g in same)


def label(text: str, f: Found) -> str:
    """What a part counts: its item with the quantity left out (招聘10名聘用制教师 → 招聘聘用制教师)."""
    lo, hi = f.named
    words = re.sub(r"^(?:其中|共|合计|总计)", "", (text[lo:f.start] + text[f.end:hi]).strip()).strip("，,、 ")
    # quotes at its edges go, but those it opens or closes inside (“保回迁”项目 keeps its “)
    return words[slice(*trim_item(words, 0, len(words)))]
