"""Glossary terms explained where they are used: each link to a term carries its definition (the runtime
shows it on hover and focus), and an edited glossary reaches every page that links it."""
from __future__ import annotations

import re

from sphinx.testing.util import SphinxTestApp

from tests.extension.project import COURSE, build, project


def titles(html: str) -> dict[str, str]:
    """A term link's text -> its title."""
    return {text: title for title, text in re.findall(
        r'<a class="reference internal" href="[^"]*#term-[^"]*" title="([^"]*)"><span class="xref std std-term">'
        r"([^<]*)</span></a>", html)}


def test_a_term_link_carries_the_first_paragraph_of_its_definition(tmp_path):
    outdir = build(project(tmp_path, "glossary"))
    chapter = titles((outdir / "chapter.html").read_text(encoding="utf-8"))
    assert chapter == {
        "sick role": "The patient is excused from some obligations while ill, in exchange for working at recovery.",
        "role transition": "A life change that asks for a new role; see sick role.",
    }
    assert titles((outdir / "index.html").read_text(encoding="utf-8")) == {"sick role": chapter["sick role"]}


def test_an_edited_glossary_reaches_the_pages_that_link_its_terms(tmp_path):
    srcdir = project(tmp_path, "glossary")
    glossary = srcdir / "index.md"

    def chapter_after_build() -> dict[str, str]:
        app = SphinxTestApp("html", srcdir=srcdir, confoverrides=COURSE)   # incremental: the same outdir
        try:
            app.build()
            return titles((app.outdir / "chapter.html").read_text(encoding="utf-8"))
        finally:
            app.cleanup()

    assert chapter_after_build()["sick role"].startswith("The patient is excused")
    glossary.write_text(glossary.read_text(encoding="utf-8").replace("The patient is excused", "A patient is let off"),
                        encoding="utf-8")
    assert chapter_after_build()["sick role"].startswith("A patient is let off"), "the chapter was not written again"
