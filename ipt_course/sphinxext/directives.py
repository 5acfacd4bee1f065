"""`{quiz} ID` and `{vignette} ID` place a content item; `{progress}`, `{certificate}` and `{review}` the
trainee's record: each leaves a node (`nodes.py`) rendered when the page is written. `{inventory} ID` draws its
figures at once."""
from __future__ import annotations

from docutils import nodes
from sphinx.util.docutils import SphinxDirective

from ..figures import render_inventory
from .nodes import RECORD_PAGES, course_item
from .state import course_of


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


class ProgressDirective(SphinxDirective):
    """`{progress}`, `{certificate}` and `{review}`: placeholders filled in when the page is resolved."""

    has_content = False

    def run(self) -> list[nodes.Node]:
        return [RECORD_PAGES[self.name]()]
