"""What each control does, kept apart from the layout so it is tested without a browser.

Nothing here imports gradio: progress is any callable taking `(fraction or (done, total), desc=...)`,
which is what `gr.Progress` accepts.
"""
from __future__ import annotations

import json
import logging
import shutil
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, nullcontext
from pathlib import Path
from typing import Any

from eval.report import compare_runs_dict, write_run
from eval.runner import evaluate, run_eval
from eval.sets import EvalSetError, load_set
from index.ingest.metadata import DISTRICTS
from qa.schema import Answer
from ui import render as R
from ui.feedback import FeedbackError, FeedbackStore, Mark, to_record

log = logging.getLogger("qa.ui")
# what a user sees when the engine fails: no exception text, which means nothing to them
INTERNAL_ERROR = "内部错误：这个问题暂时没能回答，请稍后再试或换个说法。详细信息已写入服务器日志。"


def _year(value: str | int) -> int:
    text = str(value).strip().removesuffix("年")
    if not text.isdigit():
        raise ValueError(f"年份应是数字（如 2019），而不是“{value}”")
    return int(text)
ProgressFn = Callable[..., Any]
EVAL_SUFFIXES = (".jsonl", ".csv", ".json")
DEFAULT_EVAL = "eval/changzhou_dev.jsonl"
FEEDBACK = "feedback"               # the evaluation-set choice meaning "the answers marked in the chat"
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
        self.feedback = FeedbackStore(assistant.config.feedback_file)

    # ---- choices shown in the controls ---------------------------------
    def district_choices(self) -> list[str]:
        # only places the library has reports for: a filter value that matches nothing would
        # silently empty every answer (a place it lacks is said in the answer instead)
        found = {d.district for d in self.a.documents() if d.district}
        return [R.ALL, *[d for d in DISTRICTS if d in found], *sorted(found - set(DISTRICTS))]

    def year_choices(self) -> list[str]:
        years = sorted({y for d in self.a.documents() for y in d.years}, reverse=True)
        return [R.ALL, *map(str, years)]

    def doc_names(self) -> list[str]:
        return [d.doc for d in self.a.documents()]

    def doc_rows(self) -> list[list[str]]:
        root = Path(self.a.config.root)
        files = {}
        for d in self.a.documents():
            try:
                st = (root / d.path).stat()       # an absolute d.path stays itself
            except OSError:
                continue
            files[d.doc] = (st.st_size, st.st_mtime)
        return R.document_rows(self.a.documents(), files)

    def eval_sets(self) -> list[str]:
        root = Path(self.a.config.root)
        folder = root / "eval"
        found = sorted(p for p in folder.glob("*") if p.suffix.lower() in EVAL_SUFFIXES) if folder.is_dir() else []
        return [p.relative_to(root).as_posix() for p in found] or [DEFAULT_EVAL]

    def eval_set_choices(self) -> list[tuple[str, str]]:
        """(label, value) pairs: the marked answers first, then the sets in eval/."""
        n = len(self.feedback.records())
        return [(f"我标记的问题（{n} 题）", FEEDBACK), *((s, s) for s in self.eval_sets())]

    def run_choices(self) -> list[tuple[str, str]]:
        """Earlier evaluation runs (folders under runs_dir with scores), newest first, as
        (when · how many · how right, folder name)."""
        runs = Path(self.a.config.runs_dir)
        found = [p for p in runs.glob("*") if (p / "metrics.json").is_file()] if runs.is_dir() else []
        out = []
        for p in sorted(found, key=lambda p: p.stat().st_mtime, reverse=True):
            try:
                overall = json.loads((p / "metrics.json").read_text(encoding="utf-8"))["overall"]
            except (OSError, ValueError, KeyError):
                continue
            when = time.strftime("%m-%d %H:%M:%S", time.localtime(p.stat().st_mtime))
            out.append((f"{when} · {overall.get('n')} 题 · 判定正确率 {R.fmt_num(overall.get('accuracy'))}%", p.name))
        return out

    # ---- chat ------------------------------------------------------------
    def prefill(self, question: str, district: str, year: str, auto: dict[str, bool] | None
                ) -> tuple[str, str, dict[str, bool]]:
        """Fill the filters from what the question names; undo only what we filled ourselves."""
        intent = self.a.understand(question or "")
        auto = dict(auto or {})
        # one filter value can hold one district or year; a question naming two ("新北2018年和
        # 钟楼2021年…") is read across both, so the filters stay open
        if len(intent.districts) == 1 and intent.district in self.district_choices():
            district, auto["district"] = intent.district, True
        elif auto.get("district") or intent.districts:
            district, auto["district"] = R.ALL, False
        if len(intent.years) == 1 and str(intent.years[0]) in self.year_choices():
            year, auto["year"] = str(intent.years[0]), True
        elif auto.get("year") or intent.years:
            year, auto["year"] = R.ALL, False
        return district, year, auto

    def ask(self, question: str, district: str | None = None, year: str | int | None = None,
            k: int | float | None = None) -> Answer:
        district = None if district in (None, "", R.ALL) else district
        year_value = None if year in (None, "", R.ALL) else _year(year)
        with self._ask_guard:
            return self.a.ask(question, k=int(k) if k else None, district=district, year=year_value)

    def respond(self, question: str, history: History | None, district: str, year: str,
                k: float) -> Iterator[tuple[History, str, Answer | None]]:
        """Show the question at once, then replace the placeholder by the rendered answer.

        The third value is the newest answer, kept so it can be marked 答对了 / 答错了."""
        history = list(history or [])
        question = (question or "").strip()
        if not question:
            yield history, "", None
            return
        history.append({"role": "user", "content": R.esc(question)})
        yield history + [{"role": "assistant", "content": "正在检索资料…"}], "", None
        answer = None
        try:
            answer = self.ask(question, district, year, k)
            html = R.render_answer(answer)
        except ValueError as exc:        # an empty/oversized question or a year that is not a number
            html = R.render_error(f"无法处理这个问题：{exc}")
        except Exception:                # keep the session alive; the details go to the server log only
            log.exception("ask failed: %r", question)
            html = R.render_error(INTERNAL_ERROR)
        yield history + [{"role": "assistant", "content": html}], "", answer

    # ---- marks: the user's own questions as an evaluation set ---------------
    def mark(self, answer: Answer | None, right: bool, correction: str | None = None) -> str:
        """Save a judgement of the newest answer; the reply says what was saved, or why not."""
        if answer is None:
            return "请先提一个问题，再标记它的回答。"
        try:
            record, said = to_record(Mark(answer, right, correction), self.a.documents())
        except FeedbackError as exc:
            return str(exc) + "。"
        n = self.feedback.save(record)
        return f"{said}。已保存到本机的反馈评测集（共 {n} 题），可在“评测”页运行或导出。"

    def export_feedback(self) -> tuple[str | None, str]:
        path = self.feedback.export()
        return (str(path), "已导出，点击文件名下载。") if path else (None, "还没有标记过任何回答。")

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
            except Exception:
                log.exception("add_document failed: %s", src.name)
                lines.append(f"未添加 {src.name}：索引时出了内部错误（详情已写入服务器日志）。资料库未改变。")
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
                       ) -> tuple[str, list[list[str]], list[list[str]], str, str]:
        """Status, overall and per-type rows, the failures, and a link to the full report."""
        root = Path(self.a.config.root)
        if uploaded:
            path = Path(uploaded)
        elif choice == FEEDBACK:
            path = self.feedback.path
            if not path.is_file():
                return "还没有标记过回答：在“问答”页的回答下点“答对了”或“答错了”。", [], [], "", ""
        elif choice in self.eval_sets():  # only listed files: the path comes from the browser
            path = root / choice
        else:
            return "请选择 eval/ 中的评测集或上传一个。", [], [], "", ""
        try:
            items = load_set(path)
        except EvalSetError as exc:
            return f"评测集无法读取：{exc}", [], [], "", ""
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
        link = ""
        try:
            out = write_run(self._new_run_dir(), items, answers, metrics)
            status += " 结果已保存，可在下方与另一次评测比较。"
            link = R.report_link(out / "report.html")
        except OSError as exc:           # the table on screen is still valid without the files
            status += f"（报告未能写入：{exc}）"
        return (status, R.metric_rows(metrics["overall"]), R.type_rows(metrics["by_type"]),
                R.render_failures(items, answers, metrics["items"]), link)

    def _new_run_dir(self) -> Path:
        # two runs within one second must not overwrite each other: both stay comparable
        base = Path(self.a.config.runs_dir) / f"ui-{time.strftime('%Y%m%d-%H%M%S')}"
        n, out = 1, base
        while out.exists():
            n += 1
            out = base.with_name(f"{base.name}-{n}")
        return out

    def compare(self, run_a: str | None, run_b: str | None) -> tuple[str, list[list[str]], str]:
        """Two earlier runs side by side: metric changes and the questions that flipped."""
        runs = {v: label for label, v in self.run_choices()}   # only listed runs: names come from the browser
        if run_a not in runs or run_b not in runs:
            return "请选择两次已完成的评测。", [], ""
        base = Path(self.a.config.runs_dir)
        try:
            c = compare_runs_dict(base / run_a, base / run_b)
        except (OSError, ValueError, KeyError) as exc:
            return f"无法比较：{exc}", [], ""
        return (f"甲：{runs[run_a]}；乙：{runs[run_b]}。乙比甲多对 {len(c['fixed'])} 题，多错 {len(c['broken'])} 题。",
                R.compare_rows(c["metrics"]), R.render_flips(c))
