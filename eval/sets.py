"""Evaluation sets: one `EvalItem` per question, loaded from JSONL, CSV or SQuAD JSON.

Loading is strict on purpose: a typo in a hand-written set would otherwise
silently turn into a "wrong" answer and skew every metric, so any malformed
record stops the load with the file, the line and the problem.
"""
from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

TYPES: frozenset[str] = frozenset({
    "number", "entity", "date", "list", "percent_money", "yes_no_fact",
    "aggregate", "cross_doc", "unanswerable",
})
# Imported sets (CSV, SQuAD) carry no type; they get one of these two.
UNKNOWN = "unknown"
UNANSWERABLE = "unanswerable"


class EvalSetError(ValueError):
    """A malformed evaluation set; the message names file, line and problem."""


@dataclass(frozen=True)
class EvalItem:
    id: str
    question: str
    answers: tuple[str, ...]          # verbatim gold spans; empty = unanswerable
    doc: tuple[str, ...] | None       # gold document file names
    evidence: tuple[str, ...] | None  # verbatim passages holding the answer
    type: str
    context: str | None = None        # SQuAD-style sets bring their own passage
    group: str | None = None          # questions of one group ask the same thing in other words

    @property
    def answerable(self) -> bool:
        return bool(self.answers)


def load_set(path: Path) -> list[EvalItem]:
    path = Path(path)
    try:
        raw = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise EvalSetError(f"{path}: cannot read evaluation set: {exc}") from exc
    suffix = path.suffix.lower()
    if suffix == ".csv":
        items = _load_csv(path, raw)
    elif suffix == ".json" or (suffix != ".jsonl" and _looks_like_squad(raw)):
        items = _load_squad(path, raw)
    else:
        items = _load_jsonl(path, raw)
    if not items:
        raise EvalSetError(f"{path}: evaluation set is empty")
    seen: set[str] = set()
    for item in items:
        if item.id in seen:
            raise EvalSetError(f"{path}: duplicate id {item.id!r}")
        seen.add(item.id)
    return items


def _looks_like_squad(raw: str) -> bool:
    try:
        data = json.loads(raw)
    except json.JSONDecodeError:
        return False
    return isinstance(data, dict) and "data" in data


def _str_or_list(value: Any, field: str, where: str) -> tuple[str, ...] | None:
    if value is None:
        return None
    values = [value] if isinstance(value, str) else value
    if not isinstance(values, list) or not all(isinstance(v, str) and v.strip() for v in values):
        raise EvalSetError(f"{where}: {field!r} must be a non-empty string, a list of them, or null")
    return tuple(values) or None


def _load_jsonl(path: Path, raw: str) -> list[EvalItem]:
    items: list[EvalItem] = []
    first_seen: dict[str, int] = {}
    for lineno, line in enumerate(raw.splitlines(), start=1):
        if not line.strip():
            continue
        where = f"{path}:{lineno}"
        try:
            rec = json.loads(line)
        except json.JSONDecodeError as exc:
            raise EvalSetError(f"{where}: bad JSON: {exc.msg} (column {exc.colno})") from exc
        if not isinstance(rec, dict):
            raise EvalSetError(f"{where}: expected a JSON object, got {type(rec).__name__}")
        for field in ("id", "question", "answers", "type"):
            if field not in rec:
                raise EvalSetError(f"{where}: missing field {field!r}")
        for field in ("id", "question"):
            if not isinstance(rec[field], str) or not rec[field].strip():
                raise EvalSetError(f"{where}: {field!r} must be a non-empty string")
        if rec["id"] in first_seen:
            raise EvalSetError(f"{where}: duplicate id {rec['id']!r} (first on line {first_seen[rec['id']]})")
        first_seen[rec["id"]] = lineno
        answers = rec["answers"]
        if not isinstance(answers, list):
            raise EvalSetError(f"{where}: 'answers' must be a list, got {type(answers).__name__}")
        if not all(isinstance(a, str) and a.strip() for a in answers):
            raise EvalSetError(f"{where}: every answer must be a non-empty string")
        kind = rec["type"]
        if kind not in TYPES:
            raise EvalSetError(f"{where}: unknown type {kind!r} (expected one of {sorted(TYPES)})")
        # An answerable question without gold (or the reverse) would score
        # abstention backwards, so the type and the answers must agree.
        if (kind == UNANSWERABLE) != (not answers):
            raise EvalSetError(f"{where}: type {kind!r} needs {'no' if answers else 'at least one'} answer")
        context = rec.get("context")
        if context is not None and not isinstance(context, str):
            raise EvalSetError(f"{where}: 'context' must be a string or null")
        group = rec.get("group")
        if group is not None and (not isinstance(group, str) or not group.strip()):
            raise EvalSetError(f"{where}: 'group' must be a non-empty string or null")
        items.append(EvalItem(
            id=rec["id"], question=rec["question"], answers=tuple(answers),
            doc=_str_or_list(rec.get("doc"), "doc", where),
            evidence=_str_or_list(rec.get("evidence"), "evidence", where),
            type=kind, context=context, group=group,
        ))
    return items


def _split_bar(cell: str | None) -> tuple[str, ...]:
    return tuple(p.strip() for p in (cell or "").split("|") if p.strip())


def _load_csv(path: Path, raw: str) -> list[EvalItem]:
    # StringIO(newline="") keeps quoted multi-line cells intact.
    reader = csv.DictReader(io.StringIO(raw, newline=""))
    header = reader.fieldnames or []
    missing = [c for c in ("question", "answers") if c not in header]
    if missing:
        raise EvalSetError(f"{path}:1: CSV header lacks column(s) {missing}; expected question,answers,doc")
    items: list[EvalItem] = []
    for row_no, row in enumerate(reader, start=1):
        where = f"{path}:{reader.line_num}"
        if None in row:
            raise EvalSetError(f"{where}: more cells than header columns")
        question = (row.get("question") or "").strip()
        if not question:
            raise EvalSetError(f"{where}: empty question")
        answers = _split_bar(row.get("answers"))
        docs = _split_bar(row.get("doc"))
        items.append(EvalItem(
            id=str(row_no), question=question, answers=answers, doc=docs or None,
            evidence=None, type=UNKNOWN if answers else UNANSWERABLE,
        ))
    return items


def _load_squad(path: Path, raw: str) -> list[EvalItem]:
    try:
        data = json.loads(raw)
    except json.JSONDecodeError as exc:
        raise EvalSetError(f"{path}:{exc.lineno}: bad JSON: {exc.msg}") from exc
    if not isinstance(data, dict) or not isinstance(data.get("data"), list):
        raise EvalSetError(f"{path}: SQuAD JSON needs a top-level 'data' list")
    items: list[EvalItem] = []
    # JSON has no per-record line numbers after parsing; the JSON path is the
    # next-best way to point at the broken record.
    for a, article in enumerate(data["data"]):
        paragraphs = article.get("paragraphs") if isinstance(article, dict) else None
        if not isinstance(paragraphs, list):
            raise EvalSetError(f"{path}: data[{a}]: missing 'paragraphs' list")
        for p, para in enumerate(paragraphs):
            where = f"{path}: data[{a}].paragraphs[{p}]"
            if not isinstance(para, dict) or not isinstance(para.get("context"), str):
                raise EvalSetError(f"{where}: missing 'context' string")
            if not isinstance(para.get("qas"), list):
                raise EvalSetError(f"{where}: missing 'qas' list")
            for q, qa in enumerate(para["qas"]):
                qwhere = f"{where}.qas[{q}]"
                if not isinstance(qa, dict):
                    raise EvalSetError(f"{qwhere}: expected an object")
                for field in ("id", "question"):
                    if not isinstance(qa.get(field), (str, int)) or not str(qa.get(field)).strip():
                        raise EvalSetError(f"{qwhere}: missing field {field!r}")
                raw_answers = qa.get("answers", [])
                if not isinstance(raw_answers, list):
                    raise EvalSetError(f"{qwhere}: 'answers' must be a list")
                texts: list[str] = []
                for ans in raw_answers:
                    if not isinstance(ans, dict) or not isinstance(ans.get("text"), str):
                        raise EvalSetError(f"{qwhere}: every answer needs a 'text' string")
                    if ans["text"].strip() and ans["text"] not in texts:
                        texts.append(ans["text"])  # SQuAD repeats the same span per annotator
                if qa.get("is_impossible"):
                    texts = []
                items.append(EvalItem(
                    id=str(qa["id"]), question=str(qa["question"]), answers=tuple(texts),
                    doc=None, evidence=None, type=UNKNOWN if texts else UNANSWERABLE,
                    context=para["context"],
                ))
    return items
