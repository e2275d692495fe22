"""The time a passage speaks of, read from its headings, against the time a question asks."""
from __future__ import annotations

import pytest

from qa.retriever.hybrid import Hit
from qa.retriever.period import (Period, asked_period, asks_years, conflicts, in_period, of_years_asked,
                                 passage_of_years, section_period, written_by, written_of_years)
from qa.schema import Chunk
from qa.retriever.terms import Segmenter


@pytest.mark.parametrize("section, years, expected", [
    (("一、2025年主要工作和“十四五”发展成就",), (2026,), Period((2025,), None, "done")),
    (("三、2026年重点工作", "（四）着力推动消费转型升级"), (2026,), Period((2026,), None, "plan")),
    (("二、“十五五”时期的主要目标任务",), (2026,), Period((), None, "plan")),
    (("2018年上半年工作总结", "1、 补短板,重点目标谋求突破"), (2018,), Period((2018,), "上半年", "so_far")),
    (("二、2025年下半年工作计划",), (2025,), Period((2025,), "下半年", "plan")),
    (("一、加强党史教育，提升党建工作水平",), (2021,), Period()),
    # a review naming no year and no half is of the years the report follows
    (("一、一年接着一年干，新福建建设持续取得新进展新成效",), (2026,), Period((), None, "done")),
    (("一、上半年工作回顾",), (2021,), Period((), "上半年", "so_far")),
])
def test_a_sections_time_is_read_from_its_headings(section, years, expected):
    assert section_period(section, years) == expected


@pytest.mark.parametrize("question, expected", [
    ("浙江今年要举办多少场演出", Period((2026,), None, "plan")),
    ("浙江去年举办了多少场演出", Period((2025,), None, "done")),
    ("天宁下半年要新增多少托位", Period((), "下半年", "plan")),
    ("四川双高计划入选几所学校", Period()),         # 计划 of a name asks no plan
    ("浙江主要举办哪些演出", Period()),            # 主要 is no 要
])
def test_a_questions_time_is_its_years_half_and_tense(question, expected):
    words = Segmenter().words(question)
    relative = tuple(w for w in ("去年", "今年") if w in question)
    assert asked_period((), relative, question, words, (2026,)) == expected


def test_a_named_half_outweighs_the_tense():
    so_far, plan = Period((2025,), "上半年", "so_far"), Period((2025,), "下半年", "plan")
    asked = Period((2025,), "下半年", "done")        # 下半年…了: the half names the section
    assert conflicts(asked, so_far) and not conflicts(asked, plan)
    closed = Period((2025,), None, "done")
    assert conflicts(Period((), None, "plan"), closed) and not conflicts(Period(), closed)
    # a review of the running year writes its plans too (全年预计支出…): a plan asked may be there
    assert not conflicts(Period((), None, "plan"), Period((2025,), "上半年", "so_far"))
    assert conflicts(Period((), None, "done"), plan)
    assert not conflicts(Period((), None, "plan"), Period())       # a section of no stated time fits any


def test_a_year_compared_with_is_no_time_asked():
    words = Segmenter().words("金坛补助经费比去年增长多少")
    assert asked_period((), ("去年",), "金坛补助经费比去年增长多少", words, (2019,)).years == ()


def test_a_passage_of_another_time_goes_only_where_one_of_the_time_asked_says_as_much():
    def hit(section: str, text: str) -> Hit:
        return Hit(Chunk("r.txt", (section,), 0, 0, len(text), text), 1.0, 0.5, 1.0)

    done = hit("一、2025年工作回顾", "320个共建重点项目完成投资5332亿元")
    plan = hit("三、2026年工作安排", "完成智改数转重点项目300个")
    question = "四川完成了多少个智改数转重点项目"
    segmenter = Segmenter()
    written = written_by(segmenter.term_groups(question), segmenter.terms)
    args = ((), (), question, segmenter.words(question), lambda doc: (2026,))
    assert in_period([done, plan], *args) == [done]                  # the tense alone decides
    assert in_period([done, plan], *args, written) == [done, plan]   # the plan writes more of it
    also_done = hit("一、2025年工作回顾", "完成智改数转重点项目280个")
    assert in_period([done, plan, also_done], *args, written) == [done, also_done]


_REPORT = ("一、2025年工作及“十四五”时期发展回顾\n"
           "过去一年，面对错综复杂的国内外形势，我们奋力拼搏。\n"
           "一是经济增长好于预期。地区生产总值增长5.2%。\n"
           "三是改革开放蹄疾步稳。江西农商联合银行挂牌开业，新增上市公司6家。\n"
           "各位代表，2025年目标的完成，标志着“十四五”规划圆满收官。\n"
           "五年来，我们全力巩固经济发展量质双升的良好势头。\n"
           "累计净增各类经营主体155万户，新增上市公司48家、总量达122家。\n")


@pytest.mark.parametrize("phrase, expected", [
    ("地区生产总值增长5.2%", "year"),                # its own opening: 一是…, then 过去一年 before it
    ("新增上市公司6家", "year"),
    ("五年来", "years"),
    ("新增上市公司48家", "years"),                    # an undated paragraph after 五年来，…
    ("一、2025年工作", None),                         # the heading says both
])
def test_a_paragraphs_years_are_read_from_its_opening_or_the_one_it_details(phrase, expected):
    assert written_of_years(_REPORT, _REPORT.index(phrase), 0) == expected


def test_a_passage_over_paragraphs_of_different_times_says_neither():
    start, end = _REPORT.index("新增上市公司6家"), _REPORT.index("五年来") + 5
    assert passage_of_years(_REPORT, start, end, ("一、2025年工作及“十四五”时期发展回顾",)) is None
    start = _REPORT.index("累计")
    assert passage_of_years(_REPORT, start, start + 20, ("一、2025年工作及“十四五”时期发展回顾",)) == "years"


@pytest.mark.parametrize("question, years, relative, expected", [
    ("这五年江西新增了多少家上市公司", (), (), "years"),
    ("“十四五”期间江西新增了多少家上市公司", (), (), "years"),
    ("十四五末重庆高铁通车里程增加到了多少公里", (), (), "years"),
    ("江西去年新增了多少家上市公司", (), ("去年",), "year"),
    ("天宁今年累计完成托班多少个", (), ("今年",), "year"),         # a sum within the year asked
    ("江西新增了多少家上市公司", (), (), None),
])
def test_a_question_asks_of_one_year_or_several(question, years, relative, expected):
    assert asks_years(question, years, relative) == expected


def test_passages_of_one_year_go_where_several_are_asked_and_one_of_them_writes_as_much():
    def hit(phrase: str) -> Hit:
        start = _REPORT.index(phrase)
        end = _REPORT.index("\n", start)
        return Hit(Chunk("r.txt", ("一、2025年工作及“十四五”时期发展回顾",), 0, start, end, _REPORT[start:end]), 1.0, 0.5, 1.0)

    one, five = hit("三是改革开放"), hit("累计净增")
    segmenter = Segmenter()
    # the question's topic, its place taken out, as the assistant writes it
    written = written_by(segmenter.term_groups("这五年新增了多少家上市公司"), segmenter.terms)
    of = lambda h: passage_of_years(_REPORT, h.chunk.start, h.chunk.end, h.chunk.section)  # noqa: E731
    assert of_years_asked([one, five], "years", of, written) == [five]
    written = written_by(segmenter.term_groups("去年新增了多少家上市公司"), segmenter.terms)
    assert of_years_asked([one, five], "year", of, written) == [one]
    assert of_years_asked([one, five], None, of, written) == [one, five]
    assert of_years_asked([one], "years", of, written) == [one]          # nothing of the years asked: kept


@pytest.mark.parametrize("sentence, asked, expected", [
    ("本年度学前教育普及普惠率是83%", (2020,), 2021),        # the report's own year, not the one asked
    ("2021年5月我区顺利接受了省级评估", (2020,), 2021),
    ("2020年新建学校5所", (2020,), None),
    ("学前教育普及普惠率是83%", (2020,), None),               # says no year: left to the reader
    ("本年度学前教育普及普惠率是83%", (2021,), None),         # the report's own year asked
    ("本年度学前教育普及普惠率是83%", (), None),
    # a year a figure is held against dates no figure of its sentence
    ("全年GDP增长4%，快于2024年1.8个百分点", (2025,), None),
    ("2021年GDP增长4%，快于2024年1.8个百分点", (2025,), 2021),
])
def test_a_sentence_of_another_year_answers_no_earlier_year_asked(sentence, asked, expected):
    from qa.retriever.period import other_year

    assert other_year(sentence, asked, (2021,)) == expected


def test_an_earlier_year_asked_of_a_later_report_is_declined_by_its_own_year(assistant):
    got = assistant.ask("钟楼区2020年的学前教育普及普惠率是多少？")
    assert got.abstained and "2021年" in got.reason
    assert assistant.ask("钟楼区2021年的学前教育普及普惠率是多少？").answer == "83%"


_REVIEW = Period((2025,), None, "done")


@pytest.mark.parametrize("asked, section, sentence, expected", [
    (Period((2026,), None, "plan"), _REVIEW, "建设高标准农田1739万亩", "2025年"),   # a plan asked, a review read
    (Period((2025,), None, "done"), _REVIEW, "建设高标准农田1739万亩", ""),        # the reviewed year asked
    (Period((2026,), None, None), _REVIEW, "今年再建设高标准农田300万亩", ""),      # the sentence says its year
    (Period((2026,), None, "plan"), Period((2026,), None, "plan"), "新建高标准农田300万亩", ""),
    (Period((), None, "plan"), _REVIEW, "建设高标准农田1739万亩", ""),             # no year asked: left to the reader
    # a sentence dated to an earlier year, in whatever section
    (Period((2026,), None, "plan"), Period(), "2025年全省固定资产投资下降3.3%", "2025年"),
    (Period((2026,), None, "plan"), Period(), "2026年全省固定资产投资增长3%", ""),
    (Period((2026,), None, "plan"), Period(), "比2025年增长3%", ""),             # a year compared with
    (Period((2026,), None, None), Period(), "2025年全省固定资产投资下降3.3%", ""),  # no plan asked
    (Period((2018,), None, None), Period(), "开展纪念建党97周年活动，表彰2017年度优秀党员", ""),
    (Period((2026,), None, "plan"), Period((), None, "done"), "新建高标准农田71.21万亩", "以往"),
])
def test_a_review_of_closed_years_answers_no_plan_of_the_reports_own_year(asked, section, sentence, expected):
    from qa.retriever.period import reviewed_only

    assert reviewed_only(asked, section, sentence, (2026,)) == expected


@pytest.mark.parametrize("question, clause, expected", [
    ("优才计划最后实际招到了多少名教师", "统筹开展“优才计划”,计划招聘中小学教师", True),
    ("优才计划已经招了多少名教师", "拟招聘中小学教师", True),
    ("优才计划要招多少名教师", "计划招聘中小学教师", False),          # a plan asked: the plan answers
    ("优才计划最后实际招到了多少名教师", "完成招聘", False),         # what was done answers
    ("优才计划最后实际招到了多少名教师", "完成了招聘计划，招聘", False),  # 计划 of another clause
    ("优质均衡是不是已经达到国家标准了", "争取年内创建全国义务教育优质均衡发展区", False),  # no figure asked
])
def test_a_planned_figure_answers_no_question_of_what_was_done(question, clause, expected):
    from qa.retriever.period import planned_figure

    assert planned_figure(question, clause) is expected


def test_what_was_done_in_the_end_is_not_answered_by_the_plan(assistant):
    got = assistant.ask("天宁2025年优才计划最终招到了几名中小学老师")
    assert got.abstained and "计划" in got.reason
    assert assistant.ask("天宁2025年优才计划打算招几名中小学老师").answer == "48名"


@pytest.mark.parametrize("question, sentence, opening, expected", [
    ("山东去年一般公共预算收入是多少", "一般公共预算收入累计完成3.7万亿元，5年增长18.7%", "", "累计"),
    ("2025年城镇新增就业多少人", "城镇新增就业265.15万人", "五年来，我们不断增进民生福祉", "五年来"),
    ("“十四五”期间一般公共预算收入累计多少", "一般公共预算收入累计完成3.7万亿元", "", ""),  # years asked
    ("2025年城镇新增就业多少人", "今年以来累计新增就业54万人", "", ""),                       # the year asked
    ("2025年城镇新增就业多少人", "城镇新增就业54.58万人", "", ""),
    # a sum's word in an earlier clause; the figure's own clause says it is of one year
    ("2025年粮食产量多少", "累计建成高标准农田4128万亩，粮食播种面积稳定在6200万亩以上、年度产量首次突破2000万吨", "", ""),
    ("2025年粮食产量多少", "累计建成高标准农田4128万亩，粮食产量首次突破2000万吨", "", "累计"),
    # a change averaged over years is of none of them; one year's mean (年均浓度) is that year's
    ("2025年地区生产总值增长了多少", "地区生产总值超过2.5万亿元、年均增长5%", "", "年均增长"),
    ("2025年PM2.5年均浓度是多少", "PM2.5年均浓度为26.3微克/立方米", "", ""),
])
def test_a_sum_over_years_answers_no_question_of_one_year(question, sentence, opening, expected):
    from qa.retriever.period import over_years

    asked = asked_period((2025,) if "2025" in question or "去年" in question else (), (), question, [], (2026,))
    assert over_years(question, asked, sentence, opening) == expected


@pytest.mark.parametrize("opening, lead, expected", [
    # a one-sentence paragraph opening the years its next paragraph details
    ("一般公共预算支出3.4万亿元", "这五年，我们深入践行以人民为中心的发展思想，民生福祉不断增进。", "这五年"),
    ("过去一年，城镇新增就业稳定", "这五年，我们深入践行以人民为中心的发展思想。", ""),   # the opening's own time
    ("一般公共预算支出3.4万亿元", "我们深入践行以人民为中心的发展思想，这五年民生福祉不断增进。", ""),
])
def test_a_lead_dates_the_paragraph_it_opens(opening, lead, expected):
    from qa.retriever.period import lead_of, over_years

    asked = asked_period((2025,), (), "2025年城镇新增就业多少人", [], (2026,))
    assert over_years("2025年城镇新增就业多少人", asked, "城镇新增就业261.6万人", opening, lead) == expected
    text = f"一、回顾\n{lead}\n{opening}，城镇新增就业261.6万人。"
    assert lead_of(text, text.index(opening)) == lead
    assert lead_of(text, text.index(lead)) == ""                 # a heading without a full stop leads nothing


@pytest.mark.parametrize("asked_years, section, sentence, expected", [
    ((2025,), ("三、2026年重点工作",), "城镇调查失业率5.5%左右", "2026"),    # a plan of another year
    ((2025,), ("三、2026年重点工作",), "2025年城镇调查失业率5.2%", ""),        # the sentence says the year
    ((2026,), ("三、2026年重点工作",), "城镇调查失业率5.5%左右", ""),          # the year asked
    ((), ("三、2026年重点工作",), "城镇调查失业率5.5%左右", ""),               # no year asked
    ((2025,), ("工作回顾",), "城镇调查失业率5.2%", ""),                        # a section of no year
])
def test_a_section_of_another_year_answers_no_question_of_a_year(asked_years, section, sentence, expected):
    from qa.retriever.period import other_section_year

    asked = asked_period(asked_years, (), "城镇调查失业率是多少", [], (2026,))
    assert other_section_year(asked, section_period(section, (2026,)), sentence) == expected



def test_a_sum_word_after_the_figure_sums_none_of_it():
    from qa.retriever.period import other_time

    sentence = "612个房地产项目纳入“白名单”，完成“保交房”项目625个、“保回迁”项目217个，累计化解不动产“登记难”问题53.6万件。"
    quoted = sentence[:sentence.index("217个") + 4]
    asked = ("陕西去年完成了多少个保回迁项目", (), ("去年",), [], (2026,), ("一、2025年工作回顾",))
    assert other_time(*asked, sentence, "", quoted) == ""
    # the sum's own figure is of several years
    assert "累计" in other_time(*asked, sentence, "", sentence[:sentence.index("53.6万件") + 6])
