"""A report's glossary (名词解释) answers what its own terms mean, quoted from its file."""
from __future__ import annotations

from pathlib import Path

import pytest

from qa.compose.glossary import asks_meaning, defined, glossary

OTHER = Path(__file__).resolve().parents[1] / "data" / "other_places"


@pytest.fixture(scope="module")
def seg():
    from qa.retriever.terms import Segmenter

    return Segmenter()

TEXT = ("一、2025年工作回顾\n推进“三通一码”迭代升级，1.7万余项政务服务事项实现“掌上办”。\n附件\n"
        "《政府工作报告》有关内容名词注释\n1.“四上”企业：\n是指达到一定规模的法人单位。\n"
        "2.“三通一码”：赣服通、赣政通、赣企通、赣通码。\n3.治安“三张图”：治安态势感知图、风险隐患图、可用资源图。\n")


def test_each_entry_is_its_definition_with_file_offsets():
    entries = {e.term: TEXT[e.start:e.end] for e in glossary(TEXT)}
    # the definition on the next line, its opener (是指) and full stop off
    assert entries == {"“四上”企业": "达到一定规模的法人单位", "“三通一码”": "赣服通、赣政通、赣企通、赣通码",
                       "治安“三张图”": "治安态势感知图、风险隐患图、可用资源图"}
    # a numbered line of the body is no entry: only what follows a glossary heading
    assert glossary(TEXT.split("附件")[0]) == []


@pytest.mark.parametrize("question, term", [
    ("江西政务服务里说的“三通一码”具体是哪几个", "“三通一码”"),
    ("江西的三通一码是什么", "“三通一码”"),                       # named without its quotes
    ("江西治安三张图是哪三张", "治安“三张图”"),
    ("江西的“两新”是指什么", None),                              # a term this glossary does not define
])
def test_the_term_a_question_names_is_found_by_its_names(question, term):
    found = defined(question, glossary(TEXT))
    assert asks_meaning(question) and (found.term if found else None) == term


@pytest.mark.parametrize("question", ["江西“三通一码”服务了多少人", "新北哪三所学校创建为全国国防教育特色学校？",
                                      "天宁有哪些学校获评省优质幼儿园"])
def test_a_question_asking_no_meaning_is_left_to_the_reader(question):
    assert not asks_meaning(question)


def test_the_published_glossaries_are_read():
    for name, term, definition in [("jiangxi", "“三通一码”", "赣服通、赣政通、赣企通、赣通码"),
                                   ("sichuan", "“两新”", "大规模设备更新和消费品以旧换新"),
                                   ("guangdong", "“四好农村路”", "建好、管好、护好、运营好农村公路")]:
        text = (OTHER / f"{name}_province_2026_gov_work_report.txt").read_text("utf-8")
        entries = {e.term: text[e.start:e.end] for e in glossary(text)}
        assert entries[term] == definition


@pytest.mark.parametrize("text, expected", [
    # named right before the term, the first of them opening its clause
    ("一是新质生产力加快发展，集成电路、生物医药、人工智能三大先导产业规模突破2万亿元。", "集成电路、生物医药、人工智能"),
    # led into by a verb, the first thing's start is the reader's to find
    ("要大力发展集成电路、生物医药、人工智能三大先导产业。", None),
    ("，加速布局集成电路、生物医药、人工智能三大先导产业。", None),
    # or after it: in brackets, after a colon or 即
    ("大力发展三大先导产业（集成电路、生物医药、人工智能），产业规模突破2万亿元。", "集成电路、生物医药、人工智能"),
    ("三大先导产业：集成电路、生物医药、人工智能。", "集成电路、生物医药、人工智能"),
    # as many as the term counts, or none
    ("集成电路、生物医药三大先导产业规模突破2万亿元。", None),
    ("大力发展三大先导产业，规模突破2万亿元。", None),
])
def test_a_counted_term_is_defined_by_the_things_named_beside_it(text, expected, seg):
    from qa.compose.glossary import apposed, counted_term

    assert counted_term("上海说的“三大先导产业”具体是哪三个？") == (3, "三大先导产业")
    found = apposed(text, 3, "三大先导产业", seg.tagged)
    assert (text[found[0]:found[1]] if found else None) == expected


def test_a_counted_term_of_a_report_without_a_glossary_is_answered_from_its_body(seg):
    from qa.compose.glossary import glossary_answer
    from qa.schema import Document

    path = OTHER / "shanghai_municipality_2026_gov_work_report.txt"
    text = path.read_text(encoding="utf-8")
    doc = Document("shanghai.txt", str(path), text, "utf-8", "", "2026年上海市政府工作报告", "上海市", (2026,), "报告")
    got = glossary_answer("上海说的“三大先导产业”具体是哪三个？", [doc], seg.tagged)
    assert got.answer == "集成电路、生物医药、人工智能" and text[got.answer_start:got.answer_end] == got.answer
    c = got.citations[0]
    assert text[c.start:c.end] == c.text and c.start <= got.answer_start < got.answer_end <= c.end
