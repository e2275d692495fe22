"""Scoring functions, the evaluator and the run report, on hand-computed cases."""
from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest

from qa.combine import combine_parts
from qa.config import PROJECT_ROOT
from eval import metrics as M
from eval.report import compare_runs, compare_runs_dict, write_run
from eval.runner import evaluate, run_eval
from eval.sets import EvalItem
from qa.schema import Answer, Citation

JT = "001_8c9d520ce41816f3.txt"   # 金坛 2019
XB = "000_427157c61ed303b7.txt"   # 新北 2018
JT_TEXT = (PROJECT_ROOT / "data" / JT).read_text(encoding="utf-8")


# ---- normalisation, EM, F1 -------------------------------------------------

def test_normalize_strips_chinese_and_english_punctuation() -> None:
    assert M.normalize_tokens("《新时代》，教师！“好”") == list("新时代教师好")
    assert M.normalize_tokens("Hello, World-Cup 2.0") == ["hello", "world", "cup", "2.0"]
    assert M.normalize_tokens("92.45分") == ["92.45", "分"]
    assert M.normalize_tokens("  ") == []
    assert M.normalize_tokens(None) == []


def test_exact_match_after_normalisation() -> None:
    assert M.exact_match("“43人”。", ["43人"]) == 1.0
    assert M.exact_match("43 人", ["43人"]) == 1.0
    assert M.exact_match("43人", ["18人"]) == 0.0
    assert M.exact_match("43人", ["18人", "43人"]) == 1.0


def test_f1_is_lcs_based() -> None:
    # pred tokens 43/名/教/师, gold 43/名: P=2/4, R=2/2 -> F1=2/3
    assert M.f1("43名教师", ["43名"]) == pytest.approx(2 / 3)
    # longest common *substring*, not subsequence: 甲丙 share only one contiguous token
    assert M.f1("甲乙丙丁", ["甲丙"]) == pytest.approx(2 * (1 / 4) * (1 / 2) / (1 / 4 + 1 / 2))
    assert M.f1("43名教师", ["18人", "43名教师"]) == 1.0  # best over golds
    assert M.f1("完全无关", ["43名"]) == 0.0
    assert M.f1(None, ["43名"]) == 0.0


def test_no_gold_scores_only_empty_prediction() -> None:
    assert M.f1(None, []) == 1.0 and M.exact_match("", []) == 1.0
    assert M.f1("43人", []) == 0.0 and M.exact_match("43人", []) == 0.0


def test_contains_respects_token_boundaries() -> None:
    assert M.contains("公开招聘教师43人。", ["43人"])
    assert not M.contains("公开招聘教师143人", ["43人"])  # "143" is one token
    assert not M.contains(None, ["43人"])


# ---- retrieval, latency, abstention ---------------------------------------------

def test_recall_at_k_and_mrr() -> None:
    ranks = [1, 3, None, 6]
    assert M.recall_at_k(ranks, 1) == 0.25
    assert M.recall_at_k(ranks, 3) == 0.5
    assert M.recall_at_k(ranks, 10) == 0.75
    assert M.mrr(ranks) == pytest.approx((1 + 1 / 3 + 1 / 6) / 4)
    assert M.recall_at_k([], 5) is None and M.mrr([]) is None


def test_percentile_interpolates() -> None:
    assert M.percentile([4, 1, 3, 2], 50) == 2.5
    assert M.percentile(list(range(1, 101)), 95) == pytest.approx(95.05)
    assert M.percentile([], 50) is None


def test_abstention_metrics() -> None:
    abstained = [True, True, True, False, False]
    unanswerable = [True, True, False, False, False]
    assert M.abstention_precision(abstained, unanswerable) == pytest.approx(2 / 3)
    assert M.abstention_recall(abstained, unanswerable) == 1.0
    assert M.false_abstention_rate(abstained, unanswerable) == pytest.approx(1 / 3)
    assert M.abstention_precision([False], [True]) is None
    with pytest.raises(ValueError):
        M.abstention_recall([True], [True, False])


# ---- evaluate() / write_run() on real offsets into data/001 ------------------------

def _cite(anchor: str, doc: str = JT, text: str | None = None, score: float = 1.0) -> Citation:
    start = JT_TEXT.find(anchor)
    assert start >= 0, anchor
    end = start + len(anchor)
    return Citation(doc=doc, path=f"data/{doc}", title="t", district="金坛区", year=2019, section="s",
                    start=start, end=end, text=JT_TEXT[start:end] if text is None else text, score=score)


def _answer(q: str, span: str | None, cites: list[Citation], total: float, shift: int = 0,
            abstained: bool = False) -> Answer:
    start = end = None
    if span is not None:
        # offsets of the span inside whichever cited passage holds it
        start = next(i for c in cites if (i := JT_TEXT.find(span, c.start, c.end)) >= 0) + shift
        end = start + len(span)
    return Answer(question=q, answer=span, answer_kind="span", abstained=abstained,
                  reason="low confidence" if abstained else None, answer_start=start, answer_end=end,
                  citations=cites, timings_ms={"total": total})


EV_43 = "赴南京师范大学招聘优秀毕业生18人,公开招聘教师43人。"
EV_84 = "省优质园比例达84%。"
EV_148 = "初步认定148人具备相应教师资格。"
XSS = "<script>alert(1)</script>"


def _items() -> list[EvalItem]:
    return [
        EvalItem("a", "金坛2019年招聘了多少教师", ("43人",), (JT,), (EV_43,), "number"),
        EvalItem("b", XSS + "金坛省优质幼儿园比例达到多少", ("84%",), (JT,), (EV_84,), "percent_money"),
        EvalItem("e", "金坛组建了几个区级名班主任工作室", ("12个",), (JT,), None, "number"),
        EvalItem("f", "金坛初步认定多少人具备教师资格？", ("148人",), (JT,), (EV_148,), "number"),
        EvalItem("c", "溧阳2019年招聘了多少教师？", (), None, None, "unanswerable"),
        EvalItem("d", "2023年金坛招聘了多少老师？", (), None, None, "unanswerable"),
    ]


def _answers() -> list[Answer]:
    it = _items()
    distractor = _cite("保持一般公共预算教育支出只增不减")          # gold doc, not the evidence
    return [
        _answer(it[0].question, "43人", [distractor, _cite(EV_43)], 10),       # right, rank 2
        _answer(it[1].question, "600元", [_cite("按每生每年600元的标准拨付", text=XSS)], 20),  # wrong, grounded
        _answer(it[2].question, None, [], 30, abstained=True),                  # false abstention
        _answer(it[3].question, "148人", [_cite(EV_148)], 40, shift=1),         # right text, bad offsets
        _answer(it[4].question, None, [], 50, abstained=True),                  # right abstention
        _answer(it[5].question, "43人", [_cite(EV_43)], 60),                    # should have abstained
    ]


def test_evaluate_hand_computed() -> None:
    m = evaluate(_items(), _answers())
    o = m["overall"]
    assert (o["n"], o["n_answerable"], o["n_unanswerable"]) == (6, 4, 2)
    assert o["has_ans_em"] == 50.0                     # a and f ("148人", offsets aside)
    assert o["em"] == 50.0                             # a, f + the correct abstention c
    assert o["has_ans_f1"] == 50.0
    assert o["recall@1"] == 25.0 and o["recall@3"] == 50.0 and o["recall@10"] == 50.0
    assert o["mrr"] == pytest.approx(37.5)
    assert o["citation_correct"] == pytest.approx(66.67)  # a and b grounded, f offsets wrong
    assert o["abstention_precision"] == 50.0
    assert o["abstention_recall"] == 50.0
    assert o["false_abstention_rate"] == 25.0
    assert o["accuracy"] == pytest.approx(50.0)         # a, c, f
    assert o["latency_p50_ms"] == 35.0 and o["latency_p95_ms"] == pytest.approx(57.5)
    assert o["citations_verbatim"] == 80.0             # b's citation text differs from the file
    assert set(m["by_doc"]) == {JT, "(none)"}
    assert m["by_type"]["unanswerable"]["abstention_recall"] == 50.0
    ranks = {r["id"]: r["rank"] for r in m["items"]}
    assert ranks == {"a": 2, "b": None, "e": None, "f": 1, "c": None, "d": None}


def test_relevance_is_doc_only_without_evidence() -> None:
    item = EvalItem("x", "q", ("43人",), (JT,), None, "number")
    other = _cite(EV_43, doc=XB)  # right passage, wrong document name
    ans = _answer("q", "43人", [other, _cite("保持一般公共预算教育支出只增不减")], 1)
    assert evaluate([item], [ans])["items"][0]["rank"] == 2


def test_evaluate_rejects_length_mismatch() -> None:
    with pytest.raises(ValueError):
        evaluate(_items(), _answers()[:-1])


def test_run_eval_records_crashes_and_fills_total() -> None:
    items = _items()[:2]

    def ask(q: str) -> Answer:
        if q == items[1].question:
            raise RuntimeError("boom")
        return Answer(q, "43人", "span", False, None, None, None)

    out = run_eval(ask, items, progress=False)
    assert out[0].answer == "43人" and "total" in out[0].timings_ms
    assert out[1].abstained and out[1].reason.startswith("error: RuntimeError")
    assert evaluate(items, out)["overall"]["n_errors"] == 1


def test_a_crash_on_an_unanswerable_question_is_no_correct_refusal() -> None:
    item = _items()[4]

    def ask(q: str) -> Answer:
        raise RuntimeError("boom")

    rec = evaluate([item], run_eval(ask, [item], progress=False))["items"][0]
    assert rec["error"] and rec["abstained"]
    assert (rec["em"], rec["f1"], rec["correct"]) == (0.0, 0.0, False)


def test_write_run_writes_escaped_report(tmp_path: Path) -> None:
    items, answers = _items(), _answers()
    out = write_run(tmp_path / "run", items, answers, evaluate(items, answers))
    for name in ("predictions.jsonl", "metrics.json", "report.md", "report.html"):
        assert (out / name).is_file(), name
    lines = [json.loads(x) for x in (out / "predictions.jsonl").read_text(encoding="utf-8").splitlines()]
    assert [x["id"] for x in lines] == ["a", "b", "e", "f", "c", "d"]
    assert lines[0]["gold_answers"] == ["43人"] and lines[0]["citations"][1]["start"] == JT_TEXT.find(EV_43)
    assert "items" not in json.loads((out / "metrics.json").read_text(encoding="utf-8"))
    page = (out / "report.html").read_text(encoding="utf-8")
    assert "<img" in page and "data:image/png;base64," in page
    assert "<script>" not in page and "&lt;script&gt;" in page
    assert "600元" in page and "84%" in page          # failure b: got / expected
    assert "Failures (3)" in page                      # b, e, d fail; a, c, f pass


def test_compare_runs_reports_flips(tmp_path: Path) -> None:
    items, answers = _items(), _answers()
    write_run(tmp_path / "A", items, answers, evaluate(items, answers))
    better = list(answers)
    better[0] = _answer(items[0].question, None, [], 10, abstained=True)          # a breaks
    better[1] = _answer(items[1].question, "84%", [_cite(EV_84)], 20)             # b fixed
    better[5] = _answer(items[5].question, None, [], 60, abstained=True)          # d fixed
    write_run(tmp_path / "B", items, better, evaluate(items, better))
    c = compare_runs_dict(tmp_path / "A", tmp_path / "B")
    assert [x["id"] for x in c["fixed"]] == ["b", "d"]
    assert [x["id"] for x in c["broken"]] == ["a"]
    assert c["metrics"]["accuracy"]["delta"] == pytest.approx(16.67, abs=0.01)
    assert c["metrics"]["abstention_recall"]["delta"] == 50.0
    text = compare_runs(tmp_path / "A", tmp_path / "B")
    assert "Fixed (wrong in A, right in B): 2" in text and "Broken (right in A, wrong in B): 1" in text


def test_oracle_answers_score_full_marks_on_dev_set() -> None:
    # Guards the evaluator and the dev set together: answers built from the gold
    # evidence must be judged perfect, or one of the two is wrong.
    from eval.sets import load_set

    items = load_set(PROJECT_ROOT / "eval" / "changzhou_dev.jsonl")
    answers = []
    for item in items:
        if not item.answerable:
            answers.append(Answer(item.question, None, "span", True, "not in corpus", None, None,
                                  timings_ms={"total": 1.0}))
            continue
        cites = []
        for doc in item.doc or ():
            text = (PROJECT_ROOT / "data" / doc).read_text(encoding="utf-8")
            for ev in item.evidence or ():
                if (s := text.find(ev)) >= 0:
                    cites.append(Citation(doc, f"data/{doc}", "t", None, None, "s", s, s + len(ev), ev, 1.0))
        first = cites[0]
        start = first.start + first.text.find(item.answers[0])
        answers.append(Answer(item.question, item.answers[0], "span", False, None, start,
                              start + len(item.answers[0]), citations=cites, timings_ms={"total": 1.0}))
    o = evaluate(items, answers)["overall"]
    for key in ("em", "f1", "accuracy", "recall@1", "mrr", "citation_correct", "citations_verbatim",
                "abstention_precision", "abstention_recall"):
        assert o[key] == 100.0, key
    assert o["false_abstention_rate"] == 0.0


def test_an_answer_in_parts_scores_each_part_on_its_own_gold() -> None:
    item = EvalItem("p", "金坛2019年和新北2018年分别招聘了多少教师", ("43人", "148人"), (JT,), None, "number")
    right = _answer("金坛2019年招聘了多少教师", "43人", [_cite(EV_43)], 1)
    wrong = _answer("新北2018年招聘了多少教师", "18人", [_cite(EV_43)], 1)
    declined = _answer("新北2018年招聘了多少教师", None, [], 1, abstained=True)

    def scored(*parts: Answer) -> dict:
        whole = combine_parts(item.question, [replace(p, scope=str(i)) for i, p in enumerate(parts)], 5, 2.0, [])
        return evaluate([item], [whole])["items"][0]

    # right text for both, but the second part's offsets point at 43人: its citation does not check
    both = scored(right, replace(right, answer="148人"))
    assert (both["em"], both["correct"], both["citation_ok"]) == (1.0, True, False)
    half = scored(right, wrong)
    assert (half["em"], half["correct"], half["citation_ok"]) == (0.5, False, True)
    assert scored(wrong, right)["em"] == 0.0                # each part on its own gold, in order
    one = scored(right, declined)
    assert (one["em"], one["abstained"], one["citation_ok"]) == (0.5, False, True)


def test_answer_hit_holds_the_gold_and_is_not_much_longer():
    assert M.hit("43人", ["43人"]) and M.hit("共43人", ["43人"])
    assert not M.hit("43", ["43人"])
    assert not M.hit("赴南京师范大学招聘优秀毕业生18人,公开招聘教师43人", ["43人"])


def test_invariance_counts_groups_answered_alike_declines_included():
    assert M.invariance([["43人", "43 人"], [None, None]]) == 1.0
    assert M.invariance([["43人", "10名"], [None, "43人"]]) == 0.0
    assert M.invariance([["only one"]]) is None


def test_a_set_in_groups_reports_its_invariance():
    from qa.schema import Answer

    items = [EvalItem(f"g{i}-{j}", "问", ("43人",), None, None, "number", group=f"g{i}")
             for i in range(2) for j in range(2)]
    said = ["43人", "43人", "43人", None]
    answers = [Answer("问", a, "span", a is None, None, None, None) for a in said]
    overall = evaluate(items, answers)["overall"]
    assert (overall["n_groups"], overall["invariance"], overall["invariance_right"]) == (2, 50.0, 50.0)


def test_a_composed_answer_is_a_hit_by_its_total_or_by_all_its_parts():
    from qa.schema import Answer

    item = EvalItem("c1", "金坛2019年招聘了多少教师", ("71人",), None, None, "aggregate")
    part = Answer("p", "43人", "span", False, None, 0, 3, label="公开招聘教师")
    ans = Answer(item.question, "共71人：公开招聘教师43人", "sum", False, None, None, None, parts=[part])
    rec = evaluate([item], [ans])["items"][0]
    assert rec["hit"] is True and evaluate([item], [ans])["overall"]["answer_hit"] == 100.0
