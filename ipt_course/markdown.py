"""Markdown from content files to safe HTML.

Raw HTML in content is shown as text, never as markup; links may only be http(s), mailto or
relative (markdown-it's link check); images are off, so content can never make the page load
anything from elsewhere.
"""
from __future__ import annotations

import re
from functools import lru_cache
from html import unescape

from markdown_it import MarkdownIt

_SAFE_SCHEMES = ("http:", "https:", "mailto:")


class _SafeLinks(MarkdownIt):
    def validateLink(self, url: str) -> bool:
        scheme = url.split("/", 1)[0].lower()
        return ":" not in scheme or scheme.startswith(_SAFE_SCHEMES)


_md = _SafeLinks("commonmark", {"html": False, "typographer": True}).enable("replacements").enable("smartquotes") \
    .disable("image")


@lru_cache(maxsize=4096)
def block(text: str) -> str:
    """Markdown as block HTML (paragraphs, lists)."""
    return _md.render(text).strip()


@lru_cache(maxsize=4096)
def inline(text: str) -> str:
    """Markdown as phrasing HTML, for labels and option texts."""
    return _md.renderInline(text.strip())


@lru_cache(maxsize=4096)
def plain(text: str) -> str:
    """Markdown as plain text, for widget labels that cannot hold HTML."""
    return unescape(re.sub(r"<[^>]+>", "", inline(text)))
