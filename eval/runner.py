"""Runs an assistant over an evaluation set and scores what it returned.

`evaluate` checks citations against the files on disk rather than trusting the
citation's own `text`, because "the cited passage really says this" is the
product's promise and the only thing a user can verify.
"""
from __future__ import annotations

import re
import time
from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

from tqdm import tqdm

from qa.config import PROJECT_ROOT
from eval import metrics as M
from eval.sets import EvalItem
from index.ingest.encoding import read_text
from index.ingest.errors import IngestError
from qa.schema import COMPOSED_KINDS, Answer, Citation

SCALE_NOTE = ("aggregate rates are percentages 0-100 (EM/F1 as in CMRC 2018, recall@k, MRR, "
              "abstention and citation rates alike); per-item scores are 0-1; latency in ms")
RECALL_KS = (1, 3, 5, 10)
NO_DOC = "(none)"
CRASH = "error:"  # the reason of an answer whose question crashed the assistant
VERDICTS = {"是", "否"}


def run_eval(ask: Callable[[str], Answer], items: Sequence[EvalItem], progress: bool = True) -> list[Answer]:
    """Ask every question in this process; a crash on one question is recorded, not fatal."""
    answers: list[Answer] = []
    for item in tqdm(items, desc="eval", unit="q", disable=not progress):
        t0 = time.perf_counter()
        try:
            ans = ask(item.question)
        except Exception as exc:  # one bad question must not throw away a long run
            ans = Answer(question=item.question, answer=None, answer_kind="span", abstained=True,
                         reason=f"{CRASH} {type(exc).__name__}: {exc}", answer_start=None, answer_end=None)
        elapsed = (time.perf_counter() - t0) * 1000
        if "total" not in ans.timings_ms:
            ans = replace(ans, timings_ms={**ans.timings_ms, "total": elapsed})
        answers.append(ans)
    return answers


def crashed(ans: Answer) -> bool:
    return bool(ans.reason and ans.reason.startswith(CRASH))


def is_abstention(ans_text: str | None, abstained: bool) -> bool:
    # An empty answer is a refusal in effect, whatever the flag says.
    return abstained or not (ans_text or "").strip()


def judge(pred: str | None, abstained: bool, golds: Sequence[str]) -> bool:
    """The per-question pass/fail used for failure lists and run comparisons.

    Answerable: answered, and either EM or the gold lies inside the answer
    (sentence-style answers are right when they contain the span).
    Unanswerable: the system declined.
    """
    declined = is_abstention(pred, abstained)
    if not golds:
        return declined
    if set(golds) <= VERDICTS:
        # a bare 是/否 gold is the verdict: the answer must open with it, not merely hold the character
        return not declined and re.split("[：，。:,]", pred.strip(), maxsplit=1)[0] in golds
    return not declined and (M.exact_match(pred, golds) == 1.0 or M.contains(pred, golds))


class DocumentTexts:
    """Document texts by citation path, read once, decoded the way ingestion does."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self._cache: dict[str, str | None] = {}

    def get(self, path: str) -> str | None:
        if path not in self._cache:
            p = Path(path)
            p = p if p.is_absolute() else self.root / p
            try:
                self._cache[path] = read_text(p)[0]
            except (IngestError, OSError):
                self._cache[path] = None
        return self._cache[path]


def _find_all(text: str, needle: str) -> list[tuple[int, int]]:
    spans, i = [], text.find(needle)
    while needle and i >= 0:
        spans.append((i, i + len(needle)))
        i = text.find(needle, i + 1)
    return spans


def _gold_doc(c: Citation, item: EvalItem) -> bool:
    return item.doc is not None and (c.doc in item.doc or Path(c.path).name in item.doc)


def relevant(c: Citation, item: EvalItem, texts: DocumentTexts) -> bool:
    if not _gold_doc(c, item):
        return False
    if not item.evidence:
        return True
    text = texts.get(c.path)
    if text is None:
        return False
    spans = [s for ev in item.evidence for s in _find_all(text, ev)]
    if not spans:
        # A cross-document item's evidence may all sit in its other documents;
        # then this gold document can only be judged at document level.
        return True
    return any(c.start < e and s < c.end for s, e in spans)


def _verbatim(c: Citation, texts: DocumentTexts) -> bool:
    # A citation whose text differs from the file at its offsets cannot be checked by a user.
    text = texts.get(c.path)
    return text is not None and text[c.start:c.end] == c.text


def _citation_ok(item: EvalItem, ans: Answer, texts: DocumentTexts) -> bool:
    if not ans.citations or ans.answer_start is None or ans.answer_end is None or not ans.answer:
        return False
    first = ans.citations[0]
    text = texts.get(first.path)
    if not _gold_doc(first, item) or text is None:
        return False
    if text[ans.answer_start:ans.answer_end] != ans.answer:
        return False
    return any(c.path == first.path and c.start <= ans.answer_start and ans.answer_end <= c.end
               for c in ans.citations)


def part_golds(golds: Sequence[str], n: int) -> list[tuple[str, ...]]:
    """The gold answers each of `n` parts is scored on: one each, in order, when the set lists
    one per part ("钟楼2021年和天宁2025年分别…": 5000个, 2610个); otherwise all of them."""
    return [(g,) for g in golds] if len(golds) == n > 1 else [tuple(golds)] * n


def judge_answer(answer: str | None, abstained: bool, golds: Sequence[str],
                 parts: Sequence[tuple[str | None, bool]] = ()) -> bool:
    """`judge`, and for an answer given in parts, every part judged on its own gold."""
    if not parts:
        return judge(answer, abstained, golds)
    return all(judge(a, d, g) for (a, d), g in zip(parts, part_golds(golds, len(parts))))


def gold_pieces(golds: Sequence[str]) -> list[str]:
    """The pieces a gold answer lists ("招聘优才计划6人，编内教师70人" → two; a run of quoted names,
    “校务管理”“师生管理”, → two), each a part to recall."""
    return [p for g in golds for p in re.split(r"[、，,；;]|以及|及|和|(?<=”)(?=“)", g) if M.normalize_tokens(p)]


def part_recall(golds: Sequence[str], shown: Sequence[tuple[str, str]]) -> float | None:
    """The share of the gold's pieces that some answered part of a composed answer quotes;
    None without gold or parts. `shown`: each part's (label, value). A piece is quoted when it
    holds the part's label and value read together, either way round (公开招聘教师43人, or
    120名事业编制教师), or both apart (7人获一等奖 for 一等奖 and 7人)."""
    pieces = gold_pieces(golds)
    if not pieces or not shown:
        return None
    return sum(any(_quotes(label, value, g) for label, value in shown) for g in pieces) / len(pieces)


def _quotes(label: str, value: str, piece: str) -> bool:
    # joined by a space: a list's number and an ASCII item (1 and 6G) are no one token 16G
    if M.contains(f"{label} {value}", [piece]) or M.contains(f"{value} {label}", [piece]):
        return True
    return bool(label and value) and M.contains(piece, [label]) and M.contains(piece, [value])


def shown_parts(parts: Sequence[Answer]) -> list[tuple[str, str]]:
    """Each answered part as (label, value)."""
    return [(p.label or "", p.answer or "") for p in parts if not p.abstained]


def shown_stored(parts: Sequence[dict[str, Any]]) -> list[tuple[str, str]]:
    """shown_parts for the parts as a run's predictions.jsonl stores them."""
    return [(q.get("label") or "", q["answer"] or "") for q in parts if not q["abstained"]]


def judge_composed(answer: str | None, abstained: bool, golds: Sequence[str],
                   shown: Sequence[tuple[str, str]]) -> bool:
    """`judge` for a composed answer: also right when its parts quote every gold piece."""
    declined = is_abstention(answer, abstained)
    return judge(answer, declined, golds) or (not declined and bool(golds) and not set(golds) <= VERDICTS
                                               and part_recall(golds, shown) == 1.0)


def _composed_scores(item: EvalItem, ans: Answer) -> dict[str, Any]:
    """A composed answer is scored by its total or verdict (the text before "：") and its whole
    text, whichever is closer to the gold, and by the recall of its parts: it is right when the
    gold is in its text or every gold piece is in its parts."""
    declined = is_abstention(ans.answer, ans.abstained)
    pred = None if declined else ans.answer
    head = None if declined else re.split("[：，]", pred, maxsplit=1)[0].lstrip("共")
    shown = shown_parts(ans.parts)
    recall = None if declined or not item.answerable else part_recall(item.answers, shown)
    em = max(M.exact_match(head, item.answers), M.exact_match(pred, item.answers))
    contains = (M.contains(pred, item.answers) or recall == 1.0) if item.answerable else None
    correct = judge_composed(pred, declined, item.answers, shown)
    # a hit: the total or verdict holds the gold and is not much longer, or the parts quote it all
    hit = (M.hit(head, item.answers) or recall == 1.0) if item.answerable else None
    return {"em": em, "f1": max(M.f1(head, item.answers), M.f1(pred, item.answers)),
            "contains": contains, "hit": hit, "correct": correct, "part_recall": recall}


def _span_scores(item: EvalItem, ans: Answer) -> dict[str, Any]:
    if ans.answer_kind in COMPOSED_KINDS:
        return _composed_scores(item, ans)
    if ans.parts:
        each = [_span_scores(replace(item, answers=g), p) for p, g in
                zip(ans.parts, part_golds(item.answers, len(ans.parts)))]
        return {"em": _mean([e["em"] for e in each]), "f1": _mean([e["f1"] for e in each]),
                "contains": all(e["contains"] for e in each) if item.answerable else None,
                "hit": all(e["hit"] for e in each) if item.answerable else None,
                "correct": all(e["correct"] for e in each)}
    declined = is_abstention(ans.answer, ans.abstained)
    pred = None if declined else ans.answer
    return {"em": M.exact_match(pred, item.answers), "f1": M.f1(pred, item.answers),
            "contains": M.contains(pred, item.answers) if item.answerable else None,
            "hit": M.hit(pred, item.answers) if item.answerable else None,
            "correct": judge(pred, declined, item.answers)}


def score_item(item: EvalItem, ans: Answer, texts: DocumentTexts) -> dict[str, Any]:
    """One question's scores; an answer in parts scores each part on its own gold (mean EM/F1)."""
    declined = is_abstention(ans.answer, ans.abstained)
    rec: dict[str, Any] = {
        "id": item.id, "type": item.type, "docs": list(item.doc) if item.doc else [NO_DOC],
        "answerable": item.answerable, "abstained": declined,
        "error": crashed(ans),
        **_span_scores(item, ans),
        "rank": None, "retrieval_scored": False, "citation_ok": None,
        "citations_verbatim": [_verbatim(c, texts) for c in ans.citations],
        "latency_ms": ans.timings_ms.get("total"),
    }
    if rec["error"]:  # a crash on an unanswerable question is no correct refusal
        rec.update(em=0.0, f1=0.0, correct=False)
    if item.answerable and item.doc:
        rec["retrieval_scored"] = True
        rec["rank"] = next((i for i, c in enumerate(ans.citations, 1) if relevant(c, item, texts)), None)
        if not declined:
            answered = [p for p in ans.parts if not p.abstained] or [ans]
            rec["citation_ok"] = all(_citation_ok(item, p, texts) for p in answered)
    return rec


def _pct(x: float | None) -> float | None:
    return None if x is None else round(100 * x, 2)


def _mean(xs: Sequence[float]) -> float | None:
    return sum(xs) / len(xs) if xs else None


def aggregate(recs: Sequence[dict[str, Any]]) -> dict[str, Any]:
    """Group metrics; EM/F1 use SQuAD 2.0 rules (declining an unanswerable scores 1)."""
    has = [r for r in recs if r["answerable"]]
    ranks = [r["rank"] for r in has if r["retrieval_scored"]]
    cites = [r["citation_ok"] for r in has if r["citation_ok"] is not None]
    verbatim = [v for r in recs for v in r["citations_verbatim"]]
    absd = [r["abstained"] for r in recs]
    unans = [not r["answerable"] for r in recs]
    lat = [r["latency_ms"] for r in recs if r["latency_ms"] is not None]
    out: dict[str, Any] = {
        "n": len(recs), "n_answerable": len(has), "n_unanswerable": len(recs) - len(has),
        "n_errors": sum(r["error"] for r in recs),
        "em": _pct(_mean([r["em"] for r in recs])), "f1": _pct(_mean([r["f1"] for r in recs])),
        "has_ans_em": _pct(_mean([r["em"] for r in has])), "has_ans_f1": _pct(_mean([r["f1"] for r in has])),
        "containment": _pct(_mean([float(r["contains"]) for r in has])),
        "answer_hit": _pct(_mean([float(r["hit"]) for r in has])),
        "accuracy": _pct(_mean([float(r["correct"]) for r in recs])),
        # of the composed answers (qa/compose), the mean share of gold pieces their parts quote
        "part_recall": _pct(_mean([r["part_recall"] for r in has if r.get("part_recall") is not None])),
        "n_composed": sum(1 for r in recs if r.get("part_recall") is not None),
    }
    for k in RECALL_KS:
        out[f"recall@{k}"] = _pct(M.recall_at_k(ranks, k))
    out.update({
        "mrr": _pct(M.mrr(ranks)), "n_retrieval": len(ranks),
        "citation_correct": _pct(_mean([float(c) for c in cites])), "n_citation": len(cites),
        "citations_verbatim": _pct(_mean([float(v) for v in verbatim])),
        "abstention_precision": _pct(M.abstention_precision(absd, unans)),
        "abstention_recall": _pct(M.abstention_recall(absd, unans)),
        "false_abstention_rate": _pct(M.false_abstention_rate(absd, unans)),
        "latency_p50_ms": M.percentile(lat, 50), "latency_p95_ms": M.percentile(lat, 95),
    })
    return out


def _invariance(items: Sequence[EvalItem], answers: Sequence[Answer],
                recs: Sequence[dict[str, Any]]) -> dict[str, Any]:
    """For sets whose questions come in groups (the same question in other words): the share of
    groups answered alike by every member, and the share answered alike and right."""
    groups: dict[str, list[tuple[str | None, bool]]] = {}
    for item, ans, rec in zip(items, answers, recs):
        if item.group:
            said = None if rec["abstained"] else ans.answer
            groups.setdefault(item.group, []).append((said, rec["correct"]))
    if not groups:
        return {}
    alike = [[a for a, _ in g] for g in groups.values()]
    right = [[a for a, _ in g] for g in groups.values() if all(ok for _, ok in g)]
    return {"n_groups": len(groups), "invariance": _pct(M.invariance(alike)),
            "invariance_right": _pct(len([g for g in right if M.invariance([g])]) / len(groups))}


def evaluate(items: Sequence[EvalItem], answers: Sequence[Answer], root: Path | None = None) -> dict[str, Any]:
    """Score predictions; `root` resolves relative citation paths (default: project root)."""
    if len(items) != len(answers):
        raise ValueError(f"{len(items)} items but {len(answers)} answers")
    texts = DocumentTexts(Path(root) if root else PROJECT_ROOT)
    recs = [score_item(i, a, texts) for i, a in zip(items, answers)]
    by_type: dict[str, list[dict[str, Any]]] = {}
    by_doc: dict[str, list[dict[str, Any]]] = {}
    for r in recs:
        by_type.setdefault(r["type"], []).append(r)
        for d in r["docs"]:  # a cross-document question counts for each of its documents
            by_doc.setdefault(d, []).append(r)
    overall = aggregate(recs)
    overall.update(_invariance(items, answers, recs))
    return {
        "scale": SCALE_NOTE,
        "overall": overall,
        "by_type": {t: aggregate(rs) for t, rs in sorted(by_type.items())},
        "by_doc": {d: aggregate(rs) for d, rs in sorted(by_doc.items())},
        "items": recs,
    }
