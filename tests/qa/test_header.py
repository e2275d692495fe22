"""A report's header read as what it is (who delivered it, when, at which meeting, when it was
published), and the questions about the report itself answered from it."""
from __future__ import annotations

from pathlib import Path

import pytest

from qa.compose.header import HeaderAsk, asked_of_header, read_header
from qa.config import Config

OTHER = Path(__file__).resolve().parents[1] / "data" / "other_places"


def _values(text: str) -> dict[str, str]:
    return {name: text[f.start:f.end] for name, f in read_header(text).items()}


def test_a_work_reports_header_gives_speaker_date_and_meeting():
    text = (OTHER / "hailaer_district_2019_gov_work_report.txt").read_text("utf-8")
    found = read_header(text)
    assert _values(text) == {"delivered": "2019年3月4日", "speaker": "萨国文",
                             "meeting": "呼伦贝尔市海拉尔区第十五届人民代表大会第三次会议"}
    assert found["speaker"].title == "代区长"
    lo, hi = found["speaker"].line                       # the cited line holds the value
    assert lo <= found["speaker"].start < found["speaker"].end <= hi and "代区长" in text[lo:hi]


def test_a_meeting_wrapped_over_two_lines_is_quoted_whole():
    text = (OTHER / "guangdong_province_2026_gov_work_report.txt").read_text("utf-8")
    assert _values(text)["meeting"] == "广东省第十四届\n人民代表大会第五次会议"


def test_a_web_pages_header_gives_its_publication_date_and_source():
    text = (OTHER / "zhejiang_province_2026_gov_work_report.txt").read_text("utf-8")
    assert _values(text) == {"delivered": "2026年1月14日", "meeting": "浙江省第十四届人民代表大会第四次会议",
                             "speaker": "刘捷", "published": "2026-01-22", "source": "浙江日报"}
    # 公开日期 is when it was published, though 生成日期 comes first
    jintan = (Config().corpus_dir / "001_8c9d520ce41816f3.txt").read_text("utf-8")
    published = read_header(jintan)["published"]
    assert jintan[published.start - 5:published.end] == "公开日期 2019-06-17"
    # a report whose body begins at once has no header fields
    assert read_header((Config().corpus_dir / "000_427157c61ed303b7.txt").read_text("utf-8")) == {}


@pytest.mark.parametrize("question, asked", [
    ("海拉尔区2019年的政府工作报告是哪一天在区人代会上作的", HeaderAsk("delivered")),
    ("河北省长王正谱是哪天在省人代会上作的2026年政府工作报告？", HeaderAsk("delivered")),
    ("2026年河北省政府工作报告是哪位省长作的？", HeaderAsk("speaker")),
    ("这份报告是谁做的", HeaderAsk("speaker")),
    ("当时的代区长叫什么", HeaderAsk("speaker", "区长")),
    ("江苏省现任省长是谁？", HeaderAsk("speaker", "省长")),
    ("金坛区教育局的2019年上半年工作总结及下半年工作意见是哪天公开的？", HeaderAsk("published")),
    ("河南日报刊发河南省2026年政府工作报告的时间是哪天？", HeaderAsk("published")),
    ("2026年浙江省政府工作报告是在哪次会议上作的", HeaderAsk("meeting")),
    ("广东的政府工作报告来源于哪家报纸", HeaderAsk("source")),
    # questions about what a report reports are none
    ("报告中说2025年什么时候做好招生工作", None),
    ("报告里提到哪位老师做了示范课", None),
    ("钟楼区什么时候接受省级评估的", None),
    ("这份报告在什么报告会上被提到", None),
    ("金坛2019年招聘了多少教师", None),
])
def test_questions_about_the_report_itself(question: str, asked: HeaderAsk | None):
    assert asked_of_header(question) == asked


def test_the_header_answers_with_its_line_cited(assistant):
    got = assistant.ask("金坛区教育局的2019年上半年工作总结及下半年工作意见是哪天公开的？")
    assert not got.abstained and got.answer == "2019-06-17" and got.trace == ["report_header"]
    c = got.citations[0]
    text = Path(c.path if Path(c.path).is_absolute() else assistant.config.root / c.path).read_text("utf-8")
    assert text[got.answer_start:got.answer_end] == got.answer and text[c.start:c.end] == c.text
    assert "公开日期" in c.text
    # a report whose header says nothing of it: not answered from another report's header
    got = assistant.ask("天宁区2025年的工作总结是哪天公开的？")
    assert got.trace != ["report_header"] and "2019-06-17" != got.answer
