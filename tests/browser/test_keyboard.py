"""Every quiz and every vignette in the book can be completed with the keyboard alone."""
from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from ipt_course.engine import correct_answer
from ipt_course.model import Classify
from tests.browser import reader
from tests.conftest import real_course

COURSE = real_course()
QUIZZES = [i for i in COURSE.items.values() if i.kind == "quiz"]
VIGNETTES = [i for i in COURSE.items.values() if i.kind == "vignette"]


@pytest.fixture(scope="module")
def pages(built_book) -> dict[str, str]:
    return reader.item_pages(built_book)


def focused_class(page: Page) -> str:
    return page.evaluate("document.activeElement.className")


def answer_with_keys(page: Page, li, q) -> None:
    """Enter the right answer with Tab, Space and the arrow keys only, ending on the Check button."""
    answer = correct_answer(q)
    if isinstance(q, Classify):
        li.locator("select").first.focus()
        for i in range(len(q.cases)):
            for _ in range(q.categories.index(answer[i]) + 1):   # past "Choose a category…"
                page.keyboard.press("ArrowDown")
            page.keyboard.press("Tab")
    elif q.type == "single":
        li.locator("input").first.focus()
        page.keyboard.press("Space")
        for _ in range(reader.shown_order(li).index(answer)):
            page.keyboard.press("ArrowDown")
        page.keyboard.press("Tab")
    else:
        li.locator("input").first.focus()
        for i in reader.shown_order(li):
            if i in answer:
                page.keyboard.press("Space")
            page.keyboard.press("Tab")
    if q.confidence:   # "How sure are you?": the first level gets focus; the arrow keys move to "high"
        page.keyboard.press("Space")
        page.keyboard.press("ArrowRight")
        page.keyboard.press("ArrowRight")
        page.keyboard.press("Tab")
    assert focused_class(page) == "ipt-check"


@pytest.mark.parametrize("quiz", QUIZZES, ids=lambda q: q.id)
def test_every_quiz_with_the_keyboard_alone(visit, pages, quiz):
    page = visit().open(pages[quiz.id])
    for q in quiz.questions:
        li = reader.question(page, quiz, q.id)
        answer_with_keys(page, li, q)
        page.keyboard.press("Enter")
        expect(li.locator(".ipt-feedback")).to_contain_text("Correct.")
    n = len(quiz.questions)
    expect(page.locator(f'section[data-item-id="{quiz.id}"] .ipt-score')).to_contain_text(f"{n} of {n}.")


@pytest.mark.parametrize("vignette", VIGNETTES, ids=lambda v: v.id)
def test_every_vignette_with_the_keyboard_alone(visit, pages, vignette):
    page = visit().open(pages[vignette.id])
    stage = page.locator(f'section[data-item-id="{vignette.id}"] .ipt-stage')
    for index in reader.best_path(vignette):
        stage.locator("input").first.focus()
        page.keyboard.press("Space")
        for _ in range(reader.shown_order(stage).index(index)):
            page.keyboard.press("ArrowDown")
        page.keyboard.press("Tab")
        assert focused_class(page) == "ipt-choose"
        page.keyboard.press("Enter")
        assert focused_class(page) == "ipt-continue"
        page.keyboard.press("Enter")
        expect(stage.locator(".ipt-scene")).to_be_focused()
    expect(stage.locator(".ipt-score")).to_contain_text("of a best possible")
