"""The whole book on one page, and the PDF printed from it (`make pdf`, see `ipt_course/pdf.py`).

- The `singlehtml` builder puts every page on one, but each page keeps its own element ids, so two
  pages' `id2` or "Summary" collide and a link from one page can land on another; and it writes a
  link into another page as `book/intro.html#id`, relative to the wrong folder. On that page only,
  an id used by more than one page is made unique (`book/grief/id2`) and every link follows it. Each
  chapter also shows its learning time there, as on its own page.
- When the PDF exists next to the HTML book (`_build/ipt-course-book.pdf` beside `_build/html`), the
  HTML build copies it into the book and the home page links it under its title, with its pages and
  size; without it, nothing is linked. A new or removed PDF makes the home page outdated.
"""
from __future__ import annotations

import re
import shutil
from collections import defaultdict
from html import escape
from pathlib import Path

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment

from ..i18n import _n
from ..pdf import PDF_NAME, page_count
from .progress import show_learning_time
from .state import swap

DOUBLE_ANCHOR = re.compile(r"#document-(.+?)#(.+)")   # a link to an anchor in another page, in `singlehtml`


def unique_ids(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    if app.builder.name != "singlehtml" or docname != app.config.root_doc:
        return
    for page in doctree.findall(addnodes.start_of_file):
        show_learning_time(app, page, page["docname"])   # type: ignore[arg-type]
    found: list[tuple[nodes.Element, str]] = []   # every element, with the page it comes from

    def walk(node: nodes.Element, page: str) -> None:
        page = node["docname"] if isinstance(node, addnodes.start_of_file) else page
        found.append((node, page))
        for child in node.children:
            if isinstance(child, nodes.Element):
                walk(child, page)

    walk(doctree, docname)
    pages_of: defaultdict[str, set[str]] = defaultdict(set)
    for node, page in found:
        for i in node["ids"]:
            pages_of[i].add(page)
    shared = {i for i, pages in pages_of.items() if len(pages) > 1}

    def new(page: str, i: str) -> str:
        return f"{page}/{i}" if i in shared else i

    for node, page in found:
        node["ids"] = [new(page, i) for i in node["ids"]]
        if node.get("refid"):
            node["refid"] = new(page, node["refid"])
        if node.get("backrefs"):
            node["backrefs"] = [new(page, i) for i in node["backrefs"]]
        match = DOUBLE_ANCHOR.fullmatch(node.get("refuri", "")) if isinstance(node, nodes.reference) else None
        if match:
            node["refuri"] = "#" + new(match[1], match[2])


def _pdf(app: Sphinx) -> Path:
    return Path(app.outdir).parent / PDF_NAME


def _signature(app: Sphinx) -> str:
    pdf = _pdf(app)
    return f"{pdf.stat().st_size}:{pdf.stat().st_mtime_ns}" if pdf.is_file() else ""


def outdated_by_pdf(app: Sphinx, env: BuildEnvironment, added: set[str], changed: set[str],
                    removed: set[str]) -> set[str]:
    """The home page, when the PDF it links has been made, changed or removed since the last build."""
    signature = _signature(app)
    return {app.config.root_doc} if swap(env, "pdf", signature) != signature else set()


def link_pdf(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    pdf = _pdf(app)
    if app.builder.name != "html" or pagename != app.config.root_doc or not pdf.is_file() or "body" not in context:
        return
    pages, size = page_count(pdf.read_bytes()), pdf.stat().st_size / 1e6
    text = _n("Download the whole course as one PDF ({n} page, {size} MB)",
              "Download the whole course as one PDF ({n} pages, {size} MB)", pages).format(n=pages, size=f"{size:.1f}")
    link = (f'<p class="ipt-book-pdf"><a href="{escape(context["pathto"](PDF_NAME, resource=True))}" download>'
            f'{text}</a></p>\n')
    body = context["body"]
    end = body.find("</h1>")
    context["body"] = body[:end + 5] + "\n" + link + body[end + 5:] if end >= 0 else link + body


def copy_pdf(app: Sphinx, exception: Exception | None) -> None:
    """The book holds a copy of the PDF when there is one, and no old copy when there is none."""
    if exception is not None or app.builder.name != "html":
        return
    pdf, copy = _pdf(app), Path(app.outdir) / PDF_NAME
    if pdf.is_file():
        shutil.copy2(pdf, copy)
    else:
        copy.unlink(missing_ok=True)
