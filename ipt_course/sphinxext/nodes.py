"""The extension's doctree nodes, and how the HTML writer turns them into the course's markup.

Each is rendered when the page is written: an item once its heading level (from the sections around it) is
known, the progress table and the certificate once every page's items are known.
"""
from __future__ import annotations

from collections.abc import Iterator

from docutils import nodes
from sphinx.util.docutils import SphinxTranslator

from ..render import render
from .state import course_of


class course_item(nodes.General, nodes.Element):
    """A quiz or vignette, by id."""


class progress_table(nodes.General, nodes.Element):
    """Replaced by the table of every item in the book once all pages are read."""


class certificate(nodes.General, nodes.Element):
    """Replaced by the CPD certificate (chapters, their items and hours) once all pages are read."""


class review_queue(nodes.General, nodes.Element):
    """Replaced by the review page's frame, which lists every quiz's review script, once all pages are read."""


RECORD_PAGES: dict[str, type[nodes.Element]] = {"progress": progress_table, "certificate": certificate,
                                                 "review": review_queue}
"""The directive (and page kind) that places each of the trainee's record pages, and its placeholder."""


def visit_course_item_html(self: SphinxTranslator, node: course_item) -> None:
    course = course_of(self.builder.app)
    depth = sum(isinstance(n, nodes.section) for n in _ancestors(node))
    self.body.append(render(course.items[node["item_id"]], course.citations, heading_level=depth + 1))
    raise nodes.SkipNode


def skip(self: SphinxTranslator, node: nodes.Node) -> None:
    raise nodes.SkipNode


def _ancestors(node: nodes.Node) -> Iterator[nodes.Node]:
    while node.parent is not None:
        node = node.parent
        yield node
