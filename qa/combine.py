"""One Answer from the answers to each part of a question (retriever/scopes.py splits it)."""
from __future__ import annotations

from dataclasses import replace

from qa.compose.compare import value_of
from qa.compose.quantities import total_or_none
from qa.schema import Answer, Citation


def combine_parts(question: str, parts: list[Answer], limit: int, total_ms: float,
                  notices: list[str]) -> Answer:
    """The whole question's Answer: `parts` in the question's order, the first answered on top.

    The top-level answer, offsets and first citation are the first answered part's, so a
    reader of only those fields still gets a span that checks against its file; the answer
    holding citation of every answered part comes before any other passage, and at most
    `limit` passages are cited besides those.
    """
    answered = [p for p in parts if not p.abstained]
    cited = _merged([p.citations[:1] for p in answered] + [p.citations for p in parts])
    citations = cited[:limit + len(answered)]
    timings = {"total": total_ms}
    if not answered:
        reason = "；".join(f"{p.scope}：{p.reason}" for p in parts)
        return Answer(question, None, parts[0].answer_kind, True, reason, None, None, citations,
                      timings, None, notices, parts)
    top = answered[0]
    confidences = [p.confidence for p in answered]
    confidence = None if None in confidences else min(confidences)
    return replace(top, question=question, citations=citations, timings_ms=timings, confidence=confidence,
                   notices=notices, parts=parts, scope=None)


def answered_in_turn(answer: Answer) -> bool:
    """An answer asked of several places or in several clauses, each answered on its own: its
    top-level answer is its first answered part's (combine_parts), composed or not."""
    first = next((p for p in answer.parts if not p.abstained), None)
    return bool(answer.parts) and all(p.scope for p in answer.parts) and first is not None \
        and first.answer == answer.answer


def add_parts(question: str, parts: list[Answer], limit: int, total_ms: float, notices: list[str]) -> Answer:
    """A total asked over several places (天宁和金坛一共派了多少老师支教): each place's quantity
    added, where every place states one of one measure: 共21名：天宁9名、金坛12名 (kind `sum`, each
    part a place's cited span). Otherwise each place's answer as combine_parts shows it."""
    whole = combine_parts(question, parts, limit, total_ms, notices)
    values = [value_of(p) for p in parts]
    summed = total_or_none([v[1] if v else None for v in values])
    if summed is None:
        return whole
    listed = "、".join(f"{p.scope}{v[0]}" for p, v in zip(parts, values))
    return replace(whole, answer=f"共{summed.text}：{listed}", answer_kind="sum", answer_start=None,
                   answer_end=None)


def _merged(groups: list[list[Citation]]) -> list[Citation]:
    seen: set[tuple[str, int, int]] = set()
    out = []
    for c in (c for group in groups for c in group):
        if (c.path, c.start, c.end) not in seen:
            seen.add((c.path, c.start, c.end))
            out.append(c)
    return out
