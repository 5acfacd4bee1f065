"""Fixes to the Jupyter Book theme so every page stays offline, quiet and accessible.

- Jupyter Book 1 always loads sphinx-thebe, which declares a CDN address for Thebe twice per page
  (a console error) although this book never launches code: its assets are dropped.
- The theme's sidebar title sits outside any landmark (axe `region`): the course's sidebar uses
  `ipt-course-title.html`, which wraps it in a labelled navigation landmark.
- docutils marks bibliography entries `role="doc-biblioentry"` on a <div>, which ARIA no longer
  allows there (axe `aria-allowed-role`); they become list items of the list docutils already opens.
"""
from __future__ import annotations

from pathlib import Path

from docutils import nodes
from docutils.writers._html_base import HTMLTranslator
from sphinx.application import Sphinx
from sphinx.config import Config

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"
SIDEBAR = ["ipt-course-title.html", "search-button-field.html", "sbt-sidebar-nav.html"]


def use_course_templates(app: Sphinx, config: Config) -> None:
    config.templates_path.append(str(TEMPLATES))
    if not config.html_sidebars:
        config.html_sidebars = {"**": SIDEBAR}


def drop_thebe(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    def wanted(asset) -> bool:
        name = getattr(asset, "filename", None) or ""
        body = (getattr(asset, "attributes", None) or {}).get("body", "")
        return "thebe" not in name and "THEBE" not in body

    for key in ("script_files", "css_files"):
        if key in context:
            context[key][:] = [asset for asset in context[key] if wanted(asset)]  # in place: later handlers add to it


def visit_citation(self: HTMLTranslator, node: nodes.citation) -> None:
    if not isinstance(node.previous_sibling(), type(node)):
        self.body.append('<div role="list" class="citation-list">\n')
    self.body.append(self.starttag(node, "div", classes=[node.tagname], role="listitem"))


CITATION_HTML = (visit_citation, HTMLTranslator.depart_citation)
