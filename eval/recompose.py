"""Score a saved run (qa eval --out RUN) as the compose step (qa/compose) changes its answers,
without re-running the reader: python eval/recompose.py RUN SET OUT.

Assistant._composed is compose(_ask_one(q)), so a run written before composed answers holds the
_ask_one answers; 分别 answers stay as they are. Compare questions need a live ask and are listed.
"""
import json, sys
from pathlib import Path
from qa.config import Config
from index import storage as store_io
from qa.pipeline import NO_SPAN
from qa.retriever.query import corpus_segmenter
from qa.compose.asks import read_asked
from qa.compose.compose import compose
from qa.schema import Answer, Citation
from eval.sets import load_set
from eval.runner import evaluate

run, set_path, out = Path(sys.argv[1]), sys.argv[2], Path(sys.argv[3])
config = Config()
store = store_io.load(config.index_dir, config.root)
seg = corpus_segmenter(list(store.documents.values()), config.cache_dir)
preds = {json.loads(l)["id"]: json.loads(l) for l in (run / "predictions.jsonl").read_text().splitlines()}
items = load_set(Path(set_path))
answers, changed, live = [], [], []
for it in items:
    p = preds[it.id]
    cites = [Citation(**c) for c in p["citations"]]
    parts = [Answer(q["question"], q["answer"], "span", q["abstained"], q["reason"], q["answer_start"], q["answer_end"], [], scope=q["scope"]) for q in p["parts"]]
    a = Answer(p["question"], p["answer"], p["answer_kind"], p["abstained"], p["reason"], p["answer_start"], p["answer_end"], cites, p["timings_ms"], p["confidence"], p["notices"], parts)
    asked = read_asked(it.question, seg.tagged)
    if asked.kind == "compare":
        live.append(it.id)
    if not p["parts"] and asked.kind != "compare":
        b = compose(a, asked, store, seg.words, seg.tagged, config.reader_passages, rescue=a.reason == NO_SPAN)
        if b is not a:
            changed.append((it.id, it.type, it.answers, p["answer"], b.answer))
        a = b
    answers.append(a)
m = evaluate(items, answers, config.root)
out.mkdir(parents=True, exist_ok=True)
json.dump({k: v for k, v in m.items() if k != "items"}, open(out / "metrics.json", "w"), ensure_ascii=False, indent=1)
for c in changed:
    print("CHANGED", *c, sep=" | ")
print("live-ask needed (compare):", live)
for t, v in m["by_type"].items():
    print(t, v["n"], "EM", v["em"], "F1", v["f1"], "acc", v["accuracy"], "contains", v["containment"], "part_recall", v["part_recall"])
o = m["overall"]; print("overall EM", o["em"], "F1", o["f1"], "acc", o["accuracy"], "part_recall", o["part_recall"], "n_composed", o["n_composed"])
