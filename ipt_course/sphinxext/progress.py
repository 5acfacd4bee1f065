"""Which items each page shows (from its HTML, so notebook outputs count too), the chapters they
count towards, the progress page that lists them all in reading order, and the CPD certificate."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from html import escape

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.util import logging

from .directives import certificate, course_item, progress_table

logger = logging.getLogger(__name__)

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


@dataclass
class Chapter:
    """A chapter and the items that count towards it (its own, and vignettes that name it)."""

    docname: str
    title: str
    hours: float | None
    items: list[tuple[str, str]] = field(default_factory=list)  # (item id, page it is shown on)


def chapters(app: Sphinx) -> list[Chapter]:
    env, course = app.env, app.ipt_course
    by_doc: dict[str, Chapter] = {}
    order = reading_order(env)
    for doc in order:
        for item_id in env.ipt_items.get(doc, []):
            item = course.items.get(item_id)
            if item is None:
                continue
            home = f"book/{item.chapter}" if getattr(item, "chapter", "") else doc
            if home not in by_doc:
                title = env.titles[home].astext() if home in env.titles else home
                hours = env.metadata.get(home, {}).get("learning_hours")
                by_doc[home] = Chapter(home, title, float(hours) if _is_number(hours) else None)
            by_doc[home].items.append((item_id, doc))
    return sorted(by_doc.values(), key=lambda c: order.index(c.docname) if c.docname in order else len(order))


def _is_number(value) -> bool:
    try:
        return float(value) > 0
    except (TypeError, ValueError):
        return False


def check_chapters(app: Sphinx, env: BuildEnvironment) -> None:
    """Every chapter with items declares its learning hours (the CPD certificate adds them up)."""
    for chapter in chapters(app):
        if chapter.docname not in env.found_docs:
            logger.warning(f"items name chapter '{chapter.docname}', which is not a page of the book; "
                           "fix the vignette's `chapter:` field", location=chapter.items[0][1])
        elif chapter.hours is None:
            logger.warning("this chapter has quizzes or vignettes but declares no learning hours; add "
                           "`learning_hours: 1.5` to its front matter (between two `---` lines at the top)",
                           location=chapter.docname)


def fill_progress_pages(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    for placeholder in list(doctree.findall(progress_table)):
        placeholder.replace_self(nodes.raw("", _progress(app, docname), format="html"))
    for placeholder in list(doctree.findall(certificate)):
        placeholder.replace_self(nodes.raw("", _certificate(app, docname), format="html"))


def _href(app: Sphinx, fromdoc: str, todoc: str, anchor: str = "") -> str:
    return escape(app.builder.get_relative_uri(fromdoc, todoc) + anchor)


def _progress(app: Sphinx, docname: str) -> str:
    course = app.ipt_course
    groups = []
    for ch in chapters(app):
        hours = f"{ch.hours:g} h" if ch.hours else ""
        rows = [f'<tr class="ipt-chapter-row"><th scope="rowgroup" colspan="2">'
                f'<a href="{_href(app, docname, ch.docname)}">{escape(ch.title)}</a> '
                f'<span class="ipt-hours">{hours}</span></th>'
                f'<td class="ipt-chapter-share" colspan="2">–</td></tr>']
        for item_id, page in ch.items:
            item = course.items[item_id]
            rows.append(
                f'<tr data-item-id="{item_id}" data-kind="{item.kind}" data-title="{escape(item.title)}">'
                f'<th scope="row"><a href="{_href(app, docname, page, f"#ipt-{item_id}-title")}">'
                f'{escape(item.title)}</a></th><td>{item.kind.capitalize()}</td>'
                f'<td class="ipt-status">Not started</td><td class="ipt-result">–</td></tr>')
        groups.append(f'<tbody data-chapter="{escape(ch.docname)}">{"".join(rows)}</tbody>')
    return ('<div class="ipt-progress">'
            '<p class="ipt-note" role="status" hidden></p>'
            '<p class="ipt-continue" hidden>Continue where you left off: <a href="#"></a></p>'
            '<table class="ipt-progress-table"><caption>Every quiz and case vignette in this book, by chapter'
            '</caption><thead><tr><th scope="col">Item</th><th scope="col">Kind</th>'
            '<th scope="col">Status</th><th scope="col">Score</th></tr></thead>'
            f'{"".join(groups)}</table>'
            '<div class="ipt-progress-actions" hidden>'
            '<button type="button" class="ipt-export-json">Export progress (JSON)</button> '
            '<button type="button" class="ipt-export-csv">Export progress (CSV)</button> '
            '<label class="ipt-import">Import progress (JSON) <input type="file" accept=".json,application/json"></label> '
            '<button type="button" class="ipt-reset">Reset all progress…</button>'
            '<div class="ipt-reset-confirm" role="group" aria-labelledby="ipt-reset-question" hidden>'
            '<p id="ipt-reset-question">Delete every answer and score kept in this browser? This cannot be '
            'undone; export your progress first if you want a record.</p>'
            '<button type="button" class="ipt-reset-yes">Delete all my progress</button> '
            '<button type="button" class="ipt-reset-no">Keep my progress</button></div>'
            '</div><div class="ipt-progress-feedback" role="status" aria-live="polite"></div></div>')


def _certificate(app: Sphinx, docname: str) -> str:
    rows = "".join(
        f'<tr data-chapter="{escape(ch.docname)}" data-items="{" ".join(i for i, _ in ch.items)}" '
        f'data-hours="{ch.hours:g}" hidden><th scope="row">{escape(ch.title)}</th>'
        f'<td class="ipt-cert-date"></td><td>{ch.hours:g}</td></tr>'
        for ch in chapters(app) if ch.hours)
    title = escape(app.config.html_title or app.config.project)
    return ('<div class="ipt-certificate">'
            '<p class="ipt-note" role="status" hidden></p>'
            '<div class="ipt-cert-form" hidden><label for="ipt-cert-name">Your name, as it should appear on '
            'the certificate</label> <input id="ipt-cert-name" type="text" autocomplete="name"> '
            '<button type="button" class="ipt-cert-print">Print or save as PDF</button>'
            '<p class="ipt-cert-help">Your name is kept only in this browser, like your progress.</p></div>'
            '<section class="ipt-cert-sheet" aria-labelledby="ipt-cert-heading">'
            '<h2 id="ipt-cert-heading">Record of learning</h2>'
            f'<p>This records that <strong class="ipt-cert-name">(your name)</strong> completed the chapters '
            f'below of <em>{title}</em>, including every quiz and case vignette in them.</p>'
            '<table class="ipt-cert-table"><thead><tr><th scope="col">Chapter</th>'
            '<th scope="col">Completed on</th><th scope="col">Learning hours</th></tr></thead>'
            f'<tbody>{rows}</tbody><tfoot><tr><th scope="row" colspan="2">Total</th>'
            '<td class="ipt-cert-total">0</td></tr></tfoot></table>'
            '<p class="ipt-cert-empty">No chapter is complete yet in this browser. Finish every quiz and case '
            'in a chapter and it appears here.</p>'
            '<p class="ipt-cert-small">Made from the progress kept in this browser on <span '
            'class="ipt-cert-today"></span>. A self-declared record for continuing professional development; '
            'not an assessment of competence and not a qualification to practise.</p>'
            '</section></div>')
