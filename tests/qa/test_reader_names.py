"""A name answer grows over the words of the kind asked next to it (qa/reader/names.py)."""
from __future__ import annotations

import pytest

from qa.reader.names import asked_kind, whole_name
from qa.retriever.terms import Segmenter


@pytest.fixture(scope="module")
def seg() -> Segmenter:
    return Segmenter()


@pytest.mark.parametrize("text, span, question, expected", [
    # the words the question asks by, before the span, and a place name opening them
    ("崇明获得国际湿地城市认证。", "湿地城市认证", "上海崇明去年拿到了什么国际认证？", "国际湿地城市认证"),
    ("改革加快推进，联合国教科文组织国际STEM教育研究所正式在沪成立。", "国际STEM教育研究所",
     "去年正式在上海成立的联合国教科文组织机构叫什么？", "联合国教科文组织国际STEM教育研究所"),
    ("项目完成认购。太原地铁1号线开通运营。", "1号线", "2025年山西开通运营了哪条地铁线路？", "太原地铁1号线"),
    # after it, the next word of the kind the span ends on
    ("常州市紫云小学少先队大队获评全国优秀少先队集体", "常州市紫云小学少先队", "天宁哪个少先队大队拿了全国优秀少先队集体？",
     "常州市紫云小学少先队大队"),
    # a person's name takes no title, a quoted name no word outside its quotes, a verb is no name
    ("学校在任的校长钟铣玲", "钟铣玲", "学校在任的校长叫什么名字？", "钟铣玲"),
    ("根据这本书改编的电影《生死朗读》", "《生死朗读》", "根据这本书改编的电影叫什么名字？", "《生死朗读》"),
    ("崇明获得国际湿地城市认证。", "湿地城市认证", "崇明获得了什么认证？", "湿地城市认证"),
    ("组建全国首家股份制银行金融资产投资公司兴银投资。", "兴银投资", "全国首家股份制银行金融资产投资公司叫什么？",
     "兴银投资"),
])
def test_a_name_grows_over_the_words_of_the_kind_asked(seg, text, span, question, expected):
    a = text.index(span)
    start, end = whole_name(text, a, a + len(span), question, seg.tagged)
    assert text[start:end] == expected


def test_the_kind_asked_is_read_after_the_wh_word_or_before_the_words_asking_a_name(seg):
    assert asked_kind("天宁哪个少先队大队拿了全国优秀少先队集体？", seg.tagged) == ["少先队", "大队"]
    # before 叫什么, the thing named stands before the name, not in it: its modifiers only
    assert asked_kind("去年正式在上海成立的联合国教科文组织机构叫什么？", seg.tagged) == ["联合国教科文组织"]
    assert asked_kind("班杰的本名叫什么？", seg.tagged) == []         # a name asked, no kind of thing
