"""Answers, documents and evaluation results turned into HTML and table rows.

Pure functions only, so every escaping and offset rule is testable without a
browser. The HTML is emitted on one line: the chat window runs messages
through Markdown, and a blank line inside an HTML block would end the block
and let Markdown reinterpret document text.
"""
from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Sequence
from pathlib import Path
from typing import Any

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


def render_citation(n: int, c: Citation, ans: Answer, open_: bool = False) -> str:
    span = ans.offsets_in(c)
    body = highlight(c.text, *span) if span else _passage(c.text)
    section = f"<div class='qa-section'>章节：{esc(c.section)}</div>" if c.section else ""
    # the innermost heading tells collapsed passages from the same report apart
    heading = c.section.rsplit(" > ", 1)[-1] if c.section else ""
    heading = f" <span class='qa-where'>· {esc(heading)}</span>" if heading else ""
    return (f"<details class='qa-cite'{' open' if open_ else ''}><summary><b>[{n}]</b> {esc(c.title)}"
            f" <span class='qa-where'>（{_where(c)}）</span>{heading}</summary>{section}"
            f"<div class='qa-passage'>{body}</div>"
            f"<div class='qa-src'>文件 {esc(c.doc)} · 第 {c.start}–{c.end} 字 · 相关度 {c.score:.3f}</div>"
            f"</details>")


def _meta(ans: Answer) -> str:
    bits = []
    if ans.confidence is not None:
        bits.append(f"置信度 {ans.confidence:.0%}")
    total = ans.timings_ms.get("total")
    if total is not None:
        bits.append(f"用时 {total / 1000:.1f} 秒")
    return f"<div class='qa-meta'>{esc(' · '.join(bits))}</div>" if bits else ""


def render_answer(ans: Answer) -> str:
    """One chat message: the answer (or the honest refusal), then its numbered sources."""
    notices = "".join(f"<div class='qa-notice'>{esc(n)}</div>" for n in ans.notices)
    # collapsed: the quoted sentence already shows the evidence, and the answer stays in view
    cites = "".join(render_citation(i, c, ans) for i, c in enumerate(ans.citations, 1))
    if ans.abstained or not ans.answer:
        head = ("<div class='qa-head qa-abstain'>未能在资料中找到可靠的答案</div>"
                f"<div class='qa-reason'>原因：{esc(ans.reason or '没有足够可信的依据')}</div>")
        title = "最接近的段落（仅供核对，不构成答案）" if cites else "没有找到相关段落"
        return (f"<div class='qa-answer'>{head}{notices}{_meta(ans)}"
                f"<div class='qa-cites-title'>{title}</div>{cites}</div>")
    quote = _quote(ans, ans.citations)
    if ans.parts and ans.answer_kind in COMPOSED_KINDS:
        head = (f"<div class='qa-head'><span class='qa-label'>答案</span> <strong>{esc(ans.answer)}</strong></div>"
                + _parts_table(ans.parts, ans.citations))
        quote = ""
    elif ans.parts:
        head = ("<div class='qa-head'><span class='qa-label'>答案</span> 分别回答：</div><ul class='qa-parts'>"
                + "".join(_part(p, ans.citations) for p in ans.parts) + "</ul>")
        quote = ""
    elif quote and ans.answer_kind == "sentence":   # the quote *is* the answer; do not print it twice
        head = "<div class='qa-head'><span class='qa-label'>答案</span> 原文中最相关的句子：</div>"
    else:
        head = f"<div class='qa-head'><span class='qa-label'>答案</span> <strong>{esc(ans.answer)}</strong></div>"
    title = "引用来源（点击展开原文）" if cites else "（没有可引用的段落）"
    return (f"<div class='qa-answer'>{head}{quote}{_meta(ans)}{notices}"
            f"<div class='qa-cites-title'>{title}</div>{cites}</div>")


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
        said = f"<span class='qa-abstain'>未找到</span>（{esc(part.reason or '没有足够可信的依据')}）"
    else:
        said = f"<strong>{esc(part.answer)}</strong>"
    return f"<li class='qa-part'>{esc(part.scope)}：{said}{_quote(part, cites)}</li>"


def render_error(message: str) -> str:
    return f"<div class='qa-answer'><div class='qa-head qa-abstain'>出错了</div><div>{esc(message)}</div></div>"


# ---- documents -------------------------------------------------------------

DOC_HEADERS = ["文件", "标题", "区县", "年份", "类型"]


def document_rows(docs: Sequence[Document]) -> list[list[str]]:
    # Plain strings: the table component escapes its cells itself.
    return [[d.doc, d.title, d.district or "（未识别）", "、".join(map(str, d.years)) or "（未识别）", d.kind]
            for d in sorted(docs, key=lambda d: d.doc)]


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
    ("n", "题目数"), ("n_answerable", "可回答题"), ("n_unanswerable", "不可回答题"), ("n_errors", "出错"),
    ("accuracy", "判定正确率 %"), ("em", "EM %"), ("f1", "F1 %"), ("containment", "答案包含率 %"),
    ("recall@1", "召回@1 %"), ("recall@5", "召回@5 %"), ("mrr", "MRR %"),
    ("citation_correct", "引用正确率 %"), ("citations_verbatim", "引用逐字一致 %"),
    ("abstention_precision", "拒答精确率 %"), ("abstention_recall", "拒答召回率 %"),
    ("false_abstention_rate", "误拒答率 %"), ("latency_p50_ms", "延迟 p50 ms"), ("latency_p95_ms", "延迟 p95 ms"),
]


def fmt_num(v: Any) -> str:
    if v is None:
        return "–"
    return f"{v:.1f}" if isinstance(v, float) else str(v)


def metric_rows(overall: dict[str, Any]) -> list[list[str]]:
    return [[label, fmt_num(overall.get(key))] for key, label in METRIC_LABELS if key in overall]


def type_rows(by_type: dict[str, dict[str, Any]]) -> list[list[str]]:
    return [[t, fmt_num(g.get("n")), fmt_num(g.get("accuracy")), fmt_num(g.get("f1")), fmt_num(g.get("recall@5"))]
            for t, g in by_type.items()]


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
        rows.append(f"<details class='qa-cite'><summary><b>{esc(item.id)}</b> [{esc(item.type)}] {esc(item.question)}"
                    f"</summary><div>期望：{esc(expected)}</div><div>得到：{esc(got)}</div>{cited}</details>")
    if not rows:
        return "<div class='qa-meta'>没有失败的题目。</div>"
    return f"<div class='qa-cites-title'>失败题目（{len(rows)}）</div>" + "".join(rows)


def _got(ans: Answer) -> str:
    return f"（拒答：{ans.reason or '无原因'}）" if ans.abstained or not ans.answer else ans.answer
