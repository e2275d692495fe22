"""Places of China, from a maintained gazetteer (jionlp's china_location table), found in text.

jionlp was chosen over cpca: cpca's last release (0.5.5, 2021) does not import on this Python
(it needs pkg_resources) and its table is from 2020; jionlp is maintained (1.5.31, 2025), installs
from pure wheels and ships the three-level table (province → city → county) with short names.
Importing jionlp and reading its table takes about half a second, so the table is read once per
process (`Gazetteer.load`) and kept as a file in the cache folder when one is given.

A short name (金坛, 成都, 海淀) is only read as a place where a place is expected (the leading
scope of a question, a report title) or when it is a place the reports are about: "南京师范大学"
names a university, "城区学校" no place.
"""
from __future__ import annotations

import contextlib
import hashlib
import io
import pickle
import re
import threading
from collections.abc import Iterable
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

# what may come before a place that opens a text: "请问2019年昆山…"
_OPENING_RE = re.compile(r"(?:\s|请问|在|(?:19|20)?\d{2}\s*年度?)*")
# what stands between two places of one list: "新北2018年和溧阳…"
_LIST_GAP_RE = re.compile(r"(?:(?:19|20)?\d{2}\s*年度?)?(?:上半年|下半年)?(?:以及|[和与及、跟同])")
# the head of an institution's name a place name may open (朝阳小学, 龙城实验中学, 新桥第二幼儿园)
_INSTITUTION_RE = re.compile(r"[第一二三四五六七八九十\d]*(?:实验|中心|外国语|初级|高级)?"
                             r"(?:小学|中学|初中|高中|幼儿园|学校|大学|学院|医院)")
# a school known by its number after its city's name (北京四中, 成都七中, 杭州二小): at any level
_NUMBERED_SCHOOL_RE = re.compile(r"第?[一二三四五六七八九十]+[中小](?![心国华层期时学])")
# a class named after a place, as schools name the classes of pupils from it (西藏班, 新疆班); a
# place's 班主任 or 班子 is still of that place
_CLASS_RE = re.compile("班(?![主子长])")
# an organ of the place's own government (四川省政府, 江苏省委): jieba reads the whole as an
# organisation's name, yet it names the place, as its report is that place's
_ORGAN_RE = re.compile(r"(?:人民)?政府|[省市区县]?委|人大|政协|(?:教育)?[局厅]")
LEVELS = ("province", "city", "district", "county")
# the four municipalities are provinces in the table but cities to people ("上海市政府工作报告")
_MUNICIPALITIES = frozenset({"北京市", "上海市", "天津市", "重庆市"})
# county-level names that are also common nouns: read only after their parent (长治市城区)
_GENERIC = frozenset({"城区", "新城区", "老城区", "市区", "郊区", "矿区", "东区", "西区", "南区", "北区",
                      "中区", "新区", "开发区", "高新区", "经开区", "白云区", "城中区", "城关区"})
# Local spellings the table lacks: historical names and administrations the table has no row for.
LOCAL_PLACES: dict[tuple[str, ...], tuple[str, ...]] = {
    ("江苏省", "常州市", "金坛区"): ("金坛市",),                               # before 2015
    ("江苏省", "常州市", "新北区"): ("常州高新区", "常州国家高新区", "高新区"),  # one administration
    ("江苏省", "常州市", "经开区"): ("常州经开区", "常州经济开发区"),
}


@dataclass(frozen=True)
class Place:
    name: str                    # canonical full name: "金坛区"
    level: str                   # one of LEVELS
    path: tuple[str, ...]        # ("江苏省", "常州市", "金坛区"); ("上海市",) for a municipality

    @property
    def full(self) -> str:
        """"江苏省常州市金坛区": the name that is unique across China."""
        return "".join(self.path)

    def within(self, other: "Place") -> bool:
        """True when this place lies inside `other` (not when it is `other`)."""
        return len(self.path) > len(other.path) and self.path[:len(other.path)] == other.path


@dataclass(frozen=True)
class Mention:
    place: Place
    start: int
    end: int
    text: str                    # as written: "金坛", "浙江省"


def _level(name: str, depth: int) -> str:
    if depth == 0:
        return "city" if name in _MUNICIPALITIES else "province"
    if depth == 1:
        return "city"
    return "district" if name.endswith("区") else "county"


class Gazetteer:
    """Every spelling of every place, and the places a spelling may mean."""

    def __init__(self, places: Iterable[tuple[Place, tuple[str, ...]]]) -> None:
        self._by_spelling: dict[str, list[Place]] = {}
        self._full: set[str] = set()
        for place, aliases in places:
            self._full.add(place.name)
            for spelling in (place.name, *aliases):
                if spelling and place not in self._by_spelling.setdefault(spelling, []):
                    self._by_spelling[spelling].append(place)
        self._spelling_re = re.compile("|".join(map(re.escape, sorted(self._by_spelling, key=len, reverse=True))))
        self._by_full = {p.full: p for ps in self._by_spelling.values() for p in ps}

    @staticmethod
    def load(cache_dir: Path | None = None) -> "Gazetteer":
        """The whole table (about 3,400 places); read once per process, never changed.

        With `cache_dir`, the rows are kept in a file there, named by jionlp's version and the
        local spellings, and read from it when it exists (a damaged file is read again)."""
        with _LOADING:
            if "table" not in _LOADED:
                _LOADED["table"] = Gazetteer(_cached_rows(cache_dir) if cache_dir else _rows())
            return _LOADED["table"]

    def by_full(self, full: str | None) -> Place | None:
        """The place a full path names ("江苏省常州市金坛区"), as stored with a document."""
        return self._by_full.get(full or "")

    def resolve(self, spelling: str, prefer: Iterable[Place] = ()) -> Place | None:
        """The place a spelling means: one of `prefer` if it may mean one, else by name and level."""
        found = self._by_spelling.get(spelling, [])
        preferred = [p for p in prefer if p in found]
        if preferred:
            return preferred[0]
        # a place of that very name before one it is a short name of, then the highest level
        return min(found, key=lambda p: (p.name != spelling, len(p.path))) if found else None

    def find(self, text: str, known: Iterable[Place] = (), short: bool = True) -> list[Mention]:
        """Places written in `text`, longest spelling first, in order.

        A full name of three characters or more counts anywhere; any spelling counts after its
        own parent (杭州西湖区) or when it may mean one of the `known` places (the places the
        reports are about). With `short`, a short name also counts where jieba reads a place
        word starting there (成都, 上海港; not 新建 in 新建了, nor 南京 in 南京师范大学). A generic
        name (城区) needs its parent or a known place. A spelling that may mean several places
        (鼓楼区) is read as the one inside the place just before it, else a known one, else the
        highest level.
        """
        known = list(known)
        words = _words(text) if short else {}
        out: list[Mention] = []
        passed: dict[int, tuple[str, int]] = {}     # end → (spelling, start) of a spelling not read as a place
        for m in self._spelling_re.finditer(text):
            spelling, candidates = m.group(), self._by_spelling[m.group()]
            before = out[-1] if out and out[-1].end == m.start() else None
            inside = [p for p in candidates if before and p.within(before.place)]
            place = inside[0] if inside else self.resolve(spelling, known)
            parent = passed.get(m.start())
            if parent and not inside and (outer := self._parent_of(candidates, parent[0])):
                # 银川西夏区: a short name jieba does not read as a place (银川西) is one where its own
                # district or county follows it, as a place counts after its own parent
                out.append(Mention(outer, parent[1], m.start(), parent[0]))
                inside = [p for p in candidates if p.within(outer)]
                place = inside[0]
            generic = spelling in _GENERIC
            word = words.get(m.start())
            if word and word[1] == "nt" and word[0] > m.end() and not _ORGAN_RE.fullmatch(text, m.end(), word[0]):
                continue                  # part of an organisation's name: 南京师范大学
            full_name = spelling in self._full and len(spelling) >= 3 and not generic
            # a city's or province's short name of three characters or more says only that place
            # wherever it is written (呼伦贝尔, 齐齐哈尔), though jieba may read it as a person's name
            full_name = full_name or (len(spelling) >= 3 and not generic and "直辖" not in spelling
                                      and any(p.level in ("city", "province") for p in candidates))
            # jieba reads a county's short name of three characters as a person's name too (海拉尔 nr)
            place_word = bool(word) and (word[1] == "ns" or word[1] == "nr" and len(spelling) >= 3) \
                and word[0] >= m.end() and not generic
            if place_word and place.level in ("district", "county") and (
                    not (_OPENING_RE.fullmatch(text[:m.start()])
                         or (out and _LIST_GAP_RE.fullmatch(text[out[-1].end:m.start()])))
                    or text.startswith(("了", "过", "着"), m.end())):
                # 新建, 朝阳, 和平: a county's short name is read only where a text opens, and
                # never before an aspect particle (新建了), which only follows a verb
                place_word = False
            if place_word and place.level in ("district", "county") and _INSTITUTION_RE.match(text, m.end()):
                place_word = False    # a school named after a county (朝阳小学) is no scope
            if place_word and _NUMBERED_SCHOOL_RE.match(text, m.end()):
                place_word = False    # nor a city whose school a report names (北京四中特级教师)
            if place_word and _CLASS_RE.match(text, m.end()):
                place_word = False    # nor a class named after where its pupils come from (西藏班)
            # a generic name of three characters (经开区, 高新区) counts where a text opens
            opening_generic = generic and len(spelling) >= 3 and bool(_OPENING_RE.fullmatch(text[:m.start()]))
            if inside or full_name or place_word or opening_generic or any(p in known for p in candidates):
                out.append(Mention(place, m.start(), m.end(), spelling))
            else:
                passed[m.end()] = (spelling, m.start())
        return out

    def _parent_of(self, candidates: Iterable[Place], spelling: str) -> Place | None:
        """The place spelled `spelling` that one of `candidates` (a name written right after it)
        lies in, else None."""
        for outer in self._by_spelling.get(spelling, ()):
            if any(p.within(outer) for p in candidates):
                return outer
        return None

    def spellings(self, places: Iterable[Place]) -> set[str]:
        """Every spelling of these places (for the segmenter's dictionary and modifier skips)."""
        wanted = set(places)
        return {s for s, ps in self._by_spelling.items() if wanted.intersection(ps)}


def _words(text: str) -> dict[int, tuple[int, str]]:
    """start → (end, jieba tag) of each word, tagged with jieba's own dictionary."""
    import jieba.posseg

    out, at = {}, 0
    for w in jieba.posseg.lcut(text):
        out[at] = (at + len(w.word), w.flag)
        at += len(w.word)
    return out


_LOADING = threading.Lock()
_LOADED: dict[str, Gazetteer] = {}    # the one table of this process, whoever asks first


def _rows() -> list[tuple[Place, tuple[str, ...]]]:
    # jionlp prints a banner on import, which would break `qa ask --json`'s standard output
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
        from jionlp import china_location_loader

    rows: list[tuple[Place, tuple[str, ...]]] = []

    def aliases(node: dict) -> tuple[str, ...]:
        alias = node.get("_alias")
        return tuple(alias) if isinstance(alias, list) else ((alias,) if alias else ())

    for province, pnode in china_location_loader().items():
        ppath = (province,)
        rows.append((Place(province, _level(province, 0), ppath), aliases(pnode)))
        for city, cnode in pnode.items():
            if city.startswith("_"):
                continue
            cpath = ppath if city == province else ppath + (city,)
            if city != province:
                rows.append((Place(city, "city", cpath), aliases(cnode)))
            for county, knode in cnode.items():
                if not county.startswith("_"):
                    rows.append((Place(county, _level(county, 2), cpath + (county,)), aliases(knode)))
    for path, spellings in LOCAL_PLACES.items():
        known = next((p for p, _ in rows if p.path == path), None)
        rows.append((known or Place(path[-1], _level(path[-1], 2), path), spellings))
    return rows


def _cached_rows(cache_dir: Path) -> list[tuple[Place, tuple[str, ...]]]:
    key = hashlib.sha256(repr((metadata.version("jionlp"), sorted(LOCAL_PLACES.items()), LEVELS,
                               sorted(_MUNICIPALITIES))).encode()).hexdigest()[:16]
    path = Path(cache_dir) / "places" / f"table-{key}.pickle"
    try:
        rows = pickle.loads(path.read_bytes())
        if isinstance(rows, list) and rows and isinstance(rows[0][0], Place):
            return rows
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, IndexError, TypeError, ValueError):
        pass
    rows = _rows()
    path.parent.mkdir(parents=True, exist_ok=True)
    part = path.with_suffix(".part")
    part.write_bytes(pickle.dumps(rows, protocol=pickle.HIGHEST_PROTOCOL))
    part.replace(path)
    return rows
