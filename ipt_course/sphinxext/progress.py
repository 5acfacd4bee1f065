"""Which items each page shows (from its HTML, so notebook outputs count too), and the progress
page that lists them all in reading order."""
from __future__ import annotations

import re
from html import escape

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment

from .directives import course_item, progress_table

ITEM_ROOT = re.compile(r'<section class="ipt-(?:quiz|vignette)" data-item-id="([a-z0-9-]+)"')


def collect_items(app: Sphinx, doctree: nodes.document) -> None:
    env = app.env
    found: list[str] = []
    for node in doctree.findall():
        if isinstance(node, course_item):
            found.append(node["item_id"])
        elif isinstance(node, nodes.raw) and "html" in node.get("format", ""):
            found += ITEM_ROOT.findall(node.astext())
    env.ipt_items = getattr(env, "ipt_items", {})
    env.ipt_items[env.docname] = list(dict.fromkeys(found))


def purge_items(app: Sphinx, env: BuildEnvironment, docname: str) -> None:
    getattr(env, "ipt_items", {}).pop(docname, None)


def merge_items(app: Sphinx, env: BuildEnvironment, docnames: list[str], other: BuildEnvironment) -> None:
    env.ipt_items = getattr(env, "ipt_items", {})
    env.ipt_items.update({d: other.ipt_items[d] for d in docnames if d in getattr(other, "ipt_items", {})})


def reading_order(env: BuildEnvironment) -> list[str]:
    order: list[str] = []

    def walk(doc: str) -> None:
        if doc not in order:
            order.append(doc)
            for child in env.toctree_includes.get(doc, []):
                walk(child)

    walk(env.config.root_doc)
    return order + sorted(set(env.found_docs) - set(order))


def fill_progress_pages(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    for placeholder in list(doctree.findall(progress_table)):
        placeholder.replace_self(nodes.raw("", _table(app, docname), format="html"))


def _table(app: Sphinx, docname: str) -> str:
    env, course = app.env, app.ipt_course
    rows = []
    for doc in reading_order(env):
        for item_id in env.ipt_items.get(doc, []):
            item = course.items.get(item_id)
            if item is None:
                continue
            page = escape(env.titles[doc].astext()) if doc in env.titles else escape(doc)
            href = app.builder.get_relative_uri(docname, doc) + f"#ipt-{item_id}-title"
            rows.append(
                f'<tr data-item-id="{item_id}" data-kind="{item.kind}" data-title="{escape(item.title)}">'
                f'<th scope="row"><a href="{escape(href)}">{escape(item.title)}</a></th>'
                f'<td>{item.kind.capitalize()}</td><td>{page}</td>'
                f'<td class="ipt-status">Not started</td><td class="ipt-result">–</td></tr>')
    return ('<div class="ipt-progress">'
            '<p class="ipt-note" role="status" hidden></p>'
            '<table class="ipt-progress-table"><caption>Every quiz and case vignette in this book</caption>'
            '<thead><tr><th scope="col">Item</th><th scope="col">Kind</th><th scope="col">Page</th>'
            '<th scope="col">Status</th><th scope="col">Score</th></tr></thead>'
            f'<tbody>{"".join(rows)}</tbody></table>'
            '<div class="ipt-progress-actions" hidden>'
            '<button type="button" class="ipt-export-json">Export progress (JSON)</button> '
            '<button type="button" class="ipt-export-csv">Export progress (CSV)</button> '
            '<label class="ipt-import">Import progress (JSON) <input type="file" accept=".json,application/json"></label>'
            '</div><div class="ipt-progress-feedback" role="status" aria-live="polite"></div>'
            '</div>')
