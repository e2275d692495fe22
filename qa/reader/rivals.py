"""A span whose sentence names a rival of what was asked (春季 for 秋季) is not an answer.

Reports use closed sets of words that exclude each other: seasons, online or offline,
the level of an award (国家级, 省级, 市级), its grade (一等奖, 三等奖), the subject
(美术, 书法). Asked 秋季…认定了多少人, the reader finds the sentence 春季…认定148人
and answers 148人 with high confidence, since every other word matches. When the
answer's sentence names another member of such a set and not the one asked, the
honest answer is that the passage is about the rival. contrast.py handles the open
case (a modifier the report never uses); this the closed sets, where the report may
well use the asked word elsewhere.

A quantity has its rivals too: asked 多少绩效工资 (an amount of money), the reader may
find 不进编教师167人 in the paragraph about pay reform; a head count is not an amount.
"""
from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache

from qa.reader.sentence import CLAUSE_MARKS

# members of a set exclude each other; spellings in one tuple mean the same (秋季, 秋学期)
RIVAL_SETS: tuple[tuple[tuple[str, ...], ...], ...] = (
    (("春季", "春学期"), ("秋季", "秋学期"), ("夏季",), ("冬季",)),
    (("线上",), ("线下",)),
    (("援藏",), ("援疆",), ("援青",), ("援黔",), ("援滇",), ("援陕",)),
    (("国家级",), ("省级",), ("市级",), ("区级",), ("县级",), ("校级",)),
    (("特等奖",), ("一等奖",), ("二等奖",), ("三等奖",)),
    (("语文",), ("数学",), ("英语",), ("物理",), ("化学",), ("生物",), ("历史",), ("地理",),
     ("美术",), ("音乐",), ("书法",), ("体育",), ("信息技术",)),
    (("小学组",), ("中学组",), ("初中组",), ("高中组",), ("幼儿组",), ("甲组",), ("乙组",), ("丙组",)),
    (("公办",), ("民办",)),
)
# the level written as one character before what it qualifies: 省名师空中课堂, 市心理健康…
_LEVEL = "全国|国家|省|市"
_GRADES = "一二三四五六七八九十特"
_GRADE_LIST_RE = re.compile(f"[{_GRADES}](?:[、,，和及][{_GRADES}])+等奖")
_QUOTES_RE = re.compile("[“”\"'「」《》]")
_LEVEL_WORD_RE = re.compile(f"({_LEVEL})级")
_LEVELLED_RE = re.compile(f"({_LEVEL})(?=[\u4e00-\u9fff]{{3}})")
# levels written in a run before what they share (分获省、市“四有好教师”团队): each is said of it
_LEVEL_RUN_RE = re.compile(f"((?:{_LEVEL})(?:[、和及与](?:{_LEVEL}))+)(?=([\u4e00-\u9fff]{{3}}))")


def rival_answer(question: str, sentence: str) -> tuple[str, str] | None:
    """(asked, found), e.g. ("秋季", "春季"), when the answer's `sentence` names a rival of a
    word the question asks with and not that word itself; None when it does not."""
    sentence = _spelled_out(sentence)
    return _set_rival(question, sentence) or _level_rival(question, sentence)


def _spelled_out(sentence: str) -> str:
    # "分获一、二、三等奖" names each grade
    return _GRADE_LIST_RE.sub(lambda m: "、".join(c + "等奖" for c in m.group(0) if c in _GRADES), sentence)


def _set_rival(question: str, sentence: str) -> tuple[str, str] | None:
    for members in RIVAL_SETS:
        asked = [m for m in members if any(w in question for w in m)]
        if not asked or any(w in sentence for m in asked for w in m):
            continue
        asked_at = [(w, q) for m in asked for w in m for q in _positions(question, w)]
        for found in (w for m in members if m not in asked for w in m):
            for at in _positions(sentence, found):
                for spelling, q in asked_at:
                    if _same_frame(question, q, len(spelling), sentence, at, len(found)):
                        return spelling, found
    return None


# people a count may count, each excluding the others: 68名导学教师和1400名学生 answers 多少老师 with 68名
_ROLES = (("教师", "老师", "教职工", "班主任"), ("学生", "幼儿", "儿童", "学员"), ("家长",))
# the words a quantity is written with: after it up to the next clause mark, joiner or number
# (6个金坛区级品格提升项目), else before it back to one (公开招聘教师43人)
_AFTER_RE = re.compile(r"[^，,。；;：:、和及与\d（(]{1,12}")
_BEFORE_RE = re.compile(r"[^，,。；;：:、和及与\d）)]{1,12}$")


# a quantity per head or per unit (人均, 生均, 户均, 亩均) measures something else than the total; an
# average over time (城镇调查失业率平均值为5.0%) is the value asked, and stays
_AVERAGED_RE = re.compile("人均|生均|户均|亩均|师均|床均")
TOTAL_ASKED = "总量"
_RATIOS = ("比例", "倍数")


def counted_rival(question: str, text: str, start: int, end: int) -> tuple[str, str] | None:
    """(asked, found) where the words the quantity text[start:end] is written with name a rival
    of one the question asks with (区级 for 省级, 学生 for 老师) and not that one, or a value per
    head the question does not ask (人均, in the quantity's clause); else None."""
    item = written_with(text, start, end)
    for members, asked, spelling in _asked_members(question):
        if any(w in item for w in asked):
            continue
        found = next((w for m in members if m != asked for w in m if w in item), None)
        if found:
            return spelling, found
    if _AVERAGED_RE.search(question) or measure_of(text[start:end]) in _RATIOS:
        # a ratio is never a value per head, whatever its base (按生均公用经费定额的8倍)
        return None
    # the clause up to the quantity: its subject may stand before a change (人均…从9万元提高到11万元)
    lead = text[max(text.rfind(c, 0, start) for c in CLAUSE_MARKS) + 1:start]
    averaged = _AVERAGED_RE.search(item) or _AVERAGED_RE.search(lead)
    # 人均地区生产总值突破1万美元 answers no 地区生产总值是多少: a value per head is another measure
    return (TOTAL_ASKED, averaged.group(0) + "值") if averaged else None


def counts_asked(question: str, text: str, start: int, end: int) -> bool:
    """Whether the quantity text[start:end] is written with a word the question asks with, of a
    set whose members exclude each other (3个省级…项目 for 省级…几个)."""
    item = written_with(text, start, end)
    return any(w in item for _, asked, _ in _asked_members(question) for w in asked)


@lru_cache(maxsize=256)
def _asked_members(question: str) -> tuple[tuple[tuple[tuple[str, ...], ...], tuple[str, ...], str], ...]:
    """(set, member, spelling) for each set of rivals the question names exactly one member of;
    read once per question, as the reader asks it of every candidate span."""
    out = []
    for members in (*RIVAL_SETS, _ROLES):
        asked = [(m, w) for m in members for w in m if w in question]
        if len({m for m, _ in asked}) == 1:
            out.append((members, asked[0][0], asked[0][1]))
    return tuple(out)


def written_with(text: str, start: int, end: int) -> str:
    """The words the quantity text[start:end] is written with (_AFTER_RE, else _BEFORE_RE)."""
    after = _AFTER_RE.match(text, end)
    if after:
        return after.group(0)
    before = _BEFORE_RE.search(text, max(0, start - 12), start)
    return before.group(0) if before else ""


def _positions(text: str, word: str) -> list[int]:
    return [m.start() for m in re.finditer(re.escape(word), text)]


def _same_frame(question: str, q: int, q_len: int, sentence: str, s: int, s_len: int) -> bool:
    """The two words sit between the same characters on one side (大赛三等奖, 大赛一等奖):
    a rival mentioned in passing elsewhere in the sentence does not count."""
    after = question[q + q_len:q + q_len + 1]
    before = question[q - 1:q] if q else ""
    return bool(after and after == sentence[s + s_len:s + s_len + 1]) or bool(
        before and s and before == sentence[s - 1:s])


def _level_rival(question: str, sentence: str) -> tuple[str, str] | None:
    """省心理健康 asked, 市心理健康 found: another level before the same three characters."""
    question, sentence = _plain(question), _plain(sentence)
    for m in _LEVELLED_RE.finditer(question):
        what = question[m.end():m.end() + 3]
        if m.group(0) + what[:2] in sentence:
            continue
        for n in re.finditer(f"({_LEVEL})" + re.escape(what), sentence):
            if n.group(1) != m.group(0) and n.group(0) not in question:
                return m.group(0) + what[:2], n.group(1) + what[:2]
    return None


def _plain(text: str) -> str:
    # 市级“平安校园” says what 市平安校园 says; 省、市四有好… says 省四有好 and 市四有好
    return _LEVEL_RUN_RE.sub(_each_level, _LEVEL_WORD_RE.sub(r"\1", _QUOTES_RE.sub("", text)))


def _each_level(run: re.Match) -> str:
    """省、市 before 四有好…: 省四有好、市 (the last level keeps what follows it in the text)."""
    *levels, last = re.split("[、和及与]", run.group(1))
    return "".join(level + run.group(2) + "、" for level in levels) + last


# what a 多少/几 question counts, from the words right after it ("多少名教师", "多少钱"),
# or before it when nothing follows ("补助资金是多少"): 多少名学生 wins over 救助资金 before it
_MONEY = "钱|资金|经费|工资|奖金|奖励金|补助|补贴|费用|拨款|资助|投资|投入|金额|预算|基金|[万亿]?元|生产总值|GDP|经济总量|产值|收入|总额"
# 多少人民币, 多少人均经费 ask for money
_PERSONS = "教师|老师|学生|幼儿|校长|班主任|名师|毕业生|志愿者|党员|干部"
# 多少名, 多少万人: people, counted in a magnitude too
_PEOPLE = f"[万千]?(?:[名位]|人(?!民币|均))|新?(?:{_PERSONS})"
_ASKED_RE = re.compile(r"(?:多少|几)(.{0,6})")
_PEOPLE_AFTER_RE = re.compile(_PEOPLE)
# 几所, 多少家: schools and institutions, not 家长, 家庭 nor 所有
_PLACES_AFTER_RE = re.compile("[所家座](?![长庭属乡有])")
# 多少绩效工资; not 多少个县生产总值…, where the classifier says what is counted
_MONEY_AFTER_RE = re.compile(f"(?![个项条件次场篇批座])[^，。？?]{{0,2}}(?:{_MONEY})")
_MONEY_BEFORE_RE = re.compile(f"(?:{_MONEY})[^，。]{{0,3}}$")
# 常住人口有多少, 教师人数是多少: people, asked by the measure before 多少
_PEOPLE_BEFORE_RE = re.compile(f"(?:人口|人数|(?:{_PERSONS})总?数)[^，。]{{0,4}}$")
# the verbs of a change: 比去年增长多少 asks how much something grew
CHANGE_VERBS = "增长|增加|提高|提升|上升|下降|减少|降低"
_FOLLOWS_NOTHING_RE = re.compile(r"[了的呢啊？?。，,\s]*")
# the measure an answer ends with: 720.79万元, 1500元/人; 167人, 3262名, 12位, 300人次
_ANSWER_MEASURES = (("名次", re.compile(r"第\s*[\d一二三四五六七八九十百]+\s*[位名]?$")),   # 第5位 is no 5 people
                    ("金额", re.compile(r"[\d一二三四五六七八九十百千万亿.．]\s*(?:万|亿|千)?(?:美|港|日|欧)?元(?:人民币)?(?:/人)?"
                                       r"(?:左右|以上|以下)?$")),
                    ("人数", re.compile(r"[\d一二三四五六七八九十百千万.．]\s*(?:多|余)?(?:人次|人|名|位)(?:左右|以上|以下)?$")),
                    ("比例", re.compile(r"[\d一二三四五六七八九十.．]\s*(?:%|％|‰|个?百分点|成)(?:左右|以上|以下)?$")),
                    # a multiple is a ratio: 8倍 counts no children and no money
                    ("倍数", re.compile(r"[\d一二三四五六七八九十百.．]\s*(?:多|余)?倍(?:左右|以上|以下)?$")),
                    # a length or an area is an amount of a measure: 2847米 is no 1100万元
                    ("长度", re.compile(r"[\d一二三四五六七八九十百千万.．]\s*(?:多|余)?(?:万|千)?(?:公里|千米|米|厘米|毫米)"
                                      r"(?:左右|以上|以下)?$")),
                    ("面积", re.compile(r"[\d一二三四五六七八九十百千万.．]\s*(?:多|余)?(?:万|千)?(?:平方米|平方公里|平方千米|亩|公顷)"
                                      r"(?:左右|以上|以下)?$")),
                    ("学校或机构数", re.compile(r"[\d一二三四五六七八九十百千万.．]\s*(?:多|余)?[所家座](?:左右|以上|以下)?$")),
                    # a date is no count: 9月 answers no 几所
                    ("日期", re.compile(r"(?:(?<!\d)(?:19|20)\d\d年|(?<![\d个])\d{1,2}月|(?<![\d个])\d{1,2}[日号]|"
                                      r"(?<![一二三四五六七八九十个])[一二三四五六七八九十]{1,2}月)(?:份|底|初|上旬|中旬|下旬)?$")))
# 百分之几, 多大比例, 比例达到多少, 达线率是多少, 研发投入强度是多少, 增长幅度是多少: the answer is a share (84%,
# 5个百分点, 八成)
_SHARE_ASKED_RE = re.compile(r"百分之[几多]|百分比|[多大少]+比例|比例[^，。？?]{0,4}(?:多少|几)"
                             r"|(?:率|强度|幅度|[增涨降]幅|增速|占比|比重)(?:具体|大概|大约|究竟|到底)?[是为有达到了约]{0,3}多少")


# measures counted only in their own units: money, shares, lengths, areas
AMOUNTS = ("金额", "比例", "长度", "面积")
# the classifiers a count is asked in (几项, 多少件): an amount counts none of them (12亿元 is no
# answer to 有几项成果, 5.5%左右 none to 多少家企业)
COUNTERS = frozenset("个项件家所座条批篇门处支台套本册轮次场")
# 多长, 多远, 长度是多少, 多少公里: a length; 多大面积, 多少平方米: an area (多长时间 is a time)
_AMOUNTS_ASKED = (("长度", re.compile(r"多长(?!时间)|多远|长度[是为有达到了约]{0,3}多少|(?:多少|几)(?:万|千)?(?:公里|千米|米)")),
                  ("面积", re.compile(r"多大面积|面积[是为有达到了约]{0,3}多少|(?:多少|几)(?:万|千)?(?:平方米|平方公里|平方千米|亩|公顷)")))
# 按几倍补助, 是去年的多少倍: a multiple asked, whatever it is a multiple of
_MULTIPLE_ASKED_RE = re.compile(r"(?:几|多少)倍")
ASKS_RANK_RE = re.compile("排名|名次|第几|位次|排第|列第")
# a count in figures or in words (16个, 两个, 十余项)
_COUNT_RE = re.compile(r"[\d一二三四五六七八九十百千两]\s*(?:多|余)?(?:个|项|次|场|条|件|篇|批|期|支|处|台|套|本|册)(?:左右|以上|以下)?$")


# a difference of two shares, and the words a question asks one with (提高了几个百分点, 比去年高多少)
_POINTS_RE = re.compile(r"百分点(?:左右|以上|以下)?$")
_ASKS_CHANGE_RE = re.compile(f"{CHANGE_VERBS}|百分点|比(?![例重])|较|同比|幅度|变化|涨|降|多了|少了|高了|低了")


# 哪一年 asks a year of the calendar; 连续4年, 三年 count years (a year is written with four digits
# or as 二〇一九年)
_ASKS_YEAR_RE = re.compile("哪一?年(?!级)|何年")
_YEARS_COUNTED_RE = re.compile(r"(?:连续|近|这|过去|最近)?(?:\d{1,2}|[一二三四五六七八九十两]{1,3})个?年")


def measure_rival(question: str, answer: str, people: bool = False) -> tuple[str, str] | None:
    """(asked, found), e.g. ("金额", "人数"), when a 多少/几 question asks for an amount of
    money and the answer counts people, or another of money, people and shares, or 哪一年 is
    answered by a number of years; None otherwise. `people`: the question counts people
    (counts_people), whom a count of things (682个) does not count."""
    if _ASKS_YEAR_RE.search(question) and _YEARS_COUNTED_RE.fullmatch(answer.strip()):
        return "年份", "年数"
    asked = asked_measure(question)
    found = answered_measure(asked, answer, people)
    if asked == "比例" and _POINTS_RE.search(answer) and not _ASKS_CHANGE_RE.search(question):
        # 提高近5个百分点 is how far a share moved, no answer to what the share is (优秀率是多少)
        return asked, "比例的变化"
    if asked is None and _asks_change_of_amount(question) and found is None and _COUNT_RE.search(answer):
        # 固定资产投资增长了多少: a share or an amount, never a count of things (101个)
        return "金额或比例的变化", "其他数量"
    if found == "倍数" and asked is None and _ASKED_RE.search(question) and "倍" not in question \
            and not re.search(CHANGE_VERBS, question):
        # 有多少残疾儿童: a count, which a multiple (8倍) is not; 增长了多少, 是几倍 may be answered by one
        return "数量", found
    return (asked, found) if asked and found and asked != found else None


def _asks_change_of_amount(question: str) -> bool:
    """多少 asked of how much money moved (投资增长了多少, 经费下降了多少)."""
    m = _ASKED_RE.search(question)
    before = _MONEY_BEFORE_RE.search(question, 0, m.start()) if m else None
    return bool(before and _FOLLOWS_NOTHING_RE.fullmatch(m.group(1)) and re.search(CHANGE_VERBS, before.group()))


def answered_measure(asked: str | None, answer: str, people: bool = False) -> str | None:
    """What the answer measures (measure_of), or 其他数量 for a count where money or a share is
    asked: money is counted only in money, a share only as one (16个 is neither); likewise
    people, where the question counts people (`people`, counts_people)."""
    found = measure_of(answer)
    only_in_units = asked in AMOUNTS or (people and asked == "人数")
    if only_in_units and found is None and (_COUNT_RE.search(answer) or asked in AMOUNTS and _IN_UNIT_RE.search(answer)):
        return "其他数量"
    return found


# a quantity in a unit of its own (2.5年, 3天, 12吨, 4091万千瓦), not a bare magnitude (3000亿): an amount
# of money or a share is none of them
_IN_UNIT_RE = re.compile(r"[\d.．]\s*(?:多|余)?(?:[万千亿]?[\u4e00-\u9fff]{1,2})(?<![万亿千百十])$")


# the people a count may ask of, as the last noun of what it counts (多少教师参加…, 几位校长)
_PERSON_RE = re.compile(f"新?(?:{_PERSONS}|儿童)|.*(?:人员|人才|人)")


def counts_people(question: str, tagged: Callable[[str], list[tuple[str, str]]]) -> bool:
    """Whether a 多少/几 question counts people: the nouns right after 多少/几 and its classifier
    end on a person (多少教师参加了培训, 多少名学生); 多少学生社团 counts 社团, which may be
    counted in 个."""
    words = tagged(question)
    for i, (word, tag) in enumerate(words):
        if not (word.startswith("多少") or word.startswith("几")):
            continue
        run = []
        for later, later_tag in words[i + 1:]:
            if later_tag.startswith("n"):
                run.append(later)
            elif run or not later_tag.startswith("q"):
                break
        return bool(run) and _PERSON_RE.fullmatch(run[-1]) is not None
    return False


def measure_of(quantity: str) -> str | None:
    """金额 for 720.79万元, 人数 for 167人, 比例 for 83%, 倍数 for 8倍, 学校或机构数 for 5所, 日期 for
    9月; None for other measures (5个, 3个月)."""
    return next((kind for kind, pattern in _ANSWER_MEASURES if pattern.search(quantity)), None)


def asked_measure(question: str) -> str | None:
    """金额, 人数, 比例, 倍数, 长度, 面积 or 学校或机构数 where a question asks for one of them, 名次
    where it asks a rank (排第几: 3.9% is none); None otherwise."""
    if ASKS_RANK_RE.search(question):
        return "名次"
    if _SHARE_ASKED_RE.search(question):
        return "比例"
    if _MULTIPLE_ASKED_RE.search(question):
        return "倍数"
    for measure, asks in _AMOUNTS_ASKED:
        if asks.search(question):
            return measure
    # of two, the last is asked: the first counts the subject (几家企业一共捐了多少资金 asks money)
    m = next(reversed(list(_ASKED_RE.finditer(question))), None)
    if not m:
        return None
    after = m.group(1)
    if _PEOPLE_AFTER_RE.match(after):
        return "人数"
    if _PLACES_AFTER_RE.match(after):
        return "学校或机构数"
    if _MONEY_AFTER_RE.match(after):
        return "金额"
    if not _FOLLOWS_NOTHING_RE.fullmatch(after):
        return None
    # 经费下降了多少 asks the change, which a share answers as well as an amount
    for measure, pattern in (("金额", _MONEY_BEFORE_RE), ("人数", _PEOPLE_BEFORE_RE)):
        before = pattern.search(question, 0, m.start())
        if before and not re.search(CHANGE_VERBS, before.group()):
            return measure
    return None
