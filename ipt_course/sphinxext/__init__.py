"""Sphinx extension: `{quiz}` and `{vignette}` directives, the progress page, and the runtime on
the pages that show them.

Content is loaded and checked once per build; a content problem stops the build with the same
`path:line: message` lines as `python -m ipt_course check`.
"""
from __future__ import annotations

from docutils.nodes import citation  # not `nodes`: that name is this package's nodes module
from sphinx.application import Sphinx

from .assets import add_runtime, add_static_path, outdated_by_runtime
from .directives import InventoryDirective, ItemDirective, ProgressDirective
from .glossary import explain_terms, outdated_by_glossary
from .hours import count_words, merge_words, purge_words
from .loading import load_course
from .messages import add_messages, outdated_by_messages, use_language
from .nodes import RECORD_PAGES, course_item, skip, visit_course_item_html
from .offline import link_manifest, write_worker
from .progress import (
    check_chapters,
    collect_items,
    fill_progress_pages,
    merge_items,
    outdated_pages,
    purge_items,
    show_learning_time,
)
from .review import fill_review_pages, write_review_scripts
from .theme import CITATION_HTML, dark_code_style, drop_unused_assets, furo_options
from .transforms import replace_item_outputs
from .wholebook import copy_pdf, link_pdf, outdated_by_pdf, unique_ids


def setup(app: Sphinx) -> dict:
    app.add_config_value("ipt_course_root", ".", "env", [str])
    skipped = (skip, None)
    app.add_node(course_item, html=(visit_course_item_html, None),
                 latex=skipped, text=skipped, man=skipped, texinfo=skipped, epub=skipped)
    app.add_node(citation, override=True, html=CITATION_HTML)
    app.add_directive("quiz", ItemDirective)
    app.add_directive("vignette", ItemDirective)
    app.add_directive("written", ItemDirective)
    app.add_directive("inventory", InventoryDirective)
    for record_page in RECORD_PAGES:                        # {progress}, {certificate}, {review}
        app.add_directive(record_page, ProgressDirective)
    # The events in the order Sphinx fires them in a build:
    app.connect("config-inited", furo_options)              # the theme's options, less Jupyter Book's own
    app.connect("builder-inited", load_course)              # read and check the content once (cached)
    app.connect("builder-inited", use_language)             # the interface's catalogue, for Python and the runtime
    app.connect("builder-inited", add_static_path)          # ship the runtime
    app.connect("builder-inited", dark_code_style)          # before the theme writes its code colours
    app.connect("env-get-outdated", outdated_pages)         # a changed course re-reads the pages that show it
    app.connect("env-get-outdated", outdated_by_messages)   # an edited translation: every page's interface
    app.connect("env-get-outdated", outdated_by_runtime)    # a changed runtime is copied even if no page changed
    app.connect("env-get-outdated", outdated_by_pdf)        # a new or removed PDF of the book: the home page
    app.connect("env-get-outdated", outdated_by_glossary)   # an edited glossary: every page's term definitions
    app.connect("env-purge-doc", purge_items)               # forget a page's items before it is re-read
    app.connect("env-purge-doc", purge_words)               # and its word count
    app.connect("doctree-read", replace_item_outputs)       # a notebook's stored item HTML -> a course_item node
    app.connect("doctree-read", collect_items)              # then note each page's items (after the line above)
    app.connect("doctree-read", count_words)                # and the words read on it, items aside
    app.connect("env-merge-info", merge_items)              # parallel reads
    app.connect("env-merge-info", merge_words)
    app.connect("env-check-consistency", check_chapters)    # chapters exist; declared hours agree or say why
    app.connect("doctree-resolved", fill_progress_pages)    # the progress table and certificate, all pages known
    app.connect("doctree-resolved", fill_review_pages)      # the review page lists every quiz's review script
    app.connect("doctree-resolved", show_learning_time)     # a chapter's computed time under its title
    app.connect("doctree-resolved", explain_terms)          # each glossary term link carries its definition
    app.connect("doctree-resolved", unique_ids)             # the whole book on one page (singlehtml): ids, times
    app.connect("html-page-context", drop_unused_assets)    # no CDN assets, nothing the page does not use
    app.connect("html-page-context", add_messages)          # the runtime's catalogue, where it translates anything
    app.connect("html-page-context", add_runtime)           # each page's CSS and JavaScript
    app.connect("html-page-context", link_pdf)              # the home page links the book's PDF, if made
    app.connect("html-page-context", link_manifest)         # the book can be installed
    app.connect("build-finished", write_review_scripts)     # each quiz's questions for the review page
    app.connect("build-finished", write_worker)             # and read offline: every page, one version
    app.connect("build-finished", copy_pdf)                 # the book holds a copy of its PDF, if made
    return {"version": "0.1", "parallel_read_safe": True, "parallel_write_safe": True, "env_version": 9}
