"""Plain-text rendering of an Answer for the terminal."""
from __future__ import annotations

from qa.combine import answered_in_turn
from qa.schema import COMPOSED_KINDS, Answer

SNIPPET = 120


def format_answer(answer: Answer) -> str:
    lines = [f"问: {answer.question}"]
    if answer.parts and answer.answer_kind in COMPOSED_KINDS and not answered_in_turn(answer):
        # a composed answer: its text on top, then each quoted piece with where it was read
        lines.append(f"答: {answer.answer}")
        lines += [f"  {p.label or p.scope or n}: " + (_said(p) if p.abstained or p.answer_start is None else
                  f"{p.answer}  ({p.citations[0].doc} [{p.answer_start}:{p.answer_end}])")
                  for n, p in enumerate(answer.parts, 1)]
    elif answer.parts:
        lines.append("答:")
        lines += [f"  {p.scope}: {_said(p)}" for p in answer.parts]
    else:
        lines.append(f"答: {_said(answer)}")
    for n, c in enumerate(answer.citations, 1):
        where = " ".join(str(x) for x in (c.district, c.year) if x)
        lines.append(f"[{n}] {c.doc} {where} {c.title} § {c.section}  [{c.start}:{c.end}] score {c.score:.4f}")
        lines.append("    " + _snippet(c.text, answer.offsets_in(c)))
    return "\n".join(lines)


def _said(answer: Answer) -> str:
    if answer.abstained:
        return f"(未找到答案) {answer.reason}"
    confidence = f"  (置信度 {answer.confidence:.2f})" if answer.confidence is not None else ""
    return f"{answer.answer}{confidence}"


def _snippet(text: str, span: tuple[int, int] | None) -> str:
    # a passage holding an answer shows it bracketed where it sits
    if span:
        a, b = span
        lo = max(0, a - SNIPPET // 2)
        return ("…" if lo else "") + text[lo:a] + "【" + text[a:b] + "】" + text[b:b + SNIPPET // 2] + "…"
    return text[:SNIPPET] + ("…" if len(text) > SNIPPET else "")
