"""Consensus decoding: the span the top candidates agree on."""
from __future__ import annotations

import pytest

from qa.reader.consensus import consensus_index, overlap_f1


def test_overlap_f1_of_spans():
    assert overlap_f1((0, 0, 4, 1.0), (0, 0, 4, 0.0)) == 1.0
    assert overlap_f1((0, 0, 2, 1.0), (0, 0, 4, 0.0)) == pytest.approx(2 / 3)
    assert overlap_f1((0, 0, 2, 1.0), (0, 2, 4, 0.0)) == 0.0
    # the same offsets in another passage are another text
    assert overlap_f1((0, 0, 4, 1.0), (1, 0, 4, 1.0)) == 0.0


def test_the_span_the_candidates_agree_on_wins_over_a_part_scored_higher():
    # "广东" scored highest, but "广东新会" and "新会" hold most of the mass between them
    candidates = [(0, 0, 2, 10.0), (0, 0, 4, 9.8), (0, 2, 4, 9.7)]
    assert consensus_index(candidates, temperature=1.25, k=20) == 1


def test_a_clear_winner_stays():
    candidates = [(0, 0, 2, 20.0), (0, 0, 4, 9.8), (0, 2, 4, 9.7)]
    assert consensus_index(candidates, temperature=1.25, k=20) == 0


def test_off_or_alone_keeps_the_best_scored():
    candidates = [(0, 0, 2, 10.0), (0, 0, 4, 9.8), (0, 2, 4, 9.7)]
    assert consensus_index(candidates, temperature=0.0, k=20) == 0
    assert consensus_index(candidates[:1], temperature=1.25, k=20) == 0
    # only the first k take part
    assert consensus_index(candidates, temperature=1.25, k=1) == 0


@pytest.mark.parametrize("question,one_of", [
    ("卢安达的北边与哪一个国家相邻?", True),
    ("二战期间，外蒙古协助哪国对抗日本的东北军?", True),
    ("大元这个国号是来自哪一部经典?", True),
    ("道教支持还是反对同性婚姻的立法?", True),
    ("「马来语言」和「印尼语言」之间可不可以沟通?", True),
    # open questions, where the candidates' consensus is what the reader shows
    ("国际移民组织为什么而成立？", False),
    ("临床心理学主要有什么作用？", False),
    ("哪些地方有分布？", False),
    # the reader's own best span for this one is 北三环中路; consensus finds the line (test_reader.PASSAGES)
    ("安贞门站是哪条线路的车站？", False),
])
def test_a_question_asking_one_thing_of_a_kind_or_of_a_choice_is_no_open_question(question, one_of):
    from qa.reader.asked import asks_one_of

    assert asks_one_of(question) is one_of
