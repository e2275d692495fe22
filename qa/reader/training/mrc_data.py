"""SQuAD-style MRC files -> (question, context, answer offset) examples.

DRCD is Traditional Chinese; the reports are Simplified, so it is converted
with OpenCC. Conversion can change lengths, so answers are re-located in the
converted context instead of trusting the original offsets.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class MrcExample:
    qid: str
    question: str
    context: str
    answers: tuple[str, ...]
    answer_start: int          # of answers[0] in context; -1 when the converted context lacks it


def _converter(traditional: bool):
    if not traditional:
        return lambda s: s
    import opencc

    convert = opencc.OpenCC("t2s").convert
    return convert


def load_mrc(path: Path, traditional: bool | None = None, every_answer: bool = False) -> list[MrcExample]:
    """Read a SQuAD-style file; `traditional=None` guesses from the file name (drcd*).

    With `every_answer`, a question whose annotators marked different spans gives one example
    per span (that span first), so training sees each boundary they chose, not only the first.
    """
    if traditional is None:
        traditional = "drcd" in path.name.lower()
    convert = _converter(traditional)
    data = json.loads(path.read_text("utf-8"))
    examples: list[MrcExample] = []
    for article in data["data"]:
        for para in article["paragraphs"]:
            context = convert(para["context"])
            for qa in para["qas"]:
                hints: dict[str, int] = {}
                for a in qa["answers"]:
                    if a["text"].strip():
                        hints.setdefault(convert(a["text"]).strip(), a.get("answer_start", -1))
                answers = tuple(hints)
                question = convert(qa["question"]).strip()
                for k, first in enumerate(answers if every_answer else answers[:1]):
                    qid = str(qa["id"]) if k == 0 else f"{qa['id']}#{k}"
                    examples.append(MrcExample(qid, question, context,
                                               (first,) + tuple(a for a in answers if a != first),
                                               _locate(context, first, hints[first])))
    return examples


def _locate(context: str, answer: str, hint: int) -> int:
    """Occurrence of `answer` nearest to the original offset `hint`, or -1."""
    best, pos = -1, context.find(answer)
    while pos >= 0:
        if best < 0 or abs(pos - hint) < abs(best - hint):
            best = pos
        pos = context.find(answer, pos + 1)
    return best
