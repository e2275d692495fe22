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


def load_mrc(path: Path, traditional: bool | None = None) -> list[MrcExample]:
    """Read a SQuAD-style file; `traditional=None` guesses from the file name (drcd*)."""
    if traditional is None:
        traditional = "drcd" in path.name.lower()
    convert = _converter(traditional)
    data = json.loads(path.read_text("utf-8"))
    examples: list[MrcExample] = []
    for article in data["data"]:
        for para in article["paragraphs"]:
            context = convert(para["context"])
            for qa in para["qas"]:
                answers = tuple(dict.fromkeys(convert(a["text"]).strip() for a in qa["answers"]
                                              if a["text"].strip()))
                if not answers:
                    continue
                start = _locate(context, answers[0], qa["answers"][0].get("answer_start", -1))
                examples.append(MrcExample(str(qa["id"]), convert(qa["question"]).strip(),
                                           context, answers, start))
    return examples


def _locate(context: str, answer: str, hint: int) -> int:
    """Occurrence of `answer` nearest to the original offset `hint`, or -1."""
    best, pos = -1, context.find(answer)
    while pos >= 0:
        if best < 0 or abs(pos - hint) < abs(best - hint):
            best = pos
        pos = context.find(answer, pos + 1)
    return best
