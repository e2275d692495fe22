"""Reader speed and the int8 cost: prints numbers, asserts nothing.

    .venv/bin/python eval/bench_reader.py [--set eval/changzhou_dev.jsonl] [--cmrc PATH --limit N]

Latency is warm (models loaded, one question asked first): the reader over the
retrieved passages, and the whole question end to end.
"""
from __future__ import annotations

import argparse
import time
from pathlib import Path

from qa.config import Config
from eval.metrics import percentile
from eval.sets import load_set
from qa.pipeline import Assistant
from eval.mrc import score_reader


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--set", default="eval/changzhou_dev.jsonl")
    parser.add_argument("--cmrc", default="../shared/mrc/cmrc2018_dev.json")
    parser.add_argument("--limit", type=int, default=300, help="CMRC dev questions for the int8/fp32 check")
    args = parser.parse_args()
    assistant = Assistant.load()
    questions = [i.question for i in load_set(Path(args.set))]
    assistant.ask(questions[0])
    reader_ms, total_ms, split_ms = [], [], []
    for q in questions:
        t0 = time.perf_counter()
        answer = assistant.ask(q)
        # a question asked of several districts is one retrieve-and-read per district
        (split_ms if answer.parts else total_ms).append((time.perf_counter() - t0) * 1000)
        if "read" in answer.timings_ms:
            reader_ms.append(answer.timings_ms["read"])
    print(f"reader over top {assistant.config.reader_passages} passages: p50 {percentile(reader_ms, 50):.0f} ms, "
          f"p95 {percentile(reader_ms, 95):.0f} ms (n={len(reader_ms)})")
    print(f"whole question: p50 {percentile(total_ms, 50):.0f} ms, p95 {percentile(total_ms, 95):.0f} ms "
          f"(n={len(total_ms)})")
    if split_ms:
        print(f"whole question asked of several districts (分别): p50 {percentile(split_ms, 50):.0f} ms, "
              f"max {max(split_ms):.0f} ms (n={len(split_ms)})")
    if Path(args.cmrc).is_file():
        for int8 in (True, False):
            t0 = time.perf_counter()
            result = score_reader(Config().with_overrides(reader_int8=int8), Path(args.cmrc), args.limit)
            print(f"CMRC 2018 dev first {result['n']}: {'int8' if int8 else 'fp32'} "
                  f"EM {result['em']:.1f} F1 {result['f1']:.1f} ({time.perf_counter() - t0:.0f} s)")


if __name__ == "__main__":
    main()
