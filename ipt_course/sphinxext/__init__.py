"""Sphinx extension: `{quiz}` and `{vignette}` directives, the progress page, and the runtime on
the pages that show them.

Content is loaded and checked once per build; a content problem stops the build with the same
`path:line: message` lines as `python -m ipt_course check`.
"""
from __future__ import annotations

from docutils import nodes
from sphinx.application import Sphinx

from .directives import (
    InventoryDirective,
    ItemDirective,
    ProgressDirective,
    course_item,
    replace_item_outputs,
    skip,
    visit_course_item_html,
)
from .progress import check_chapters, collect_items, fill_progress_pages, merge_items, outdated_pages, purge_items
from .setup import add_runtime, add_static_path, load_course
from .theme import CITATION_HTML, drop_thebe, use_course_templates


def setup(app: Sphinx) -> dict:
    app.add_config_value("ipt_course_root", ".", "env", [str])
    skipped = (skip, None)
    app.add_node(course_item, html=(visit_course_item_html, None),
                 latex=skipped, text=skipped, man=skipped, texinfo=skipped, epub=skipped)
    app.add_node(nodes.citation, override=True, html=CITATION_HTML)
    app.add_directive("quiz", ItemDirective)
    app.add_directive("vignette", ItemDirective)
    app.add_directive("inventory", InventoryDirective)
    app.add_directive("progress", ProgressDirective)
    app.add_directive("certificate", ProgressDirective)
    app.connect("config-inited", use_course_templates)
    app.connect("builder-inited", load_course)
    app.connect("builder-inited", add_static_path)
    app.connect("env-get-outdated", outdated_pages)
    app.connect("doctree-read", replace_item_outputs)
    app.connect("doctree-read", collect_items)  # after the line above: it collects the nodes that one makes
    app.connect("env-purge-doc", purge_items)
    app.connect("env-merge-info", merge_items)
    app.connect("env-check-consistency", check_chapters)
    app.connect("doctree-resolved", fill_progress_pages)
    app.connect("html-page-context", drop_thebe)
    app.connect("html-page-context", add_runtime)
    return {"version": "0.1", "parallel_read_safe": True, "parallel_write_safe": True, "env_version": 2}
