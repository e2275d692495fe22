"""What a question asks, read once: its scope (places, years), what kind of answer, and its topic.

`analyse` runs once per question in `Assistant.ask`; every later stage (scope checks, retrieval
filters, splitting by scope, the reader) reads the `Question` it returns instead of re-parsing
the text. Composed answers (sums, lists, comparisons) read the flags:

- `total`: the question asks for a sum (一共, 总共, 合计, 共计, 总计, 共+verb): add the parts up.
- `each`: it asks the same thing of each of several (分别, 各自, 各): one answer per scope.
- `comparison`: it asks which is more, or by how much (哪个多, 多多少, 相比, 还是); usually of two
  or more `places` or `years`.
- `composition`: the composed answer it asks for (qa/compose/asks.py: sum, list, yes_no, compare
  or span) with its frame (the action, what is counted, the unit, the sides of a comparison).
"""
from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from index.ingest.places import Gazetteer, Mention, Place
from qa.compose.asks import Asked, Tagger, read_asked
from qa.compose.header import HeaderAsk, asked_of_header
from qa.compose.glossary import asks_meaning
from qa.reader.asked import asked_unit, asks_yes_no, expected_type
from qa.reader.rivals import asked_measure

# a four-digit number followed by a scale or a unit is an amount, no year (突破2000亿元, 1998人)
_YEAR_RE = re.compile(r"(?<!\d)((?:19|20)\d{2})(?![.．%％万亿千百十元个人名位所家项条次场件篇部台套列余多])(?:\s*年)?(?!\d)"
                      r"|(?<!\d)(\d{2})年(?!\d|级)")
# a year after 比/较 is a point of comparison, not scope; after the others it is a start or an
# end: still scope for the filter, but kept in the topic, where it is part of the wording
_NOT_SCOPE_BEFORE = ("比", "较", "从", "自", "至", "到", "截至", "截止")
_NOT_SCOPE_AFTER = re.compile(r"度?(?:起|以来|开始|至|到|以前|以后|之前|之后|前|后)")
_RELATIVE = ("前年", "去年", "今年", "本年", "明年")
# what may stand between the places and years that open a question ("在新北和金坛2019年…")
# how a question may open before what it asks: politeness and "I want to know" frames, joiners
_ASKING = r"请问|(?:我|请)?想(?:知道|问问?|了解)(?:一下)?|请告诉我"
_FILLER_RE = re.compile(r"(?:\s|" + _ASKING + r"|在|的|以及|[、，,和与及跟同])+")
TOTAL_RE = re.compile(r"一共|总共|合计|共计|总计|加起来|合起来|[加合]在一起|[加合](?:到)?一块儿?|(?<![公中])共(?![同享建青育治性识])")
# 加起来, 合在一起 ask a total as 一共 does (jieba reads 起来 as a verb, the action of nothing)
_SUMMED_RE = re.compile(r"(?:加起来|合起来|[加合]在一起|[加合](?:到)?一块儿?)(?:一共|总共)?")
EACH_RE = re.compile(r"分别|各自|(?<!各)各(?![级类种项地界方位])")
# light normalisation of what the reader is asked: one word per concept, no measure word after 多少
_READER_WORDS = (("老师", "教师"), ("GDP", "地区生产总值"), ("gdp", "地区生产总值"))
# 去产能, 去库存, 去杠杆: cutting them back (三去一降一补), no going anywhere
_DE_WORDS = frozenset({"产能", "库存", "杠杆"})
_AFTER_GO = frozenset({"了", "过", "哪", "哪里", "哪儿", "什么"})
# verbs said aloud and the verb reports write for them, where jieba reads them alone as verbs
_SPOKEN_VERBS = {"去": "赴", "盖": "新建", "加": "增加", "花": "投入"}
_READER_DROP_RE = re.compile(r"(?<=多少)[名个位]|[？?。！!\s]+$")
_SPLIT_VERB_RE = re.compile(r"([\u4e00-\u9fff])[完过]([\u4e00-\u9fff])")
_ASKING_RE = re.compile(r"^(?:\s|" + _ASKING + r")+")
# a question written as what it asks about, with no asking word (我想知道…的本一达线率, …招聘老师的
# 人数, …新接入的集中供热面积): the measure it ends on asks for its value, as 是多少 would
_BARE_MEASURE_RE = re.compile(r"(?:率|数|数量|总额|金额|比例|比重|经费|资金|投入|规模|增幅|增速|面积|产量|产值|总量|里程)"
                              r"[\s？?。]*$")
_TITLE_RE = re.compile(r"《[^《》]*》")
_BRACKETED_YEAR_RE = re.compile(r"[（(]\s*((?:19|20)\d{2}\s*年度?(?:[上下]半年)?)\s*[)）]")
_ASKS_RE = re.compile(r"多少|几|哪|什么|谁|怎|如何|何|啥|吗|呢|是否|有没有|多[久长大高远]")
_EDGE_RE = re.compile(r"^(?:\s|" + _ASKING + r"|在|的|以及|[、，,和与及跟同])+")


@dataclass(frozen=True)
class Question:
    text: str                          # as asked, 是多少 added to a bare measure (…的达线率)
    plain: str                         # without the asking frame it opens with (请问, 我想知道…), a
                                       # total asked in speech as written (加起来 → 一共):
                                       # what the composition and the reader read (`written`): the
                                       # frame says nothing, yet moved the reader's score across
                                       # its line (我想知道浙江省一共关停了几个“僵尸”应用 declined)
    places: tuple[Place, ...]          # the scope: every place asked about, most specific, in order
    named: tuple[Mention, ...]         # every place written, scope or not (江苏省五四杯 is not scope)
    scope_mentions: tuple[Mention, ...]  # where the scope places are written (for splitting)
    years: tuple[int, ...]             # years named as scope (比2020年 is a comparison, not scope)
    relative_years: tuple[str, ...]    # 去年…: relative to the report, never a filter
    asked: str | None                  # quantity, share, money, date, entity, list, yes_no or None
    measure: str | None                # 人数, 金额 or 比例 when a 多少 question asks one of them
    unit: str | None                   # the measure word written after 多少/几: 名, 个, 元…
    total: bool                        # 一共/总共/合计/共: a sum is asked
    each: bool                         # 分别/各自/各: one answer per scope is asked
    comparison: bool                   # 哪个多/谁多/多多少/相比/还是: two sides compared (composition)
    topic: str                         # the text without its scope words (places, scope years)
    unplaced: str                      # the text without its scope places: what retrieval searches
                                       # once those places' reports are chosen
    reader_text: str                   # the topic, lightly normalised: what the reader is asked
                                       # where Config.reader_reads_topic
    reader_text_with_years: str        # the same with the years kept: when years were not applied
    written: str                       # the plain text with its words as reports write them: what
                                       # the reader is asked otherwise
    composition: Asked                 # the composed answer asked for, with its frame
    about_report: HeaderAsk | None = None  # what it asks of the report itself (谁作的, 哪天公开的):
                                           # its header answers (qa/compose/header.py)
    defines: bool = False                  # it asks what something is or holds (…是指什么): a
                                           # report's glossary may define it (qa/compose/glossary.py)

    @property
    def districts(self) -> tuple[str, ...]:
        """Canonical names of the scope places (the chat's filter shows the first)."""
        return tuple(p.name for p in self.places)

    @property
    def district(self) -> str | None:
        return self.places[0].name if self.places else None

    @property
    def relative(self) -> str | None:
        return self.relative_years[0] if self.relative_years else None


def analyse(text: str, places_known: Iterable[Place] = (), gazetteer: Gazetteer | None = None,
            tagged: Tagger | None = None) -> Question:
    """Read `text` once. `places_known` are the places of the indexed reports, so their short
    names (金坛, 天宁, 新北) count wherever they are written; `tagged` cuts text into words with
    their parts of speech (jieba's own dictionary by default)."""
    gazetteer = gazetteer or Gazetteer.load()
    tagged = tagged or _plain_tagged
    # a year in brackets says when, as one written after its place does: 新北区（2018年）
    text = _BRACKETED_YEAR_RE.sub(r"\1", text)
    if _BARE_MEASURE_RE.search(text) and not _ASKS_RE.search(text) and not asks_yes_no(text):
        text = text.rstrip("？?。 ") + "是多少"
    known = list(places_known)
    named = gazetteer.find(text, known)
    # a year in a title is the title's (《钟楼教育志（1999-2019）》几月份出版): no time asked
    titled = [m.span() for m in _TITLE_RE.finditer(text)]
    year_spans = [(m.start(), m.end(), int(m.group(1)) if m.group(1) else 2000 + int(m.group(2)))
                  for m in _YEAR_RE.finditer(text) if not any(a < m.start() < b for a, b in titled)]
    scope_years = [(s, e, y) for s, e, y in year_spans
                   if not text[:s].endswith(_NOT_SCOPE_BEFORE) and not _NOT_SCOPE_AFTER.match(text, e)]
    lead = _leading_end(text, named, year_spans)
    leading = [m for m in named if m.end <= lead]
    later_known = [m for m in named if m.start >= lead and m.place in known]
    # "陕西…来金坛考察": when a place the reports cover is named later, the places that open
    # the question are its subject's origin, not the scope
    mentions = [m for m in leading if m.place in known] + later_known if later_known else leading
    places = [m.place for m in mentions]
    scope = tuple(m for m in mentions if not any(p.within(m.place) for p in places))
    years = tuple(dict.fromkeys(y for s, _, y in year_spans if not text[:s].endswith(_NOT_SCOPE_BEFORE[:2])))
    place_spans = [(m.start, m.end) for m in mentions]
    topic = _without(text, place_spans + [(s, e + 1 if text.startswith("度", e) else e) for s, e, _ in scope_years])
    topic_dated = _without(text, place_spans)
    asked, measure = _asked(text)
    plain = _spoken_sums(_ASKING_RE.sub("", text) or text, tagged)
    composition = read_asked(plain, tagged, {m.text for m in named})
    return Question(
        text=text, plain=plain, places=tuple(dict.fromkeys(m.place for m in scope)), named=tuple(named),
        scope_mentions=scope, years=years, relative_years=tuple(w for w in _RELATIVE if w in text),
        asked=asked, measure=measure, unit=asked_unit(text) or None,
        total=bool(TOTAL_RE.search(text)), each=bool(EACH_RE.search(text)),
        comparison=composition.kind == "compare", topic=topic, unplaced=topic_dated or text,
        reader_text=_for_reader(topic, tagged) or _for_reader(text, tagged),
        reader_text_with_years=_for_reader(topic_dated, tagged) or _for_reader(text, tagged),
        written=_as_written(plain, tagged),
        composition=composition, about_report=asked_of_header(plain), defines=asks_meaning(plain))


# levels written with the word they share said once (一、二等奖, 省、市级, 金、银牌, 中、小学): each
# level gets the word, as reports list the parts (一等奖20件、二等奖66件)
_SHARED_WORD_RE = re.compile(r"(?:(?<![\u4e00-\u9fff])|(?<=[省市区县国]))([一二三四五六七八九十金银铜甲乙丙国省市区县中小高初])"
                             r"((?:、[一二三四五六七八九十金银铜甲乙丙国省市区县中小高初])+)"
                             r"(等奖|年级|星级|级|牌|类|学)")


def _each_with_its_word(text: str) -> str:
    return _SHARED_WORD_RE.sub(lambda m: "、".join(c + m[3] for c in (m[1] + m[2]).split("、")), text)


def _spoken_sums(text: str, tagged: Tagger) -> str:
    """A total asked in speech, as reports and the readers of a question read one: 加起来 as 一共,
    and 加 between two nouns as 和 (中小学加幼儿园: the two added, no verb 增加); levels sharing
    one word written each with it (省一、二等奖 → 省一等奖、二等奖)."""
    text = _each_with_its_word(_SUMMED_RE.sub("一共", text))
    if "加" not in text:
        return text
    words = tagged(text)
    return "".join("和" if w == "加" and 0 < i < len(words) - 1 and _nominal(words[i - 1][1])
                   and _nominal(words[i + 1][1]) else w for i, (w, _) in enumerate(words))


def _nominal(tag: str) -> bool:
    return tag.startswith("n") or tag in ("j", "vn", "b")


def _plain_tagged(text: str) -> list[tuple[str, str]]:
    from qa.retriever.terms import plain_tagger

    return [(word, tag) for word, tag in plain_tagger().cut(text)]


def _leading_end(text: str, named: list[Mention], years: list[tuple[int, int, int]]) -> int:
    """Where the run of places, years and joiners that opens the question ends."""
    starts = {m.start: m.end for m in named} | {s: e for s, e, _ in years}
    at, end = 0, 0
    while True:
        filler = _FILLER_RE.match(text, at)
        at = filler.end() if filler else at
        if at not in starts:
            return end
        at = end = starts[at]
        period = re.match(r"度|上半年|下半年|全年", text[at:])
        if period:
            at = end = at + period.end()


def _without(text: str, spans: list[tuple[int, int]]) -> str:
    """The text with the spans cut out, and the joiners left between or before them."""
    keep, at = [], 0
    for s, e in sorted(set(spans)):
        if s >= at:
            keep.append(text[at:s])
            at = e
        else:
            at = max(at, e)
    keep.append(text[at:])
    # a joiner that only stood between two cut spans ("金坛和钟楼") goes with them
    parts = [keep[0]] + [p if not re.fullmatch(r"(?:以及|[、，,和与及跟同])?", p) else "" for p in keep[1:-1]] \
        + ([keep[-1]] if len(keep) > 1 else [])
    return _EDGE_RE.sub("", "".join(parts))


def _for_reader(topic: str, tagged: Tagger) -> str:
    out = _as_written(_spoken_sums(topic, tagged), tagged)
    out = _READER_DROP_RE.sub("", out).strip()
    return out if len(re.findall(r"[\u4e00-\u9fff]", out)) >= 2 else ""


def worded_as_read(question: str, passages: list[str]) -> str:
    """The question asked in the word the passages read write, where they write the one the user
    said and not the one reports usually write (全年GDP增长4%: GDP stays GDP)."""
    for word, norm in _READER_WORDS:
        if norm in question and not any(norm in p for p in passages) and any(word in p for p in passages):
            question = question.replace(norm, word)
    return question


def _as_written(text: str, tagged: Tagger) -> str:
    """The words a question speaks as reports write them: 老师 as 教师, and a spoken verb as the
    written one (去支教 → 赴支教: the reader, trained on written text, scores the span 4 higher;
    盖 → 新建, 加 → 增加, 哪儿 → 哪里); not 去了哪里, nor within a word (去年, 享去APP, 参加)."""
    for word, norm in _READER_WORDS:
        text = text.replace(word, norm)
    if not any(w in text for w in (*_SPOKEN_VERBS, "哪儿", "完", "过")):
        return text
    words = _joined_verbs(tagged(text), tagged)
    return "".join(_written_word(words, i) for i in range(len(words)))


def _joined_verbs(words: list[tuple[str, str]], tagged: Tagger) -> list[tuple[str, str]]:
    """A verb and its object said apart by 完/过, as speech splits them (考完试, 开过会), joined as
    reports write the verb (考试, 开会): where the verb and its 完/过 are one word, the object ends a
    word (not 年度完成, 创过新高) and the two make one verb."""
    text = "".join(w for w, _ in words)
    word_of: list[int] = []
    for n, (w, _) in enumerate(words):
        word_of += [n] * len(w)
    word_of.append(len(words))

    def verb(m: re.Match[str]) -> str:
        one = tagged(m.group(1) + m.group(2))
        apart = word_of[m.start()] == word_of[m.start() + 1] and word_of[m.end()] != word_of[m.end() - 1]
        return one[0][0] if apart and len(one) == 1 and one[0][1].startswith("v") else m.group()

    joined = _SPLIT_VERB_RE.sub(verb, text)
    return words if joined == text else tagged(joined)


def _written_word(words: list[tuple[str, str]], i: int) -> str:
    word, tag = words[i]
    if word == "哪儿":
        return "哪里"
    if tag != "v" or word not in _SPOKEN_VERBS:
        return word
    if word == "去" and (i + 1 == len(words) or words[i + 1][0] in _AFTER_GO | _DE_WORDS):
        return word            # 去了哪里: where one went, asked; 去产能: no going
    if word == "去" and words[i + 1][1] in ("v", "vn"):
        return ""              # 去参加: going to do, not to a place; reports write the doing alone
    return _SPOKEN_VERBS[word]


def _asked(text: str) -> tuple[str | None, str | None]:
    """What kind of answer is asked, from the reader's own readers of the question."""
    measure = asked_measure(text)
    if asks_yes_no(text):
        return "yes_no", measure
    kind = expected_type(text)
    if kind == "number":
        return {"比例": "share", "金额": "money"}.get(measure or "", "quantity"), measure
    return {"list": "list", "date": "date", "name": "entity"}.get(kind or ""), measure
