"""Word-aligned reader tokens: no token runs across a jieba word, so any word can be an answer's edge."""
from __future__ import annotations

import pytest

from qa.config import Config
from qa.reader.wordpieces import load_tokenizer

# e5's SentencePiece joins 年开始 and 》。 into one piece each, so 2002年 and 《常州》 cannot be pointed at
TEXT = "他从2002年开始担任校长，这是一个好学校，位于《常州》。"


def _pieces(tokenizer, text: str) -> list[str]:
    enc = tokenizer(text, add_special_tokens=False, return_offsets_mapping=True)
    return [text[a:b] for a, b in enc["offset_mapping"]]


@pytest.mark.parametrize("answer", ["2002年", "一个好学校", "《常州》"])
def test_word_aligned_tokens_let_a_span_end_at_any_word(answer):
    start = TEXT.index(answer)
    edges = {}
    for aligned in (False, True):
        enc = load_tokenizer(Config().model_dir, aligned)(TEXT, add_special_tokens=False,
                                                          return_offsets_mapping=True)
        starts = {a for a, _ in enc["offset_mapping"]}
        ends = {b for _, b in enc["offset_mapping"]}
        edges[aligned] = start in starts and start + len(answer) in ends
    assert edges == {False: False, True: True}


def test_word_aligned_tokens_keep_the_text_and_the_word_marker():
    plain = load_tokenizer(Config().model_dir, False)
    aligned = load_tokenizer(Config().model_dir, True)
    # only cuts are added: the pieces still spell the text, and spaces still mark a word (▁)
    assert "".join(_pieces(aligned, TEXT)) == TEXT
    assert aligned.convert_ids_to_tokens(aligned("他从", add_special_tokens=False)["input_ids"])[0] == "▁他"
    # the plain tokenizer is untouched by building an aligned one beside it
    assert "年开始" in _pieces(plain, TEXT)
