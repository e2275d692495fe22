"""What a text writes around an answer that the answer is not (qa/reader/leads.py)."""
from __future__ import annotations

import pytest

from qa.reader.leads import without_heading, without_name_marker, without_nationality, without_subject_lead
from qa.retriever.terms import Segmenter


@pytest.fixture(scope="module")
def segmenter() -> Segmenter:
    return Segmenter()


@pytest.mark.parametrize("question,span,expected", [
    # a heading and its colon
    ("株洲北站的机关地址是什么？", "车站机关地址：湖南省株洲市石峰区北站路236号", "湖南省株洲市石峰区北站路236号"),
    ("临床心理学有哪些流派？", "心理疗法的流派计有：心理分析、人本主义", "心理分析、人本主义"),
    # a first clause that the next continues with a linking word
    ("该河是什么地方的分界线？", "该河长120公里，是格洛斯特郡与萨默塞特郡", "格洛斯特郡与萨默塞特郡"),
    ("玉桂山的副峰又被称为什么？", "假玉桂山，又称佛爷山", "佛爷山"),
    ("嘉诺撒圣家学校的地址是哪里？", "一所津贴女子小学，位于九龙城联合道102号", "九龙城联合道102号"),
    # a colon inside brackets or quotes is the answer's own
    ("圣母小学的校训是什么？", "「纯洁仁爱：纯朴廉洁律己」", "「纯洁仁爱：纯朴廉洁律己」"),
    ("它的简称是什么？", "现代货箱（英文缩写：MTL）", "现代货箱（英文缩写：MTL）"),
    # 为 names the answer first: "长齿锯齿鳗，为辐鳍鱼纲…" answers 又被称为什么 with its first clause
    ("长齿锯犁鳗又被称为什么？", "长齿锯齿鳗，为辐鳍鱼纲鳗鲡目糯鳗", "长齿锯齿鳗，为辐鳍鱼纲鳗鲡目糯鳗"),
    # a question with a colon of its own may ask for what stands around one
    ("“作家：曹植”出自哪里？", "三国时代作家：曹植", "三国时代作家：曹植"),
    # nothing would be left
    ("地址是什么？", "地址：北", "地址：北"),
])
def test_a_heading_or_a_continued_clause_is_no_part_of_the_answer(question, span, expected):
    assert span[without_heading(span, 0, len(span), question):] == expected


@pytest.mark.parametrize("span,expected", [
    ("原名沼宫内", "沼宫内"),
    ("俗名目择仔、大目侧仔", "目择仔、大目侧仔"),
    ("意译为思惟修或静虑", "思惟修或静虑"),
    ("又译猛禽盗龙", "猛禽盗龙"),
    ("艺名「彭冠中」", "「彭冠中」"),
    # a name that starts like a marker, and a marker with one character after it, stay
    ("原名", "原名"),
    ("俗名X", "俗名X"),
    ("沼宫内", "沼宫内"),
])
def test_the_word_that_says_a_name_follows_is_dropped(span, expected):
    assert span[without_name_marker(span, 0, len(span)):] == expected


@pytest.mark.parametrize("question,span,expected", [
    ("黄鳍雀鲷分布于什么海域？", "本鱼分布于印度西太平洋区", "印度西太平洋区"),
    ("加利福尼亚滑银汉鱼分布在哪个地区？", "本鱼仅分布于美国加州的旧金山至圣地牙哥海岸边", "美国加州的旧金山至圣地牙哥海岸边"),
    # without the question's words after it the pronoun stays: nothing says what it stands for
    ("黄鳍雀鲷吃什么？", "本鱼以藻类为食", "本鱼以藻类为食"),
    # the question's own lead still goes without a pronoun
    ("黄鳍雀鲷分布在什么地方？", "分布于印度太平洋区", "印度太平洋区"),
    # the verb before its aspect particle, the text's own particle, a verb's first character alone
    ("钟楼开通了哪些热线", "开通区特教指导中心指导热线", "区特教指导中心指导热线"),
    ("新北举办了哪些节目选拔赛", "举办了区中小学生舞蹈、器乐、朗诵节目选拔赛", "区中小学生舞蹈、器乐、朗诵节目选拔赛"),
    ("陈元元获得了什么奖", "获江苏省评优课一等奖", "江苏省评优课一等奖"),
    ("陈元元获得了什么奖", "获奖", "获奖"),                    # nothing would be left
    # the lead ends where a word of the span ends: 按 is no part of 按照
    ("武进新市民学校整治按什么思路", "按照“取缔一批”工作思路", "按照“取缔一批”工作思路"),
])
def test_a_pronoun_for_the_subject_goes_with_the_questions_words(segmenter, question, span, expected):
    start = without_subject_lead(span, 0, len(span), question, segmenter.tagged)
    assert span[start:] == expected


@pytest.mark.parametrize("question,span,expected", [
    ("姆拉登的职业是什么？", "克罗地亚职业足球运动员", "职业足球运动员"),
    ("于乐是什么职业？", "中国足球运动员", "足球运动员"),
    ("尼高是哪国人？", "克罗地亚职业足球运动员", "克罗地亚"),
    # a place asked for, not an occupation: the whole place
    ("威灵顿凤凰足球俱乐部是哪里的职业足球队？", "纽西兰威灵顿", "纽西兰威灵顿"),
    # no place first: unchanged
    ("他的职业是什么？", "职业足球运动员", "职业足球运动员"),
])
def test_an_occupation_comes_without_its_nationality_and_a_nationality_alone(segmenter, question, span, expected):
    start, end = without_nationality(span, 0, len(span), question, segmenter.tagged)
    assert span[start:end] == expected
