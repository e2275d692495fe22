"""The reader's tokenizer, optionally cutting text at word boundaries before SentencePiece.

e5's SentencePiece pieces often run across a Chinese word boundary (年开始, 是一个, 》。),
so an answer that ends at 2002年 or starts at 一个 cannot be pointed at: 5.2 % of CMRC 2018
dev's questions have no gold span on token boundaries. Cutting the text into jieba words
first (dictionary only, so it never depends on the user's corpus) leaves 0.16 %, for 5 %
more tokens. A reader must be read with the tokenization it was trained with; its weights
record which.
"""
from __future__ import annotations

from pathlib import Path

SPACE = "\u2581"    # SentencePiece's word marker, put in front of each space-separated run


class _WordSplit:
    """A `tokenizers` pre-tokenizer step: each pre-token cut into jieba words."""

    def __init__(self) -> None:
        import jieba

        jieba.setLogLevel(60)
        self._jieba = jieba.Tokenizer()   # private: adding words elsewhere must not change tokens
        self._jieba.initialize()

    def _split(self, _: int, piece):
        text = str(piece)
        bounds, pos = [], 0
        for word in self._jieba.cut(text, HMM=False):
            # the word marker belongs to the word after it, as SentencePiece has it (▁本届)
            if bounds and bounds[-1][1] - bounds[-1][0] == 1 and text[bounds[-1][0]] == SPACE:
                bounds[-1] = (bounds[-1][0], pos + len(word))
            else:
                bounds.append((pos, pos + len(word)))
            pos += len(word)
        return [piece[a:b] for a, b in bounds]

    def pre_tokenize(self, pretok) -> None:
        pretok.split(self._split)


def load_tokenizer(model_dir: Path, word_aligned: bool):
    """The prepared e5 tokenizer; with `word_aligned`, tokens never run across a jieba word."""
    from tokenizers import pre_tokenizers
    from tokenizers.pre_tokenizers import PreTokenizer
    from transformers import AutoTokenizer

    tokenizer = AutoTokenizer.from_pretrained(model_dir, local_files_only=True)
    if word_aligned:
        backend = tokenizer.backend_tokenizer
        backend.pre_tokenizer = pre_tokenizers.Sequence(
            [backend.pre_tokenizer, PreTokenizer.custom(_WordSplit())])
    return tokenizer
