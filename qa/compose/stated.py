"""A yes/no answer held to what the report states.

A span's score says little of whether the report states what a yes/no question asks: the
clause holding the reader's span must write at least `share` of the question's topic words,
the same test a clause found without the reader meets (verdicts.stated_clause). Otherwise that
clause is looked for in the passages read; without one the question stays declined.
"""
from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace

from qa.compose.verdicts import CLAUSE_RE, clause_around, stated_clause, stated_share
from qa.reader.decode import snap_span
from qa.reader.sentence import SENTENCE_ENDS, enclosing
from qa.schema import Answer, Citation

# why a span of a passage (file offsets) answers something else than asked, or None
Mismatch = Callable[[Citation, int, int], "str | None"]


def states(answer: Answer, groups: Sequence[tuple[str, ...]], share: float) -> bool:
    """Whether the clause holding the answer's span writes `share` of the asked word groups."""
    c = answer.citations[0]
    clause = clause_around(c.text, answer.answer_start - c.start, answer.answer_end - c.start)
    return stated_share(clause, groups) >= share


def held_to_statement(answer: Answer, groups: Sequence[tuple[str, ...]], share: float, passages: int,
                      mismatch: Mismatch, no_span: str) -> Answer:
    """The reader's yes/no answer where its clause states what is asked; else the clause of the
    passages read that does (declined with `no_span` where none does)."""
    if answer.answer_kind == "span" and not answer.abstained and not states(answer, groups, share):
        answer = replace(answer, answer=None, abstained=True, reason=no_span, answer_start=None,
                         answer_end=None, confidence=None, trace=[])
    return stated(answer, groups, share, passages, mismatch) if answer.reason == no_span else answer


def stated(answer: Answer, groups: Sequence[tuple[str, ...]], share: float, passages: int,
           mismatch: Mismatch) -> Answer:
    """A declined yes/no question answered by the clause of the first `passages` citations that
    states what it asks (compose then reads the verdict from it); unchanged where none does."""
    read = answer.citations[:passages]
    found = stated_clause([c.text for c in read], groups, share)
    if found is None:
        return answer
    n, a, b = found
    a, b = snap_span(read[n].text, a, b)
    c = read[n]
    # a clause about a sibling of what was asked (棋类、武术…赛事 for 游泳比赛) states nothing of it
    reason = mismatch(c, c.start + a, c.start + b)
    if reason:
        return replace(answer, reason=reason)
    return replace(answer, answer=c.text[a:b], abstained=False, reason=None, answer_start=c.start + a,
                   answer_end=c.start + b, citations=[c] + [x for x in answer.citations if x is not c],
                   trace=["yes_no_clause"])


def run_on_to_predicate(answer: Answer, groups: Sequence[tuple[str, ...]]) -> Answer:
    """The yes/no answer's clause run on to the clause next to it in its sentence where that one
    writes what the question asks of its subject (`groups`, cut from verdicts.asked_predicate)
    that the answer's clause does not: 组织…对全区25家…校外机构进行专项检查，未发现违规问题 for
    检查校外培训机构有没有发现违规问题, whose first clause says only that the check was made.
    Unchanged where neither neighbour adds any."""
    if answer.abstained or answer.answer_start is None or not answer.citations or not groups:
        return answer
    c = answer.citations[0]
    a, b = answer.answer_start - c.start, answer.answer_end - c.start
    own = clause_around(c.text, a, b)
    unsaid = [g for g in groups if not any(t in own for t in g)]
    lo, hi = enclosing(c.text, a, b, SENTENCE_ENDS)
    clauses = [m.span() for m in CLAUSE_RE.finditer(c.text, lo, hi)]
    mine = [n for n, (x, y) in enumerate(clauses) if x <= a < y or x < b <= y]
    if not unsaid or not mine:
        return answer
    near = [(stated_share(c.text[slice(*clauses[n])], unsaid), clauses[n])
            for n in (mine[0] - 1, mine[-1] + 1) if 0 <= n < len(clauses)]
    share, best = max(near, key=lambda n: n[0], default=(0.0, None))
    if best is None or share == 0:
        return answer
    a, b = snap_span(c.text, min(a, best[0]), max(b, best[1]))
    return replace(answer, answer=c.text[a:b], answer_start=c.start + a, answer_end=c.start + b)
