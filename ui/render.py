"""Answers, documents and evaluation results turned into HTML and table rows.

Pure functions only, so every escaping and offset rule is testable without a
browser. The HTML is emitted on one line: the chat window runs messages
through Markdown, and a blank line inside an HTML block would end the block
and let Markdown reinterpret document text.
"""
from __future__ import annotations

import html
import re
import time
import unicodedata
from urllib.parse import quote
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from qa.combine import answered_in_turn
from qa.schema import COMPOSED_KINDS, Answer, Citation, Document

ALL = "全部"                       # filter value meaning "no filter"
MAX_UPLOAD_BYTES = 2 * 1024 * 1024
_SENTENCE_END = "。！？；!?;\n"
_CONTEXT_CHARS = 80                # cap on each side of the answer in the quoted sentence


class UploadRejected(ValueError):
    """An upload the UI refuses before it reaches the index; the message is for the user."""


def esc(text: object) -> str:
    return html.escape("" if text is None else str(text), quote=True)


def _passage(text: str) -> str:
    # Newlines become <br>: a raw newline could end the HTML block in Markdown.
    return esc(text).replace("\r\n", "\n").replace("\n", "<br>")


def highlight(text: str, start: int | None, end: int | None) -> str:
    """Escaped `text` with text[start:end] wrapped in <mark>; plain when offsets are unusable."""
    if start is None or end is None or not 0 <= start < end <= len(text):
        return _passage(text)
    return f"{_passage(text[:start])}<mark>{_passage(text[start:end])}</mark>{_passage(text[end:])}"


def _sentence(text: str, s: int, e: int) -> tuple[str, int, int]:
    """The sentence around text[s:e], with the answer's offsets inside it."""
    lo = max((text.rfind(ch, 0, s) for ch in _SENTENCE_END), default=-1) + 1
    # from e - 1, so an answer that is itself a whole sentence ends the quote
    hi_candidates = [i for i in (text.find(ch, max(s, e - 1)) for ch in _SENTENCE_END) if i >= 0]
    hi = min(hi_candidates) + 1 if hi_candidates else len(text)
    lo, hi = max(lo, s - _CONTEXT_CHARS), min(hi, e + _CONTEXT_CHARS)
    return text[lo:hi].strip("\n"), s - lo, e - lo


def _where(c: Citation) -> str:
    parts = [c.district or "区县未识别", f"{c.year}年" if c.year else "年份未识别"]
    return " · ".join(esc(p) for p in parts)


def _unit(c: Citation) -> str:
    # where a reader finds the passage in the original file: its PDF page or Word paragraph
    # (the character offsets count in the text extracted from it)
    if c.page:
        return f" · 第 {c.page} 页"
    return f" · 第 {c.paragraph} 段" if c.paragraph else ""


def _rank(n: int) -> str:
    # the fused retrieval score means nothing to a reader; the order it gives does
    return "<span class='qa-rank qa-rank-top'>最相关</span>" if n == 1 else ""


def render_citation(n: int, c: Citation, ans: Answer, open_: bool = False) -> str:
    span = ans.offsets_in(c)
    body = highlight(c.text, *span) if span else _passage(c.text)
    section = f"<div class='qa-section'>章节：{esc(c.section)}</div>" if c.section else ""
    # the innermost heading tells collapsed passages from the same report apart
    heading = c.section.rsplit(" > ", 1)[-1] if c.section else ""
    heading = f" <span class='qa-where'>· {esc(heading)}</span>" if heading else ""
    return (f"<details class='qa-cite'{' open' if open_ else ''}><summary><b>[{n}]</b> {_rank(n)}{esc(c.title)}"
            f" <span class='qa-where'>（{_where(c)}）</span>{heading}</summary>{section}"
            f"<div class='qa-passage'>{body}</div>"
            f"<div class='qa-src'>文件 {esc(c.doc)}{_unit(c)} · 第 {c.start}–{c.end} 字</div>"
            f"</details>")


def _citations(ans: Answer, title: str) -> str:
    """The numbered sources, folded under one line so the answer above them stays in view."""
    if not ans.citations:
        return f"<div class='qa-cites-title'>{title}</div>"
    cites = "".join(render_citation(i, c, ans) for i, c in enumerate(ans.citations, 1))
    return (f"<details class='qa-cites'><summary class='qa-cites-title'>{title}（{len(ans.citations)} 条，"
            f"按相关程度排列，点击展开）</summary>{cites}</details>")


def plain_reason(reason: str | None) -> str:
    """Why there is no answer, said once: the engine prefixes details with 未找到相关内容："""
    reason = (reason or "").strip()
    head, sep, rest = reason.partition("：")
    if sep and head.startswith("未找到") and rest:
        return rest
    return reason or "没有足够可信的依据"


def _meta(ans: Answer) -> str:
    bits = []
    if ans.confidence is not None and not ans.parts:     # an answer in parts says it per part
        bits.append(f"置信度 {ans.confidence:.0%}")
    total = ans.timings_ms.get("total")
    if total is not None:
        bits.append(f"用时 {total / 1000:.1f} 秒")
    return f"<div class='qa-meta'>{esc(' · '.join(bits))}</div>" if bits else ""


def render_answer(ans: Answer) -> str:
    """One chat message: the answer (or the honest refusal), then its numbered sources, folded."""
    notices = "".join(f"<div class='qa-notice'>{esc(n)}</div>" for n in ans.notices)
    if ans.parts and ans.answer_kind in COMPOSED_KINDS and ans.answer and not answered_in_turn(ans):
        # a total, list, verdict or comparison: the composed text on top, each part in a table
        head = (f"<div class='qa-head'><span class='qa-label'>答案</span> <strong>{esc(ans.answer)}</strong></div>"
                + _parts_table(ans.parts, ans.citations))
        return f"<div class='qa-answer'>{head}{_meta(ans)}{notices}{_citations(ans, '引用来源')}</div>"
    if ans.parts:
        head = ("<div class='qa-head'><span class='qa-label'>答案</span> 分别回答：</div><ul class='qa-parts'>"
                + "".join(_part(p, ans.citations) for p in ans.parts) + "</ul>")
        return (f"<div class='qa-answer'>{head}{_meta(ans)}{notices}"
                f"{_citations(ans, '引用来源')}</div>")
    if ans.abstained or not ans.answer:
        head = ("<div class='qa-head qa-abstain'>未能在资料中找到可靠的答案</div>"
                f"<div class='qa-reason'>原因：{esc(plain_reason(ans.reason))}</div>")
        title = "最接近的段落（仅供核对，不构成答案）" if ans.citations else "没有找到相关段落"
        return f"<div class='qa-answer'>{head}{notices}{_meta(ans)}{_citations(ans, title)}</div>"
    quote = _quote(ans, ans.citations)
    if quote and ans.answer_kind == "sentence":   # the quote *is* the answer; do not print it twice
        head = "<div class='qa-head'><span class='qa-label'>答案</span> 原文中最相关的句子：</div>"
    else:
        head = f"<div class='qa-head'><span class='qa-label'>答案</span> <strong>{esc(ans.answer)}</strong></div>"
    title = "引用来源" if ans.citations else "（没有可引用的段落）"
    return f"<div class='qa-answer'>{head}{quote}{_meta(ans)}{notices}{_citations(ans, title)}</div>"


def _quote(ans: Answer, cites: list[Citation]) -> str:
    """The sentence around the answer in its citation, marked, with that citation's number."""
    if ans.abstained or not ans.citations:
        return ""
    first = ans.citations[0]
    n = next((i for i, c in enumerate(cites, 1) if c == first), None)
    span = ans.offsets_in(first)
    if span is None or n is None:
        return ""
    sentence, s, e = _sentence(first.text, *span)
    return f"<blockquote class='qa-quote'>{highlight(sentence, s, e)}<sup>[{n}]</sup></blockquote>"


def _parts_table(parts: list[Answer], cites: list[Citation]) -> str:
    """A composed answer's parts (qa/compose): what each is, its quoted value, its passage's number."""
    rows = []
    for p in parts:
        n = next((i for i, c in enumerate(cites, 1) if p.citations and c == p.citations[0]), None)
        value = esc(p.answer) if not p.abstained and p.answer else "<span class='qa-abstain'>报告未说明</span>"
        link = f"<a href='#' title='{esc(p.citations[0].doc)}'>[{n}]</a>" if n else ""
        rows.append(f"<tr><td>{esc(p.label or p.scope or '')}</td><td>{value}</td><td>{link}</td></tr>")
    return ("<table class='qa-parts-table'><tr><th>部分</th><th>数值/原文</th><th>出处</th></tr>"
            + "".join(rows) + "</table>")


def _part(part: Answer, cites: list[Citation]) -> str:
    """One district's answer to a question asked of several (分别), or why it has none."""
    if part.abstained or not part.answer:
        why = plain_reason(part.reason)
        said = (f"<span class='qa-abstain'>{esc(why)}</span>" if why.startswith("未找到") else
                f"<span class='qa-abstain'>未找到</span>（{esc(why)}）")
    else:
        sure = f" <span class='qa-meta'>置信度 {part.confidence:.0%}</span>" if part.confidence is not None else ""
        said = f"<strong>{esc(part.answer)}</strong>{sure}"
    # a place's own total or list shows its parts, each with its passage
    shown = _parts_table(part.parts, cites) if part.parts and part.answer_kind in COMPOSED_KINDS else _quote(part, cites)
    return f"<li class='qa-part'>{esc(part.scope)}：{said}{shown}</li>"


def render_error(message: str) -> str:
    return f"<div class='qa-answer'><div class='qa-head qa-abstain'>出错了</div><div>{esc(message)}</div></div>"


# ---- documents -------------------------------------------------------------

DOC_HEADERS = ["标题", "区县", "年份", "类型", "格式", "大小", "添加日期", "文件"]
_FORMATS = {".txt": "纯文本", ".docx": "Word 文档", ".pdf": "PDF", ".html": "网页", ".htm": "网页"}


def _size(n: int | None) -> str:
    if n is None:
        return "–"
    return f"{n / 1024 / 1024:.1f} MB" if n >= 1024 * 1024 else f"{max(n / 1024, 0.1):.1f} KB"


def document_rows(docs: Sequence[Document], files: Mapping[str, tuple[int, float]] | None = None
                  ) -> list[list[str]]:
    """What a reader looks for first (title, place, year…); the file name last. `files` maps a
    document to its stored file's (size in bytes, modification time), when the file is there."""
    files = files or {}
    rows = []
    for d in sorted(docs, key=lambda d: (d.title, d.doc)):
        size, added = files.get(d.doc, (None, None))
        suffix = Path(d.doc).suffix.lower()
        # Plain strings: the table component escapes its cells itself.
        rows.append([d.title, d.district or "（未识别）", "、".join(map(str, d.years)) or "（未识别）", d.kind,
                     _FORMATS.get(suffix, suffix.lstrip(".").upper() or "–"), _size(size),
                     time.strftime("%Y-%m-%d", time.localtime(added)) if added else "–", d.doc])
    return rows


_BAD_CHARS = re.compile(r'[\x00-\x1f\x7f<>:"|?*]')


def safe_upload_name(raw: str) -> str:
    """The file name an upload is stored under: basename only, no leading dots, an accepted format."""
    from index.ingest.formats import SUFFIXES

    name = unicodedata.normalize("NFC", raw or "")
    name = name.replace("\\", "/").rsplit("/", 1)[-1]   # a Windows path arrives with backslashes
    name = _BAD_CHARS.sub("_", name).strip().lstrip(". ").strip()
    if not name or name in {".", ".."}:
        raise UploadRejected(f"文件名无效：{raw!r}")
    if Path(name).suffix.lower() not in SUFFIXES or name.lower() in SUFFIXES:
        raise UploadRejected(f"只接受 {'、'.join(SUFFIXES)} 文件：{name}")
    if len(name.encode("utf-8")) > 200:
        raise UploadRejected("文件名过长（最多 200 字节）")
    return name


def library_target(library_dir: Path, name: str) -> Path:
    """library_dir/name, refusing any name that would land outside the library folder."""
    base = Path(library_dir).resolve()
    target = (base / name).resolve()
    if target.parent != base:
        raise UploadRejected(f"文件名会越出资料库目录：{name}")
    return target


def check_upload_size(size: int, name: str) -> None:
    if size > MAX_UPLOAD_BYTES:
        raise UploadRejected(f"{name} 大小 {size / 1024 / 1024:.1f} MB，超过 2 MB 上限")
    if size == 0:
        raise UploadRejected(f"{name} 是空文件")


# ---- evaluation ------------------------------------------------------------

METRIC_LABELS = [
    ("n", "题目数"), ("n_answerable", "可回答题"), ("n_unanswerable", "应拒答题"), ("n_errors", "出错"),
    ("accuracy", "判定正确率 %"), ("em", "完全一致率 EM %"), ("f1", "字词重合度 F1 %"),
    ("containment", "答案包含率 %"), ("recall@1", "召回率@1 %"), ("recall@5", "召回率@5 %"),
    ("mrr", "平均倒数排名 %"), ("citation_correct", "引用正确率 %"), ("citations_verbatim", "引用逐字一致 %"),
    ("abstention_precision", "拒答准确率 %"), ("abstention_recall", "应拒答题的拒答率 %"),
    ("false_abstention_rate", "误拒答率 %"), ("latency_p50_ms", "用时中位数（毫秒）"),
    ("latency_p95_ms", "用时 95% 分位（毫秒）"),
]
# The evaluation sets' question types (eval/sets.py TYPES), as a reader of the table calls them.
TYPE_NAMES = {
    "number": "数量", "entity": "名称", "date": "日期", "list": "列举", "percent_money": "比例与金额",
    "yes_no_fact": "是非判断", "aggregate": "汇总计算", "cross_doc": "跨报告", "unanswerable": "应拒答",
    "unknown": "未分类",
}
TYPE_HEADERS = ["题型", "题数", "判定正确率 %", "字词重合度 F1 %", "召回率@5 %"]
METRIC_HELP = (
    "**判定正确率**：按评测规则判为答对的题所占比例；应拒答的题，拒答即算对。  \n"
    "**完全一致率（EM）**：答案与标准答案一字不差的题所占比例。  \n"
    "**字词重合度（F1）**：答案与标准答案逐字比较的重合程度，答对一部分也得一部分分。  \n"
    "**召回率@5**：标准答案所在的段落排进前 5 条引用的题所占比例，看检索找不找得到（@1 只看第 1 条）。  \n"
    "**平均倒数排名**：标准段落排第 1 记 100 分、第 2 记 50 分、第 3 记 33 分……的平均。"
)


def type_name(kind: str) -> str:
    return TYPE_NAMES.get(kind, kind)


def report_link(report: Path) -> str:
    """A link the app serves (its runs folder is an allowed path), opened in a new tab."""
    url = "/gradio_api/file=" + quote(Path(report).resolve().as_posix())
    return f"<a class='qa-report-link' href='{esc(url)}' target='_blank' rel='noopener'>在浏览器中打开完整报告</a>"


def fmt_num(v: Any) -> str:
    if v is None:
        return "–"
    return f"{v:.1f}" if isinstance(v, float) else str(v)


def metric_rows(overall: dict[str, Any]) -> list[list[str]]:
    return [[label, fmt_num(overall.get(key))] for key, label in METRIC_LABELS if key in overall]


def type_rows(by_type: dict[str, dict[str, Any]]) -> list[list[str]]:
    return [[type_name(t), fmt_num(g.get("n")), fmt_num(g.get("accuracy")), fmt_num(g.get("f1")),
             fmt_num(g.get("recall@5"))] for t, g in by_type.items()]


def render_failures(items: Sequence[Any], answers: Sequence[Answer], recs: Sequence[dict[str, Any]]) -> str:
    """The questions judged wrong, each with expected and returned answers and the first source."""
    rows = []
    for item, ans, rec in zip(items, answers, recs):
        if rec.get("correct"):
            continue
        expected = " | ".join(item.answers) if item.answers else "（应拒答）"
        got = "；".join(f"{p.scope}：{_got(p)}" for p in ans.parts) if ans.parts else _got(ans)
        c = ans.citations[0] if ans.citations else None
        cited = (f"<div class='qa-src'>{esc(c.doc)} · {esc(c.section)}</div>"
                 f"<div class='qa-passage'>{highlight(c.text, *(ans.offsets_in(c) or (None, None)))}</div>"
                 if c else "<div class='qa-src'>（无引用）</div>")
        rows.append(f"<details class='qa-cite'><summary>[{esc(type_name(item.type))}] <b>{esc(item.question)}</b>"
                    f"</summary><div>期望：{esc(expected)}</div><div>得到：{esc(got)}</div>{cited}</details>")
    if not rows:
        return "<div class='qa-meta'>没有失败的题目。</div>"
    return f"<div class='qa-cites-title'>失败题目（{len(rows)}）</div>" + "".join(rows)


def _got(ans: Answer) -> str:
    return f"（拒答：{ans.reason or '无原因'}）" if ans.abstained or not ans.answer else ans.answer


COMPARE_HEADERS = ["指标", "甲", "乙", "乙 − 甲"]


def compare_rows(deltas: dict[str, dict[str, Any]]) -> list[list[str]]:
    """eval.report.compare_runs_dict's metric deltas, in the order and words of the overall table."""
    return [[label, fmt_num(deltas[key]["a"]), fmt_num(deltas[key]["b"]), fmt_num(deltas[key]["delta"])]
            for key, label in METRIC_LABELS if key in deltas]


def render_flips(comparison: dict[str, Any]) -> str:
    """The questions one run got right and the other wrong."""
    out = []
    for key, title in (("fixed", "甲错乙对"), ("broken", "甲对乙错")):
        rows = "".join(f"<li>{esc(x['question'])}：标准 {esc(' | '.join(x['gold']) or '（应拒答）')}；"
                       f"甲 {esc(x['a'] or '（拒答）')}；乙 {esc(x['b'] or '（拒答）')}</li>"
                       for x in comparison[key])
        out.append(f"<div class='qa-cites-title'>{title}（{len(comparison[key])} 题）</div><ul>{rows}</ul>")
    only = len(comparison["only_in_a"]) + len(comparison["only_in_b"])
    if only:
        out.append(f"<div class='qa-meta'>另有 {only} 题只在其中一次评测里，未比较。</div>")
    return "".join(out)
