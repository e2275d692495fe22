"""Yes/no verdicts: 是, 否 or 报告未说明, then the clause that decides it.

The reader answers a yes/no question with the clause that says the question's own words back
(decode.stating_clause). Whether that clause says yes is read from it: a negation (不, 未, 没有,
无, 零, 严禁, 禁止, 杜绝, 免, a verb negating its object: 取消, 取缔, 停止, or falling short of it:
离国标尚有差距) before words the question asks about says no, unless the question negates them
too, and one saying it is still to come (即将, 拟, 预计) says no to a question asking whether it
was done (…了吗); a question asking of all (都, 全部, 所有, 均) is answered yes only by a clause
that says all (均, 全部, 所有, 全, 100%) and no by one that says some (部分, 个别); a question
asking if something is the first (首次, 第一次) is answered only by a clause that says so, and one
asking of a number (居全国第5位) only by a clause that writes it. Pure text functions.
"""
from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from qa.reader.sentence import CLAUSE_MARKS, enclosing
from qa.retriever.terms import VERB_TAGS

# not the words these characters begin without negating anything: 不断深化 (continuously),
# 不仅, 不少, 不同, 无论, 非常, 未来; and the verbs that negate their object (取消重点班 says what
# 不开设重点班 says, so it answers 是否取消了重点班 with yes)
_NEGATIONS_RE = re.compile("严禁|禁止|杜绝|没有|(?<![淹埋沉出隐吞覆湮])没(?![收])|未(?!来)|不(?!断|仅|少|停|懈|同|论|管|但|久|时|已)|无(?!论)|免|非(?!常)"
                           # 零伤亡, 零事故: none of it (not 一百零五, 零售, 零星)
                           r"|(?<![一二三四五六七八九十百千万\d])零(?![售星散件部钱食花〇一二三四五六七八九\d])"
                           "|取消|取缔|停止|废除|废止|叫停"
                           "|(?:离|距|与)(?=[^，,。；;]{1,12}(?:尚|还|仍)[有存][^，,。；;]{0,6}差距)")
_QUESTION_FORMS_RE = re.compile(r"是不是|是否|有没有|能不能|会不会|可不可以|吗|呢|了吗|了?没有(?=\s*[？?]?\s*$)")
# what is only to come (儒林幼儿园即将开标): it says no to a question asking whether it was done (开标了吗).
# Not 将 or 要 alone (将 is also 把: 将劳动教育纳入…; 要 is in 主要, 重要), nor 计划, which names things
# too (三年行动计划): retriever/period.py reads a question's tense with the same caution
_PROSPECTIVE_RE = re.compile("即将|将要|将于|拟|准备|预计|力争|争取|有望")
# a question asking what was done: 了 (not 为了, 了解) or 已/已经
_DONE_ASKED_RE = re.compile("已|(?<!为)了(?!解)")
_A_NOT_A_RE = re.compile(r"(.)不\1")      # 要不要, 用不用, 需不需要: what is asked is the verb once
# 均 is "all" alone, not in 均衡 (balanced), 平均 or 人均 (on average)
_ALL = "(?<![平人])均(?![衡值匀])"
_ALL_ASKED_RE = re.compile(f"都|全部|所有|{_ALL}|每[个所一]")
_ALL_SAID_RE = re.compile(f"{_ALL}|全部|所有|全[区市县面]?|100%|百分之百|都|每[个所一]|一律")
_SOME_SAID_RE = re.compile("部分|个别|有的|少数")
# the first of a kind, in words or as an ordinal (第一个 is 首个, no rank among others)
_FIRST_RE = re.compile("首次|第一次|首个|首家|首批|首届|首创|第一[个家所批座]")
YES, NO, UNSTATED = "是", "否", "报告未说明"
# a report's numbered heading: 5. / 一、 / （三）
_HEADING_RE = re.compile(r"\s*(?:\d+[.．、]|[一二三四五六七八九十]+、|[（(][一二三四五六七八九十\d]+[)）])")


def _pairs(text: str) -> set[str]:
    return {text[i:i + 2] for i in range(len(text) - 1)}


def negated(text: str, asked: str) -> bool:
    """A negation in `text` governs words of `asked` after it (不开设重点班 for 开重点班)."""
    return _governs(_NEGATIONS_RE, text, asked)


def _governs(marker: re.Pattern, text: str, asked: str) -> bool:
    """A `marker` in `text` is followed closely by words of `asked`."""
    pairs = _pairs(asked)
    chars = set(asked)
    for m in marker.finditer(text):
        rest = text[m.end():m.end() + 8]
        if _pairs(rest) & pairs or (rest[:1] and rest[0] in chars):
            return True
    return False


# words of a yes/no question that state no fact a clause must write back: how it is asked (还能,
# 可以, 需要), by whom it is done in general (自己), that it already is (已经), that it is now (现在,
# 目前: the report's own time, which it seldom writes)
_NO_FACT = frozenset("还 能 能够 可以 可 会 要 需要 应该 应当 必须 得 也 又 再 已经 已 自己 到底 究竟 "
                     "现在 目前 如今 当前 眼下 "
                     # how much of it the question claims (有部分学生…, 全部…): the verdict reads that
                     # against the clause's own 全部/部分 (verdict), the clause need not write it back
                     "有 部分 个别 有的 少数 全部 所有 全都 都".split())


# the parts of speech jieba gives words that place, relate or qualify, naming nothing a clause must
# write back: 里, 中 (f), 按, 在 (p), 还, 都 (d), conjunctions, particles, interjections
_FUNCTION_TAGS = ("f", "p", "d", "c", "u", "y", "e")


def fact_groups(groups: Sequence[tuple[str, ...]],
                tagged: Callable[[str], list[tuple[str, str]]] | None = None) -> list[tuple[str, ...]]:
    """The word groups of a yes/no question a clause stating its fact writes: 义务教育阶段的学校还能开
    重点班吗 is stated by 不开设重点班 with 学校 said before it, whatever 还能 says; with `tagged`
    (jieba), nor by the function words of 学校里出过安全事故吗 (里) or 还会按成绩排名吗 (还会, 按)."""
    return [g for g in groups if g[0] not in _NO_FACT and not (tagged and _function_word(g[0], tagged))]


def _function_word(word: str, tagged: Callable[[str], list[tuple[str, str]]]) -> bool:
    return all(w in _NO_FACT or t.startswith(_FUNCTION_TAGS) for w, t in tagged(word))


def asked_words(question: str) -> str:
    """A yes/no question without its question forms: what it asks the report to state."""
    return _A_NOT_A_RE.sub(r"\1", _QUESTION_FORMS_RE.sub("", question))


def fact_words(question: str) -> str:
    """What a yes/no question asks the report to state, less its negations: a clause may state the
    fact either way (没上本一线 is decided by 全部达本一线), and the verdict reads which."""
    return _NEGATIONS_RE.sub("", asked_words(question))


def asked_predicate(question: str, tagged: Callable[[str], list[tuple[str, str]]] | None = None) -> str:
    """What a yes/no question asks of its subject: the words after its question form
    (检查校外培训机构有没有发现违规问题 → 发现违规问题). Where the form closes the question (…吗) the
    predicate opens at the last verb `tagged` (jieba) reads before it, a Chinese predicate
    following its subject (义务教育优质均衡达到国标了吗 → 达到国标); "" without a tagger or a verb."""
    form = _QUESTION_FORMS_RE.search(question) or _A_NOT_A_RE.search(question)
    rest = asked_words(question[form.end():]) if form else ""
    if re.search(r"[\u4e00-\u9fff]", rest):
        return rest
    if form is None or tagged is None:
        return ""
    words = tagged(asked_words(question[:form.start()]))
    verbs = [n for n, (_, tag) in enumerate(words) if tag in VERB_TAGS]
    return "".join(w for w, _ in words[verbs[-1]:]) if verbs else ""


def verdict(question: str, clause: str) -> str:
    """是, 否 or 报告未说明 for a yes/no `question` answered by the report's `clause`."""
    asked = asked_words(question)
    if _FIRST_RE.search(asked):
        if not _FIRST_RE.search(clause):
            return UNSTATED
        asked = _FIRST_RE.sub("", asked)      # said by the clause: no rank or number left to decide
    asked_ranks, said_ranks = _ranks(asked), _ranks(clause)
    if any(k in said_ranks and not asked_ranks[k] & said_ranks[k] for k in asked_ranks) \
            and _same_subject(asked, clause):
        return NO       # 排第一吗, of a clause placing the thing asked 居全国第3位
    if not _numbers(asked) <= _numbers(clause):
        # 是不是居全国第5位: a clause not writing the number asked (…产量居全国第1位) does not decide it
        return UNSTATED
    says_no = negated(clause, asked) != negated(asked, asked.replace("不", "").replace("没", "").replace("未", ""))
    if says_no:
        return NO
    if _DONE_ASKED_RE.search(question) and _governs(_PROSPECTIVE_RE, clause, asked) \
            and not _governs(_PROSPECTIVE_RE, asked, asked):
        return NO       # asked whether it was done; the report says it is still to come
    if _ALL_ASKED_RE.search(asked):
        if _SOME_SAID_RE.search(clause):
            return NO
        if not _ALL_SAID_RE.search(clause):
            return UNSTATED
    return YES


# a number as a question or clause writes it, but a year or a date (scope, not what is asked)
_NUMBER_RE = re.compile(r"(?<![\d.])(\d+(?:\.\d+)?)(?![\d.]|\s*[年月日号])")
_ORDINAL_RE = re.compile("第([一二三四五六七八九十])")
# a rank and what it ranks in: a place (第1位, 第一名, 排第一) or a batch, a session… (第二批, 第十四届)
_RANK_RE = re.compile(r"第(\d+)(?![\d.])(?!\s*[年月日号季])([批届次期轮]?)")


# where a rank is written: no word of the thing ranked
_RANKING_RE = re.compile(r"(?:在|居|排|位居|位列|列)?(?:全国|全省|全市|全球|世界|中部|西部|东部|东北)?(?:排名|排|居|列)?"
                         r"第\d+[位名批届次期轮]?|是不是|是否|有没有|不是")


def _in_figures(text: str) -> str:
    """Ranks written in words as in figures: 第一 → 第1, 首位 → 第1位."""
    return _ORDINAL_RE.sub(lambda m: "第" + str("一二三四五六七八九十".index(m.group(1)) + 1), text.replace("首位", "第1位"))


def _same_subject(asked: str, clause: str) -> bool:
    """The clause writes two characters together of what the question ranks (贷款余额 of 贷款余额在中部
    是排第一, of 全省各类贷款余额…居中部第1位), not only the ranking (…产量居全国第1位 of GDP)."""
    rest = _RANKING_RE.sub("|", _in_figures(asked))
    return any(rest[i:i + 2] in clause for i in range(len(rest) - 1)
               if re.fullmatch(r"[\u4e00-\u9fff]{2}", rest[i:i + 2]))


def _ranks(text: str) -> dict[str, set[str]]:
    """The ranks `text` writes (第1位, 排第一, 第二批), as figures, by what they rank in."""
    text = _in_figures(text)
    ranks: dict[str, set[str]] = {}
    for n, kind in _RANK_RE.findall(text):
        ranks.setdefault(kind, set()).add(n)
    return ranks


def _numbers(text: str) -> set[str]:
    """The numbers `text` writes in figures, an ordinal in words counted too (第五 → 5)."""
    text = _in_figures(text)
    return {n.rstrip("0").rstrip(".") if "." in n else n for n in _NUMBER_RE.findall(text)}


CLAUSE_RE = re.compile(f"[^{CLAUSE_MARKS}]+")


def stated_clause(passages: Sequence[str], groups: Sequence[tuple[str, ...]],
                  floor: float) -> tuple[int, int, int] | None:
    """(passage, start, end) of the clause that states what a yes/no question asks, where the
    reader found no span it trusts: the clause writing the largest share of the question's topic
    words (`groups`: each with its synonyms, cut from `asked_words`), at least `floor` of them;
    the earlier passage wins a tie. None where no clause writes enough of them.

    A span reader scores spans that answer a question and a yes/no question has none, so its
    score says little of whether the report states the fact; the words the clause says back do."""
    if not groups:
        return None
    best = None
    for n, text in enumerate(passages):
        for m in CLAUSE_RE.finditer(text):
            share = stated_share(m.group(), groups)
            if share >= floor and (best is None or share > best[0]):
                best = (share, n, m.start(), m.end())
    return best and best[1:]


def stated_share(clause: str, groups: Sequence[tuple[str, ...]]) -> float:
    """The share of the asked words (each group with its synonyms) that `clause` writes; none
    for a numbered heading (5.继续开展系列教育活动), which names a topic and states nothing of it."""
    if not groups or _HEADING_RE.match(clause):
        return 0.0
    return sum(any(writes_word(clause, t) for t in g) for g in groups) / len(groups)


def writes_word(clause: str, word: str) -> bool:
    """The clause writes the word, or each two-character word a compound of them is made of with
    something between them, in order (人员伤亡 in 实现人员“零伤亡”)."""
    if word in clause:
        return True
    if len(word) < 4 or len(word) % 2:
        return False
    at = 0
    for i in range(0, len(word), 2):
        at = clause.find(word[i:i + 2], at)
        if at < 0:
            return False
        at += 2
    return True


def clause_around(text: str, start: int, end: int) -> str:
    """The clause (or run of clauses) of `text` that holds text[start:end]."""
    lo, hi = enclosing(text, start, end, CLAUSE_MARKS)
    return text[lo:hi]
