"""Glossary terms explained where they are used. Every link to a glossary term carries the term's
definition as its title: the runtime (`site.js`) turns it into a tooltip shown on hover and on keyboard
focus, and without JavaScript the browser shows the title itself. The definition is read from the
glossary as written, less its citations (the glossary page shows those)."""
from __future__ import annotations

import re
from weakref import WeakKeyDictionary

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment

_DEFINITIONS: WeakKeyDictionary[Sphinx, dict[str, str]] = WeakKeyDictionary()


def glossaries(env: BuildEnvironment) -> set[str]:
    """The pages that define glossary terms."""
    return {docname for _, _, kind, docname, _, _ in env.get_domain("std").get_objects() if kind == "term"}


def definitions(env: BuildEnvironment) -> dict[str, str]:
    """A glossary term's anchor (`term-sick-role`) -> its definition's first paragraph, as plain text."""
    found: dict[str, str] = {}
    for docname in glossaries(env):
        for term in env.get_doctree(docname).findall(nodes.term):
            definition = term.parent.next_node(nodes.definition)
            paragraph = definition.next_node(nodes.paragraph) if definition else None
            if paragraph is None:
                continue
            text = paragraph.deepcopy()
            for cite in list(text.findall(addnodes.pending_xref)):
                if cite.get("refdomain") == "cite":
                    cite.parent.remove(cite)
            plain = re.sub(r"\s+([.,;:])", r"\1", " ".join(text.astext().split()))
            found.update(dict.fromkeys(term["ids"], plain))
    return found


def explain_terms(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """Give each link to a glossary term its definition (the HTML writer makes `reftitle` the title)."""
    if app.builder.format != "html":
        return
    if app not in _DEFINITIONS:
        _DEFINITIONS[app] = definitions(app.env)
    known = _DEFINITIONS[app]
    for link in doctree.findall(nodes.reference):
        term = link.next_node(nodes.inline)
        if term is None or "std-term" not in term["classes"]:
            continue
        anchor = (link.get("refuri") or "#" + link.get("refid", "")).partition("#")[2]
        if anchor in known:
            link["reftitle"] = known[anchor]


def outdated_by_glossary(app: Sphinx, env: BuildEnvironment, added: set[str], changed: set[str],
                         removed: set[str]) -> list[str]:
    """An edited glossary changes the definitions every page's term links carry: those pages are written
    again. (Rare, and a page read again is cheap; tracking which pages use which term would not be.)"""
    defining = glossaries(env)
    if defining & (changed | removed):
        return sorted(env.found_docs - defining - added - changed)
    return []
