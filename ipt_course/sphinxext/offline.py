"""Keep pages free of anything that would reach outside the site.

Jupyter Book 1 always loads sphinx-thebe, which declares a CDN address for Thebe twice per page (a
console error) although this book never launches code. Drop its scripts and stylesheet from
every page.
"""
from __future__ import annotations

from sphinx.application import Sphinx


def drop_thebe(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    def wanted(asset) -> bool:
        name = getattr(asset, "filename", None) or ""
        body = (getattr(asset, "attributes", None) or {}).get("body", "")
        return "thebe" not in name and "THEBE" not in body

    for key in ("script_files", "css_files"):
        if key in context:
            context[key] = [asset for asset in context[key] if wanted(asset)]
