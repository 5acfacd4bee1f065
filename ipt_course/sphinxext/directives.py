"""`{quiz} ID` and `{vignette} ID` place a content item; `{progress}` places the progress table.

Both leave a node that is rendered when the page is written, once the item's heading level (from
the sections around it) and, for the progress table, every page's items are known.
"""
from __future__ import annotations

from docutils import nodes
from sphinx.util.docutils import SphinxDirective, SphinxTranslator

from ..figures import render_inventory
from ..render import render


class course_item(nodes.General, nodes.Element):
    """A quiz or vignette, by id."""


class progress_table(nodes.General, nodes.Element):
    """Replaced by the table of every item in the book once all pages are read."""


class ItemDirective(SphinxDirective):
    required_arguments = 1
    has_content = False

    def run(self) -> list[nodes.Node]:
        course = self.env.app.ipt_course
        item_id = self.arguments[0]
        if item_id not in course.items:
            known = ", ".join(sorted(i for i, it in course.items.items() if it.kind == self.name)) or "none"
            raise self.error(f"no valid {self.name} with id '{item_id}' (check the id, and any content "
                             f"errors reported above); valid {self.name} ids: {known}")
        item = course.items[item_id]
        if item.kind != self.name:
            raise self.error(f"'{item_id}' is a {item.kind}; write ```{{{item.kind}}} {item_id}``` instead")
        self.env.note_dependency(str(course.source_of(item).path))
        return [course_item(item_id=item_id)]


class InventoryDirective(SphinxDirective):
    """`{inventory} ID`: the closeness circle and timeline drawn from `content/inventories/ID.yml`."""

    required_arguments = 1
    has_content = False

    def run(self) -> list[nodes.Node]:
        course = self.env.app.ipt_course
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
    course = self.builder.app.ipt_course
    depth = sum(isinstance(n, nodes.section) for n in _ancestors(node))
    self.body.append(render(course.items[node["item_id"]], course.citations, heading_level=depth + 1))
    raise nodes.SkipNode


def skip(self: SphinxTranslator, node: nodes.Node) -> None:
    raise nodes.SkipNode


def _ancestors(node: nodes.Node):
    while node.parent is not None:
        node = node.parent
        yield node
