"""What a text writes before or after an answer that the answer is not: a heading and its colon,
the clause a linking word continues, a name marker, a pronoun for the subject, a nationality, a
lead-in (属于, 由), the next clause, half a word, an affiliation or title beside a name, the
question's own words before or after the answer, the kind of thing the question already says.

Each function takes the best span (text[start:end]) and returns where the answer starts or ends,
the span unchanged where the text does not write such a thing. Pure functions over the text;
model._tightened and model._reframed apply them to the best span, after the reader has chosen it.
"""
from __future__ import annotations

import re
from itertools import accumulate
from typing import Callable

from qa.retriever.terms import VERB_TAGS


# "心理疗法的流派计有：心理分析…", "车站机关地址：湖南省…": the heading before a colon. Not a colon
# inside brackets or quotes ("（英文缩写：MTL", "「纯洁仁爱：…」"), where the colon is the answer's own
_HEADING_RE = re.compile(r"[^：「《（(“\"]{1,30}：(?=.{2})")
# "香港九龙城区的一所津贴女子小学，位于九龙城联合道102号": a first clause that the next one
# continues with a linking word. 为 and 即 are left out: "长齿锯齿鳗，为辐鳍鱼纲…" names the
# answer first and says what it is after
# the words that say another name follows, in the continued clause and before a name alike
_ALIASES = "又称|又名|又译|亦称|简称|称为"
_CONTINUED_RE = re.compile(r"[^，,；;]*[，,]\s*(?:" + _ALIASES + r"|位于|即是|是)(?=.{2})")
# "原名沼宫内", "俗名嗑头、白点赤海…", "意译为思惟修或静虑": the marker a text writes before a name
_NAME_MARKER_RE = re.compile(
    r"(?:也称为|意译为|音译为|改名为|俗名|俗称|原名|旧名|旧称|又叫|也称|别称|别名|" + _ALIASES + "|"
    r"意译|音译|译为|译作|学名|英文名|全称|通称|昵称|艺名|笔名|本名|现名|改称|名为|译)"
    r"(?:为|是|作|做)?[：:]?(?=.{2})")
# "本鱼分布于…", "牠们栖息在…": the pronoun a text uses for its subject, and an adverb after it
_SUBJECT_PRONOUN_RE = re.compile(r"(?:(?:本|该|此)(?:鱼|种|属|科|蛇|鸟|物种|植物)|[牠它他她]们?)"
                                 r"(?:仅|只|主要|广泛|多|一般|通常|均|皆|则)?")
_ASKS_OCCUPATION_RE = re.compile(r"职业(?:是|都有|有)?(?:什么|哪些)|什么职业")
_ASKS_NATIONALITY_RE = re.compile(r"哪国人|哪个国家的?人|国籍是")

Tagged = Callable[[str], list[tuple[str, str]]]


def without_heading(text: str, start: int, end: int, question: str) -> int:
    """Where the answer starts: past a heading and its colon, or past a first clause that the
    next one continues with a linking word ("…，是格洛斯特郡与萨默塞特郡", "…，又称佛爷山").
    A question that has a colon of its own may ask for what stands around one."""
    if "：" in question or ":" in question:
        return start
    lead = _HEADING_RE.match(text, start, end) or _CONTINUED_RE.match(text, start, end)
    return lead.end() if lead else start


def without_name_marker(text: str, start: int, end: int) -> int:
    """Where a name starts: past the word that says a name follows (原名, 俗名, 又称, 意译为)."""
    marker = _NAME_MARKER_RE.match(text, start, end)
    return marker.end() if marker and marker.end() < end - 1 else start


def without_subject_lead(text: str, start: int, end: int, question: str, tagged: Tagged) -> int:
    """without_question_lead (below), also past a pronoun for the subject before the question's own
    words ("本鱼分布于印度太平洋区" → "印度太平洋区" for 分布于什么海域); a pronoun alone stays."""
    pronoun = _SUBJECT_PRONOUN_RE.match(text, start, end)
    if pronoun:
        after = without_question_lead(text, pronoun.end(), end, question, tagged)
        if after > pronoun.end():
            return after
    return without_question_lead(text, start, end, question, tagged)


def without_nationality(text: str, start: int, end: int, question: str, tagged: Tagged) -> tuple[int, int]:
    """An occupation question's answer without the nationality before it ("克罗地亚职业足球运动员"
    → "职业足球运动员"); a nationality question's answer is that place alone ("克罗地亚").
    `tagged` gives jieba words with part-of-speech tags (ns: a place name)."""
    occupation = _ASKS_OCCUPATION_RE.search(question)
    if not occupation and not _ASKS_NATIONALITY_RE.search(question):
        return start, end
    words = tagged(text[start:end])
    if len(words) < 2 or words[0][1] != "ns":
        return start, end
    place = start + len(words[0][0])
    return (place, end) if occupation else (start, place)


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


def without_broken_word(text: str, start: int, end: int, tagged: Callable[[str], list[tuple[str, str]]]) -> int:
    """Where the span text[start:end] should start: past a word's broken-off end.

    Sentencepiece tokens cross word edges, so a span can start inside a word: "名㭴鸟、橿鸟" out
    of 又名, "称黑褐副雀鲷…" out of 又称, "为明光社主席…" out of 现为, "评省…优秀案例" out of
    获评. When the part of the word inside the span is only lead-in characters, or the last
    character of a verb (jieba's tag), which the answer as its object follows, the answer starts
    after that word.
    """
    lo = max(0, start - _WORD_REACH)
    at = lo
    for word, tag in tagged(text[lo:start + _WORD_REACH]):
        at, word_start = at + len(word), at
        if word_start < start < at:
            inside = text[start:at]
            lead_in = all(ch in _LEAD_IN_CHARS for ch in inside) or (tag == "v" and len(inside) == 1)
            return at if at < end and lead_in else start
        if at >= start:
            break
    return start


# a question asking for a person, and the schools and bodies a report names before one
_ASKS_PERSON_RE = re.compile(r"谁|哪一?[位名]|什么人|哪一?个(?:学生|同学|老师|教师|校长|园长|人)"
                             r"|(?:学生|同学|老师|教师|校长|园长|人)(?:的名字)?叫什么")
_INSTITUTION_RE = re.compile(r"(?:学校|中学|小学|幼儿园|大学|学院|中心|医院)$")


def without_affiliation(text: str, start: int, end: int, question: str,
                        tagged: Callable[[str], list[tuple[str, str]]]) -> int:
    """Where a who-question's answer starts: at the person's name, past the school written
    before it ("西岗中学何丽华" → "何丽华" for 哪位老师), as the question asks who, not where from.
    `tagged` gives jieba words with their part-of-speech tags (nr: a person's name)."""
    if not _ASKS_PERSON_RE.search(question):
        return start
    words = tagged(text[start:end])
    # the name from its surname on: jieba may cut a rare given name off it (陈 nr | 芃 zg)
    named = [n for n, (_, tag) in enumerate(words) if tag.startswith("nr")]
    if len(words) < 2 or not named or len("".join(w for w, _ in words[named[-1]:])) > 4:
        return start
    name = end - len("".join(w for w, _ in words[named[-1]:]))
    return name if start < name and _INSTITUTION_RE.search(text, start, name) else start


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
    # 获得了什么奖: the verb before its aspect particle (a quantity's lead is pick_quantity's)
    before = question[:asked.start()]
    before = before if asked.group() in ("多少", "几") else _ASPECT_RE.sub("", before)
    words = tagged(before)
    if not words or words[-1][1][:1] not in ("v", "p"):
        return start
    # a longer lead goes too when it is whole words of the span: "能够催化哪两种酸": "能够催化二羟丙酮…"
    longer = _whole_words_lead(text, start, end, before, lambda part: [w for w, _ in tagged(part)],
                               _QUESTION_LEAD_CHARS + 1)
    if longer:
        return start + longer
    span = text[start:end].replace("于", "在")
    # the lead ends where a word of the span ends: 按 of 按什么思路 is not 按 of 按照
    ends = set(accumulate(len(w) for w, _ in tagged(text[start:min(end, start + 2 * _QUESTION_LEAD_CHARS)])))
    for k in range(min(_QUESTION_LEAD_CHARS, len(before)), 0, -1):
        if len(span) > k and k in ends and span.startswith(before[-k:].replace("于", "在")):
            # and the text's own aspect particle after the verb (举办了区中小学生…)
            k += 1 if len(span) > k + 1 and span[k] in "了过" and _ASPECT_RE.search(question[:asked.start()]) else 0
            return start + k
    # the verb's first character alone, a verb of its own (获 for 获得: "获江苏省评优课一等奖")
    verb = words[-1][0]
    if len(verb) == 2 and words[-1][1] in VERB_TAGS and len(span) > 2 and span[0] == verb[0]:
        first = tagged(text[start:min(end, start + 8)])
        if first and first[0] == (verb[0], "v"):
            return start + 1
    return start


_ASPECT_RE = re.compile(r"(?<=[\u4e00-\u9fff])[了过]$")
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
# what links the question's subject to the answer: a copula (是, 为), having (有, 包括), a place (位于),
# or doing with (协同丽华二小 for 和谁联合拍摄: the partner)
_LINKING_WORDS = frozenset({"是", "为", "有", "呈", "指", "吃", "即", "包括", "包含", "在于", "意为", "位于", "于", "在",
                            "协同", "携手", "联合", "会同"})
# a question asking a work's name (宣传片叫什么名字, 书名是什么): its title is written in 《》
_ASKS_NAME_RE = re.compile(r"叫什么|什么名字|名字是|名称|题目|书名|片名|剧名|篇名|曲名|歌名")
_WORK_TITLE_RE = re.compile(r"《[^《》]{1,40}》")


def within_work_title(text: str, start: int, end: int, question: str) -> tuple[int, int]:
    """Where the question asks a name and the span writes one title in 《》 among other words
    (光华学校协同丽华二小联合拍摄《慢慢来》), that title; the span unchanged otherwise."""
    if not _ASKS_NAME_RE.search(question):
        return start, end
    titles = list(_WORK_TITLE_RE.finditer(text, start, end))
    if len(titles) != 1 or (titles[0].start(), titles[0].end()) == (start, end):
        return start, end
    return titles[0].start(), titles[0].end()


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

