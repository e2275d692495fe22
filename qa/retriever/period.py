"""When a passage speaks of, and whether that is the time a question asks about.

A work report reviews what was done and plans what is to come, each under its own heading:
"一、2025年主要工作和“十四五”发展成就" and "三、2026年重点工作" (a provincial report of 2026),
"2018年上半年工作总结" and "2018年下半年工作计划" (a district's mid-year report). The same
figure is often written in both (举办大型营业性演出273场 done, 100场 planned), so a question's
time (浙江今年要举办多少场演出, 2025年举办了多少场) tells the passages apart where its words do
not. A passage's time is read from its heading path; a question's from its years, its half
year and its tense. Pure functions.
"""
from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from qa.retriever.hybrid import Hit

_DONE_WORDS_RE = re.compile(r"总结|回顾|成就|成绩|进展|完成情况")
_PLAN_WORDS_RE = re.compile(r"计划|安排|意见|思路|打算|任务|目标|考虑|展望|要点|部署")
_YEAR_RE = re.compile(r"((?:19|20)\d\d)年")
_HALF_RE = re.compile(r"[上下]半年")
# a question's tense, word by word (jieba's words): 要, 将, 打算… ask a plan; 了, 已, 已经 what was
# done. 计划 is no sign: it names things too (双高计划, 优才计划); 今年计划… is read by its 今年
_PLAN_TOKENS = frozenset({"要", "将", "将要", "拟", "准备", "打算", "预计", "力争", "目标"})
_DONE_TOKENS = frozenset({"了", "已", "已经", "曾"})
# the tense words that are verbs to jieba (打算, 准备): they say when, never what is asked about
MODAL_WORDS = (_PLAN_TOKENS - {"目标"}) | _DONE_TOKENS
# 今年, 去年… counted from the report's own (latest) year
_RELATIVE_YEARS = {"前年": -2, "去年": -1, "今年": 0, "本年": 0, "明年": 1}


@dataclass(frozen=True)
class Period:
    years: tuple[int, ...] = ()
    half: str | None = None        # 上半年 or 下半年
    # "done" (a review of a year the report follows), "so_far" (a review of the report's own
    # year, still running: it writes what is planned for the rest of it too, 全年预计支出…), "plan"
    kind: str | None = None


def section_period(section: tuple[str, ...], report_years: tuple[int, ...]) -> Period:
    """The time a passage under the heading path `section` (outermost first) speaks of: the first
    year, half and kind its headings write; a heading naming only a year is a review of a year
    before the report's and a plan of its own year or a later one. A review is "done" only of a
    year before the report's, or of no year named; of the report's own year or a half year it is
    "so_far"."""
    years: tuple[int, ...] = ()
    half = kind = None
    for heading in section:
        years = years or tuple(int(y) for y in _YEAR_RE.findall(heading))
        half = half or next(iter(_HALF_RE.findall(heading)), None)
        if kind is None:
            done, plan = bool(_DONE_WORDS_RE.search(heading)), bool(_PLAN_WORDS_RE.search(heading))
            kind = "done" if done and not plan else "plan" if plan and not done else None
    if kind is None and years and report_years:
        kind = "done" if max(years) < max(report_years) else "plan"
    if kind == "done" and (half or years and report_years and max(years) >= max(report_years)):
        # a review of the report's own year, or of its half year (2018年上半年工作总结), runs on;
        # one naming no year and no half (工作回顾, 取得新进展) is of the years the report follows
        kind = "so_far"
    return Period(years, half, kind)


def asked_period(years: tuple[int, ...], relative: tuple[str, ...], text: str, words: list[str],
                 report_years: tuple[int, ...]) -> Period:
    """The time a question asks about in a report of `report_years`: its years (今年 and the like
    counted from the report's), its half year and its tense (`words`: the question in words)."""
    latest = max(report_years) if report_years else None
    # 比去年增长多少: a year compared with is no time asked
    counted = tuple(latest + _RELATIVE_YEARS[w] for w in relative
                    if latest is not None and w in _RELATIVE_YEARS and not re.search(f"[比较同]{w}", text))
    plan, done = bool(_PLAN_TOKENS.intersection(words)), bool(_DONE_TOKENS.intersection(words))
    kind = "plan" if plan and not done else "done" if done and not plan else None
    return Period(tuple(years) + counted, next(iter(_HALF_RE.findall(text)), None), kind)


def conflicts(asked: Period, section: Period) -> bool:
    """The section speaks of another time than the one asked: another year or half, or, where
    the question names no half the section shares, a plan where what was done is asked, or a
    closed year's review where a plan is asked."""
    if asked.years and section.years and not set(asked.years) & set(section.years):
        return True
    if asked.half and section.half:
        return asked.half != section.half
    if asked.kind == "plan":
        return section.kind == "done"
    return asked.kind == "done" and section.kind == "plan"


def written_by(groups: list[tuple[str, ...]], terms: Callable[[str], list[str]]) -> Callable[[str], frozenset[int]]:
    """Which of the question's term `groups` (a term with the words that say the same) a passage
    writes, its text cut into terms by `terms`: in_period's `written`."""
    def written(text: str) -> frozenset[int]:
        found = set(terms(text))
        return frozenset(i for i, group in enumerate(groups) if found.intersection(group))

    return written


def in_period(hits: list[Hit], years: tuple[int, ...], relative: tuple[str, ...], text: str, words: list[str],
              report_years: Callable[[str], tuple[int, ...]],
              written: Callable[[str], frozenset[int]] | None = None) -> list[Hit]:
    """`hits` without those of a section speaking of another time than the question asks (its
    `years`, `relative` years, `text` and `words`, read in each report by its years), unless no
    other is left. With `written` (which of the question's terms a passage writes), a passage of
    another time goes only where one of the time asked writes every question term it writes: the
    time tells apart passages of the same thing, it does not stand in for the thing asked
    (海拉尔启用了哪两个智慧应用, asked in the past of a report's plan, is answered from the plan)."""
    asked = {doc: asked_period(years, relative, text, words, report_years(doc)) for doc in {h.chunk.doc for h in hits}}

    off = [conflicts(asked[h.chunk.doc], section_period(h.chunk.section, report_years(h.chunk.doc))) for h in hits]
    return _where_covered(hits, off, written) if written is not None else [h for h, o in zip(hits, off) if not o] or hits


def _where_covered(hits: list[Hit], off: list[bool], written: Callable[[str], frozenset[int]]) -> list[Hit]:
    """`hits` without those `off` the time asked whose question terms (`written`) a passage of
    the time asked writes as well; all of them where none is of the time asked."""
    kept = [h for h, o in zip(hits, off) if not o]
    if not kept or len(kept) == len(hits):
        return hits
    covered = [written(h.chunk.text) for h in kept]
    return [h for h, o in zip(hits, off) if not o or not any(written(h.chunk.text) <= c for c in covered)]


# what dates a paragraph's first sentence to several years (五年来，…, “十四五”时期，…) or to one
# (过去一年，…, 2025年，…); a question asks of several with the same words or a plan's name (十四五末)
_OPENS_YEARS_RE = re.compile(r"(?:[两三四五六七八九十几]|\d+)年(?:来|间)|(?:这|过去|近)[两三四五六七八九十几]年"
                             r"|“?十[四五]五”?(?:期间|时期|以来)")
_OPENS_YEAR_RE = re.compile(r"(?:过去|这)一年|一年来|(?:19|20)\d\d年(?!以来)|[今去本]年")
_ASKS_YEARS_RE = re.compile(_OPENS_YEARS_RE.pattern + r"|十[四五]五")


def written_of_years(text: str, start: int, since: int = 0) -> str | None:
    """"years" where the paragraph holding offset `start` of a report's `text` is written of
    several years, "year" of one, None where nothing says or both are said: by its first sentence,
    or else by the nearest paragraph before it, back to offset `since` (its section's heading),
    whose first sentence does (一是…, 二是… detail the 过去一年，… before them)."""
    line = text.rfind("\n", 0, start) + 1
    while line >= since:
        opening = re.match(r"[^。！？!?\n]*", text[line:]).group()
        years, year = _OPENS_YEARS_RE.search(opening), _OPENS_YEAR_RE.search(opening)
        if years or year:
            return None if years and year else "years" if years else "year"
        if line == 0:
            return None
        line = text.rfind("\n", 0, line - 1) + 1
    return None


def passage_of_years(text: str, start: int, end: int, section: tuple[str, ...]) -> str | None:
    """written_of_years of a passage (`start`, `end` of its report's `text`, under the heading
    path `section`): of every paragraph it touches, None where they differ."""
    since = max(text.rfind(section[0], 0, start), 0) if section else 0
    starts = [start] + [i + 1 for i in range(start, end - 1) if text[i] == "\n"]
    said = {written_of_years(text, at, since) for at in starts}
    return said.pop() if len(said) == 1 else None


def asks_years(text: str, years: tuple[int, ...], relative: tuple[str, ...]) -> str | None:
    """"years" where a question asks of several years (这五年…, “十四五”期间…), "year" where of
    one it names (2025年, 去年; 今年累计… is of one), None where it says neither."""
    if _ASKS_YEARS_RE.search(text):
        return "years"
    return "year" if len(years) + len(relative) == 1 else None


def of_years_asked(hits: list[Hit], asked: str | None, written_of: Callable[[Hit], str | None],
                   written: Callable[[str], frozenset[int]]) -> list[Hit]:
    """`hits` without the passages written of one year where several are asked (这五年新增了多少家
    上市公司: not 过去一年…新增上市公司6家 but 五年来…新增上市公司48家), or of several where one is,
    where a passage of the time asked writes every question term they write (`written`)."""
    if asked is None:
        return hits
    off = [written_of(h) not in (asked, None) for h in hits]
    return _where_covered(hits, off, written) if any(off) else hits


def reviewed_only(asked: Period, section: Period, sentence: str, report_years: tuple[int, ...]) -> str:
    """What a passage reviews where the question asks of the report's own year or a later one
    (江苏今年计划新建多少亩高标准农田, of a 2026 report) and the passage does not answer for it: its
    sentence dates itself to earlier years only where a plan is asked (今年…增长目标 of 2025年全省…
    固定资产投资下降3.3%), or, dating itself to none, stands in the review of closed years. What
    was done then is no answer to what is planned now. "" where it may answer."""
    if not asked.years or not report_years or min(asked.years) < max(report_years) \
            or _OWN_YEAR_RE.search(sentence) or any(str(y) in sentence for y in asked.years):
        return ""
    # the years a sentence is of: not one compared with (比2025年), nor an award's (表彰2017年度…)
    said = [int(m.group(1)) for m in _YEAR_RE.finditer(sentence)
            if not re.search(r"[比较同与]$", sentence[:m.start()]) and not sentence.startswith("度", m.end())]
    if said:
        planned = asked.kind == "plan" and max(said) < min(asked.years)
        return f"{'、'.join(map(str, dict.fromkeys(said)))}年" if planned else ""
    if section.kind != "done" or set(asked.years) & set(section.years):
        return ""
    return f"{'、'.join(map(str, section.years))}年" if section.years else "以往"


def other_section_year(asked: Period, section: Period, sentence: str) -> str:
    """The years of the section a span stands in where the question asks other years (2025年, 去年)
    and the span's sentence writes none of those asked: the 城镇调查失业率5.5%左右 of 2026年重点工作 is no
    figure of 2025, as retrieval's in_period reads it. "" where they share one, or either names none."""
    if not asked.years or not section.years or set(asked.years) & set(section.years) \
            or any(str(y) in sentence for y in asked.years):
        return ""
    return "、".join(map(str, section.years))


# a sum over several years: 累计完成3.7万亿元, 五年来…, 这五年…, “十四五”期间…; and a change
# averaged over them (年均增长5%; not 年均浓度, one year's mean)
_YEARS_SUMMED_RE = re.compile(r"累计|年均(?:增长|增速|递增|提高|下降|减少)"
                              r"|(?:[两三四五六七八九十]|\d+)年(?:来|间|累计|共)|(?:这|过去|近)[两三四五六七八九十]年"
                              r"|“?十[四五]五”?(?:期间|时期|以来)")
# what dates an opening to a year or to the year just past (一年来, 2025年…): it needs no lead's time
_OPENING_DATED_RE = re.compile(r"(?:19|20)\d\d年|[一今去本]年")


def lead_of(text: str, line: int) -> str:
    """The paragraph before the one starting at offset `line` where it is one sentence opening
    what that paragraph details (这五年，我们深入践行以人民为中心的发展思想…。 over 城镇新增就业261.6万人…);
    "" where there is none or it is longer."""
    if line < 2:
        return ""
    before = text[text.rfind("\n", 0, line - 1) + 1:line - 1].strip()
    return before if re.fullmatch(r"[^。！？!?\n]{4,}[。：:！!]", before) else ""


# what a figure's own clause says of one year: 全年接待游客…, 年度产量…, 当年新增…
_ONE_YEARS_RE = re.compile(r"全年|年度|当年")


def over_years(question: str, asked: Period, sentence: str, opening: str, lead: str = "") -> str:
    """The words saying a figure sums several years (累计, 五年来) where the question asks of one
    year (山东去年一般公共预算收入 of 一般公共预算收入累计完成3.7万亿元): in the figure's sentence, in
    the opening sentence of its paragraph (五年来，我们…), or, where that opening dates itself to no
    year, in the `lead` its paragraph details (lead_of); "" where it is of one year (its own
    clause says 全年, 年度 or 当年, whatever an earlier clause sums) or the question asks of several too."""
    if len(asked.years) != 1 or _YEARS_SUMMED_RE.search(question) or _OWN_YEAR_RE.search(sentence) \
            or str(asked.years[0]) in sentence:
        return ""       # 今年累计…, 2025年累计…: the sum is of the year asked
    if _ONE_YEARS_RE.search(re.split(r"[，,；;]", sentence)[-1]):
        return ""       # …累计建成高标准农田4128万亩，…年度产量首次突破2000万吨: the figure's clause says one year
    found = _YEARS_SUMMED_RE.search(sentence) or _YEARS_SUMMED_RE.search(opening)
    if not found and not _OPENING_DATED_RE.search(opening):
        found = _YEARS_SUMMED_RE.match(lead)
    return found.group() if found else ""


# a plan written before its verb, in the figure's clause (计划招聘中小学教师48名); 将 is no sign, as
# it is 把 as often (将3所学校纳入)
_PLANNED_BEFORE_RE = re.compile(r"(?:计划|拟|预计|力争|争取|准备|打算)[^，,。；;：:、]{0,24}$")
# a question asking what was done in the end: 最后实际招到了多少
_ASKS_DONE_RE = re.compile(r"实际|最终|最后|已经|已")
# a figure asked (a yes/no question is decided by the clause: a plan says not yet)
_ASKS_FIGURE_RE = re.compile(r"多少|几")


def planned_figure(question: str, clause: str) -> bool:
    """The question asks what was in the end done (实际, 最终, 已经…) and the figure's clause, up to
    and with the figure, says it was planned: a plan is no answer to it."""
    return bool(_ASKS_DONE_RE.search(question)) and _ASKS_FIGURE_RE.search(question) is not None \
        and _PLANNED_BEFORE_RE.search(clause) is not None


# a sentence dating itself to the report's own year: 本年度学前教育普及普惠率是83% (of a 2021 report)
_OWN_YEAR_RE = re.compile(r"本年度|今年|本年(?!级)")


_COMPARED_YEAR_RE = re.compile(r"(?:比|较|快于|慢于|高于|低于|好于|优于|多于|少于|同比)\s*\d{4}\s*年")


def other_year(sentence: str, asked: tuple[int, ...], report_years: tuple[int, ...]) -> int | None:
    """The year a sentence says it is of where a question asks an earlier year a report looks back
    on (钟楼区2020年… of a 2021 report) and the sentence writes none of the years asked: the year it
    writes, or the report's own where it says 本年度/今年; None where it answers for the year asked
    or says no year."""
    if not asked or not report_years or set(asked) & set(report_years):
        return None
    # a year a figure is held against (快于2024年1.8个百分点, 比2024年增长) dates no figure of the sentence
    years = [int(y) for y in _YEAR_RE.findall(_COMPARED_YEAR_RE.sub("", sentence))]
    if set(asked) & set(years):
        return None
    if years:
        return years[0]
    return max(report_years) if _OWN_YEAR_RE.search(sentence) else None


def other_time(question: str, years: tuple[int, ...], relative: tuple[str, ...], words: list[str],
               report_years: tuple[int, ...], section: tuple[str, ...], sentence: str, paragraph: str,
               quoted: str, lead: str = "") -> str:
    """Why a span does not answer for the time the question asks (its `years`, `relative` years,
    text and `words`), in a report of `report_years`: its sentence or its section is of another
    year (other_year, other_section_year), of closed years where a plan is asked (reviewed_only), of several years summed
    where one is asked (over_years), or a plan where what was done is asked (planned_figure).
    `paragraph` is the span's paragraph up to the span, `quoted` its sentence up to and with the
    span, `lead` the sentence its paragraph details (lead_of). "" where it may answer."""
    said = other_year(sentence, years, report_years)
    if said:
        return f"报告中没有{'、'.join(map(str, years))}年的这项内容，最相关的句子说的是{said}年"
    asked = asked_period(years, relative, question, words, report_years)
    headed = section_period(section, report_years)
    other = other_section_year(asked, headed, sentence)
    if other:
        return f"报告中没有{'、'.join(map(str, asked.years))}年的这项内容，最相关的段落说的是{other}年的"
    reviewed = reviewed_only(asked, headed, sentence, report_years)
    if reviewed:
        return f"报告中没有{'、'.join(map(str, asked.years))}年的这项内容，最相关的段落说的是{reviewed}的情况"
    # a sum's word governs the figures after it: 累计化解… after 完成…项目217个 sums none of them
    summed = over_years(question, asked, quoted, re.match(r"[^。！？!?]*", paragraph).group(), lead)
    if summed:
        return f"问的是{asked.years[0]}年一年的数，最相关的句子说的是几年合计的（{summed}）"
    clause = re.split(r"[，,；;]", quoted)[-1]
    if planned_figure(question, clause):
        return f"问的是实际的数，报告写的是计划（{clause}）"
    return ""
