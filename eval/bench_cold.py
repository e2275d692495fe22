"""Cold start: `qa ask` with one question in a fresh process, against merely importing the libraries.

    .venv/bin/python eval/bench_cold.py [--runs 3] [--question 金坛2019年招聘了多少教师]

Each run starts new processes: (a) `python -c "import torch, transformers, faiss, jieba,
sentence_transformers"`, (b) `python -m qa.cli ask QUESTION`, taken in turn so a busy machine
slows both alike. A first untimed `qa ask` builds the index and the caches if they are missing.
Prints the median wall-clock and CPU seconds (user + system) of each, their ratio (target: ask at
most 1.6x the imports), and whether ask wrote anything to stderr (it should not).
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
IMPORTS = "import torch, transformers, faiss, jieba, sentence_transformers"
TARGET = 1.6


def timed(command: list[str]) -> tuple[float, float, subprocess.CompletedProcess]:
    """(wall seconds, CPU seconds of the child, the finished process)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run(command, cwd=ROOT, capture_output=True, env=os.environ.copy())
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu, done


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--question", default="金坛2019年招聘了多少教师")
    parser.add_argument("--json", action="store_true", help="print the numbers as one JSON object")
    args = parser.parse_args()

    ask = [sys.executable, "-m", "qa.cli", "ask", args.question]
    imports = [sys.executable, "-c", IMPORTS]
    first = subprocess.run(ask, cwd=ROOT, capture_output=True, text=True)
    if first.returncode != 0:
        print(f"error: qa ask failed: {first.stderr.strip()[-500:]}", file=sys.stderr)
        return 1
    times: dict[str, list[tuple[float, float]]] = {"imports": [], "ask": []}
    stderr = ""
    for _ in range(args.runs):
        for name, command in (("imports", imports), ("ask", ask)):
            wall, cpu, done = timed(command)
            if done.returncode != 0:
                print(f"error: {name} failed: {done.stderr.decode(errors='replace')[-500:]}", file=sys.stderr)
                return 1
            times[name].append((wall, cpu))
            if name == "ask":
                stderr += done.stderr.decode(errors="replace")
    result = {name: {"wall_s": round(statistics.median(w for w, _ in runs), 2),
                     "cpu_s": round(statistics.median(c for _, c in runs), 2),
                     "runs_wall_s": [round(w, 2) for w, _ in runs]} for name, runs in times.items()}
    result["ratio_wall"] = round(result["ask"]["wall_s"] / result["imports"]["wall_s"], 2)
    result["ratio_cpu"] = round(result["ask"]["cpu_s"] / result["imports"]["cpu_s"], 2)
    result["ask_stderr"] = stderr.strip()[:500]
    result["load1"] = round(os.getloadavg()[0], 2)
    if args.json:
        print(json.dumps(result, ensure_ascii=False))
        return 0
    for name in ("imports", "ask"):
        r = result[name]
        print(f"{name:8s} wall {r['wall_s']:6.2f} s  cpu {r['cpu_s']:6.2f} s  (runs: {r['runs_wall_s']})")
    print(f"ratio    wall {result['ratio_wall']:.2f}  cpu {result['ratio_cpu']:.2f}  (target ≤ {TARGET})")
    print(f"ask stderr: {'clean' if not result['ask_stderr'] else repr(result['ask_stderr'])}")
    print(f"load average at the end: {result['load1']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
