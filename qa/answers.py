"""A plain answer, shown or declined, built from the passages read: the one place a span
becomes an Answer with its citations (the passage holding the span first, offsets into its
file) and a decline keeps the passages it read, so the user can check either."""
from __future__ import annotations

import time

from index import storage as store_io
from qa.retriever.hybrid import Hit
from qa.schema import Answer, Citation


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
