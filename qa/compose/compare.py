"""Comparisons: two places or years asked together with 哪个多/多多少/相比/还是.

Each side is asked on its own (one retrieve-and-read per side, as a 分别 question is split
by retriever/scopes.py), then the two values are compared where both are stated and count
the same measure: 钟楼70人，金坛43人，钟楼多27人. A side the reports do not state is said so,
and nothing is compared.
"""
from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from decimal import Decimal

from qa.compose.asks import ASKS_MORE_RE, MORE_OR_LESS, MOST_RE, Asked
from qa.compose.quantities import (AT_LEAST, BOUND_WORDS, SCALES, UNDER, MeasureError, Quantity, difference,
                                   parse_quantity)
from qa.reader.units import APPROXIMATIONS, quantities, run_unit
from qa.schema import Answer

# the comparing words, taken out of each side's own question
# (多招了多少: the 多 of "how many more", before the verb each side is asked of)
_COMPARING_RE = re.compile(r"(?:哪[个一][^，。？?]{0,2}|谁)(?:更)?[多少高低大小快慢]|[多高大]还是[少低小]|[多少高低][多少了]+[多少]?"
                           r"|(?<![多少])[多少](?=[^，。？?多少]{1,4}多少)"
                           r"|相比(?:较)?|比较|对比|还是|差多少|相差多少|相差")
# 哪个区…多: the level named (区, 市, 省…) is the sides', no word of what each is asked
_WRAPPING_RE = re.compile(r"^(?:哪[个一]个?(?:区县|县区|地区|城市|地方|区|县|市|省)?|谁)(.{2,}?)" + MORE_OR_LESS)
_JOIN_RE = re.compile(r"^(?:和|与|跟|同|及|、|比|相比|还是|对比)")
# a joiner closing the first side's own words (…计划招的和钟楼…), and the second side's own words,
# up to where the comparing begins (…招的比，哪个区多)
_OWN_WORDS_JOIN_RE = re.compile(r"(?:和|与|跟|同)$")
_SECOND_OWN_RE = re.compile(r"[^，,。？?]*?(?=相比|比|[，,。？?]|哪|谁|$)")


def side_questions(question: str, asked: Asked) -> list[tuple[str, str]]:
    """(side, the question asked of that side alone), in the question's order."""
    first, second = asked.sides
    i = question.find(first)
    j = question.find(second, i + len(first))
    if i < 0 or j < 0:
        raise ValueError(f"the sides {first}, {second} are not both written in {question!r}")
    head, middle, tail = question[:i], question[i + len(first):j], question[j + len(second):]
    own = ("", "")      # the words each side writes for itself, where each writes its own
    joined = _OWN_WORDS_JOIN_RE.search(middle)
    if len(middle) > 1 and middle.endswith("比"):
        # 天宁支教老师比金坛多: what is compared may stand between the sides, before 比
        middle = middle[:-1]
    elif joined and joined.start() > 0:
        # 武进2020年计划招的和钟楼2021年招的比，哪个多: each side is asked in its own words, and a
        # side that writes none is asked in the other's
        second_own = _SECOND_OWN_RE.match(tail)[0]
        own = (middle[:joined.start()], second_own or middle[:joined.start()])
        middle, tail = "", tail[len(second_own):].removeprefix("比")
    else:
        middle = _JOIN_RE.sub("", middle)
    # 钟楼和天宁相比，谁的…更多: a comparing word after the second side opens no question
    rest = middle + re.sub(r"^(?:相比较?|比较|对比)?[，, ]*", "", tail)
    # 哪个招的老师多: the comparing words wrap what is compared, which each side is asked of
    rest = _WRAPPING_RE.sub(r"\1", rest.strip("，, "))
    rest = _COMPARING_RE.sub("", ASKS_MORE_RE.sub("", rest)).strip("，,？? ")
    if not re.search("多少|几", "".join(own) + rest):
        rest += "是多少"
    return [(side, head + side + words + rest) for side, words in zip((first, second), own)]


def most_questions(question: str, places: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """(label, the question asked of that place alone) for each (place name, label); what the
    question names before 哪个区 (五个区里, 常州) is the places, not what each is asked."""
    m = MOST_RE.search(question)
    what = (m["what"] + question[m.end():]).strip("，,？? ")
    if not re.search("多少|几", what):
        what += "是多少"
    return [(label, name + what) for name, label in places]


def most(question: str, sides: list[tuple[str, str]], ask: Callable[[str], Answer]) -> Answer:
    """Which of several places says most (or least) of what is asked, from each one's own answer
    (`ask`, one retrieve-and-read each): 钟楼区2021年5000个，天宁区2025年2610个…；钟楼区2021年最多.
    Only places whose reports state it in one measure are ranked, and the others are said."""
    answers = [replace(ask(q), scope=label) for label, q in sides]
    values = [value_of(a) for a in answers]
    shown = "，".join(f"{a.scope}{v[0] if v else '：报告未说明'}" for a, v in zip(answers, values))
    stated = [(a.scope, v[1]) for a, v in zip(answers, values) if v]
    word = MOST_RE.search(question)["word"]
    if len(stated) < 2 or len({q.measure for _, q in stated}) > 1:
        shown += "，无法比较"
    else:
        pick = min if word in "少低小慢" else max
        best = pick(q.value for _, q in stated)
        leaders = [_short(scope) for scope, q in stated if q.value == best]
        shown += f"；{'、'.join(leaders)}最{word}" + ("（其余报告未说明）" if len(stated) < len(answers) else "")
    return _compared(question, shown, answers)


def compare(question: str, asked: Asked, ask: Callable[[str], Answer]) -> Answer:
    """The comparison Answer; `ask` answers one side's question (a whole Answer)."""
    sides = [replace(ask(q), scope=side) for side, q in side_questions(question, asked)]
    values = [value_of(a) for a in sides]
    shown = "，".join(f"{s.scope}{v[0] if v else '：报告未说明'}" for s, v in zip(sides, values))
    if all(values):
        shown = judged(question, shown, (sides[0].scope, values[0][1]), (sides[1].scope, values[1][1]))
    else:
        shown += "，无法比较"
    return _compared(question, shown, sides)


def judged(question: str, shown: str, first: tuple[str, Quantity], second: tuple[str, Quantity]) -> str:
    """`shown` (each side's value) with what the comparison finds: which side has more and by how
    much (钟楼多27人), 是/否 first where the question asks it of the first side (…比金坛多吗)."""
    try:
        d = difference(first[1], second[1])
    except MeasureError:
        return shown + "，两者计量单位不同，无法比较"
    word = comparing_word(question)
    fewer = word in "少低小慢"
    # growth compared says which grew faster (快/慢); anything else, which has more (多/少)
    more = word if word in "快慢" else "少" if fewer else "多"
    lead = None
    if d.value == 0:
        shown += "，两者相同"
    else:
        lead = first[0] if (d.value > 0) != fewer else second[0]
        shown += f"，{_short(lead)}{more}{amount(d)}"
    if ASKS_MORE_RE.search(question):
        shown = ("是：" if lead == first[0] else "否：") + shown
    return shown


_ASKED_WORD_RES = (ASKS_MORE_RE, re.compile(r"(?:哪[个一]个?|谁)[^，。？?]{0,12}?(?:更)?(?P<word>多(?!少)|(?<!多)少|[高低大小快慢])"),
                   re.compile(r"(?P<word>[多少高低大小快慢])了?[^，。？?多少]{0,4}多少"))


def comparing_word(question: str) -> str:
    """The word the comparison is asked in (钟楼和金坛哪个招的老师多 → 多, 省级比市级少多少 → 少),
    read where the comparing words stand, not anywhere (中小学 is no 小); 多 where none is."""
    return next((m["word"] for r in _ASKED_WORD_RES if (m := r.search(question))), "多")


def _compared(question: str, shown: str, sides: list[Answer]) -> Answer:
    """The Answer of a comparison shown as `shown`, its sides its parts."""
    answered = [a for a in sides if not a.abstained]
    citations = []     # each side's passage first, then each answered side's next one
    for c in [a.citations[0] for a in sides if a.citations] + [a.citations[1] for a in answered
                                                                 if len(a.citations) > 1]:
        if c not in citations:
            citations.append(c)
    base = answered[0] if answered else sides[0]
    return Answer(question, shown, "compare", not answered, None if answered else base.reason, None, None,
                  citations, {}, min((a.confidence for a in answered if a.confidence is not None), default=None),
                  [], sides)


# 超过100人了吗, 达到5000个了吗, 300个以上吗: a quantity asked against a bound (its unit is short:
# a year before it, 2019年公开招聘的…, is no bound)
_ABOVE, _AT_LEAST, _BELOW, _AT_MOST = "超过|多于|高于|大于|突破|逾|超", "达到|不少于|不低于|至少|满|达", \
    "低于|少于|不到|不足|小于|未满", "不超过|不多于|不高于|至多|最多"
# 是5.5%左右吗, 为5%吗, 定在5%吗: the quantity itself asked, the one the report states is it or not
_EQUAL = "是|为|等于|定在|定为|设定为|确定为"
# a change written with its amount (增长了30%吗, 减少50人吗) or the level it comes to (提高到14亿吨
# 左右吗) claims that quantity as 是 does
_CHANGE = "增长|增加|提高|提升|上升|上涨|下降|降低|减少|扩大|缩小"
_BOUNDED_RE = re.compile(rf"(?P<form>是否|有没有|是不是)?(?:(?P<op>{_AT_MOST}|{_ABOVE}|{_AT_LEAST}|{_BELOW}|{_EQUAL})"
                         rf"|(?P<change>(?:{_CHANGE})(?:到|至)?))?了?\s*"
                         r"(?P<q>[0-9][0-9.]*[^\s了吗？?没]{0,4}?)(?P<post>以上|以下|之上|之下)?了?"
                         r"(?P<end>吗|没有|了没)?\s*[？?]?\s*$")


@dataclass(frozen=True)
class Bound:
    question: str        # the question asking the quantity itself (金坛招聘的教师多少人)
    op: str              # ">", ">=", "<", "<=" or "=="
    bound: Quantity


# a claim put with a tag asking it (…增长了30%，对吗 / 是吗 / 对不对): the claim is what is asked
_TAG_RE = re.compile(r"\s*[，,]\s*(?:对|是|对不对|是不是|没错|真的)(?:吗|吧|么)?\s*[？?]?\s*$")


def asked_bound(question: str) -> Bound | None:
    """The quantity a yes/no question bounds (金坛招聘的教师超过100人了吗: > 100人) and the
    question asking the quantity itself; None where it bounds none."""
    claim = _TAG_RE.sub("吗", question)
    m = _BOUNDED_RE.search(claim)
    q = comparable(m["q"]) if m and (m["form"] or m["end"]) else None
    if q is None or not (m["op"] or m["post"] or m["change"]):
        return None
    op = m["op"] or ""
    unit = q.unit if len(q.unit) == 1 and q.measure != "元" else ""
    if m["change"] and not m["post"]:
        # the change itself asked (…比2018年增长了多少), its amount held against the one claimed
        said = claim[:m.start()] + m["change"]
        return Bound(said + ("多少" if said.endswith(("到", "至")) else "了多少") + unit, "==", q)
    if m["change"]:
        op = ""
    if re.fullmatch(_EQUAL, op) and not m["post"]:
        if re.match(r"[0-9.]+\s*[年月日号]", m["q"]):
            return None         # 是2025年吗 asks when, no quantity
        sign = "=="
    elif re.fullmatch(_AT_MOST, op) or m["post"] in ("以下", "之下"):
        sign = "<=" if not re.fullmatch(_BELOW, op) else "<"
    elif re.fullmatch(_BELOW, op):
        sign = "<"
    elif re.fullmatch(_ABOVE, op):
        sign = ">"
    else:
        sign = ">="
    return Bound(claim[:m.start()].rstrip("的是，, ") + "多少" + unit, sign, q)


_SHARE_RE = re.compile(r"^(?P<pre>约|近|超过|超|突破|逾)?(?P<n>\d+(?:\.\d+)?)\s*[%％](?P<post>左右|以上|以下)?$")


def _share(text: str) -> Quantity | None:
    """68.7% as a quantity of the measure %, only to hold it against a bound (parse_quantity
    reads no shares: they never add up)."""
    m = _SHARE_RE.match(text.strip())
    if not m:
        return None
    bound = BOUND_WORDS.get(m["pre"] or m["post"] or "", "")       # 3%左右 is about 3%
    return Quantity(Decimal(m["n"]), "%", "", bound, text.strip())


def comparable(text: str) -> Quantity | None:
    """A count, an amount or a share as one Quantity to compare; None for anything else."""
    return parse_quantity(text) or _share(text)


def bounded(question: str, bound: Bound, answer: Answer) -> Answer | None:
    """The yes/no Answer of a bounded question from the answer to its quantity: 否：共71人：… where
    the stated quantity does not pass the bound; None where it states none of the bound's measure."""
    value = value_of(answer) or (("", share) if answer.answer_kind == "span" and answer.answer
                                 and (share := _share(answer.answer)) else None)
    if value is None:
        return None
    limit = bound.bound
    if value[1].measure != limit.measure and limit.unit in SCALES:
        # 超过3000万 writes the multiplier alone: it counts in the unit the report states (3400万人)
        limit = comparable(limit.text + value[1].unit) or limit
    if value[1].measure != limit.measure:
        return None
    d = difference(value[1], limit).value
    if d == 0 and value[1].bound in (AT_LEAST, UNDER):
        # 突破60% is past 60%, 近60% short of it: the bound written decides where the figures meet
        d = Decimal(1 if value[1].bound == AT_LEAST else -1)
    holds = {">": d > 0, ">=": d >= 0, "<": d < 0, "<=": d <= 0, "==": d == 0}[bound.op]
    # each quoted piece a part of its own, as a composed verdict's clause is
    pieces = answer.parts if answer.answer_kind == "sum" and answer.parts else [answer]
    shown = (_bound_before(answer) if answer.answer_kind == "span" else "") + answer.answer
    return replace(answer, question=question, answer=("是：" if holds else "否：") + shown,
                   answer_kind="yes_no", answer_start=None, answer_end=None, parts=pieces, trace=[])


def value_of(a: Answer) -> tuple[str, Quantity] | None:
    """The side's quantity as shown and parsed: its total for a sum, else the one in its span."""
    if a.abstained or not a.answer:
        return None
    text = a.answer
    if a.answer_kind == "sum":
        text = text[1:].split("：")[0].split("，")[0]
    spans = quantities(text, 0, len(text))
    if not spans:
        return None
    shown = text[slice(*spans[0])]
    unit = _unit_after(a) if a.answer_kind == "span" and shown[-1] in "万亿千百" else ""
    q = comparable(shown + unit)
    if q is not None and not q.bound and a.answer_kind == "span":
        q = replace(q, bound=BOUND_WORDS.get(_bound_before(a), ""))
    return (shown, q) if q else None


# the approximations a span keeps (近, 逾, 超过, 超), and 突破, which a span does not keep
_BOUND_BEFORE_RE = re.compile("(?:" + "|".join(APPROXIMATIONS + ("突破",)) + ")$")


def _bound_before(a: Answer) -> str:
    """The bound the report writes just before a span shown without it (城镇化率突破60%)."""
    c = a.citations[0] if a.citations else None
    if c is None or a.answer_start is None or not c.start <= a.answer_start <= c.end:
        return ""
    m = _BOUND_BEFORE_RE.search(c.text, 0, a.answer_start - c.start)
    return m.group() if m else ""


def amount(q: Quantity) -> str:
    """A difference as written: of shares in percentage points (91% to 95% is 4个百分点, not 4%)."""
    return q.text[:-1] + "个百分点" if q.unit in ("%", "％") else q.text


def _unit_after(a: Answer) -> str:
    """The unit a span written without one counts in, from the run of numbers it opens."""
    c = a.citations[0] if a.citations else None
    if c is None or a.answer_end is None or not c.start <= a.answer_end <= c.end:
        return ""
    return run_unit(c.text, a.answer_end - c.start)


def _short(scope: str) -> str:
    return re.sub(r"(?:19|20)\d{2}\s*年$", "", scope) or scope
