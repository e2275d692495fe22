"""A report's glossary (名词解释) answers what its own terms mean, quoted from its file."""
from __future__ import annotations

from pathlib import Path

import pytest

from qa.compose.glossary import asks_meaning, defined, glossary

OTHER = Path(__file__).resolve().parents[1] / "data" / "other_places"

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
