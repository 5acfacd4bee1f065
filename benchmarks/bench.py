"""`make bench`: build times, sizes and time to interactive, measured in one run, written to BENCHMARKS.md.

Builds a copy of the course in a temporary folder (so editing it touches nothing here): a clean
strict build, a no-change rebuild, a rebuild after taking the quiz out of one chapter (which also
gives that page without its quiz, to weigh against the page with it), and a rebuild after editing
one notebook's code (only that notebook re-executes). Then it measures the runtime each kind of
page loads, how long an item takes to become interactive in headless Chromium, and the same
questions made with jupyterquiz, side by side.
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
NOTEBOOK = "notebooks/new-mother"
QUIZ_DIRECTIVE = re.compile(r"^```\{quiz\}.*?^```\n", re.S | re.M)
COPY_IGNORE = shutil.ignore_patterns(".venv", "_build", ".git", "__pycache__", ".pytest_cache", ".hypothesis")


def timed_build(book: Path) -> tuple[float, int]:
    """Seconds for a strict build, and how many notebooks it executed."""
    start = time.perf_counter()
    result = subprocess.run([str(JUPYTER_BOOK), "build", "-W", "-n", "--keep-going", str(book)], check=True,
                            capture_output=True, text=True)
    return time.perf_counter() - start, (result.stdout + result.stderr).count("Executing notebook")


def kb(n: int) -> str:
    return f"{n / 1024:.1f} KB"


def page_weight(html_dir: Path, page: str) -> int:
    """Bytes of a page's HTML plus every local stylesheet and script it loads."""
    path = html_dir / f"{page}.html"
    return len(path.read_bytes()) + sum((path.parent / a).stat().st_size for a in assets(path) if (path.parent / a).exists())


def assets(path: Path) -> set[str]:
    return set(re.findall(r'(?:href|src)="([^"#?]+\.(?:css|js))(?:\?[^"]*)?"', path.read_text(encoding="utf-8")))


def runtime_of(html_dir: Path, page: str) -> list[str]:
    """The course runtime files a page loads."""
    return sorted(Path(a).name for a in assets(html_dir / f"{page}.html") if Path(a).name.startswith("ipt-"))


def edit(path: Path, change) -> None:
    """Change a file of the copy; stop if the change finds nothing to change (the benchmark would be void)."""
    text = path.read_text(encoding="utf-8")
    changed = change(text)
    if changed == text:
        raise SystemExit(f"bench: the edit to {path.name} changed nothing; update benchmarks/bench.py")
    path.write_text(changed, encoding="utf-8")


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
        html_dir = book / "_build" / "html"
        clean, executed_clean = timed_build(book)
        with_quiz = page_weight(html_dir, CHAPTER)
        tti = time_to_interactive(html_dir, CHAPTER)
        pages = {p: (html_dir / f"{p}.html").read_bytes() for p in [CHAPTER, NOTEBOOK, "book/progress", "book/intro"]}
        kinds = {kind: runtime_of(html_dir, page) for kind, page in [
            ("a chapter with a quiz", CHAPTER), ("a workshop notebook", NOTEBOOK), ("the progress page", "book/progress"),
            ("the certificate", "book/certificate"), ("a page with no items", "book/intro")]}
        cached, _ = timed_build(book)
        edit(book / f"{CHAPTER}.md", lambda text: QUIZ_DIRECTIVE.sub("", text))
        one_chapter, executed_chapter = timed_build(book)
        without_quiz = page_weight(html_dir, CHAPTER)
        code_cell = '"from ipt_course import'
        edit(book / f"{NOTEBOOK}.ipynb", lambda text: text.replace(code_cell, '"# edited\\n' + code_cell[1:], 1))
        one_notebook, executed_notebook = timed_build(book)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    runtime = {p.name: p.read_bytes() for p in sorted(STATIC.iterdir())}
    per_kind = {kind: sum(len(runtime[name]) for name in files) for kind, files in kinds.items()}
    course = Course.load(ROOT)
    jq_total, jq_js, ours = jupyterquiz_bytes(course)
    added = with_quiz - without_quiz
    report = "\n".join([
        "# Benchmarks", "",
        f"Measured by `make bench` on {date.today()} ({platform.machine()}, Python {platform.python_version()}, "
        "one run each; other load on the machine adds noise).", "",
        "| Build | Seconds | Notebooks executed |", "| --- | --- | --- |",
        f"| Clean strict build | {clean:.1f} | {executed_clean} |",
        f"| No-change rebuild (cached) | {cached:.1f} ({cached / clean:.0%} of clean; target ≤ 10%) | 0 |",
        f"| Rebuild after editing one chapter (`{CHAPTER}.md`: its quiz taken out) | {one_chapter:.1f} | {executed_chapter} |",
        f"| Rebuild after editing one notebook's code (`{NOTEBOOK}.ipynb`) | {one_notebook:.1f} | {executed_notebook} |", "",
        "**The course runtime** is split by what a page needs and minified by `make runtime` from "
        "`ipt_course/runtime/`; a page loads only its own part (target ≤ 15 KB uncompressed):", "",
        "| Page | Runtime files it loads | Bytes |", "| --- | --- | --- |",
        *[f"| {kind} | {', '.join(f'`{n}`' for n in kinds[kind]) or 'none'} | {n:,} |" for kind, n in per_kind.items()], "",
        "| Runtime file | Bytes | Gzipped |", "| --- | --- | --- |",
        *[f"| `{name}` | {len(b):,} | {len(gzip.compress(b)):,} |" for name, b in runtime.items()],
        f"| All files together | {sum(map(len, runtime.values())):,} | "
        f"{sum(len(gzip.compress(b)) for b in runtime.values()):,} |", "",
        f"**What the quiz adds to `{CHAPTER}`** ({len(course['role-transitions'].questions)} questions): "
        f"the page weighs {kb(with_quiz)} with the quiz and "
        f"{kb(without_quiz)} without it (HTML and every local stylesheet and script it loads), so the quiz "
        f"adds {kb(added)}, {added / without_quiz:.1%} (target ≤ 5%).", "",
        f"**Time to interactive**: the runtime has made every item on `{CHAPTER}` interactive "
        f"{tti:.0f} ms after navigation starts (median of 5 loads, headless Chromium, local server).", "",
        "| Page | HTML | HTML gzipped |", "| --- | --- | --- |",
        *[f"| `{p}.html` | {kb(len(b))} | {kb(len(gzip.compress(b)))} |" for p, b in pages.items()], "",
        "**Side by side with jupyterquiz 2.9.6.4**, on the same 8 single and multiple-choice questions "
        "(jupyterquiz has no classify type):", "",
        "| | This course | jupyterquiz |", "| --- | --- | --- |",
        f"| HTML, CSS and JS added to the page for this quiz | {kb(ours)} of HTML, plus the runtime "
        f"({kb(per_kind['a chapter with a quiz'])}, loaded once and cached for every page) | "
        f"{kb(jq_total)} (inline, repeated for every quiz) |",
        f"| JavaScript | {kb(len(runtime['ipt-quiz.js']))} once per site | {kb(jq_js)} per quiz |", "",
    ])
    (ROOT / "BENCHMARKS.md").write_text(report, encoding="utf-8")
    print(report)


if __name__ == "__main__":
    main()
