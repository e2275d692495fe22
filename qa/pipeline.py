"""The Assistant: question → understanding → hybrid retrieval → reader → cited Answer.

The CLI, the chat UI and the evaluator are thin shells over this class.
"""
from __future__ import annotations

import shutil
import threading
import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from qa.combine import combine_parts
from qa.config import Config
from index.ingest.corpus import load_document
from index.ingest.places import Gazetteer
from qa.models.prepare import prepare_model
from qa.reader.contrast import sibling_answer
from qa.reader.rivals import measure_rival, rival_answer
from qa.reader.sentence import sentence_around
from index import storage as store_io
from index.embedder import Embedder
from qa.retriever.hybrid import Hit, HybridRetriever
from index.build import build_store, corpus_sources, index_document, stale_reasons
from qa.question import Question, analyse
from qa.retriever.query import check_scope, document_places
from qa.retriever.scopes import split_by_scope
from qa.retriever.terms import Segmenter, corpus_names
from qa.schema import Answer, Citation, Document

if TYPE_CHECKING:
    from qa.reader.model import Span

Progress = Callable[[float, str], None]
NOT_FOUND = "未找到相关内容"
# the reader read the closest passages and found no span it trusts
NO_SPAN = NOT_FOUND + "：最相关的段落中没有足够可信的答案"


class QuestionError(ValueError):
    """The question cannot be asked as given (e.g. it is empty)."""


class Assistant:
    def __init__(self, config: Config, store: store_io.Store, embedder: Embedder,
                 model_sha256: str, notices: list[str] | None = None) -> None:
        self.config = config
        self.embedder = embedder
        self.model_sha256 = model_sha256
        self.notices = notices or []
        self._write_lock = threading.Lock()
        self._reader = None
        self._reader_lock = threading.Lock()
        self._use(store)

    # ---- construction -------------------------------------------------
    @classmethod
    def load(cls, config: Config | None = None, progress: bool = False,
             rebuild: bool = False, corpus_dir: Path | None = None) -> "Assistant":
        """Open the index, building or rebuilding it when it is missing, stale or foreign."""
        config = config or Config()
        prepared = prepare_model(config.model_dir)
        embedder = Embedder(config.model_dir, config.reader_threads)
        manifest = store_io.read_manifest(config.index_dir)
        reasons = ["rebuild requested"] if rebuild or corpus_dir else stale_reasons(
            manifest, config, prepared.sha256)
        store, notices = None, []
        if not reasons:
            try:
                store = store_io.load(config.index_dir, config.root)
            except (store_io.StoreError, OSError, UnicodeDecodeError) as exc:
                reasons = [str(exc)]
        if store is None:
            if manifest and not rebuild and not corpus_dir:
                notices.append("index rebuilt: " + "; ".join(reasons))
            chosen = corpus_dir or (Path(manifest.corpus_dir) if manifest and not rebuild else config.corpus_dir)
            removed = manifest.removed if manifest and not rebuild and not corpus_dir else ()
            store, warnings = cls._build(config, chosen, prepared.sha256, embedder, removed, progress)
            notices += warnings
        return cls(config, store, embedder, prepared.sha256, notices)

    @staticmethod
    def _build(config: Config, corpus_dir: Path, model_sha: str, embedder: Embedder,
               removed: tuple[str, ...], progress: bool) -> tuple[store_io.Store, list[str]]:
        corpus_dir = corpus_dir if corpus_dir.is_absolute() else config.root / corpus_dir
        if not corpus_dir.is_dir():
            raise FileNotFoundError(f"corpus folder {corpus_dir} does not exist")
        docs, warnings = corpus_sources(config, corpus_dir)
        loaded = {d.doc for d in docs}
        skipped = tuple(p.name for folder in (corpus_dir, config.library_dir) if folder.is_dir()
                        for p in sorted(folder.glob("*.txt")) if p.name not in loaded)
        segmenter = _segmenter(docs)
        report = _bar("index", len(docs)) if progress else None
        store = build_store(docs, config, _relative(corpus_dir, config.root), model_sha, embedder,
                            segmenter, removed, skipped, report)
        store_io.save(store, config.index_dir)
        return store, warnings

    def _use(self, store: store_io.Store) -> None:
        # one assignment swaps everything a question needs, so readers never see a half update
        segmenter = _segmenter(list(store.documents.values()))
        retriever = HybridRetriever(store, self.embedder, segmenter, self.config.candidates,
                                    self.config.rrf_k, (self.config.dense_weight, self.config.bm25_weight))
        self._state = (store, retriever, segmenter)

    # ---- documents ----------------------------------------------------
    @property
    def store(self) -> store_io.Store:
        """The index as of now (an immutable snapshot)."""
        return self._state[0]

    def documents(self) -> list[Document]:
        return sorted(self._state[0].documents.values(), key=lambda d: d.doc)

    def add_document(self, path: Path, progress: Progress | None = None) -> Document:
        """Copy a report into the library and index it; a bad file changes nothing."""
        path = Path(path)
        doc = load_document(path, self.config.root)          # raises IngestError before any change
        with self._write_lock:
            store, _, segmenter = self._state
            if progress:
                progress(0.1, f"indexing {doc.doc}")
            target = self.config.library_dir / doc.doc
            self.config.library_dir.mkdir(parents=True, exist_ok=True)
            if path.resolve() != target.resolve():
                shutil.copyfile(path, target.with_suffix(".part"))
                target.with_suffix(".part").replace(target)
            doc = load_document(target, self.config.root)
            parts = index_document(doc, self.config, self.embedder, _segmenter([*store.documents.values(), doc]))
            if progress:
                progress(0.8, "saving index")
            new = store.with_document(doc, *parts)
            store_io.save(new, self.config.index_dir)
            self._use(new)
        if progress:
            progress(1.0, "done")
        return doc

    def remove_document(self, name: str) -> None:
        with self._write_lock:
            store = self._state[0]
            new = store.without_document(name)           # KeyError names an unknown document
            store_io.save(new, self.config.index_dir)
            self._use(new)
            copy = self.config.library_dir / name
            if copy.is_file():
                copy.unlink()

    # ---- questions ----------------------------------------------------
    def understand(self, question: str) -> Question:
        """The question's analysis: its places (any in China), years, what it asks, its topic."""
        store = self._state[0]
        gazetteer = Gazetteer.load()
        return analyse(question, document_places(store.documents.values(), gazetteer), gazetteer)

    def retrieve(self, question: str | Question, k: int | None = None, district: str | None = None,
                 year: int | None = None, mode: str = "hybrid") -> list[Hit]:
        """The passages a question gets, with the same understanding `ask` applies."""
        store, retriever, _ = self._state
        q = self._intent(question if isinstance(question, Question) else self.understand(question),
                         district, year)
        scope = check_scope(q, list(store.documents.values()), Gazetteer.load())
        if scope.missing:
            return []
        return retriever.search(q.text, k or self.config.top_k, scope.allowed, scope.preferred, mode=mode)

    def ask(self, question: str, k: int | None = None, district: str | None = None,
            year: int | None = None) -> Answer:
        started = time.perf_counter()
        question, notices = self._clean_question(question)
        q = self.understand(question)
        # a chosen district is the whole scope; a chosen year (the chat fills one in when the
        # question names one) holds for each district the question names
        scoped, dropped = ([], 0) if district else split_by_scope(q, self.config.max_scopes)
        if scoped:
            if dropped:
                notices = notices + [f"问题中的地区超过{self.config.max_scopes}个，只回答前"
                                     f"{self.config.max_scopes}个 (only the first {self.config.max_scopes} "
                                     f"places are answered)"]
            parts = [replace(self._ask_one(self.understand(s.question), k, None, year, time.perf_counter(), []),
                             scope=s.scope) for s in scoped]
            return combine_parts(question, parts, k or self.config.top_k, _ms(started), notices)
        return self._ask_one(q, k, district, year, started, notices)

    def _ask_one(self, q: Question, k: int | None, district: str | None, year: int | None,
                 started: float, notices: list[str]) -> Answer:
        store, _, segmenter = self._state
        question = q.text
        timings: dict[str, float] = {}
        q = self._intent(q, district, year)
        scope = check_scope(q, list(store.documents.values()), Gazetteer.load())
        if scope.missing:
            return self._abstain(question, scope.missing, [], store, timings, started, notices)
        notices = notices + list(scope.notices)
        mark = time.perf_counter()
        hits = self.retrieve(q, k)
        timings["retrieve"] = _ms(mark)
        if not hits:
            return self._abstain(question, NOT_FOUND, [], store, timings, started, notices)
        mark = time.perf_counter()
        reader = self.reader()
        if reader is None:
            from qa.reader.sentence import best_sentence

            start, end = best_sentence(segmenter.query_terms(question), hits[0].chunk)
            hit, kind, confidence = hits[0], "sentence", None
        else:
            span = self.read(self._reader_question(q, hits, store), hits)
            timings["read"] = _ms(mark)
            if span is None or span.score < reader.threshold:
                return self._abstain(question, NO_SPAN, hits, store, timings, started, notices)
            hit, start, end = hits[span.passage], span.start, span.end
            reason = self._mismatch(q, hit, start, end, store)
            if reason:
                return self._abstain(question, reason, hits, store, timings, started, notices)
            kind, confidence = "span", span.confidence
        # the citation holding the answer comes first; answer offsets refer to its file
        citations = [self._cite(store, h) for h in [hit] + [h for h in hits if h is not hit]]
        text = store.documents[hit.chunk.doc].text
        timings["total"] = _ms(started)
        return Answer(question, text[start:end], kind, False, None, start, end, citations,
                      timings, confidence, notices)

    def read(self, question: str, hits: list[Hit]) -> Span | None:
        """The reader's best span over the top passages (None without a reader or a span)."""
        reader = self.reader()
        if reader is None:
            return None
        segmenter = self._state[2]
        return reader.best_span(question, [h.chunk for h in hits[:self.config.reader_passages]],
                                segmenter.query_terms(question), segmenter)

    def _reader_question(self, q: Question, hits: list[Hit], store: store_io.Store) -> str:
        """What the reader is asked: the topic, once retrieval has applied the scope. The years
        stay when a passage read comes from a report of another year (it may speak of several)."""
        if not self.config.reader_reads_topic:
            return q.text
        docs = {h.chunk.doc for h in hits[:self.config.reader_passages]}
        years_applied = all(y in store.documents[d].years for d in docs for y in q.years)
        return q.reader_text if years_applied else q.reader_text_with_years

    def _mismatch(self, q: Question, hit: Hit, start: int, end: int,
                  store: store_io.Store) -> str | None:
        """Why the span is declined when its sentence is about a sibling or a rival of what was
        asked, or it counts another measure (contrast.py, rivals.py); None when it answers."""
        segmenter = self._state[2]
        question = q.text
        chunk = hit.chunk
        a, b = sentence_around(chunk.text, start - chunk.start, end - chunk.start)
        sentence = chunk.text[a:b]
        sibling = sibling_answer(segmenter.tagged(question), segmenter.tagged(sentence), chunk.text,
                                 store.documents[chunk.doc].text, _place_words(store))
        if sibling:
            return f"{NOT_FOUND}：报告中没有提到{sibling[0]}，最相关的段落说的是{sibling[1]}"
        rival = rival_answer(question, sentence)
        if rival:
            return f"{NOT_FOUND}：最相关的段落说的是{rival[1]}，不是{rival[0]}"
        span = chunk.text[start - chunk.start:end - chunk.start]
        measure = measure_rival(question, span)
        if measure:
            return f"{NOT_FOUND}：问的是{measure[0]}，最相关的段落给的是{measure[1]}（{span}）"
        return None

    def reader(self):
        """The span reader, loaded on first use; None when no weights are shipped."""
        with self._reader_lock:
            if self._reader is None:
                from qa.reader.model import load_reader

                self._reader = load_reader(self.config) or False
            return self._reader or None

    def _intent(self, q: Question, district: str | None, year: int | None) -> Question:
        """The question with the chat's chosen district and year, which override what it names."""
        if district:
            gazetteer = Gazetteer.load()
            place = gazetteer.resolve(district, document_places(self._state[0].documents.values(), gazetteer))
            q = replace(q, places=(place,) if place else ())
        if year:
            q = replace(q, years=(int(year),))
        return q

    def _clean_question(self, question: str) -> tuple[str, list[str]]:
        question = (question or "").strip()
        if not question:
            raise QuestionError("the question is empty")
        limit = self.config.max_question_chars
        if len(question) > limit:
            return question[:limit], [f"问题超过{limit}字，已截断 (question truncated to {limit} characters)"]
        return question, []

    def _abstain(self, question: str, reason: str, hits: list[Hit], store: store_io.Store,
                 timings: dict[str, float], started: float, notices: list[str]) -> Answer:
        timings["total"] = _ms(started)
        return Answer(question, None, "span" if self._reader else "sentence", True, reason, None, None,
                      [self._cite(store, h) for h in hits], timings, None, notices)

    @staticmethod
    def _cite(store: store_io.Store, hit: Hit) -> Citation:
        doc, chunk = store.documents[hit.chunk.doc], hit.chunk
        return Citation(doc.doc, doc.path, doc.title, doc.district, doc.years[0] if doc.years else None,
                        " > ".join(chunk.section), chunk.start, chunk.end, chunk.text, round(hit.score, 6))


def _place_words(store: store_io.Store) -> frozenset[str]:
    """Every spelling of the reports' places: modifiers that choose a report, never a sibling."""
    gazetteer = Gazetteer.load()
    return frozenset(gazetteer.spellings(document_places(store.documents.values(), gazetteer)))


def _segmenter(docs: list[Document]) -> Segmenter:
    gazetteer = Gazetteer.load()
    return Segmenter(corpus_names([d.text for d in docs]) | gazetteer.spellings(document_places(docs, gazetteer)))


def _relative(path: Path, root: Path) -> Path:
    try:
        return path.resolve().relative_to(root.resolve())
    except ValueError:
        return path.resolve()


def _ms(since: float) -> float:
    return round((time.perf_counter() - since) * 1000, 2)


def _bar(desc: str, total: int) -> Progress:
    from tqdm import tqdm

    bar = tqdm(total=total, desc=desc, unit="doc")

    def report(fraction: float, _message: str) -> None:
        bar.n = round(fraction * total)
        bar.refresh()
        if fraction >= 1.0:
            bar.close()

    return report
