"""What kind of composed answer a question asks for, read once from its words.

One function, `read_asked`, holds all the question-reading the composed answers need
(built on the reader's own question readers: asked.expected_type, asks_yes_no,
counts_each, stated_count and rivals.asked_measure), so that it can later be folded
into a single question analysis in one place.

Besides the kind, it reads the question's *frame*: the action asked about (招聘 in
金坛2019年招聘了多少教师), the thing counted or listed (教师), and the other topic words
(编制 in 一共招聘多少编制老师). A passage's quantity or item answers the question when its
clause holds the action and the topic words (frames.py); the thing counted need not be
written there, as the quantity's own unit counts it (18人 counts people, as 教师 are).
"""
from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from index.ingest.places import Gazetteer
from qa.reader.asked import (asked_unit, asks_change, asks_yes_no, counts_each, expected_type, in_setting,
                             stated_count)
from qa.reader.rivals import asked_measure
from qa.retriever.period import MODAL_WORDS
from qa.retriever.terms import STOPWORDS, SYNONYMS, VERB_TAGS

Tagger = Callable[[str], list[tuple[str, str]]]

# 一共, 总共, 合计, 加起来, 共…: the question asks for a total
_TOTAL_RE = re.compile(r"一共|总共|共计|合计|总计|累计|加起来|总数|总量|共(?=[\u4e00-\u9fff]{0,3}(?:多少|几))")
# 哪个…多 and 谁…多 close the question (a 多 that is no 多少): 天宁和钟楼哪个区新增学位更多;
# 快/慢 compare growth (浙江和广东哪个外贸出口增长快)
MORE_OR_LESS = r"(?:更)?(?:多(?!少)|(?<!多)少|[高低大小快慢])(?:一些|一点|些)?呢?\s*[？?]?\s*$"
# 一二三等奖: grades written in a run, each a grade of its own
_GRADE_RUN_RE = re.compile(r"(?<=[一二三四五六七八九特])(?=[一二三四五六七八九]+等奖)")
# 钟楼招的老师比金坛多吗: a comparison asked yes or no, the first side's against the second's
ASKS_MORE_RE = re.compile(r"(?:更)?(?P<word>[多少高低大小快慢])(?:一些|一点|些)?吗\s*[？?]?\s*$")
# which place of several says most: 哪个区新增学位最多, 五个区里哪个区招的老师最少 (compare.most),
# among the places of the level it names (地区, 地方: any)
MOST_RE = re.compile(r"哪[个一]?个?(?P<level>区县|县区|地区|城市|地方|区|县|市|省)(?P<what>[^，。？?]{0,14}?)"
                     r"最(?P<word>[多少高低大小快慢])")
PLACE_LEVELS = {"区": ("district",), "县": ("county",), "区县": ("district", "county"),
                "县区": ("district", "county"), "市": ("city",), "城市": ("city",), "省": ("province",)}
# 哪个多, 多多少, 相比, 还是: two sides compared; 多招了多少: how many more, asked of the two sides
_COMPARE_RE = re.compile(r"(?:哪[个一]个?|谁)[^，。？?]{0,24}?" + MORE_OR_LESS + r"|[多少高低][多少了]+[多少]"
                         r"|[多少][^，。？?多少]{1,4}多少|相比|比较|对比|还是|差多少|相差")
_YEAR = r"(?:19|20)\d{2}\s*年"
_PART_OF_YEAR = r"[上下]半年|[春秋]季?学期|[春夏秋冬]季|年初|年底|年末|全年"
_JOIN = "和|与|跟|同|及|、|比|相比|还是|对比"
# what asks: the wh-word that the counted or listed thing follows
_WH_RE = re.compile(r"多少|几|哪些|哪几|哪[一二两三四五六七八九十]")
# comparison and total words are no topic words
_ASKING_WORDS = frozenset({"一共", "总共", "共计", "合计", "总计", "累计", "加起来", "共", "总", "分别", "各",
                           "哪个", "谁", "相比", "比较", "对比", "还是", "多", "少", "更", "区", "市", "县",
                           "哪几", "哪些", "哪", "了", "呢", "吗", "？", "?", "要", "能", "会", "是不是",
                           "是否", "有没有", "情况", "方面", "是", "有"})   # 是, 有(多少): copulas, no action
_TOTAL_WORDS = frozenset({"一共", "总共", "共计", "合计", "总计", "累计"})
_CLASSIFIER_TAGS = ("q", "m")
_MEASURE_CHARS = frozenset("所个名家项位条座篇次场件批期届支处台套本册")
_COPULAS = frozenset({"是", "有", "为"})
# words saying a thing is intended (计划建成, 准备新建, 力争创建), before the verb they are said of
_INTENDING = frozenset({"计划", "准备", "打算", "争取", "力争", "拟", "预计"})
# the words closing a setting opened by 在 (在…展评里, 在…竞赛中, 在…运动会上)
_SETTING_ENDS = frozenset({"里", "中", "上", "内", "期间", "当中"})
# light verbs: they say only that the noun after them is done (开展/进行素质教育督导评估, and 接受…评估
# of what it is done to; 做, 搞 as people say it), so a report writes any of them for another
_LIGHT_VERBS = ("进行", "开展", "实施", "组织", "举行", "举办", "接受", "做", "搞", "弄")
_JOINERS = frozenset({"、", "和", "及", "与", "以及", "或"})
# jieba's tags of verbs, prepositions, conjunctions, pronouns, adverbs, particles, punctuation,
# measure words and times: no part of a thing's name
_FUNCTION_TAGS = frozenset("vpcrduyxqteo")


@dataclass(frozen=True)
class Asked:
    kind: str                        # "sum", "list", "each", "yes_no", "compare", "most" or "span"
    total: bool = False              # the question asks for a total (一共, 合计…)
    count: int | None = None         # how many items a list question names (哪两所 → 2)
    measure: str | None = None       # 人数, 金额 or 比例 (rivals.asked_measure)
    unit: str = ""                   # the classifier after 多少/几 (多少篇 → 篇), where written
    action: tuple[str, ...] = ()     # the action word and its synonyms (招聘; 新增/增加)
    counted: str = ""                # the thing counted or listed (教师)
    # the other topic words, each group to be found by a part (编制); a group holds words the
    # question joins with 、/和 (国家级、省级、市级媒体), of which a part needs one
    topic: tuple[tuple[str, ...], ...] = ()
    sides: tuple[str, ...] = ()      # the two places or years of a comparison, as written
    items: tuple[str, ...] = ()      # the things an each-of question names (一、二、三等奖 → 一等奖, …);
    #                                  with `total`, a question asking the sum of them
    change: bool = False             # how much something grew or fell is asked (增加了多少家)
    compared: bool = False           # with `items`, the two things compared (建议比提案多多少件)
    parts: tuple[str, ...] = ()      # with `total`, the parts the question names in its own words
    #                                  (南师大招的、公开招聘的 → 去南师大招, 公开招聘): named.py


def read_asked(question: str, tagged: Tagger, named: set[str] | None = None) -> Asked:
    """The composed-answer kind a question asks for, and its frame (see module docstring).
    `named`: the place names the question writes, as the question analysis read them (with the
    reports' own places known); by default those the gazetteer finds on its own."""
    if named is None:
        named = {m.text for m in Gazetteer.load().find(question)}
    # 一二三等奖 as 一、二、三等奖: grades written in a run are grades joined
    question = _GRADE_RUN_RE.sub("、", question)
    frame = _frame(question, tagged, named)
    sides = _sides(question, named)
    if sides and (_COMPARE_RE.search(question, sides.end()) or ASKS_MORE_RE.search(question, sides.end())):
        return Asked("compare", sides=(sides["a"], sides["b"]), measure=asked_measure(question), **frame)
    if MOST_RE.search(question):
        return Asked("most", measure=asked_measure(question), **frame)
    if asks_yes_no(question):
        return Asked("yes_no", **frame)
    kind = expected_type(question)
    # the things named are each counted where 各/分别 asks it, and added where a total is asked of
    # them (人大代表建议和政协提案一共多少件: each one's count, then their sum)
    summed = not counts_each(question) and bool(_TOTAL_RE.search(question))
    # two things compared, not two places (人大代表建议和政协提案哪个多, 建议比提案多多少件): each
    # one's quantity, then the difference; 比 joins them as 和 does
    compared = not sides and bool(_COMPARE_RE.search(question) or ASKS_MORE_RE.search(question))
    words = tagged(question)
    if compared:
        words = [("和", "c") if (w, t) == ("比", "p") else (w, t) for w, t in words]
    items = _items(words, named) if counts_each(question) or summed or compared else ()
    parts = named_parts(question, tagged, named) if summed else ()
    if len(items) > 1 and (not compared or len(items) == 2):
        return Asked("each", total=summed and not compared, items=items, measure=asked_measure(question),
                     compared=compared, parts=parts, **{**frame, "unit": asked_unit(question)})
    if kind == "list" and not counts_each(question):
        return Asked("list", count=stated_count(question), **frame)
    measure = asked_measure(question)
    if kind == "number" and not counts_each(question) and measure not in ("比例", "倍数"):
        # a unit of more than one character (多少公里, 多少万元, 多少人次) is read from the units reports
        # count in: the parts of a total count in its measure (1105万亩 adds to no 公里)
        return Asked("sum", total=bool(_TOTAL_RE.search(question)), measure=measure,
                     change=asks_change(question), parts=parts, **{**frame, "unit": frame["unit"] or asked_unit(question)})
    return Asked("span", measure=measure, change=asks_change(question), **frame)


# what joins the parts a total names: 、/和/及…, and 加上/还有 as people say it (再加上)
_PART_JOINERS = _JOINERS | {"加上", "还有", "跟"}
_CLAUSE_MARKS = frozenset("，,；;：:？?")


def named_parts(question: str, tagged: Tagger, places: set[str]) -> tuple[str, ...]:
    """The parts a question asking a total names, each as written, where it joins two or more:
    the conjuncts of the last clause before the wh-word that joins some (奔牛高中招的硕士加上去安徽
    师大招的新老师，一共多少人 → 奔牛高中招的硕士, 去安徽师大招的新老师). The first runs back to the
    clause's start, less the places and years that open it and a modifier closed by 的 where the
    others have none (今年要新建的省级概念验证中心). Places joined are scope, answered place by
    place: no parts."""
    clauses: list[list[tuple[str, str]]] = [[]]
    quoted = 0
    for w, t in tagged(question):
        quoted += w.count("“") - w.count("”")
        if _WH_RE.match(w) and quoted <= 0:     # 几 of a quoted name (黄河“几字弯”) asks nothing
            break
        if w in _CLAUSE_MARKS or w in _TOTAL_WORDS:
            clauses.append([])
        elif w != "再":
            if w in _PART_JOINERS and not clauses[-1] and len(clauses) > 1:
                clauses.pop()           # …，再加上…: a clause opening with a joiner goes on the one before
            clauses[-1].append((w, t))
    joined = [c for c in clauses if any(w in _PART_JOINERS for w, _ in c[1:-1])]
    if not joined:
        return ()
    clause = joined[-1]
    joints = [n for n, (w, _) in enumerate(clause) if w in _PART_JOINERS]
    # A、B和C: a 、 after the last word joining parts is inside the last one (压减一般性支出和通过
    # 财政事前评估、预算评审压减的资金: two parts)
    said = [n for n in joints if clause[n][0] != "、"]
    joints = [n for n in joints if clause[n][0] != "、" or not said or n < said[-1]]
    of = [n for n, (w, _) in enumerate(clause) if w == "的"]
    if of and not any(n < joints[0] for n in of):
        # 承办、参加和区里开展的比赛及培训: the thing after the last 的 is what each of them is
        clause = clause[:of[-1]]
    conjuncts: list[list[str]] = [[]]
    for n, (w, _) in enumerate(clause):
        if n in joints:
            if conjuncts[-1]:           # 、再加上: one joint
                conjuncts.append([])
        else:
            conjuncts[-1].append(w)
    texts = ["".join(c).removesuffix("的") for c in conjuncts]
    place = "|".join(map(re.escape, sorted(places, key=len, reverse=True))) or "(?!)"
    texts[0] = re.sub(rf"^(?:{place}|{_YEAR}|\d+|[上下]半年|全年|[前去今本明]年|度|在|的)+", "", texts[0])
    if "的" in texts[0] and not any("的" in t for t in texts[1:]):
        texts[0] = texts[0][texts[0].rindex("的") + 1:]
    if any(not re.search(r"[\u4e00-\u9fff]", t) or t in places for t in texts) or len(texts) > 6:
        return ()
    return tuple(texts)


def _sides(question: str, named: set[str]) -> re.Match[str] | None:
    """Two places (each with its year, if written) or two years joined by 和/与/比…, or with what
    is compared between them (天宁支教老师比金坛多), or None."""
    place = "|".join(map(re.escape, sorted(named, key=len, reverse=True)))
    # a side's time may name its part of the year too (金坛2019年秋学期和天宁2025年下半年)
    when = rf"{_YEAR}(?:{_PART_OF_YEAR})?"
    side = rf"(?:(?:{place})(?:{when})?|{when})" if place else when
    return re.search(rf"(?P<a>{side})(?:{_JOIN}|[^，,。？?]{{1,12}}?(?:比|和|与|跟))(?P<b>{side})", question)


def _frame(question: str, tagged: Tagger, places: set[str]) -> dict:
    """action, counted, topic and unit of the question (see Asked); `places` are the place names
    it writes, which are scope, not topic."""
    asking = next((m for m in _WH_RE.finditer(question) if not in_setting(question, m.start(), m.end())), None)
    if asking is None:
        return {"action": (), "counted": "", "topic": (), "unit": ""}
    # cut the question at its wh-word, as jieba may join it to its neighbours (哪三所)
    head, tail = question[:asking.start()], question[asking.end():]
    # a place's name is scope, and so is each word of it (金坛 of 金坛区, cut in two by jieba)
    before, after = (_coordinated(_noun_modifiers([(w, t) for w, t in _tagged_after_count(part, tagged)
                                                   if w.strip() and not _scope_word(w, places)]))
                     for part in (head, tail))
    # 计划建成, 准备新建: an intention to do what follows, no topic a passage must write
    words = [(w, t) for n, (w, t) in enumerate(before + after) if not _intending(before + after, n)]
    # 多少名, 几所; and 多少人, which jieba reads as a noun (招聘的教师多少人, 多少人获奖): a head count
    unit = after[0][0] if after and (after[0][1] in _CLASSIFIER_TAGS and len(after[0][0]) == 1
                                     or after[0][0] == "人") else ""
    after = after[1:] if unit else after
    # a verb rather than a verbal noun (获得 of 获得艺术比赛一等奖, not 比赛); a verbal noun where
    # the question writes no verb (投用 of 建成投用)
    verbs, after_verbs = (_verbs(_outside_settings(before)), _verbs(after))
    if verbs and not _true_verbs(before) and _true_verbs(after[:1]):
        # 机器人竞赛一共有多少人获奖: the verb right after the count is the action, 竞赛 a verbal noun
        # (not 创新 of 哪些产业创新平台, inside what is asked)
        verbs = []
    action = verbs[-1] if verbs else (after_verbs[0] if after_verbs else "")
    # what is counted may be a word jieba tags a place or locality (几所高中: 高中 s, 初中 f)
    content = [w for w, t in after if (_content(w, t) or t in ("s", "f") and len(w) > 1) and w != action]
    counted = content[0] if content and not verbs else (content[-1] if content else "")
    if not content and len(before) > 1 and before[-1][0] in _COPULAS and before[-2][1].startswith("n"):
        counted = before[-2][0]      # 招的老师是多少: the noun the copula asks of is what is counted
    elif not content and unit and before and before[-1][1].startswith("n"):
        counted = before[-1][0]      # 招聘的教师多少人: the noun the count follows
    # words the question joins with 、/和/及 are alternatives, one for each part (国家级、省级、市级媒体)
    groups: list[list[str]] = []
    joined = False
    for w, t in _compounds(_shared_head(words)):
        if w in _JOINERS:
            joined = bool(groups)
        elif _content(w, t) and w not in (action, counted, unit) and not _WH_RE.match(w):
            if joined:
                groups[-1].append(w)
            else:
                groups.append([w])
            joined = False
        else:
            joined = False
    actions = _LIGHT_VERBS if action in _LIGHT_VERBS else (action, *SYNONYMS.get(action, ())) if action else ()
    return {"action": actions, "counted": counted,
            "topic": tuple(dict.fromkeys(tuple(g) for g in groups)), "unit": unit}


def _intending(words: list[tuple[str, str]], n: int) -> bool:
    """words[n] says that what the verb after it says is intended (计划建成); not a plan that is
    or has something (武进的计划有哪些目标)."""
    after = words[n + 1] if n + 1 < len(words) else ("", "")
    return words[n][0] in _INTENDING and after[1] in VERB_TAGS and after[0] not in _COPULAS


def _outside_settings(words: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """The words outside a setting 在…里/中/上 (在…经验展评里一共有几篇获奖: 展评 is where, not what was
    done); all of them where a 在 is not closed so."""
    out, inside = [], False
    for w, t in words:
        if w == "在" and t == "p":
            inside = True
        elif inside and w in _SETTING_ENDS:
            inside = False
        elif not inside:
            out.append((w, t))
    return words if inside else out


def _true_verbs(words: list[tuple[str, str]]) -> list[str]:
    return [w for w, t in words if t in VERB_TAGS and w not in _ASKING_WORDS]


def _verbs(words: list[tuple[str, str]]) -> list[str]:
    """The verbs of `words`, else their verbal nouns (竞赛 vn)."""
    return _true_verbs(words) or [w for w, t in words if t.startswith("v") and w not in _ASKING_WORDS]


def _tagged_after_count(text: str, tagged: Tagger) -> list[tuple[str, str]]:
    """The words of `text`, its measure word apart where jieba joins it to the next character into
    no noun (几所新市民学校: 所 | 新 市民 学校, not 所新)."""
    words = tagged(text)
    if words and text[:1] in _MEASURE_CHARS and len(words[0][0]) > 1 and not words[0][1].startswith("n"):
        return [(text[0], "q")] + tagged(text[1:])
    return words


def _scope_word(word: str, places: set[str]) -> bool:
    """A place named, a word of one (金坛 of 金坛区), or a year: scope, not topic."""
    return word in places or len(word) > 1 and any(word in p for p in places) \
        or re.fullmatch(rf"{_YEAR}|\d+|年", word) is not None


def _items(words: list[tuple[str, str]], places: set[str]) -> tuple[str, ...]:
    """The things a question joins with 、/和/及 (一、二、三等奖各有几人 → 一等奖, 二等奖, 三等奖).

    The last thing runs on over the nouns after it (市级 媒体); each earlier one takes as many
    words before its joiner, where they are nouns (幼儿园 学位 和 中小学 学位). A last word all
    of them share is the thing counted, not what tells them apart (学位), and a one-character
    thing shares the rest of the last one (一 → 一等奖, 省 → 省级). Places and years are scope:
    a question joining them asks of each place, which is answered place by place."""
    joins = [i for i, (w, _) in enumerate(words) if w in _JOINERS]
    if not joins:
        return ()
    words = _parallel_heads(words, joins)
    end = joins[-1] + 1
    while end < len(words) and _word_of_thing(words[end]):
        end += 1
    conjuncts = [words[joins[-1] + 1:end]]
    for j in reversed(joins):
        before = joins[joins.index(j) - 1] if j != joins[0] else -1
        between = words[before + 1:j]
        if before >= 0 and between and all(map(_word_of_thing, between)):
            conjuncts.insert(0, between)
            continue
        left = j
        while left > before + 1 and j - left < len(conjuncts[-1]) and _word_of_thing(words[left - 1]):
            left -= 1
        conjuncts.insert(0, words[left:j])
        break
    if any(not c for c in conjuncts):
        return ()
    texts = ["".join(w for w, _ in c) for c in conjuncts]
    if any(re.search(rf"{_YEAR}|\d", t) or any(p in t for p in places) for t in texts):
        return ()
    shared = {c[-1][0] for c in conjuncts}
    if len(shared) == 1 and all(len(c) > 1 for c in conjuncts):
        texts = [t[:-len(conjuncts[0][-1][0])] for t in texts]
    head = texts[-1]
    texts = [t + head[1:] if len(t) == 1 and len(head) > 1 else t for t in texts]
    return tuple(dict.fromkeys(texts)) if len(set(texts)) == len(texts) else ()


def _parallel_heads(words: list[tuple[str, str]], joins: list[int]) -> list[tuple[str, str]]:
    """A word that closes a conjunct and the one after it (国家级报道和省级报道) is the head of both,
    a noun whatever jieba tags it (it tags 报道 a verb)."""
    out = list(words)
    for j in joins:
        head = words[j - 1][0] if j > 0 else None
        if head and any(w == head for w, _ in words[j + 2:j + 4]):
            out = [(w, "n") if w == head else (w, t) for w, t in out]
    return out


def _word_of_thing(tagged: tuple[str, str]) -> bool:
    """A word a named thing can hold: no verb, function word, measure or date, but a Chinese
    numeral (一、二、三等奖) and a two-character place word (初中, which jieba tags as one)."""
    word, tag = tagged
    if word in _ASKING_WORDS or _WH_RE.match(word):
        return False
    if tag[:1] == "m":
        return re.fullmatch("[一二三四五六七八九十两]+", word) is not None
    if tag[:1] == "f":
        return len(word) > 1
    return tag == "vn" or tag[:1] not in _FUNCTION_TAGS


def _shared_head(words: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """Two things joined with the same head written twice (灯塔工厂和智能工厂) as the head written
    once after both (灯塔和智能工厂): the modifiers are the alternatives, the head is shared."""
    out = list(words)
    for j in range(len(words) - 3, 1, -1):      # from the end, so deleting keeps earlier indices
        if words[j][0] in _JOINERS and words[j - 1][0] == words[j + 2][0]:
            del out[j - 1]
    return out


def _coordinated(words: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """Words 和/与/及/、 join are alike: a verb joined to a noun names a thing (演出和赛事, which
    jieba tags a verb and a noun), so it is no action."""
    out = list(words)
    for j in range(1, len(words) - 1):
        if words[j][0] in _JOINERS:
            (left, lt), (right, rt) = words[j - 1], words[j + 1]
            if lt == "v" and rt[:1] == "n":
                out[j - 1] = (left, "n")
            elif rt == "v" and lt[:1] == "n":
                out[j + 1] = (right, "n")
    return out


def _noun_modifiers(words: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """An adverb jieba tags right before a noun modifies the noun (高速 of 高速通车里程, which it
    tags an adverb): adverbs qualify verbs and adjectives, so there it is a modifier."""
    return [(w, "b") if t == "d" and len(w) > 1 and w not in STOPWORDS and n + 1 < len(words)
            and words[n + 1][1][:1] == "n" else (w, t) for n, (w, t) in enumerate(words)]


def _compounds(words: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """A one-character modifier joined to the word it qualifies (新 + 优质 → 新优质): the report's
    words are matched whole, and 优质 alone would also find 优质学校 for 新优质学校."""
    out: list[tuple[str, str]] = []
    for w, t in words:
        if out and len(out[-1][0]) == 1 and out[-1][1][:1] in ("a", "b") and _content(w, t):
            out[-1] = (out[-1][0] + w, t)
        else:
            out.append((w, t))
    return out


def _content(word: str, tag: str) -> bool:
    # eng: a Latin acronym (GDP, STEM) names a thing as any noun does
    # a tense word (打算, 准备, 已经) says when, not what: no part need write it
    if word in MODAL_WORDS:
        return False
    return (tag[:1] in ("n", "v", "a", "b") or tag in ("vn", "l", "i", "j", "eng")) and word not in STOPWORDS \
        and word not in _ASKING_WORDS and len(word) > 1 or (tag == "n" and len(word) == 1 and word not in _ASKING_WORDS
                                                             and word not in STOPWORDS)
