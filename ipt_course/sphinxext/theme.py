"""The book's theme (furo) made to fit Jupyter Book 1, and every page kept offline, light and accessible.
Under any other theme (Jupyter Book's default, as `make bench` builds it for comparison) only the
no-CDN and bibliography fixes act.

- Jupyter Book 1 writes sphinx-book-theme options into every build; furo would warn about each (an
  error under `-W`), so only the options furo declares are kept.
- Code is coloured by the accessible-pygments styles in both schemes (furo's dark default fails contrast).
- Nothing loads from a CDN: Jupyter Book 1 forces MathJax onto its single-page build, and always loads
  sphinx-thebe (a CDN address for Thebe, twice per page). It also loads the assets of
  sphinx-book-theme, copybutton, togglebutton and sphinx-design; a page gets only those it uses.
- docutils marks bibliography entries `role="doc-biblioentry"` on a <div>, which ARIA no longer
  allows there (axe `aria-allowed-role`); they become list items of the list docutils already opens.
"""
from __future__ import annotations

import configparser
from pathlib import Path

import furo
from docutils import nodes
from docutils.writers._html_base import HTMLTranslator
from sphinx.application import Sphinx
from sphinx.config import Config

FURO_CONF = Path(furo.__file__).resolve().parent / "theme" / "furo" / "theme.conf"

# An asset (by a part of its file name) and what a page's HTML holds when the page uses it.
USED_WHEN = {
    "sphinx-book-theme": None,                       # the other theme's script
    "clipboard.min.js": 'class="highlight',          # copy buttons: only beside code
    "copybutton": 'class="highlight',
    "pygments.css": 'class="highlight',
    "togglebutton": "toggle-hidden",                 # hidden cells
    "sphinx-design": 'class="sd-',
    "design-tabs": 'class="sd-tab',
    "mystnb.": 'class="cell',                        # notebook cells
}


def furo_options(app: Sphinx, config: Config) -> None:
    if config.html_theme != "furo":
        return
    parser = configparser.ConfigParser()
    parser.read(FURO_CONF)
    declared = set(parser["options"])
    config.html_theme_options = {k: v for k, v in config.html_theme_options.items() if k in declared}


def dark_code_style(app: Sphinx) -> None:
    """Furo declares its dark code style only when it loads, after Jupyter Book's settings are read."""
    if app.config.html_theme == "furo":
        app.config.pygments_dark_style = "a11y-dark"


WIDGET_STATE = "application/vnd.jupyter.widget-state+json"


def drop_unused_assets(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    furo_theme = app.config.html_theme == "furo"
    body = context.get("body", "")

    def used(asset) -> bool:
        name = getattr(asset, "filename", None) or ""
        attributes = getattr(asset, "attributes", None) or {}
        if "://" in name or "thebe" in name or "THEBE" in attributes.get("body", ""):
            return False   # under any theme: nothing from a CDN (MathJax on the single page; Thebe, declared twice)
        if not furo_theme:
            return True
        if attributes.get("type") == WIDGET_STATE:
            return False   # a notebook's saved widgets: the book loads no widget JavaScript to show them
        for part, marker in USED_WHEN.items():
            if part in name:
                return marker is not None and marker in body
        return True

    for key in ("script_files", "css_files"):
        if key in context:
            context[key][:] = [asset for asset in context[key] if used(asset)]  # in place: later handlers add to it


def visit_citation(self: HTMLTranslator, node: nodes.citation) -> None:
    if not isinstance(node.previous_sibling(), type(node)):
        self.body.append('<div role="list" class="citation-list">\n')
    self.body.append(self.starttag(node, "div", classes=[node.tagname], role="listitem"))


CITATION_HTML = (visit_citation, HTMLTranslator.depart_citation)
