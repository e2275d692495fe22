"""Many users at once: the chat server under N concurrent users asking for a while.

    .venv/bin/python eval/bench_load.py [--users 16] [--seconds 60] [--set eval/changzhou_dev.jsonl]

Starts the chat app on a free local port (the bundled index), then each simulated user asks the
set's questions in turn through the app's public `ask` endpoint (gradio_client, the same queue a
browser uses), one after the other, for the given time. Prints the answers' latency p50/p95/max,
answers per second and every error; asserts nothing. One user alone is measured first.
"""
from __future__ import annotations

import argparse
import socket
import statistics
import threading
import time
from pathlib import Path

from eval.metrics import percentile
from eval.sets import load_set


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def user(url: str, questions: list[str], offset: int, until: float, latencies: list[float],
         errors: list[str]) -> None:
    from gradio_client import Client

    client = Client(url, verbose=False)
    i = offset
    while time.perf_counter() < until:
        question = questions[i % len(questions)]
        started = time.perf_counter()
        try:
            result = client.predict(question, [], "全部", "全部", 5, api_name="/ask")
            history = result[0] if isinstance(result, tuple) else result
            if not history or "出错了" in str(history[-1]):
                errors.append(f"{question}: error shown")
        except Exception as exc:          # a failed request is counted and named, not fatal
            errors.append(f"{question}: {type(exc).__name__}: {exc}")
        latencies.append(time.perf_counter() - started)
        i += 1


def run(url: str, questions: list[str], users: int, seconds: float) -> dict:
    latencies: list[float] = []
    errors: list[str] = []
    until = time.perf_counter() + seconds
    threads = [threading.Thread(target=user, args=(url, questions, n * 7, until, latencies, errors))
               for n in range(users)]
    started = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.perf_counter() - started
    return {"users": users, "answers": len(latencies), "errors": errors,
            "p50": statistics.median(latencies) if latencies else None,
            "p95": percentile(latencies, 95) if latencies else None,
            "max": max(latencies, default=None), "per_second": len(latencies) / elapsed}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=16)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--set", default="eval/changzhou_dev.jsonl")
    args = parser.parse_args()

    from qa.pipeline import Assistant
    from ui.app import CONCURRENCY, build_app, launch, warm_up

    assistant = Assistant.load()
    warm_up(assistant)
    app = build_app(assistant)
    url = launch(app, port=free_port())
    questions = [q.question for q in load_set(Path(args.set))]
    try:
        for users, seconds in ((1, min(20.0, args.seconds)), (args.users, args.seconds)):
            r = run(url, questions, users, seconds)
            print(f"{r['users']:>3} users, {seconds:.0f} s: {r['answers']} answers, "
                  f"{r['per_second']:.2f}/s, latency p50 {r['p50']:.2f} s, p95 {r['p95']:.2f} s, "
                  f"max {r['max']:.2f} s, errors {len(r['errors'])} (server answers {CONCURRENCY} at once)")
            for e in r["errors"][:10]:
                print("   error:", e)
    finally:
        app.close()


if __name__ == "__main__":
    main()
