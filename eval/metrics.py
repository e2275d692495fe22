"""Scoring functions shared by the end-to-end evaluator and the reader benchmark.

Scale convention: every per-item function here returns a value in [0, 1]
(or a bool).  Aggregates written by `eval.runner.evaluate` are
percentages in [0, 100] (CMRC 2018 reports EM/F1 that way, and one scale for
every rate keeps tables comparable); latencies stay in milliseconds.

Normalisation follows the official CMRC 2018 scorer (`mixed_segmentation` +
`find_lcs`): lower-case, every CJK character is its own token, runs of other
characters stay together as one token, punctuation is dropped, and F1 comes from
the longest common *substring* of the token lists.  Deviations, all deliberate:
  * nltk is not a dependency, so ASCII runs are split on whitespace and
    punctuation instead of `nltk.word_tokenize`; a decimal point or thousands
    comma between digits is kept so "92.45" stays one token as nltk keeps it;
  * the punctuation set is the official list plus `string.punctuation` and a
    few full-width marks the official list forgot (… 【 】 — ‘ etc.);
  * EM compares the normalised token lists, so it ignores whitespace too.
"""
from __future__ import annotations

import math
import re
import string
from collections.abc import Iterable, Sequence

# The official list, verbatim ("……" is two characters there and so never
# matched a single character; the single "…" below fixes that).
_CMRC_PUNCT = [
    "-", ":", "_", "*", "^", "/", "\\", "~", "`", "+", "=",
    "，", "。", "：", "？", "！", "“", "”", "；", "’", "《", "》", "……", "·", "、",
    "「", "」", "（", "）", "－", "～", "『", "』",
]
_EXTRA_PUNCT = "…‘【】〔〕〈〉—–・•．，,｛｝［］％＃＆＠＂＇／｜〃　"
PUNCTUATION: frozenset[str] = frozenset(
    [p for p in _CMRC_PUNCT if len(p) == 1] + list(string.punctuation) + list(_EXTRA_PUNCT)
)

# CJK Unified Ideographs + Extension A + compatibility ideographs; the official
# script only had \u4e00-\u9fa5, which misses rare characters in place names.
_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")


def normalize_tokens(text: str | None) -> list[str]:
    """CMRC-style tokens: one per CJK character, ASCII words/numbers kept whole."""
    if not text:
        return []
    s = text.lower().strip()
    tokens: list[str] = []
    buf: list[str] = []

    def flush() -> None:
        if buf:
            tokens.append("".join(buf))
            buf.clear()

    for i, ch in enumerate(s):
        if _CJK.match(ch):
            flush()
            tokens.append(ch)
        elif ch in ".," and buf and buf[-1].isdigit() and i + 1 < len(s) and s[i + 1].isdigit():
            buf.append(ch)  # decimal point / thousands separator inside a number
        elif ch in PUNCTUATION or ch.isspace():
            flush()
        else:
            buf.append(ch)
    flush()
    return tokens


def _lcs_len(a: Sequence[str], b: Sequence[str]) -> int:
    """Length of the longest common contiguous run (the official `find_lcs`)."""
    best = 0
    prev = [0] * (len(b) + 1)
    for x in a:
        cur = [0] * (len(b) + 1)
        for j, y in enumerate(b):
            if x == y:
                cur[j + 1] = prev[j] + 1
                best = max(best, cur[j + 1])
        prev = cur
    return best


def _no_answer_score(pred: str | None) -> float:
    # SQuAD 2.0 convention: with no gold answer, only an empty prediction scores.
    return 1.0 if not normalize_tokens(pred) else 0.0


def exact_match(pred: str | None, golds: Iterable[str]) -> float:
    golds = list(golds)
    if not golds:
        return _no_answer_score(pred)
    p = normalize_tokens(pred)
    return 1.0 if any(normalize_tokens(g) == p for g in golds) else 0.0


def f1(pred: str | None, golds: Iterable[str]) -> float:
    golds = list(golds)
    if not golds:
        return _no_answer_score(pred)
    p = normalize_tokens(pred)
    best = 0.0
    for g in golds:
        gt = normalize_tokens(g)
        if not gt or not p:
            best = max(best, 1.0 if gt == p else 0.0)
            continue
        common = _lcs_len(gt, p)
        if common == 0:
            continue
        precision, recall = common / len(p), common / len(gt)
        best = max(best, 2 * precision * recall / (precision + recall))
    return best


def contains(pred_or_passage: str | None, golds: Iterable[str]) -> bool:
    """True when some gold answer appears, as a token run, inside the text."""
    hay = normalize_tokens(pred_or_passage)
    for g in golds:
        needle = normalize_tokens(g)
        if needle and any(hay[i:i + len(needle)] == needle for i in range(len(hay) - len(needle) + 1)):
            return True
    return False


def hit(pred: str | None, golds: Iterable[str], slack: int = 6) -> bool:
    """The answer holds a gold answer and is not much longer: at most twice its length plus
    `slack` tokens. A whole sentence around a number is no hit; "43人" for "43" is."""
    size = len(normalize_tokens(pred))
    return any(contains(pred, (g,)) and size <= 2 * len(normalize_tokens(g)) + slack for g in golds)


def invariance(groups: Iterable[Sequence[str | None]]) -> float | None:
    """Share of groups whose members all got the same answer (None = declined counts as one)."""
    groups = [g for g in groups if len(g) > 1]
    if not groups:
        return None
    return sum(len({" ".join(normalize_tokens(a)) if a is not None else None for a in g}) == 1
               for g in groups) / len(groups)


# Retrieval: `ranks` holds, per question, the 1-based rank of the first relevant
# passage, or None when none of the returned passages was relevant.

def recall_at_k(ranks: Sequence[int | None], k: int) -> float | None:
    if not ranks:
        return None  # undefined, not zero: an empty group did not fail
    return sum(1 for r in ranks if r is not None and r <= k) / len(ranks)


def mrr(ranks: Sequence[int | None]) -> float | None:
    if not ranks:
        return None
    return sum(1.0 / r for r in ranks if r is not None) / len(ranks)


def percentile(values: Sequence[float], p: float) -> float | None:
    """Linear interpolation between closest ranks (numpy's default method)."""
    if not values:
        return None
    if not 0 <= p <= 100:
        raise ValueError(f"percentile p must be in [0, 100], got {p}")
    xs = sorted(values)
    pos = (len(xs) - 1) * p / 100
    lo, hi = math.floor(pos), math.ceil(pos)
    return xs[lo] + (xs[hi] - xs[lo]) * (pos - lo)


# Abstention: `abstained[i]` is what the system did, `unanswerable[i]` the truth.

def _check_pair(abstained: Sequence[bool], unanswerable: Sequence[bool]) -> None:
    if len(abstained) != len(unanswerable):
        raise ValueError(f"length mismatch: {len(abstained)} abstentions vs {len(unanswerable)} labels")


def abstention_precision(abstained: Sequence[bool], unanswerable: Sequence[bool]) -> float | None:
    """Of the questions the system declined, the share that really had no answer."""
    _check_pair(abstained, unanswerable)
    declined = [u for a, u in zip(abstained, unanswerable) if a]
    return sum(declined) / len(declined) if declined else None


def abstention_recall(abstained: Sequence[bool], unanswerable: Sequence[bool]) -> float | None:
    """Of the unanswerable questions, the share the system declined."""
    _check_pair(abstained, unanswerable)
    truth = [a for a, u in zip(abstained, unanswerable) if u]
    return sum(truth) / len(truth) if truth else None


def false_abstention_rate(abstained: Sequence[bool], unanswerable: Sequence[bool]) -> float | None:
    """Of the answerable questions, the share the system wrongly declined."""
    _check_pair(abstained, unanswerable)
    answerable = [a for a, u in zip(abstained, unanswerable) if not u]
    return sum(answerable) / len(answerable) if answerable else None
