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

    def __init__(self, cache_dir: Path | None = None) -> None:
        from qa.retriever.terms import plain_jieba

        # jieba's own dictionary, which nothing adds words to: tokens never depend on the corpus
        self._jieba = plain_jieba(cache_dir)

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


def load_tokenizer(model_dir: Path, word_aligned: bool, cache_dir: Path | None = None):
    """The prepared e5 tokenizer; with `word_aligned`, tokens never run across a jieba word.

    Built directly from the folder's tokenizer.json and tokenizer_config.json: the same
    tokenizer AutoTokenizer gives for this folder (`qa models prepare` writes both files), at
    half the load time, as AutoTokenizer parses the 17 MB tokenizer.json again in Python.
    """
    import json

    from tokenizers import pre_tokenizers
    from tokenizers.pre_tokenizers import PreTokenizer
    from transformers import PreTrainedTokenizerFast

    settings = json.loads((model_dir / "tokenizer_config.json").read_text("utf-8"))
    settings.pop("added_tokens_decoder", None)       # tokenizer.json carries them too
    if settings.pop("tokenizer_class", None) != "PreTrainedTokenizerFast":
        raise ValueError(f"{model_dir} does not hold the prepared e5 tokenizer: run `qa models prepare --force`")
    tokenizer = PreTrainedTokenizerFast(tokenizer_file=str(model_dir / "tokenizer.json"),
                                        name_or_path=str(model_dir), **settings)
    if word_aligned:
        backend = tokenizer.backend_tokenizer
        backend.pre_tokenizer = pre_tokenizers.Sequence(
            [backend.pre_tokenizer, PreTokenizer.custom(_WordSplit(cache_dir))])
    return tokenizer
