"""`make bench`: build times and sizes, measured in one run and written to BENCHMARKS.md.

Measures a clean strict build, a no-change rebuild (cached notebooks and Sphinx environment), the
course runtime's own JS and CSS bytes, and the HTML weight of the pages that carry items.
"""
from __future__ import annotations

import gzip
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
STATIC = ROOT / "ipt_course" / "static"
JUPYTER_BOOK = Path(sys.executable).with_name("jupyter-book")
PAGES = ["book/role-transitions.html", "notebooks/new-mother.html", "book/progress.html", "book/intro.html"]


def timed_build(out: Path) -> float:
    start = time.perf_counter()
    subprocess.run([str(JUPYTER_BOOK), "build", "-W", "-n", "--keep-going", str(ROOT), "--path-output", str(out)],
                   check=True, capture_output=True)
    return time.perf_counter() - start


def kb(n: int) -> str:
    return f"{n / 1024:.1f} KB"


def main() -> None:
    out = Path(tempfile.mkdtemp(prefix="ipt-bench-"))
    try:
        clean = timed_build(out)
        cached = timed_build(out)
        html = out / "_build" / "html"
        rows = []
        for page in PAGES:
            text = (html / page).read_bytes()
            items = text.count(b'class="ipt-quiz"') + text.count(b'class="ipt-vignette"')
            rows.append(f"| `{page}` | {items} | {kb(len(text))} | {kb(len(gzip.compress(text)))} |")
    finally:
        shutil.rmtree(out, ignore_errors=True)
    runtime = {p.name: p.read_bytes() for p in sorted(STATIC.iterdir())}
    total = sum(len(b) for b in runtime.values())
    report = "\n".join([
        "# Benchmarks", "",
        f"Measured by `make bench` on {date.today()} ({platform.machine()}, {platform.python_version()}, "
        "one run each; the machine's other load adds noise).", "",
        "| Build | Seconds |", "| --- | --- |",
        f"| Clean strict build (notebooks executed) | {clean:.1f} |",
        f"| No-change rebuild (cached) | {cached:.1f} ({cached / clean:.0%} of clean) |", "",
        "| Course runtime file | Bytes | Gzipped |", "| --- | --- | --- |",
        *[f"| `{name}` | {len(b):,} | {len(gzip.compress(b)):,} |" for name, b in runtime.items()],
        f"| Total | {total:,} | {sum(len(gzip.compress(b)) for b in runtime.values()):,} |", "",
        "| Page | Items | HTML | HTML gzipped |", "| --- | --- | --- | --- |", *rows, "",
    ])
    (ROOT / "BENCHMARKS.md").write_text(report, encoding="utf-8")
    print(report)


if __name__ == "__main__":
    main()
