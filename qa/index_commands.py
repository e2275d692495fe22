"""`qa index build|info|add|remove`: the index and library commands (thin shells over the
Assistant's document methods)."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from qa.config import Config


def add_index_commands(sub) -> None:
    """The `index` command and its actions, on the `qa` parser's subparsers `sub`."""
    index = sub.add_parser("index", help="build and inspect the index").add_subparsers(dest="action", required=True)
    build = index.add_parser("build", help="index a corpus folder (default: the bundled reports)")
    build.add_argument("--corpus", default=None,
                       help="folder of reports (.txt, .docx, .pdf, .html; subfolders too)")
    build.add_argument("--verbose", action="store_true", help="show the traceback of an unexpected error")
    build.set_defaults(func=_cmd_index_build)
    index.add_parser("info", help="what is indexed").set_defaults(func=_cmd_index_info)
    add = index.add_parser("add", help="add reports to the library: .txt (UTF-8, GB18030, UTF-16 with BOM), "
                                       ".docx, .pdf with a text layer, .html; folders are read recursively")
    add.add_argument("files", nargs="+", help="files or folders")
    add.add_argument("--verbose", action="store_true", help="show the traceback of an unexpected error")
    add.set_defaults(func=_cmd_index_add)
    rm = index.add_parser("remove", help="take documents out of the index")
    rm.add_argument("docs", nargs="+", help="document file names")
    rm.set_defaults(func=_cmd_index_remove)


def open_assistant(config: Config):
    """The Assistant over the index (built when missing or stale), its notices on stderr."""
    from qa.pipeline import Assistant

    assistant = Assistant.load(config, progress=True)
    for notice in assistant.notices:
        print(f"note: {notice}", file=sys.stderr)
    return assistant


def _cmd_index_build(args: argparse.Namespace, config: Config) -> int:
    from qa.pipeline import Assistant

    corpus = Path(args.corpus).resolve() if args.corpus else None
    try:
        assistant = Assistant.load(config, progress=True, rebuild=True, corpus_dir=corpus)
    except KeyboardInterrupt:
        print("interrupted: the index is as it was before this build", file=sys.stderr)
        return 130
    except Exception as exc:
        if args.verbose:
            raise
        print(f"error: {exc}", file=sys.stderr)
        return 1
    for notice in assistant.notices:
        print(f"warning: {notice}", file=sys.stderr)
    return _cmd_index_info(args, config, assistant)


def _cmd_index_info(args: argparse.Namespace, config: Config, assistant=None) -> int:
    assistant = assistant or open_assistant(config)
    manifest = assistant.store.manifest
    print(f"index: {config.index_dir}")
    print(f"corpus: {manifest.corpus_dir}  documents: {manifest.counts.get('documents')}  "
          f"chunks: {manifest.counts.get('chunks')}  chunker v{manifest.chunker_version}")
    for doc in assistant.documents():
        years = ",".join(map(str, doc.years)) or "?"
        where = f"  ({len(doc.unit_starts)} pages)" if doc.unit == "page" else ""
        print(f"  {doc.doc}  {doc.district or '?'}  {years}  {doc.kind}  {doc.title}{where}")
    removed = [name for name in manifest.removed if name not in assistant.store.documents]
    if removed:
        print("removed: " + ", ".join(removed))
    if manifest.skipped:
        print("skipped (unreadable, or the same as an indexed one): " + ", ".join(manifest.skipped))
    return 0


def _cmd_index_add(args: argparse.Namespace, config: Config) -> int:
    """Each file (folders read recursively) added, skipped or refused on a line of its own; the
    index is saved after every file, so an interrupt keeps the finished ones."""
    from tqdm import tqdm

    from index.ingest.errors import DuplicateDocument, IngestError
    from index.ingest.formats import expand

    files, problems = expand([Path(p) for p in args.files])
    for problem in problems:
        print(f"error: {problem}", file=sys.stderr)
    if not files:
        return 1
    failed, added = len(problems), 0
    bar = tqdm(total=len(files), unit="file", desc="files", disable=len(files) < 2)
    try:
        assistant = open_assistant(config)
        for path in files:
            try:
                doc = assistant.add_document(path, progress=_chunk_bar(path.name))
            except DuplicateDocument as exc:
                tqdm.write(f"skipped {exc}", file=sys.stderr)
            except (IngestError, OSError) as exc:
                failed += 1
                tqdm.write(f"error: {exc}", file=sys.stderr)
            except Exception as exc:
                if args.verbose:
                    raise
                failed += 1
                tqdm.write(f"error: {path}: {type(exc).__name__}: {exc}", file=sys.stderr)
            else:
                added += 1
                shown = f" (from {doc.original_name})" if doc.original_name else ""
                tqdm.write(f"added {doc.doc}{shown}: {doc.district or '?'} "
                           f"{','.join(map(str, doc.years))} {doc.title}")
            bar.update(1)
    except KeyboardInterrupt:
        bar.close()
        print(f"interrupted: {added} of {len(files)} files added; the index holds every file finished "
              "before the interrupt and nothing of the one being added", file=sys.stderr)
        return 130
    bar.close()
    return 1 if failed else 0


def _chunk_bar(name: str):
    """A progress callback drawing one bar per file over its chunks (with an estimate)."""
    from tqdm import tqdm

    state: dict = {}

    def report(fraction: float, message: str) -> None:
        # add_document reports "indexing NAME: done/total chunks" while embedding
        counts = message.rsplit(": ", 1)[-1].removesuffix(" chunks").split("/")
        if len(counts) == 2 and all(c.isdigit() for c in counts):
            done, total = map(int, counts)
            bar = state.get("bar") or state.setdefault("bar", tqdm(total=total, unit="chunk", desc=name,
                                                                   leave=False))
            bar.update(done - bar.n)
        if fraction >= 1.0 and "bar" in state:
            state.pop("bar").close()

    return report


def _cmd_index_remove(args: argparse.Namespace, config: Config) -> int:
    assistant = open_assistant(config)
    for name in args.docs:
        assistant.remove_document(name)
        print(f"removed {name}")
    return 0
