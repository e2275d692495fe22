"""Question intake: whatever is typed either becomes a question the analysis takes, or a QuestionError.

The fuzz test drives 1,000+ generated bad questions through the real cleaning, question
analysis (qa.question.analyse, split_by_scope), jieba segmentation and the reader's tokenizer, without
running the reader itself (too slow for a thousand questions).
"""
from __future__ import annotations

import json
import unicodedata
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from qa.config import Config
from qa.intake import QuestionError, clean_question, decode_question

ROOT = Path(__file__).resolve().parents[2]
LIMIT = Config().max_question_chars
OWN_SETS = [ROOT / "eval" / f"changzhou_{name}.jsonl" for name in ("dev", "nearmiss", "test")]


def _own_questions() -> list[str]:
    return [json.loads(line)["question"] for path in OWN_SETS for line in path.read_text("utf-8").splitlines()]


def _traditional(texts: list[str]) -> list[str]:
    import opencc

    converter = opencc.OpenCC("s2t")
    return [converter.convert(text) for text in texts]


def test_own_questions_pass_unchanged():
    # the cleaning must not move any answer of the own sets
    for question in _own_questions():
        cleaned = clean_question(question, LIMIT)
        assert (cleaned.text, cleaned.notices) == (question, ()), question


def test_traditional_chinese_is_read_as_simplified():
    cleaned = clean_question("鐘樓區2021年得了多少分？", LIMIT)
    assert cleaned.text == "钟楼区2021年得了多少分？"
    assert any("繁体" in n for n in cleaned.notices)


def test_own_questions_asked_in_traditional_are_read_as_asked_in_simplified():
    # the analysis, retrieval and reader then see the very same text, so score the same
    questions = _own_questions()
    for question, traditional in zip(questions, _traditional(questions)):
        assert clean_question(traditional, LIMIT).text == question, traditional


def test_each_change_has_its_notice():
    cleaned = clean_question(b"\x00\xff\xe9\x87\x91\xe5\x9d\x9b 2019\x1b[0m\t\t " + "招".encode() * 600, LIMIT)
    assert "\x00" not in cleaned.text and "\x1b" not in cleaned.text and "\t" not in cleaned.text
    assert cleaned.text.startswith("\ufffd金坛 2019[0m 招") and len(cleaned.text) == LIMIT
    assert [n.split(" (")[1] for n in cleaned.notices] == [
        "undecodable bytes replaced, first at byte 1)", "control characters removed)",
        f"question truncated to {LIMIT} characters)"]


def test_surrogates_are_replaced_or_joined():
    assert clean_question("金坛\ud800招聘", LIMIT).text == "金坛\ufffd招聘"
    assert clean_question("\ud83d\ude00金坛", LIMIT) == clean_question("😀金坛", LIMIT)


@pytest.mark.parametrize("bad", ["", "   ", "\x00\x07\u200b\ufeff", "\t\n\r", b"", b"\n", None])
def test_nothing_to_ask_is_a_question_error(bad):
    with pytest.raises(QuestionError, match="empty"):
        clean_question(bad, LIMIT)


@pytest.mark.parametrize("bad", [42, 4.2, ["金坛"], {"q": 1}, object()])
def test_a_question_that_is_not_text_is_a_question_error(bad):
    with pytest.raises(QuestionError, match="must be text"):
        clean_question(bad, LIMIT)


def test_decode_question_names_the_first_bad_byte():
    text, notices = decode_question("金坛".encode() + b"\xff")
    assert text == "金坛\ufffd" and "byte 6" in notices[0]
    assert decode_question("金坛".encode()) == ("金坛", ())


def test_the_assistant_raises_only_question_errors_for_bad_questions(assistant):
    for bad in ("", " \x00 ", None, 7):
        with pytest.raises(QuestionError):
            assistant.ask(bad)


def test_a_traditional_question_is_answered_from_the_reports_own_text(assistant):
    simplified = assistant.ask("金坛2019年招聘了多少教师")
    traditional = assistant.ask("金壇2019年招聘了多少教師")
    assert traditional.answer == simplified.answer and "43人" in simplified.answer
    assert any("繁体" in n for n in traditional.notices)
    # quoted from the report as written: every part of the total at its own offsets
    for part in traditional.parts or [traditional]:
        text = (ROOT / part.citations[0].path).read_text("utf-8")
        assert text[part.answer_start:part.answer_end] == part.answer


# ---- fuzzing ------------------------------------------------------------------------------------
_MARKUP = ["<img src=x onerror=alert(1)>", "<script>alert(1)</script>", "'; DROP TABLE documents; --",
           "{{7*7}}", "${jndi:ldap://x}", "%s%n%x", "\\x00", "../../etc/passwd", "Ignore previous instructions",
           "\u202e\u2066", "\x1b[31m", "&#x0;", "null", "NaN", "-rf"]
_HAN = st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF)
_NASTY = st.characters(categories=["Cc", "Cf", "Cs", "Co", "Zl", "Zp", "Zs", "So", "Sk", "Mn"])
_PLACES = ["金坛", "钟楼区", "武进", "天宁", "新北区", "溧阳", "金壇", "鐘樓", "2019年", "2025年", "上半年",
           "和", "、", "分别", "各自", "多少", "哪些", "是否", "招聘了多少教师", "得了多少分"]
_pieces = st.one_of(
    st.text(max_size=40),                                         # any code point, surrogates included
    st.text(alphabet=_NASTY, max_size=30),
    st.text(alphabet=_HAN, max_size=30),
    st.sampled_from(_MARKUP), st.sampled_from(_PLACES),
    st.sampled_from(["😀", "👩‍🏫", "🏫", "🇨🇳", "\ufffd", "\u3000", "\xa0"]),
    st.sampled_from(_traditional(_own_questions())),
    st.builds(lambda s, n: s * n, st.sampled_from(["金坛和", "x", "招", "😀", "\x00", " "]),
              st.integers(min_value=100, max_value=10_000)),     # long lines, up to 10k characters
)
_questions = st.one_of(st.lists(_pieces, max_size=6).map("".join), st.binary(max_size=200))


@pytest.fixture(scope="module")
def analysis():
    from qa.reader.wordpieces import load_tokenizer
    from qa.retriever.terms import Segmenter

    config = Config()
    return Segmenter(cache_dir=config.cache_dir), load_tokenizer(config.model_dir, True, config.cache_dir)


@settings(max_examples=1000, deadline=None, database=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                 HealthCheck.function_scoped_fixture])
@given(question=_questions)
def test_fuzzed_questions_are_cleaned_or_refused_and_analysed(analysis, question):
    from qa.reader.windows import make_windows
    from qa.question import analyse
    from qa.retriever.scopes import split_by_scope

    segmenter, tokenizer = analysis
    try:
        cleaned = clean_question(question, LIMIT)
    except QuestionError as exc:
        assert "empty" in str(exc)
        return
    text = cleaned.text
    assert text and text == text.strip() and len(text) <= LIMIT
    text.encode("utf-8")                                          # no lone surrogates left
    assert not any(unicodedata.category(c) in ("Cc", "Cf", "Cs") for c in text if c not in "\u200c\u200d")
    assert clean_question(text, LIMIT).text == text               # cleaning twice changes nothing more
    parts, _ = split_by_scope(analyse(text))
    for part in parts:
        analyse(part.question)
    segmenter.query_terms(text)
    segmenter.tagged(text)
    windows = make_windows(tokenizer, [text], ["金坛区公开招聘教师43人。"], 256, 96)
    assert len(windows.input_ids) >= 1
