"""A yes/no answer held to what the report states.

A span's score says little of whether the report states what a yes/no question asks: the
clause holding the reader's span must write at least `share` of the question's topic words,
the same test a clause found without the reader meets (verdicts.stated_clause). Otherwise that
clause is looked for in the passages read; without one the question stays declined.
"""
from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace

from qa.compose.verdicts import CLAUSE_RE, clause_around, negated, stated_clause, stated_share, writes_word
from qa.reader.decode import snap_span
from qa.reader.sentence import SENTENCE_ENDS, enclosing
from qa.schema import Answer, Citation

# why a span of a passage (file offsets) answers something else than asked, or None
Mismatch = Callable[[Citation, int, int], "str | None"]


def _share(answer: Answer, groups: Sequence[tuple[str, ...]]) -> float:
    """The share of the asked word groups the clause holding the answer's span writes."""
    c = answer.citations[0]
    return stated_share(clause_around(c.text, answer.answer_start - c.start, answer.answer_end - c.start), groups)


def held_to_statement(answer: Answer, groups: Sequence[tuple[str, ...]], share: float, passages: int,
                      mismatch: Mismatch, no_span: str) -> Answer:
    """The reader's yes/no answer where its clause states what is asked and no clause of the
    passages read states more of it; else the clause of those passages that states the most
    (declined with `no_span` where none states `share` of it)."""
    if answer.answer_kind != "span" or answer.abstained:
        return stated(answer, groups, share, passages, mismatch) if answer.reason == no_span else answer
    own = _share(answer, groups)
    better = stated(answer, groups, max(share, own + 1e-9), passages, mismatch)
    if not better.abstained and better.answer_start != answer.answer_start:
        return better
    if own >= share:
        return answer
    declined = replace(answer, answer=None, abstained=True, reason=no_span, answer_start=None,
                       answer_end=None, confidence=None, trace=[])
    return stated(declined, groups, share, passages, mismatch)


def stated(answer: Answer, groups: Sequence[tuple[str, ...]], share: float, passages: int,
           mismatch: Mismatch) -> Answer:
    """The yes/no question answered by the clause of the first `passages` citations that
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
    Where neither its clause nor a neighbour writes any of them, the clause of its passage that
    writes most of them does; unchanged where none writes half of them."""
    if answer.abstained or answer.answer_start is None or not answer.citations or not groups:
        return answer
    c = answer.citations[0]
    a, b = answer.answer_start - c.start, answer.answer_end - c.start
    own = clause_around(c.text, a, b)
    unsaid = [g for g in groups if not any(writes_word(own, t) for t in g)]
    lo, hi = enclosing(c.text, a, b, SENTENCE_ENDS)
    clauses = [m.span() for m in CLAUSE_RE.finditer(c.text, lo, hi)]
    mine = [n for n, (x, y) in enumerate(clauses) if x <= a < y or x < b <= y]
    if not unsaid or not mine:
        return answer
    near = [(stated_share(c.text[slice(*clauses[n])], unsaid), clauses[n])
            for n in (mine[0] - 1, mine[-1] + 1) if 0 <= n < len(clauses)]
    share, best = max(near, key=lambda n: n[0], default=(0.0, None))
    if best is not None and share > 0:
        a, b = snap_span(c.text, min(a, best[0]), max(b, best[1]))
    elif len(unsaid) == len(groups) and not negated(own, "".join(g[0] for g in groups)):
        # the reader's clause is about the subject but says nothing of what is asked of it
        # (接受了…评估 for 达到国标了吗; 免试 for 要考试吗 negates it, which says no): the clause of
        # its passage writing most of the predicate, at least half of it, the nearest on a tie,
        # decides; else the reader's clause stands
        scored = [(stated_share(m.group(), groups), -abs(m.start() - a), m.span())
                  for m in CLAUSE_RE.finditer(c.text)]
        top = max(scored, default=None)
        if top is None or top[0] < 0.5:
            return answer
        a, b = snap_span(c.text, *top[2])
    else:
        return answer
    return replace(answer, answer=c.text[a:b], answer_start=c.start + a, answer_end=c.start + b)
