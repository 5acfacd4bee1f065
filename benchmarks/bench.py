"""`make bench`: build times, sizes and time to interactive, measured in one run, written to BENCHMARKS.md.

Builds a copy of the course in a temporary folder (so editing it touches nothing here): a clean
strict build, a no-change rebuild, a rebuild after taking the quiz out of one chapter (which also
gives that page without its quiz, to weigh against the page with it), and a rebuild after editing
one notebook's code (only that notebook re-executes). Then it measures the runtime each kind of
page loads, how long an item takes to become interactive in headless Chromium, a chapter's cold
first load over slow 4G beside the same chapter built as a default Jupyter Book 1 page, and the same
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
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from statistics import median
from typing import NamedTuple

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from ipt_course import Course  # noqa: E402
from ipt_course.chromium import launch  # noqa: E402
from ipt_course.render import render  # noqa: E402

STATIC = ROOT / "ipt_course" / "static"
JUPYTER_BOOK = Path(sys.executable).with_name("jupyter-book")
CHAPTER = "book/role-transitions"
NOTEBOOK = "notebooks/new-mother"
QUIZ_DIRECTIVE = re.compile(r"^```\{quiz\}.*?^```\n", re.S | re.M)
COPY_IGNORE = shutil.ignore_patterns(".venv", "_build", ".git", "__pycache__", ".pytest_cache", ".hypothesis")
READY = "performance.getEntriesByName('ipt-course-ready')"
# Slow 4G as the first-load targets assume it; CDP takes throughputs in bytes per second.
SLOW_4G = {"offline": False, "latency": 150, "downloadThroughput": 1.6e6 / 8, "uploadThroughput": 0.75e6 / 8}


def timed_build(book: Path) -> tuple[float, int]:
    """Seconds for a strict build, and how many notebooks it executed."""
    start = time.perf_counter()
    result = subprocess.run([str(JUPYTER_BOOK), "build", "-W", "-n", "--keep-going", str(book)], check=True,
                            capture_output=True, text=True)
    executed = (result.stdout + result.stderr).count("Executing notebook using")   # myst-nb's line, once per notebook
    return time.perf_counter() - start, executed


def kb(n: int) -> str:
    return f"{n / 1024:.1f} KB"


def page_weight(html_dir: Path, page: str) -> int:
    """Bytes of a page's HTML plus every local stylesheet and script it loads."""
    path = html_dir / f"{page}.html"
    return len(path.read_bytes()) + sum((path.parent / a).stat().st_size for a in assets(path)
                                        if (path.parent / a).exists())


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


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    """A line per request on stderr would bury the report."""

    def log_message(self, *args) -> None:
        pass


@contextmanager
def served(html_dir: Path) -> Iterator[str]:
    """The built book over http on loopback, as a reader's browser fetches it (file:// skips the network)."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(QuietHandler, directory=str(html_dir)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_port}/"
    finally:
        server.shutdown()


@contextmanager
def chromium() -> Iterator:
    """The system Chromium, headless, with no traffic of its own to count or wait for."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = launch(p)
        yield browser
        browser.close()


def time_to_interactive(html_dir: Path, page: str) -> float:
    """Milliseconds from navigation start until the course runtime has made every item interactive."""
    with served(html_dir) as base, chromium() as browser:
        page_ = browser.new_page(service_workers="block")   # every load from the server, none from an offline copy
        times = []
        for _ in range(5):
            page_.goto(f"{base}{page}.html")
            page_.wait_for_function(f"{READY}.length > 0")
            times.append(page_.evaluate(f"{READY}[0].startTime"))
    return sorted(times)[len(times) // 2]


class FirstLoad(NamedTuple):
    """What a reader's first visit to a page costs."""

    bytes: int              # every response's encodedDataLength: headers and body as sent, uncompressed
    requests: int
    external: list[str]     # requested addresses outside the book's own server
    interactive: float      # seconds from navigation start until the runtime has made every item interactive
    load: float             # seconds from navigation start to the load event


def cold_load(url: str) -> FirstLoad:
    """One load as a first visit makes it (a new browser, cache off) over slow 4G, counting every
    http request the page makes (data: URLs fetch nothing), the favicon included: the browser asks
    for it after the load event, so the count waits for it and for every response to finish. (A browser
    that once failed to fetch a favicon does not ask again, hence a new one for each load.) Service
    workers are blocked: what one fetches is not the page's (`offline_copy` weighs it), and one taking
    control would reload the page under the measurement."""
    urls: list[str] = []
    pending: set[str] = set()
    sizes: dict[str, int] = {}

    def sent(event: dict) -> None:
        if event["request"]["url"].startswith(("http:", "https:")):
            urls.append(event["request"]["url"])
            pending.add(event["requestId"])

    def ended(event: dict) -> None:
        sizes[event["requestId"]] = int(event.get("encodedDataLength", 0))  # a failed request has none
        pending.discard(event["requestId"])

    with chromium() as browser:
        tab = browser.new_page(service_workers="block")
        cdp = tab.context.new_cdp_session(tab)
        cdp.on("Network.requestWillBeSent", sent)
        cdp.on("Network.loadingFinished", ended)
        cdp.on("Network.loadingFailed", ended)
        cdp.send("Network.enable")
        cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
        cdp.send("Network.emulateNetworkConditions", SLOW_4G)
        tab.goto(url, wait_until="load")
        tab.wait_for_function(f"{READY}.length > 0")
        tab.wait_for_load_state("networkidle")
        icon = tab.evaluate("document.querySelector('link[rel~=icon]')?.href ?? new URL('/favicon.ico', location).href")
        deadline = time.monotonic() + 5
        while (icon not in urls or pending) and time.monotonic() < deadline:
            tab.wait_for_timeout(50)
        interactive, load = tab.evaluate(
            f"[{READY}[0].startTime, performance.getEntriesByType('navigation')[0].loadEventStart]")
    origin = url[:url.index("/", len("http://"))] + "/"
    return FirstLoad(sum(sizes.values()), len(urls), [u for u in urls if not u.startswith(origin)],
                     interactive / 1000, load / 1000)


def first_load(html_dir: Path, page: str) -> FirstLoad:
    """What a first visit to a page costs on slow 4G: the median of three cold loads."""
    with served(html_dir) as base:
        loads = [cold_load(f"{base}{page}.html") for _ in range(3)]
    return FirstLoad(median(x.bytes for x in loads), median(x.requests for x in loads),
                     sorted({u for x in loads for u in x.external}),
                     median(x.interactive for x in loads), median(x.load for x in loads))


def offline_copy(html_dir: Path, page: str) -> tuple[int, int]:
    """Requests and bytes (response bodies) that a service worker registered by a first visit to a page
    makes in the background, such as fetching a copy of the book to read offline; (0, 0) with no worker.
    Not throttled: the worker's requests are not the page's, so the page's slow 4G does not apply.
    Sizes come from each response's Content-Length, as asking Chromium fails once the worker has stopped."""
    bodies: dict = {}   # each request the worker made: the length of its response
    pending: set = set()
    last = time.monotonic()   # when the worker's last request started or ended

    def started(request) -> None:
        nonlocal last
        if request.service_worker:
            bodies[request] = 0
            pending.add(request)
            last = time.monotonic()

    def answered(response) -> None:
        if response.request in bodies:
            bodies[response.request] = int(response.headers.get("content-length", 0))

    def ended(request) -> None:
        nonlocal last
        pending.discard(request)
        last = time.monotonic()

    with served(html_dir) as base, chromium() as browser:
        context = browser.new_context()
        context.on("request", started)
        context.on("response", answered)
        context.on("requestfinished", ended)
        context.on("requestfailed", ended)
        tab = context.new_page()
        tab.goto(f"{base}{page}.html")
        start = time.monotonic()
        while not context.service_workers and time.monotonic() - start < 5:   # a worker starts by then
            tab.wait_for_timeout(100)
        while (context.service_workers and (pending or time.monotonic() - last < 2)  # until it is quiet
               and time.monotonic() - start < 120):
            tab.wait_for_timeout(100)
    return len(bodies), sum(bodies.values())


def default_jupyter_book(book: Path) -> Path:
    """The course's pages built into `book` as a default Jupyter Book 1, for the course's own build to
    be weighed against: of the course's configuration only what its chapters need to build with their
    quizzes stays (the course's extension and content root, the bibliography, the Markdown syntax
    they are written in), so the theme and every setting of it are Jupyter Book's own. Notebooks are
    not executed (the measured page is Markdown) and the build is not strict (the default theme's
    warnings are not the course's to fix). Returns the built HTML folder."""
    shutil.copytree(ROOT, book, ignore=COPY_IGNORE)
    path = book / "_config.yml"
    course = yaml.safe_load(path.read_text(encoding="utf-8"))
    kept = ("title", "only_build_toc_files", "exclude_patterns", "bibtex_bibfiles", "parse")
    config = {key: course[key] for key in kept if key in course} | {"execute": {"execute_notebooks": "off"}}
    config["sphinx"] = {"extra_extensions": ["ipt_course.sphinxext"], "config": {
        key: value for key, value in course["sphinx"]["config"].items()
        if key == "ipt_course_root" or key.startswith("bibtex_")}}
    path.write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")
    subprocess.run([str(JUPYTER_BOOK), "build", str(book)], check=True, capture_output=True)
    return book / "_build" / "html"


def external_cell(load: FirstLoad) -> str:
    return f"{len(load.external)} ({', '.join(load.external)})" if load.external else "0"


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
        default_html = default_jupyter_book(work / "default")
        ours_first, default_first = first_load(html_dir, CHAPTER), first_load(default_html, CHAPTER)
        ours_offline, default_offline = offline_copy(html_dir, CHAPTER), offline_copy(default_html, CHAPTER)
        pages = {p: (html_dir / f"{p}.html").read_bytes()
                 for p in [CHAPTER, NOTEBOOK, "book/progress", "book/review", "book/intro"]}
        review_scripts = [p.read_bytes() for p in sorted((html_dir / "_static" / "ipt-review").glob("*.js"))]
        kinds = {kind: runtime_of(html_dir, page) for kind, page in [
            ("a chapter with a quiz", CHAPTER), ("a workshop notebook", NOTEBOOK),
            ("the progress page", "book/progress"), ("the certificate", "book/certificate"),
            ("the review page", "book/review"),
            ("a page with no items", "book/intro")]}
        cached, _ = timed_build(book)
        edit(book / f"{CHAPTER}.md", lambda text: QUIZ_DIRECTIVE.sub("", text))
        one_chapter, executed_chapter = timed_build(book)
        without_quiz = page_weight(html_dir, CHAPTER)
        code_cell = '"from ipt_course'   # the first line of the notebook's code cell
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
        f"| Rebuild after editing one chapter (`{CHAPTER}.md`: its quiz taken out) | {one_chapter:.1f} | "
        f"{executed_chapter} |",
        f"| Rebuild after editing one notebook's code (`{NOTEBOOK}.ipynb`) | {one_notebook:.1f} | "
        f"{executed_notebook} |", "",
        "**The course runtime** is split by what a page needs and minified by `make runtime` from "
        "`ipt_course/runtime/`; a page loads only its own part (target ≤ 15 KB uncompressed):", "",
        "| Page | Runtime files it loads | Bytes |", "| --- | --- | --- |",
        *[f"| {kind} | {', '.join(f'`{n}`' for n in kinds[kind]) or 'none'} | {n:,} |"
          for kind, n in per_kind.items()], "",
        "| Runtime file | Bytes | Gzipped |", "| --- | --- | --- |",
        *[f"| `{name}` | {len(b):,} | {len(gzip.compress(b)):,} |" for name, b in runtime.items()],
        f"| All files together | {sum(map(len, runtime.values())):,} | "
        f"{sum(len(gzip.compress(b)) for b in runtime.values()):,} |", "",
        f"**The review page** also loads, by a script element, the questions of each quiz with a question due: "
        f"{len(review_scripts)} scripts (one per quiz), {kb(sum(map(len, review_scripts)) / len(review_scripts))} "
        f"each on average ({kb(sum(len(gzip.compress(b)) for b in review_scripts) / len(review_scripts))} "
        "gzipped); none loads when nothing is due.", "",
        f"**What the quiz adds to `{CHAPTER}`** ({len(course['role-transitions'].questions)} questions): "
        f"the page weighs {kb(with_quiz)} with the quiz and "
        f"{kb(without_quiz)} without it (HTML and every local stylesheet and script it loads), so the quiz "
        f"adds {kb(added)}, {added / without_quiz:.1%} of the page without it (the 5% target was set when the "
        f"theme made a page 2.4 MB; what a page may weigh in all is now the first-load budget below).", "",
        f"**Time to interactive**: the runtime has made every item on `{CHAPTER}` interactive "
        f"{tti:.0f} ms after navigation starts (median of 5 loads, headless Chromium, local server).", "",
        "| Page | HTML | HTML gzipped |", "| --- | --- | --- |",
        *[f"| `{p}.html` | {kb(len(b))} | {kb(len(gzip.compress(b)))} |" for p, b in pages.items()], "",
        f"**A chapter page's first load (`{CHAPTER}`)**: a reader's first visit, in headless Chromium over an "
        "emulated slow 4G link (150 ms latency, 1.6 Mbit/s down, 0.75 Mbit/s up; cache off, a new browser for "
        "each load, service workers blocked; median of 3 loads) from a local server that does not compress. "
        "The weight is the bytes of every response as sent, headers included (Chrome's `encodedDataLength`); "
        "the requests are every http request the page makes, its favicon included. Interactive means the "
        "runtime has made every item interactive, as above. The default page is the same chapter built by "
        "Jupyter Book 1 with its own theme (sphinx-book-theme) and settings, keeping of the course's "
        "configuration only the extension that renders the quiz, its content root and the bibliography and "
        "Markdown settings.", "",
        "| | This course | Default Jupyter Book 1 page | Target |", "| --- | --- | --- | --- |",
        f"| Page weight (KB) | {ours_first.bytes / 1024:.1f} | {default_first.bytes / 1024:.1f} | ≤ 400 |",
        f"| Requests | {ours_first.requests} | {default_first.requests} | ≤ 15 |",
        f"| External requests | {external_cell(ours_first)} | {external_cell(default_first)} | 0 |",
        f"| Time to interactive on slow 4G (s) | {ours_first.interactive:.2f} | {default_first.interactive:.2f} "
        "| ≤ 3 |",
        f"| Load event on slow 4G (s) | {ours_first.load:.2f} | {default_first.load:.2f} | – |", "",
        "Not in the table: the requests that a service worker registered by that first visit makes in the "
        f"background (not throttled), for this course {ours_offline[0]} ({kb(ours_offline[1])}), for the "
        f"default page {default_offline[0]} ({kb(default_offline[1])}).", "",
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
