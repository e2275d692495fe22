"""Finding boilerplate as spans, so kept text never moves.

The reports arrive as scraped web pages and Word conversions; their navigation,
metadata tables and conversion markers must not be indexed, but deleting them
would shift every offset a citation points at. So we only report where they are.
"""
from __future__ import annotations

import re

# Whole lines that are page furniture. Anchored per line and kept specific, so
# a sentence in the body that merely mentions e.g. 索引号 is not dropped.
_LINE_PATTERNS = [
    r"[•·●▪■◆]?\s*欢迎访问.{0,40}",                         # site greeting / nav bar
    r"(当前位置|您当前的位置|您现在的位置|当前所在位置)\s*[:：].{0,80}",  # breadcrumb
    r"扫一扫在手机(上)?打开当前页",
    # the government-information-disclosure table at the top of 001
    r"(信息名称|索引号|主题分类|体裁分类|组配分类|文件编号|发布机构|"
    r"生成日期|公开日期|发布日期|废止日期|内容概述)(\s.{0,80}|\s*[:：].{0,80}|)",
    r"[（(]此件公开发布[)）]",                                 # publication note at the foot of 004
    r"(【?打印本页】?|【?关闭窗口】?|【打印】\s*【关闭】)",
    r"[\s•·●○■□◆◇▪▫*\-]*",                                 # blank or bullet-only lines
]
_LINE_RE = re.compile(r"\s*(?:" + "|".join(_LINE_PATTERNS) + r")\s*")

# Word-conversion markers that can sit anywhere inside a line, e.g.
# "[bookmark: _GoBack]" before a title or "[bookmark: qihoosnap2]" before an item.
_INLINE_RE = re.compile(r"\[bookmark:[^\]\n]*\]|\ufeff")

_LINE_SPLIT_RE = re.compile(r"[^\r\n\u2028\u2029]+")

# Characters that trimming skips over besides str.isspace() ones.
_INVISIBLE = "\ufeff\u200b\u200c\u200d\u2060"


def lines(text: str) -> list[tuple[int, int]]:
    """(start, end) of every non-empty line, end excluding the line break."""
    return [m.span() for m in _LINE_SPLIT_RE.finditer(text)]


def boilerplate_spans(text: str) -> list[tuple[int, int]]:
    """Sorted, non-overlapping (start, end) spans of text that must not be indexed."""
    spans: list[tuple[int, int]] = []
    for start, end in lines(text):
        if _LINE_RE.fullmatch(text, start, end):
            spans.append((start, end))
            continue
        spans.extend(m.span() for m in _INLINE_RE.finditer(text, start, end))
    return _merge(spans)


def _merge(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Shrink (start, end) past surrounding whitespace; may return an empty span."""
    while start < end and (text[start].isspace() or text[start] in _INVISIBLE):
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in _INVISIBLE):
        end -= 1
    return start, end


def kept_segments(text: str, skip: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Trimmed, non-empty stretches of each line that lie outside `skip`.

    A line cut by a boilerplate span in its middle yields two segments, so no
    returned segment ever contains boilerplate.
    """
    out: list[tuple[int, int]] = []
    spans = sorted(skip)
    i = 0
    for line_start, line_end in lines(text):
        while i < len(spans) and spans[i][1] <= line_start:
            i += 1
        pos = line_start
        j = i
        while j < len(spans) and spans[j][0] < line_end:
            out.append(trim(text, pos, max(pos, spans[j][0])))
            pos = max(pos, spans[j][1])
            j += 1
        out.append(trim(text, pos, line_end) if pos < line_end else (pos, pos))
    return [(s, e) for s, e in out if e > s]
