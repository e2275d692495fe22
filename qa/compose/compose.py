"""The composed answer for a question whose reader answer is one span (or none): a total with
its parts, a whole list, each named thing's own quantity, or a yes/no verdict (compare.py
answers comparisons). An answer the question does not ask to compose, or cannot be composed,
is returned unchanged."""
from __future__ import annotations

import re
from dataclasses import replace

from index.storage import Store
from qa.compose.asks import Asked, Tagger
from qa.compose.change import change_answer
from qa.compose.compare import comparable, judged
from qa.compose.each import acts, find_each
from qa.compose.frames import Words, in_frame, place, says_another_action, stretch, word_ends, writes
from qa.compose.named import find_named
from qa.compose.lists import (after_action, counted_pair, framed_items, items, more_items, sentences_of, trim_item,
                              with_shared_head, without_predicate)
from qa.compose.parts import composed, part
from qa.compose.quantities import parse_quantity, total_or_none
from qa.compose.totals import find_total, framed_quantities, label, parts_follow
from qa.compose.verdicts import UNSTATED, verdict
from qa.reader.enumeration import _ITEM_TAIL_RE
from qa.reader.rivals import written_with
from qa.reader.units import quantities
from qa.retriever.terms import KINDS
from qa.schema import Answer, Citation


def compose(answer: Answer, asked: Asked, store: Store, words: Words, tagged: Tagger, passages: int,
            rescue: bool, steps_off: frozenset[str] = frozenset()) -> Answer:
    """`answer` composed as `asked` says; `words` segments text and `tagged` tags its words (jieba).
    `passages` is how many of its citations the reader read; `rescue` says a declined answer was
    declined only for want of a trusted span, so a total its passages state may still answer it,
    or the one quantity they state in the question's frame (_one_framed). `steps_off` names the
    steps not taken (steps.STEPS: framed_quantity, asked_part)."""
    if asked.change and not answer.abstained and answer.answer_start is not None and answer.citations:
        # 从518家增加到731家 answers 增加了多少 with the difference, not with 731家
        changed = change_answer(answer, store)
        if changed is not None:
            return changed
    if asked.parts and "named_parts" not in steps_off:
        named = _named(answer, asked, store, tagged, passages, rescue)
        if named is not None:
            return named
    if asked.kind == "sum":
        return _sum(answer, asked, store, words, tagged, passages, rescue, steps_off)
    if asked.kind == "each":
        each = _each(answer, asked, store, passages, rescue)
        if each is answer and asked.total:
            # fewer than two of the things named are found each on its own: a total as any other
            return _sum(answer, replace(asked, kind="sum", items=()), store, words, tagged, passages, rescue,
                        steps_off)
        return each
    if asked.kind == "list" and rescue and answer.abstained and "framed_list" not in steps_off:
        return _framed_list(answer, asked, store, words, tagged, passages)
    if answer.abstained or answer.answer_start is None or not answer.citations:
        return answer
    if asked.kind == "list":
        return _list(answer, asked, store, words, tagged)
    if asked.kind == "yes_no":
        return _yes_no(answer, store)
    return answer


def _places(answer: Answer, passages: int, rescue: bool) -> list[tuple[str, int]]:
    """Where in which document to look for the parts: at the reader's answer, or, for an answer
    declined for want of a trusted span (`rescue`), all along the passages the reader read."""
    if not answer.abstained and answer.answer_start is not None and answer.citations:
        return [(answer.citations[0].doc, answer.answer_start)]
    if rescue:
        return [(c.doc, c.start + i) for c in answer.citations[:passages] for i in range(0, len(c.text), 40)]
    return []


def _sum(answer: Answer, asked: Asked, store: Store, words: Words, tagged: Tagger, passages: int,
         rescue: bool, steps_off: frozenset[str]) -> Answer:
    places = _places(answer, passages, rescue)
    if places and not answer.abstained and not _framed(answer, asked, store, words):
        # the reader's span is of another thing than the one asked (21位老师成为…成员 for 招的老师):
        # the one part of it the question asks answers instead, else a total the passages read state
        one = None if "asked_part" in steps_off else _stated_part(answer, asked, store, words, tagged)
        if one is not None:
            return one
        places += _places(replace(answer, abstained=True), passages, True)
    seen = set()
    for doc, at in places:
        text = store.documents[doc].text
        found = find_total(text, at, asked, words, tagged)
        key = found and (doc, found.parts[0].start)
        if found is None or key in seen:
            continue
        seen.add(key)
        if len(found.parts) == 1 and not found.stated:
            # a topic word of the question picks one part out of several: that part answers, in the
            # list the reader's span is in (elsewhere the reader found nothing to trust)
            if answer.abstained or (doc, at) != places[0] or "asked_part" in steps_off:
                continue
            f = found.parts[0]
            if (f.start, f.end) == (answer.answer_start, answer.answer_end):
                return answer           # the reader's own span, with its own confidence
            return _quoted(answer, doc, f.start, f.end, _citing(answer, doc, f.start), store, "asked_part")
        shown = ([found.stated] if found.stated else []) + found.parts
        pieces = [part(answer.question, store, doc, f.start, f.end,
                       "合计" if f is found.stated else label(text, f), answer.citations) for f in shown]
        listed = "、".join(p.label + p.answer for p in pieces if p.label != "合计")
        head = f"共{found.total.text}"
        if found.stated and sum(f.quantity.value for f in found.parts) != found.total.value:
            return composed(answer, "sum", f"{head}，其中{listed}", pieces)
        return composed(answer, "sum", f"{head}：{listed}", pieces)
    if "framed_quantity" not in steps_off and rescue and answer.abstained:
        return _one_framed(answer, asked, store, words, tagged, passages)
    return answer


def _named(answer: Answer, asked: Asked, store: Store, tagged: Tagger, passages: int, rescue: bool) -> Answer | None:
    """The total of the parts the question names (named.py), from the stretch of the reader's
    answer, else from the first stretch of the passages read that gives every part its own."""
    places = _places(answer, passages, rescue)
    if places and not answer.abstained:
        places += _places(replace(answer, abstained=True), passages, True)
    seen = set()
    for doc, at in places:
        text = store.documents[doc].text
        if (doc, stretch(text, at)) in seen:
            continue                    # the passages are read every 40 characters: one stretch once
        seen.add((doc, stretch(text, at)))
        found = find_named(text, at, asked, answer.question, tagged)
        if found is not None:
            pieces = [part(answer.question, store, doc, f.start, f.end, label(text, f), answer.citations)
                      for f in found.parts]
            listed = "、".join(p.label + p.answer for p in pieces)
            return composed(answer, "sum", f"共{found.total.text}：{listed}", pieces)
    return None


def _one_framed(answer: Answer, asked: Asked, store: Store, words: Words, tagged: Tagger,
                passages: int) -> Answer:
    """A question the reader found no span it trusts for, where the passages it read state one
    quantity, and only one, in the question's frame (the asked action and topic words around
    it, the asked measure, the counted thing in its clause): that quantity, quoted. The frame
    is read from the text; the reader's score says how sure it is of a span, not whether the
    report states the fact."""
    found: dict[tuple[str, int, int], Citation] = {}
    for c in answer.citations[:passages]:
        text = store.documents[c.doc].text
        for f in framed_quantities(text, c.start, c.end, asked, words, tagged):
            # the thing counted written by the quantity too: 新增团员600名 counts no 少先队员
            if (not asked.counted or writes(text[slice(*f.where.clause)], asked.counted, words)) \
                    and not _counts_the_acting(text, f.where.clause, asked, tagged):
                found.setdefault((c.doc, f.start, f.end), c)
    if len(found) != 1:
        return answer
    (doc, a, b), c = found.popitem()
    return _quoted(answer, doc, a, b, c, store, "framed_quantity")


def _counts_the_acting(text: str, clause: tuple[int, int], asked: Asked, tagged: Tagger) -> bool:
    """The clause says what the things it counts did, an action the question does not ask, and
    nothing else of the question (钟楼有多少所小学: 2所小学完成…创建自评 counts the schools that did
    so, not the schools; 区金种子教师团队25名教师聚焦… is the team asked, whatever it does)."""
    written = text[slice(*clause)]
    topic = [w for group in asked.topic for w in group]
    if asked.action or any(w in written for w in topic):
        return False
    return says_another_action(written, asked.counted + "".join(topic), tagged)


def _stated_part(answer: Answer, asked: Asked, store: Store, words: Words, tagged: Tagger) -> Answer | None:
    """Where the reader's span is a total the report breaks down (共接收124名…，其中义务教育阶段113名)
    and the question's frame holds one of its parts only (义务教育阶段…有多少): that part; else None."""
    c = answer.citations[0]
    text = store.documents[c.doc].text
    where = place(text, answer.answer_start, answer.answer_end)
    if not parts_follow(text, where.clause[1]):
        return None
    lo, hi = where.sentence
    found = [f for f in framed_quantities(text, lo, hi, asked, words, tagged) if f.start >= answer.answer_end]
    if len(found) != 1:
        return None
    return _quoted(answer, c.doc, found[0].start, found[0].end, c, store, "asked_part")


def _citing(answer: Answer, doc: str, at: int) -> Citation:
    """The citation of `answer` whose passage holds offset `at` of `doc`, else its first of `doc`."""
    of_doc = [c for c in answer.citations if c.doc == doc]
    return next((c for c in of_doc if c.start <= at < c.end), of_doc[0] if of_doc else answer.citations[0])


def _quoted(answer: Answer, doc: str, a: int, b: int, c: Citation, store: Store, step: str) -> Answer:
    """`answer` as the quantity doc[a:b], quoted from the passage `c`, which comes first; `step`
    names the step that chose it."""
    return replace(answer, answer=store.documents[doc].text[a:b], answer_kind="span", abstained=False,
                   reason=None, answer_start=a, answer_end=b, confidence=None, trace=[step],
                   citations=[c] + [x for x in answer.citations if x is not c])


def _framed(answer: Answer, asked: Asked, store: Store, words: Words) -> bool:
    """The reader's span answers the question's frame (frames.in_frame: its clause or its
    sentence's lead writes the action, its item or that lead each topic word)."""
    text = store.documents[answer.citations[0].doc].text
    where = place(text, answer.answer_start, answer.answer_end)
    return in_frame(text, where, where.clause[0], asked, words)


def _each(answer: Answer, asked: Asked, store: Store, passages: int, rescue: bool) -> Answer:
    """Each named thing's quantity: from the stretch the reader's answer is in, then, for a thing
    not stated there, from a clause of the passages read that writes the asked action too."""
    places = _places(answer, passages, rescue)
    if places and not answer.abstained:
        places += _places(replace(answer, abstained=True), passages, True)
    own = {(answer.citations[0].doc, answer.answer_start)} if places and not answer.abstained else set()
    found: dict[str, tuple[str, tuple[int, int]]] = {}
    for doc, at in places:
        text = store.documents[doc].text
        for e in find_each(text, at, asked.items, asked.unit):
            if e.span and e.item not in found and ((doc, at) in own or acts(text, e.span, asked.action)) \
                    and (doc, e.span) not in found.values():
                found[e.item] = (doc, e.span)
        if len(found) == len(asked.items):
            break
    if len(found) < 2:
        return answer
    pieces = [part(answer.question, store, found[i][0], *found[i][1], i, answer.citations)
              for i in asked.items if i in found]
    listed = "、".join(p.label + p.answer for p in pieces)
    missing = [i for i in asked.items if i not in found]
    if missing:
        listed += f"（报告未写明{'、'.join(missing)}的数）"
    elif asked.compared:
        # compared only as one sentence states both, each under its own name: a thing cut badly
        # from the question (教师 of 中小学备案聘用教师比幼儿园…) is found in another's (幼儿园…教师250名)
        if len(_sentences(found, store)) > 1 or _crossed(found, store):
            return answer
        values = [comparable(p.answer) for p in pieces]
        if all(values):
            shown = judged(answer.question, "，".join(p.label + p.answer for p in pieces),
                           *[(p.label, v) for p, v in zip(pieces, values)])
            return composed(answer, "compare", shown, pieces)
    elif asked.total:
        # added only as one sentence states them: things named alike in two sentences may be of two
        # events (一等奖 of one contest, 二等奖 of another)
        summed = total_or_none([parse_quantity(p.answer) for p in pieces]) if len(_sentences(found, store)) == 1 else None
        if summed is not None:
            return composed(answer, "sum", f"共{summed.text}：{listed}", pieces)
    return composed(answer, "list", listed, pieces)


def _crossed(found: dict[str, tuple[str, tuple[int, int]]], store: Store) -> bool:
    """A thing's quantity is written with another thing's name (教师 found in 幼儿园备案聘用教师250名
    where 幼儿园 is the other), or one thing names the other: no two things told apart."""
    names = list(found)
    return any(a != b and (a in b or b in written_with(store.documents[found[a][0]].text, *found[a][1]))
               for a in names for b in names)


def _sentences(found: dict[str, tuple[str, tuple[int, int]]], store: Store) -> set:
    """The sentences the named things' quantities were found in."""
    return {(d, place(store.documents[d].text, *span).sentence) for d, span in found.values()}


_ASKS_WHICH_RE = re.compile(r"哪|什么")


def _list(answer: Answer, asked: Asked, store: Store, words: Words, tagged: Tagger) -> Answer:
    doc = answer.citations[0].doc
    text = store.documents[doc].text
    # the things listed follow the action where the question asks its object (参加了哪些招商活动, not
    # 哪些高校牵头建设…, which asks its subject) and the span writes it past a 、 with a list after it
    # (有针对性、有导向性地参加西博会、西洽会…): what is before it is another list. Not a light verb read
    # for it (组织 of 党内组织生活规范工程 for 实施); an action in the first item is cut from it below
    asking = _ASKS_WHICH_RE.search(answer.question)
    written = replace(asked, action=tuple(a for a in asked.action
                                          if asking and 0 <= answer.question.find(a) < asking.start()))
    start = after_action(text, answer.answer_start, answer.answer_end, written)
    if "、" not in text[answer.answer_start:start] or "、" not in text[start + 1:answer.answer_end]:
        start = answer.answer_start
    whole = items(text, start, answer.answer_end)
    found = _closed(text, whole, words)
    # a count closing the list (…等8所学校) says how many there are of which these are named
    of_all = quantities(text, found[-1][1], whole[-1][1]) if found and whole else []
    if len(whole) == 1 and found and found[0] != whole[0]:
        found = counted_pair(text, *found[0])     # one item, closed by a count (…等8所): several named
    if not (asked.count and len(found) == asked.count):
        # as many items as the question says (十大未来产业): whole, a verb to jieba inside one (具身) no predicate
        found = without_predicate(text, found, tagged)
    found = _without_asked_frame(text, with_shared_head(text, found, words), answer.question, tagged)
    if found:
        a, b = found[0]
        found[0] = trim_item(text, _after_lead_in(text, after_action(text, a, b, asked, words), b, [], tagged), b)
    found += [i for i in more_items(text, answer.answer_start, answer.answer_end, asked, words) if i not in found]
    if len(found) < 2:
        return answer
    pieces = [part(answer.question, store, doc, a, b, str(n), answer.citations)
              for n, (a, b) in enumerate(found, 1)]
    listed = _numbered(pieces)
    if asked.count and asked.count != len(pieces):
        listed += f"（问的是{asked.count}项，报告此处列出{len(pieces)}项）"
    elif of_all and (count := parse_quantity(text[slice(*of_all[0])])) and count.value > len(pieces):
        listed += f"（报告此处列出其中{len(pieces)}项，共{count.text}）"
    return composed(answer, "list", listed, pieces)


def _framed_list(answer: Answer, asked: Asked, store: Store, words: Words, tagged: Tagger, passages: int) -> Answer:
    """A list question the reader found no span it trusts for, where one sentence of the passages
    it read lists things with 、 in the question's frame (…岸头佳园幼儿园、直溪镇中心幼儿园和儒林幼儿园等在建
    项目 for 在建的幼儿园有哪些): those items, or of them the ones of the kind asked where two or more
    are (not 江苏省华罗庚高级中学滨湖校区). As _one_framed, the frame is read from the text."""
    found: dict[tuple[str, tuple[tuple[int, int], ...]], None] = {}
    for c in answer.citations[:passages]:
        text = store.documents[c.doc].text
        for a, b in sentences_of(text, c.start, c.end):
            # the action as asked, not a word said the same (新建 as 建设 of 基础设施建设): no span backs it
            listed = _closed(text, framed_items(text, a, b, replace(asked, action=asked.action[:1]), words), words)
            if len(listed) > 1:
                found[(c.doc, tuple(listed))] = None
    if len(found) != 1:
        return answer
    doc, listed = next(iter(found))
    text = store.documents[doc].text
    (a, b), rest = listed[0], list(listed[1:])
    listed = (trim_item(text, _after_lead_in(text, a, b, rest, tagged), b), *rest)
    kinds = (asked.counted, *KINDS.get(asked.counted, ())) if asked.counted else ()
    of_kind = [(a, b) for a, b in listed if kinds and text[a:b].endswith(kinds)]
    pieces = [part(answer.question, store, doc, a, b, str(n), answer.citations)
              for n, (a, b) in enumerate(of_kind if len(of_kind) > 1 else listed, 1)]
    return replace(composed(answer, "list", _numbered(pieces), pieces), trace=["framed_list"])


def _numbered(pieces: list[Answer]) -> str:
    """A list answer's text: its pieces by number (1. 良常中学；2. 西城实验幼儿园)."""
    return "；".join(f"{p.label}. {p.answer}" for p in pieces)


# the wh-word of a list question and its measure word (哪两类, 哪些, 什么), which the thing listed follows
_LISTED_AFTER_RE = re.compile(r"(?:哪些|哪几|哪[一二两三四五六七八九十]+)[个些类种项所家条位名大]?|什么")


def _without_asked_frame(text: str, found: list[tuple[int, int]], question: str, tagged: Tagger) -> list[tuple[int, int]]:
    """The last item without the question's words after the thing listed, which the text says of the
    whole list (推进永久基本农田、高标准农田一体化建设 for 哪两类农田一体化建设: 高标准农田); only where the
    item then ends on that thing. Likewise where every other item ends on the thing listed and the
    last runs on past it (…银河幼儿园党支部、小河中心小学党支部党建项目 for 哪些党支部: 小河中心小学党支部)."""
    asking = _LISTED_AFTER_RE.search(question)
    if not asking or not found:
        return found
    words = tagged(question[asking.end():].rstrip("？?。！! "))
    # nouns, and abbreviations (党支部 j), name the thing
    nouns = next((n for n, (_, tag) in enumerate(words) if not (tag.startswith("n") or tag == "j")), len(words))
    thing, rest = "".join(w for w, _ in words[:nouns]), "".join(w for w, _ in words[nouns:])
    a, b = found[-1]
    if thing and len(rest) >= 2 and text.endswith(thing + rest, a, b) and b - len(rest) - a > len(thing):
        return found[:-1] + [(a, b - len(rest))]
    at = text.rfind(thing, a, b) if thing else -1
    if len(found) > 1 and all(text.endswith(thing, *item) for item in found[:-1]) and a < at and at + len(thing) < b:
        return found[:-1] + [(a, at + len(thing))]
    return found


def _after_lead_in(text: str, a: int, b: int, rest: list[tuple[int, int]], tagged: Tagger) -> int:
    """Where a list's first item text[a:b] starts: after the preposition that brings the list in
    (在白塔中学、朝阳小学等…, 对…、…进行), which jieba tags p; for a list read from a clause's start,
    `rest` its other items, also after the verb (做好泰村、瑞迩德、希盛等园所…), where those open on
    no verb, as a list of actions would, and the verbs run on from it (建成投用…). (A span's first
    item keeps a verb jieba may tag in a name: 具身智能训练场.)"""
    words = tagged(text[a:b])
    if len(words) < 2:
        return a
    if words[0][1] == "p":
        return a + len(words[0][0])
    if not rest or words[0][1] not in ("v", "vn") \
            or any(tagged(text[x:y])[0][1].startswith("v") for x, y in rest if y > x):
        return a
    # the verbs that open it (建成投用省武高新校区; 投用 a verbal noun to jieba)
    run = next((n for n, (_, tag) in enumerate(words) if tag not in ("v", "vn")), len(words))
    return a + sum(len(w) for w, _ in words[:run]) if run < len(words) else a


def _closed(text: str, found: list[tuple[int, int]], words: Words | None = None) -> list[tuple[int, int]]:
    """The items up to the one a closing 等 or a count of them ends (…美德少年评选等一系列… → its
    last item is 美德少年评选): what follows is no item (reader/enumeration.py reads the same). With
    `words` (jieba), a count inside a word of the item (铁人三项世界杯) closes nothing."""
    for n, (a, b) in enumerate(found):
        tail = _ITEM_TAIL_RE.search(text, a + 1, b)
        if tail and tail.group() and words and not _starts_word(text, a, b, tail.start(), words):
            tail = None
        if tail:
            end = tail.start() - (text[tail.start() - 1] == "等")     # the 等 itself is no part of the item
            # cut there, the item is trimmed as any other (“校园安全”等重点领域 → 校园安全)
            return found[:n] + ([trim_item(text, a, end)] if end > a else [])
    return found


def _starts_word(text: str, a: int, b: int, at: int, words: Words) -> bool:
    """A word of text[a:b], as jieba cuts it, starts at `at`."""
    return at == a or at in word_ends(text, a, b, words)


def _yes_no(answer: Answer, store: Store) -> Answer:
    doc = answer.citations[0].doc
    clause = part(answer.question, store, doc, answer.answer_start, answer.answer_end, "依据", answer.citations)
    said = verdict(answer.question, clause.answer)
    return composed(answer, "yes_no", f"{said}：{clause.answer}", [clause]) if said != UNSTATED else \
        composed(answer, "yes_no", f"{UNSTATED}（最相关的段落：{clause.answer}）", [clause])
