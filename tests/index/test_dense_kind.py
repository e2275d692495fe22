"""Above Config.dense_exact_max the store's e5 vectors go into an IVF index: named in the manifest,
checked and reloaded like the flat one, and retrieving what exact search retrieves."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import faiss
import numpy as np
import pytest

from index import dense
from index.storage import load, save, StoreError
from qa.config import Config
from qa.pipeline import Assistant
from qa.retriever.hybrid import fair_pool, HybridRetriever, ranked_pool

JT, XB, ZL, WJ, TN = ("001_8c9d520ce41816f3.txt", "000_427157c61ed303b7.txt", "002_d5e118f87e6ecb04.txt",
                      "003_c94d74ce0abaca2b.txt", "004_620ee89382bd1b1b.txt")
QUESTIONS = ["金坛2019年招聘了多少教师", "新北校外培训机构有多少家", "钟楼课后服务有多少老师参加",
             "武进民办学校怎么招生", "天宁新增多少托位", "学校建设投入了多少资金"]
SCOPES = [None, {JT}, {XB, ZL, WJ}]


@pytest.fixture(scope="module")
def saved(assistant, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bundled reports' store (193 chunks) with the threshold at 100, saved."""
    path = tmp_path_factory.mktemp("ivf") / "store"
    save(assistant.store.with_dense_exact_max(100), path)
    return path


def _retriever(assistant, store) -> HybridRetriever:
    c = assistant.config
    return HybridRetriever(store, assistant.embedder, assistant._state[2], c.candidates, c.rrf_k,
                           (c.dense_weight, c.bm25_weight), c.candidates_per_document)


def test_the_manifest_names_the_ivf_index_and_a_load_gets_it_and_every_vector_back(assistant, saved: Path):
    assert assistant.store.dense_spec.kind == "flat"          # 193 chunks, under the default threshold
    recorded = json.loads((saved / "manifest.json").read_text("utf-8"))["dense"]
    assert recorded["kind"] == "ivf" and recorded["exact_max"] == 100
    assert 1 < recorded["nlist"] < len(assistant.store.chunks) and 1 <= recorded["nprobe"] <= recorded["nlist"]
    loaded = load(saved, assistant.config.root)
    index = loaded.dense_index()
    assert isinstance(index, faiss.IndexIVFFlat) and index.nlist == recorded["nlist"]
    assert index.nprobe == recorded["nprobe"]
    assert loaded.vectors.tobytes() == assistant.store.vectors.tobytes()
    assert loaded.chunks == assistant.store.chunks


def test_a_damaged_or_misnamed_ivf_index_is_refused(assistant, saved: Path, tmp_path: Path):
    copy = tmp_path / "store"
    shutil.copytree(saved, copy)
    manifest = json.loads((copy / "manifest.json").read_text("utf-8"))
    manifest["dense"]["kind"] = "flat"                        # dense.faiss itself is untouched
    (copy / "manifest.json").write_text(json.dumps(manifest), "utf-8")
    with pytest.raises(StoreError, match="not the flat index"):
        load(copy, assistant.config.root)

    shutil.rmtree(copy)
    shutil.copytree(saved, copy)
    index = faiss.read_index(str(copy / "dense.faiss"))
    index.make_direct_map()
    vectors = index.reconstruct_n(0, index.ntotal)
    index.reset()
    index.add(-vectors)                                       # still a valid IVF file, of other vectors
    faiss.write_index(index, str(copy / "dense.faiss"))
    with pytest.raises(StoreError, match="dense.faiss is damaged"):
        load(copy, assistant.config.root)


def test_an_older_manifest_without_the_field_is_of_a_flat_index(assistant, tmp_path: Path):
    save(assistant.store, tmp_path / "store")
    path = tmp_path / "store" / "manifest.json"
    manifest = json.loads(path.read_text("utf-8"))
    del manifest["dense"]
    path.write_text(json.dumps(manifest), "utf-8")
    loaded = load(tmp_path / "store", assistant.config.root)
    assert loaded.dense_spec.exact and isinstance(loaded.dense_index(), faiss.IndexFlatIP)


@pytest.mark.parametrize("subset_exact_max", [50_000, 0], ids=["subsets-exact", "subsets-by-bitmap"])
def test_ivf_retrieves_the_top_five_of_exact_search(assistant, saved: Path, subset_exact_max: int):
    ivf = _retriever(assistant, load(saved, assistant.config.root))
    ivf.subset_exact_max = subset_exact_max                   # 0: every restricted search goes to FAISS
    assert not ivf.exact and _retriever(assistant, assistant.store).exact
    flat = _retriever(assistant, assistant.store)
    for question in QUESTIONS:
        for allowed in SCOPES:
            for mode in ("hybrid", "dense"):
                want = [(h.chunk, h.score) for h in flat.search(question, 5, allowed, mode=mode)]
                got = [(h.chunk, h.score) for h in ivf.search(question, 5, allowed, mode=mode)]
                assert got == want, (question, allowed, mode)


def test_the_threshold_comes_from_the_config_and_holds_through_an_added_report(tmp_path: Path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "liyang.txt").write_text("溧阳市2024年教育工作总结\n一、队伍建设\n1.加强教师招聘。全年公开招聘新教师"
                                       "120名，其中研究生15名。\n2.改善办学条件。投入资金3000万元新建燕山小学。\n", "utf-8")
    config = Config().with_overrides(corpus_dir=corpus, index_dir=tmp_path / "store",
                                     library_dir=tmp_path / "library", dense_exact_max=1)
    first = Assistant.load(config)
    assert first.store.dense_spec.kind == "ivf" and len(first.store.chunks) > 1
    added = tmp_path / "jintan.txt"
    added.write_text("金坛区2024年教育工作总结\n一、学前教育\n1.新增托位。全年新增托位360个，新建幼儿园2所。\n", "utf-8")
    first.add_document(added)
    again = Assistant.load(config)
    assert not again.notices                                  # the saved IVF index was used, not rebuilt
    assert again.store.dense_spec.kind == "ivf" and isinstance(again.store.dense_index(), faiss.IndexIVFFlat)
    assert again.retrieve("金坛新增多少托位")[0].chunk.doc == "jintan.txt"


def test_the_kind_follows_the_size_and_the_default_threshold_is_the_configs():
    assert Config().dense_exact_max == dense.EXACT_MAX
    assert dense.choose(50_000, 50_000).exact and not dense.choose(50_001, 50_000).exact
    million = dense.choose(1_000_000)
    assert (million.kind, million.nlist, million.nprobe) == ("ivf", 4000, 132)     # as eval/bench_scale.py ran


def test_sorting_only_the_head_gives_the_pool_of_the_full_ranking():
    rng = np.random.default_rng(7)
    for _ in range(300):
        n = int(rng.integers(1, 400))
        rows = np.sort(rng.choice(1000, n, replace=False))
        scores = rng.integers(0, 6, n).astype(np.float32)               # many ties
        doc_ids = rng.integers(0, int(rng.integers(1, 8)), 1000)
        candidates, per_document = int(rng.integers(1, 40)), int(rng.integers(1, 6))
        full = fair_pool(rows[np.argsort(-scores, kind="stable")], doc_ids, candidates, per_document)
        assert ranked_pool(scores, rows, doc_ids, candidates, per_document) == full
