"""A plain answer, shown or declined, built from the passages read: the one place a span
becomes an Answer with its citations (the passage holding the span first, offsets into its
file) and a decline keeps the passages it read, so the user can check either."""
from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import replace

from index import storage as store_io
from index.ingest.places import Mention
from qa.reader.mismatch import NOT_FOUND
from qa.reader.sentence import sentence_around
from qa.retriever.hybrid import Hit
from qa.schema import Answer, Citation, Document


def cite(store: store_io.Store, hit: Hit) -> Citation:
    chunk = hit.chunk
    return Citation.of(store.documents[chunk.doc], chunk.section, chunk.start, chunk.end, round(hit.score, 6))


def spanned(question: str, hit: Hit, start: int, end: int, hits: list[Hit], store: store_io.Store,
            kind: str, confidence: float | None, trace: list[str], timings: dict[str, float],
            started: float, notices: list[str]) -> Answer:
    """The answer text[start:end] of `hit`'s file, its passage cited first."""
    citations = [cite(store, h) for h in [hit] + [h for h in hits if h is not hit]]
    text = store.documents[hit.chunk.doc].text
    timings["total"] = ms_since(started)
    return Answer(question, text[start:end], kind, False, None, start, end, citations,
                  timings, confidence, notices, trace=trace)


def declined(question: str, reason: str, hits: list[Hit], store: store_io.Store, kind: str,
             timings: dict[str, float], started: float, notices: list[str]) -> Answer:
    """No answer, the reason said, the passages read still cited."""
    timings["total"] = ms_since(started)
    return Answer(question, None, kind, True, reason, None, None,
                  [cite(store, h) for h in hits], timings, None, notices)


def ms_since(since: float) -> float:
    return round((time.perf_counter() - since) * 1000, 2)


def written_of(answer: Answer, spellings: tuple[str, ...],
               places_in: Callable[[str], list[Mention]]) -> Answer:
    """A place answered from the report of a place it lies in (郑州 from Henan's): in the sentence
    holding the answer, the last place written before it must be that place (泸州经济总量突破3000亿元
    is 泸州's, though 成都 opens the sentence), or the sentence must write it where none is;
    else the answer is another place's (全省生产总值6.66万亿元 is none for 郑州) and is declined."""
    if answer.abstained or answer.answer_start is None or not answer.citations or not spellings:
        return answer
    c = answer.citations[0]
    at = answer.answer_start - c.start
    a, b = sentence_around(c.text, at, answer.answer_end - c.start)
    before = places_in(c.text[a:at])
    if any(s in before[-1].text for s in spellings) if before else any(s in c.text[a:b] for s in spellings):
        return answer
    said = f"说的是{before[-1].text}" if before else f"没有写到{spellings[0]}"
    return replace(answer, answer=None, abstained=True, answer_start=None, answer_end=None, confidence=None,
                   reason=f"{NOT_FOUND}：报告中写到{spellings[0]}的段落没有给出答案，最相关的句子{said}", trace=[])


def whose_report(answer: Answer, store: store_io.Store) -> Answer:
    """A question naming no place, over the reports of several places: the answer says whose
    report it is read from (问题没有指明地区，以下依据钟楼区的报告回答), so that it is never taken
    for another place's."""
    places = {_place_of(d) for d in store.documents.values()} - {None}
    if answer.abstained or len(places) < 2:
        return answer
    read = [a.citations[0].doc for a in (answer, *answer.parts) if not a.abstained and a.citations]
    names = [n for n in dict.fromkeys(_place_of(store.documents[d]) for d in read if d in store.documents) if n]
    if not names:
        return answer
    return replace(answer, notices=answer.notices + [f"问题没有指明地区，以下依据{'、'.join(names)}的报告回答"])


def _place_of(document: Document) -> str | None:
    return document.district or document.place
