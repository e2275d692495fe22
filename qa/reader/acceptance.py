"""Show the reader's span or decline: a small logistic model over what backs the span.

The reader's score alone (span minus no-answer logits) sits near any line for many questions,
and a 名, a 区 or a question mark moves it across. What else says a span answers: how much of
the question's topic its sentence states, whether it has the shape asked for (a number for a
how-many question), and how far down the passages it was found. `eval/calibrate_reader.py`
fits the weights and the line on our own questions (half fitted on, half checked) and stores
them in reader.json as `acceptance`; without them the score's line alone decides.
"""
from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from qa.question import Question
from qa.reader.decode import confidence
from qa.reader.units import writes_number
from qa.reader.sentence import sentence_around

FEATURES = ("score", "coverage", "typed", "rank")
# the question kinds whose answer is a number
_NUMERIC = frozenset({"quantity", "money", "share"})


@dataclass(frozen=True)
class Acceptance:
    weights: tuple[float, ...]   # one per FEATURES name, in that order
    bias: float
    line: float                  # a span whose probability of being right is below it is declined

    def probability(self, features: Sequence[float]) -> float:
        return confidence(sum(w * x for w, x in zip(self.weights, features)), 1.0, self.bias)

    def to_dict(self) -> dict:
        return {"features": list(FEATURES), "weights": [round(w, 5) for w in self.weights],
                "bias": round(self.bias, 5), "line": round(self.line, 4)}

    @classmethod
    def from_dict(cls, data: dict | None) -> "Acceptance | None":
        """None when absent or fitted over other features (a stale reader.json never misleads)."""
        if not data or tuple(data.get("features", ())) != FEATURES:
            return None
        return cls(tuple(float(w) for w in data["weights"]), float(data["bias"]), float(data["line"]))


def span_features(q: Question, score: float, passage: int, text: str, start: int, end: int,
                  term_groups: Callable[[str], list[tuple[str, ...]]]) -> tuple[float, ...]:
    """FEATURES of the span text[start:end] found in passage number `passage` (0 = first).

    coverage: the share of the topic's words (as retrieval cuts them) that the span's sentence
    writes, in those or in words that say the same (老师, 教师); typed: +1 when a number is
    asked and the span writes one, -1 when it writes none, 0 when no number is asked."""
    a, b = sentence_around(text, start, end)
    sentence = text[a:b]
    wanted = set(term_groups(q.reader_text))
    coverage = sum(any(t in sentence for t in g) for g in wanted) / len(wanted) if wanted else 0.0
    typed = 0.0 if q.asked not in _NUMERIC else (1.0 if writes_number(text[start:end]) else -1.0)
    return (float(score), coverage, typed, float(passage))
