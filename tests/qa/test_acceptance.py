"""The show-or-decline model: its features over real question analysis and segmentation, and that
the fitted model (not the score's line) decides once reader.json holds one."""
from __future__ import annotations

import pytest

from index.ingest.places import Gazetteer
from qa.question import analyse
from qa.reader.acceptance import FEATURES, Acceptance, span_features
from qa.retriever.terms import Segmenter

_KNOWN = [Gazetteer.load().resolve(n) for n in ("金坛区", "天宁区")]
PASSAGE = "二是多元渠道招聘教育人才。赴南京师范大学招聘优秀毕业生18人,公开招聘教师43人。三是加强培训。"


def _features(question: str, span: str, score: float = 2.0, passage: int = 0) -> tuple[float, ...]:
    start = PASSAGE.index(span)
    return span_features(analyse(question, _KNOWN), score, passage, PASSAGE, start, start + len(span),
                         Segmenter().term_groups)


def test_a_number_asked_and_written_in_a_sentence_stating_the_topic():
    score, coverage, typed, rank = _features("金坛2019年招聘了多少教师", "43人", 3.5, 1)
    assert (score, typed, rank) == (3.5, 1.0, 1.0)
    assert coverage >= 0.5                     # 招聘 and 教师 are written in the span's sentence


def test_a_span_without_a_number_for_a_how_many_question_is_marked():
    assert _features("金坛2019年招聘了多少教师", "南京师范大学")[2] == -1.0
    assert _features("金坛2019年去哪所大学招聘", "南京师范大学")[2] == 0.0      # no number asked


def test_coverage_counts_the_topic_not_the_scope_words():
    # 金坛 and 2019 are scope: a sentence that does not write them still covers the topic
    with_scope = _features("金坛2019年招聘了多少教师", "43人")[1]
    without = _features("招聘了多少教师", "43人")[1]
    assert with_scope == without > 0
    assert _features("金坛2019年培训了多少校长", "43人")[1] < with_scope


def test_a_model_fitted_over_other_features_is_not_used():
    data = Acceptance((1.0, 0.5, 0.5, -0.2), -1.0, 0.5).to_dict()
    assert Acceptance.from_dict(data) is not None
    assert Acceptance.from_dict({**data, "features": ["score", "rank"]}) is None
    assert Acceptance.from_dict(None) is None
    assert data["features"] == list(FEATURES)


@pytest.mark.parametrize("line,declined", [(0.0, False), (1.01, True)])
def test_the_fitted_model_decides_show_or_decline(assistant, line, declined):
    from qa.pipeline import Assistant

    # the frame's one quantity would answer a declined span (compose._one_framed): off here
    judged = Assistant(assistant.config.with_overrides(
        reader_steps_off=assistant.config.reader_steps_off | {"framed_quantity"}),
        assistant.store, assistant.embedder, assistant.model_sha256)
    judged.reader().acceptance = Acceptance((0.0,) * len(FEATURES), 0.0, line)    # p = 0.5 for every span
    answer = judged.ask("天宁新增托位多少个")
    assert answer.abstained is declined
    if not declined:
        assert answer.confidence == pytest.approx(0.5)


def test_calibration_judges_the_span_ask_shows(assistant):
    """The span calibration fits on is the one `ask` shows (the reader asked the topic)."""
    reader = assistant.reader()
    before = reader.acceptance
    try:
        reader.acceptance = Acceptance((0.0,) * len(FEATURES), 0.0, 0.0)     # show every span
        q = assistant.understand("天宁新增托位多少个")
        span = assistant.best_span(q, assistant.retrieve(q))
        assert span is not None and assistant.ask("天宁新增托位多少个").answer == span.text
    finally:
        reader.acceptance = before
