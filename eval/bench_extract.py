"""How long reading a report takes per format: a 50-page PDF and a 2,000-paragraph .docx,
written with the tests' own sample writers (reportlab, python-docx), then extracted.

    .venv/bin/python eval/bench_extract.py
"""
from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests" / "index")]

from format_samples import write_docx, write_pdf  # noqa: E402
from index.ingest.formats import extract  # noqa: E402

LINE = "全市第{}批学校改造工程完成投资万元，新增学位个，配备教师名。"


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        files = [write_pdf(folder / "big.pdf", [[LINE.format(p * 30 + i) for i in range(30)] for p in range(50)]),
                 write_docx(folder / "big.docx", ["标题"] + [LINE.format(i) for i in range(2000)])]
        for path in files:
            started = time.perf_counter()
            got = extract(path, 10 ** 8)
            seconds = time.perf_counter() - started
            print(f"{path.name}: {path.stat().st_size / 1024:.0f} KB, {len(got.unit_starts)} {got.unit}s, "
                  f"{len(got.text)} characters, {seconds:.2f} s")


if __name__ == "__main__":
    main()
