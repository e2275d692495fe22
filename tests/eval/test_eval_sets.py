"""Evaluation-set loading, and the integrity of the hand-written Changzhou dev and test sets."""
from __future__ import annotations

import dataclasses
import json
from collections import Counter
from pathlib import Path

import pytest

from qa.config import PROJECT_ROOT
from eval.runner import VERDICTS
from eval.sets import TYPES, EvalItem, EvalSetError, load_set

DEV = PROJECT_ROOT / "eval" / "changzhou_dev.jsonl"
TEST = PROJECT_ROOT / "eval" / "changzhou_test.jsonl"
NEARMISS = PROJECT_ROOT / "eval" / "changzhou_nearmiss.jsonl"
FROZEN = PROJECT_ROOT / "eval" / "frozen"


def whole(path: Path) -> list[EvalItem]:
    """A set as written: the part that may be fitted on plus its frozen test split."""
    return load_set(path) + load_set(FROZEN / path.name)
GOOD = {"id": "q1", "question": "金坛2019年招聘了多少教师", "answers": ["43人"],
        "doc": "001_8c9d520ce41816f3.txt", "evidence": "公开招聘教师43人", "type": "number"}


def _jsonl(tmp_path: Path, *records: object) -> Path:
    p = tmp_path / "set.jsonl"
    p.write_text("\n".join(r if isinstance(r, str) else json.dumps(r, ensure_ascii=False) for r in records),
                 encoding="utf-8")
    return p


def test_jsonl_loads_and_normalises_doc_and_evidence(tmp_path: Path) -> None:
    cross = {**GOOD, "id": "q2", "doc": ["a.txt", "b.txt"], "evidence": ["x", "y"], "type": "cross_doc"}
    none = {"id": "q3", "question": "溧阳呢？", "answers": [], "doc": None, "evidence": None, "type": "unanswerable"}
    items = load_set(_jsonl(tmp_path, GOOD, "", cross, none))
    assert items[0] == EvalItem("q1", GOOD["question"], ("43人",), ("001_8c9d520ce41816f3.txt",),
                                ("公开招聘教师43人",), "number")
    assert items[1].doc == ("a.txt", "b.txt") and items[1].evidence == ("x", "y")
    assert items[2].doc is None and not items[2].answerable
    with pytest.raises(dataclasses.FrozenInstanceError):
        items[0].question = "changed"  # type: ignore[misc]


@pytest.mark.parametrize("bad, message", [
    ('{"id": "q2", "question": ', "bad JSON"),
    ({k: v for k, v in GOOD.items() if k != "type"} | {"id": "q2"}, "missing field 'type'"),
    ({**GOOD, "id": "q2", "type": "trivia"}, "unknown type 'trivia'"),
    ({**GOOD, "id": "q2", "answers": "43人"}, "'answers' must be a list"),
    ({**GOOD, "id": "q2", "answers": []}, "needs at least one answer"),
    ({**GOOD, "id": "q2", "type": "unanswerable"}, "needs no answer"),
    ({**GOOD, "id": "q2", "doc": 7}, "'doc'"),
    ({**GOOD}, "duplicate id 'q1'"),
    ('["not", "an", "object"]', "expected a JSON object"),
])
def test_malformed_jsonl_names_file_and_line(tmp_path: Path, bad: object, message: str) -> None:
    path = _jsonl(tmp_path, GOOD, bad)
    with pytest.raises(EvalSetError) as err:
        load_set(path)
    text = str(err.value)
    assert message in text and f"{path}:2:" in text


def test_empty_set_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(EvalSetError, match="empty"):
        load_set(_jsonl(tmp_path, "", "  "))
    assert issubclass(EvalSetError, ValueError)


def test_csv_loading(tmp_path: Path) -> None:
    p = tmp_path / "set.csv"
    p.write_text("question,answers,doc\n"
                 "金坛2019年招聘了多少教师,43人|43名,001_8c9d520ce41816f3.txt\n"
                 "溧阳2019年招聘了多少教师,,\n"
                 "\"带逗号,的问题\",48名,\n", encoding="utf-8")
    items = load_set(p)
    assert [i.id for i in items] == ["1", "2", "3"]
    assert items[0].answers == ("43人", "43名") and items[0].doc == ("001_8c9d520ce41816f3.txt",)
    assert items[0].type == "unknown" and items[1].type == "unanswerable" and items[1].answers == ()
    assert items[2].question == "带逗号,的问题" and items[2].doc is None


def test_csv_errors(tmp_path: Path) -> None:
    p = tmp_path / "set.csv"
    p.write_text("query,answer\nq,a\n", encoding="utf-8")
    with pytest.raises(EvalSetError, match="header"):
        load_set(p)
    p.write_text("question,answers,doc\nq,a,d\n,a,d\n", encoding="utf-8")
    with pytest.raises(EvalSetError, match=r"set\.csv:3: empty question"):
        load_set(p)


def test_squad_loading(tmp_path: Path) -> None:
    data = {"version": "v2", "data": [{"title": "t", "paragraphs": [{
        "context": "公开招聘教师43人。",
        "qas": [{"id": "s1", "question": "招聘多少教师？", "answers": [{"text": "43人", "answer_start": 6},
                                                                 {"text": "43人", "answer_start": 6}]},
                {"id": "s2", "question": "溧阳呢？", "answers": [], "is_impossible": True}]}]}]}
    p = tmp_path / "squad.json"
    p.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    items = load_set(p)
    assert items[0] == EvalItem("s1", "招聘多少教师？", ("43人",), None, None, "unknown", "公开招聘教师43人。")
    assert items[1].type == "unanswerable" and items[1].context == "公开招聘教师43人。"


def test_squad_errors_point_at_the_record(tmp_path: Path) -> None:
    p = tmp_path / "squad.json"
    p.write_text(json.dumps({"data": [{"paragraphs": [{"context": "c", "qas": [{"id": "s1"}]}]}]}),
                 encoding="utf-8")
    with pytest.raises(EvalSetError, match=r"data\[0\]\.paragraphs\[0\]\.qas\[0\]: missing field 'question'"):
        load_set(p)
    p.write_text('{"data": [\n  {"paragraphs": }', encoding="utf-8")
    with pytest.raises(EvalSetError, match=r"squad\.json:2: bad JSON"):
        load_set(p)


# ---- the Changzhou dev and test sets -------------------------------------------------

@pytest.fixture(scope="module")
def dev() -> list[EvalItem]:
    return whole(DEV)


def _text(doc: str) -> str:
    return (PROJECT_ROOT / "data" / doc).read_text(encoding="utf-8")


def test_dev_set_size_and_coverage(dev: list[EvalItem]) -> None:
    types = Counter(i.type for i in dev)
    assert len(dev) >= 150
    assert types["unanswerable"] >= 10
    assert set(types) == set(TYPES)
    docs = Counter(d for i in dev for d in (i.doc or ()))
    assert set(docs) == {p.name for p in (PROJECT_ROOT / "data").glob("*.txt")}
    assert min(docs.values()) >= 10
    headline = [i for i in dev if i.question == "金坛2019年招聘了多少教师"]
    assert len(headline) == 1 and headline[0].answers == ("43人",)
    assert any("天宁2025年优才计划" in i.question for i in dev)


def test_test_set_is_apart_from_the_dev_set(dev: list[EvalItem]) -> None:
    test = whole(TEST)
    types = Counter(i.type for i in test)
    assert len(test) >= 60 and set(types) == set(TYPES) and types["unanswerable"] >= 5
    assert not {i.question for i in test} & {i.question for i in dev}
    assert not {i.id for i in test} & {i.id for i in dev}


def test_near_miss_set_asks_siblings_the_reports_never_mention(dev: list[EvalItem]) -> None:
    items = whole(NEARMISS)
    unanswerable = [i for i in items if not i.answerable]
    assert len(unanswerable) >= 20 and len(items) - len(unanswerable) >= 20
    assert not {i.question for i in items} & ({i.question for i in dev} | {i.question for i in whole(TEST)})
    raw = {r["id"]: r for path in (NEARMISS, FROZEN / NEARMISS.name)
           for r in map(json.loads, path.read_text("utf-8").splitlines())}
    texts = [_text(p.name) for p in (PROJECT_ROOT / "data").glob("*.txt")]
    for item in unanswerable:
        # each names the sentence a reader is tempted by, which some report really holds
        assert any(raw[item.id]["near"] in t for t in texts), item.id


@pytest.mark.parametrize("path", [DEV, TEST, NEARMISS], ids=["dev", "test", "nearmiss"])
def test_each_set_keeps_a_frozen_test_split_apart(path: Path) -> None:
    fit, frozen = load_set(path), load_set(FROZEN / path.name)
    assert not {i.id for i in fit} & {i.id for i in frozen}
    # at least 30 % of each question type, drawn by eval/split_sets.py
    for kind, n in Counter(i.type for i in fit + frozen).items():
        assert sum(i.type == kind for i in frozen) >= 0.3 * n, kind


@pytest.mark.parametrize("path", [DEV, TEST, NEARMISS, FROZEN / DEV.name, FROZEN / TEST.name,
                                  FROZEN / NEARMISS.name],
                         ids=["dev", "test", "nearmiss", "frozen-dev", "frozen-test", "frozen-nearmiss"])
def test_set_spans_are_verbatim(path: Path) -> None:
    problems: list[str] = []
    for item in load_set(path):
        if not item.answerable:
            if item.doc or item.evidence:
                problems.append(f"{item.id}: unanswerable item names a document")
            continue
        if not item.doc or not item.evidence:
            problems.append(f"{item.id}: answerable item lacks doc or evidence")
            continue
        missing = [d for d in item.doc if not (PROJECT_ROOT / "data" / d).is_file()]
        if missing:
            problems.append(f"{item.id}: no such document {missing}")
            continue
        texts = [_text(d) for d in item.doc]
        for span in item.answers + item.evidence:
            if not any(span in t for t in texts):
                problems.append(f"{item.id}: {span!r} not verbatim in {item.doc}")
        if len(item.doc) == 1:  # single-document answers must sit in their evidence sentence
            for a in item.answers:
                if not any(a in ev for ev in item.evidence):
                    problems.append(f"{item.id}: answer {a!r} outside its evidence")
        if item.type == "cross_doc":
            for d, t in zip(item.doc, texts):
                if not any(ev in t for ev in item.evidence):
                    problems.append(f"{item.id}: no evidence located in {d}")
    assert not problems, "\n".join(problems)


def test_paraphrase_set_asks_each_question_at_least_four_ways() -> None:
    path = PROJECT_ROOT / "eval" / "changzhou_paraphrase.jsonl"
    items = whole(path)
    groups = Counter(i.group for i in items)
    assert None not in groups and len(groups) >= 40 and min(groups.values()) >= 4
    # a group is frozen whole or not at all
    assert not {i.group for i in load_set(path)} & {i.group for i in load_set(FROZEN / path.name)}
    # every group's members share their gold
    gold = {}
    for i in items:
        assert gold.setdefault(i.group, i.answers) == i.answers, i.id


@pytest.mark.parametrize("name, folder", [("blind_changzhou.jsonl", PROJECT_ROOT / "data"),
                                          ("blind_other_places.jsonl", PROJECT_ROOT / "tests" / "data" / "other_places"),
                                          ("blind2_changzhou.jsonl", PROJECT_ROOT / "data"),
                                          ("blind2_provinces.jsonl", PROJECT_ROOT / "tests" / "data" / "other_places"),
                                          ("blind3_changzhou.jsonl", PROJECT_ROOT / "data"),
                                          ("blind3_provinces.jsonl", PROJECT_ROOT / "tests" / "data" / "other_places"),
                                          ("blind4_changzhou.jsonl", PROJECT_ROOT / "data"),
                                          ("blind4_provinces.jsonl", PROJECT_ROOT / "tests" / "data" / "other_places"),
                                          ("blind5_changzhou.jsonl", PROJECT_ROOT / "data"),
                                          ("blind5_provinces.jsonl", PROJECT_ROOT / "tests" / "data" / "other_places"),
                                          ("blind6_changzhou.jsonl", PROJECT_ROOT / "data"),
                                          ("blind6_provinces.jsonl", PROJECT_ROOT / "tests" / "data" / "other_places"),
                                          ("blind7_changzhou.jsonl", PROJECT_ROOT / "data"),
                                          ("blind7_provinces.jsonl", PROJECT_ROOT / "tests" / "data" / "other_places")])
def test_blind_sets_are_drawn_apart_and_quote_their_reports(name: str, folder: Path) -> None:
    fit, frozen = load_set(PROJECT_ROOT / "eval" / name), load_set(FROZEN / name)
    assert not {i.id for i in fit} & {i.id for i in frozen} and len(frozen) >= 0.3 * (len(fit) + len(frozen))
    texts = {p.name: p.read_text(encoding="utf-8") for p in folder.glob("*.txt")}
    report = "\n".join(texts.values())
    for item in fit + frozen:
        # each piece of evidence is a report's; a gold span is its report's, but a total the writer added
        assert all(ev in report for ev in item.evidence or ()), item.id
        if item.answerable and item.type not in ("aggregate", "cross_doc") and not set(item.answers) <= VERDICTS:
            assert all(a in texts[item.doc[0]] for a in item.answers), item.id
