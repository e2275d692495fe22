"""Writes a scored run to disk (JSONL, JSON, Markdown, HTML) and compares two runs.

predictions.jsonl stores each question's gold next to the prediction so a run
directory is self-contained: `compare_runs` needs nothing but two directories,
even after the evaluation set has been edited.
"""
from __future__ import annotations

import base64
import html
import io
import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from eval.runner import evaluate, judge_answer, judge_composed, shown_stored
from qa.schema import COMPOSED_KINDS
from eval.sets import EvalItem
from qa.schema import Answer

_TABLE_COLS = [("n", "n"), ("em", "EM"), ("f1", "F1"), ("containment", "contain"),
               ("recall@1", "R@1"), ("recall@5", "R@5"), ("mrr", "MRR"),
               ("citation_correct", "cite ok"), ("abstention_recall", "abst R"),
               ("false_abstention_rate", "false abst"), ("latency_p50_ms", "p50 ms")]


def write_run(out_dir: Path, items: Sequence[EvalItem], answers: Sequence[Answer],
              metrics: dict[str, Any] | None = None) -> Path:
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    if metrics is None or "items" not in metrics:
        metrics = evaluate(items, answers)
    recs = metrics["items"]
    with (out / "predictions.jsonl").open("w", encoding="utf-8") as fh:
        for item, ans, rec in zip(items, answers, recs):
            fh.write(json.dumps(_prediction_line(item, ans, rec), ensure_ascii=False) + "\n")
    summary = {k: v for k, v in metrics.items() if k != "items"}
    (out / "metrics.json").write_text(json.dumps(summary, ensure_ascii=False, indent=2), encoding="utf-8")
    failures = [(i, a, r) for i, a, r in zip(items, answers, recs) if not r["correct"]]
    (out / "report.md").write_text(_markdown(summary, failures), encoding="utf-8")
    (out / "report.html").write_text(_html(summary, failures), encoding="utf-8")
    return out


def _prediction_line(item: EvalItem, ans: Answer, rec: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": item.id, "question": item.question, "type": item.type,
        "gold_answers": list(item.answers), "gold_doc": list(item.doc) if item.doc else None,
        "evidence": list(item.evidence) if item.evidence else None,
        "answer": ans.answer, "answer_kind": ans.answer_kind, "abstained": rec["abstained"],
        "reason": ans.reason, "answer_start": ans.answer_start, "answer_end": ans.answer_end,
        "confidence": ans.confidence, "citations": [c.to_dict() for c in ans.citations],
        "timings_ms": ans.timings_ms, "notices": ans.notices,
        "parts": [{"scope": p.scope, "label": p.label, "question": p.question, "answer": p.answer,
                   "abstained": p.abstained,
                   "reason": p.reason, "answer_start": p.answer_start, "answer_end": p.answer_end}
                  for p in ans.parts],
        "scores": {k: rec.get(k) for k in ("em", "f1", "contains", "correct", "rank", "citation_ok",
                                           "part_recall")},
    }


def _fmt(v: Any) -> str:
    if v is None:
        return "–"
    return f"{v:.1f}" if isinstance(v, float) else str(v)


def _rows(groups: dict[str, dict[str, Any]]) -> list[list[str]]:
    return [[name] + [_fmt(g.get(k)) for k, _ in _TABLE_COLS] for name, g in groups.items()]


def _expected(item: EvalItem) -> str:
    return " | ".join(item.answers) if item.answers else "(no answer: should abstain)"


def _got(ans: Answer, rec: dict[str, Any]) -> str:
    return f"(abstained: {ans.reason or 'no reason'})" if rec["abstained"] else (ans.answer or "")


def _markdown(summary: dict[str, Any], failures: list[tuple[EvalItem, Answer, dict[str, Any]]]) -> str:
    def table(title: str, groups: dict[str, dict[str, Any]]) -> list[str]:
        head = ["group"] + [label for _, label in _TABLE_COLS]
        lines = [f"## {title}", "", "| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
        lines += ["| " + " | ".join(c.replace("|", "\\|") for c in row) + " |" for row in _rows(groups)]
        return lines + [""]

    lines = ["# Evaluation report", "", f"_Scale: {summary['scale']}_", "", "## Overall", ""]
    lines += [f"- **{k}**: {_fmt(v)}" for k, v in summary["overall"].items()] + [""]
    lines += table("By type", summary["by_type"]) + table("By document", summary["by_doc"])
    lines += [f"## Failures ({len(failures)})", ""]
    e = html.escape  # Markdown renderers pass raw HTML through; document text must stay text
    for item, ans, rec in failures:
        cited = ans.citations[0].text.replace("\n", " ")[:300] if ans.citations else "(no citation)"
        lines += [f"### {e(item.id)} [{item.type}] {e(item.question)}",
                  f"- expected: {e(_expected(item))}", f"- got: {e(_got(ans, rec))}",
                  f"- first relevant rank: {_fmt(rec['rank'])}", f"- cited: {e(cited)}", ""]
    return "\n".join(lines)


def _chart_png(summary: dict[str, Any]) -> str:
    """F1 and recall@5 per type and per document, as a base64 PNG."""
    import matplotlib
    matplotlib.use("Agg")  # headless: reports are written by CI and batch runs
    import matplotlib.pyplot as plt

    fig, axes = plt.subplots(1, 2, figsize=(12, 4))
    for ax, (title, groups) in zip(axes, [("by type", summary["by_type"]), ("by document", summary["by_doc"])]):
        names = list(groups)
        xs = range(len(names))
        ax.bar([x - 0.2 for x in xs], [groups[n]["f1"] or 0 for n in names], width=0.4, label="F1")
        ax.bar([x + 0.2 for x in xs], [groups[n]["recall@5"] or 0 for n in names], width=0.4, label="recall@5")
        ax.set_xticks(list(xs), [n[:14] for n in names], rotation=30, ha="right", fontsize=8)
        ax.set_ylim(0, 100)
        ax.set_title(f"F1 and recall@5 {title} (0-100)")
        ax.legend(fontsize=8)
    fig.tight_layout()
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=90)
    plt.close(fig)
    return base64.b64encode(buf.getvalue()).decode("ascii")


def _html(summary: dict[str, Any], failures: list[tuple[EvalItem, Answer, dict[str, Any]]]) -> str:
    e = html.escape  # every string below may come from a document or a user

    def table(groups: dict[str, dict[str, Any]]) -> str:
        head = "".join(f"<th>{e(h)}</th>" for h in ["group"] + [label for _, label in _TABLE_COLS])
        body = "".join("<tr>" + "".join(f"<td>{e(c)}</td>" for c in row) + "</tr>" for row in _rows(groups))
        return f"<table><tr>{head}</tr>{body}</table>"

    overall = "".join(f"<tr><th>{e(k)}</th><td>{e(_fmt(v))}</td></tr>" for k, v in summary["overall"].items())
    fails = []
    for item, ans, rec in failures:
        c = ans.citations[0] if ans.citations else None
        cited = (f"<p class='src'>{e(c.doc)} [{c.start}:{c.end}] {e(c.section)}</p><blockquote>{e(c.text)}</blockquote>"
                 if c else "<p>(no citation)</p>")
        fails.append(f"<div class='fail'><h3>{e(item.id)} [{e(item.type)}] {e(item.question)}</h3>"
                     f"<p><b>expected:</b> {e(_expected(item))}</p><p><b>got:</b> {e(_got(ans, rec))}</p>"
                     f"<p><b>first relevant rank:</b> {e(_fmt(rec['rank']))}</p>{cited}</div>")
    style = ("body{font-family:sans-serif;max-width:1100px;margin:auto}table{border-collapse:collapse}"
             "td,th{border:1px solid #ccc;padding:2px 6px}blockquote{background:#f6f6f6;padding:6px}"
             ".fail{border-top:1px solid #ddd}")
    return (f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>Evaluation report</title>"
            f"<style>{style}</style></head><body><h1>Evaluation report</h1><p><i>{e(summary['scale'])}</i></p>"
            f"<h2>Overall</h2><table>{overall}</table>"
            f"<h2>Charts</h2><img alt='F1 and recall@5 by type and document' "
            f"src='data:image/png;base64,{_chart_png(summary)}'>"
            f"<h2>By type</h2>{table(summary['by_type'])}<h2>By document</h2>{table(summary['by_doc'])}"
            f"<h2>Failures ({len(failures)})</h2>{''.join(fails)}</body></html>")


def _load_run(run_dir: Path) -> tuple[dict[str, Any], dict[str, dict[str, Any]]]:
    run_dir = Path(run_dir)
    summary = json.loads((run_dir / "metrics.json").read_text(encoding="utf-8"))
    preds: dict[str, dict[str, Any]] = {}
    for line in (run_dir / "predictions.jsonl").read_text(encoding="utf-8").splitlines():
        if line.strip():
            rec = json.loads(line)
            preds[rec["id"]] = rec
    return summary, preds


def compare_runs_dict(dir_a: Path, dir_b: Path) -> dict[str, Any]:
    """Overall metric deltas (B - A) and the questions whose pass/fail flipped."""
    sum_a, pred_a = _load_run(dir_a)
    sum_b, pred_b = _load_run(dir_b)
    deltas: dict[str, dict[str, float | None]] = {}
    for k, va in sum_a["overall"].items():
        vb = sum_b["overall"].get(k)
        if isinstance(va, (int, float)) or isinstance(vb, (int, float)):
            d = vb - va if isinstance(va, (int, float)) and isinstance(vb, (int, float)) else None
            deltas[k] = {"a": va, "b": vb, "delta": None if d is None else round(d, 4)}

    # Re-judge from stored gold rather than trusting stored flags, so runs
    # written by an older scorer compare on the same footing.
    def ok(p: dict[str, Any]) -> bool:
        if p.get("answer_kind") in COMPOSED_KINDS:
            return judge_composed(p["answer"], p["abstained"], p["gold_answers"], shown_stored(p["parts"]))
        parts = [(q["answer"], q["abstained"]) for q in p.get("parts", [])]
        return judge_answer(p["answer"], p["abstained"], p["gold_answers"], parts)

    fixed, broken = [], []
    for qid in pred_a.keys() & pred_b.keys():
        a, b = ok(pred_a[qid]), ok(pred_b[qid])
        if a != b:
            entry = {"id": qid, "question": pred_b[qid]["question"], "gold": pred_b[qid]["gold_answers"],
                     "a": pred_a[qid]["answer"], "b": pred_b[qid]["answer"]}
            (fixed if b else broken).append(entry)
    return {
        "metrics": deltas,
        "fixed": sorted(fixed, key=lambda x: x["id"]),
        "broken": sorted(broken, key=lambda x: x["id"]),
        "only_in_a": sorted(pred_a.keys() - pred_b.keys()),
        "only_in_b": sorted(pred_b.keys() - pred_a.keys()),
    }


def compare_runs(dir_a: Path, dir_b: Path) -> str:
    c = compare_runs_dict(dir_a, dir_b)
    lines = [f"# Run comparison: A={dir_a}  B={dir_b}", "", "| metric | A | B | B-A |", "|---|---|---|---|"]
    lines += [f"| {k} | {_fmt(v['a'])} | {_fmt(v['b'])} | {_fmt(v['delta'])} |" for k, v in c["metrics"].items()]
    for key, title in (("fixed", "Fixed (wrong in A, right in B)"), ("broken", "Broken (right in A, wrong in B)")):
        lines += ["", f"## {title}: {len(c[key])}"]
        lines += [f"- {x['id']} {x['question']} | gold: {' | '.join(x['gold']) or '(abstain)'} "
                  f"| A: {x['a']} | B: {x['b']}" for x in c[key]]
    if c["only_in_a"] or c["only_in_b"]:
        lines += ["", f"Only in A: {', '.join(c['only_in_a']) or '-'}; only in B: {', '.join(c['only_in_b']) or '-'}"]
    return "\n".join(lines) + "\n"
