"""The review page: `{review}` leaves a placeholder that becomes the review queue's frame, and every quiz
gets a script of its own, `_static/ipt-review/<quiz id>.js`, holding its questions as its chapter shows
them, the data that grades them, and the section of the chapter that teaches each. The page loads a quiz's
script only when one of its questions is due (`runtime/review.js`), so it stays light however many quizzes
the course has, and a script loads from `file://` where a fetch would not.

Which section teaches a question is worked out from the words they share: each question is matched with
the section of its chapter (the chapter's own `##` sections, not the quiz's or the case's) whose
distinctive words best cover the question's prompt, right answers and explanation."""
from __future__ import annotations

import json
import math
import posixpath
import re
from collections import Counter
from html import escape
from pathlib import Path

from docutils import nodes
from sphinx.application import Sphinx

from .. import markdown
from ..i18n import _
from ..model import Quiz
from ..render import item_data, render_question
from .nodes import course_item, review_queue
from .state import course_of, page_items, record_pages

FOLDER = "ipt-review"
NOT_TEACHING = {"learning outcomes", "check your understanding", "case vignette", "common trainee mistakes"}
WORD = re.compile(r"[a-zāēīōū]{4,}")


def fill_review_pages(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    for placeholder in list(doctree.findall(review_queue)):
        placeholder.replace_self(nodes.raw("", _review(app, docname), format="html"))


def _quizzes(app: Sphinx) -> list[tuple[Quiz, str]]:
    """Every quiz the book shows, with the page it is shown on."""
    course, found = course_of(app), dict[str, tuple[Quiz, str]]()
    for page, ids in sorted(page_items(app.env).items()):
        for item_id in ids:
            item = course.items.get(item_id)
            if isinstance(item, Quiz):
                found.setdefault(item_id, (item, page))
    return list(found.values())


def _script(docname: str, quiz_id: str) -> str:
    return posixpath.relpath(f"_static/{FOLDER}/{quiz_id}.js", posixpath.dirname(docname) or ".")


def _review(app: Sphinx, docname: str) -> str:
    sources = "".join(f'<li data-quiz="{quiz.id}" data-src="{escape(_script(docname, quiz.id))}">'
                      f'{escape(quiz.title)}</li>' for quiz, _page in _quizzes(app))
    status = _("The review queue is kept in your browser and needs JavaScript: with it off, each chapter's quiz "
               "is still there to answer again.")
    return ('<div class="ipt-review">'
            '<p class="ipt-note" role="status" hidden></p>'
            f'<p class="ipt-review-status" aria-live="polite">{status}</p>'
            '<ol class="ipt-questions ipt-review-list"></ol>'
            '<p class="ipt-review-actions" hidden><button type="button" class="ipt-review-ics">'
            f'{_("Download the review dates for your calendar (.ics)")}</button></p>'
            '<div class="ipt-review-feedback" role="status" aria-live="polite"></div>'
            f'<ul class="ipt-review-sources" hidden>{sources}</ul></div>')


def review_page(app: Sphinx) -> str | None:
    return next((doc for doc, kinds in sorted(record_pages(app.env).items()) if "review" in kinds), None)


def write_review_scripts(app: Sphinx, exception: Exception | None) -> None:
    """One script per quiz, for the review page, written when the pages are (so the worker keeps them)."""
    page = review_page(app)
    if exception or app.builder.name != "html" or page is None:
        return
    folder = Path(app.outdir) / "_static" / FOLDER
    folder.mkdir(parents=True, exist_ok=True)
    course = course_of(app)
    for quiz, shown_on in _quizzes(app):
        teaching, data = _Teaching(app, page, shown_on), item_data(quiz)["questions"]
        questions = {q.id: {"data": data[i], "html": render_question(quiz, i, course.citations),
                            "section": teaching.section_for(_question_words(q))}
                     for i, q in enumerate(quiz.questions)}
        payload = json.dumps({"title": quiz.title, "questions": questions}, ensure_ascii=False, separators=(",", ":"))
        payload = payload.replace("</", "<\\/")
        text = f"iptReview({json.dumps(quiz.id)},{payload});\n"
        target = folder / f"{quiz.id}.js"
        if not target.exists() or target.read_text(encoding="utf-8") != text:
            target.write_text(text, encoding="utf-8")


def _words(text: str) -> Counter[str]:
    return Counter(WORD.findall(text.lower()))


def _question_words(q) -> Counter[str]:
    right = " ".join(o.text for o in getattr(q, "options", []) if o.correct)
    cases = " ".join(f"{c.text} {c.category}" for c in getattr(q, "cases", []))
    return _words(markdown.plain(f"{q.prompt} {right} {cases} {q.explanation}"))


class _Teaching:
    """A chapter's teaching sections (its own `##` sections, the quiz's and the case's left out), read once,
    and the weight of each of their words: a word found in fewer sections says more about which one teaches."""

    def __init__(self, app: Sphinx, page: str, chapter: str):
        self.href = app.builder.get_relative_uri(page, chapter)
        self.title = app.env.titles[chapter].astext()
        top = next(iter(app.env.get_doctree(chapter).findall(nodes.section)), None)
        self.sections: list[tuple[str, str, Counter[str]]] = []
        for section in (top.children if top else []):
            if not isinstance(section, nodes.section) or not section["ids"]:
                continue
            title = section.next_node(nodes.title).astext()
            if title.lower() in NOT_TEACHING or next(iter(section.findall(course_item)), None) is not None:
                continue
            self.sections.append((section["ids"][0], title, _words(section.astext())))
        spread = Counter(w for _anchor, _title, found in self.sections for w in found)
        self.weight = {w: math.log((1 + len(self.sections)) / spread[w]) for w in spread}

    def section_for(self, words: Counter[str]) -> list[str]:
        """[href, title] of the section that teaches a question best; the chapter itself when it has none."""
        if not self.sections:
            return [self.href, self.title]

        def cover(found: Counter[str]) -> float:
            shared = sum(self.weight[w] * min(n, 3) for w, n in words.items() if w in found)
            return shared / math.sqrt(1 + sum(found.values()) / 200)   # a long section shares more words by chance

        anchor, title, _words = max(self.sections, key=lambda s: cover(s[2]))
        return [f"{self.href}#{anchor}", title]
