"""An answer about a sibling of what was asked (理科状元 for 文科状元) is declined."""
from __future__ import annotations

import pytest

from qa.reader.contrast import sibling_answer
from qa.reader.sentence import sentence_around
from qa.retriever.terms import Segmenter

SENTENCE = "统筹开展“优才计划”,计划招聘中小学教师48名。"
DOCUMENT = "天宁区教育局2025年工作总结。" + SENTENCE + "幼儿园新增学位300个。"
PASSAGE = SENTENCE


@pytest.fixture(scope="module")
def segmenter() -> Segmenter:
    return Segmenter()


def _sibling(segmenter: Segmenter, question: str, sentence: str = SENTENCE, passage: str = PASSAGE,
             document: str = DOCUMENT):
    return sibling_answer(segmenter.tagged(question), segmenter.tagged(sentence), passage, document,
                          frozenset({"天宁", "天宁区"}))


@pytest.mark.parametrize("question,sentence,expected", [
    ("天宁2025年计划招聘多少名幼儿园教师？", SENTENCE, ("幼儿园教师", "中小学教师")),
    ("新北2018年高考有没有出文科状元？", "其中闵宇同学勇夺省理科状元", ("文科状元", "理科状元")),
    # a distinguishing word (三星级, tagged b) and a locality (初中, tagged f) modify too
    ("新北2018年哪所学校晋升为江苏省三星级高中？", "新桥高级中学晋升江苏省四星级高中。",
     ("三星级高中", "四星级高中")),
    ("钟楼有几名教师获得江苏省初中体育评优课一等奖？", "2名教师获江苏省小学体育评优课一等奖。",
     ("初中体育", "小学体育")),
])
def test_a_sibling_of_the_asked_noun_is_named(segmenter, question, sentence, expected):
    assert _sibling(segmenter, question, sentence, sentence, "报告。" + sentence) == expected


def test_a_one_character_head_is_too_general_to_contrast(segmenter):
    # the question's 省一|校 (jieba) against the report's 中小学校: no sibling of anything
    sentence = "龙城小学创成省“一校一品”党建文化品牌项目,多所学校成为常州市中小学校“一校一品”项目。"
    assert _sibling(segmenter, "新北哪所学校创成了省一校一品党建文化品牌项目？", sentence, sentence,
                    sentence) is None


@pytest.mark.parametrize("question", [
    "天宁2025年计划招聘多少名中小学教师？",   # the asked noun itself
    "天宁2025年计划招聘多少名教师？",          # no modifier to contrast
    "天宁区教师计划招聘多少名？",              # a district chooses the report, it is no sibling
    "天宁2025年优才计划招聘多少名教师？",       # the modifier is in the passage
    "天宁2025年招聘多少名中小学和幼儿园教师？",  # the sentence's modifier is asked about too
    "天宁2025年计划招聘多少名小学教师？",        # 中小学 contracts 中学 and 小学: the thing asked, among others
])
def test_the_asked_noun_or_a_plain_one_is_not_a_sibling(segmenter, question):
    assert _sibling(segmenter, question) is None


@pytest.mark.parametrize("found", ["新一期", "第二批", "首届"])
def test_a_batch_is_no_sibling_kind(segmenter, found):
    # 新一期保育员 are 保育员 of a series' next round, not another kind than 幼儿园保育员
    sentence = f"开设{found}保育员培训班，确保保育员100%持证上岗。"
    assert _sibling(segmenter, "新北区幼儿园保育员是不是都得持证上岗？", sentence, sentence, sentence) is None
    assert _sibling(segmenter, "新北区幼儿园保育员是不是都得持证上岗？", "开设托育机构保育员培训班。",
                    "开设托育机构保育员培训班。", "开设托育机构保育员培训班。") is not None
    # a batch asked has the other batches for siblings
    from qa.reader.contrast import _batch_of_kind

    assert _batch_of_kind("新一期", "幼儿园") and not _batch_of_kind("一期", "二期")


def test_a_plan_word_is_no_modifier(segmenter):
    # 计划建设 asks of the building planned: the report's 启动建设 is what was asked, not a sibling
    sentence = "启动建设省级零碳园区20个、绿色（低碳）工厂150家。"
    assert _sibling(segmenter, "浙江省计划建设的省级零碳园区有多少个", sentence, sentence, sentence) is None


def test_a_compound_the_report_mentions_elsewhere_is_left_to_the_reader(segmenter):
    # 幼儿园教师 appears in another part of the report: the passage may just be the wrong one
    document = DOCUMENT + "幼儿园教师培训全覆盖。"
    assert _sibling(segmenter, "天宁2025年计划招聘多少名幼儿园教师？", document=document) is None


def test_the_sentence_around_a_span_is_found_and_the_whole_text_without_one():
    text = "第一句。招聘中小学教师48名；第三句"
    start = text.index("48名")
    assert text[slice(*sentence_around(text, start, start + 3))] == "招聘中小学教师48名；"
    assert sentence_around("没有句号", 0, 2) == (0, 4)


def test_a_measure_word_glued_to_the_modifier_is_no_part_of_it(segmenter):
    # jieba: 多少|所市|优质|幼儿园; 所市 is no modifier of 优质 the report could lack
    sentence = "河海幼儿园岷江部等8所幼儿园创建为常州市优质幼儿园。"
    assert _sibling(segmenter, "新北新增了多少所市优质幼儿园", sentence, sentence, sentence) is None


def test_an_abbreviation_of_the_asked_words_is_no_sibling(segmenter):
    # 规上 abbreviates 规模以上: the report's 规上工业企业 is what was asked
    sentence = "新增规上工业企业1494家、国家级专精特新“小巨人”企业81家。"
    assert _sibling(segmenter, "四川规模以上工业企业新增了几家", sentence, sentence, sentence) is None


def test_an_abbreviation_is_its_full_forms_characters_in_order():
    from qa.reader.contrast import abbreviates

    assert abbreviates("规上", "规模以上") and abbreviates("公厕", "水冲式公共厕所")
    assert not abbreviates("理科", "文科状元") and not abbreviates("上规", "规模以上")


@pytest.mark.parametrize("question", [
    "天宁区增加了几个艺术体育名师工作室",          # 名师 abbreviates the report's 名教师
    "天宁新增了多少个市级艺术体育专项名教师工作室",   # 市级 is written 市, before a further modifier
])
def test_a_modifier_the_report_writes_otherwise_is_no_sibling(segmenter, question):
    sentence = "新增市中小学艺术、体育专项名教师工作室3个,数量位居全市第一。"
    assert _sibling(segmenter, question, sentence, sentence, sentence) is None
    # a level the report does not write is still a sibling's
    assert _sibling(segmenter, "天宁新增了多少个省级艺术体育专项名教师工作室", sentence, sentence, sentence) is not None


def test_the_city_a_district_lies_in_chooses_the_report_and_is_no_sibling(assistant):
    # the report writes 市依法治校先进单位; 常州市 is the city of 新北区, not another kind of unit
    assert assistant.ask("新北区有几所学校获评常州市依法治校先进单位").answer == "8所"


def test_money_glued_to_the_next_word_is_no_modifier(segmenter):
    # jieba: 花|多少|钱修|校舍 — 钱修 is no kind of 校舍 the report could lack
    sentence = "2019年计划投入1200万元对学校校舍进行维修改造。"
    assert _sibling(segmenter, "金坛打算花多少钱修校舍", sentence, sentence, sentence) is None


def test_a_contracted_word_states_each_of_its_things(segmenter):
    sentence = "城乡居民人均可支配收入分别增长4.4%、5.6%。"
    document = "四川省政府工作报告。" + sentence
    assert _sibling(segmenter, "四川农村居民人均可支配收入增长多少", sentence, sentence, document) is None
    assert _sibling(segmenter, "四川城镇居民人均可支配收入增长多少", sentence, sentence, document) is None
    # a contraction names only its own things: 农民工 is none of 城乡
    assert _sibling(segmenter, "四川农民工人均可支配收入增长多少", sentence, sentence, document) is not None


def test_a_word_the_report_writes_for_the_modifier_is_no_sibling(segmenter):
    # 老百姓 is what people say for the report's 居民 (terms.SYNONYMS): the same people, no sibling
    sentence = "居民人均可支配收入达到36439元。"
    assert _sibling(segmenter, "河北老百姓人均可支配收入涨到多少钱了", sentence, sentence,
                    "报告。" + sentence) is None
    assert _sibling(segmenter, "河北农村人均可支配收入涨到多少钱了", sentence, sentence,
                    "报告。" + sentence) is not None


def test_the_reports_place_written_as_a_region_is_no_sibling():
    segmenter = Segmenter()
    sentence = "全省生产总值从2020年的3.68万亿元增长到2025年的4.8万亿元。"
    question = segmenter.tagged("河北地区生产总值3.68万亿元是哪一年的数据")
    assert sibling_answer(question, segmenter.tagged(sentence), sentence, "报告。" + sentence,
                          frozenset({"河北", "河北省"})) is None
    assert sibling_answer(question, segmenter.tagged(sentence), sentence, "报告。" + sentence,
                          frozenset()) is not None


RECRUITED = "教师多元招聘，2021年新增15个编制，招聘优才计划6人，编内教师70人，不进编教师167人。"


@pytest.mark.parametrize("question, figure, expected", [
    ("钟楼2021年招了多少进编的老师", "167人", ("进编", "不进编")),     # the label negates the asked word
    ("钟楼2021年不进编的老师招了多少", "167人", None),                  # both negate it
    ("钟楼2021年不进编的老师招了多少", "70人", None),                   # 编内 writes no 进编 at all
    ("钟楼2021年招了多少老师", "167人", None),                          # nothing asked negated or plain
])
def test_a_label_negating_the_asked_word_counts_another_thing(question, figure, expected):
    from qa.reader.mismatch import negated_label

    assert negated_label(question, RECRUITED, RECRUITED.index(figure)) == expected
    assert negated_label("不进编的老师有多少", "共有进编教师50人", 4) == ("不进编", "进编")


def test_a_figure_of_the_negated_thing_is_declined_by_name(assistant):
    got = assistant.ask("钟楼2021年招了多少进编的老师")
    assert got.abstained and "不进编" in got.reason
    assert assistant.ask("钟楼2021年招了多少不进编的老师").answer == "167人"
