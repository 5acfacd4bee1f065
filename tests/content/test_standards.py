"""The course's own standards for its content, as a clinical reviewer would check them."""
from __future__ import annotations

import re

import nbformat
import pytest
from pybtex.database import parse_file

from ipt_course.notebooks import WIDGET_VIEW, case_log_notebook, workshop_notebook
from ipt_course.render import render
from tests.conftest import ROOT, real_course

COURSE = real_course()
QUIZZES = [i for i in COURSE.items.values() if i.kind == "quiz"]
VIGNETTES = [i for i in COURSE.items.values() if i.kind == "vignette"]
TOC = (ROOT / "_toc.yml").read_text(encoding="utf-8")
CHAPTERS = [ROOT / f"{f}.md" for f in re.findall(r"file: (book/[a-z-]+)", TOC)
            if re.search(r"```\{quiz\}", (ROOT / f"{f}.md").read_text(encoding="utf-8"))]
CITE = re.compile(r"\{cite(?::[pt])?\}`([^`]+)`")


@pytest.mark.parametrize("quiz", QUIZZES, ids=lambda q: q.id)
def test_quiz_has_six_questions_of_two_types(quiz):
    where = f"content/quizzes/{quiz.id}.yml"
    assert len(quiz.questions) >= 6, f"{where}: {len(quiz.questions)} questions; a quiz has at least six (authoring.md)"
    assert len({q.type for q in quiz.questions}) >= 2, f"{where}: use at least two question types (authoring.md)"


@pytest.mark.parametrize("vignette", VIGNETTES, ids=lambda v: v.id)
def test_vignette_is_rich_enough_for_a_workshop(vignette):
    where, rule = f"content/vignettes/{vignette.id}.yml", "(ARCHITECTURE.md, 'A new vignette')"
    assert len(vignette.nodes) >= 8, f"{where}: {len(vignette.nodes)} scenes; a workshop case has at least eight {rule}"
    assert len(vignette.endings) >= 3, f"{where}: {len(vignette.endings)} endings; give at least three {rule}"
    assert {"good", "poor"} <= {e.outcome for e in vignette.endings.values()}, \
        f"{where}: the endings include a good and a poor one {rule}"
    assert any(c.score == 0 for n in vignette.nodes.values() for c in n.choices), \
        f"{where}: an instructive wrong path needs a choice scored 0 {rule}"
    notes = vignette.facilitator_notes
    for part in ("Timing", "Discussion prompts", "Role-play brief"):
        assert part in notes, f"{where}: facilitator notes lack '{part}' {rule}"


@pytest.mark.parametrize("vignette", VIGNETTES, ids=lambda v: v.id)
def test_vignette_has_a_workshop_notebook_in_the_book(vignette):
    assert (ROOT / "notebooks" / f"{vignette.id}.ipynb").is_file(), \
        f"notebooks/{vignette.id}.ipynb is missing: run python -m ipt_course notebook {vignette.id}"
    assert f"notebooks/{vignette.id}" in TOC, f"_toc.yml: list notebooks/{vignette.id} straight after its chapter"


@pytest.mark.parametrize("vignette", VIGNETTES, ids=lambda v: v.id)
def test_workshop_notebook_is_generated_from_the_current_content(vignette):
    """A notebook's headings and sidebar title come from its own cells, and its stored output (which nbval
    compares) from the last run; only regenerating updates them."""
    stored = nbformat.read(ROOT / "notebooks" / f"{vignette.id}.ipynb", as_version=4)
    fresh = workshop_notebook(COURSE, vignette)
    shown = [o["data"]["text/html"] for c in stored.cells if c.cell_type == "code" for o in c.outputs
             if "text/html" in o.get("data", {}) and "ipt-vignette" in o["data"]["text/html"]]
    views = [o for c in stored.cells if c.cell_type == "code" for o in c.outputs if WIDGET_VIEW in o.get("data", {})]
    assert views == [] and "widgets" not in stored.metadata, \
        f"notebooks/{vignette.id}.ipynb stores widgets that no kernel is behind: regenerate it"
    assert [c.source for c in stored.cells] == [c.source for c in fresh.cells] and \
        shown == [render(vignette, COURSE.citations)], \
        (f"notebooks/{vignette.id}.ipynb is older than content/vignettes/{vignette.id}.yml (or the crisis box or "
         f"notebooks.py): run python -m ipt_course notebook {vignette.id} and commit it (ARCHITECTURE.md, 'A new vignette')")


def test_case_log_notebook_is_generated_from_the_current_code():
    stored = nbformat.read(ROOT / "notebooks" / "case-log.ipynb", as_version=4)
    assert [c.source for c in stored.cells] == [c.source for c in case_log_notebook(ROOT).cells], \
        "notebooks/case-log.ipynb is older than notebooks.py or the crisis box: regenerate it with " \
        "ipt_course.notebooks.write_case_log_notebook('.') and commit it"


@pytest.mark.parametrize("chapter", CHAPTERS, ids=lambda p: p.stem)
def test_chapter_has_the_standard_sections(chapter):
    text = chapter.read_text(encoding="utf-8")
    for heading in ("## Learning outcomes", "## What it looks like in practice", "## Common trainee mistakes"):
        assert heading in text, f"{chapter.name} lacks '{heading}'"
    cited = len(CITE.findall(text))
    assert cited >= 10, (f"book/{chapter.name}: {cited} citations; clinical claims carry citations, at least ten "
                         "per chapter (ARCHITECTURE.md, 'A new chapter')")


def test_pages_that_touch_risk_show_the_crisis_box():
    """A page's own text and the items it places (a quiz, a case or a written exercise about risk counts)."""
    pages = [*ROOT.glob("book/*.md")]
    for page in pages:
        text = page.read_text(encoding="utf-8")
        placed = re.findall(r"```\{(?:quiz|vignette|written)\} ([a-z0-9-]+)", text)
        text += "".join(COURSE.items[i].model_dump_json() for i in placed if i in COURSE.items)
        if re.search(r"suicid|self-harm|harm(ing)? (her|the) baby", text, re.I) and page.name != "glossary.md":
            assert "_snippets/crisis.md" in text, f"{page.name} touches risk without the crisis box"


def test_every_reference_is_cited_somewhere():
    keys = set(parse_file(str(ROOT / "book/references.bib")).entries)
    cited = {k.strip() for page in ROOT.glob("book/*.md") for group in CITE.findall(page.read_text(encoding="utf-8"))
             for k in group.split(",")}
    cited |= {k for item in COURSE.items.values() for k in item.references}
    assert keys - cited == set(), "uncited entries: cite them or remove them"

