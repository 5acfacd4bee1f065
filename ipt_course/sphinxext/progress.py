"""Which items each page shows, the chapters they count towards, the progress page that lists them
all in reading order, and the CPD certificate; and which pages a changed course makes outdated."""
from __future__ import annotations

from dataclasses import dataclass, field
from html import escape
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.util import logging

from ..i18n import N_, _
from ..model import Vignette
from .hours import LearningTime, declared_problem, learning_time
from .nodes import RECORD_PAGES, certificate, course_item, progress_table
from .review import review_page
from .state import course_of, fingerprint_of, page_items, page_words, record_pages, swap, take_pages, version_of

logger = logging.getLogger(__name__)


def collect_items(app: Sphinx, doctree: nodes.document) -> None:
    env = app.env
    found = list(dict.fromkeys(node["item_id"] for node in doctree.findall(course_item)))
    if found:
        page_items(env)[env.docname] = found
    names = {placeholder: kind for kind, placeholder in RECORD_PAGES.items()}
    kinds = {names[type(node)] for node in doctree.findall(lambda node: type(node) in names)}
    if kinds:
        record_pages(env)[env.docname] = kinds


def purge_items(app: Sphinx, env: BuildEnvironment, docname: str) -> None:
    page_items(env).pop(docname, None)
    record_pages(env).pop(docname, None)


def merge_items(app: Sphinx, env: BuildEnvironment, docnames: list[str], other: BuildEnvironment) -> None:
    take_pages(page_items(env), page_items(other), docnames)
    take_pages(record_pages(env), record_pages(other), docnames)


def outdated_pages(app: Sphinx, env: BuildEnvironment, added: set[str], changed: set[str],
                   removed: set[str]) -> set[str]:
    """Pages whose HTML comes from the course, not only from their source, are re-read when it changed
    since the last build; the progress and certificate pages also when any page did, as they list
    every page's items under its chapter's title, and when the version (printed on the certificate) did."""
    outdated: set[str] = set()
    fingerprint, version = fingerprint_of(app), version_of(app)
    if swap(env, "fingerprint", fingerprint) != fingerprint:
        outdated |= set(page_items(env)) | set(record_pages(env))
    new_version = swap(env, "version", version) != version
    if added or changed or removed or new_version:
        outdated |= set(record_pages(env))
    return outdated


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
    declared: float | None   # `learning_hours` from the front matter, if any
    reason: str              # `learning_hours_reason`, why it differs from the computed time
    items: list[tuple[str, str]] = field(default_factory=list)  # (item id, page it is shown on)
    time: LearningTime = LearningTime(0, 0, 0)

    @property
    def hours(self) -> float:
        return self.time.hours


def chapters(app: Sphinx) -> list[Chapter]:
    env, course = app.env, course_of(app)
    by_doc: dict[str, Chapter] = {}
    order = reading_order(env)
    for doc in order:
        for item_id in page_items(env).get(doc, []):
            item = course.items.get(item_id)
            if item is None:
                continue
            home = f"book/{item.chapter}" if isinstance(item, Vignette) and item.chapter else doc
            if home not in by_doc:
                title = env.titles[home].astext() if home in env.titles else home
                meta = env.metadata.get(home, {})
                by_doc[home] = Chapter(home, title, _hours(meta.get("learning_hours")),
                                       str(meta.get("learning_hours_reason", "")))
            by_doc[home].items.append((item_id, doc))
    for ch in by_doc.values():
        ch.time = learning_time(page_words(env).get(ch.docname, 0), [course.items[i] for i, _ in ch.items])
    return sorted(by_doc.values(), key=lambda c: order.index(c.docname) if c.docname in order else len(order))


def _hours(value: Any) -> float | None:
    """Learning hours from front matter: a positive number (or numeric text), else None."""
    try:
        hours = float(value)
    except (TypeError, ValueError):
        return None
    return hours if hours > 0 else None


def check_chapters(app: Sphinx, env: BuildEnvironment) -> None:
    """Items name real chapters, and a chapter's declared hours agree with its computed learning
    time (the certificate adds up the computed one) or say why not."""
    for chapter in chapters(app):
        if chapter.docname not in env.found_docs:
            logger.warning(f"items name chapter '{chapter.docname}', which is not a page of the book; "
                           "fix the vignette's `chapter:` field", location=chapter.items[0][1])
        elif problem := declared_problem(chapter.declared, chapter.reason, chapter.time):
            logger.warning(problem, location=chapter.docname)


def show_learning_time(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """"About 50 minutes: reading 30, quiz 10, case 10." under a chapter's title."""
    chapter = next((c for c in chapters(app) if c.docname == docname), None)
    section = next(iter(doctree.findall(nodes.section)), None)
    if chapter is None or section is None:
        return
    section.insert(1, nodes.paragraph("", chapter.time.sentence(), classes=["ipt-time"]))


def fill_progress_pages(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    for placeholder in list(doctree.findall(progress_table)):
        placeholder.replace_self(nodes.raw("", _progress(app, docname), format="html"))
    for placeholder in list(doctree.findall(certificate)):
        placeholder.replace_self(nodes.raw("", _certificate(app, docname), format="html"))


def _href(app: Sphinx, fromdoc: str, todoc: str, anchor: str = "") -> str:
    return escape(app.builder.get_relative_uri(fromdoc, todoc) + anchor)


def _progress(app: Sphinx, docname: str) -> str:
    course, review = course_of(app), review_page(app)
    clear = _("Clear your record of {title}…")
    groups = []
    for ch in chapters(app):
        hours = _("about {hours} h").format(hours=f"{ch.hours:g}")
        rows = [f'<tr class="ipt-chapter-row"><th scope="rowgroup">'
                f'<a href="{_href(app, docname, ch.docname)}">{escape(ch.title)}</a> '
                f'<span class="ipt-hours">{hours}</span></th>'
                f'<td class="ipt-chapter-share">–</td></tr>']
        for item_id, page in ch.items:
            item = course.items[item_id]
            rows.append(
                f'<tr data-item-id="{item_id}" data-kind="{item.kind}" data-title="{escape(item.title)}">'
                f'<th scope="row"><a href="{_href(app, docname, page, f"#ipt-{item_id}-title")}">'
                f'{escape(item.title)}</a> <span class="ipt-kind">{_(item.label)}</span></th>'
                f'<td><span class="ipt-status">{_("Not started")}</span> <span class="ipt-result"></span> '
                f'<button type="button" class="ipt-clear" aria-label="{clear.format(title=escape(item.title))}" '
                f'hidden>{_("Clear…")}</button></td></tr>')
        groups.append(f'<tbody data-chapter="{escape(ch.docname)}">{"".join(rows)}</tbody>')
    json_file = '<input type="file" accept=".json,application/json">'
    reset = _("Delete every answer and score kept in this browser? This cannot be undone; export your progress "
              "first if you want a record.")
    check = _("For supervisors: choose the trainee's exported progress file to see the record check code its "
              "certificate should show, and the chapters it records. Nothing is imported or changed.")
    return ('<div class="ipt-progress">'
            '<p class="ipt-note" role="status" hidden></p>'
            f'<p class="ipt-continue" hidden>{_("Continue where you left off:")} <a href="#"></a></p>'
            + (f'<p class="ipt-review-due" hidden><span class="ipt-review-count"></span>'
               f'<a href="{_href(app, docname, review)}">{_("Open the review page")}</a></p>' if review else '') +
            f'<table class="ipt-progress-table"><caption>'
            f'{_("Every quiz, case vignette and written exercise in this book, by chapter")}</caption>'
            f'<thead><tr><th scope="col">{_("Chapter, quiz, case or exercise")}</th>'
            f'<th scope="col">{_("Your record")}</th></tr></thead>'
            f'{"".join(groups)}</table>'
            '<div class="ipt-progress-actions" hidden>'
            f'<button type="button" class="ipt-export-json">{_("Export progress (JSON)")}</button> '
            f'<button type="button" class="ipt-export-csv">{_("Export progress (CSV)")}</button> '
            f'<label class="ipt-import">{_("Import progress (JSON)")} {json_file}</label> '
            f'<button type="button" class="ipt-reset">{_("Reset all progress…")}</button>'
            '<div class="ipt-reset-confirm" role="group" aria-labelledby="ipt-reset-question" hidden>'
            f'<p id="ipt-reset-question">{reset}</p>'
            f'<button type="button" class="ipt-reset-yes">{_("Delete all my progress")}</button> '
            f'<button type="button" class="ipt-reset-no">{_("Keep my progress")}</button></div>'
            '</div><div class="ipt-progress-feedback" role="status" aria-live="polite"></div>'
            f'<div class="ipt-cert-check" hidden><h2>{_("Check a certificate")}</h2><p>{check}</p>'
            f'<label>{_("Exported progress file (JSON)")} {json_file}</label>'
            '<div class="ipt-cert-check-result" role="status" aria-live="polite"></div></div></div>')


def _certificate(app: Sphinx, docname: str) -> str:
    rows = "".join(
        f'<tr data-chapter="{escape(ch.docname)}" data-items="{" ".join(i for i, _page in ch.items)}" '
        f'data-hours="{ch.hours:g}" hidden><th scope="row">{escape(ch.title)}</th>'
        f'<td class="ipt-cert-date"></td><td class="ipt-cert-score"></td><td>{ch.hours:g}</td></tr>'
        for ch in chapters(app))
    title = escape(app.config.html_title or app.config.project)
    line = '<span class="ipt-cert-line"></span>'
    issuer = _("Issued by {book}, version of {version}.").format(book=f"<em>{title}</em>",
                                                                  version=escape(version_of(app)))
    name = f'<strong class="ipt-cert-name">{_("(your name)")}</strong>'
    records = _("This records that {name} completed the chapters below, including every quiz, case vignette "
                "and written exercise in them.").format(name=name)
    reflect = _("Reflective statement: what you learned, and how you will use it in your practice (up to 700 "
                "characters, so it prints on the one page)")
    made = _("Made from the progress kept in this browser on {date}. Record check code {code}: a supervisor can "
             "work it out from the trainee's exported progress file on the progress page, to see that this record "
             "matches it. A self-declared record for continuing professional development; not an assessment of "
             "competence and not a qualification to practise.").format(
        date='<span class="ipt-cert-today"></span>', code='<code class="ipt-cert-code">–</code>')
    empty = _("No chapter is complete yet in this browser. Finish every quiz, case and written exercise in a "
              "chapter and it appears here.")
    help_ = _("Your name and reflective statement are kept only in this browser, like your progress.")
    signoff = "".join(f"<p>{_(s)} {line}</p>" for s in (N_("Supervisor's name"), N_("Signature"), N_("Date")))
    columns = "".join(f'<th scope="col">{_(c)}</th>' for c in (
        N_("Chapter"), N_("Completed on"), N_("First-attempt score"), N_("Learning hours")))
    return ('<div class="ipt-certificate">'
            '<p class="ipt-note" role="status" hidden></p>'
            f'<div class="ipt-cert-form" hidden><label for="ipt-cert-name">'
            f'{_("Your name, as it should appear on the certificate")}</label> '
            '<input id="ipt-cert-name" type="text" autocomplete="name"> '
            f'<button type="button" class="ipt-cert-print">{_("Print or save as PDF")}</button>'
            f'<p class="ipt-cert-help">{help_}</p></div>'
            '<section class="ipt-cert-sheet" aria-labelledby="ipt-cert-heading">'
            f'<h2 id="ipt-cert-heading">{_("Record of learning")}</h2>'
            f'<p class="ipt-cert-issuer">{issuer}</p><p>{records}</p>'
            f'<table class="ipt-cert-table"><thead><tr>{columns}</tr></thead>'
            f'<tbody>{rows}</tbody><tfoot><tr><th scope="row" colspan="3">{_("Total")}</th>'
            '<td class="ipt-cert-total">0</td></tr></tfoot></table>'
            f'<p class="ipt-cert-empty">{empty}</p>'
            f'<label class="ipt-cert-reflect-label" for="ipt-cert-reflection">{reflect}</label>'
            '<textarea id="ipt-cert-reflection" rows="4" maxlength="700"></textarea>'
            '<p class="ipt-cert-reflection-print" aria-hidden="true"></p>'
            f'<div class="ipt-cert-signoff">{signoff}</div>'
            f'<p class="ipt-cert-small">{made}</p>'
            '</section></div>')
