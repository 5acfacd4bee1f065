"""A written exercise as a trainee uses it: write, compare with the model answer, rate the answer point by
point, find it all again after a reload, and print it alone for supervision."""
from __future__ import annotations

import json
import re

from playwright.sync_api import expect

from tests.browser import reader
from tests.conftest import real_course

COURSE = real_course()
ITEM = COURSE["grief-idealised-account"]
CHAPTER, PROGRESS = "book/grief.html", "book/progress.html"
ANSWER = "Tell me about a time he was hard to live with.\nWhat did you miss most, and what do you not miss?"


def exercise(page):
    return page.locator(f'section.ipt-written[data-item-id="{ITEM.id}"]')


def test_write_compare_rate_and_find_it_all_after_a_reload(visit):
    v = visit()
    page = v.open(CHAPTER)
    root = exercise(page)
    expect(root.locator(".ipt-model")).to_be_hidden()            # the model answer waits for an attempt
    root.locator(".ipt-reveal").click()
    expect(root.locator(".ipt-feedback")).to_contain_text("Write your answer first")
    expect(root.locator("textarea")).to_be_focused()
    expect(root.locator(".ipt-model")).to_be_hidden()
    root.get_by_label("Your answer").fill(ANSWER)
    root.locator(".ipt-reveal").click()
    expect(root.locator(".ipt-model-answer")).to_be_visible()
    points = root.locator(".ipt-checklist input")
    expect(points).to_have_count(len(ITEM.checklist))
    for i in (0, 2):
        points.nth(i).check()
    root.locator(".ipt-rate").click()
    n = len(ITEM.checklist)
    expect(root.locator(".ipt-feedback")).to_contain_text(f"your answer makes 2 of {n} points")
    expect(root.locator(".ipt-score")).to_contain_text(f"Your rating: 2 of {n} points the first time")

    page.reload()                                                # everything is still there
    root = exercise(page)
    expect(root.locator("textarea")).to_have_value(ANSWER)
    expect(root.locator(".ipt-model-answer")).to_be_attached()
    expect(root.locator(".ipt-model")).to_be_visible()
    assert [root.locator(".ipt-checklist input").nth(i).is_checked() for i in range(n)] == \
        [i in (0, 2) for i in range(n)]
    root.locator("textarea").fill(ANSWER + "\nAnd what was he like on a bad day?")   # edited and rated again
    root.locator(".ipt-model summary").click()                    # after a reload the model answer is folded
    root.locator(".ipt-checklist input").nth(1).check()
    root.locator(".ipt-rate").click()
    expect(root.locator(".ipt-score")).to_contain_text(f"2 of {n} points the first time")   # the first rating stays
    expect(root.locator(".ipt-score")).to_contain_text(f"3 of {n} at best")
    page.reload()
    expect(exercise(page).locator("textarea")).to_have_value(ANSWER + "\nAnd what was he like on a bad day?")
    progress = v.open(PROGRESS)
    row = progress.locator(f'tr[data-item-id="{ITEM.id}"]')
    expect(row.locator(".ipt-kind")).to_have_text("Written exercise")
    expect(row.locator(".ipt-status")).to_have_text("Completed")
    expect(row.locator(".ipt-result")).to_contain_text(f"Rated 2 of {n} points the first time, best 3")
    share = progress.locator('tbody[data-chapter="book/grief"] .ipt-chapter-share')
    expect(share).to_have_text("1 of 3 completed (33%)")          # complete, but the trainee's rating is no score


def test_typing_alone_is_kept_without_pressing_anything(visit):
    v = visit()
    page = v.open(CHAPTER)
    exercise(page).locator("textarea").fill("A first draft")
    page.wait_for_timeout(600)                                   # kept a moment after typing stops
    page.reload()
    expect(exercise(page).locator("textarea")).to_have_value("A first draft")
    expect(exercise(page).locator(".ipt-model")).to_be_hidden()  # not yet compared


def test_print_my_answer_prints_the_exercise_alone_with_the_text(visit):
    v = visit()
    v.context.add_init_script("window.print = () => { window.printed = (window.printed || 0) + 1; };")
    page = v.open(CHAPTER)
    root = exercise(page)
    root.locator("textarea").fill(ANSWER)
    root.locator(".ipt-reveal").click()
    root.locator(".ipt-print-one").click()
    assert page.evaluate("window.printed") == 1
    page.emulate_media(media="print")
    expect(root.locator(".ipt-written-print")).to_be_visible()
    expect(root.locator(".ipt-written-print")).to_have_text(ANSWER)
    expect(root.locator("textarea")).to_be_hidden()
    expect(root.locator(".ipt-model-answer")).to_be_visible()    # opened for the print
    expect(page.locator("section.ipt-quiz")).to_be_hidden()      # the rest of the chapter is left out
    expect(page.locator("h1")).to_be_hidden()
    page.evaluate("dispatchEvent(new Event('afterprint'))")
    expect(page.locator("h1")).to_be_visible()                  # and back once printing is over
    page.emulate_media(media="screen")
    expect(root.locator("textarea")).to_be_visible()


def test_axe_finds_nothing_on_a_rated_exercise_in_light_and_dark(visit):
    for scheme in ("light", "dark"):
        page = visit(color_scheme=scheme, viewport={"width": 390, "height": 844}, is_mobile=True).open(CHAPTER)
        reader.write_and_rate(page, ITEM)
        results = reader.axe_violations(page)
        assert results.violations_count == 0, results.generate_report()


def test_a_changed_checklist_keeps_the_text_and_asks_for_a_new_rating(visit):
    v = visit()
    saved = {"v": 2, "id": ITEM.id, "kind": "written", "title": ITEM.title, "max": 2, "attempts": [7], "first": 2,
             "best": 2, "completed": "2026-11-01T09:00:00.000Z", "updated": "2026-11-01T09:00:00.000Z",
             "now": {"seed": 7, "text": "Written before the checklist grew", "shown": True, "rated": [1, 1]}}
    v.context.add_init_script(f"localStorage.setItem('ipt-course:v2:{ITEM.id}', {json.dumps(json.dumps(saved))});")
    page = v.open(CHAPTER)
    root = exercise(page)
    expect(root.locator("textarea")).to_have_value("Written before the checklist grew")
    expect(root.locator(".ipt-score")).to_contain_text("Your rating: 2 of")   # the first rating is kept
    assert not any(box.is_checked() for box in root.locator(".ipt-checklist input").all())


def test_importing_another_copy_keeps_both_texts(visit, tmp_path):
    laptop = visit()
    page = laptop.open(CHAPTER)
    exercise(page).locator("textarea").fill("Written on the laptop")
    exercise(page).locator("textarea").blur()
    with (progress := laptop.open(PROGRESS)).expect_download() as download:
        progress.locator(".ipt-export-json").click()
    exported = tmp_path / "laptop.json"
    download.value.save_as(exported)
    phone = visit()
    page = phone.open(CHAPTER)
    exercise(page).locator("textarea").fill("Written on the phone")
    exercise(page).locator("textarea").blur()
    progress = phone.open(PROGRESS)
    progress.locator(".ipt-import input").set_input_files(str(exported))
    expect(progress.locator(".ipt-progress-feedback")).to_contain_text("1 item updated")
    text = exercise(phone.open(CHAPTER)).locator("textarea")
    expect(text).to_have_value(re.compile(r"^Written on the phone\n\n--- Also kept: the text saved on .+ ---\n"
                                          r"Written on the laptop$"))
    progress = phone.open(PROGRESS)                               # importing it again adds nothing more
    progress.locator(".ipt-import input").set_input_files(str(exported))
    expect(progress.locator(".ipt-progress-feedback")).to_contain_text("0 items updated, 1 kept")
