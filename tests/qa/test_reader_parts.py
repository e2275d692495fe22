"""Counts for several things at once: each part a question names, or every thing counted together."""
from __future__ import annotations

import pytest

from qa.reader.parts import asked_parts, over_counted_items, over_parts
from qa.retriever.terms import Segmenter

_WORKS = "全面完成民生实事，年内落实新建、改扩建学校12所的任务，其中幼儿园7个、小学4个、初中1个；增加学位5000个，其中幼儿园420个，中小学4580个。"
_MEDIA = "强化宣传品质提升,上半年在国家级媒体发布21篇、省级媒体100余篇、市级媒体200余篇,位居各辖市区前茅。"


@pytest.fixture(scope="module")
def segmenter() -> Segmenter:
    return Segmenter()


@pytest.mark.parametrize("question, parts", [
    ("钟楼增加的5000个学位里幼儿园和中小学各多少？", ["幼儿园", "中小学"]),
    ("钟楼年内新建改扩建的12所学校里幼儿园、小学、初中各几个？", ["幼儿园", "小学", "初中"]),
    ("天宁上半年在国家级、省级、市级媒体各发布了多少篇？", ["国家级", "省级", "市级"]),
    ("钟楼2021年各类老师分别招聘了多少？", []),        # one thing asked, no parts
    ("金坛2019年招聘了多少教师", []),                   # no 各/分别
])
def test_the_parts_a_count_each_question_names(segmenter, question, parts):
    assert asked_parts(question, segmenter.words) == parts


@pytest.mark.parametrize("text, span, parts, expected", [
    # the reader took the last part's count only, across a comma
    (_WORKS, "4580个", ["幼儿园", "中小学"], "幼儿园420个，中小学4580个"),
    # ...or the counts without the first part's name
    (_WORKS, "7个、小学4个、初中1个", ["幼儿园", "小学", "初中"], "幼儿园7个、小学4个、初中1个"),
    (_MEDIA, "21篇、省级媒体100余篇、市级媒体200余篇", ["国家级", "省级", "市级"],
     "国家级媒体发布21篇、省级媒体100余篇、市级媒体200余篇"),
    # the sentence before names 幼儿园 too, but a sentence end stands between: not this stretch
    (_WORKS, "420个", ["幼儿园", "中小学"], "幼儿园420个，中小学4580个"),
    # a part without its count: nothing to answer with, the span stays
    (_WORKS, "4580个", ["幼儿园", "高中"], "4580个"),
])
def test_a_count_each_answer_runs_from_the_first_part_to_the_last_count(text, span, parts, expected):
    a = text.index(span)
    start, end = over_parts(text, a, a + len(span), parts)
    assert text[start:end] == expected


_INSPECTED = "三是加强管理督查，规范办学行为，对4所中学、5所小学进行素质教育督导评估和考核，对7所幼儿园进行综合督导评估。"
_HIRED = "开展120名事业编制教师和450名聘用制教师面向社会公开招聘工作，创历史之最。"
_CAMPUSES = "到2019年底,力争创建1所江苏省绿色学校、2所全国文明校园先进学校、7所江苏省文明校园。"


@pytest.mark.parametrize("question, text, span, expected", [
    ("新北对多少所学校进行了素质教育督导评估？", _INSPECTED, "5所", "4所中学、5所小学"),
    ("新北2018年面向社会公开招聘多少老师？", _HIRED, "120名", "120名事业编制教师和450名聘用制教师"),
    ("金坛到2019年底力争创建多少所绿色学校和文明校园？", _CAMPUSES, "2所",
     "1所江苏省绿色学校、2所全国文明校园先进学校、7所江苏省文明校园"),
    # the question singles out some of the things counted: whole, or by words the others lack
    ("新北对多少所小学进行了督导？", _INSPECTED, "5所", "5所"),
    ("新北区2018年面向社会公开招聘的事业编制教师有多少名？", _HIRED, "120名", "120名"),
    ("新北2018年招聘了多少名编制教师？", _HIRED, "120名", "120名"),
    ("到2019年底，金坛区力争创建几所江苏省文明校园？", _CAMPUSES, "7所", "7所"),
    # counts of different measures, or a count followed by what happened rather than a thing
    ("年内新增了多少？", "年内新增43个学位和500辆车位。", "43个", "43个"),
    ("有多少人死亡？", "事故造成3人死亡、5人受伤。", "3人", "3人"),
    # the next clause's count is no item of this one
    ("对多少所幼儿园进行了综合督导评估？", _INSPECTED, "7所", "7所"),
])
def test_a_count_question_gets_every_thing_counted_together(segmenter, question, text, span, expected):
    a = text.index(span)
    start, end = over_counted_items(text, a, a + len(span), question, segmenter.tagged)
    assert text[start:end] == expected
