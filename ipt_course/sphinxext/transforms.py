"""A workshop notebook's stored output holds its item's HTML as it was when the notebook last ran; the
page shows the item from the current course instead, as a `{vignette}` would, so every item in the book
has one route to its HTML."""
from __future__ import annotations

import re

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util import logging

from .nodes import course_item
from .state import course_of

logger = logging.getLogger(__name__)
ITEM_OUTPUT = re.compile(r'\s*<section\b[^>]*\sdata-item-id="([^"]+)"')  # the root `render` gives an item


def replace_item_outputs(app: Sphinx, doctree: nodes.document) -> None:
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
