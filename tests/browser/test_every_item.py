"""Every quiz and every vignette in the book works offline: each quiz answered wrong then right,
each vignette walked to every one of its endings. (Every page is checked with axe in test_device.py.)"""
from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from playwright.sync_api import expect

from ipt_course.engine import correct_answer, shortest_path
from tests.browser import reader
from tests.conftest import ROOT, real_course

COURSE = real_course()
QUIZZES = [i for i in COURSE.items.values() if i.kind == "quiz"]
VIGNETTES = [i for i in COURSE.items.values() if i.kind == "vignette"]


def toc_pages() -> list[str]:
    """Every page in _toc.yml, as its HTML path."""
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text(encoding="utf-8"))
    found = [toc["root"]]

    def walk(entries):
        for entry in entries:
            found.append(entry["file"])
            walk(entry.get("sections", []))

    for part in toc.get("parts", []):
        walk(part["chapters"])
    return [f"{Path(f).with_suffix('')}.html" for f in found]


@pytest.fixture(scope="module")
def pages(built_book) -> dict[str, str]:
    return reader.item_pages(built_book)


def test_every_item_in_content_is_in_the_book(pages):
    assert set(pages) == set(COURSE.items)


@pytest.mark.parametrize("quiz", QUIZZES, ids=lambda q: q.id)
def test_every_question_wrong_then_right(visit, pages, quiz):
    page = visit().open(pages[quiz.id])
    for q in quiz.questions:
        li = reader.question(page, quiz, q.id)
        reader.give(page, quiz, q, reader.wrong_answer(q))
        li.locator(".ipt-check").click()
        expect(li.locator(".ipt-feedback")).to_contain_text("Not quite")
        reader.give(page, quiz, q, correct_answer(q))
        li.locator(".ipt-check").click()
        expect(li.locator(".ipt-feedback")).to_contain_text("Correct, at try 2")
    n = len(quiz.questions)
    expect(page.locator(f'section[data-item-id="{quiz.id}"] .ipt-score')).to_contain_text(
        f"Answered correctly: {n} of {n}. Score (right at the first try): 0 of {n}.")


@pytest.mark.parametrize("vignette,ending", [(v, e) for v in VIGNETTES for e in v.endings],
                         ids=lambda x: x if isinstance(x, str) else x.id)
def test_every_ending_can_be_reached(visit, pages, vignette, ending):
    page = visit().open(pages[vignette.id])
    reader.walk(page, vignette, shortest_path(vignette, ending))
    stage = page.locator(f'section[data-item-id="{vignette.id}"] .ipt-stage')
    expect(stage.locator(".ipt-scene")).to_have_text(f"Ending: {vignette.endings[ending].title}")
    expect(stage.locator(".ipt-score")).to_contain_text("of a best possible")
