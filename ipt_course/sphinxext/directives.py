"""`{quiz} ID` and `{vignette} ID` place a content item; `{progress}` places the progress table.

Both leave a node that is rendered when the page is written, once the item's heading level (from
the sections around it) and, for the progress table, every page's items are known. A notebook
output that holds an item's HTML becomes the same item node, so every page shows the current course.
"""
from __future__ import annotations

import re

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective, SphinxTranslator

from ..figures import render_inventory
from ..render import render
from .state import course_of

logger = logging.getLogger(__name__)
ITEM_OUTPUT = re.compile(r'\s*<section\b[^>]*\sdata-item-id="([^"]+)"')  # the root `render` gives an item


class course_item(nodes.General, nodes.Element):
    """A quiz or vignette, by id."""


class progress_table(nodes.General, nodes.Element):
    """Replaced by the table of every item in the book once all pages are read."""


class ItemDirective(SphinxDirective):
    required_arguments = 1
    has_content = False

    def run(self) -> list[nodes.Node]:
        course = course_of(self.env.app)
        item_id = self.arguments[0]
        item = course.items.get(item_id)
        if item is None or item.kind != self.name:
            self.env.note_reread()  # without an item node, a change to the course would not re-read it
        if item is None:
            known = ", ".join(sorted(i for i, it in course.items.items() if it.kind == self.name)) or "none"
            raise self.error(f"no valid {self.name} with id '{item_id}' (check the id, and any content "
                             f"errors reported above); valid {self.name} ids: {known}")
        if item.kind != self.name:
            raise self.error(f"'{item_id}' is a {item.kind}; write ```{{{item.kind}}} {item_id}``` instead")
        return [course_item(item_id=item_id)]


def replace_item_outputs(app: Sphinx, doctree: nodes.document) -> None:
    """A workshop notebook's stored output holds its item's HTML as it was when the notebook last ran;
    the page shows the item from the current course instead, as a `{vignette}` would."""
    course = course_of(app)
    for raw in list(doctree.findall(nodes.raw)):
        match = ITEM_OUTPUT.match(raw.astext()) if "html" in raw.get("format", "").split() else None
        if match is None:
            continue
        if match[1] in course.items:
            raw.replace_self(course_item(item_id=match[1]))
        else:
            app.env.note_reread()
            logger.warning(f"this HTML shows item '{match[1]}', which is not a valid quiz or vignette (check "
                           "any content errors reported above); if it was renamed, regenerate the notebook "
                           "with `python -m ipt_course notebook NAME`", location=(app.env.docname, raw.line))


class InventoryDirective(SphinxDirective):
    """`{inventory} ID`: the closeness circle and timeline drawn from `content/inventories/ID.yml`."""

    required_arguments = 1
    has_content = False

    def run(self) -> list[nodes.Node]:
        course = course_of(self.env.app)
        inventory = course.inventories.get(self.arguments[0])
        if inventory is None:
            known = ", ".join(sorted(course.inventories)) or "none"
            raise self.error(f"no valid inventory with id '{self.arguments[0]}' in content/inventories/; "
                             f"valid ids: {known}")
        self.env.note_dependency(str(course.source_of(inventory).path))
        return [nodes.raw("", render_inventory(inventory), format="html")]


class certificate(nodes.General, nodes.Element):
    """Replaced by the CPD certificate (chapters, their items and hours) once all pages are read."""


class ProgressDirective(SphinxDirective):
    """`{progress}` and `{certificate}`: placeholders filled in when the page is resolved."""

    has_content = False

    def run(self) -> list[nodes.Node]:
        return [progress_table() if self.name == "progress" else certificate()]


def visit_course_item_html(self: SphinxTranslator, node: course_item) -> None:
    course = course_of(self.builder.app)
    depth = sum(isinstance(n, nodes.section) for n in _ancestors(node))
    self.body.append(render(course.items[node["item_id"]], course.citations, heading_level=depth + 1))
    raise nodes.SkipNode


def skip(self: SphinxTranslator, node: nodes.Node) -> None:
    raise nodes.SkipNode


def _ancestors(node: nodes.Node):
    while node.parent is not None:
        node = node.parent
        yield node
