"""The Assistant: question → understanding → hybrid retrieval → reader → cited Answer.

The CLI, the chat UI and the evaluator are thin shells over this class.
"""
from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from qa.answers import declined, ms_since, spanned, whose_report, written_of
from qa.combine import add_parts, combine_parts
from qa.compose.asks import MOST_RE, PLACE_LEVELS
from qa.compose.compare import asked_bound, bounded, compare, most, most_questions
from qa.compose.compose import compose
from qa.compose.glossary import glossary_answer
from qa.compose.header import header_answer
from qa.compose.lists import counted, list_question
from qa.compose.stated import held_to_statement, run_on_to_predicate
from qa.compose.verdicts import asked_predicate, fact_groups, fact_words
from qa.config import Config
from index.ingest.places import Gazetteer, Mention
from qa.models.prepare import prepare_model
# QuestionError is what ask raises for a question it cannot take; callers import it from here
from qa.intake import QuestionError, clean_question  # noqa: F401
from qa.reader.acceptance import span_features
from qa.reader.mismatch import NOT_FOUND, mismatch
from qa.reader.sentence import sentence_around
from index import storage as store_io
from index.embedder import Embedder
from qa.retriever import make_retriever
from qa.retriever.hybrid import Hit
from index.build import open_index
from index.library import add_to_index, remove_from_index
from qa.question import Question, analyse, worded_as_read
from qa.retriever.period import (asks_years, in_period, lead_of, of_years_asked, other_time, passage_of_years,
                                 written_by)
from qa.retriever.query import (Scope, check_scope, corpus_segmenter, document_places, inner_places, place_words,
                               places_of_level, quoted_as_read, reader_question)
from qa.retriever.scopes import ScopedQuestion, split_by_ask, split_by_inner, split_by_scope
from qa.schema import Answer, Chunk, Citation, Document

if TYPE_CHECKING:
    from qa.reader.model import Span

Progress = Callable[[float, str], None]
# the reader read the closest passages and found no span it trusts
NO_SPAN = NOT_FOUND + "：最相关的段落中没有足够可信的答案"


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
        store, notices = open_index(config, embedder, prepared.sha256, progress, rebuild, corpus_dir)
        if prepared.repaired:
            notices = [prepared.repaired] + notices
        return cls(config, store, embedder, prepared.sha256, notices)

    def _use(self, store: store_io.Store) -> None:
        # one assignment swaps everything a question needs, so readers never see a half update
        segmenter = corpus_segmenter(list(store.documents.values()), self.config.cache_dir)
        # the in-process FAISS + BM25 one, or Milvus's with config.store_uri (qa/retriever/milvus.py)
        retriever = make_retriever(store, self.embedder, segmenter, self.config)
        self._state = (store, retriever, segmenter)

    # ---- documents ----------------------------------------------------
    @property
    def store(self) -> store_io.Store:
        """The index as of now (an immutable snapshot)."""
        return self._state[0]

    def documents(self) -> list[Document]:
        return sorted(self._state[0].documents.values(), key=lambda d: d.doc)

    def add_document(self, path: Path, progress: Progress | None = None) -> Document:
        """Copy a report into the library and index it; a bad file changes nothing
        (index/library.py says what is refused and how an interrupted add leaves nothing)."""
        with self._write_lock:
            doc, new = add_to_index(Path(path), self._state[0], self.config, self.embedder, progress)
            self._use(new)
        if progress:
            progress(1.0, "done")
        return doc

    def remove_document(self, name: str) -> None:
        with self._write_lock:
            self._use(remove_from_index(name, self._state[0], self.config))

    # ---- questions ----------------------------------------------------
    def understand(self, question: str) -> Question:
        """The question's analysis: its places (any in China), years, what it asks, its topic."""
        store = self._state[0]
        gazetteer = Gazetteer.load()
        return analyse(question, document_places(store.documents.values(), gazetteer), gazetteer,
                       self._state[2].tagged)

    def retrieve(self, question: str | Question, k: int | None = None, district: str | None = None,
                 year: int | None = None, mode: str = "hybrid", timely: bool = True) -> list[Hit]:
        """The passages a question gets, with the same understanding `ask` applies; `timely`:
        only those of the time it asks, where any are (retriever/period.py)."""
        q = self._intent(question if isinstance(question, Question) else self.understand(question),
                         district, year)
        hits = self._search(q, self._scope(q), k, mode)
        return self._timely(q, hits) if timely else hits

    def _scope(self, q: Question) -> Scope:
        """The reports the question's places and years allow (retriever/query.py)."""
        return check_scope(q, list(self._state[0].documents.values()), Gazetteer.load())

    def _search(self, q: Question, scope: Scope, k: int | None, mode: str = "hybrid") -> list[Hit]:
        if scope.missing:
            return []
        # once the places' reports are chosen, their names say nothing more about a passage; left
        # in, they favour the passages that happen to write them (a heading, a plan's title).
        # Measured (answer passage first, places and year dropped): frozen dev 80.9 -> 91.5 % (held out)
        text = q.text
        if scope.allowed is not None:
            # likewise a year the chosen reports are all of (a later report looking back keeps it)
            text = q.topic if q.years and scope.allowed <= scope.preferred and q.topic else q.unplaced
        k = k or self.config.top_k
        retriever = self._state[1]
        if not scope.mention:
            return retriever.search(text, k, scope.allowed, scope.preferred, mode=mode)
        # a place answered from the report of a place it lies in: only passages writing its name
        hits = retriever.search(text, k * 4, scope.allowed, scope.preferred, mode=mode)
        return [h for h in hits if any(s in h.chunk.text for s in scope.mention)][:k]

    def _timely(self, q: Question, hits: list[Hit]) -> list[Hit]:
        """The passages of the time asked (a year, a half, done or planned), where any are."""
        if "period" in self.config.reader_steps_off:
            return hits
        store = self._state[0]
        segmenter = self._state[2]
        written = written_by(segmenter.term_groups(q.topic or q.text), segmenter.terms)
        hits = in_period(hits, q.years, q.relative_years, q.text, segmenter.words(q.text),
                         lambda doc: store.documents[doc].years, written)
        return of_years_asked(hits, asks_years(q.text, q.years, q.relative_years), lambda h: passage_of_years(
            store.documents[h.chunk.doc].text, h.chunk.start, h.chunk.end, h.chunk.section), written)

    def ask(self, question: str, k: int | None = None, district: str | None = None,
            year: int | None = None) -> Answer:
        started = time.perf_counter()
        question, notices = self._clean_question(question)
        q = self.understand(question)
        bound = asked_bound(question) if q.composition.kind == "yes_no" else None
        if bound is not None:
            # 超过100人了吗: the quantity itself, as a quantity question gets it, against the bound
            judged = bounded(question, bound, self._whole(bound.question, k, district, year))
            if judged is not None:
                return replace(judged, timings_ms={"total": ms_since(started)}, notices=notices + judged.notices)
        if q.composition.kind == "most" and not district:
            ranked = self._most(question, q, k, year)
            if ranked is not None:
                return replace(ranked, timings_ms={"total": ms_since(started)}, notices=notices)
        if q.composition.kind == "compare" and not district:
            # the question as analysed: its sides were read with their bracketed years unbracketed
            answer = compare(q.text, q.composition, lambda text: self._whole(text, k, None, year))
            return replace(answer, question=question, timings_ms={"total": ms_since(started)}, notices=notices)
        # a chosen district is the whole scope; a chosen year (the chat fills one in when the
        # question names one) holds for each district the question names
        scoped, dropped = ([], 0) if district else split_by_scope(q, self.config.max_scopes)
        if not (scoped or district or q.comparison) and (q.total or q.each or q.composition.kind == "sum"):
            scoped, dropped, said = self._by_district(q)
            notices = notices + said
        asks = [] if scoped else split_by_ask(q, self._state[2].tagged)
        if asks:
            # two asks in one question: each answered whole (a total, a list…), in the question's order
            parts = [replace(self._clause(s, k, district, year), scope=s.scope) for s in asks]
            return combine_parts(question, parts, k or self.config.top_k, ms_since(started), notices)
        if scoped:
            if dropped:
                notices = notices + [f"问题中的地区超过{self.config.max_scopes}个，只回答前"
                                     f"{self.config.max_scopes}个 (only the first {self.config.max_scopes} "
                                     f"places are answered)"]
            # each place answered whole (a total of its parts, a list…), as a question of its own
            parts = [replace(self._whole(s.question, k, None, year), scope=s.scope) for s in scoped]
            combined = add_parts if q.total and not q.each else combine_parts
            return combined(question, parts, k or self.config.top_k, ms_since(started), notices)
        # as typed: the analysis may have read it with 是多少 added (qa/question.py)
        answer = replace(self._composed(q, k, district, year, started, notices), question=question)
        return answer if q.places or district else whose_report(answer, self._state[0])

    def _by_district(self, q: Question) -> tuple[list[ScopedQuestion], int, list[str]]:
        """A quantity of a city with no report of its own, asked of each of its districts with one
        (each answers whole; a name, 江苏省理科状元是谁, is found in whichever report writes it):
        the questions, how many districts past the cap were dropped, and the notice."""
        inner = inner_places(q, list(self._state[0].documents.values()), Gazetteer.load())
        scoped = split_by_inner(q, inner[:self.config.max_scopes])
        if not scoped:
            return [], 0, []
        names = "、".join(p.name for p, _ in inner)
        return scoped, max(0, len(inner) - self.config.max_scopes), [
            f"资料中没有{q.places[0].name}本级的报告，以下依据其下辖{names}的报告分别回答"]

    def _most(self, question: str, q: Question, k: int | None, year: int | None) -> Answer | None:
        """哪个区…最多: each place of the asked level (inside the place named, else every report's)
        answered whole, then ranked (compare.most); None where fewer than two places are asked."""
        level = MOST_RE.search(question)["level"]
        places = places_of_level(q, list(self._state[0].documents.values()), Gazetteer.load(),
                                 PLACE_LEVELS.get(level, ()))
        if len(places) < 2:
            return None
        sides = most_questions(question, [(p.name, label) for p, label in places[:self.config.max_scopes]])
        return most(question, sides, lambda text: self._whole(text, k, None, year))

    def _clause(self, asked: ScopedQuestion, k: int | None, district: str | None, year: int | None) -> Answer:
        """One clause of a question asking two things: alone, else about the first one's topic."""
        answer = self._whole(asked.question, k, district, year)
        if answer.abstained and asked.chained:
            chained = self._whole(asked.chained, k, district, year)
            return answer if chained.abstained else chained
        return answer

    def _whole(self, text: str, k: int | None, district: str | None, year: int | None) -> Answer:
        """`text`, a part of a question (a side, a place, a clause, the quantity a bound holds),
        understood and answered whole on its own."""
        return self._composed(self.understand(text), k, district, year, time.perf_counter(), [])

    def _composed(self, q: Question, k: int | None, district: str | None, year: int | None,
                  started: float, notices: list[str]) -> Answer:
        """The answer composed as the question asks (qa/compose): a total, a list or a verdict."""
        intended = self._intent(q, district, year)
        scope = self._scope(intended)
        store, _, segmenter = self._state
        answer = written_of(self._ask_one(intended, scope, k, started, notices), scope.mention, self._places_in)
        if q.composition.kind == "yes_no" and "yes_no_clause" not in self.config.reader_steps_off:
            # the reader's clause must state what is asked, or a clause of the passages read that does
            answer = held_to_statement(answer, fact_groups(segmenter.word_groups(fact_words(q.reader_text)), segmenter.tagged),
                                       self.config.yes_no_stated_share, self.config.reader_passages,
                                       lambda c, a, b: self._mismatch(q, c, a, b, store), NO_SPAN)
            predicate = asked_predicate(q.reader_text, segmenter.tagged)
            answer = run_on_to_predicate(answer, fact_groups(segmenter.word_groups(predicate), segmenter.tagged))
        asked = q.composition
        mention = scope.mention
        if mention:
            # a place answered from the report of a place it lies in (泸州 from Sichuan's): each part
            # names it, as each passage read does (泸州经济总量突破3000亿元, not 遂宁's 2000亿元 too)
            asked = replace(asked, topic=asked.topic + (tuple(mention),))
        composed = compose(answer, asked, store, segmenter.words, segmenter.tagged,
                           self.config.reader_passages, rescue=answer.reason == NO_SPAN,
                           steps_off=self.config.reader_steps_off)
        if mention and any(written_of(p, mention, self._places_in).abstained for p in composed.parts if not p.abstained):
            composed = answer     # a part quoted of another place (泸州's 3000亿元 for 成都) composes nothing
        listing = list_question(q.text) if composed.abstained and q.asked == "quantity" else None
        if listing:
            # no number of the things asked: the report may list them instead
            found = counted(self._whole(listing[0], k, district, year), listing[1])
            composed = replace(found, question=q.text) if found else composed
        return composed if composed is answer else replace(composed, timings_ms={**answer.timings_ms,
                                                                                  "total": ms_since(started)})

    def _ask_one(self, q: Question, scope: Scope, k: int | None, started: float, notices: list[str]) -> Answer:
        """The reader's span for `q` (the chat's district and year applied) from the passages
        `scope` allows, or the reason it is declined."""
        store, _, segmenter = self._state
        question = q.text
        timings: dict[str, float] = {}
        if scope.missing:
            return declined(question, scope.missing, [], store, self._kind, timings, started, notices)
        notices = notices + list(scope.notices)
        if q.about_report and not scope.mention:
            # asked of the report itself (谁作的, 哪天公开的): the one report in scope says it in its header
            found = header_answer(question, q.about_report, self._in_scope(scope))
            if found:
                return replace(found, notices=notices, timings_ms={"total": ms_since(started)})
        if q.defines and not scope.mention:
            # what a term means (“三通一码”具体是哪几个): the one report in scope may define it in its glossary
            found = glossary_answer(question, self._in_scope(scope), segmenter.tagged)
            if found:
                return replace(found, notices=notices, timings_ms={"total": ms_since(started)})
        mark = time.perf_counter()
        # searched once: the passages of any time are read too where those of the time asked decline
        every = self._search(q, scope, k)
        hits = self._timely(q, every)
        timings["retrieve"] = ms_since(mark)
        if not hits:
            return declined(question, NOT_FOUND, [], store, self._kind, timings, started, notices)
        mark = time.perf_counter()
        if self.reader() is None:
            from qa.reader.sentence import best_sentence

            start, end = best_sentence(segmenter.query_terms(question), hits[0].chunk)
            return spanned(question, hits[0], start, end, hits, store, "sentence", None, [],
                           timings, started, notices)
        answer = self._read_span(q, hits, store, timings, started, notices)
        if answer.abstained:
            # none of the passages of the time asked answers: a question's tense is a hint
            # (新建了… of a plan), so the passages of any time are read, as if no time were asked
            if [h.chunk for h in every] != [h.chunk for h in hits]:
                answer = self._read_span(q, every, store, timings, started, notices)
        timings["read"] = ms_since(mark)
        return answer

    def _places_in(self, text: str) -> list[Mention]:
        gazetteer = Gazetteer.load()
        return gazetteer.find(text, document_places(self._state[0].documents.values(), gazetteer))

    def _in_scope(self, scope: Scope) -> list[Document]:
        """The reports a scope leaves: those of the years it names where any, else all it allows."""
        documents = self._state[0].documents
        names = frozenset(documents) if scope.allowed is None else scope.allowed
        return [documents[n] for n in sorted(scope.preferred & names or names)]

    def _read_span(self, q: Question, hits: list[Hit], store: store_io.Store, timings: dict[str, float],
                   started: float, notices: list[str]) -> Answer:
        """The reader's answer from `hits`, or the reason it is declined."""
        question = q.text
        span = self.best_span(q, hits)
        if span is None:
            return declined(question, NO_SPAN, hits, store, self._kind, timings, started, notices)
        hit, start, end = hits[span.passage], span.start, span.end
        reason = self._mismatch(q, hit.chunk, start, end, store)
        shown, confidence = self._judge(q, span, hits)
        if not shown or reason:
            # declined either way; where the best span is about something else, say what
            return declined(question, reason or NO_SPAN, hits, store, self._kind, timings, started, notices)
        return spanned(question, hit, start, end, hits, store, "span", confidence, list(span.steps),
                             timings, started, notices)

    def read(self, question: str, hits: list[Hit]) -> Span | None:
        """The reader's best span over the top passages (None without a reader or a span)."""
        reader = self.reader()
        if reader is None:
            return None
        segmenter = self._state[2]
        return reader.best_span(question, [h.chunk for h in hits[:self.config.reader_passages]],
                                segmenter.query_terms(question), segmenter)

    def best_span(self, q: Question, hits: list[Hit]) -> Span | None:
        """The span a plain question's answer is judged on: the reader's best over the top
        passages for the question as the reader is asked it (eval/calibrate_reader.py fits the
        abstention line on exactly these spans)."""
        return self.read(self._reader_question(q, hits, self._state[0]), hits)

    def judged_features(self, q: Question, span: Span, hits: list[Hit]) -> tuple[float, ...]:
        """What the acceptance model reads of a span (qa/reader/acceptance.py)."""
        chunk = hits[span.passage].chunk
        return span_features(q, span.score, span.passage, chunk.text, span.start - chunk.start,
                             span.end - chunk.start, self._state[2].term_groups)

    def mismatch(self, q: Question, span: Span, hits: list[Hit]) -> str | None:
        """Why `ask` declines this span whatever its score (about a sibling, a rival or another
        measure), or None: calibration counts these declines as made."""
        hit = hits[span.passage]
        return self._mismatch(q, hit.chunk, span.start, span.end, self._state[0])

    def _judge(self, q: Question, span: Span, hits: list[Hit]) -> tuple[bool, float]:
        """Whether the span is shown, and how likely it is right: by the fitted acceptance model,
        or by the score's line alone where reader.json holds none."""
        reader = self.reader()
        if reader.acceptance is None:
            return span.score >= reader.threshold, span.confidence
        p = reader.acceptance.probability(self.judged_features(q, span, hits))
        return p >= reader.acceptance.line, p

    def _reader_question(self, q: Question, hits: list[Hit], store: store_io.Store) -> str:
        """What the reader is asked: the topic, once retrieval has applied the scope
        (retriever/query.py reader_question), with the names the passages quote quoted."""
        read = hits[:self.config.reader_passages]
        asked = q.written
        if self.config.reader_reads_topic:
            docs = [store.documents[d] for d in dict.fromkeys(h.chunk.doc for h in read)]
            asked = reader_question(q, docs, Gazetteer.load())
        texts = [h.chunk.text for h in read]
        return quoted_as_read(worded_as_read(asked, texts), texts)

    @property
    def _kind(self) -> str:
        # how a plain answer is read: by the span reader, or the best sentence where none ships
        return "span" if self._reader else "sentence"

    def _mismatch(self, q: Question, chunk: Chunk | Citation, start: int, end: int,
                  store: store_io.Store) -> str | None:
        """Why the span (file offsets, inside the passage `chunk`) is declined when its sentence is
        about a sibling or a rival of what was asked, or it counts another measure (contrast.py,
        rivals.py); None when it answers. The question is read as reports write it (GDP as
        地区生产总值: Question.written)."""
        doc = store.documents[chunk.doc]
        a, b = sentence_around(chunk.text, start - chunk.start, end - chunk.start)
        sentence = chunk.text[a:b]
        section = chunk.section if isinstance(chunk.section, tuple) else tuple(chunk.section.split(" > "))
        line = doc.text.rfind("\n", 0, start) + 1
        other = other_time(q.text, q.years, q.relative_years, self._state[2].words(q.text), doc.years, section,
                           sentence, doc.text[line:start], chunk.text[a:end - chunk.start], lead_of(doc.text, line))
        if other:
            return f"{NOT_FOUND}：{other}"
        return mismatch(q.written, chunk.text, start - chunk.start, end - chunk.start, doc.text,
                        self._state[2].tagged, place_words(store.documents.values(), Gazetteer.load()))

    def warm_up(self) -> dict[str, float]:
        """Load now what answering loads on first use (e5, the reader, the word tagger), so no
        question's timings_ms holds a model load; returns the milliseconds each took."""
        loads: dict[str, float] = {}
        for name, load in (("embedder", lambda: self.embedder.model), ("reader", self.reader),
                           ("tagger", lambda: self._state[2].tagged("预热")),
                           ("question", lambda: clean_question("预热", self.config.max_question_chars))):
            mark = time.perf_counter()
            load()
            loads[name] = ms_since(mark)
        return loads

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
        # the one cleaning every way in shares (qa/intake.py); QuestionError says what is wrong
        cleaned = clean_question(question, self.config.max_question_chars)
        return cleaned.text, list(cleaned.notices)
