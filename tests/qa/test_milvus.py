"""The Milvus store backend against milvus-lite (embedded, no server): the same hits and answers
as the FAISS backend, a collection filled once per store, and scopes filtered in Milvus."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

pytest.importorskip("pymilvus")
pytest.importorskip("milvus_lite")

from eval.compare_backends import signature, whole_collection_twin  # noqa: E402
from eval.sets import load_set  # noqa: E402
from qa.config import Config  # noqa: E402
from qa.retriever import make_retriever  # noqa: E402
from qa.retriever.hybrid import HybridRetriever  # noqa: E402
from qa.retriever.milvus import (COLLECTION, MilvusRetriever, StoreBackendError, milvus_target,  # noqa: E402
                                 milvus_terms)

DEV = Path(__file__).resolve().parents[2] / "eval" / "changzhou_dev.jsonl"
QUESTIONS = [item.question for item in load_set(DEV)][:20]


@pytest.fixture(scope="module")
def milvus(assistant, tmp_path_factory):
    """The session's assistant, answering from a milvus-lite file instead of its FAISS index."""
    from qa.pipeline import Assistant

    uri = str(tmp_path_factory.mktemp("milvus") / "m.db")
    return Assistant(assistant.config.with_overrides(store_uri=uri), assistant.store, assistant.embedder,
                     assistant.model_sha256)


def places(hits) -> list[tuple]:
    return [(h.chunk.doc, h.chunk.start, h.chunk.end, h.score, h.dense) for h in hits]


def test_faiss_stays_the_default(assistant, monkeypatch):
    monkeypatch.delenv("QA_STORE", raising=False)
    assert Config().store_uri == ""
    assert type(assistant._state[1]) is HybridRetriever
    store, _, segmenter = assistant._state
    assert type(make_retriever(store, assistant.embedder, segmenter, Config())) is HybridRetriever
    monkeypatch.setenv("QA_STORE", "milvus://example.org:19530/reports")
    assert Config().store_uri == "milvus://example.org:19530/reports"


def test_unscoped_hits_are_faiss_hits(assistant, milvus):
    """Without a scope both backends take BM25 statistics over every chunk: the same ranking."""
    faiss_side, milvus_side = assistant._state[1], milvus._state[1]
    assert isinstance(milvus_side, MilvusRetriever)
    for question in QUESTIONS:
        for mode in ("hybrid", "dense", "bm25"):
            assert places(milvus_side.search(question, 10, mode=mode)) == \
                places(faiss_side.search(question, 10, mode=mode)), (question, mode)


def test_scoped_hits_are_faiss_hits_with_whole_collection_statistics(assistant, milvus):
    """With a scope (a place or year the question names) Milvus still takes its BM25 statistics over
    the whole collection, where HybridRetriever takes them over the reports in scope; with those
    statistics HybridRetriever ranks exactly as Milvus, scope, preferred years and ties included."""
    twin = whole_collection_twin(assistant)
    for question in QUESTIONS:
        expected = twin.retrieve(question, 10)
        got = milvus.retrieve(question, 10)
        assert places(got) == places(expected), question
        # Milvus sums BM25 in doubles, our term matrix in floats
        assert [h.bm25 for h in got] == pytest.approx([h.bm25 for h in expected], rel=1e-4)


def test_answers_and_offsets_are_faiss_answers(assistant, milvus):
    """Every answer, with its citations, is the FAISS backend's with the same BM25 statistics; and
    the answer, its offsets and the passage quoted are the FAISS backend's own wherever the
    statistics of the reports in scope do not change them."""
    twin = whole_collection_twin(assistant)
    twin._reader = milvus._reader = assistant.reader()       # one reader load, not three
    alike = 0
    for question in QUESTIONS:
        got = milvus.ask(question)
        assert signature(got) == signature(twin.ask(question)), question
        alike += signature(got, cited=False) == signature(assistant.ask(question), cited=False)
    assert alike >= len(QUESTIONS) - 2      # eval/compare_backends.py: ALIKE of these 20 alike


def test_small_pools_ask_again_and_count_reports(milvus, monkeypatch):
    """With small pools Milvus's first rows are often one report's: the retriever must ask for more
    rows and find how many reports hold the question's terms, as HybridRetriever sees at once."""
    from eval.compare_backends import WholeCollectionBM25

    store, _, segmenter = milvus._state
    settings = dict(candidates=4, rrf_k=60, weights=(0.3, 1.0), per_document=1)
    ours = MilvusRetriever(store, milvus.embedder, segmenter, milvus._state[1].target, **settings)
    assert not ours.filled
    faiss_side = WholeCollectionBM25(store, milvus.embedder, segmenter, **settings)
    limits: list[int] = []
    search = MilvusRetriever._search
    monkeypatch.setattr(MilvusRetriever, "_search", lambda self, field, data, limit, where: (
        limits.append(limit), search(self, field, data, limit, where))[1])
    docs = sorted(store.documents)
    for question in QUESTIONS:
        for allowed in (None, set(docs[:2]), set(docs[1:4])):
            for mode in ("bm25", "hybrid"):
                assert places(ours.search(question, 4, allowed, mode=mode)) == \
                    places(faiss_side.search(question, 4, allowed, mode=mode)), (question, allowed, mode)
    assert 1 in limits and 4 * 4 * 4 in limits      # reports were counted, pools asked for again


def test_allowed_filters_to_the_named_reports(milvus):
    retriever = milvus._state[1]
    docs = sorted(milvus.store.documents)
    question = "新建了多少所学校"
    for allowed in ({docs[0]}, {docs[1], docs[3]}):
        for mode in ("hybrid", "dense", "bm25"):
            hits = retriever.search(question, 10, allowed=allowed, mode=mode)
            assert hits and {h.chunk.doc for h in hits} <= allowed, (allowed, mode)
    assert retriever.search(question, 10, allowed={"no-such-report.txt"}) == []
    assert retriever.search(question, 10, allowed=set()) == []


def test_collection_is_filled_once_per_store(milvus, tmp_path, monkeypatch):
    from pymilvus import MilvusClient

    inserted: list[int] = []
    insert = MilvusClient.insert
    monkeypatch.setattr(MilvusClient, "insert", lambda self, name, rows, **kw: (
        inserted.append(len(rows)), insert(self, name, rows, **kw))[1])
    store, _, segmenter = milvus._state
    target = milvus_target(str(tmp_path / "stamp.db"))

    def retriever(of):
        return MilvusRetriever(of, milvus.embedder, segmenter, target)

    first = retriever(store)
    assert first.filled and sum(inserted) == len(store.chunks)
    again = retriever(store)
    assert not again.filled and sum(inserted) == len(store.chunks)     # nothing inserted again
    assert places(again.search("招聘了多少教师", 5)) == places(first.search("招聘了多少教师", 5))

    gone = sorted(store.documents)[0]
    smaller = store.without_document(gone)
    changed = retriever(smaller)
    assert changed.filled and sum(inserted) == len(store.chunks) + len(smaller.chunks)
    assert all(h.chunk.doc != gone for h in changed.search("新建了多少所学校", 30))
    assert retriever(store).filled                                  # and back, as the store is now


def test_store_uris():
    assert milvus_target("milvus://db.example:19531/reports_2024") == \
        milvus_target("milvus://db.example:19531/reports_2024/")
    target = milvus_target("milvus://db.example:19531/reports_2024")
    assert (target.uri, target.collection, target.token, target.embedded) == \
        ("http://db.example:19531", "reports_2024", "", False)
    target = milvus_target("milvus://qa:s%40cret@db.example")
    assert (target.uri, target.collection, target.token) == ("http://db.example:19530", COLLECTION, "qa:s@cret")
    assert milvus_target("https://cloud.example:443/c").uri == "https://cloud.example:443"
    lite = milvus_target("relative/m.db")
    assert lite.embedded and Path(lite.uri).is_absolute() and lite.collection == COLLECTION
    for bad in ("m.sqlite", "milvus://", "ftp://h:1", "milvus://h:1/9lives", "milvus://h:port"):
        with pytest.raises(StoreBackendError):
            milvus_target(bad)
    with pytest.raises(ValueError, match="milvus://HOST:PORT"):
        Config(store_uri="m.sqlite")


def test_terms_reach_milvus_as_they_are(assistant):
    """milvus-lite's analyzer (lowercased \\w+ runs) must give back every term, no two as one."""
    terms = sorted({t for chunk in assistant.store.terms for t in chunk} | {"APP", "100%", "68.7", "app", "C++"})
    tokens = re.findall(r"\w+", milvus_terms(terms).lower())
    assert len(tokens) == len(terms) and len(set(tokens)) == len(terms)


def test_store_option_on_the_answering_commands():
    from qa.cli import build_parser

    parser = build_parser()
    for argv in (["ask", "--store", "m.db", "问题"], ["eval", "--store", "m.db", "set.jsonl"],
                 ["serve", "--store", "m.db"]):
        assert parser.parse_args(argv).store == "m.db"
    assert parser.parse_args(["ask", "问题"]).store is None
    with pytest.raises(SystemExit):
        parser.parse_args(["index", "build", "--store", "m.db"])
