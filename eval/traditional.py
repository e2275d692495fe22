"""The own question sets asked in Traditional Chinese, against the same sets as written.

    .venv/bin/python eval/traditional.py [SET ...]      (default: eval/frozen/changzhou_dev.jsonl)

Each question is converted with OpenCC (s2t, as a Traditional-Chinese user would type it); the
gold answers stay as the reports write them. Prints answer hit, EM and false declines for both
forms and their difference (the assistant reads Traditional questions as Simplified, so the two
should score within a few points).
"""
from __future__ import annotations

import argparse
from dataclasses import replace
from pathlib import Path

from eval.runner import evaluate, run_eval
from eval.sets import load_set
from qa.config import Config
from qa.pipeline import Assistant


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("sets", nargs="*", default=["eval/frozen/changzhou_dev.jsonl"])
    args = parser.parse_args()
    import opencc

    to_traditional = opencc.OpenCC("s2t")
    config = Config()
    assistant = Assistant.load(config)
    assistant.warm_up()
    keys = ("answer_hit", "em", "false_abstention_rate")
    for path in args.sets:
        items = load_set(Path(path))
        rows = {}
        for name, asked in (("simplified", items),
                            ("traditional", [replace(i, question=to_traditional.convert(i.question)) for i in items])):
            answers = run_eval(lambda q: assistant.ask(q), asked, progress=False)
            rows[name] = evaluate(asked, answers, config.root)["overall"]
        print(f"{path} ({len(items)} q)")
        for name, overall in rows.items():
            print(f"  {name:<12} " + "  ".join(f"{k} {overall.get(k)}" for k in keys))
        print("  difference   " + "  ".join(
            f"{k} {(rows['traditional'].get(k) or 0) - (rows['simplified'].get(k) or 0):+.2f}" for k in keys))


if __name__ == "__main__":
    main()
