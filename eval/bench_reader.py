"""Reader speed and what each engine costs: prints numbers, asserts nothing.

    .venv/bin/python eval/bench_reader.py [--set eval/changzhou_dev.jsonl] [--cmrc PATH --limit N]

Latency is warm (models loaded, one question asked first), with the shipped engine
(Config.reader_engine): the reader over the retrieved passages, and the whole question end to
end, beside one plain e5-small forward pass over 256 tokens in the same process (the yardstick of
the speed targets). Then CMRC 2018 dev EM/F1 for each engine, gold paragraph given.
"""
from __future__ import annotations

import argparse
import os
import time
from pathlib import Path

from qa.config import Config
from eval.metrics import percentile
from eval.sets import load_set
from qa.pipeline import Assistant
from eval.mrc import score_reader
from qa.reader.engine import ENGINES


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--set", default="eval/changzhou_dev.jsonl")
    parser.add_argument("--cmrc", default="../shared/mrc/cmrc2018_dev.json")
    parser.add_argument("--limit", type=int, default=300, help="CMRC dev questions for the int8/fp32 check")
    args = parser.parse_args()
    print(f"cores: {os.cpu_count()}, reader engine: {Config().reader_engine}, threads: {Config().reader_threads}")
    assistant = Assistant.load()
    forward_ms = _plain_forward_ms(assistant)
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
    print(f"one plain e5-small fp32 forward pass over 256 tokens: p50 {forward_ms:.0f} ms; "
          f"whole question p50 {percentile(total_ms, 50) / forward_ms:.2f}x, p95 {percentile(total_ms, 95) / forward_ms:.2f}x of it")
    if split_ms:
        print(f"whole question asked of several districts (分别): p50 {percentile(split_ms, 50):.0f} ms, "
              f"max {max(split_ms):.0f} ms (n={len(split_ms)})")
    if Path(args.cmrc).is_file():
        for engine in ENGINES:
            t0 = time.perf_counter()
            result = score_reader(Config().with_overrides(reader_engine=engine), Path(args.cmrc), args.limit)
            print(f"CMRC 2018 dev first {result['n']}: {engine} "
                  f"EM {result['em']:.2f} F1 {result['f1']:.2f} ({time.perf_counter() - t0:.0f} s)")


def _plain_forward_ms(assistant: Assistant, runs: int = 20) -> float:
    """Median of one e5-small fp32 forward pass (torch) over a 256-token window."""
    import torch

    model = assistant.embedder.model[0].auto_model
    ids = torch.full((1, 256), 6, dtype=torch.long)
    mask = torch.ones_like(ids)
    times = []
    with torch.inference_mode():
        for _ in range(runs + 2):
            t0 = time.perf_counter()
            model(input_ids=ids, attention_mask=mask)
            times.append((time.perf_counter() - t0) * 1000)
    return percentile(times[2:], 50)


if __name__ == "__main__":
    main()
