"""`make bench`: build times, sizes and time to interactive, measured in one run, written to BENCHMARKS.md.

Builds a copy of the course in a temporary folder (so editing a chapter there touches nothing
here): a clean strict build, a no-change rebuild, and a rebuild after editing one chapter. Then
it measures the course runtime's own JS and CSS, how much a quiz adds to its page, how long an
item takes to become interactive in headless Chromium, and the same questions made with
jupyterquiz, side by side.
"""
from __future__ import annotations

import functools
import gzip
import http.server
import platform
import random
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from ipt_course import Course  # noqa: E402
from ipt_course.render import render  # noqa: E402

STATIC = ROOT / "ipt_course" / "static"
JUPYTER_BOOK = Path(sys.executable).with_name("jupyter-book")
CHAPTER = "book/role-transitions"
COPY_IGNORE = shutil.ignore_patterns(".venv", "_build", ".git", "__pycache__", ".pytest_cache", ".hypothesis")


def timed_build(book: Path) -> float:
    start = time.perf_counter()
    subprocess.run([str(JUPYTER_BOOK), "build", "-W", "-n", "--keep-going", str(book)], check=True,
                   capture_output=True)
    return time.perf_counter() - start


def kb(n: int) -> str:
    return f"{n / 1024:.1f} KB"


def page_weight(html_dir: Path, page: str) -> tuple[int, int]:
    """Bytes of a page's HTML plus every local stylesheet and script it loads; and of its quizzes."""
    path = html_dir / f"{page}.html"
    html = path.read_text(encoding="utf-8")
    assets = set(re.findall(r'(?:href|src)="([^"#?]+\.(?:css|js))(?:\?[^"]*)?"', html))
    total = len(html.encode()) + sum((path.parent / a).stat().st_size for a in assets if (path.parent / a).exists())
    quizzes = sum(len(m.encode()) for m in re.findall(r'<section class="ipt-quiz".*?</section>(?=</)', html, re.S))
    return total, quizzes


def time_to_interactive(html_dir: Path, page: str) -> float:
    """Milliseconds from navigation start until the course runtime has made every item interactive."""
    from playwright.sync_api import sync_playwright

    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(html_dir))
    handler.log_message = lambda *a: None
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=[
                "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"])
            page_ = browser.new_page()
            times = []
            for _ in range(5):
                page_.goto(f"http://127.0.0.1:{server.server_port}/{page}.html")
                page_.wait_for_function("performance.getEntriesByName('ipt-course-ready').length > 0")
                times.append(page_.evaluate("performance.getEntriesByName('ipt-course-ready')[0].startTime"))
            browser.close()
    finally:
        server.shutdown()
    return sorted(times)[len(times) // 2]


def jupyterquiz_bytes(course: Course) -> tuple[int, int, int]:
    """The role-transitions quiz's single and multiple questions made with jupyterquiz (it has no
    classify type): its inline HTML+CSS+JS output, the JS in it, and ours for the same questions."""
    from jupyterquiz.dynamic.loader import load_questions_script
    from jupyterquiz.dynamic.renderer import build_script, build_styles, render_div

    quiz = course["role-transitions"]
    same = quiz.model_copy(update={"questions": [q for q in quiz.questions if q.type != "classify"]})
    questions = [{"question": q.prompt, "type": "multiple_choice" if q.type == "single" else "many_choice",
                  "answers": [{"answer": o.text, "correct": o.correct, "feedback": o.feedback} for o in q.options]}
                 for q in same.questions]
    div_id = "".join(random.choice("abcdefghij") for _ in range(12))
    prefix, static, url = load_questions_script(questions, div_id)
    script = build_script(prefix, static, url, div_id, True)
    html = render_div(div_id, False, True, False, 1_000_000, 600, 10, "left") + build_styles(div_id, {})
    ours = render(same, course.citations)
    return len((html + script).encode()), len(script.encode()), len(ours.encode())


def main() -> None:
    work = Path(tempfile.mkdtemp(prefix="ipt-bench-"))
    try:
        book = work / "course"
        shutil.copytree(ROOT, book, ignore=COPY_IGNORE)
        clean = timed_build(book)
        cached = timed_build(book)
        chapter = book / f"{CHAPTER}.md"
        chapter.write_text(chapter.read_text(encoding="utf-8") + "\nAn edit for the benchmark.\n", encoding="utf-8")
        one_chapter = timed_build(book)
        html_dir = book / "_build" / "html"
        total, quizzes = page_weight(html_dir, CHAPTER)
        tti = time_to_interactive(html_dir, CHAPTER)
        pages = {p: (html_dir / f"{p}.html").read_bytes() for p in
                 [CHAPTER, "notebooks/new-mother", "book/progress", "book/intro"]}
    finally:
        shutil.rmtree(work, ignore_errors=True)
    runtime = {p.name: p.read_bytes() for p in sorted(STATIC.iterdir())}
    runtime_total = sum(len(b) for b in runtime.values())
    jq_total, jq_js, ours = jupyterquiz_bytes(Course.load(ROOT))
    report = "\n".join([
        "# Benchmarks", "",
        f"Measured by `make bench` on {date.today()} ({platform.machine()}, Python {platform.python_version()}, "
        "one run each; other load on the machine adds noise).", "",
        "| Build | Seconds |", "| --- | --- |",
        f"| Clean strict build (every notebook executed) | {clean:.1f} |",
        f"| No-change rebuild (cached) | {cached:.1f} ({cached / clean:.0%} of clean; target ≤ 10%) |",
        f"| Rebuild after editing one chapter (`{CHAPTER}.md`; no notebook re-executes) | {one_chapter:.1f} |", "",
        "| Course runtime file | Bytes | Gzipped |", "| --- | --- | --- |",
        *[f"| `{name}` | {len(b):,} | {len(gzip.compress(b)):,} |" for name, b in runtime.items()],
        f"| Total (target ≤ 15 KB uncompressed) | {runtime_total:,} | "
        f"{sum(len(gzip.compress(b)) for b in runtime.values()):,} |", "",
        f"**The quiz on `{CHAPTER}`** (9 questions): its HTML plus the runtime make "
        f"{kb(quizzes + runtime_total)} of the page's {kb(total)} (HTML and every local stylesheet and "
        f"script it loads): {(quizzes + runtime_total) / total:.1%} (target ≤ 5%).", "",
        f"**Time to interactive**: the runtime has made every item on `{CHAPTER}` interactive "
        f"{tti:.0f} ms after navigation starts (median of 5 loads, headless Chromium, local server).", "",
        "| Page | HTML | HTML gzipped |", "| --- | --- | --- |",
        *[f"| `{p}.html` | {kb(len(b))} | {kb(len(gzip.compress(b)))} |" for p, b in pages.items()], "",
        "**Side by side with jupyterquiz 2.9.6.4**, on the same 8 single and multiple-choice questions "
        "(jupyterquiz has no classify type):", "",
        "| | This course | jupyterquiz |", "| --- | --- | --- |",
        f"| HTML, CSS and JS added to the page for this quiz | {kb(ours)} (HTML only; the runtime is shared "
        f"by every page and cached) | {kb(jq_total)} (inline, repeated for every quiz) |",
        f"| JavaScript | {kb(len(runtime['ipt-course.js']))} once per site | {kb(jq_js)} per quiz |", "",
    ])
    (ROOT / "BENCHMARKS.md").write_text(report, encoding="utf-8")
    print(report)


if __name__ == "__main__":
    main()
