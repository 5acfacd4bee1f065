"""Scores that mean something and a record that is never lost, as a trainee meets them: options in a
new order at each attempt (kept across a reload), restarting that keeps completion, one verdict per
question, imports that merge, clearing only after a confirmation, and honest learning hours."""
from __future__ import annotations

import json
import math
import re
from datetime import datetime, timedelta, timezone

from playwright.sync_api import Page, expect

from ipt_course.engine import correct_answer
from tests.browser import reader
from tests.conftest import real_course

CHAPTER, CASE, PROGRESS = "book/role-transitions.html", "notebooks/new-mother.html", "book/progress.html"
COURSE = real_course()
QUIZ, VIGNETTE = COURSE["role-transitions"], COURSE["new-mother"]


def quiz_order(page: Page) -> list[list[int]]:
    """The file index of each option, in the order shown, for every option question of the quiz."""
    return [reader.shown_order(reader.question(page, QUIZ, q.id)) for q in QUIZ.questions if q.type != "classify"]


def scene_order(page: Page) -> list[int]:
    return reader.shown_order(page.locator(f'section[data-item-id="{VIGNETTE.id}"] .ipt-stage'))


def expect_completed(page: Page, item, record: str) -> None:
    """The progress page shows the item completed, with `record` in its scores."""
    row = page.locator(f'tr[data-item-id="{item.id}"]')
    expect(row.locator(".ipt-status")).to_have_text("Completed")
    expect(row.locator(".ipt-result")).to_contain_text(record)


def restart_quiz(page: Page) -> None:
    page.locator(f'section[data-item-id="{QUIZ.id}"] .ipt-restart').click()


def test_quiz_options_are_shuffled_per_attempt_and_kept_across_a_reload(visit):
    page = visit().open(CHAPTER)
    unanswered = quiz_order(page)
    page.reload()
    assert quiz_order(page) == unanswered, "a reload before the first answer keeps the order too"
    assert page.evaluate("localStorage.getItem('ipt-course:v2:role-transitions')") is None, "reading saves nothing"
    other = visit().open(CHAPTER)                         # another reader (or tab) gets an order of their own
    assert quiz_order(other) != unanswered
    first = QUIZ.questions[0]
    reader.give(page, QUIZ, first, reader.wrong_answer(first))
    reader.question(page, QUIZ, first.id).locator(".ipt-check").click()      # the attempt is under way
    shown = quiz_order(page)
    assert any(order != sorted(order) for order in shown), "the options are not in the file's order"
    keyed_first = sum(o[0] in [i for i, opt in enumerate(q.options) if opt.correct]
                      for o, q in zip(shown, [q for q in QUIZ.questions if q.type != "classify"]))
    assert keyed_first < len(shown), "the right answer is not always shown first"
    page.reload()
    assert quiz_order(page) == shown, "a reload keeps the attempt's order"
    restart_quiz(page)
    again = quiz_order(page)
    assert again != shown, "a new attempt shows a new order"
    page.reload()
    assert quiz_order(page) == again
    # grading follows the file's indices whatever the order
    reader.answer_all_right(page, QUIZ)
    n = len(QUIZ.questions)
    expect(page.locator(f'section[data-item-id="{QUIZ.id}"] .ipt-score')).to_contain_text(f"Answered correctly: {n} of {n}")


def test_printing_and_the_no_javascript_view_keep_the_file_order(visit, browser, site):
    page = visit().open(CHAPTER)
    page.emulate_media(media="print")
    key = reader.question(page, QUIZ, QUIZ.questions[0].id).locator(".ipt-key li")
    expect(key).to_have_count(len(QUIZ.questions[0].options))
    assert [int(x) for x in key.evaluate_all("els => els.map(e => e.dataset.option)")] == \
        list(range(len(QUIZ.questions[0].options)))
    context = browser.new_context(java_script_enabled=False)
    static = context.new_page()
    static.goto(f"{site}/{CHAPTER}")
    assert reader.shown_order(reader.question(static, QUIZ, QUIZ.questions[0].id)) == \
        list(range(len(QUIZ.questions[0].options)))
    context.close()


def test_restarting_a_quiz_keeps_its_completion_and_clears_the_options(visit):
    v = visit(timezone_id="UTC")
    page = v.open(CHAPTER)
    reader.answer_all_right(page, QUIZ)
    restart_quiz(page)
    n = len(QUIZ.questions)
    score = page.locator(f'section[data-item-id="{QUIZ.id}"] .ipt-score')
    expect(score).to_contain_text(f"Answered correctly: 0 of {n}")
    expect(score).to_contain_text(f"first completed attempt {n} of {n}, best {n} of {n}, 2 attempts")
    assert page.locator(f'section[data-item-id="{QUIZ.id}"] input:checked').count() == 0
    first = QUIZ.questions[0]
    reader.give(page, QUIZ, first, reader.wrong_answer(first))          # a worse second attempt, unfinished
    reader.question(page, QUIZ, first.id).locator(".ipt-check").click()
    page = v.open(PROGRESS)
    expect_completed(page, QUIZ, f"First attempt {n} of {n}, best {n}; 2 attempts; completed")


def test_a_right_answer_stays_right(visit):
    page = visit().open(CHAPTER)
    q = next(q for q in QUIZ.questions if q.type == "single")
    li = reader.question(page, QUIZ, q.id)
    reader.give(page, QUIZ, q, reader.wrong_answer(q))
    li.locator(".ipt-check").click()
    reader.give(page, QUIZ, q, correct_answer(q))
    li.locator(".ipt-check").click()
    expect(li.locator(".ipt-feedback")).to_contain_text("Correct, at try 2.")
    wrong = li.locator(f'.ipt-options input[value="{reader.wrong_answer(q)}"]')
    expect(wrong).to_be_disabled()                    # no later change can contradict the verdict
    li.locator(".ipt-check").click()
    expect(li.locator(".ipt-feedback")).to_contain_text("Correct, at try 2.")
    expect(li.locator(".ipt-feedback")).not_to_contain_text("not right")
    expect(li.locator(".ipt-feedback")).not_to_contain_text("Not quite")


def walk_best(page: Page) -> None:
    reader.walk(page, VIGNETTE, reader.best_path(VIGNETTE))


def test_case_choices_are_shuffled_per_attempt_and_restart_keeps_completion(visit):
    v = visit()
    page = v.open(CASE)
    root = page.locator(f'section[data-item-id="{VIGNETTE.id}"]')
    walk_best(page)
    expect(root.locator(".ipt-record")).to_contain_text("1 attempt;")
    root.locator(".ipt-restart").click()
    first_order = scene_order(page)
    page.reload()
    assert scene_order(page) == first_order, "a reload keeps the attempt's order"
    root.locator(".ipt-stage input").first.check()
    root.locator(".ipt-choose").click()
    root.locator(".ipt-continue").click()
    root.locator(".ipt-restart").click()
    assert scene_order(page) != first_order, "a new attempt shows the first scene's choices in a new order"
    page = v.open(PROGRESS)
    expect_completed(page, VIGNETTE, "; 3 attempts; completed")


def test_back_explores_but_the_record_counts_the_first_choice_at_each_scene(visit):
    v = visit()
    page = v.open(CASE)
    root = page.locator(f'section[data-item-id="{VIGNETTE.id}"]')
    start = VIGNETTE.nodes[VIGNETTE.start]
    best_path = reader.best_path(VIGNETTE)
    worse = min(range(len(start.choices)), key=lambda i: start.choices[i].score)
    lost = start.choices[best_path[0]].score - start.choices[worse].score
    assert lost > 0
    root.locator(f'.ipt-stage input[value="{worse}"]').check()
    root.locator(".ipt-choose").click()
    root.locator(".ipt-back").click()                      # see the feedback, go back, choose better
    walk_best(page)
    best = sum(VIGNETTE.nodes[n].choices[i].score for n, i in zip(path_nodes(best_path), best_path))
    expect(root.locator(".ipt-stage .ipt-score")).to_contain_text(
        f"Score: {best} of a best possible {best}. Your first choices at these scenes scored {best - lost}")
    page = v.open(PROGRESS)
    expect(page.locator(f'tr[data-item-id="{VIGNETTE.id}"] .ipt-result')).to_contain_text(
        f"First attempt {best - lost} of {best}, best {best - lost}")


def path_nodes(choices: list[int]) -> list[str]:
    node, nodes = VIGNETTE.start, []
    for i in choices:
        nodes.append(node)
        node = VIGNETTE.nodes[node].choices[i].next
    return nodes


def v1_record(item, status, score, days_ago) -> dict:
    when = (datetime.now(timezone.utc) - timedelta(days=days_ago)).isoformat()
    extra = {"answers": {}} if item.kind == "quiz" else {"path": []}
    return {"v": 1, "id": item.id, "kind": item.kind, "title": item.title, "status": status, "score": score,
            "max": 9, "updated": when, **extra}


def test_importing_an_older_unfinished_export_keeps_a_completion(visit, tmp_path):
    v = visit(timezone_id="UTC")
    page = v.open(CASE)
    walk_best(page)
    with_completion = v.open(PROGRESS)
    with with_completion.expect_download() as download:
        with_completion.locator(".ipt-export-json").click()
    mine = json.loads(open(download.value.path()).read())["items"][0]
    older = {**mine, "completed": None, "first": None, "best": None, "attempts": [123],
             "now": {"seed": 123, "path": []}, "updated": "2026-01-02T03:04:05.000Z"}
    unfinished = tmp_path / "older-unfinished.json"
    unfinished.write_text(json.dumps({"format": "ipt-course-progress", "version": 2, "items": [older]}))
    page = v.page
    page.locator(".ipt-import input").set_input_files(str(unfinished))
    expect(page.locator(".ipt-progress-feedback")).to_contain_text("1 item updated, 0 kept from this browser")
    expect_completed(page, VIGNETTE, "2 attempts")                         # its attempt and ours, each once
    page = v.open(CASE)                                                      # and the case still shows its ending
    expect(page.locator(f'section[data-item-id="{VIGNETTE.id}"] .ipt-record')).to_contain_text("first completed")


def test_a_file_from_an_unknown_format_changes_nothing(visit, tmp_path):
    v = visit()
    page = v.open(CHAPTER)
    reader.answer_all_right(page, QUIZ)
    page = v.open(PROGRESS)
    future = tmp_path / "future.json"
    future.write_text(json.dumps({"format": "ipt-course-progress", "version": 9, "items": []}))
    page.locator(".ipt-import input").set_input_files(str(future))
    expect(page.locator(".ipt-progress-feedback")).to_contain_text("uses progress format 9, which this book cannot read")
    expect(page.locator(f'tr[data-item-id="{QUIZ.id}"] .ipt-status')).to_have_text("Completed")


def test_progress_saved_by_the_previous_version_is_upgraded_not_lost(visit):
    v = visit()
    old = v1_record(QUIZ, "completed", 7, days_ago=3)
    v.context.add_init_script(f"localStorage.setItem('ipt-course:v1:{QUIZ.id}', {json.dumps(json.dumps(old))});")
    page = v.open(PROGRESS)
    expect_completed(page, QUIZ, "First attempt 7 of 9, best 7; 1 attempt")


def test_clearing_one_record_asks_first(visit):
    v = visit()
    page = v.open(CHAPTER)
    reader.answer_all_right(page, QUIZ)
    page = v.open(PROGRESS)
    row = page.locator(f'tr[data-item-id="{QUIZ.id}"]')
    row.locator(".ipt-clear").click()
    expect(row.locator(".ipt-clear-no")).to_be_visible()
    expect(row.locator(".ipt-clear-no")).to_be_focused()
    row.locator(".ipt-clear-no").click()
    expect(row.locator(".ipt-status")).to_have_text("Completed")
    expect(row.locator(".ipt-clear")).to_be_focused()
    row.locator(".ipt-clear").click()
    row.locator(".ipt-clear-yes").click()
    expect(row.locator(".ipt-status")).to_have_text("Not started")
    expect(page.locator(".ipt-progress-feedback")).to_contain_text(f"Cleared your record of {QUIZ.title}")
    page.reload()
    expect(row.locator(".ipt-status")).to_have_text("Not started")
    assert reader.axe_violations(page).violations_count == 0


def test_each_chapter_shows_its_learning_time_and_the_certificate_sums_completed_chapters(visit):
    v = visit(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    page = v.open(CHAPTER)
    time = page.locator("p.ipt-time")
    expect(time).to_be_in_viewport()                          # at the top, under the title, on a phone
    text = time.inner_text()
    match = re.fullmatch(r"About (\d+) minutes: reading (\d+), quiz (\d+), case (\d+), writing (\d+)\.", text)
    assert match, text
    total, *parts = map(int, match.groups())
    assert total == sum(parts) and all(parts)
    reader.answer_all_right(page, QUIZ)
    reader.write_and_rate(page, COURSE["role-transitions-timeline-focus"])   # a chapter counts its written work too
    walk_best(v.open(CASE))
    grief_case = next(i for i in COURSE.items.values() if i.kind == "vignette" and i.chapter == "grief")
    reader.answer_all_right(v.open("book/grief.html"), COURSE["grief"])
    reader.write_and_rate(v.page, COURSE["grief-idealised-account"])
    grief = int(re.match(r"About (\d+)", v.page.locator("p.ipt-time").inner_text())[1])
    reader.walk(v.open(f"notebooks/{grief_case.id}.html"), grief_case, reader.best_path(grief_case))
    page = v.open("book/certificate.html")
    rows = page.locator(".ipt-cert-table tbody tr:not([hidden])")
    expect(rows).to_have_count(2)
    expect(rows.nth(0)).to_contain_text(f"{round(grief / 60, 2):g}")       # grief comes first in the book
    expect(rows.nth(1)).to_contain_text(f"{round(total / 60, 2):g}")
    hours = round(grief / 60, 2) + round(total / 60, 2)
    expect(page.locator(".ipt-cert-total")).to_have_text(f"{math.floor(hours * 100 + 0.5) / 100:g}")
