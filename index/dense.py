"""The FAISS index over a store's e5 vectors, of a kind chosen by the number of vectors.

Up to `exact_max` vectors the index is flat (IndexFlatIP): every question is compared with every
passage, exactly, as the retriever always did. Above it, IVF-Flat: the vectors are grouped round
`nlist` k-means centroids and a question is compared with the vectors of its `nprobe` nearest
groups only. IVF rather than HNSW, measured on eval/bench_scale.py's million vectors on two cores:
IVF with 4,000 lists built in 52 s and found 0.986 of the exact top 10 probing 128 lists (7 ms a
question); HNSW (M 32, efConstruction 40) took 131 s and found only 0.92 at efSearch 1024. IVF-Flat
keeps every vector whole, so a load recovers them bit for bit, and a search restricted to some
reports passes FAISS a bitmap of the rows in play.

The kind and its parameters go into the manifest (`Manifest.dense`, as `DenseSpec.as_dict`);
a manifest without them is of a flat index.
"""
from __future__ import annotations

import math
from dataclasses import asdict, dataclass

import faiss
import numpy as np

# the default of Config.dense_exact_max: a flat search costs ~0.4 ms per thousand vectors on two
# cores (FAISS ranks every row: 39 ms at 100,000, eval/bench_scale.py), ~20 ms here; any library
# of a few hundred reports stays exact
EXACT_MAX = 50_000
# k-means learns the IVF centroids from a sample of this many vectors per centroid: FAISS's own
# default (256) would train on the whole million, minutes on two cores, for no measurable recall
TRAIN_PER_LIST = 40
MAX_LISTS = 4096
# lists probed: at least 1/32 of them and at least MIN_SCAN vectors' worth. At a million vectors
# (4,000 lists) that is 132 lists, ~33,000 vectors: recall@10 0.986 against exact search, where 64
# lists gave 0.93 (eval/bench_scale.py). A small index above a low threshold is probed whole
PROBE_SHARE = 1 / 32
MIN_SCAN = 32_768


@dataclass(frozen=True)
class DenseSpec:
    kind: str = "flat"            # "flat" (exact) or "ivf" (IVF-Flat, inner product)
    exact_max: int = EXACT_MAX    # the largest index that is kept flat
    nlist: int = 0                # ivf: k-means centroids (lists)
    nprobe: int = 0               # ivf: lists searched per question

    @classmethod
    def of(cls, data: dict) -> "DenseSpec":
        """The spec a manifest records; an older manifest's empty one is of a flat index."""
        return cls(**{k: data[k] for k in ("kind", "exact_max", "nlist", "nprobe") if k in data})

    def as_dict(self) -> dict:
        return asdict(self)

    @property
    def exact(self) -> bool:
        return self.kind == "flat"


def choose(n: int, exact_max: int = EXACT_MAX) -> DenseSpec:
    """Flat up to `exact_max` vectors, IVF above, with lists growing as √n (FAISS's rule of thumb)."""
    if n <= exact_max:
        return DenseSpec("flat", exact_max)
    nlist = max(1, min(MAX_LISTS, round(4 * math.sqrt(n)), n // 4))
    per_list = n / nlist
    nprobe = min(nlist, max(math.ceil(nlist * PROBE_SHARE), math.ceil(MIN_SCAN / per_list)))
    return DenseSpec("ivf", exact_max, nlist, nprobe)


def build(vectors: np.ndarray, spec: DenseSpec) -> faiss.Index:
    dim = vectors.shape[1] if vectors.ndim == 2 else 384
    if spec.exact:
        index = faiss.IndexFlatIP(dim)
    else:
        index = faiss.IndexIVFFlat(faiss.IndexFlatIP(dim), dim, spec.nlist, faiss.METRIC_INNER_PRODUCT)
        index.cp.max_points_per_centroid = TRAIN_PER_LIST
        index.cp.seed = 1234                # the same sample, so the same lists, on every build
        index.train(vectors)
    if len(vectors):
        index.add(vectors)
    return prepared(index, spec)


def prepared(index: faiss.Index, spec: DenseSpec) -> faiss.Index:
    """The index ready to search and to give its vectors back (an IVF needs its row → list map)."""
    if not spec.exact:
        index.nprobe = spec.nprobe
        index.make_direct_map()
    return index


def fits(index: faiss.Index, spec: DenseSpec) -> bool:
    """Whether a FAISS index read from disk is of the kind and shape its manifest says."""
    if spec.exact:
        return isinstance(index, faiss.IndexFlatIP)
    return isinstance(index, faiss.IndexIVFFlat) and index.nlist == spec.nlist \
        and index.metric_type == faiss.METRIC_INNER_PRODUCT


def vectors_of(index: faiss.Index) -> np.ndarray:
    return index.reconstruct_n(0, index.ntotal) if index.ntotal else np.zeros((0, index.d), np.float32)


def ann_search(index: faiss.Index, query: np.ndarray, k: int,
               mask: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
    """(scores, rows) of about the k nearest rows, best first; with a boolean `mask`, of those rows
    only. Fewer than k come back when the probed lists hold fewer rows in the mask."""
    params = None
    if mask is not None:
        bits = np.packbits(mask, bitorder="little")     # FAISS's bitmap: bit i of byte i // 8
        params = faiss.SearchParametersIVF(sel=faiss.IDSelectorBitmap(len(mask), faiss.swig_ptr(bits)),
                                           nprobe=index.nprobe)
    scores, ids = index.search(query, k, params=params)
    found = ids[0] >= 0
    return scores[0][found], ids[0][found]


def index_bytes(index: faiss.Index) -> int:
    """Memory the index holds: the vectors, and for IVF their ids, row map and centroids."""
    if isinstance(index, faiss.IndexIVFFlat):
        return index.ntotal * (index.d * 4 + 8 + 8) + index.nlist * index.d * 4
    return index.ntotal * index.d * 4
