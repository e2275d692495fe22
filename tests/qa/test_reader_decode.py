"""Span decoding as pure functions: offsets, windows, length limits, numbers with units."""
from __future__ import annotations

import numpy as np
import pytest

from qa.reader.asked import asked_prefix, asked_thing, asks_yes_no, counts_each, expected_type, stated_count
from qa.reader.decode import (confidence, context_overlap, fit_confidence, name_of_asked_kind, snap_span, stating_clause,
                              type_bonus, window_candidates, with_asked_thing, with_prefix)
from qa.reader.quantity import pick_quantity, quantity_as_asked, quantity_of_change, share_penalty, whole_range
from qa.reader.leads import (within_clause, without_affiliation, without_asked_attribute, without_broken_word,
                             without_lead_in, without_named_subject, without_question_lead, without_question_tail,
                             without_title)
from qa.reader.dates import whole_date, with_reign_year
from qa.reader.enumeration import grow_to_enumeration
from qa.reader.rivals import asked_measure
from qa.reader.units import ordinal_of_asked_kind
from qa.retriever.terms import Segmenter


def _logits(n: int, hot: dict[int, float]) -> np.ndarray:
    x = np.zeros(n, dtype=np.float32)
    for i, v in hot.items():
        x[i] = v
    return x


def test_best_span_maps_tokens_to_characters():
    # token 0 is <s>, tokens 1-2 question, 3-6 passage tokens covering chars 0-2, 2-4, 4-6, 6-8
    offsets = np.array([[-1, -1]] * 3 + [[0, 2], [2, 4], [4, 6], [6, 8]])
    best = window_candidates(_logits(7, {4: 5.0}), _logits(7, {5: 5.0}), offsets, max_tokens=10)[0]
    assert best[:2] == (2, 6)
    assert best[2] == pytest.approx(10.0)


def test_spans_outside_the_passage_or_reversed_are_never_returned():
    offsets = np.array([[-1, -1]] * 3 + [[0, 2], [2, 4]])
    cands = window_candidates(_logits(5, {1: 9.0, 4: 3.0}), _logits(5, {2: 9.0, 3: 3.0}), offsets, 10)
    assert all(a >= 0 and b > a for a, b, _ in cands)
    assert (6, 0) not in [(a, b) for a, b, _ in cands]


def test_maximum_answer_length():
    offsets = np.array([[-1, -1]] + [[i, i + 1] for i in range(40)])
    cands = window_candidates(_logits(41, {1: 5.0}), _logits(41, {40: 5.0, 3: 1.0}), offsets, max_tokens=10)
    assert all(b - a <= 10 for a, b, _ in cands)


def test_length_penalty_prefers_the_shorter_of_near_equal_spans():
    # the end logits favour token 10 over token 5 by 0.1; five tokens more cost 0.25
    offsets = np.array([[-1, -1]] + [[i, i + 1] for i in range(10)])
    ends = _logits(11, {5: 4.9, 10: 5.0})
    assert window_candidates(_logits(11, {1: 5.0}), ends, offsets, 30)[0][:2] == (0, 10)
    short = window_candidates(_logits(11, {1: 5.0}), ends, offsets, 30, length_penalty=0.05)[0]
    assert short[:2] == (0, 5)
    assert short[2] == pytest.approx(9.9 - 0.05 * 4)


def test_a_lead_in_the_question_already_says_is_dropped_from_the_answer():
    text = "王处直，字允明，京兆万年人。"
    question = "王处直的字是什么？"
    spans = [(4, 7, 10.0), (5, 7, 8.0), (4, 6, 9.5)]        # 字允明, 允明, 字允
    assert without_lead_in(text, question, spans, margin=3.0) == 1
    assert without_lead_in(text, question, spans, margin=1.0) == 0     # 允明 scores too far below
    assert without_lead_in(text, question, spans, margin=0.0) == 0
    # a pronoun for the question's subject is a lead-in too
    fish = "本鱼分布于印度洋。"
    assert without_lead_in(fish, "黄鱼分布在哪里？", [(0, 8, 5.0), (5, 8, 4.0)], margin=3.0) == 1


def test_a_lead_in_with_words_the_question_lacks_stays():
    # 武进 is not in the question, so 常州 is no lead-in; nor is a cut tail ever taken
    text = "推动武进常州幼儿师范学校升格。"
    spans = [(2, 10, 10.0), (4, 10, 9.9), (2, 4, 9.9)]
    assert without_lead_in(text, "要推动哪所学校升格？", spans, margin=3.0) == 0


def test_a_span_starting_inside_a_word_starts_after_it_when_the_part_inside_is_a_lead_in():
    words = Segmenter().tagged
    text = "松鸦，又名㭴鸟、橿鸟，是一种鸟"          # jieba: 松鸦 ， 又名 㭴 鸟 …
    start, end = text.index("名"), text.index("，是")
    assert text[without_broken_word(text, start, end, words):end] == "㭴鸟、橿鸟"
    assert without_broken_word(text, start - 1, end, words) == start - 1     # 又名… starts on a word
    # the part inside the span is the answer's own (苏博 read from 博), or all of the span
    name = "苏镜宇原名苏博，因为"
    assert without_broken_word(name, name.index("博"), name.index("，"), words) == name.index("博")
    assert without_broken_word(text, start, start + 1, words) == start
    # the last character of a verb: its object follows (获评 → 省…优秀案例)
    won = "阅读量超15万次,获评省教育新闻宣传工作优秀案例。"
    assert won[without_broken_word(won, won.index("评"), len(won) - 1, words):-1] == "省教育新闻宣传工作优秀案例"


def test_a_span_running_into_the_next_clause_is_cut_back_to_its_own():
    text = "奥利奇司职前锋，亦可担任左翼。"
    question = "奥利奇司职什么位置？"
    spans = [(5, 14, 10.0), (5, 7, 9.5), (5, 8, 9.8)]      # 前锋，亦可担任左翼 / 前锋 / 前锋，亦
    assert within_clause(text, question, spans, margin=1.0) == 1
    assert within_clause(text, question, spans, margin=0.2) == 0
    # a span without a clause break stays as it is
    assert within_clause(text, question, [(5, 7, 10.0), (5, 6, 9.9)], margin=1.0) == 0


def test_a_clause_that_only_says_the_question_again_is_not_the_answer():
    text = "开展新市民学校整治提升工作，按照“取缔一批、收回一批”工作思路。"
    spans = [(0, 30, 10.0), (0, 13, 9.9)]
    assert within_clause(text, "武进新市民学校整治提升的思路是什么？", spans, margin=1.0) == 0


@pytest.mark.parametrize("question, yes_no", [
    ("武进民办学校招生是摇号吗？", True), ("天宁学生体质健康优秀率是不是全市第一？", True),
    ("是否实现了全覆盖", True), ("金坛2019年招聘了多少教师", False), ("溧阳有哪些学校", False),
    # A-not-A forms and a closing 没有 ask yes or no too; a 没有 inside the question does not
    ("保育员要不要持证上岗？", True), ("入学用不用考试", True), ("银龄教师聘用办法天宁出台了没有", True),
    ("哪些学校没有食堂", False)])
def test_yes_no_questions(question, yes_no):
    assert asks_yes_no(question) is yes_no


def test_score_is_relative_to_no_answer():
    offsets = np.array([[-1, -1], [0, 1], [1, 2]])
    cands = window_candidates(_logits(3, {0: 4.0, 1: 1.0}), _logits(3, {0: 4.0, 2: 1.0}), offsets, 5)
    assert cands[0][2] == pytest.approx(-6.0)


def test_confidence_grows_with_the_score_along_its_curve():
    assert confidence(10.0, slope=0.1, intercept=-1.0) == pytest.approx(0.5)
    assert 0.0 < confidence(-5.0, 0.1, -1.0) < confidence(5.0, 0.1, -1.0) < 0.5 < confidence(20.0, 0.1, -1.0) < 1.0


def test_fitted_confidence_recovers_the_chance_of_being_right():
    rng = np.random.RandomState(0)
    scores = rng.uniform(-10, 30, 4000)
    right = rng.uniform(size=4000) < 1 / (1 + np.exp(-(0.1 * scores - 1.0)))
    slope, intercept = fit_confidence(list(scores), list(right))
    assert slope == pytest.approx(0.1, abs=0.02) and intercept == pytest.approx(-1.0, abs=0.25)


def test_confidence_fit_stays_finite_when_scores_separate_right_from_wrong():
    slope, intercept = fit_confidence([-2.0, -1.0, 1.0, 2.0], [False, False, True, True])
    assert np.isfinite(slope) and np.isfinite(intercept) and slope > 0


# numbers keep their units; edges lose punctuation and unpaired brackets, paired ones stay
@pytest.mark.parametrize("text,span,expected", [
    ("全年招聘新教师43人，其中", "43", "43人"),
    ("安排启动资金5亿元;二是", "5", "5亿元"),
    ("发放教育救助资金720.79万元,比", "720.7", "720.79万元"),
    ("以92.45分名列全市第一", "92.4", "92.45分"),
    ("普惠率是83%，位列", "83", "83%"),
    ("经摸排发现无证无照经营的340余家，", "340", "340余家"),
    ("招聘中小学教师48名。", "8名", "48名"),
    ("招聘教师,68名", "68", "68名"),
    ("经费达1,200万元", "200", "1,200万元"),
    ("迎来建校50周年华诞", "50", "50周年"),                 # not cut to 50周
    ("开展红色寻访之旅156场次，", "156", "156场次"),
    ("优秀率较去年提升近5个百分点。", "5个", "近5个百分点"),
    ("选拔50名左右优秀中青年", "50名", "50名左右"),
    ("合格率达到95%以上。", "95%", "95%以上"),
    ("有近20名教师获一等奖", "20名", "近20名"),
    ("阅读量超15万次", "15万次", "超15万次"),
    ("约有300人参加", "300", "300人"),                     # 约 stays out, as CMRC 2018 marks it
    ("1916年前往俄国", "1916年", "1916年"),               # a year, not "3年前"
    ("，成立区特殊教育指导中心，", "，成立区特殊教育指导中心，", "成立区特殊教育指导中心"),
    ("主打两大模式「战史演武」&「争霸演武」。", "「战史演武」&「争霸演武」", "「战史演武」&「争霸演武」"),
    ("节奏型称为「锣鼓点」。", "「锣鼓点", "锣鼓点"),
    ("节奏型称为「锣鼓点」。", "锣鼓点」。", "锣鼓点"),
    ("由《人民日报》报道", "《人民日报》", "《人民日报》"),
    ("共招聘43人。", "。", ""),                       # nothing but punctuation at the very end
    ("是广东地区的乡土神", "广东地区的", "广东地区"),     # an answer ends before 的, not on it
    ("广东地区的乡土神", "的乡土神", "乡土神"),
    ("开发设计了“7+X”条路线", "7+X”条", "“7+X”条"),       # a quote closed inside takes its opener
    ("获评省“四有好教师”团队", "省“四有好教师", "省“四有好教师”"),
    # brackets within a title close one after the other: each takes its opener in turn
    ("《钟楼教育志（1999-2019）》将于7月出版。", "1999-2019）》将于7月", "《钟楼教育志（1999-2019）》将于7月"),
    ("主编“《钟楼教育志》”一书", "钟楼教育志》”一书", "“《钟楼教育志》”一书"),
])
def test_snapped_spans(text, span, expected):
    start = text.index(span)
    a, b = snap_span(text, start, start + len(span))
    assert text[a:b] == expected


def test_a_list_counts_its_quoted_names_joined_or_not():
    from qa.reader.enumeration import listed_count

    assert listed_count("“规范办学”和“校园安全”") == listed_count("“规范办学”“校园安全”") == 2
    assert listed_count("规范办学、校园安全和师德师风") == 2      # 和 unquoted is counted by no break
    assert listed_count("规范办学和校园安全") == 1


def test_a_break_inside_brackets_lists_one_items_alternatives():
    from qa.compose.lists import items
    from qa.reader.enumeration import listed_count

    assert listed_count("通高速公路的县（市、区）") == 1
    assert listed_count("城区、新桥（含春江、奔牛）、孟河") == 3
    text = "城区、新桥（含春江、奔牛）、孟河"
    assert [text[a:b] for a, b in items(text, 0, len(text))] == ["城区", "新桥（含春江、奔牛）", "孟河"]


def test_answer_types_from_the_question():
    assert expected_type("金坛2019年招聘了多少教师") == "number"
    assert expected_type("天宁招聘几名老师") == "number"
    assert expected_type("东城实验小学什么时候竣工") == "date"
    assert expected_type("良常中学几月几号开始正常使用") == expected_type("哪天开学") == "date"   # 几号 is no count
    assert expected_type("哪所学校获评全国优秀少先队集体") == "name"
    assert type_bonus("number", "43人") > 0 > type_bonus("number", "教师")
    assert type_bonus("number", "三是教育救助全落实") < 0 < type_bonus("number", "三所")
    for question in ("天宁下半年重点办好哪三大球联赛？", "金坛组织了哪些德育活动？", "金坛哪几所学校成功创建了新优质学校",
                     "两位候选人分别是谁？"):
        assert expected_type(question) == "list", question
    # a count for each of several things stays a number, its enumeration grown afterwards
    for question in ("钟楼2021年各类老师分别招聘了多少？", "钟楼增加的5000个学位里幼儿园和中小学各多少？"):
        assert expected_type(question) == "number" and counts_each(question), question
    assert not counts_each("金坛2019年招聘了多少教师")
    assert type_bonus("list", "足球、篮球") > type_bonus("list", "足球")
    assert type_bonus("list", "足球、篮球。下一句") == type_bonus("list", "足球")   # runs on past its sentence


def test_a_list_of_as_many_items_as_the_question_asks_for_is_preferred():
    assert stated_count("新北哪三所学校创建为全国国防教育特色学校？") == 3
    assert stated_count("钟楼深入实施的四大工程是哪四个？") == 4
    assert stated_count("哪2个区新建了学校") == 2
    assert stated_count("哪十二个项目") == 12 and stated_count("哪十所") == 10 and stated_count("哪二十个") == 20
    assert stated_count("哪两三个区") is None
    assert stated_count("金坛组织了哪些德育活动？") is None and stated_count("哪几所学校") is None
    # a count written in words before the things a list question names says how many too
    assert stated_count("四川的六大科技专项是哪些") == 6 and stated_count("六个重大科技专项分别是什么") == 6
    # but not one in figures (how many were counted), an ordinal, nor a name's numerals
    assert stated_count("金坛招聘的43名教师来自哪些学校") is None and stated_count("第六大专项是什么") is None
    assert stated_count("十四五规划有哪些目标") is None
    three = type_bonus("list", "西夏墅中学、龙虎塘中学、罗溪中心小学", 3)
    assert three > type_bonus("list", "西夏墅中学、龙虎塘中学", 3) > type_bonus("list", "奔牛实验小学", 3)
    assert type_bonus("list", "西夏墅中学、龙虎塘中学、罗溪中心小学") == type_bonus("list", "西夏墅中学、龙虎塘中学")


# a deadline keeps what makes it one; a year followed by 前往 is no deadline
@pytest.mark.parametrize("text,span,expected", [
    ("集中整治预计今年年底前完成", "今年年底", "今年年底前"),
    ("力争2018年底前开展", "2018年", "2018年底前"),
    ("土地划拨手续9月底之前办完", "9月底", "9月底之前"),
    ("常青小学计划年内竣工", "年", "年内"),
    ("1916年前往俄国", "1916年", "1916年"),
])
def test_a_date_answer_keeps_its_deadline(text, span, expected):
    start = text.index(span)
    assert text[start:whole_date(text, start, start + len(span))] == expected


# a year and the month and day written right after it are one date, unless only the year is asked
@pytest.mark.parametrize("question, text, span, expected", [
    ("什么时候竣工投用", "确保东城实验幼儿园2020年2月竣工并投入使用", "2020年", "2020年2月"),
    ("哪天正式投用", "良常中学2019年9月1日正常投入使用", "2019年", "2019年9月1日"),
    ("什么时候完成", "力争2020年9月底前完成", "2020年", "2020年9月底前"),
    ("哪一年竣工", "确保东城实验幼儿园2020年2月竣工并投入使用", "2020年", "2020年"),
    ("什么时候招聘", "2019年12个学校招聘", "2019年", "2019年"),
    ("几月几号开始正常使用", "良常中学9月1日正常投入使用", "9月", "9月1日"),
    ("几月份投入使用", "良常中学9月1日正常投入使用", "9月", "9月"),
])
def test_a_year_answer_takes_the_month_and_day_after_it(question, text, span, expected):
    start = text.index(span)
    assert text[start:whole_date(text, start, start + len(span), question)] == expected


# the question's 第几 or 多久…一次 says what the answer starts with
@pytest.mark.parametrize("question,text,span,expected", [
    ("武进2020年做的是第几轮专业技术岗位设置聘任工作？", "开展第三轮专业技术岗位设置", "三轮", "第三轮"),
    ("新北多久组织一次全区园长和副园长培训？", "每两个月组织一次全区园长培训", "两个月", "每两个月"),
    ("天宁多长时间开一次安全会议", "每月召开一次安全会议", "月", "每月"),
    ("武进2020年开展了几轮聘任工作？", "开展第三轮专业技术岗位设置", "三轮", "三轮"),   # no 第几 asked
    ("新北多久组织一次园长培训？", "今年两个月组织一次", "两个月", "两个月"),        # no 每 in the text
])
def test_an_answer_starts_where_the_question_says(question, text, span, expected):
    start = text.index(span)
    assert text[with_prefix(text, start, asked_prefix(question)):start + len(span)] == expected


# a yes/no question is answered by the clause that says its words back, not where the reader pointed
@pytest.mark.parametrize("question,text,expected", [
    ("金坛成立区特殊教育指导中心了吗？", "对全区适龄残疾儿童摸底调查，成立区特殊教育指导中心，开展送教上门。", "成立区特殊教育指导中心"),
    ("武进学校可以开重点班吗", "按规定控制班额，实行均衡编班，不开设重点班。", "不开设重点班"),
    ("天宁社区教育有没有获评省社会教育先进集体？", "《“社区教育+”跨界耦合新样态》入选典型案例，获评省社会教育先进集体。",
     "获评省社会教育先进集体"),
])
def test_a_yes_no_question_is_answered_by_the_clause_stating_it(question, text, expected):
    a, b = stating_clause(text, question, floor=0.2)
    assert text[a:b] == expected


def test_no_clause_states_what_a_yes_no_question_asks():
    assert stating_clause("全年招聘教师43人。", "金坛成立区特殊教育指导中心了吗？", floor=0.2) is None


def test_context_overlap_reads_the_sentence_around_the_span():
    text = "开展公益活动，68名导学教师参与。赴南师大招聘毕业生18人，公开招聘教师43人。下一句"
    terms = ["招聘", "教师", "金坛", "了"]
    hired = context_overlap(text, text.index("43人"), text.index("43人") + 3, terms)
    other = context_overlap(text, text.index("68名"), text.index("68名") + 3, terms)
    assert hired == pytest.approx(4 / 6) and other == pytest.approx(2 / 6)
    assert context_overlap(text, 0, 2, []) == 0.0


# (question, passage, the reader's overlong span, the quantity the question asks for) from the reports
QUANTITIES = [
    ("金坛去南京师范大学招了多少优秀毕业生？", "赴南京师范大学招聘优秀毕业生18人,公开招聘教师43人。",
     "18人,公开招聘教师43人", "18人"),
    ("金坛名师导学公益活动有多少名导学老师参加？", "开展首期“名师导学”公益活动,68名导学教师和1400名学生参与活动。",
     "68名导学教师和1400名", "68名"),
    ("钟楼2021年教育现代化建设监测得了多少分？", "在省教育现代化建设监测中以92.45分名列全市第一，在义务教育优质均衡比例、",
     "92.45分名列全市第一，在义务教育优质均衡比例", "92.45分"),
    ("钟楼2021年招聘了多少编内老师？", "2021年新增15个编制，招聘优才计划6人，编内教师70人，不进编教师167人。",
     "6人，编内教师70人", "70人"),
    ("钟楼参与课后服务的老师有多少人？", "参加课后服务学生3120人，参与课后服务教师1972人。",
     "3120人，参与课后服务教师1972人", "1972人"),
    ("武进2020年要新增几所省优质园", "新增市优质园2-3所、省优质园2-3所，扩大", "2-3所、省优质园2-3所", "2-3所"),
    ("宁yue课堂吸引了多少名学员？", "开设25门课程,吸引329名学员参与,形成", "25门课程,吸引329名", "329名"),
    ("钟楼2021年新增多少编制", "2021年新增15个编制，招聘", "2021年新增15个编制", "15个"),
    ("金坛投入多少资金", "共投入1,200万元用于", "共投入1,200万元", "1,200万元"),
    ("新北无证无照经营的机构有多少家", "无证无照经营的340余家。", "340余家", "340余家"),
    ("增长了百分之几", "增长8.22%。", "增长8.22%", "8.22%"),
    ("招了多少人", "没有数字的句子。", "没有数字的句子", "没有数字的句子"),
    ("线路编号是多少", "线路编号为L2。", "L2", "L2"),                                # no unit: left whole
    ("生活在水深多少的海域", "生活在水深0.5至3公尺的海域", "0.5至3公尺", "0.5至3公尺"),
    ("排名多少", "在世界500强企业名单中占第147位", "500强企业名单中占第147位", "147位"),
    # a span starting on a range's second number gets the whole range
    ("武进争创省级品格提升工程项目几项？", "争创省级品格提升工程项目1～2项。加强体育", "2项", "1～2项"),
    ("建设周期多少年", "建设周期3至5年。", "5年", "3至5年"),
    ("钟楼2021年招聘了多少人", "2019-2021学年招聘15人。", "15人", "15人"),
]


@pytest.fixture(scope="module")
def segmenter() -> Segmenter:
    return Segmenter()


@pytest.mark.parametrize("question, text, span, expected", QUANTITIES)
def test_a_number_question_gets_the_one_quantity_it_asks_for(segmenter, question, text, span, expected):
    start = text.index(span)
    a, b = pick_quantity(text, start, start + len(span), question, segmenter.query_terms(question))
    assert text[a:b] == expected


def _char_window(text: str, starts: dict[int, float], ends: dict[int, float]):
    """A window of one token per character after <s>; logits given by character position."""
    offsets = np.array([[-1, -1]] + [[i, i + 1] for i in range(len(text))])
    return (offsets, _logits(len(text) + 1, {i + 1: v for i, v in starts.items()}),
            _logits(len(text) + 1, {i + 1: v for i, v in ends.items()}))


# (question, passage, the item the reader pointed at, where its logits start/end best, the list asked for)
ENUMERATIONS = [
    ("天宁下半年重点办好哪三大球联赛？", "重点办好足球、篮球、排球三大球联赛。", "排球", ("足球", "排球"),
     "足球、篮球、排球"),
    ("武进2020年要建成投用哪些学校？", "加快建设，建成投用省武高新校区、人民路初中、学府小学，加快推进", "人民路初中",
     ("省武", "学府小学"), "省武高新校区、人民路初中、学府小学"),
    ("新北规划组建特教资源教室的是哪五个片区？", "规划组建城区、新桥、春江、奔牛、孟河五个片区的特教资源教室。", "孟河",
     ("城区", "孟河"), "城区、新桥、春江、奔牛、孟河"),
    ("天宁上半年在国家级、省级、市级媒体各发布了多少篇？", "上半年在国家级媒体发布21篇、省级媒体100余篇、市级媒体200余篇,位居前茅",
     "21篇", ("国家级", "200余篇"), "国家级媒体发布21篇、省级媒体100余篇、市级媒体200余篇"),
    # the reader's span running on past the last item, or starting on the verb before the first:
    # a count of the items and what follows a closing 等 are no item, nor is 包括
    ("新北有哪几所学校创成了常州市新优质学校？", "春江中心小学、新桥实验小学、龙虎塘实验小学3所学校创成常州市新优质学校。",
     "龙虎塘实验小学3所", ("春江", "3所"), "春江中心小学、新桥实验小学、龙虎塘实验小学"),
    ("哪两个县的校长来金坛交流？", "陕西石泉、宁陕两县43名校长和教师来我区考察交流。", "宁陕两县43名",
     ("石泉", "两县"), "石泉、宁陕"),
    ("天宁成功举办了哪些中小学生赛事？", "成功举办棋类、武术、乒乓球、羽毛球及田径运动会等赛事。", "田径运动会等赛事",
     ("棋类", "赛事"), "棋类、武术、乒乓球、羽毛球及田径运动会等"),
    ("嘉兴南站由哪几个部分组成？", "嘉兴南站为地面站，包括站房、站台雨棚、地下通道等部分。", "包括站房、站台雨棚",
     ("包括", "地下通道"), "站房、站台雨棚、地下通道"),
    # 一个 is no count of a list, 高等 no closing 等, and counts for each keep theirs
    ("齿河盗龙的化石包含哪些？", "化石包含部份头骨、牙齿、以及一个部份胫骨。", "牙齿", ("部份", "胫骨"),
     "部份头骨、牙齿、以及一个部份胫骨"),
    ("有哪些学校？", "有普通高校、职业学校、高等专科学校。", "职业学校", ("普通", "专科学校"),
     "普通高校、职业学校、高等专科学校"),
    ("钟楼年内新建的学校里幼儿园、小学、初中各几个？", "新建幼儿园7个、小学4个、初中1个。", "小学4个", ("幼儿园", "1个"),
     "幼儿园7个、小学4个、初中1个"),
    # no enumeration around the span, or a span over sentences: it stays as the reader read it
    ("扁尾海蛇主要捕食哪些海洋生物？", "尤以海鳗及康吉鳗为主。一些亦会捕食墨鱼、蟹类及鱼类", "海鳗及康吉鳗为主。一些亦会捕食墨鱼",
     ("一些", "鱼类"), "海鳗及康吉鳗为主。一些亦会捕食墨鱼"),
    ("金坛组织了哪些德育活动？", "三是德育活动再丰富。组织开展缤纷冬日等活动。", "缤纷冬日", ("缤纷", "冬日"), "缤纷冬日"),
    # quoted names written one after another are a list, with no 、 between them
    ("天宁建立了哪些清单？", "建立“问题清单”“责任清单”“整改清单”,明确责任领导。", "责任清单", ("问题", "整改清单"),
     "问题清单”“责任清单”“整改清单"),
]


@pytest.mark.parametrize("question,text,item,edges,expected", ENUMERATIONS)
def test_a_list_question_gets_the_whole_enumeration(question, text, item, edges, expected):
    a = text.index(item)
    first = text.index(edges[0])
    last = text.index(edges[1]) + len(edges[1]) - 1
    offsets, starts, ends = _char_window(text, {first: 5.0}, {last: 5.0})
    got = grow_to_enumeration(text, a, a + len(item), offsets, starts, ends, names=expected_type(question) == "list")
    assert text[slice(*got)] == expected


def test_a_question_that_says_how_many_also_gets_items_joined_by_and():
    question = "侏罗纪早期，中国是由哪两个板块碰撞形成的？"
    text = "侏罗纪早期，中国是由华南陆块与盘古大陆碰撞形成的。"
    a = text.index("盘古大陆")
    offsets, starts, ends = _char_window(text, {text.index("华南"): 5.0}, {a + 3: 5.0})
    grown = grow_to_enumeration(text, a, a + 4, offsets, starts, ends, stated_count(question))
    assert text[slice(*grown)] == "华南陆块与盘古大陆"
    # without a count, or with a count the clause does not hold, 与 may be part of a name
    for count in (None, 3):
        assert grow_to_enumeration(text, a, a + 4, offsets, starts, ends, count) == (a, a + 4)


def test_an_enumeration_edge_outside_the_window_stays_where_the_span_had_it():
    text = "重点办好足球、篮球、排球三大球联赛。"
    a = text.index("排球")
    offsets, starts, ends = _char_window(text, {}, {a + 1: 5.0})
    offsets[1:a - 2] = -1          # the window begins inside "篮球"
    got = grow_to_enumeration(text, a, a + 2, offsets, starts, ends)
    assert text[slice(*got)] == "排球"


def test_a_name_answer_keeps_the_kind_of_thing_the_question_asks_for(segmenter):
    question = "天宁哪家幼儿园完成了省优质幼儿园创建材料审核？"
    text = "完成海华幼儿园省优质幼儿园创建材料审核。"
    thing = asked_thing(question, segmenter.words)
    assert thing == "幼儿园"
    start = text.index("海华")
    assert text[start:with_asked_thing(text, start, start + 2, thing)] == "海华幼儿园"
    # already whole, or the text goes on with something else: the end stays
    assert with_asked_thing(text, start, start + 5, thing) == start + 5
    assert with_asked_thing("海华小学省优质", 0, 2, thing) == 2
    assert asked_thing("武进这份教育工作意见是哪一年的？", segmenter.words) == ""


@pytest.mark.parametrize("question, span, expected", [
    ("金坛哪位老师获得了常州市五一劳动奖章？", "西岗中学何丽华", "何丽华"),
    ("谁获得了五一劳动奖章", "西岗中学何丽华", "何丽华"),
    ("金坛哪所学校的老师获得了五一劳动奖章？", "西岗中学何丽华", "西岗中学何丽华"),   # not a who-question
    ("谁担任校长", "西岗中学校长", "西岗中学校长"),                                  # no name to keep
    ("谁兵下江南", "清豫亲王多铎", "清豫亲王多铎"),                                  # a title, no school
    # a rare given name jieba cuts off its surname (陈 | 芃); a person asked as 哪个学生, 同学叫什么
    ("谁获得一等奖", "第一中学陈芃", "陈芃"),
    ("哪个学生获得一等奖", "第一中学陈芃", "陈芃"),
    ("获得一等奖的同学叫什么名字", "第一中学陈芃", "陈芃"),
])
def test_a_who_question_gets_the_name_without_the_school_before_it(segmenter, question, span, expected):
    text = f"在区总工会系列活动中,{span}获常州市“五一劳动奖章”。"
    start = text.index(span)
    end = start + len(span)
    assert text[without_affiliation(text, start, end, question, segmenter.tagged):end] == expected


@pytest.mark.parametrize("question, span, expected", [
    ("黑鹦嘴鱼主要分布在什么地方？", "分布于印度太平洋区", "印度太平洋区"),      # 于 counts as 在
    ("大鳞大眼鲷的鱼体呈什么颜色？", "呈赤红色", "赤红色"),
    ("福斯否洛斯的别名是什么？", "别名是厄俄斯福洛斯", "厄俄斯福洛斯"),
    ("余杭站南侧广场包括哪几个部分？", "包括地下汽车库、地上广场", "地下汽车库、地上广场"),
    ("羗山道位于香港什么地方？", "香港新界大屿山", "香港新界大屿山"),             # a place, not a verb
    ("路易-菲利普一世为什么要兴建七月圆柱？", "为了纪念七月革命", "为了纪念七月革命"),  # why keeps 为了
    ("派西·卫斯理在家里排第几？", "第三", "第三"),                                 # an ordinal keeps 第
    ("金坛2019年招聘了多少教师", "招聘教师43人", "招聘教师43人"),                   # 了 before 多少
    ("紫冠雉主要呈什么颜色？", "呈", "呈"),                                        # nothing would be left
    ("磷酸丙糖异构酶能够催化哪两种酸？", "能够催化二羟丙酮磷酸", "二羟丙酮磷酸"),      # a longer lead, whole words
])
def test_the_answer_starts_past_the_words_the_question_says_before_its_question_word(
        segmenter, question, span, expected):
    assert _started_at(span, lambda text, start, end: without_question_lead(
        text, start, end, question, segmenter.tagged)) == expected


@pytest.mark.parametrize("question, span, expected", [
    ("韦斯·昂塞尔德在场上的位置是什么？", "位置为中锋或大前锋", "中锋或大前锋"),
    ("陈荣捷的主要著作有哪些？", "主要著作有《朱学论集》等", "《朱学论集》等"),
    ("生命热线的旧会址在哪里？", "址位于九龙东头邨逸东楼", "九龙东头邨逸东楼"),      # 址 broken off 会址
    ("鑫诺二号通信卫星服务于哪个公司？", "鑫诺卫星通信有限公司", "鑫诺卫星通信有限公司"),  # 有 inside 有限公司
    ("黄埔港是哪里的港口？", "广东省广州市黄埔区", "广东省广州市黄埔区"),           # no linking word
    ("在中世纪神学中，失范是什么意思？", "指不守法而亵渎神灵", "不守法而亵渎神灵"),      # a bare linking word
    ("大环道为什么要在佛光街天桥分拆？", "为兴建行车天桥", "为兴建行车天桥"),            # why keeps 为
    ("谁获得了五一劳动奖章", "西岗中学何丽华", "西岗中学何丽华"),
    ("金坛有多少所幼儿园是省优质园", "共有幼儿园38所", "共有幼儿园38所"),           # 共 is not the question's
    ("光华学校和谁联合拍摄了孤独症宣传片", "光华学校协同丽华二小", "丽华二小"),       # the partner
])
def test_the_answer_starts_past_what_the_question_names_and_its_linking_word(segmenter, question, span, expected):
    assert _started_at(span, lambda text, start, end: without_named_subject(
        text, start, end, question, segmenter.words)) == expected


@pytest.mark.parametrize("question, span, expected", [
    ("虫纹阿南鱼俗名是什么？", "俗名花斑龙、地图龙", "花斑龙、地图龙"),
    ("香港杜鹃的花期是在什么时候？", "花期3－4月", "3－4月"),
    ("2010年东亚足球锦标赛由哪个机构举办？", "东亚足球协会", "东亚足球协会"),      # no linking word asked
    ("地球公民基金会的前身是什么？", "地球公民协会", "地球公民协会"),              # not the asked attribute
    ("溪银汉鱼是什么属下的唯一一种？", "银汉鱼科的其中一种", "银汉鱼科的其中一种"),  # the subject, not an attribute
    ("路易-菲利普一世为什么要兴建七月圆柱？", "兴建七月圆柱", "兴建七月圆柱"),     # why keeps its answer
])
def test_the_answer_starts_past_the_attribute_the_question_asks_for(segmenter, question, span, expected):
    assert _started_at(span, lambda text, start, end: without_asked_attribute(
        text, start, end, question, segmenter.words)) == expected


@pytest.mark.parametrize("question, span, expected", [
    ("他在汉诺威大学任教授时提出了什么理论？", "边界层的理论", "边界层"),
    ("单斑笛鲷以什么为食？", "甲壳类或鱼类为食", "甲壳类或鱼类"),
    ("尼高·高华以什么著称？", "抢截和传球技术而著称", "抢截和传球技术"),
    ("陈荣捷是哪里人？", "广东开平人", "广东开平"),
    ("马齐代表清朝同俄国签订了什么条约？", "尼布楚条约", "尼布楚条约"),          # the name holds 条约
    ("紫冠雉分布在哪些地方？", "海拔1850米的地方", "海拔1850米的地方"),           # too general a frame
    ("河茂铁路营运初期是为什么服务的？", "为开发石油工业服务", "为开发石油工业服务"),  # asks why
    ("这种方法叫什么理论？", "的理论", "的理论"),                                # nothing would be left
])
def test_the_answer_ends_before_the_words_the_question_says_after_its_question_word(question, span, expected):
    text = f"据记载，{span}。"
    start = text.index(span)
    end = start + len(span)
    assert text[start:without_question_tail(text, start, end, question)] == expected


def _started_at(span: str, new_start) -> str:
    """The span, set in a sentence, from where `new_start(text, start, end)` says it starts."""
    text = f"据记载，{span}。"
    start = text.index(span)
    end = start + len(span)
    return text[new_start(text, start, end):end]


@pytest.mark.parametrize("question,span,expected", [
    # money read where people are asked: the sentence's one head count answers
    ("新北学生意外伤害保障工程大概覆盖了多少学生？", "300万元", "近10万名"),
    # no amount of money in the sentence: the span stays, and is declined later (rivals.py)
    ("钟楼2021年给老师发了多少绩效工资？", "167人", "167人"),
    # the asked measure already
    ("新北学生意外伤害专项补助资金是多少？", "300万元", "300万元"),
])
def test_a_quantity_of_another_measure_gives_way_to_the_asked_one(question, span, expected):
    text = {"300万元": "推进学生意外伤害保障工程，共下达300万元学生意外伤害专项补助资金，"
                      "为全区近10万名中小学、幼儿园学生在校期间的意外伤害提供保障。按照幼儿园每生每年4200元的标准补助。",
            "167人": "招聘优才计划6人，编内教师70人，不进编教师167人。起草绩效工资改革的实施办法。"}[span]
    start = text.index(span)
    a, b = quantity_as_asked(text, start, start + len(span), asked_measure(question))
    assert text[a:b] == expected


_GREW = "补助启智学校办学经费60万元(比2018年增长50%),对随班就读残疾学生按生均公用经费定额的8倍追加补助公用经费"


@pytest.mark.parametrize("question,span,expected", [
    # a change asked: the amount's clause says how much it grew
    ("金坛补助启智学校办学经费比去年增长多少？", "60万元", "50%"),
    ("金坛补助启智学校办学经费比去年增长了百分之几", "60万元", "50%"),
    # the change itself already
    ("金坛补助启智学校办学经费比去年增长多少？", "50%", "50%"),
    # no change in the span's own clause: 8倍 stays, though its sentence has one
    ("对随班就读残疾学生的补助比去年增长多少？", "8倍", "8倍"),
    # the amount asked, not its change
    ("金坛补助启智学校多少办学经费？", "60万元", "60万元"),
    # 比例增长: the question asks a rate, not by how much it grew
    ("金坛幼儿园生均公用经费原则上每年按多大比例增长？", "60万元", "60万元"),
])
def test_a_change_asked_is_the_quantity_after_its_verb(question, span, expected):
    start = _GREW.index(span)
    a, b = quantity_of_change(_GREW, start, start + len(span), question)
    assert _GREW[a:b] == expected


def test_a_change_written_with_le_and_an_approximation_is_found():
    text = "中考优秀率为60%，较去年提升了近5个百分点。"
    start = text.index("60%")
    a, b = quantity_of_change(text, start, start + 3, "中考优秀率比去年提升了多少？")
    # the next clause opens on the change: it says it of this one
    assert text[a:b] == "近5个百分点"
    text = "实现地区生产总值67665亿元，增长5.5%，总量和增速均居全国第5位。"
    a, b = quantity_of_change(text, text.index("67665"), text.index("67665") + 8, "地区生产总值增长了多少")
    assert text[a:b] == "5.5%"
    # the change of several things in turn (同比分别增长): the first, which 分别 then chooses from
    text = "城乡常住居民人均可支配收入分别完成37820元、28104元，同比分别增长6.5%、9.4%。"
    a, b = quantity_of_change(text, text.index("37820"), text.index("37820") + 6, "城乡居民人均可支配收入增长了多少")
    assert text[a:b] == "6.5%"
    # a clause opening on anything else says nothing of it
    text = "中考优秀率为60%，全市领先，较去年提升了近5个百分点。"
    a, b = quantity_of_change(text, text.index("60%"), text.index("60%") + 3, "中考优秀率比去年提升了多少？")
    assert text[a:b] == "60%"
    text = "中考优秀率60%较去年提升了近5个百分点。"
    a, b = quantity_of_change(text, text.index("60%"), text.index("60%") + 3, "中考优秀率比去年提升了多少？")
    assert text[a:b] == "近5个百分点"


@pytest.mark.parametrize("question,span,penalised", [
    ("金坛教育救助资金比去年增长了百分之几", "8倍", True),
    ("金坛教育救助资金比去年增长了百分之几", "8.22%", False),
    ("新北中考优秀率比去年提升了多少？", "近5个百分点", False),
    ("奔牛高中2018年本一达线率是多少", "91人", True),
    # no share asked: nothing lost
    ("金坛补助启智学校办学经费比去年增长多少？", "60万元", False),
    ("对随班就读残疾学生按几倍补助？", "8倍", False),
])
def test_a_span_that_is_no_share_loses_when_a_share_is_asked(question, span, penalised):
    assert (share_penalty(asked_measure(question), span, 10.0) == 10.0) is penalised


@pytest.mark.parametrize("question,span,penalised", [
    ("广东有多少家规上工业企业", "5.5%左右", True),
    ("有几项成果获奖", "12亿元", True),
    ("广东有多少家规上工业企业", "7.6万家", False),
    # no classifier asked: an amount may answer 多少
    ("广东工业增加值增长多少", "5.5%左右", False),
])
def test_an_amount_loses_where_a_count_is_asked_in_a_classifier(question, span, penalised):
    from qa.reader.asked import asked_unit

    assert (share_penalty(asked_measure(question), span, 10.0, asked_unit(question)) == 10.0) is penalised


@pytest.mark.parametrize("question,text,span,expected", [
    ("2018年江苏省理科状元是哪位同学？", "其中闵宇同学勇夺省理科状元", "闵宇同学", "闵宇"),
    ("金坛哪位老师获得了常州市五一劳动奖章？", "西岗中学何丽华老师获得常州市五一劳动奖章", "何丽华老师", "何丽华"),
    # the question asks by no title: the span stays
    ("谁获得了常州市五一劳动奖章？", "何丽华老师获得常州市五一劳动奖章", "何丽华老师", "何丽华老师"),
    # a title outside the list is part of the name
    ("一般情况以哪位菩萨为受戒阿阇黎？", "以文殊菩萨为受戒阿阇黎", "文殊菩萨", "文殊菩萨"),
    # nothing but the title would be left
    ("哪位老师获奖？", "张老师获奖", "张老师", "张老师"),
])
def test_a_who_question_answer_drops_the_title_it_asks_by(question, text, span, expected):
    start = text.index(span)
    assert text[start:without_title(text, start, start + len(span), question)] == expected


@pytest.mark.parametrize("question,text,span,expected", [
    # the calendar year in brackets after a reign year
    ("吴三桂在什么时间于湖南衡阳称帝？", "康熙十七年（1678年）于湖南衡阳称帝", "康熙十七年", "康熙十七年（1678年）"),
    # the calendar year alone: the reign year before it too
    ("王永吉是哪一年的进士？", "王永吉，天启五年（1625年）进士", "1625年", "天启五年（1625年）"),
    ("额亦都是在哪一年去世的？", "于天命六年(1621年)去世", "1621年", "天命六年(1621年)"),
    # a month and day follow unless only the year is asked
    ("第二次靳云鹏内阁在什么时间结束？", "民国10年（1921年）5月14日结束", "民国10年", "民国10年（1921年）5月14日"),
    ("靳云鹏内阁在哪一年结束？", "民国10年（1921年）5月14日结束", "民国10年", "民国10年（1921年）"),
    # a year in brackets after no reign year, or no year in brackets: unchanged
    ("他什么时候任会长？", "商会创会会长（1977年）", "1977年", "1977年"),
    ("他什么时候出生？", "生于1977年（丁巳年）", "1977年", "1977年"),
])
def test_a_reign_year_and_its_calendar_year_are_one_date(question, text, span, expected):
    start = text.index(span)
    a, b = with_reign_year(text, start, start + len(span), question)
    assert text[a:b] == expected


@pytest.mark.parametrize("text,span,expected", [
    ("每窝产卵两到三枚，孵化期约二十五天", "三枚", "两到三枚"),
    ("摄政时期通常指1811年至1820年间", "1811年", "1811年至1820年间"),
    ("上颌前端具2至4颗犬齿", "4", "2至4"),
    ("枪管长度由14 英吋到30 英吋不等", "14 英吋", "14 英吋到30 英吋"),
    ("在1938年到1953年之间有人驻守", "1938年", "1938年到1953年"),
    # a range read whole already, no range, or no number: unchanged
    ("招收3-5所学校", "3-5所", "3-5所"),
    ("招聘教师43人，其中", "43人", "43人"),
    ("北京至上海", "上海", "上海"),
])
def test_a_quantity_or_year_grows_over_the_range_it_is_one_end_of(text, span, expected):
    start = text.index(span)
    a, b = whole_range(text, start, start + len(span), "哪些年？")
    assert text[a:b] == expected


@pytest.mark.parametrize("question", ["周恩来自哪一年开始赴日本求学？", "民国治理时期是从什么时候到1949年？",
                                      "一场网球比赛最多有几盘？", "经济自1386年至哪一年被破坏？"])
def test_a_question_asking_for_one_end_of_a_range_gets_that_end(question):
    text = "这一时期为1917年至1919年间"
    start = text.index("1917年")
    assert whole_range(text, start, start + 5, question) == (start, start + 5)


@pytest.mark.parametrize("question,span,expected", [
    ("安贞门站是哪条线路的车站？", "北京地铁10号线的一个车站", "北京地铁10号线"),
    ("福林德斯大学在哪些方面的学术排名居于前10名？", "医药、人文的学术", "医药、人文"),
    ("宗座华盖在现代是什么的标志？", "罗马天主教会和教宗权威的标志", "罗马天主教会和教宗权威"),
    ("白尾雀鲷属于什么科目？", "隆头鱼亚目雀鲷科的其中一种", "隆头鱼亚目雀鲷科"),
    # asking what kind or how keeps the kind the answer describes
    ("它对什么类型的目标能够造成杀伤？", "无防护的目标", "无防护的目标"),
    ("西安街是一条什么样的街道？", "单向东行的街道", "单向东行的街道"),
    ("紫冠雉分布在什么地方？", "海拔1850米的地方", "海拔1850米的地方"),
    # what follows 的 is more than the question says
    ("安贞门站是哪条线路的车站？", "北京地铁10号线的换乘枢纽", "北京地铁10号线的换乘枢纽"),
])
def test_the_kind_the_question_asks_for_is_no_part_of_the_answer(question, span, expected):
    assert span[:without_question_tail(span, 0, len(span), question)] == expected


@pytest.mark.parametrize("text,span,expected", [
    ("首映周末票房为1830万美元，排名第二", "1830万", "1830万美元"),
    ("在日本的票房是32亿日元", "32亿日", "32亿日元"),
    ("雌性体长约10英寸", "10", "10英寸"),
    ("每年约有150对同性恋人登记", "150", "150对"),
])
def test_a_number_keeps_its_currency_or_measure(text, span, expected):
    start = text.index(span)
    a, b = snap_span(text, start, start + len(span))
    assert text[a:b] == expected


def test_a_question_asking_several_quantities_gets_them_in_a_row():
    from qa.reader.quantity import with_asked_quantities

    text = "全市普惠性幼儿园覆盖率从85%提高到92%，新建学校12所、新增学位5400个。"

    def grown(question, span):
        a = text.index(span)
        return text[slice(*with_asked_quantities(text, a, a + len(span), question))]

    # either end of 从…到… grows over both; the run crossing no comma wins over one that does
    assert grown("覆盖率从多少提高到多少", "92%") == grown("覆盖率从多少提高到多少", "85%") == "85%提高到92%"
    assert grown("新建学校多少所、新增学位多少个", "12所") == "12所、新增学位5400个"
    # one quantity asked, or a span that is no quantity: unchanged
    assert grown("新建学校多少所", "12所") == "12所"
    assert grown("覆盖率从多少提高到多少", "普惠性") == "普惠性"
    # a year is no asked quantity: the run is the two counts, not the year and the first
    text = "2019年度共计实施682个校本培训项目,参与教师5779人,培训场次1957场。"
    a = text.index("682个")
    assert text[slice(*with_asked_quantities(text, a, a + 4, "校本培训项目有多少个，参与教师多少人"))] == \
        "682个校本培训项目,参与教师5779人"
    # an ordinal asked (从第几位升到第几位): the first place keeps its 第 as the second does
    text = "宁波舟山国际航运中心发展指数从全球第11位跃升至第7位。"
    a = text.index("第7位")
    assert text[slice(*with_asked_quantities(text, a, a + 3, "发展指数从第几位升到第几位"))] == "第11位跃升至第7位"


def test_a_quantity_of_another_role_or_level_moves_to_the_asked_one():
    from qa.reader.quantity import quantity_of_asked_kind

    text = "开展首期“名师导学”公益活动,68名导学教师和1400名学生参与活动。"
    a = text.index("1400名")
    assert text[slice(*quantity_of_asked_kind(text, a, a + 5, "名师导学活动有多少老师参与"))] == "68名"
    assert quantity_of_asked_kind(text, a, a + 5, "多少学生参与") == (a, a + 5)
    text = "上半年新增3个省级品格提升项目,新增3个常州市级前瞻性改革项目和3个品格提升项目,新增6个金坛区级品格提升项目。"
    a = text.index("6个")
    assert text[slice(*quantity_of_asked_kind(text, a, a + 2, "省级品格提升项目新增几个"))] == "3个"


def test_of_an_enumeration_of_quantities_the_item_the_question_names_answers():
    from qa.reader.quantity import quantity_of_asked_kind

    text = "按照幼儿园每生每年4200元、小学生每生每年1500元、初中生每生每年2000元、高中生每生每年平均2000元的标准对困难家庭适龄儿童实行补助。"
    # what follows the last item is said of them all, no words of its own
    for at in (text.index("2000元"), text.rindex("2000元")):
        assert text[slice(*quantity_of_asked_kind(text, at, at + 5, "困难家庭上幼儿园的孩子每人一年补助标准是多少"))] == "4200元"
    at = text.index("4200元")
    assert text[slice(*quantity_of_asked_kind(text, at, at + 5, "小学生一年补助多少钱"))] == "1500元"
    # the words of the thing counted tell first; the predicate the items share tells nothing
    text2 = "开展120名事业编制教师和450名聘用制教师面向社会公开招聘工作，创历史之最。"
    for at in (text2.index("120名"), text2.index("450名")):
        assert text2[slice(*quantity_of_asked_kind(text2, at, at + 4, "面向社会公开招聘的事业编制教师有多少名"))] == "120名"
    # quantities of two clauses are no enumeration: 72所 is not moved to
    text = "对72所公办学校食堂财务检查,对110所中小学、幼儿园和局属事业单位进行“小金库”专项检查;"
    at = text.index("110所")
    assert quantity_of_asked_kind(text, at, at + 4, "专项检查查了多少所学校") == (at, at + 4)


def test_a_quantity_moves_to_its_sibling_written_with_the_asked_words():
    from qa.reader.quantity import quantity_of_asked_kind

    text = "加速推进学校工程建设，河海中学、孝都幼儿园等10个续建项目、8个新建项目正在按计划有序推进。"
    a, b = text.index("8个"), text.index("10个")
    assert text[slice(*quantity_of_asked_kind(text, a, a + 2, "上半年在推进的续建学校项目一共有几个"))] == "10个"
    assert text[slice(*quantity_of_asked_kind(text, b, b + 3, "新建的学校项目有几个"))] == "8个"
    # words shared by neither tell nothing: the span stays
    assert quantity_of_asked_kind(text, b, b + 3, "学校项目有几个") == (b, b + 3)


def test_a_value_per_head_moves_to_the_total_asked():
    from qa.reader.quantity import quantity_of_asked_kind

    text = "地区生产总值从11.37万亿元提高到14.58万亿元，人均地区生产总值从9万元提高到11万元。"
    a = text.index("11万元")
    assert text[slice(*quantity_of_asked_kind(text, a, a + 4, "地区生产总值多少亿元"))] == "14.58万亿元"
    assert quantity_of_asked_kind(text, a, a + 4, "人均地区生产总值多少") == (a, a + 4)


def test_a_quantity_of_another_thing_moves_to_the_one_counting_the_asked_thing():
    from qa.reader.asked import asked_counted
    from qa.reader.quantity import quantity_of_asked_kind

    assert asked_counted("有多少个学科进入世界高水平学科行列") == "学科"
    assert asked_counted("招聘了多少万元") == asked_counted("天宁新增托位多少个") == ""
    text = "8所高校14个学科入选国家第二轮“双一流”建设名单，20所高校130个学科在国际可比领域进入世界高水平学科行列。"
    a = text.index("20所")
    # its own clause first: the sentence's other clause counts 学科 too
    assert text[slice(*quantity_of_asked_kind(text, a, a + 3, "有多少个学科进入世界高水平学科行列"))] == "130个"
    assert quantity_of_asked_kind(text, a, a + 3, "有多少所高校进入世界高水平学科行列") == (a, a + 3)
    # the thing counted written before the 有 that asks it
    assert asked_counted("四川入选双一流的学科有多少个") == "学科"
    b = text.index("8所")
    assert text[slice(*quantity_of_asked_kind(text, b, b + 2, "四川入选双一流的学科有多少个"))] == "14个"
    # a quantity in the asked unit may count a kind of the thing (中小学 for 学校): it stays
    text = "对72所公办学校食堂财务检查,对110所中小学、幼儿园和局属事业单位进行“小金库”专项检查;"
    a = text.index("110所")
    assert quantity_of_asked_kind(text, a, a + 4, "专项检查查了多少所学校和单位") == (a, a + 4)
    # two quantities counting the asked thing's first word, items opening on their quantity: which
    # one is not the step's to say (the last item runs on into what is said of both)
    text = "实施3000个老旧小区、120个老旧街区改造。"
    a = text.index("120个")
    assert quantity_of_asked_kind(text, a, a + 4, "改造了多少个老旧小区") == (a, a + 4)
    text = "19个地级以上市和2个县被命名为“全国双拥模范城（县）”。"
    a = text.index("19个")
    assert quantity_of_asked_kind(text, a, a + 3, "有多少个地级以上市被命名为全国双拥模范城") == (a, a + 3)
    # two things sharing their first words: the one in the asked unit writing more of the thing's
    text = "推动绿道、碧道有机融合，重点建设40个绿美点和6条绿美带，加快推进内湾绿带建设。"
    a = text.index("40个")
    assert text[slice(*quantity_of_asked_kind(text, a, a + 3, "广东重点建设几条绿美带"))] == "6条"
    assert quantity_of_asked_kind(text, a, a + 3, "广东重点建设几个绿美点") == (a, a + 3)


def test_of_several_head_counts_the_one_whose_clause_the_question_writes_answers():
    text = "年底组织慰问贫困学生6人、老干部6人、困难党员教师12人,对79名因灾因病致困的教师给予136000元的互济补助。"
    at = text.index("136000元")
    question = "金坛有多少教师拿到互济补助"
    terms = Segmenter().query_terms(question)
    a, b = quantity_as_asked(text, at, at + 7, asked_measure(question), terms=terms)
    assert text[a:b] == "79名"
    # without the question's words the four head counts are not told apart
    assert quantity_as_asked(text, at, at + 7, asked_measure(question)) == (at, at + 7)


def test_a_quantity_of_the_asked_measure_said_of_nothing_asked_is_not_moved_to():
    text = "县城综合承载能力加快提升，实施异地搬迁1.35万人，县城常住人口占县域比重提升至63%。"
    at = text.index("63%")
    question = "浙江省2025年末常住人口有多少万人"
    terms = Segmenter().query_terms(question)
    # 万人 is the unit asked in, which the relocation's clause writes: no word of what is asked
    assert quantity_as_asked(text, at, at + 3, asked_measure(question), terms=terms) == (at, at + 3)
    question = "浙江省2025年异地搬迁了多少万人"
    a, b = quantity_as_asked(text, at, at + 3, asked_measure(question), terms=Segmenter().query_terms(question))
    assert text[a:b] == "1.35万人"


def test_a_count_of_things_where_people_are_counted_moves_to_the_sentences_head_count():
    text = "2019年度共计实施682个校本培训项目,参与教师5779人,培训场次1957场。"
    at = text.index("682个")
    question = "金坛有多少老师参加了校本培训"
    a, b = quantity_as_asked(text, at, at + 4, asked_measure(question), people=True)
    assert text[a:b] == "5779人"
    # where the question does not count people, a count of things stays
    assert quantity_as_asked(text, at, at + 4, asked_measure(question)) == (at, at + 4)


@pytest.mark.parametrize("question,kind", [
    ("钟楼班主任基本功比赛拿了几个一等奖", "number"),
    # 几等奖 asks a grade, not a count
    ("钟楼班主任基本功大赛获得了几等奖", None),
])
def test_a_grade_asked_is_no_count(question, kind):
    assert expected_type(question) == kind


def test_a_count_is_no_list():
    # 哪些学校: 8所学校 says how many, the names listed say which
    assert type_bonus("list", "8所学校(幼儿园)") < 0 < type_bonus("list", "良常中学、西城实验幼儿园")
    assert type_bonus("list", "良常中学") == 0
    # a range of years answers 哪些年: a date, no count
    assert type_bonus("list", "1811年至1820年间") == 0


def test_a_grade_is_no_number_written():
    # 二等奖 is a rank: it loses the number bonus a how-many question gives, as 第二 does
    assert type_bonus("number", "二等奖") < 0 < type_bonus("number", "2人")


def test_a_count_where_money_is_asked_moves_to_the_sentences_money():
    text = "投资1.2亿元完成16个老旧小区环境综合整治。"
    at = text.index("16个")
    a, b = quantity_as_asked(text, at, at + 3, asked_measure("海拉尔投资多少钱整治老旧小区"))
    assert text[a:b] == "1.2亿元"


def test_a_measure_where_a_rank_is_asked_moves_to_the_sentences_rank():
    text = "高铁运营总里程3411公里、跃居全国第一。"
    at = text.index("3411公里")
    asked = asked_measure("广东高铁运营总里程全国排第几")
    a, b = quantity_as_asked(text, at, at + 6, asked)
    assert text[a:b] == "第一"
    text = "做好第三轮专业技术岗位设置聘任工作。"     # an ordinal is a rank already
    at = text.index("三轮")
    assert quantity_as_asked(text, at, at + 2, asked) == (at, at + 2)


@pytest.mark.parametrize("question, span, expected", [
    ("孤独症宣传片叫什么名字", "光华学校协同丽华二小联合拍摄《慢慢来》", "《慢慢来》"),
    ("孤独症宣传片是谁拍的", "光华学校协同丽华二小联合拍摄《慢慢来》", "光华学校协同丽华二小联合拍摄《慢慢来》"),
    ("这两本书叫什么名字", "《朱学论集》和《王阳明》", "《朱学论集》和《王阳明》"),     # two titles: both stay
])
def test_a_name_asked_is_the_one_work_title_the_span_writes(question, span, expected):
    from qa.reader.leads import within_work_title

    text = f"据记载，{span}。"
    start = text.index(span)
    a, b = within_work_title(text, start, start + len(span), question)
    assert text[a:b] == expected


def test_a_quantity_moved_to_keeps_its_approximation():
    from qa.reader.decode import approximated

    text = "经济总量跨过两个万亿元大关、超过6万亿元，人均地区生产总值突破1万美元。"
    assert text[approximated(text, text.index("6万")):text.index("6万") + 4] == "超过6万亿元"
    assert approximated(text, text.index("1万")) == text.index("1万")       # 突破 is no approximation


def test_a_name_moves_to_the_one_quoted_name_of_the_kind_asked():
    from qa.reader.decode import name_of_asked_kind

    text = "实施“网链共享计划”，实现882个义务教育学区和822所普通高中全覆盖。"
    start = text.index("普通高中")
    a, b = name_of_asked_kind(text, start, start + 4, "计划")
    assert text[a:b] == "网链共享计划"
    two = "实施“网链共享计划”和“强基计划”，覆盖普通高中。"
    start = two.index("普通高中")
    assert name_of_asked_kind(two, start, start + 4, "计划") == (start, start + 4)   # which one is not said
    assert name_of_asked_kind(text, start, start + 4, "学校") == (start, start + 4)


def test_a_quantity_of_a_run_gives_way_to_the_one_whose_words_are_asked():
    from qa.reader.quantity import pick_quantity

    text = "新培育国家制造业单项冠军企业47家、专精特新“小巨人”企业688家，预计高新技术企业达7.4万家。"
    start = text.index("47家")
    a, b = pick_quantity(text, start, start + 3, "专精特新小巨人企业新培育了几家", ["专精特新", "小巨人", "企业", "培育"])
    assert text[a:b] == "688家"
    # a tie keeps the reader's own
    a, b = pick_quantity(text, start, start + 3, "新培育了几家企业", ["培育", "企业"])
    assert text[a:b] == "47家"


@pytest.mark.parametrize("question, kind", [
    ("四川省属企业三大行动是什么", "list"), ("钟楼的四个方面包括什么", "list"),
    # one thing of the things counted, or when they are: no list
    ("三大行动的目标是什么", None), ("这三个项目是什么时候开工的", "date")])
def test_what_things_the_question_counts_as_several_are_is_a_list(question, kind):
    assert expected_type(question) == kind


def test_the_name_of_a_thing_the_question_names_is_the_quoted_name_before_it():
    seg = Segmenter()
    assert asked_thing("天宁的心理健康教育品牌叫什么", seg.words) == "品牌"
    text = "持续推进“天润宁心”心理健康教育品牌,完善四级预警网络,动态更新重点学生名单。"
    a, b = name_of_asked_kind(text, text.index("持续"), text.index("。"), "品牌", "天宁的心理健康教育品牌叫什么")
    assert text[a:b] == "天润宁心"
    # what stands between the quotes and the kind, unasked, is the name's too
    text = "持续打造“百千万”初心育宁星课堂党建品牌,持续推出10期线上红色教育星课堂。"
    a, b = name_of_asked_kind(text, text.index("百千万"), text.index("百千万") + 3, "品牌", "天宁主打的党建品牌叫啥名字")
    assert text[a:b] == "“百千万”初心育宁星课堂"


def test_a_rank_asked_in_one_classifier_moves_to_the_ordinal_in_it():
    text = "成功承办江苏省开放大学第三届学生田径运动会,获乙组团体第一名。"
    a, b = ordinal_of_asked_kind(text, text.index("三届"), text.index("三届") + 2, "金坛开放大学田径运动会拿了第几名")
    assert text[a:b] == "一名"
    # the ordinal asked stays
    at = text.index("三届")
    assert ordinal_of_asked_kind(text, at, at + 2, "这是第几届运动会") == (at, at + 2)


@pytest.mark.parametrize("text, span, expected", [
    # a span starting after the comma inside a quoted name takes the whole name
    ("“全民乐学行,金家美传扬”品牌项目荣获第九届年度好活动", "金家美传扬”品牌项目", "“全民乐学行,金家美传扬”品牌项目"),
    ("荣获第九届“金坛读书月”年度好活动", "荣获第九届“金坛", "荣获第九届“金坛读书月”"),
    ("开发设计了“7+X”条“小主人”行走路线", "X”条", "“7+X”条")])
def test_a_quoted_name_the_span_cuts_stays_whole(text, span, expected):
    a = text.index(span)
    s, e = snap_span(text, a, a + len(span))
    assert text[s:e] == expected


def test_a_classifier_after_the_asked_count_says_no_money_is_asked():
    assert asked_measure("广东有多少个县生产总值增速快于全省") is None
    assert asked_measure("多少绩效工资") == "金额"
    assert asked_measure("广东研发投入强度是多少") == "比例"


@pytest.mark.parametrize("question, change", [
    ("浙江上市公司比五年前多了多少家", True), ("比去年增长多少", True), ("比去年少了几所", True),
    # a count compared with no earlier time, or no comparison: no change asked
    ("浙江上市公司有多少家", False), ("钟楼比天宁多多少个学位", False)])
def test_a_count_compared_with_an_earlier_time_asks_the_change(question, change):
    from qa.reader.asked import asks_change

    assert asks_change(question) is change


def test_a_name_of_the_kind_asked_near_the_best_is_shown_over_one_of_no_such_kind():
    from qa.reader.decode import of_asked_kind

    text = "8所学校获评市“最美班级”,正衡中学班级合唱《明天》获评省“最美班级”。"

    def at(span: str, score: float) -> tuple[str, float, int, int, int]:
        a = text.index(span)
        return span, score, 0, a, a + len(span)
    read = [at("《明天》", 14.8), at("正衡中学班级合唱《明天》", 14.7), at("正衡中学", 11.4)]
    assert of_asked_kind(read, [text], "中学", 4.0, "哪所中学的合唱获奖") == 2
    assert of_asked_kind(read, [text], "中学", 3.0, "哪所中学的合唱获奖") == 0          # too far below the best
    # a best naming the thing already is of the kind
    assert of_asked_kind([at("正衡中学班级", 9.0), at("正衡中学", 8.0)], [text], "中学", 4.0, "哪所中学") == 0
    # so is one naming a kind of it; a count of such things is no name
    text = "三井实验小学等5所学校获市舞蹈大赛一等奖。"
    assert of_asked_kind([at("三井实验小学", 9.0), at("三井实验小学等5所学校", 8.0)], [text], "学校", 4.0, "哪所学校") == 0
    assert of_asked_kind([at("舞蹈大赛", 9.0), at("三井实验小学等5所学校", 8.0)], [text], "学校", 4.0, "哪所学校") == 0
    # names of the kind asked written without the thing (哪个国家: 乌干达): the best stays
    text = "乌干达与肯尼亚相邻。"
    assert of_asked_kind([at("乌干达", 9.0), at("肯尼亚", 8.0)], [text], "国家", 4.0, "哪个国家") == 0
    # no kind of thing but a name read on past it
    text = "推进西湖街道创建省标准化社区教育中心。"
    read = [at("西湖街道", 9.0), at("西湖街道创建省标准化社区教育中心", 8.0)]
    assert of_asked_kind(read, [text], "街道创建省标准化社区教育中心", 4.0, "哪个街道创建省标准化社区教育中心") == 0
    # nor one running on into what the question says, nor one in another clause than the best
    text = "全力支持常州市高级职业技术学校实施中职领航计划，加快推动常州幼儿师范升格师范高等专科学校。"
    read = [at("常州幼儿", 10.2), at("常州幼儿师范升格师范高等专科学校", 9.8), at("常州市高级职业技术学校", 8.6)]
    assert of_asked_kind(read, [text], "学校", 4.0, "哪所学校升格为师范高等专科学校") == 0


def test_only_a_which_question_asks_a_thing_named_with_its_kind():
    from qa.reader.asked import asks_which

    assert asks_which("天宁区哪所中学的班级合唱被评为省最美班级") and asks_which("武进推进哪个街道创建")
    # the name of a thing is asked without its kind: “三学三比”, not …党建文化品牌
    assert not asks_which("龙城小学的党建品牌叫什么")


def test_how_often_is_answered_by_the_every_its_span_or_sentence_writes():
    from qa.reader.asked import asked_prefix, expected_type
    from qa.reader.dates import how_often

    for question in ("天宁多久组织一次人工智能应用技能培训", "培训天宁隔多久组织一次", "天宁组织培训的频率是怎样的"):
        assert asked_prefix(question) == "每"
    assert expected_type("天宁组织培训的频率是怎样的") is None        # a frequency is no 率 to count
    text = "每月组织学科人工智能应用技能培训,惠及300多人次。"
    assert text[slice(*how_often(text, 0, text.index("。")))] == "每月"
    at = text.index("300")
    assert text[slice(*how_often(text, at, at + 6))] == "每月"
    # two in the sentence: which one is asked is not told, the span stays
    text = "每周开展一次教研，每学期组织一次展评。"
    at = text.index("教研")
    assert how_often(text, at, at + 2) == (at, at + 2)
