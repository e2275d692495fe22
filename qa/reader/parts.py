"""Counts asked of several things at once, answered with every thing and its count.

A span reader points at one count. A question that asks a count for each part it names
("幼儿园和中小学各多少") wants "幼儿园420个，中小学4580个", not "4580个", nor "7个、小学4个、初中1个"
(the later counts keep their names because they sit between them; the first loses its name to
the lead-in before it): over_parts runs the answer from the first part's name to the last
part's count. A 多少 question whose count is one of several things counted together ("多少所学校"
of "对4所中学、5所小学进行…") wants them all: over_counted_items. Both read the answer off the
text; where it does not say each thing with its count, nothing changes.
"""
from __future__ import annotations

import re
from typing import Callable

from .asked import COUNT_EACH_RE
from .sentence import CLAUSE_MARKS, enclosing
from .units import quantities
from .sentence import sentence_around

_JOINER_RE = re.compile("以及|、|和|与|及")
# how far after a part's name its count may start ("国家级媒体发布21篇"), and what may not
# stand between them: a count behind a comma or a 、 is the next thing's
_NAME_TO_COUNT = 8
_COUNT_CHARS = 12       # room for the count itself ("100余篇", "1,200万元")
_BETWEEN_RE = re.compile("[，,、：:]")
# a counted thing between its count and the next count's joiner ("4所中学、"), and the count's
# number, which differs between the things where the measure word does not
_THING_RE = re.compile(r"(.{1,12}?)(?:以及|、|和|与|及)")
_NUMBER_RE = re.compile(r"^[约近逾]?[\d.,，．０-９一二三四五六七八九十两百千万亿]+")
_CLAUSE_ENDS = CLAUSE_MARKS + "：:"
# how far past the last count its thing may run
_THING_CHARS = 12


def asked_parts(question: str, words: Callable[[str], list[str]]) -> list[str]:
    """The parts a count-each question names before its 各/分别, two or more, or [].

    The first part is the last word of what stands before the first joiner ("钟楼增加的5000个
    学位里幼儿园" → 幼儿园), the last part the first word after the last ("市级媒体" → 市级).
    Parts of one character are left out: too easily found anywhere.
    """
    found = COUNT_EACH_RE.search(question)
    if not found:
        return []
    pieces = _JOINER_RE.split(question[:found.start()])
    if len(pieces) < 2 or not pieces[0] or not pieces[-1]:
        return []
    parts = [words(pieces[0])[-1], *pieces[1:-1], words(pieces[-1])[0]]
    return parts if all(len(p) >= 2 for p in parts) else []


def over_parts(text: str, start: int, end: int, parts: list[str]) -> tuple[int, int]:
    """The shortest stretch of the span's sentence that names each part in turn, each followed by
    its count, and holds the span; the span unchanged where there is none. The sentence bounds
    it: a sentence later that names the parts again counts something else."""
    lo, hi = sentence_around(text, start, end)
    best = None
    for first in re.finditer(re.escape(parts[0]), text[lo:hi]):
        stretch_start = cursor = lo + first.start()
        for part in parts:
            at = text.find(part, cursor, hi)
            count = _count_after(text, at + len(part), hi) if at >= 0 else None
            if count is None:
                break
            cursor = count[1]
        else:
            holds_span = stretch_start <= start and end <= cursor
            if holds_span and (best is None or cursor - stretch_start < best[1] - best[0]):
                best = (stretch_start, cursor)
    return best or (start, end)


def _count_after(text: str, at: int, hi: int) -> tuple[int, int] | None:
    counts = quantities(text, at, min(hi, at + _NAME_TO_COUNT + _COUNT_CHARS))
    if not counts or counts[0][0] - at > _NAME_TO_COUNT or _BETWEEN_RE.search(text, at, counts[0][0]):
        return None
    return counts[0]


def over_counted_items(text: str, start: int, end: int, question: str,
                       tagged: Callable[[str], list[tuple[str, str]]]) -> tuple[int, int]:
    """All the counted things a 多少 question asks for at once, where the span's count is one of
    several: "多少所学校" of "对4所中学、5所小学进行…" is "4所中学、5所小学", and "招聘多少老师" of
    "120名事业编制教师和450名聘用制教师面向社会…" both counts.

    Only counts of one measure word, each followed by the thing counted and joined by 、/和/与/及,
    form such a list. Where the question singles out some of those things ("多少所小学"), it asks
    for those alone and the span stays as it is.
    """
    lo, hi = enclosing(text, start, end, _CLAUSE_ENDS)
    items = _counted_run(text, quantities(text, lo, hi), hi, start, end, tagged)
    if not items or _singles_out([text[b:c] for _, b, c in items], question, tagged):
        return start, end
    return items[0][0], items[-1][2]


def _counted_run(text: str, counts: list[tuple[int, int]], hi: int, start: int, end: int,
                 tagged: Callable[[str], list[tuple[str, str]]]) -> list[tuple[int, int, int]]:
    """(count start, count end, thing end) of each item in the run of counted things holding the
    span, or [] where the span's count is in none."""
    runs: list[list[tuple[int, int, int]]] = [[]]
    for (a, b), following in zip(counts, [*counts[1:], None]):
        thing = _THING_RE.fullmatch(text, b, following[0]) if following else None
        if thing and _ends_in_noun(thing.group(1), tagged) and _measure(text, a, b) == _measure(text, *following):
            runs[-1].append((a, b, thing.end(1)))
        else:
            last_end = _last_thing_end(text, b, hi, runs[-1], tagged)
            if runs[-1] and last_end:
                runs[-1].append((a, b, last_end))
            runs.append([])
    return next((run for run in runs if len(run) > 1 and any(a <= start and end <= c for a, _, c in run)), [])


def _last_thing_end(text: str, at: int, hi: int, run: list[tuple[int, int, int]],
                    tagged: Callable[[str], list[tuple[str, str]]]) -> int | None:
    """Where the last counted thing ends: after the word the first thing ends in ("…事业编制教师和
    450名聘用制教师面向社会…" → 聘用制教师), else after the nouns that follow its count."""
    if not run:
        return None
    head = tagged(text[run[0][1]:run[0][2]])[-1][0]
    found = text.find(head, at, min(hi, at + _THING_CHARS))
    if found >= 0:
        return found + len(head)
    cursor = at
    for word, tag in tagged(text[at:min(hi, at + _THING_CHARS)]):
        if not tag.startswith("n"):
            break
        cursor += len(word)
    return cursor if cursor > at else None


def _ends_in_noun(thing: str, tagged: Callable[[str], list[tuple[str, str]]]) -> bool:
    words = tagged(thing)
    return bool(words) and words[-1][1].startswith("n")


def _measure(text: str, start: int, end: int) -> str:
    return _NUMBER_RE.sub("", text[start:end])


def _singles_out(things: list[str], question: str, tagged: Callable[[str], list[tuple[str, str]]]) -> bool:
    """The question asks for some of the counted things, not all: it says one of them whole
    ("几所江苏省文明校园", "多少学生"), or names words of some that the others lack ("多少名编制教师"
    of 事业编制教师 and 聘用制教师; 绿色学校和文明校园 names words of all three things counted)."""
    if any(thing in question for thing in things):
        return True
    words = [{w for w, _ in tagged(thing) if len(w) > 1} for thing in things]
    shared = set.intersection(*words)
    named = sum(any(w in question for w in own - shared) for own in words)
    return 0 < named < len(things)
