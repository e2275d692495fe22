"""What a question names: district and years, read the way people write them."""
from __future__ import annotations

import re
from dataclasses import dataclass

from index.ingest.metadata import district_aliases, district_pattern
from qa.schema import Document

_ALIASES = district_aliases()
_DISTRICT_RE = re.compile(district_pattern())
_YEAR_RE = re.compile(r"(?<!\d)((?:19|20)\d{2})(?:\s*年)?(?!\d)|(?<!\d)(\d{2})年(?!\d|级)")
# a place named at the start of a question ("苏州工业园区2019年…", "江阴市…"); short forms only,
# so "小学学区" or "全市" are not mistaken for one
# or a city people name without 市 ("无锡梁溪区…", "苏州…")
_CITIES = "南京|无锡|徐州|苏州|南通|连云港|淮安|盐城|扬州|镇江|泰州|宿迁|北京|上海|天津|重庆|杭州|宁波|广州|深圳"
_PLACE_RE = re.compile(r"^(?:[\u4e00-\u9fff]{2,4}?(?:工业园区|经济开发区|开发区|高新区|新区|市|县)|[\u4e00-\u9fff]{2}区"
                       r"|(?:" + _CITIES + r")(?:[\u4e00-\u9fff]{2}[区县])?)")
_RELATIVE = {"前年": -2, "去年": -1, "今年": 0, "本年": 0, "明年": 1}


@dataclass(frozen=True)
class Intent:
    districts: tuple[str, ...]    # every known district named, in order ("新北…和钟楼…")
    years: tuple[int, ...]
    relative: str | None          # "去年" etc.: meant relative to the report, so never a filter
    place: str | None = None      # a place the question names that is no known district

    @property
    def district(self) -> str | None:
        """The first district named: the one a chat filter shows."""
        return self.districts[0] if self.districts else None


def understand(question: str) -> Intent:
    districts = [_ALIASES[m.group()] for m in _DISTRICT_RE.finditer(question)]
    years = []
    for m in _YEAR_RE.finditer(question):
        full, short = m.group(1), m.group(2)
        years.append(int(full) if full else 2000 + int(short))
    relative = next((w for w in _RELATIVE if w in question), None)
    place = None
    if not districts:
        m = _PLACE_RE.match(question.strip())
        # the city itself is the corpus's scope, not a place missing from it
        place = m.group() if m and not m.group().startswith("常州") else None
    return Intent(tuple(dict.fromkeys(districts)), tuple(dict.fromkeys(years)), relative, place)


def missing_scope(intent: Intent, documents: list[Document]) -> str | None:
    """A reason to abstain when the question names a district or year no report covers.

    A question naming several districts ("新北2018年和钟楼2021年…") is in scope when each
    district has a report and each year is covered by one of theirs.
    """
    if intent.place and not any(intent.place in d.text for d in documents):
        return f"资料中没有{intent.place}的报告"
    for district in intent.districts:
        if not any(d.district == district for d in documents):
            return f"资料中没有{district}的报告"
    docs = [d for d in documents if d.district in intent.districts] if intent.districts else documents
    for year in intent.years:
        # a later report often looks back on earlier years, so the mention of an earlier year counts
        # too; an earlier report's plans for a later year ("2019年起…" in 2018's) say nothing of it
        if not any(year in d.years or (f"{year}年" in d.text and (not d.years or year < max(d.years)))
                   for d in docs):
            where = intent.districts[0] if len(intent.districts) == 1 else ""
            return f"资料中没有{where}{year}年的报告"
    return None


def allowed_docs(intent: Intent, documents: list[Document]) -> set[str] | None:
    """Documents a question is restricted to, or None for all."""
    if not intent.districts:
        return None
    return {d.doc for d in documents if d.district in intent.districts}


def preferred_docs(intent: Intent, documents: list[Document]) -> set[str]:
    """Documents covering a year the question names; these get a boost, not a filter."""
    return {d.doc for d in documents if any(y in d.years for y in intent.years)}
