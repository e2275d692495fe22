"""Which reports a question's scope allows, or why none can answer it.

The scope itself (places, years) is read once by `qa.question.analyse`; this module only
matches it against the indexed documents.
"""
from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date
from dataclasses import dataclass
from pathlib import Path

from index.ingest.places import Gazetteer, Place
from qa.question import Question
from qa.retriever.terms import Segmenter, corpus_names
from qa.schema import Document


@dataclass(frozen=True)
class Scope:
    allowed: frozenset[str] | None    # the documents a question is restricted to; None for all
    preferred: frozenset[str]         # documents covering a year it names: boosted, not filtered
    missing: str | None               # why it is declined: no report covers a place or year
    notices: tuple[str, ...]          # e.g. a city answered from its districts' reports
    # a place answered from the report of a place it lies in: the spellings of it a passage must write
    mention: tuple[str, ...] = ()


def document_place(doc: Document, gazetteer: Gazetteer) -> Place | None:
    """The place a report is about (an index built before places were stored has only its name)."""
    return gazetteer.by_full(doc.place) or (gazetteer.resolve(doc.district) if doc.district else None)


def document_places(documents: Iterable[Document], gazetteer: Gazetteer) -> list[Place]:
    return list(dict.fromkeys(p for d in documents if (p := document_place(d, gazetteer))))


def place_words(documents: Iterable[Document], gazetteer: Gazetteer) -> frozenset[str]:
    """Every spelling of the reports' places and of the places they lie in: modifiers that choose
    a report (常州市依法治校先进单位 of a district's 市依法治校先进单位), never a sibling."""
    places = document_places(documents, gazetteer)
    around = [a for p in places for n in range(1, len(p.path)) if (a := gazetteer.by_full("".join(p.path[:n])))]
    return frozenset(gazetteer.spellings(places + around))


def reader_question(question: Question, read: list[Document], gazetteer: Gazetteer) -> str:
    """What the reader is asked of passages from the reports `read`: the topic, once retrieval
    has applied the scope. The years stay when a passage comes from a report of another year (it
    may speak of several); the question stays whole when a place is read from the report of a
    place it lies in (成都 in Sichuan's), as no scope applied there: the passage speaks of
    several places, and the question names one."""
    around = {document_place(d, gazetteer) for d in read}
    if any(p.within(o) for p in question.places for o in around if o):
        return question.written
    years_applied = all(y in d.years for d in read for y in question.years)
    return question.reader_text if years_applied else question.reader_text_with_years


# a name a report writes in quotes (“4+2”项目, “双减”): the reader matches a question's words
# against the passage's as written, quotes and all
_QUOTED_NAME_RE = re.compile(r"“([^“”]{2,20})”")


def quoted_as_read(question: str, passages: list[str]) -> str:
    """The question with each name that the passages write in quotes quoted as they write it
    (新北的4+2项目包括哪些 → 新北的“4+2”项目包括哪些), the longest name first and none twice."""
    names = dict.fromkeys(m.group(1) for p in passages for m in _QUOTED_NAME_RE.finditer(p))
    for name in sorted(names, key=len, reverse=True):
        at = question.find(name)
        # not one the question quotes already, nor one inside a name quoted before it
        if at >= 0 and question.count("“", 0, at) == question.count("”", 0, at) \
                and question[at - 1:at] not in ("\"", "'", "「", "‘"):
            question = f"{question[:at]}“{name}”{question[at + len(name):]}"
    return question


def corpus_segmenter(docs: list[Document], cache_dir: Path) -> Segmenter:
    """jieba knowing the reports' own names and every spelling of their places as words."""
    gazetteer = Gazetteer.load(cache_dir)
    return Segmenter(corpus_names([d.text for d in docs]) | gazetteer.spellings(document_places(docs, gazetteer)),
                     cache_dir)


def check_scope(question: Question, documents: list[Document], gazetteer: Gazetteer) -> Scope:
    """The reports each place of the question names: its own, else those of the places inside
    it (a city answered from its districts, with a notice), else those of a place it lies in
    that write its name (成都 from Sichuan's report, with a notice; only passages writing it
    answer); a place with none of these, or a year no allowed report covers, is the reason to
    decline.

    A later report often looks back on earlier years, so the mention of an earlier year counts
    too; an earlier report's plans for a later year ("2019年起…" in 2018's) say nothing of it,
    unless that year is still to come (到2030年…: plans are all there is of it).
    """
    placed = [(d, document_place(d, gazetteer)) for d in documents]
    allowed: list[Document] = []
    notices: list[str] = []
    mention: list[str] = []
    for place in question.places:
        own = [d for d, p in placed if p == place]
        inner = [(d, p) for d, p in placed if p and p.within(place)]
        spellings = sorted(gazetteer.spellings([place]), key=len, reverse=True)
        outer = [(d, p) for d, p in placed if p and place.within(p) and any(s in d.text for s in spellings)]
        if own:
            allowed += own
        elif inner:
            allowed += [d for d, _ in inner]
            names = "、".join(dict.fromkeys(p.name for _, p in inner))
            notices.append(f"资料中没有{place.name}本级的报告，以下依据其下辖{names}的报告回答")
        elif outer:
            allowed += [d for d, _ in outer]
            mention += spellings
            names = "、".join(dict.fromkeys(p.name for _, p in outer))
            notices.append(f"资料中没有{place.name}的报告，以下依据{names}的报告中写到{place.name}的段落回答")
        else:
            return Scope(None, frozenset(), f"资料中没有{place.name}的报告", ())
    docs = allowed if question.places else documents
    for year in question.years:
        if not any(covers(d, year) for d in docs):
            where = question.places[0].name if len(question.places) == 1 else ""
            return Scope(None, frozenset(), f"资料中没有{where}{year}年的报告", ())
    preferred = frozenset(d.doc for d in documents if any(y in d.years for y in question.years))
    return Scope(frozenset(d.doc for d in allowed) if question.places else None, preferred, None,
                 tuple(notices), tuple(mention))


def covers(doc: Document, year: int, this_year: int | None = None) -> bool:
    """Whether a report speaks of `year`: its own, or an earlier one it looks back on (an earlier
    report's plans for a later year, "2019年起…" in 2018's, say nothing of what it came to), or
    one still to come (after `this_year`, today's by default) that its plans name (到2030年…)."""
    if year in doc.years:
        return True
    if f"{year}年" not in doc.text:
        return False
    return not doc.years or year < max(doc.years) or year > (this_year or date.today().year)


def inner_places(question: Question, documents: list[Document], gazetteer: Gazetteer) -> list[tuple[Place, str]]:
    """The places inside the one place a question names that answer for it, where it has no report
    of its own and two or more places inside it have (常州 → 新北区, 金坛区…), in the reports'
    order, each with how an answer names it: the place and its report's year (新北区2018年). A
    year the question names keeps the places with a report covering it. [] otherwise."""
    if len(question.places) != 1:
        return []
    place = question.places[0]
    placed = [(d, document_place(d, gazetteer)) for d in documents]
    if any(p == place for _, p in placed):
        return []
    found = _labelled([(d, p) for d, p in placed if p and p.within(place)], question.years)
    return found if len(found) >= 2 else []


def places_of_level(question: Question, documents: list[Document], gazetteer: Gazetteer,
                    levels: tuple[str, ...]) -> list[tuple[Place, str]]:
    """The places a question asks 哪个区 (of `levels`; any where empty) among: those inside the one
    place it names (inner_places, of those levels), else every place the reports are about."""
    if question.places:
        inner = inner_places(question, documents, gazetteer)
        return [(p, label) for p, label in inner if not levels or p.level in levels]
    placed = [(d, p) for d in documents if (p := document_place(d, gazetteer)) and (not levels or p.level in levels)]
    return _labelled(placed, question.years)


def _labelled(placed: list[tuple[Document, Place]], years: tuple[int, ...]) -> list[tuple[Place, str]]:
    """Each place of reports covering every year asked, with the year of its reports where they
    have one (新北区2018年), in the reports' order."""
    found: dict[Place, set[int]] = {}
    for d, p in placed:
        if all(covers(d, y) for y in years):
            found.setdefault(p, set()).update(years or d.years)
    return [(p, p.name + (f"{next(iter(ys))}年" if len(ys) == 1 else "")) for p, ys in found.items()]
