"""Whole lists: 哪些/哪几/哪两… answered with every item, numbered, each quoted.

The reader's span is grown over its enumeration already (reader/enumeration.py); here it is
cut into its items (at 、, and at the 和/及/与 before the last item of an A、B和C list), and
the rest of the stretch (frames.py) is searched for other sentences that list more of the same
under the same frame (the same action and topic words): a list may run over sentences.
"""
from __future__ import annotations

import re
from dataclasses import replace

from qa.compose.asks import Asked, Tagger
from qa.compose.frames import Words, in_frame, place, stretch, word_ends
from qa.compose.parts import composed
from qa.reader.decode import CLOSERS, PAIRS
from qa.reader.enumeration import _ITEM_HEAD_RE, _ITEM_TAIL_RE, ITEM_BREAK_RE
from qa.retriever.terms import VERB_TAGS
from qa.schema import Answer

_LAST_JOIN_RE = re.compile("以及|及|和|与")
# 分别/分获 pair a list with the one after it (鸣珂巷幼教集团、实小集团分获省、市“四有好教师”团队):
# the list before it ends there
_RESPECTIVELY_RE = re.compile("分别|分获|分列|各获|各自")
_QUOTES = "“”\"'「」《》 "


def items(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The items of the list text[start:end]: cut at 、 or between two quoted names, and the last
    one at 和/及 when the list has a 、 (A、B和C); a span with neither is one item. A list the span
    runs on past into the one 分别 pairs it with ends at the 分别."""
    paired = _RESPECTIVELY_RE.search(text, start, end)
    if paired and "、" in text[start:paired.start()]:
        end = paired.start()
    cuts, begin = [], start
    for m in ITEM_BREAK_RE.finditer(text[start:end]):
        cuts.append((begin, start + m.start()))
        begin = start + m.end()
    last = (begin, end)
    if cuts and text[begin] in PAIRS and all(text[b - 1] in CLOSERS for _, b in cuts):
        # a run of quoted names ends with its last name (“安全管理”“食堂管理”五大方面: not 五大方面)
        close = text.find(PAIRS[text[begin]], begin + 1, end)
        last = (begin, close + 1) if close > 0 else last
    if cuts:
        join = None
        for m in _LAST_JOIN_RE.finditer(text, *last):
            if not _quoted_at(text, last[0], m.start()):     # “辉煌——为共和国喝彩” is one name
                join = m
        if join is not None and join.start() > last[0]:
            cuts.append((last[0], join.start()))
            last = (join.end(), end)
    cuts.append(last)
    if len(cuts) > 1 and text[cuts[0][1] - 1] in CLOSERS and text[cuts[0][1]] == "“":
        # a run of quoted names (做好“强城”“兴村”“融合”): the first item is its quoted name, not the lead
        opened = text.rfind(CLOSERS[text[cuts[0][1] - 1]], cuts[0][0], cuts[0][1])
        cuts[0] = (max(opened, cuts[0][0]), cuts[0][1])
    return [trim_item(text, a, b) for a, b in cuts if b > a]


def _quoted_at(text: str, a: int, i: int) -> bool:
    """text[i] lies inside a quote or bracket opened after `a` and not closed before it."""
    depth = 0
    for ch in text[a:i]:
        depth += ch in PAIRS
        depth -= ch in CLOSERS and depth > 0
    return depth > 0


def after_action(text: str, a: int, b: int, asked: Asked, words: Words | None = None) -> int:
    """Where the listed things start in text[a:b]: after the action asked, where the stretch
    writes it (组织教师参加省总工会…知识竞赛 → 省总工会…知识竞赛), else at `a`; with `words` (jieba),
    after the whole word the action is written in (办 of 办好国际乒联…世界杯 → 国际乒联…)."""
    for act in asked.action:
        i = text.find(act, a, b)
        if i >= 0 and i + len(act) < b:
            at = i + len(act)
            end = next((e for e in word_ends(text, a, b, words) if e >= at), at) if words else at
            return end if end < b else at
    return a


def counted_pair(text: str, a: int, b: int) -> list[tuple[int, int]]:
    """The two things text[a:b] joins with 和/及 where a count of several closes it (良常中学和西城
    实验幼儿园等8所学校: two of the eight named); [(a, b)] where it joins none."""
    joins = [m for m in _LAST_JOIN_RE.finditer(text, a, b) if m.group() in ("和", "及", "以及")
             and not _quoted_at(text, a, m.start())]
    if len(joins) != 1 or joins[0].start() - a < 2 or b - joins[0].end() < 2:
        return [(a, b)]
    return [trim_item(text, a, joins[0].start()), trim_item(text, joins[0].end(), b)]


def trim_item(text: str, a: int, b: int) -> tuple[int, int]:
    """The item without the quotes and spaces at its edges, but those it closes or opens inside
    (“红烛”服务驿站 stays whole; 《规划》 too), but an item that is one quoted name (“责任清单”) loses them."""
    if b - a > 2 and text[a] in PAIRS and text.find(PAIRS[text[a]], a + 1, b) == b - 1 and text[a] != "《":
        a, b = a + 1, b - 1
    while a < b and text[a] in _QUOTES and not (text[a] in PAIRS and PAIRS[text[a]] in text[a + 1:b]):
        a += 1
    while b > a and text[b - 1] in _QUOTES and not (text[b - 1] in CLOSERS and CLOSERS[text[b - 1]] in text[a:b - 1]):
        b -= 1
    return a, b


_SENTENCE_RE = re.compile("[^。！？!?]+")


def more_items(text: str, start: int, end: int, asked: Asked, words: Words) -> list[tuple[int, int]]:
    """Items listed by other sentences of the span's stretch under the same frame."""
    lo, hi = stretch(text, start)
    own = place(text, start, end).sentence
    out = []
    for m in _SENTENCE_RE.finditer(text, lo, hi):
        if not own[0] <= m.start() < own[1]:
            out += framed_items(text, m.start(), m.end(), asked, words)
    return out


def framed_items(text: str, a: int, b: int, asked: Asked, words: Words) -> list[tuple[int, int]]:
    """The items the sentence text[a:b] lists with 、 where the rest of their clause says the
    question's frame (its action and topic words); [] where it lists none or says another."""
    if "、" not in text[a:b]:
        return []
    first = text.find("、", a, b)
    where = place(text, first, first + 1)
    # the items are what is asked; the rest of their clause must say the frame
    clause = replace(where, item=where.clause)
    if not asked.topic and not asked.action or not in_frame(text, clause, where.clause[0], asked, words):
        return []
    c0, c1 = where.clause
    head = _ITEM_HEAD_RE.match(text, c0, c1)
    c0 = head.end() if head else c0
    c0 = after_action(text, c0, first, asked)     # 建成投用省武高新校区、…
    tail = _ITEM_TAIL_RE.search(text, text.rfind("、", c0, c1) + 1, c1)
    found = items(text, c0, tail.start() if tail else c1)
    return found[:-1] + [_like_the_others(text, found, words)]


def sentences_of(text: str, lo: int, hi: int) -> list[tuple[int, int]]:
    """(start, end) of each sentence of text[lo:hi], its closing mark left out."""
    return [m.span() for m in _SENTENCE_RE.finditer(text, lo, hi)]


def without_predicate(text: str, found: list[tuple[int, int]], tagged: Tagger) -> list[tuple[int, int]]:
    """The items up to the first one, after the first, that is longer than every item before it
    and where the clause's predicate starts unmarked: the first verb, preposition, time word or
    digit (jieba) after a noun (雅居乐幼儿园9月投入使用 → 雅居乐幼儿园), that item cut there (西湖大学
    牵头建设全国重点实验室、实现省属高校… → 西湖大学: what follows is no item). Unchanged otherwise,
    where items after it open on no verb (a predicate ends the list, so items after it say the verb
    was inside a name: 薄弱初中质量提升工程、小学特色文化建设; 智能网联汽车、智能机器人、…; 西湖大学牵头
    建设…、实现省属高校… is cut), and
    where it ends on the word an item before it ends on (滆湖路小学、西园九年一贯制学校: one kind of thing)."""
    for n, (a, b) in enumerate(found[1:], 1):
        longest = max(y - x for x, y in found[:n])
        if b - a <= longest or (found[n + 1:] and all(tagged(text[x:y])[0][1] not in VERB_TAGS
                                                      for x, y in found[n + 1:])):
            continue
        if any(text[a:b].endswith(tagged(text[x:y])[-1][0]) for x, y in found[:n] if y > x):
            continue        # it ends on the word an item before it ends on (…学校、西园九年一贯制学校)
        at, seen_noun, before = a, False, ""
        for word, tag in tagged(text[a:b]):
            # a number in digits (9月), never an ordinal of a name (奔牛第二实验小学, 京东方第8.6代线)
            if seen_noun and (tag in VERB_TAGS + ("p", "t") or (word[:1].isdigit() and not before.endswith("第"))) \
                    and not _quoted_at(text, a, at):          # a quoted name is no predicate (“辉煌——为共和国喝彩”)
                return found[:n] + [(a, at)]
            seen_noun = seen_noun or tag[:1] == "n"
            at, before = at + len(word), word
    return found


def with_shared_head(text: str, found: list[tuple[int, int]], words: Words) -> list[tuple[int, int]]:
    """The last item grown to the head word every other item ends with, where its clause writes
    that word shortly after it (杭州职业技术大学、宁波 + 职业技术大学获批升本 → 宁波职业技术大学): items
    of one list name things of one kind. Unchanged otherwise."""
    if len(found) < 2:
        return found
    heads = {words(text[a:b])[-1] for a, b in found[:-1] if b > a}
    a, b = found[-1]
    if len(heads) != 1 or text[a:b].endswith(head := heads.pop()):
        return found
    at = text.find(head, b, b + 12)
    if at < 0 or re.search(r"[、，,。；;：:]", text[b:at]):
        return found
    return found[:-1] + [(a, at + len(head))]


def _like_the_others(text: str, found: list[tuple[int, int]], words: Words) -> tuple[int, int]:
    """The last item cut to as many words as the longest other item: the clause's predicate
    follows it unmarked (建昌小学积极做好… → 建昌小学)."""
    *others, (a, b) = found
    longest = max((len(words(text[x:y])) for x, y in others), default=0)
    kept = words(text[a:b])[:longest] if longest else [text[a:b]]
    return a, a + sum(len(w) for w in kept)


# 建成投用了几所学校: a count written before the thing it counts, which a list of those things answers
# (people are listed by name rarely, and 多少名学生 would read 名学生 as the thing)
_COUNT_OF_RE = re.compile(r"(?:多少|几)(?P<unit>[个所家项座条件门处])(?P<thing>[\u4e00-\u9fff]{2,})")


def list_question(question: str) -> tuple[str, str] | None:
    """(the question asking for the things a count asks of, the count's unit): 武进要建成投用几所
    学校 → (武进要建成投用哪些学校, 所); None where no count is asked of a thing it names."""
    m = _COUNT_OF_RE.search(question)
    if not m or m["thing"].startswith(("万", "亿", "千", "百")):
        return None
    return question[:m.start()] + "哪些" + question[m.start("thing"):], m["unit"]


def counted(listed: Answer, unit: str) -> Answer | None:
    """A count answered by the list it counts, where the report lists the things and gives no
    number (建成投用省武高新校区、人民路初中…礼嘉中心幼儿园 → 共5所：…), each item a part. None where
    there is no whole list, an item is no name, the report closes it with 等 (it names only some),
    or the list was found by its frame alone (framed_list)."""
    if listed.abstained or listed.answer_kind != "list" or len(listed.parts) < 2 or "framed_list" in listed.trace:
        return None         # a list no span of the reader backs is read as a list, never counted
    if any(re.search(r"\d", p.answer) for p in listed.parts):
        return None         # an item with a figure in it is a clause (投入12亿元实施…), not a thing named
    last = listed.parts[-1]
    c = last.citations[0] if last.citations else None
    if c is None or last.answer_end is None or c.text[last.answer_end - c.start:].lstrip("”」》").startswith("等"):
        return None
    return composed(listed, "sum", f"共{len(listed.parts)}{unit}：" + "、".join(p.answer for p in listed.parts),
                    listed.parts)
