"""The whole book as one PDF, without TeX: headless Chromium prints the single-page build.

`make pdf` builds the book with Jupyter Book's `singlehtml` builder (every page on one, with the quiz and
case runtime and ids made unique: `sphinxext/assets.py`, `sphinxext/wholebook.py`), then
`python -m ipt_course pdf` opens that page in Debian's Chromium, served from disk by the browser itself
(nothing else is reachable), prepares it for paper and prints it to `_build/ipt-course-book.pdf`:

- the record pages (your progress, the CPD certificate) are left out: they show what a reader's
  browser stored, which a printed book cannot, and the certificate prints itself from its own page;
- a table of contents (the course menu's parts and pages, with the sheet each starts on) follows the
  home page, and every page of the book starts a new sheet;
- the runtime's own print preparation runs (`runtime/print.js`): each chapter's answer key goes at the
  end of that chapter, and every case prints as its scenes; every other `<details>` prints open, since
  paper cannot be clicked;
- links between pages become links inside the PDF; a link to a page left out becomes plain text.

The page numbers in the contents come from a first printing: Chromium writes a named destination for
every element a link points to, so the sheet each page starts on is read from that PDF, written into
the contents (which keep their length) and the book printed again; the second PDF is checked the same way.
"""
from __future__ import annotations

import mimetypes
import re
from dataclasses import dataclass, field
from html import escape
from pathlib import Path
from urllib.parse import unquote, urlsplit

from .chromium import launch

ORIGIN = "http://localhost"   # answered from disk by the browser itself: no server, no network
PDF_NAME = "ipt-course-book.pdf"
SCALE = 0.85   # the web page's 12 pt type, printed at about 10 pt
MARGIN = {"top": "14mm", "bottom": "16mm", "left": "14mm", "right": "14mm"}
FOOTER = ('<div style="width: 100%; margin: 0 14mm; font: 8pt sans-serif; color: #555; display: flex;">'
          '<span style="flex: 1;">{title}</span>'
          '<span>Page <span class="pageNumber"></span> of <span class="totalPages"></span></span></div>')

# Prepares the single page for paper and says what it did (for the report and the tests).
PREPARE = r"""() => {
  const article = document.querySelector("article");
  const pages = [...article.querySelectorAll('span[id^="document-"]')].map(marker => {
    const section = marker.nextElementSibling, title = section.querySelector(":scope > :is(h1, h2)").cloneNode(true);
    title.querySelector(".headerlink")?.remove();
    return { marker, section, name: marker.id.slice("document-".length), title: title.textContent.trim() };
  });
  const left = pages.filter(p => p.section.querySelector(".ipt-progress, .ipt-certificate"));
  for (const p of left) { p.marker.remove(); p.section.remove(); }
  const kept = pages.filter(p => !left.includes(p));
  const toc = document.createElement("nav");
  toc.className = "ipt-pdf-toc";
  toc.setAttribute("aria-labelledby", "ipt-pdf-contents");
  toc.innerHTML = '<h2 id="ipt-pdf-contents">Contents</h2>';
  let list = null;
  for (const node of document.querySelectorAll(".sidebar-tree > .caption, .sidebar-tree > ul")) {
    if (node.matches(".caption")) {
      list = null;
      toc.append(Object.assign(document.createElement("h3"), { textContent: node.textContent.trim() }));
      continue;
    }
    for (const a of node.querySelectorAll(':scope > li > a[href^="#document-"]')) {
      const page = kept.find(p => "#document-" + p.name === a.getAttribute("href"));
      if (!page) continue;
      if (!list) toc.append(list = document.createElement("ol"));
      const li = list.appendChild(document.createElement("li"));
      li.innerHTML = '<a></a><span class="ipt-pdf-page">000</span>';
      li.firstChild.href = "#" + page.section.id;   // its sheet starts there (its marker ends the last one)
      li.firstChild.textContent = page.title;
    }
  }
  for (const h of toc.querySelectorAll("h3")) if (!h.nextElementSibling?.matches("ol")) h.remove();
  kept[0].marker.before(toc);
  const start = Object.fromEntries(kept.map(p => [p.marker.id, p.section.id]));
  for (const a of article.querySelectorAll("a[href]")) {
    const url = new URL(a.href);
    if (url.origin !== location.origin) continue;
    const id = decodeURIComponent(url.hash.slice(1));
    const target = start[id] || id;
    if (target && document.getElementById(target)) a.setAttribute("href", "#" + target);
    else a.replaceWith(...a.childNodes);
  }
  // A working document prints on one sheet in compact type from its own page (course.css); here it
  // prints in the book's type, so its marker is renamed.
  for (const one of article.querySelectorAll(".ipt-one-page")) one.classList.replace("ipt-one-page", "ipt-in-book");
  document.documentElement.classList.add("ipt-pdf");
  dispatchEvent(new Event("beforeprint"));
  for (const d of article.querySelectorAll("details:not([open])")) d.open = true;
  const visible = e => e.getBoundingClientRect().height > 0;
  return {
    chapters: kept.map(p => [p.name, p.title]),
    left_out: left.map(p => p.title),
    quizzes: kept.filter(p => p.section.querySelector("section.ipt-quiz")).map(p => p.name),
    keys: [...article.querySelectorAll(".ipt-print-key")].map(key => {
      const chapter = key.parentElement;
      return [kept.find(p => p.section === chapter)?.name || null, key === chapter.lastElementChild,
              key.querySelectorAll(":scope > ol > li").length,
              chapter.querySelectorAll(".ipt-quiz .ipt-question").length];
    }),
    figures: [...article.querySelectorAll("svg.ipt-svg")].filter(visible).length,
  };
}"""

STYLE = """
@media print {
  @page { margin: 14mm 14mm 16mm; }
  html.ipt-pdf :is(.skip-to-content, .sidebar-drawer, .toc-drawer, .back-to-top, footer) { display: none !important; }
  html.ipt-pdf :is(.main, .content, .article-container, article) {
    max-width: none !important; width: 100% !important; padding: 0 !important; margin: 0 !important; }
  html.ipt-pdf * { box-shadow: none !important; }   /* a blurred shadow prints as an image behind each box */
  /* The theme keeps every list, table and quotation on one sheet, which leaves half-empty sheets. */
  html.ipt-pdf :is(ol, ul, dl, table, blockquote, .table-wrapper) { break-inside: auto; }
  html.ipt-pdf :is(li, tr, dt) { break-inside: avoid; }
  html.ipt-pdf :is(.ipt-pdf-toc, span[id^="document-"] + section) { break-before: page; }
  html.ipt-pdf span[id^="document-"] + section > h2, html.ipt-pdf .ipt-pdf-toc h2 { font-size: 2em; margin-top: 0; }
  html.ipt-pdf .ipt-pdf-toc h3 { font-size: 1.05rem; margin: 1.1rem 0 0.3rem; padding: 0; }
  html.ipt-pdf .ipt-pdf-toc ol { list-style: none; padding: 0; margin: 0; }
  html.ipt-pdf .ipt-pdf-toc li { display: flex; gap: 0.5rem; margin: 0.15rem 0; }
  html.ipt-pdf .ipt-pdf-toc a { color: inherit; text-decoration: none; }
  html.ipt-pdf .ipt-pdf-toc li::after { content: ""; order: 1; flex: 1; border-bottom: 1px dotted #888;
    margin-bottom: 0.3rem; }   /* the leader from a title to its page */
  html.ipt-pdf .ipt-pdf-page { order: 2; min-width: 2rem; text-align: right; font-variant-numeric: tabular-nums; }
}
"""

FILL_PAGES = """starts => {
  const pages = [];
  for (const a of document.querySelectorAll(".ipt-pdf-toc li > a")) {
    const page = starts[decodeURIComponent(a.hash.slice(1))];
    a.nextElementSibling.textContent = page || "";
    pages.push([a.textContent, page || 0]);
  }
  return pages;
}"""


@dataclass
class Book:
    """What was printed: for the report and the tests."""
    path: Path
    pages: int
    size: int
    chapters: list[tuple[str, str]]   # (page name, title) of each page of the book printed, in order
    left_out: list[str]               # the titles of the pages left out
    quizzes: list[str]                # the pages with quizzes
    keys: list[tuple[str | None, bool, int, int]]   # per answer key: its page, whether it ends that page,
                                                    # its answers, and the questions on that page
    contents: list[tuple[str, int]]   # each entry of the contents and its page number
    figures: int                      # the figures printed
    problems: list[str] = field(default_factory=list)


def single_page(root: Path, build: Path) -> Path:
    """The single-page build's page: the book's root document (`_toc.yml`) under `build/singlehtml`."""
    from ruamel.yaml import YAML

    toc = YAML(typ="safe").load((root / "_toc.yml").read_text(encoding="utf-8"))
    return build / "singlehtml" / f"{toc['root']}.html"


def page_count(pdf: bytes) -> int:
    """The pages of a PDF Chromium wrote (it does not compress its page objects)."""
    return len(re.findall(rb"/Type\s*/Page(?![A-Za-z])", pdf))


def destination_pages(pdf: bytes) -> dict[str, int]:
    """Each named destination of a PDF Chromium wrote, and the page (from 1) it is on."""
    order = re.findall(rb"(\d+) 0 obj\s*<<\s*/Type\s*/Page(?![A-Za-z])", pdf)
    page_of = {int(obj): i + 1 for i, obj in enumerate(order)}
    return {_pdf_name(name): page_of.get(int(obj), 0)
            for name, obj in re.findall(rb"/([^\s/\[\]()<>{}%]+)\s*\[\s*(\d+) 0 R\s*/XYZ", pdf)}


def _pdf_name(raw: bytes) -> str:
    return unquote(re.sub(rb"#([0-9A-Fa-f]{2})", rb"%\1", raw).decode("latin-1"))


def print_book(browser, page_file: Path, out: Path) -> Book:
    """Print the single page (`page_file`, whose folder holds `_static/`) with a Playwright browser."""
    page_file = page_file.resolve()
    site = page_file.parent
    while not (site / "_static").is_dir() and site != site.parent:
        site = site.parent
    problems: list[str] = []

    def serve(route) -> None:
        url = urlsplit(route.request.url)
        file = (site / unquote(url.path).lstrip("/")).resolve() if url.path.strip("/") else page_file
        if f"{url.scheme}://{url.netloc}" != ORIGIN:
            problems.append(f"blocked: {route.request.url}")
            route.abort()
        elif not file.is_file() or not file.is_relative_to(site.resolve()):
            problems.append(f"404: {route.request.url}")
            route.fulfill(status=404)
        else:
            route.fulfill(path=file, content_type=mimetypes.guess_type(file.name)[0] or "application/octet-stream")

    context = browser.new_context(service_workers="block")   # every request goes through `serve`
    try:
        context.route("**/*", serve)
        page = context.new_page()
        page.on("console", lambda m: problems.append(f"console error: {m.text}") if m.type == "error" else None)
        page.on("pageerror", lambda e: problems.append(f"page error: {e}"))
        page.goto(f"{ORIGIN}/")
        page.add_style_tag(content=STYLE)
        done = page.evaluate(PREPARE)
        page.emulate_media(media="print")
        options = dict(format="A4", scale=SCALE, margin=MARGIN, print_background=True, outline=True, tagged=True,
                       display_header_footer=True, header_template="<span></span>",
                       footer_template=FOOTER.format(title=escape(page.title().split(" — ")[0])))
        printed = page.evaluate(FILL_PAGES, destination_pages(page.pdf(**options)))
        pdf = page.pdf(**options)
        contents = [(title, number) for title, number in page.evaluate(FILL_PAGES, destination_pages(pdf))]
    finally:
        context.close()
    if contents != [(title, number) for title, number in printed] or not all(n for _, n in contents):
        problems.append(f"the contents' page numbers are missing or moved: {contents}")
    keys = [(name, last, answers, questions) for name, last, answers, questions in done["keys"]]
    if [key[0] for key in keys] != done["quizzes"] or not all(key[1] and key[2] == key[3] for key in keys):
        problems.append(f"not one answer key at the end of each chapter with a quiz: {keys}")
    if not problems:   # strict, like the HTML build: a PDF with a problem is not written
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_bytes(pdf)
    return Book(out, page_count(pdf), len(pdf), [(n, t) for n, t in done["chapters"]], done["left_out"],
                done["quizzes"], keys, contents, done["figures"], problems)


def write_pdf(page_file: Path, out: Path) -> Book:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = launch(p)
        try:
            return print_book(browser, page_file, out)
        finally:
            browser.close()
