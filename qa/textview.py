"""Plain-text rendering of an Answer for the terminal."""
from __future__ import annotations

from qa.schema import Answer

SNIPPET = 120


def format_answer(answer: Answer) -> str:
    lines = [f"问: {answer.question}"]
    if answer.abstained:
        lines.append(f"答: (未找到答案) {answer.reason}")
    else:
        confidence = f"  (置信度 {answer.confidence:.2f})" if answer.confidence is not None else ""
        lines.append(f"答: {answer.answer}{confidence}")
    for n, c in enumerate(answer.citations, 1):
        where = " ".join(str(x) for x in (c.district, c.year) if x)
        lines.append(f"[{n}] {c.doc} {where} {c.title} § {c.section}  [{c.start}:{c.end}] score {c.score:.4f}")
        lines.append("    " + _snippet(answer, n == 1, c.text, c.start))
    return "\n".join(lines)


def _snippet(answer: Answer, first: bool, text: str, start: int) -> str:
    # the first citation holds the answer; show it bracketed where it sits
    if first and answer.answer_start is not None and answer.answer_end is not None:
        a, b = answer.answer_start - start, answer.answer_end - start
        lo = max(0, a - SNIPPET // 2)
        return ("…" if lo else "") + text[lo:a] + "【" + text[a:b] + "】" + text[b:b + SNIPPET // 2] + "…"
    return text[:SNIPPET] + ("…" if len(text) > SNIPPET else "")
