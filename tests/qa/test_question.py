"""The question analysis: places anywhere in China, years, flags, topic and the reader's text.

Real gazetteer (jionlp) and real jieba; no model.
"""
from __future__ import annotations

import pytest

from index.ingest.places import Gazetteer
from qa.question import analyse

# the places of the bundled reports, whose short names count wherever they are written
_KNOWN = [Gazetteer.load().resolve(n) for n in ("新北区", "金坛区", "钟楼区", "武进区", "天宁区")]


def _q(text: str):
    return analyse(text, _KNOWN)


@pytest.mark.parametrize("text,full,level", [
    ("浙江省杭州市西湖区2023年新建了几所学校", "浙江省杭州市西湖区", "district"),
    ("成都去年地区生产总值增长多少", "四川省成都市", "city"),
    ("海淀区有多少所中小学？", "北京市海淀区", "district"),
    ("昆山市2022年招聘了多少教师", "江苏省苏州市昆山市", "county"),
    ("上海港2024年集装箱吞吐量是多少", "上海市", "city"),
    ("无锡梁溪区2021年新增了多少个学位？", "江苏省无锡市梁溪区", "district"),
    ("金坛2019年招聘了多少教师", "江苏省常州市金坛区", "district"),
    ("2018年新北哪位老师被评为十大杰出青年？", "江苏省常州市新北区", "district"),
    # a city's short name of three characters or more, though jieba reads a person's name
    ("呼伦贝尔的社会消费品零售总额是多少", "内蒙古自治区呼伦贝尔市", "city"),
    ("阿拉善的GDP是多少", "内蒙古自治区阿拉善盟", "city"),
    # and a district's, where a question opens on it (海拉尔 is read as a person's name)
    ("海拉尔城镇新增就业多少人", "内蒙古自治区呼伦贝尔市海拉尔区", "district"),
    # a city's short name jieba does not read as a place (银川西…) before its own district
    ("银川西夏区有几所学校", "宁夏回族自治区银川市西夏区", "district"),
    # an organ of its government names the place (jieba reads 四川省政府 as an organisation)
    ("四川省政府工作报告是哪天发布的", "四川省", "province"),
    ("江苏省委提出了哪些要求", "江苏省", "province"),
])
def test_places_from_any_province_resolve_to_one_canonical_place(text, full, level):
    q = _q(text)
    assert [(p.full, p.level) for p in q.places] == [(full, level)]


@pytest.mark.parametrize("text", [
    "南京师范大学招了多少人",            # a university, not 南京
    "全市有多少所学校",
    "2023年新建了几所学校",              # 新建 is a verb here, not 南昌市新建区
    "哪位老师获得了常州市五一劳动奖章",    # a place inside the topic is not the scope
    "龙城小学的党建品牌叫什么",            # a school named after a district (辽宁朝阳市龙城区)
    "朝阳实验中学进行了督导回访吗",
    "西藏班的学生都达本一线了吗",          # a class of pupils from Tibet
    "北京四中特级教师张晓峰讲座的题目是什么",  # a city's school known by its number
])
def test_words_that_only_look_like_places_are_no_scope(text):
    assert _q(text).places == ()


def test_a_places_head_teachers_are_of_that_place():
    assert [p.name for p in _q("江苏班主任基本功大赛谁获奖了").places] == ["江苏省"]


def test_the_place_the_reports_cover_is_the_scope_not_where_visitors_came_from():
    q = _q("陕西石泉、宁陕两县来金坛考察跟岗的校长和老师有多少名？")
    assert q.districts == ("金坛区",)
    assert q.topic.startswith("陕西石泉")


def test_years_relative_years_and_comparison_years():
    q = _q("钟楼力争2021年中小学生近视率比2020年降低多少？")
    assert q.years == (2021,) and "比2020年" in q.topic and "2021" not in q.topic
    assert _q("天宁25年优才计划招了多少人").years == (2025,)
    assert _q("新北去年中考均分比前年高多少").relative_years == ("前年", "去年")


@pytest.mark.parametrize("text,total,each,comparison", [
    ("金坛区2019年一共招了多少老师", True, False, False),
    ("在五四杯评选中，金坛区共获得多少件省一等奖？", True, False, False),
    ("钟楼和天宁分别招聘了多少教师", False, True, False),
    ("新北和钟楼哪个招聘的教师多", False, False, True),
    ("金坛比钟楼多招了多少教师", False, False, True),
    ("钟楼和金坛谁招的老师多", False, False, True),       # the flag is the composition's: one reading
    ("金坛共同体建设有几个", False, False, False),
    # a total asked in speech
    ("新北的公厕加起来有几座", True, False, False),
    ("天宁和钟楼哪个区在国家级媒体上发布的教育报道更多", False, False, True),
    ("钟楼各级各类学校有多少所", False, False, False),
])
def test_total_each_and_comparison_flags(text, total, each, comparison):
    q = _q(text)
    assert (q.total, q.each, q.comparison) == (total, each, comparison)


def test_a_bare_measure_asks_its_value():
    # no asking word: a measure it ends on is asked as 是多少 asks it; anything else stays as typed
    q = _q("我想知道新北区奔牛高中2018年的本一达线率")
    assert q.text.endswith("本一达线率是多少") and (q.asked, q.measure) == ("share", "比例")
    assert _q("我想知道金坛招聘老师的人数").asked == "quantity"
    assert _q("2018年新北推荐参加省规划课题申报的课题数").text.endswith("课题数是多少")   # any …数
    assert _q("海拉尔全年新接入的集中供热面积").text.endswith("面积是多少")                  # an extent
    assert _q("金坛的教师招聘").text == "金坛的教师招聘"
    assert _q("金坛的达线率是多少").text == "金坛的达线率是多少"


@pytest.mark.parametrize("text,asked,measure,unit", [
    ("金坛2019年招聘了多少名教师？", "quantity", "人数", "名"),
    ("金坛省优质幼儿园比例达到多少", "share", "比例", None),
    ("金坛2019年计划投入多少钱维修改造校舍", "money", "金额", None),
    ("武进什么时候启动课后服务", "date", None, None),
    ("金坛哪所幼儿园拿了一等奖", "entity", None, None),
    ("金坛哪些单位获得了普法先进集体？", "list", None, None),
    ("天宁社区教育有没有获评省社会教育先进集体？", "yes_no", None, None),
])
def test_what_is_asked(text, asked, measure, unit):
    q = _q(text)
    assert (q.asked, q.measure, q.unit) == (asked, measure, unit)


@pytest.mark.parametrize("wordings,reader_text", [
    (("金坛2019年招聘了多少教师", "金坛2019年招聘了多少名教师？", "2019年金坛区招聘了多少教师",
      "金坛区2019年招聘了多少老师"), "招聘了多少教师"),
    (("天宁区新增了多少个托位", "天宁新增了多少托位？"), "新增了多少托位"),
    (("浙江省杭州市西湖区2023年新建了几所学校", "2023年杭州西湖区新建了几所学校。"), "新建了几所学校"),
])
def test_scope_wording_never_reaches_the_reader(wordings, reader_text):
    assert {_q(w).reader_text for w in wordings} == {reader_text}


@pytest.mark.parametrize("text", ["我想知道2019年金坛开展的校本培训项目有多少个",
                                  "请问金坛2019年开展的校本培训项目有多少个",
                                  "想了解一下金坛区2019年开展的校本培训项目有多少个"])
def test_an_asking_frame_before_the_scope_leaves_it_the_scope(text):
    q = _q(text)
    assert (q.districts, q.years, q.topic) == (("金坛区",), (2019,), "开展的校本培训项目有多少个")


def test_the_composition_reads_no_asking_frame():
    q = _q("请问新北进行素质教育督导评估的学校有多少所？")
    assert q.plain == "新北进行素质教育督导评估的学校有多少所？"
    assert all("请问" not in w for group in q.composition.topic for w in group)


def test_the_reader_keeps_the_years_when_asked_to():
    q = _q("金坛区2019年一共招了多少老师")
    assert (q.topic, q.reader_text, q.reader_text_with_years) == ("一共招了多少老师", "一共招了多少教师", "2019年一共招了多少教师")


# Issue 34's rows: the same question in other words, over the real reader and the bundled reports
PARAPHRASES = [
    ("金坛2019年招聘了多少教师", "金坛2019年招聘了多少名教师？", "2019年金坛区招聘了多少教师", "金坛招聘了多少老师",
     "金坛区2019年一共招了多少老师", "金坛一共招了多少个老师", "金坛区2019年录用了多少教师"),
    ("天宁新增托位多少个", "天宁区新增了多少个托位"),
]


@pytest.mark.parametrize("topic", [False, True])
@pytest.mark.parametrize("wordings", PARAPHRASES)
def test_a_paraphrase_group_gets_one_answer(assistant, wordings, topic):
    from qa.pipeline import Assistant

    # the reader reads the topic only with Config.reader_reads_topic (off by default: see config.py)
    on = Assistant(assistant.config.with_overrides(reader_reads_topic=topic), assistant.store, assistant.embedder,
                   assistant.model_sha256)
    answers = {(a.answer, a.abstained) for a in map(on.ask, wordings)}
    assert len(answers) == 1 and not answers.pop()[1], answers


def test_a_bare_measure_is_answered_with_its_value(assistant):
    answer = assistant.ask("钟楼适龄残疾儿童义务教育入学率")
    assert answer.answer == "100%" and answer.question == "钟楼适龄残疾儿童义务教育入学率"


def test_the_reader_reads_the_words_reports_write():
    assert _q("天宁有多少老师去支教").written == "天宁有多少教师赴支教"
    # 去 asked of, or within a word, stays
    assert _q("天宁教师支教去了哪里").written == "天宁教师支教去了哪里"
    assert _q("钟楼享去APP的注册使用率是多少").written == "钟楼享去APP的注册使用率是多少"
    assert _q("金坛去年招了多少老师").written == "金坛去年招了多少教师"
    assert _q("钟楼盖了几所新学校").written == "钟楼新建了几所新学校"
    assert _q("天宁加了多少托位").written == "天宁增加了多少托位"
    assert _q("金坛花了多少钱").written == "金坛投入了多少钱"
    assert _q("天宁派老师去哪儿支教了").written == "天宁派教师去哪里支教了"     # 去 asked of, kept
    # an asking frame says nothing of what is asked: the reader reads the question without it
    assert _q("我想知道天宁有多少老师去支教").written == _q("请问天宁有多少老师去支教").written == "天宁有多少教师赴支教"
    assert _q("金坛参加了几次比赛").written == "金坛参加了几次比赛"          # 加 within 参加
    # 加起来 asks a total, 加 between two nouns adds them: neither is the verb 增加
    assert _q("海拉尔的公厕（水冲式加移动的）加起来一共有几座").written == "海拉尔的公厕（水冲式和移动的）一共有几座"
    assert _q("招聘的教师（中小学加幼儿园）总共多少名").composition.action[0] == "招聘"
    assert _q("绿色工厂和绿色矿山加一块儿有多少家").written == "绿色工厂和绿色矿山一共有多少家"
    assert _q("预算加了多少钱").written == "预算增加了多少钱"
    # 去 before a verb is going to do it, not going to a place: reports write the doing alone
    assert _q("学校能不能组织学生去参加学科竞赛").written == "学校能不能组织学生参加学科竞赛"
    assert _q("天宁区去产能完成了多少").written == "天宁区去产能完成了多少"      # 去 of a noun: a word of it
    # a verb and its object said apart by 完/过 are the one verb reports write
    assert _q("考完试还会按成绩排名吗").written == "考试还会按成绩排名吗"
    assert _q("开完会以后做了什么").written == "开会以后做了什么"
    assert _q("年度完成投资多少").written == "年度完成投资多少"                # 完成 is a word of its own
    assert _q("利润创过新高吗").written == "利润创过新高吗"                    # 新高 is a word of its own


@pytest.mark.parametrize("text, written", [
    ("金坛一共拿了多少件省一、二等奖", "金坛一共拿了多少件省一等奖、二等奖"),
    ("省、市级课题有几个", "省级、市级课题有几个"),
    ("金、银、铜牌合计多少枚", "金牌、银牌、铜牌合计多少枚"),
    ("一、二年级学生有多少", "一年级、二年级学生有多少"),
    ("统一、规范了哪些流程", "统一、规范了哪些流程"),          # no levels sharing a word
])
def test_levels_written_with_one_shared_word_each_get_it(text, written):
    assert _q(text).written == written


@pytest.mark.parametrize("question, years", [
    ("哪些城市经济总量突破2000亿元", ()),          # an amount, no year
    ("新北有1998人参加吗", ()),
    ("2019金坛招聘了多少教师", (2019,)),
    ("19年金坛招了多少老师", (2019,)),
    ("《钟楼教育志（1999-2019）》几月份出版？", ()),   # a title's years are the title's
    ("钟楼2021年出版的《钟楼教育志（1999-2019）》有多少页", (2021,)),
])
def test_a_number_with_a_unit_or_in_a_title_is_no_year(question, years):
    assert analyse(question).years == years


def test_a_year_in_brackets_after_a_place_is_that_places_year():
    q = _q("上半年创成的江苏省优质幼儿园，新北区（2018年）和金坛区（2019年）哪个多？")
    assert q.years == (2018, 2019)
    assert q.composition.sides == ("新北区2018年", "金坛区2019年")


def test_the_reader_is_asked_in_the_word_its_passages_write():
    from qa.question import worded_as_read

    # GDP is asked as 地区生产总值, as reports mostly write it; a passage writing GDP alone gets GDP
    assert worded_as_read("地区生产总值增长了多少", ["全年GDP增长4%，快于2024年1.8个百分点"]) == "GDP增长了多少"
    assert worded_as_read("地区生产总值增长了多少", ["地区生产总值增长5.5%，GDP总量…"]) == "地区生产总值增长了多少"
    assert worded_as_read("地区生产总值增长了多少", ["全省经济稳中有进"]) == "地区生产总值增长了多少"
