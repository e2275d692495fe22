"""Title, district, years and kind of a report, read from its text.

Kind convention: the report types a document contains, drawn from KINDS and
joined with "+" in KINDS order (never in phrasing order), e.g. "总结+计划".
"回顾" counts as "总结". "思路" and "要点" are kept as written rather than folded
into "计划", so a kind always names words the document itself uses. "其他" when
none is found.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from index.ingest.clean import kept_segments
from index.ingest.sections import part_like, scan_lines, strip_marker

KINDS = ("总结", "计划", "意见", "思路", "要点")
_KIND_SYNONYMS = {"回顾": "总结"}

# Changzhou's county-level divisions (since the 2015 reorganisation), full names.
DISTRICTS = ("天宁区", "钟楼区", "新北区", "武进区", "金坛区", "溧阳市", "经开区")
_EXTRA_ALIASES = {
    "新北区": ("常州高新区", "常州国家高新区", "高新区"),   # one administration with 新北区
    "金坛区": ("金坛市",),                        # its name before 2015
    "经开区": ("常州经开区", "常州经济开发区"),
}

_YEAR_RE = re.compile(r"(?<!\d)((?:19|20)\d{2})(?!\d)")
_BODY_YEAR_RE = re.compile(r"(?<!\d)((?:19|20)\d{2})\s*年")


@dataclass(frozen=True)
class DocMeta:
    title: str
    district: str | None
    years: tuple[int, ...]
    kind: str


def district_aliases() -> dict[str, str]:
    """Every accepted spelling (full, short, historical) → full district name."""
    aliases: dict[str, str] = {}
    for full in DISTRICTS:
        aliases[full] = full
        if full != "经开区":        # a bare "经开" is too ambiguous to use
            aliases[full[:-1]] = full
        for extra in _EXTRA_ALIASES.get(full, ()):
            aliases[extra] = full
    return aliases


def district_pattern() -> str:
    """A regex alternation of every district spelling, for building patterns that name one."""
    # Longest first, so "金坛区" is one mention, not "金坛" plus leftovers.
    return "|".join(map(re.escape, sorted(district_aliases(), key=len, reverse=True)))


def _alias_re() -> re.Pattern[str]:
    return re.compile(district_pattern())


def _districts_in(s: str) -> Counter[str]:
    aliases = district_aliases()
    return Counter(aliases[m.group()] for m in _alias_re().finditer(s))


def _district(title: str, body: str) -> str | None:
    in_title = _districts_in(title)
    if len(in_title) == 1:
        return next(iter(in_title))
    # Reports name their own district far more often than any other ("新北" 27
    # times in 000); require a clear winner so a comparison does not decide.
    ranked = _districts_in(body).most_common(2)
    if not ranked or ranked[0][1] < 2:
        return None
    if len(ranked) == 2 and ranked[0][1] < 2 * ranked[1][1]:
        return None
    return ranked[0][0]


def _years(title: str, body: str) -> tuple[int, ...]:
    found = sorted({int(y) for y in _YEAR_RE.findall(title)})
    if found:
        return tuple(found)
    common = Counter(_BODY_YEAR_RE.findall(body)).most_common(1)
    return (int(common[0][0]),) if common else ()


def _kind(s: str) -> str:
    found = {_KIND_SYNONYMS.get(w, w) for w in re.findall("|".join(KINDS + tuple(_KIND_SYNONYMS)), s)}
    return "+".join(k for k in KINDS if k in found) or "其他"


def _join_parts(parts: list[str]) -> str:
    # "2018年上半年工作总结" + "2018年下半年工作计划" → "2018年上半年工作总结及下半年工作计划"
    first_year = _YEAR_RE.match(parts[0])
    rest = [p[len(first_year.group()) + 1:] if first_year and p.startswith(first_year.group() + "年") else p
            for p in parts[1:]]
    return "及".join([parts[0], *rest])


def detect_metadata(text: str, skip: list[tuple[int, int]]) -> DocMeta:
    lines = scan_lines(text, skip)
    body = "\n".join(text[s:e] for s, e in kept_segments(text, skip))
    title = "".join(text[ln.start:ln.end] for ln in lines if ln.role == "title")
    parts = [strip_marker(ln.label) for ln in lines
             if ln.role == "heading" and ln.label and part_like(strip_marker(ln.label))]
    # Without a title line, the half-year part headings say what the report is.
    described = title or (_join_parts(parts) if parts else "")
    district = _district(described, body)
    years = _years(described, body)
    kind = _kind(described)
    if not title:
        # Synthesised: 000 and 004 have no title line of their own.
        if described:
            title = (district or "") + described if not _districts_in(described) else described
        else:
            first = text[lines[0].start:lines[0].end] if lines else ""
            title = re.split(r"[。！？；，,]", first, maxsplit=1)[0][:30]
    return DocMeta(title=title, district=district, years=years, kind=kind)
