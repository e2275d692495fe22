"""Answers marked 答对了 / 答错了 in the chat, kept as an evaluation set.

Each mark is one line in the JSONL format `eval.sets.load_set` reads, so the marks run as a set
(`qa eval feedback`, or the evaluation tab) like any other. The file lives beside the index
(`Config.feedback_file`) and is never sent anywhere. Nothing here imports gradio.
"""
from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import tempfile
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from qa.schema import Answer, Document

# A rough type for the per-type table; eval/sets.py TYPES names the choices.
_SHARE_OR_MONEY = re.compile(r"[%％‰]|百分|元|万元|亿")
_COUNT = re.compile(r"\d|[一二三四五六七八九十百千万两]+[个名人所项次家门场期年所座间]")


class FeedbackError(ValueError):
    """A mark that cannot become an evaluation question; the message is for the user."""


@dataclass(frozen=True)
class Mark:
    """One judgement of one shown answer: right, or wrong with an optional verbatim correction."""
    answer: Answer
    right: bool
    correction: str | None = None


def question_id(question: str) -> str:
    # the same question marked again replaces its earlier mark (ids must be unique in a set)
    return "fb-" + hashlib.sha1(question.strip().encode("utf-8")).hexdigest()[:12]


def _kind(golds: Sequence[str], parts: bool) -> str:
    if not golds:
        return "unanswerable"
    if parts:
        return "cross_doc"
    if any(_SHARE_OR_MONEY.search(g) for g in golds):
        return "percent_money"
    return "number" if any(_COUNT.search(g) for g in golds) else "entity"


def _docs_of(answer: Answer) -> list[str]:
    """The documents the shown answer (or each of its parts) was taken from."""
    found = [a.citations[0].doc for a in (answer, *answer.parts)
             if not a.abstained and a.answer and a.citations]
    return list(dict.fromkeys(found))


def correction_docs(correction: str, answer: Answer, documents: Sequence[Document]) -> list[str]:
    """Where a correction stands verbatim: its cited passages first, else any document; else refused."""
    cited = [c.doc for c in answer.citations if correction in c.text]
    if cited:
        return list(dict.fromkeys(cited))
    anywhere = [d.doc for d in documents if correction in d.text]
    if anywhere:
        return anywhere
    raise FeedbackError(f"“{correction}”不是引用段落或资料原文中的原话，未保存；"
                        "请从原文中复制正确答案（一字不差）")


def to_record(mark: Mark, documents: Sequence[Document]) -> tuple[dict[str, Any], str]:
    """The evaluation-set line for a mark, and a sentence telling the user what was saved."""
    ans = mark.answer
    shown = ans.answer if not ans.abstained else None
    correction = (mark.correction or "").strip()
    if mark.right:
        if ans.parts:
            golds = [p.answer for p in ans.parts if not p.abstained and p.answer]
        else:
            golds = [shown] if shown else []
        docs, said = _docs_of(ans), "已记为答对"
    elif correction:
        golds, docs = [correction], correction_docs(correction, ans, documents)
        said = f"已记为答错，正确答案“{correction}”"
    elif shown or ans.parts:
        # wrong, and no better answer known: the honest behaviour is then to decline
        golds, docs = [], []
        said = "已记为答错；没有填写正确答案，评测时按“应拒答”计分"
    else:
        raise FeedbackError("助手没有作答时标记答错，需要填写原文中的正确答案，否则这道题无法计分")
    record = {
        "id": question_id(ans.question), "question": ans.question, "answers": golds,
        "doc": docs or None, "type": _kind(golds, bool(ans.parts)),
        # not read by load_set: what the mark was made on, for whoever reviews the set
        "marked": "答对了" if mark.right else "答错了", "shown": shown,
        "marked_at": time.strftime("%Y-%m-%dT%H:%M:%S"),
    }
    return record, said


class FeedbackStore:
    """The marks file; one writer at a time, each write whole (a crash never leaves half a line)."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self._lock = threading.Lock()

    def records(self) -> list[dict[str, Any]]:
        if not self.path.is_file():
            return []
        return [json.loads(line) for line in self.path.read_text(encoding="utf-8").splitlines() if line.strip()]

    def save(self, record: dict[str, Any]) -> int:
        """Add or replace the record with the same id; returns how many marks there are now."""
        with self._lock:
            kept = [r for r in self.records() if r.get("id") != record["id"]] + [record]
            self.path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(prefix=".feedback-", dir=self.path.parent)
            with os.fdopen(fd, "w", encoding="utf-8") as out:
                out.writelines(json.dumps(r, ensure_ascii=False) + "\n" for r in kept)
            os.replace(tmp, self.path)
            return len(kept)

    def export(self) -> Path | None:
        """A copy to download (the live file stays where it is); None when nothing is marked yet."""
        if not self.path.is_file():
            return None
        out = Path(tempfile.mkdtemp(prefix="qa-feedback-")) / f"feedback-{time.strftime('%Y%m%d-%H%M%S')}.jsonl"
        shutil.copyfile(self.path, out)
        return out
