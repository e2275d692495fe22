"""What a question names: district and years, read the way people write them."""
from __future__ import annotations

import re
from dataclasses import dataclass

from qa.ingest.metadata import district_aliases
from qa.schema import Document

_ALIASES = district_aliases()
_DISTRICT_RE = re.compile("|".join(map(re.escape, sorted(_ALIASES, key=len, reverse=True))))
_YEAR_RE = re.compile(r"(?<!\d)((?:19|20)\d{2})(?:\s*年)?(?!\d)|(?<!\d)(\d{2})年(?!\d|级)")
_RELATIVE = {"前年": -2, "去年": -1, "今年": 0, "本年": 0, "明年": 1}


@dataclass(frozen=True)
class Intent:
    district: str | None
    years: tuple[int, ...]
    relative: str | None          # "去年" etc.: meant relative to the report, so never a filter


def understand(question: str) -> Intent:
    districts = [_ALIASES[m.group()] for m in _DISTRICT_RE.finditer(question)]
    years = []
    for m in _YEAR_RE.finditer(question):
        full, short = m.group(1), m.group(2)
        years.append(int(full) if full else 2000 + int(short))
    relative = next((w for w in _RELATIVE if w in question), None)
    return Intent(districts[0] if districts else None, tuple(dict.fromkeys(years)), relative)


def missing_scope(intent: Intent, documents: list[Document]) -> str | None:
    """A reason to abstain when the question names a district or year no report covers."""
    if intent.district:
        docs = [d for d in documents if d.district == intent.district]
        if not docs:
            return f"资料中没有{intent.district}的报告"
    else:
        docs = documents
    for year in intent.years:
        # a later report often looks back on earlier years, so the year's mention counts too
        if not any(year in d.years or f"{year}年" in d.text for d in docs):
            where = intent.district or ""
            return f"资料中没有{where}{year}年的报告"
    return None


def allowed_docs(intent: Intent, documents: list[Document]) -> set[str] | None:
    """Documents a question is restricted to, or None for all."""
    if not intent.district:
        return None
    return {d.doc for d in documents if d.district == intent.district}


def preferred_docs(intent: Intent, documents: list[Document]) -> set[str]:
    """Documents covering a year the question names; these get a boost, not a filter."""
    return {d.doc for d in documents if any(y in d.years for y in intent.years)}
