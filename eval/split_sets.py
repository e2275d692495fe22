"""Freeze a test split of each own question set: a seeded draw, written to its own file.

    .venv/bin/python eval/split_sets.py eval/changzhou_dev.jsonl [...]

For each SET, 30 % of its questions (at least, per question type, rounded up) move to
eval/frozen/SET's name; SET keeps the rest. Nothing may be fitted to or written from the
frozen files: they are scored separately and their misses only counted. A set whose questions
carry a `group` (paraphrases of one question) is split by whole groups. Questions quoted in
the product's specification as examples (--keep; the defaults below) stay out of the draw:
they are looked at by design, so they cannot be held out. Run it once per set; running it
again on the rest would draw a second test split out of the first's remainder.
"""
from __future__ import annotations

import argparse
import json
import math
import random
from pathlib import Path

SEED = 20261204
SHARE = 0.3
# the headline questions of the specification (金坛2019年招聘了多少教师, 天宁新增托位多少个)
SPEC_EXAMPLES = ("cz-001", "cz-122")


def split(lines: list[str], seed: int = SEED, share: float = SHARE,
          keep: tuple[str, ...] = SPEC_EXAMPLES) -> tuple[list[str], list[str]]:
    """(kept, frozen) lines; per type (or per group's type), ceil(share * n) drawn from the
    units not named in `keep`."""
    units: dict[str, list[list[str]]] = {}
    groups: dict[str, list[str]] = {}
    for line in lines:
        rec = json.loads(line)
        key = rec.get("group") or rec["id"]
        if key not in groups:
            groups[key] = []
            if key not in keep:
                units.setdefault(rec["type"], []).append(groups[key])
        groups[key].append(line)
    rng = random.Random(seed)
    frozen_ids: set[int] = set()
    for kind in sorted(units):
        pool = units[kind]
        kept_aside = sum(1 for key, unit in groups.items() if key in keep and json.loads(unit[0])["type"] == kind)
        for unit in rng.sample(pool, math.ceil(share * (len(pool) + kept_aside))):
            frozen_ids.add(id(unit))
    kept = [line for unit in groups.values() if id(unit) not in frozen_ids for line in unit]
    frozen = [line for unit in groups.values() if id(unit) in frozen_ids for line in unit]
    return kept, frozen


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("sets", nargs="+", type=Path)
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--keep", nargs="*", default=list(SPEC_EXAMPLES),
                        help="ids (or groups) never drawn: the specification's own examples")
    args = parser.parse_args()
    for path in args.sets:
        target = path.parent / "frozen" / path.name
        if target.exists():
            raise SystemExit(f"{target} exists: that set's test split is frozen already")
        lines = [line for line in path.read_text("utf-8").splitlines() if line.strip()]
        kept, frozen = split(lines, args.seed, keep=tuple(args.keep))
        target.parent.mkdir(exist_ok=True)
        target.write_text("\n".join(frozen) + "\n", "utf-8")
        path.write_text("\n".join(kept) + "\n", "utf-8")
        print(f"{path}: {len(kept)} kept, {len(frozen)} frozen -> {target}")


if __name__ == "__main__":
    main()
