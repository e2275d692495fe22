"""How much something grew or fell, where the report writes where it started and where it came
to (上市公司从518家增加到731家) and the question asks the change (增加了多少家): the two values,
each quoted and cited, then their difference: 从518家增加到731家，增加213家.

The change is computed only from one stated pair of the same measure; a change the report
writes itself (增长1.8%) is the reader's span as it is.
"""
from __future__ import annotations

import re

from index.storage import Store
from qa.compose.compare import amount, comparable
from qa.compose.parts import composed, part
from qa.compose.quantities import MeasureError, difference
from qa.reader.rivals import CHANGE_VERBS
from qa.reader.sentence import CLAUSE_MARKS, enclosing
from qa.reader.units import change_opened, quantities, reached
from qa.schema import Answer

_VERB_RE = re.compile(f"{CHANGE_VERBS}|扩大|缩小")
_FALLING = ("下降", "减少", "降低", "缩小")


def stated_change(text: str, start: int, end: int) -> tuple[tuple[int, int], tuple[int, int]] | None:
    """The start and reached values of the change text[start:end] is part of (its 从 value, the
    value it reaches, or the whole 从…到…), each (start, end); None where it is part of none."""
    lo, _ = enclosing(text, start, end, CLAUSE_MARKS)
    for a, b in quantities(text, lo, end):
        to = reached(text, a, b)
        if to and a < end and start < to[1]:
            return (a, b), to
    return None


def change_answer(answer: Answer, store: Store) -> Answer | None:
    """The change answer for a span inside a stated change (module docstring); None where the
    span is in none, or its two values are of different measures."""
    doc = answer.citations[0].doc
    text = store.documents[doc].text
    found = stated_change(text, answer.answer_start, answer.answer_end)
    if found is None:
        return None
    (a, b), (c, d) = found
    before, after = comparable(text[a:b]), comparable(text[c:d])
    if before is None or after is None:
        return None
    try:
        change = difference(after, before)
    except MeasureError:
        return None
    written = _VERB_RE.search(text, b, c)
    verb = written.group() if written else ""
    if (change.value < 0) != (verb in _FALLING):
        verb = "减少" if change.value < 0 else "增加"
    pieces = [part(answer.question, store, doc, a, b, "从", answer.citations),
              part(answer.question, store, doc, c, d, "到", answer.citations)]
    shown = "无变化" if change.value == 0 else f"{verb}{amount(change)}"
    # the change as the report writes it, from its 从 or 由 (stated_change found one before the value)
    opened = change_opened(text, a)
    return composed(answer, "compare", f"{text[a if opened is None else opened:d]}，{shown}", pieces)
