"""Title, place, issuer, years and kind of a report, read from its text.

Kind convention: the report types a document contains, drawn from KINDS and
joined with "+" in KINDS order (never in phrasing order), e.g. "总结+计划".
"回顾" counts as "总结". "思路" and "要点" are kept as written rather than folded
into "计划", so a kind always names words the document itself uses. "其他" when
none is found.
"""
from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass

from index.ingest.clean import kept_segments
from index.ingest.places import Gazetteer, Place
from index.ingest.sections import part_like, scan_lines, strip_marker

KINDS = ("总结", "计划", "意见", "思路", "要点", "报告")
_KIND_SYNONYMS = {"回顾": "总结"}

# The bundled corpus's county-level divisions, offered by the chat's filter before any report
# names them; detection reads any place through the gazetteer (places.py).
DISTRICTS = ("天宁区", "钟楼区", "新北区", "武进区", "金坛区", "溧阳市", "经开区")

_YEAR_RE = re.compile(r"(?<!\d)((?:19|20)\d{2})(?!\d)")
_BODY_YEAR_RE = re.compile(r"(?<!\d)((?:19|20)\d{2})\s*年")
# the body of the organ that issued a report, written right after its place ("金坛区教育局…")
_ISSUER_RE = re.compile(r"人民政府|[\u4e00-\u9fff]{1,6}?(?:局|厅|委员会|委|办公室|办)(?![\u4e00-\u9fff]{0,1}长)")
_GOVERNMENT_REPORT = "政府工作报告"


@dataclass(frozen=True)
class DocMeta:
    title: str
    district: str | None          # the place's canonical name ("金坛区", "上海市"), kept for old readers
    years: tuple[int, ...]
    kind: str
    place: Place | None = None    # the place the report is about, with its level and path
    issuer: str | None = None     # "教育局", "人民政府"… when the title states it


def _counts(mentions: list) -> Counter[Place]:
    return Counter(m.place for m in mentions)


def _place(title: str, body: str, gazetteer: Gazetteer) -> Place | None:
    """The title's most specific place; else the body's clear winner.

    A report names its own place far more often than any other ("新北" 27 times in 000) and
    names its city for citywide matters (常州市优质幼儿园), so a place inside the most named one
    wins when it is named at least half as often; any other place must be named half as often.
    """
    in_title = gazetteer.find(title)
    if in_title:
        return max((m.place for m in in_title), key=lambda p: len(p.path))
    full = gazetteer.find(body, short=False)                # full names only
    counts = _counts(gazetteer.find(body, known=set(_counts(full)), short=False))   # …and short names
    ranked = counts.most_common()
    if not ranked or ranked[0][1] < 2:
        return None
    top, n = ranked[0]
    inside = [(p, c) for p, c in ranked if p.within(top) and 2 * c >= n]
    if inside:
        top, n = inside[0]
    rivals = [c for p, c in ranked if p != top and not top.within(p) and not p.within(top)]
    return top if not rivals or n >= 2 * rivals[0] else None


def _issuer(title: str, place: Place | None, gazetteer: Gazetteer) -> str | None:
    if _GOVERNMENT_REPORT in title:
        return "人民政府"
    mentions = [m for m in gazetteer.find(title) if place and m.place == place]
    if not mentions:
        return None
    m = _ISSUER_RE.match(title, mentions[-1].end)
    return m.group() if m else None


def district_aliases(documents_places: tuple[Place, ...] = ()) -> dict[str, str]:
    """Every spelling (full, short, historical) of the given places → its canonical name."""
    gazetteer = Gazetteer.load()
    return {s: gazetteer.resolve(s, documents_places).name for s in gazetteer.spellings(documents_places)}


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


_LETTER_SPACING = re.compile(r"(?<=[\u4e00-\u9fff])[ \u3000\u00a0]+(?=[\u4e00-\u9fff])")


def detect_metadata(text: str, skip: list[tuple[int, int]],
                    headings: Mapping[int, int] | None = None) -> DocMeta:
    lines = scan_lines(text, skip, headings)
    body = "\n".join(text[s:e] for s, e in kept_segments(text, skip))
    # official titles are often letter-spaced (政 府 工 作 报 告); the words are what identify them
    title = _LETTER_SPACING.sub("", "".join(text[ln.start:ln.end] for ln in lines if ln.role == "title"))
    parts = [strip_marker(ln.label) for ln in lines
             if ln.role == "heading" and ln.label and part_like(strip_marker(ln.label))]
    # Without a title line, the half-year part headings say what the report is.
    described = title or (_join_parts(parts) if parts else "")
    gazetteer = Gazetteer.load()
    place = _place(described, body, gazetteer)
    district = place.name if place else None
    years = _years(described, body)
    kind = _kind(described)
    if not title:
        # Synthesised: 000 and 004 have no title line of their own.
        if described:
            title = (district or "") + described if not gazetteer.find(described) \
                else described
        else:
            first = text[lines[0].start:lines[0].end] if lines else ""
            title = re.split(r"[。！？；，,]", first, maxsplit=1)[0][:30]
    return DocMeta(title=title, district=district, years=years, kind=kind, place=place,
                   issuer=_issuer(title, place, gazetteer))
