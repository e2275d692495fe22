"""`qa reader train|average|eval`: the reader's training and scoring commands (thin shells over
qa/reader/training and eval/mrc.py)."""
from __future__ import annotations

import argparse
from pathlib import Path

from qa.config import Config


def add_reader_commands(sub) -> None:
    """The `reader` command and its actions, on the `qa` parser's subparsers `sub`."""
    reader = sub.add_parser("reader", help="train or score the extractive reader").add_subparsers(dest="action", required=True)
    tr = reader.add_parser("train", help="fine-tune e5 for span extraction")
    tr.add_argument("--data", nargs="+", default=["../shared/mrc/cmrc2018_trial.json",
                                                  "../shared/mrc/drcd_dev.json", "../shared/mrc/drcd_test.json"])
    tr.add_argument("--out", default=None, help="where the shipped weights go (default qa/reader/weights)")
    tr.add_argument("--work-dir", default=".cache/reader-train", help="checkpoints for resuming")
    tr.add_argument("--layers", type=int, default=4, help="top transformer layers to train")
    tr.add_argument("--epochs", type=float, default=1.0)
    tr.add_argument("--batch-size", type=int, default=16)
    tr.add_argument("--lr", type=float, default=1.5e-4)
    tr.add_argument("--max-len", type=int, default=256)
    tr.add_argument("--stride", type=int, default=96)
    tr.add_argument("--negative-keep", type=float, default=0.25)
    tr.add_argument("--seed", type=int, default=1234)
    tr.add_argument("--limit", type=int, default=None)
    tr.add_argument("--max-answer-chars", type=int, default=None,
                    help="leave out examples whose answer is longer than this")
    tr.add_argument("--every-answer", action="store_true",
                    help="train on every distinct gold span of a question, not only the first")
    tr.add_argument("--word-aligned", action="store_true",
                    help="cut text into jieba words before SentencePiece, so answers can start and end at any word")
    tr.add_argument("--device", default="cpu")
    tr.add_argument("--lora-rank", type=int, default=0, help="adapters of this rank on the layers below --layers")
    tr.add_argument("--lora-alpha", type=float, default=32.0)
    tr.add_argument("--lora-lr", type=float, default=5e-4)
    tr.add_argument("--init-from", default=None, help="shipped reader weights to continue from")
    tr.add_argument("--holdout", type=int, default=0,
                    help="questions held back (whole passages) into WORK_DIR/heldout.json for evaluation")
    tr.set_defaults(func=_cmd_reader_train)

    avg = reader.add_parser("average", help="average readers trained on from the same weights into one")
    avg.add_argument("readers", nargs="+", help="reader folders; the first is where the others started")
    avg.add_argument("--out", default=None, help="where the averaged weights go (default qa/reader/weights)")
    avg.add_argument("--rank", type=int, default=None,
                     help="cut the averaged adapters back to this rank (SVD) to keep the file small")
    avg.set_defaults(func=_cmd_reader_average)

    rev = reader.add_parser("eval", help="score the reader on SQuAD-style data with the gold paragraph given")
    rev.add_argument("path")
    rev.add_argument("--limit", type=int, default=None, help="score only the first N questions")
    rev.add_argument("--json", action="store_true", help='print {"em", "f1", "n"}')
    rev.add_argument("--raw", action="store_true",
                     help="plain span decoding only (best start/end, punctuation trimmed), no hand-written steps")
    rev.add_argument("--weights", default=None, help="reader weights folder (default: the shipped reader)")
    rev.set_defaults(func=_cmd_reader_eval)


def _cmd_reader_train(args: argparse.Namespace, config: Config) -> int:
    from qa.models.prepare import prepare_model
    from qa.reader.training.train import TrainSettings, train

    prepare_model(config.model_dir)
    settings = TrainSettings(
        train_files=tuple(Path(p) for p in args.data), model_dir=config.model_dir,
        out_dir=Path(args.out) if args.out else config.reader_dir,
        work_dir=Path(args.work_dir), train_layers=args.layers, epochs=args.epochs,
        batch_size=args.batch_size, learning_rate=args.lr, max_len=args.max_len,
        stride=args.stride, seed=args.seed, limit=args.limit, device=args.device,
        max_answer_chars=args.max_answer_chars, every_answer=args.every_answer,
        word_aligned=args.word_aligned,
        negative_keep=args.negative_keep, lora_rank=args.lora_rank, lora_alpha=args.lora_alpha,
        lora_learning_rate=args.lora_lr, init_from=Path(args.init_from) if args.init_from else None,
        holdout=args.holdout,
    )
    train(settings)
    return 0


def _cmd_reader_average(args: argparse.Namespace, config: Config) -> int:
    from qa.reader.training.average import average_readers

    out = Path(args.out) if args.out else config.reader_dir
    path = average_readers([Path(d) for d in args.readers], out, args.rank)
    print(f"averaged {len(args.readers)} readers into {path}; "
          "re-fit the abstention threshold: .venv/bin/python eval/calibrate_reader.py --write")
    return 0


def _cmd_reader_eval(args: argparse.Namespace, config: Config) -> int:
    import json

    from eval.mrc import score_reader

    if args.weights:
        config = config.with_overrides(reader_dir=Path(args.weights))
    result = score_reader(config, Path(args.path), args.limit, raw=args.raw)
    print(json.dumps(result, ensure_ascii=False) if args.json else
          f"EM {result['em']:.1f}  F1 {result['f1']:.1f}  n={result['n']}")
    return 0
