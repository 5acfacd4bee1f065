"""What a reader does on a page, driven by the content itself: enter answers, walk vignettes.

Answers and paths come from the engine, so the browser tests follow the course as it is edited.
"""
from __future__ import annotations

import re
from pathlib import Path

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect

from ipt_course.engine import best_score, correct_answer
from ipt_course.model import Classify, Quiz, Vignette, Written


def item_pages(built_book: Path) -> dict[str, str]:
    """Item id -> the page (relative to the site root) that shows it, read off the progress page."""
    html = (built_book / "book" / "progress.html").read_text(encoding="utf-8")
    rows = re.findall(r'<tr data-item-id="([a-z0-9-]+)".*?<a href="([^"#]+)', html)
    return {item: str(Path("book", href)).replace("book/../", "") for item, href in rows}


def question(page: Page, quiz: Quiz, qid: str):
    return page.locator(f'section.ipt-quiz[data-item-id="{quiz.id}"] li[data-question-id="{qid}"]')


def give(page: Page, quiz: Quiz, q, answer, sure: int = 3) -> None:
    """Enter an answer (as the engine represents it) into the page's native inputs, and, where the
    question asks how sure the reader is and it is not yet given, the certainty `sure` (1 to 3)."""
    li = question(page, quiz, q.id)
    if isinstance(q, Classify):
        for case, category in answer.items():
            li.locator(f'select[data-case="{case}"]').select_option(str(q.categories.index(category)))
    else:
        chosen = {answer} if isinstance(answer, int) else answer
        for i in range(len(q.options)):
            box = li.locator(f'.ipt-options input[value="{i}"]')
            if (i in chosen) != box.is_checked():
                box.click()
    certainty = li.locator(f'.ipt-sure input[value="{sure}"]')
    if q.confidence and certainty.count() and certainty.is_enabled():
        certainty.check()


def write_and_rate(page: Page, item: Written, text: str = "My answer.") -> None:
    """Write an answer to a written exercise, open the model answer and rate every point as made."""
    root = page.locator(f'section.ipt-written[data-item-id="{item.id}"]')
    root.locator("textarea").fill(text)
    root.locator(".ipt-reveal").click()
    for box in root.locator(".ipt-checklist input").all():
        box.check()
    root.locator(".ipt-rate").click()
    expect(root.locator(".ipt-score")).to_contain_text(f"{len(item.checklist)} of {len(item.checklist)} points")


def shown_order(scope) -> list[int]:
    """The file's index of each option (or choice), in the order the page shows them: shuffled per attempt."""
    return [int(v) for v in scope.locator("input:not(.ipt-sure input)").evaluate_all("els => els.map(e => e.value)")]


def wrong_answer(q):
    if isinstance(q, Classify):
        right = correct_answer(q)
        other = next(c for c in q.categories if c != right[0])
        return {**right, 0: other}
    wrong = next(i for i, o in enumerate(q.options) if not o.correct)
    return wrong if q.type == "single" else frozenset({wrong})


def answer_all_right(page: Page, quiz: Quiz) -> None:
    for q in quiz.questions:
        give(page, quiz, q, correct_answer(q))
        question(page, quiz, q.id).locator(".ipt-check").click()


def best_path(v: Vignette) -> list[int]:
    """Choice indices along a best-scoring path."""
    node, path = v.start, []
    while node in v.nodes:
        choices = v.nodes[node].choices
        index = max(range(len(choices)), key=lambda i: choices[i].score + best_score(v, choices[i].next))
        path.append(index)
        node = choices[index].next
    return path


def worst_path(v: Vignette) -> list[int]:
    node, path = v.start, []
    while node in v.nodes:
        choices = v.nodes[node].choices
        index = min(range(len(choices)), key=lambda i: choices[i].score)
        path.append(index)
        node = choices[index].next
    return path


def ending_of(v: Vignette, choices: list[int]) -> str:
    node = v.start
    for index in choices:
        node = v.nodes[node].choices[index].next
    return node


def walk(page: Page, v: Vignette, choices: list[int]) -> None:
    root = page.locator(f'section.ipt-vignette[data-item-id="{v.id}"]')
    heading = root.locator(".ipt-stage .ipt-scene")
    first = int(heading.inner_text().removeprefix("Scene "))
    for step, index in enumerate(choices):
        expect(heading).to_have_text(f"Scene {first + step}")   # numbered along the walk, never jumping
        root.locator(f'.ipt-stage input[value="{index}"]').check()
        root.locator(".ipt-choose").click()
        expect(root.locator(".ipt-feedback")).to_contain_text("Feedback on your choice")
        root.locator(".ipt-continue").click()


def axe_violations(page: Page):
    """axe-core's findings on the page as it is now (0 wanted).

    axe's CSSOM preload re-fetches theme stylesheets with @import paths resolved against the page,
    not the stylesheet (a 404 the page itself never makes); the rules run without it.
    """
    return Axe().run(page, options={"resultTypes": ["violations"], "preload": False})
