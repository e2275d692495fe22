"""What each control does, kept apart from the layout so it is tested without a browser.

Nothing here imports gradio: progress is any callable taking `(fraction or (done, total), desc=...)`,
which is what `gr.Progress` accepts.
"""
from __future__ import annotations

import logging
import shutil
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, nullcontext
from pathlib import Path
from typing import Any

from eval.report import write_run
from eval.runner import evaluate, run_eval
from eval.sets import EvalSetError, load_set
from index.ingest.metadata import DISTRICTS
from qa.schema import Answer
from ui import render as R

log = logging.getLogger("qa.ui")
ProgressFn = Callable[..., Any]
EVAL_SUFFIXES = (".jsonl", ".csv", ".json")
DEFAULT_EVAL = "eval/changzhou_dev.jsonl"
History = list[dict[str, Any]]


def _no_progress(*_args: Any, **_kwargs: Any) -> None:
    return None


def _progress_text(message: str) -> str:
    # The engine reports in English; the user reads Chinese.
    if message.startswith("indexing"):
        return "建立索引"
    return {"saving index": "保存索引", "done": "完成"}.get(message, message)


class Handlers:
    def __init__(self, assistant: Any, serialize: bool = False) -> None:
        self.a = assistant
        # A fallback for an engine that is not thread-safe: one question at a time.
        self._ask_guard: AbstractContextManager[Any] = threading.Lock() if serialize else nullcontext()

    # ---- choices shown in the controls ---------------------------------
    def district_choices(self) -> list[str]:
        found = {d.district for d in self.a.documents() if d.district}
        return [R.ALL, *DISTRICTS, *sorted(found - set(DISTRICTS))]

    def year_choices(self) -> list[str]:
        years = sorted({y for d in self.a.documents() for y in d.years}, reverse=True)
        return [R.ALL, *map(str, years)]

    def doc_names(self) -> list[str]:
        return [d.doc for d in self.a.documents()]

    def doc_rows(self) -> list[list[str]]:
        return R.document_rows(self.a.documents())

    def eval_sets(self) -> list[str]:
        root = Path(self.a.config.root)
        folder = root / "eval"
        found = sorted(p for p in folder.glob("*") if p.suffix.lower() in EVAL_SUFFIXES) if folder.is_dir() else []
        return [p.relative_to(root).as_posix() for p in found] or [DEFAULT_EVAL]

    # ---- chat ------------------------------------------------------------
    def prefill(self, question: str, district: str, year: str, auto: dict[str, bool] | None
                ) -> tuple[str, str, dict[str, bool]]:
        """Fill the filters from what the question names; undo only what we filled ourselves."""
        intent = self.a.understand(question or "")
        auto = dict(auto or {})
        # one filter value can hold one district or year; a question naming two ("新北2018年和
        # 钟楼2021年…") is read across both, so the filters stay open
        if len(intent.districts) == 1:
            district, auto["district"] = intent.district, True
        elif auto.get("district") or intent.districts:
            district, auto["district"] = R.ALL, False
        if len(intent.years) == 1:
            year, auto["year"] = str(intent.years[0]), True
        elif auto.get("year") or intent.years:
            year, auto["year"] = R.ALL, False
        return district, year, auto

    def ask(self, question: str, district: str | None = None, year: str | int | None = None,
            k: int | float | None = None) -> Answer:
        district = None if district in (None, "", R.ALL) else district
        year_value = None if year in (None, "", R.ALL) else int(str(year).strip().removesuffix("年"))
        with self._ask_guard:
            return self.a.ask(question, k=int(k) if k else None, district=district, year=year_value)

    def respond(self, question: str, history: History | None, district: str, year: str,
                k: float) -> Iterator[tuple[History, str]]:
        """Show the question at once, then replace the placeholder by the rendered answer."""
        history = list(history or [])
        question = (question or "").strip()
        if not question:
            yield history, ""
            return
        history.append({"role": "user", "content": R.esc(question)})
        yield history + [{"role": "assistant", "content": "正在检索资料…"}], ""
        try:
            html = R.render_answer(self.ask(question, district, year, k))
        except ValueError as exc:        # an empty/oversized question or a year that is not a number
            html = R.render_error(f"无法处理这个问题：{exc}")
        except Exception as exc:         # keep the session alive; the log has the traceback
            log.exception("ask failed")
            html = R.render_error(f"内部错误（{type(exc).__name__}）：{exc}")
        yield history + [{"role": "assistant", "content": html}], ""

    # ---- documents ---------------------------------------------------------
    def add_files(self, files: list[str] | str | None, progress: ProgressFn = _no_progress) -> str:
        if not files:
            return "请先选择要上传的报告文件（.txt、.docx、.pdf、.html）。"
        files = [files] if isinstance(files, str) else list(files)
        existing = set(self.doc_names())
        lines = []
        for i, f in enumerate(files):
            src = Path(f)
            try:
                lines.append(self._add_one(src, existing, lambda frac, msg, i=i: progress(
                    (i + frac) / len(files), desc=f"{src.name}：{_progress_text(msg)}")))
            except ValueError as exc:    # UploadRejected and the engine's IngestError
                lines.append(f"未添加 {src.name}：{exc}。资料库未改变。")
            except Exception as exc:
                log.exception("add_document failed")
                lines.append(f"未添加 {src.name}：索引失败（{type(exc).__name__}: {exc}）。资料库未改变。")
        return "\n".join(lines)

    def _add_one(self, src: Path, existing: set[str], progress: Callable[[float, str], None]) -> str:
        name = R.safe_upload_name(src.name)
        R.library_target(self.a.config.library_dir, name)
        if name in existing:
            raise R.UploadRejected(f"已有同名文档 {name}，请先删除它或改名后再上传")
        R.check_upload_size(src.stat().st_size, name)
        # The engine names a document after its file, so stage the upload under the clean name.
        with tempfile.TemporaryDirectory(prefix="qa-upload-") as tmp:
            staged = Path(tmp) / name
            shutil.copyfile(src, staged)
            try:
                doc = self.a.add_document(staged, progress=progress)
            except ValueError as exc:    # hide the staging folder from the message
                raise ValueError(str(exc).replace(str(staged), name)) from exc
        existing.add(doc.doc)
        years = "、".join(map(str, doc.years)) or "年份未识别"
        return f"已添加 {doc.doc}：{doc.title}（{doc.district or '区县未识别'}，{years}）"

    def remove(self, name: str | None) -> str:
        if not name:
            return "请先选择要删除的文档（或已取消）。"
        try:
            self.a.remove_document(name)
        except KeyError:
            return f"没有名为 {name} 的文档（可能已被删除）。"
        return f"已删除 {name}。"

    # ---- evaluation --------------------------------------------------------
    def run_evaluation(self, choice: str | None, uploaded: str | None, limit: float | None,
                       progress: ProgressFn = _no_progress
                       ) -> tuple[str, list[list[str]], list[list[str]], str]:
        root = Path(self.a.config.root)
        if uploaded:
            path = Path(uploaded)
        elif choice in self.eval_sets():  # only listed files: the path comes from the browser
            path = root / choice
        else:
            return "请选择 eval/ 中的评测集或上传一个。", [], [], ""
        try:
            items = load_set(path)
        except EvalSetError as exc:
            return f"评测集无法读取：{exc}", [], [], ""
        if limit and int(limit) > 0:
            items = items[:int(limit)]
        done = [0]

        def ask(question: str) -> Answer:
            try:
                return self.ask(question)
            finally:
                done[0] += 1
                progress((done[0], len(items)), desc="评测中", unit="题")

        progress((0, len(items)), desc="评测中", unit="题")
        answers = run_eval(ask, items, progress=False)
        metrics = evaluate(items, answers, root=root)
        status = f"完成 {len(items)} 题：判定正确率 {R.fmt_num(metrics['overall'].get('accuracy'))}%，" \
                 f"F1 {R.fmt_num(metrics['overall'].get('f1'))}。"
        try:
            out = write_run(self.a.config.runs_dir / f"ui-{time.strftime('%Y%m%d-%H%M%S')}", items, answers, metrics)
            status += f" 完整报告：{out / 'report.html'}"
        except OSError as exc:           # the table on screen is still valid without the files
            status += f"（报告未能写入：{exc}）"
        return (status, R.metric_rows(metrics["overall"]), R.type_rows(metrics["by_type"]),
                R.render_failures(items, answers, metrics["items"]))
