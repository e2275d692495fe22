"""Span decoding: logits → best character spans, pure functions over numpy arrays.

Scores are "span minus no-answer": start+end logits of the span less those of
<s>. That difference means the same thing in every window, so the best span
over all retrieved passages can be chosen by comparing it directly.
"""
from __future__ import annotations

import re
from itertools import accumulate
from typing import Callable

import numpy as np

from qa.reader.rivals import measure_of
from qa.reader.sentence import sentence_around

# measure words and units that belong with a number ("43人", "1000万元", "83%", "50周年")
_UNITS = ("平方米 平方公里 万元 亿元 元/人 元 人次 人 名 所 个百分点 百分点 个 家 项 场次 次 场 位 班 间 台 套 册 件 本 篇 门 节 "
          "课时 学时 小时 天 周年 周岁 周 年前 年 月 日 分钟 分 秒 % ％ ‰ 倍 批 期 届 支 条 处 座 栋 幢 亩 公里 公尺 公分 "
          "公斤 公顷 米 吨 户 组 队 号 趟 头 代 路 辆 架 艘 只 种 类 层 首 部 张 株 棵 颗 枚 集 话 页 步 季 章 段 轮 岁 "
          "度 级 块 根 片 份 斤 克 km kg m² m "
          # other currencies and measures ("1830万美元", "32亿日元", "10英寸"); 日元 must not read as 日
          "美元 日元 港元 港币 英镑 欧元 新台币 台币 澳门元 澳元 英吋 英寸 英尺 英里 英哩 厘米 毫米 千米 千克 毫升 对").split()
# longest first: a regex takes the first alternative that matches, and "周" must not cut "50周年"
_UNIT_ALTERNATIVES = "|".join(re.escape(u) for u in sorted(_UNITS, key=len, reverse=True))
# "50名左右", "95%以上" bound the number; without the bound the answer says more than the report
_BOUNDS = r"(?:左右|以上|以下|以内)?"
_UNIT_RE = re.compile(r"(?:多|余|近)?(?:(?:万|亿|千|百)(?:多|余)?(?:" + _UNIT_ALTERNATIVES + r")?|(?:"
                      + _UNIT_ALTERNATIVES + r"))(?:人民币)?" + _BOUNDS)
# "近20名", "逾千人" likewise; 约 stays out, as CMRC 2018's annotators leave it out (13 of 17 dev answers)
_APPROXIMATIONS = ("近", "逾", "超过")
_SEPARATORS = ",，.．"
_NUMBER_CHARS = "0123456789０１２３４５６７８９.．,，%％万亿千百十零〇一二三四五六七八九两"
_DIGIT_RUN_RE = re.compile(r"[0-9０-９]+(?:[.．][0-9０-９]+)?")
_DIGIT_RE = re.compile(r"[0-9０-９一二三四五六七八九十百千万两]")
_ENUMERATOR_RE = re.compile(r"[一二三四五六七八九十]+是|第[一二三四五六七八九十]+|其[一二三四五六七八九十]")
SENTENCE_ENDS = "。！？；!?;\n"
# where a clause ends: a comma, a semicolon or a sentence end
CLAUSE_MARKS = "，,；;" + SENTENCE_ENDS
_DATE_RE = re.compile(r"\d{1,4}\s*[年月日]|[一二三四五六七八九十]+月|上半年|下半年|春季|秋季|暑假|寒假")


# 哪三所, 哪两个: a question that names how many things it asks for (a list question)
_CHINESE_DIGITS = {"两": 2, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10}
_COUNT_NUMERALS = "[" + "".join(_CHINESE_DIGITS) + "]"
_STATED_COUNT_RE = re.compile(r"哪(" + _COUNT_NUMERALS + r"+|\d+)")
_CHINESE_COUNT_RE = re.compile(r"([二三四五六七八九])?(十)?([二三四五六七八九两])?")

# "各发布了多少篇", "分别招聘了多少": a count for each of several things
_EACH_COUNT = r"[^，。？?]{0,6}(?:多少|几)"
COUNT_EACH_RE = re.compile(r"(?:分别|各)" + _EACH_COUNT)


def counts_each(question: str) -> bool:
    return bool(COUNT_EACH_RE.search(question))


def stated_count(question: str) -> int | None:
    """How many things a list question asks for, where it says so ("哪三所学校" → 3, "哪十二个" → 12);
    None where it does not, or says it loosely ("哪两三个")."""
    found = _STATED_COUNT_RE.search(question)
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
_YES_NO_WORDS = "是不是|是否|有没有|能不能|会不会|(.)不\\1"
_YES_NO_RE = re.compile(_YES_NO_WORDS + r"|吗\s*[？?]?\s*$|没有\s*[？?]?\s*$")


def asks_yes_no(question: str) -> bool:
    """"…是摇号吗", "是不是全市第一": the answer is the sentence's own words for what is asked."""
    return bool(_YES_NO_RE.search(question))


# 哪一个国家, 哪一部经典, 支持还是反对, 可不可以: the question asks for one thing of a kind, or one of
# a choice, though expected_type reads no name in it (it knows 哪个, not 哪一个 or 哪国). Not 哪条 or
# 哪个 too: for 哪条线路的车站 the reader's own best span was 北三环中路, and consensus found the line
_ASKS_ONE_RE = re.compile(r"哪一|哪国|哪样|还是|(.)不\1")


def asks_one_of(question: str) -> bool:
    return bool(_ASKS_ONE_RE.search(question))


_YES_NO_WORDS_RE = re.compile(_YES_NO_WORDS + "|可以|了吗|吗|呢")
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


def expected_type(question: str) -> str | None:
    # 哪些/哪几/哪三… and 分别是 ask for several answers at once (enumeration.py); a count
    # for each of several things is still a number, grown over its enumeration afterwards
    if re.search(r"哪些|哪几|哪" + _COUNT_NUMERALS + r"|分别(?!" + _EACH_COUNT + ")", question):
        return "list"
    # "几月" asks for a date, not a count
    if re.search(r"多少|几(?!月)[个所名位项次家人万亿年天]?|百分之|比例|占比|增长了|率是", question):
        return "number"
    if re.search(r"什么时候|何时|哪一?年|哪天|几月|哪个月|日期|时间", question):
        return "date"
    if re.search(r"哪所|哪个|哪家|谁|什么名称|名字|叫什么", question):
        return "name"
    return None


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


# characters of a lead-in that says nothing new: "属于", "由", "生于", "字" before the answer
# itself, or a pronoun for the question's subject ("本鱼分布于…", "牠们…")
_LEAD_IN_CHARS = set("的是有为于在由属曾从用以被将其之及和与等、：:个本牠它们该此他她称名叫作")
_CLAUSE_BREAKS = "，,；;（("


def _nearly_as_good(spans: list[tuple[int, int, float]], margin: float, fits) -> int:
    """Index of the best of spans[1:] (best first, not empty) that `fits(start, end)` and scores
    within `margin` of spans[0]; 0 when none does."""
    floor = spans[0][2] - margin
    return next((i for i, (a, b, s) in enumerate(spans[1:], 1) if s >= floor and fits(a, b)), 0)


def without_lead_in(text: str, question: str, spans: list[tuple[int, int, float]],
                    margin: float) -> int:
    """Index of the span to show instead of spans[0] (best first), or 0 to keep it.

    The reader's commonest CMRC miss is the answer with a lead-in ("属于兽脚亚目阿贝力龙科",
    "字允明", "生于福冈县…"). A span that ends where the best one ends, starts later, scores
    within `margin` of it, and drops only characters the question already says or
    function characters, is the answer without the lead-in. Only the start moves: trimming
    tails also cut "黑龙江省" to "黑龙江".
    """
    if not spans:
        return 0
    start, end, _ = spans[0]
    return _nearly_as_good(spans, margin, lambda a, b: b == end and a > start
                           and _says_nothing_new(text[start:a], question))


def within_clause(text: str, question: str, spans: list[tuple[int, int, float]], margin: float) -> int:
    """Index of the span to show instead of spans[0] (best first), or 0 to keep it.

    A best span running over a comma into the next clause ("前锋，亦可担任左翼…",
    "其父早死，被叔叔王昶抚养") is cut back to the clause it starts in, when a span
    with the same start that ends just before a clause break scores within `margin`.
    A clause that mostly says the question again ("开展…整治提升工作，按照…思路") is a
    lead-in, not the answer.
    """
    if not spans:
        return 0
    start, end, _ = spans[0]
    return _nearly_as_good(spans, margin, lambda a, b: a == start and b < end and text[b] in _CLAUSE_BREAKS
                           and _question_share(text[a:b], question) <= 0.5)


# how far either side of a span's start the text is cut into words; a longer word is rare and
# never all lead-in characters
_WORD_REACH = 8


def without_broken_word(text: str, start: int, end: int, words: Callable[[str], list[str]]) -> int:
    """Where the span text[start:end] should start: past a word's broken-off end.

    Sentencepiece tokens cross word edges, so a span can start inside a word: "名㭴鸟、橿鸟" out
    of 又名, "称黑褐副雀鲷…" out of 又称, "为明光社主席…" out of 现为. When the part of the
    word inside the span is only lead-in characters, the answer starts after that word.
    """
    lo = max(0, start - _WORD_REACH)
    at = lo
    for word in words(text[lo:start + _WORD_REACH]):
        at, word_start = at + len(word), at
        if word_start < start < at:
            return at if at < end and all(ch in _LEAD_IN_CHARS for ch in text[start:at]) else start
        if at >= start:
            break
    return start


# a question asking for a person, and the schools and bodies a report names before one
_ASKS_PERSON_RE = re.compile(r"谁|哪一?[位名]|什么人")
_INSTITUTION_RE = re.compile(r"(?:学校|中学|小学|幼儿园|大学|学院|中心|医院)$")


def without_affiliation(text: str, start: int, end: int, question: str,
                        tagged: Callable[[str], list[tuple[str, str]]]) -> int:
    """Where a who-question's answer starts: at the person's name, past the school written
    before it ("西岗中学何丽华" → "何丽华" for 哪位老师), as the question asks who, not where from.
    `tagged` gives jieba words with their part-of-speech tags (nr: a person's name)."""
    if not _ASKS_PERSON_RE.search(question):
        return start
    words = tagged(text[start:end])
    if len(words) < 2 or not words[-1][1].startswith("nr"):
        return start
    name = end - len(words[-1][0])
    return name if _INSTITUTION_RE.search(text, start, name) else start


# titles a report writes after a person's name (闵宇同学, 何丽华老师); none is part of the name
_TITLES = ("同学", "老师", "教师", "校长", "园长", "书记", "先生", "女士", "同志")


def without_title(text: str, start: int, end: int, question: str) -> int:
    """Where a who-question's answer ends: before the title the question asks by (哪位同学:
    "闵宇同学" → "闵宇"), as the answer stands for 哪位 and the question says the title itself.
    Only these titles: 文殊菩萨 for 哪位菩萨 is a name whole."""
    if not _ASKS_PERSON_RE.search(question):
        return end
    title = next((t for t in _TITLES if t in question and text.endswith(t, start, end)), "")
    return end - len(title) if title and end - start - len(title) >= 2 else end


# the words that ask; the answer stands where they stand in the question
_WH_RE = re.compile(r"为什么|为何|第几|第多少|什么|哪里|哪儿|哪些|哪个|哪一|哪|多少|几|谁|何时|何地|何种|何|怎样|怎么|如何")
# asking why keeps the answer's 为/因 (为了纪念…, 为兴建行车天桥…), asking for an ordinal its 第 (第三名)
_WHY = ("为什么", "为何")
_KEEPS_LEAD = frozenset({*_WHY, "第几", "第多少"})
_QUESTION_LEAD_CHARS = 3


def without_question_lead(text: str, start: int, end: int, question: str,
                          tagged: Callable[[str], list[tuple[str, str]]]) -> int:
    """Where the answer starts: past the question's own words before its question word, as the
    answer stands in for that word alone ("分布在什么地方": "分布于印度太平洋区" → "印度太平洋区";
    "呈什么颜色": "呈赤红色" → "赤红色"; "别名是什么": "别名是厄俄斯福洛斯" → "厄俄斯福洛斯").
    Only when those words end in a verb or preposition: a place before the question word
    ("位于香港什么地方" → "香港新界大屿山") belongs to the answer. 于 and 在 count as one."""
    asked = _WH_RE.search(question)
    if not asked or asked.group() in _KEEPS_LEAD:
        return start
    words = tagged(question[:asked.start()])
    if not words or words[-1][1][:1] not in ("v", "p"):
        return start
    # a longer lead goes too when it is whole words of the span: "能够催化哪两种酸": "能够催化二羟丙酮…"
    longer = _whole_words_lead(text, start, end, question[:asked.start()],
                               lambda part: [w for w, _ in tagged(part)], _QUESTION_LEAD_CHARS + 1)
    if longer:
        return start + longer
    span = text[start:end].replace("于", "在")
    for k in range(min(_QUESTION_LEAD_CHARS, asked.start()), 0, -1):
        if len(span) > k and span.startswith(question[asked.start() - k:asked.start()].replace("于", "在")):
            return start + k
    return start


# the linking verb between what a question names and its question word: 俗名是什么, 花期是在什么时候
_QUESTION_LINK_RE = re.compile(r"(?:是在|叫做|是|为|有|叫)$")
_SUBJECT_LEAD_CHARS = 6


def without_asked_attribute(text: str, start: int, end: int, question: str,
                            words: Callable[[str], list[str]]) -> int:
    """Where the answer starts: past the attribute the question asks for, said again before the
    answer without a linking word ("俗名是什么": "俗名花斑龙、地图龙" → "花斑龙、地图龙";
    "花期是在什么时候": "花期3－4月" → "3－4月"). Whole words of the span only."""
    asked = _WH_RE.search(question)
    if not asked or asked.group() in _KEEPS_LEAD:
        return start
    link = _QUESTION_LINK_RE.search(question, 0, asked.start())
    if not link:
        return start
    lead = _whole_words_lead(text, start, end, question[:link.start()], words, 2)
    # an attribute follows the subject it belongs to: in "溪银汉鱼是什么属", 银汉鱼 is the subject's
    # own name, and "银汉鱼科" the answer
    return start + lead if link.start() - lead >= 2 else start


def _whole_words_lead(text: str, start: int, end: int, before: str,
                      words: Callable[[str], list[str]], shortest: int) -> int:
    """Length of the longest end of `before` (`shortest` to _SUBJECT_LEAD_CHARS characters) that
    text[start:end] starts with and that ends where one of the span's words ends, leaving at least
    two characters of answer; 0 when there is none."""
    said = [k for k in range(min(_SUBJECT_LEAD_CHARS, len(before)), shortest - 1, -1)
            if end - start - k >= 2 and text.startswith(before[-k:], start)]
    if not said:   # the common case: no jieba pass over the span
        return 0
    ends = set(accumulate(len(word) for word in words(text[start:end][:2 * _SUBJECT_LEAD_CHARS])))
    return next((k for k in said if k in ends), 0)


# the question words whose own frame an answer may repeat after itself: 什么理论, 以什么为食, 哪里人
_FRAMED_ASK_RE = re.compile(r"(?<!为)什么|怎样的|怎么样的|哪一?种|哪类|哪些")
_PLACE_ASK_RE = re.compile(r"(?:哪里|哪儿|什么地方|哪个地方|哪个国家|哪国|何地|何处)的?人")
_FRAME_LINKS = ("的", "之", "而")
# too general to be the question's frame: "海拔1850米的地方" and "批评他的人" are the answer
_OPEN_FRAMES = frozenset({"人", "地方"})


def without_question_tail(text: str, start: int, end: int, question: str) -> int:
    """Where the answer ends: before the question's own words after its question word, which the
    span says again ("什么理论": "边界层的理论" → "边界层"; "以什么为食": "甲壳类或鱼类为食" →
    "甲壳类或鱼类"; "以什么著称": "…技术而著称" → "…技术"; "哪里人": "广东开平人" → "广东开平").
    Only joined by 的/之/而, or a frame that starts with 为: "尼布楚条约" for 什么条约 is a name."""
    if _PLACE_ASK_RE.search(question):
        return end - 1 if end - start >= 3 and text[end - 1] == "人" else end
    asked = _FRAMED_ASK_RE.search(question)
    if not asked:
        return without_said_kind(text, start, end, question)
    frame = re.split(r"[，。？?！!、,]", question[asked.end():], maxsplit=1)[0]
    for k in range(len(frame), 0, -1):   # longest first
        said = frame[:k]
        tails = [link + said for link in _FRAME_LINKS if said not in _OPEN_FRAMES]
        if said.startswith("为") and k >= 2:
            tails.append(said)
        for tail in tails:
            if text.endswith(tail, start, end) and end - start - len(tail) >= 2:
                return end - len(tail)
    return without_said_kind(text, start, end, question)


# what a span may say between 的 and the kind of thing it is: "…10号线的一个车站"
_KIND_FILLERS = frozenset("一个座所家种位名员其中之")
# asking what kind or how keeps the kind: "无防护的目标" answers 什么类型的目标, "单向东行的街道" 什么样的街道
_ASKS_DESCRIPTION_RE = re.compile("什么样|什么类型|怎样|如何|为什么|哪种")
_ASKED_AFTER_RE = re.compile("什么|哪|谁|何")
_KIND_CHARS = 7


def without_said_kind(text: str, start: int, end: int, question: str) -> int:
    """Where the answer ends: before a last "的…" that only says the kind of thing the question
    asks for, after its question word ("哪条线路的车站": "北京地铁10号线的一个车站" → "北京地铁10号线";
    "哪些方面的学术排名": "医药、人文的学术" → "医药、人文")."""
    asked = _ASKED_AFTER_RE.search(question)
    if not asked or _ASKS_DESCRIPTION_RE.search(question):
        return end
    at = text.rfind("的", start + 2, end)
    kind = text[at + 1:end] if at >= 0 else ""
    if not kind or len(kind) > _KIND_CHARS:
        return end
    said = "".join(ch for ch in kind if ch not in _KIND_FILLERS)
    return at if said not in _OPEN_FRAMES and all(ch in question[asked.end():] for ch in said) else end


# words that join what the question names to what it asks: 位置为…, 主要著作有…, 体呈…, 分布于…
_LINKING_WORDS = frozenset({"是", "为", "有", "呈", "指", "吃", "即", "包括", "包含", "在于", "意为", "位于", "于", "在"})


def without_named_subject(text: str, start: int, end: int, question: str,
                          words: Callable[[str], list[str]]) -> int:
    """Where the answer starts: past a lead that names what the question already names and the
    word linking it to the answer ("的位置是什么": "位置为中锋或大前锋" → "中锋或大前锋";
    "主要著作有哪些": "主要著作有《朱学论集》…" → "《朱学论集》…"; "失范是什么意思": "指不守法而亵渎神灵"
    → "不守法而亵渎神灵"). The lead, if any, is the question's characters or function characters,
    within the first words of the span; whole words only, so the 有 of 有限公司 links nothing."""
    asks_why = any(word in question for word in _WHY)
    at = best = start
    for word in words(text[start:min(end, start + _WORD_REACH + 4)]):
        lead, at = text[start:at], at + len(word)
        if at - start > _WORD_REACH or at >= end:
            break
        named = any(ch in question for ch in lead) and _says_nothing_new(lead, question)
        if word in _LINKING_WORDS and (named or not lead and not asks_why):
            best = at
    return best


def _says_nothing_new(lead: str, question: str) -> bool:
    """Every character of the lead is the question's or a function character (属于, 本鱼…)."""
    return all(ch in question or ch in _LEAD_IN_CHARS for ch in lead)


def _question_share(span: str, question: str) -> float:
    return sum(ch in question for ch in span) / max(len(span), 1)


_PAIRS = {"「": "」", "『": "』", "“": "”", "《": "》", "（": "）", "(": ")", "‘": "’"}
_CLOSERS = {v: k for k, v in _PAIRS.items()}


def snap_span(text: str, start: int, end: int) -> tuple[int, int]:
    """Trim spaces, punctuation and unpaired brackets at the edges; never cut a number from its unit."""
    # a span starting on 的 or ending on 的/了 has run into the clause beside it: 36 CMRC 2018
    # dev spans did, every one wrong, while 4 of its 3,219 gold answers end on 的 and none starts so
    while start < end:
        ch = text[start]
        if ch.isspace() or ch in "，,。；;：:、的" or ch in _CLOSERS \
                or (ch in _PAIRS and _PAIRS[ch] not in text[start + 1:end]):
            start += 1
            continue
        break
    while end > start:
        ch = text[end - 1]
        if ch.isspace() or ch in "，,。；;：:、的了" or ch in _PAIRS \
                or (ch in _CLOSERS and _CLOSERS[ch] not in text[start:end - 1]):
            end -= 1
            continue
        break
    # grow left over the rest of the number; a separator only with a digit before it
    # ("1,200万元" whole, but "教师，68名" gives "68名")
    while 0 < start < end and text[start] in _NUMBER_CHARS and text[start - 1] in _NUMBER_CHARS \
            and (text[start - 1] not in _SEPARATORS or (start > 1 and text[start - 2] in _NUMBER_CHARS)):
        start -= 1
    if start < end and text[start].isdigit():
        start -= next((len(a) for a in _APPROXIMATIONS if text.endswith(a, 0, start)), 0)
    if end > start and text[end - 1] in _NUMBER_CHARS:
        while end < len(text) and text[end] in "0123456789.．":
            end += 1
        unit = _UNIT_RE.match(text, end)
        if unit:
            end = unit.end()
    # a span ending inside its number's unit or before its bound: "5个" of 5个百分点, "50名" of 50名左右;
    # a year stays as read: "1916年" of 1916年前往 is no "3年前"
    digits = list(_DIGIT_RUN_RE.finditer(text, start, end))
    if digits and not _CALENDAR_RE.fullmatch(text, digits[-1].start(), end):
        unit = _UNIT_RE.match(text, digits[-1].end())
        if unit and end < unit.end():
            end = unit.end()
    return start, end if end > start else start


# a quantity as reports write it: "43人", "1,200万元", "2-3所", "8.22%", "340余家", "三所"
_QUANTITY_RE = re.compile(r"[约近逾]?(?:\d[\d.,，．]*(?:\s*[-~～—至到]\s*\d[\d.,，．]*)?|[一二三四五六七八九十两百千]+(?=" + _UNIT_RE.pattern + "))")
_CALENDAR_RE = re.compile(r"(?:19|20)\d\d年|\d{1,2}[月日]")
_CLAUSE_ENDS = CLAUSE_MARKS + "、和及"
# characters that say nothing about which quantity a question asks for
_ASKING_CHARS = set("了的是有多少几个名人年月日吗呢？?，,在和与及共一") | set("0123456789")


def enclosing(text: str, start: int, end: int, boundaries: str) -> tuple[int, int]:
    """Bounds of the stretch of text around [start, end) up to the nearest boundary character each side."""
    lo = max(text.rfind(c, 0, start) for c in boundaries) + 1
    ends = [i for i in (text.find(c, end) for c in boundaries) if i >= 0]
    return lo, min(ends, default=len(text))


def _enclosing(text: str, start: int, end: int, boundaries: str) -> str:
    lo, hi = enclosing(text, start, end, boundaries)
    return text[lo:hi]


def _words(terms: list[str] | None) -> set[str]:
    return {t for t in terms or () if len(t) > 1}


def _covered(words: set[str], text: str) -> int:
    """Characters of the question's words that occur in the text."""
    return sum(len(w) for w in words if w in text)


# what a question's own words say the answer starts with: 第几 → "第三轮", 多久…一次 → "每两个月"
_ASKED_PREFIXES = ((re.compile(r"第几"), "第"), (re.compile(r"(?:多久|多长时间|多少天|几天|几个月)[^，。？?]*一次"), "每"))


def asked_prefix(question: str) -> str:
    """The 第 or 每 a question says its answer starts with; "" when it says none."""
    return next((prefix for asks, prefix in _ASKED_PREFIXES if asks.search(question)), "")


def with_prefix(text: str, start: int, prefix: str) -> int:
    """Where the answer starts: before `prefix` (asked_prefix) when it stands just ahead of it."""
    return start - len(prefix) if prefix and text.endswith(prefix, 0, start) else start


# the first number of a range ("1～2项", "3-5所", "3至5年"), ending just before where a span starts
_RANGE_MARKS = "[-~～—–－至到]"
_RANGE_TO = r"\s*" + _RANGE_MARKS + r"\s*"
_RANGE_HEAD_RE = re.compile(r"\d[\d.]*" + _RANGE_TO + "$")
_RANGE_NUMBER = r"(?:[0-9０-９.．]+|[一二三四五六七八九十两百千万零〇]+)"
_RANGE_FROM_RE = re.compile(_RANGE_NUMBER + "(?:" + _UNIT_ALTERNATIVES + ")?" + _RANGE_TO + "$")
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
    units = (re.escape(unit) + "|" if unit else "") + _UNIT_ALTERNATIVES
    tail = re.compile(_RANGE_TO + _RANGE_NUMBER + r"\s*(?:" + units + ")?间?").match(text, end)
    return start, tail.end() if tail else end


# 哪家幼儿园, 哪所学校, 哪个部门: a name question says what kind of thing it asks for
_ASKED_THING_RE = re.compile(r"哪一?[所家个座支位名项部款届]")


def asked_thing(question: str, words: Callable[[str], list[str]]) -> str:
    """The word for the kind of thing a name question asks for (哪家幼儿园 → 幼儿园); "" when none."""
    found = _ASKED_THING_RE.search(question)
    rest = question[found.end():] if found else ""
    thing = next(iter(words(rest)), "") if rest else ""
    return thing if len(thing) > 1 else ""


def with_asked_thing(text: str, start: int, end: int, thing: str) -> int:
    """Where a name answer ends: past the asked thing (asked_thing) when the text says it right
    after the name ("海华" → "海华幼儿园" for 哪家幼儿园), as the name is not whole without it."""
    # a title in its brackets is whole already: 《自然》, not 《自然》期刊
    if thing and text.startswith(thing, end) and not text[start:end].endswith((thing, "》", "”", "」")):
        return end + len(thing)
    return end


def pick_quantity(text: str, start: int, end: int, question: str,
                  terms: list[str] | None = None) -> tuple[int, int]:
    """The one quantity with its unit that a 多少/几 question asks for, out of a span.

    The reader's span often runs on past its number ("6人，编内教师70人",
    "92.45分名列全市第一"). The quantity whose own clause holds most of the
    question's words wins, then most of its characters; on a tie the first,
    where the reader started. A span without a quantity in a known unit stays whole.
    """
    found = quantities(text, range_start(text, start), end)
    # a year or a day is rarely what 多少 asks for ("2021年新增15个编制")
    counts = [q for q in found if not _CALENDAR_RE.fullmatch(text, *q)]
    found = counts or found
    if not found:
        return start, end
    asked = set(question) - _ASKING_CHARS
    words = _words(terms)

    def match(q: tuple[int, int]) -> tuple[int, int]:
        clause = _enclosing(text, *q, _CLAUSE_ENDS)
        return _covered(words, clause), len(asked & set(clause))

    return max(found, key=match)


def quantities(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """(start, end) of each number with a unit we know between start and end."""
    found = []
    for m in _QUANTITY_RE.finditer(text, start, end):
        b = m.end()
        while b > m.start() and text[b - 1] in _SEPARATORS:   # "43人," keeps no trailing comma
            b -= 1
        # only a quantity with a unit we know is cut out: "L2", "33话" stay as the reader read them
        unit = _UNIT_RE.match(text, b)
        if unit and unit.end() > b:
            found.append((m.start(), unit.end()))
    return found


def quantity_as_asked(text: str, start: int, end: int, asked: str | None) -> tuple[int, int]:
    """Where the span counts money and the question people, or the other way round
    (`asked` from rivals.asked_measure), the one quantity of the asked measure in its sentence:
    共下达300万元…资金，为全区近10万名…学生 answers 覆盖了多少学生 with 近10万名.
    The span unchanged where the sentence has none or several."""
    if asked is None or measure_of(text[start:end]) in (None, asked):
        return start, end
    a, b = sentence_around(text, start, end)
    same = [q for q in quantities(text, a, b) if measure_of(text[q[0]:q[1]]) == asked]
    return same[0] if len(same) == 1 else (start, end)


# 比去年增长多少, 提升了百分之几: the answer is the change, which reports write after its verb
_CHANGE_VERBS = "增长|增加|提高|提升|上升|下降|减少|降低"
_ASKS_CHANGE_RE = re.compile(f"(?:{_CHANGE_VERBS})了?(?:多少|几|百分之)")
_CHANGED_BY_RE = re.compile(f"(?:{_CHANGE_VERBS})了?$")


def quantity_of_change(text: str, start: int, end: int, question: str) -> tuple[int, int]:
    """Where a question asks how much something grew or fell, the quantity its clause writes
    after a change verb: "办学经费60万元(比2018年增长50%)" answers 比去年增长多少 with 50%, not
    the amount itself. The span unchanged where it is that quantity or its clause has none."""
    if not _ASKS_CHANGE_RE.search(question) or _changed_by(text, start):
        return start, end
    lo, hi = enclosing(text, start, end, CLAUSE_MARKS)
    return next((q for q in quantities(text, lo, hi) if _changed_by(text, q[0])), (start, end))


def _changed_by(text: str, start: int) -> bool:
    return bool(_CHANGED_BY_RE.search(text, max(0, start - 3), start))


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
    found = quantities(text, lo, hi)
    at = next((i for i, (a, b) in enumerate(found) if a < end and start < b), None)
    if at is None or len(found) < asked:
        return start, end
    runs = range(max(0, at - asked + 1), min(at, len(found) - asked) + 1)
    first = min(runs, key=lambda i: (sum(text.count(c, found[i][0], found[i + asked - 1][1]) for c in "，,；;"),
                                     at - i))
    return min(start, found[first][0]), max(end, found[first + asked - 1][1])


def share_penalty(asked: str | None, span_text: str, penalty: float) -> float:
    """What a span loses when the question asks for a share (百分之几, 达线率是多少) and the span
    is none: 8倍 is no answer to 增长了百分之几, whatever the reader thinks of it."""
    return penalty if asked == "比例" and measure_of(span_text) != "比例" else 0.0


def context_overlap(text: str, start: int, end: int, terms: list[str]) -> float:
    """Share of the question's words (by characters) found in the sentence around a span.

    The reader sees one window at a time; this lets a span whose sentence says what the
    question asks ("公开招聘教师43人" for 招聘) beat a look-alike elsewhere ("68名导学教师").
    """
    words = _words(terms)
    if not words:
        return 0.0
    return _covered(words, _enclosing(text, start, end, SENTENCE_ENDS)) / sum(len(w) for w in words)


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


def writes_number(text: str) -> bool:
    """Whether `text` writes a number ("三是教育救助全落实" is the third point of a list, not one)."""
    return bool(_DIGIT_RE.search(_ENUMERATOR_RE.sub("", text)))


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
        # an enumeration within one sentence; a span running on over sentences is no list
        if "、" not in span_text or any(c in SENTENCE_ENDS for c in span_text):
            return 0.0
        return 2.0 if count == span_text.count("、") + 1 else 1.0
    return 0.0
