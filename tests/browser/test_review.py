"""The review queue and certainty-based marking, as a trainee meets them over days: a question got wrong
comes back on the review page the next day, is spaced out by right answers and sent back by a wrong one,
survives export and import, and lands in a calendar file; a question that asks how sure you are marks the
first try as Moodle does and puts confident mistakes first."""
from __future__ import annotations

import json
import re
from datetime import datetime, timedelta, timezone

from playwright.sync_api import Page, expect

from ipt_course.engine import correct_answer
from tests.browser import reader
from tests.conftest import real_course

COURSE = real_course()
QUIZ = COURSE["grief"]
CHAPTER, REVIEW, PROGRESS = "book/grief.html", "book/review.html", "book/progress.html"
PLAIN = next(q for q in QUIZ.questions if q.type == "single" and not q.confidence)
SURE = next(q for q in QUIZ.questions if q.type == "single" and q.confidence)
DAY0 = datetime(2026, 11, 30, 20, 0, tzinfo=timezone.utc)   # 9 am on 1 December in New Zealand


def on_day(v, days: int, path: str) -> Page:
    """The page as the reader sees it `days` after DAY0 (the browser's clock set before it loads)."""
    page = v.new_page()
    page.clock.set_fixed_time(DAY0 + timedelta(days=days))
    page.goto(f"{v.site}/{path}")
    return page


def answer(page: Page, q, right: bool, sure: int = 3, quiz=QUIZ) -> None:
    reader.give(page, quiz, q, correct_answer(q) if right else reader.wrong_answer(q), sure)
    reader.question(page, quiz, q.id).locator(".ipt-check").click()


def review_item(page: Page):
    return page.locator(".ipt-review-list > li.ipt-question")


def answer_review(page: Page, q, right: bool) -> None:
    li = page.locator(f'.ipt-review-list li[data-question-id="{q.id}"]')
    given = correct_answer(q) if right else reader.wrong_answer(q)
    li.locator(f'.ipt-options input[value="{given}"]').check()
    li.locator(".ipt-check").click()


def nz(visit):
    return visit(timezone_id="Pacific/Auckland")


def test_a_wrong_first_try_comes_back_the_next_day_and_links_to_its_section(visit):
    v = nz(visit)
    page = on_day(v, 0, CHAPTER)
    answer(page, PLAIN, right=False)
    answer(page, PLAIN, right=True)                  # right at the second try: still due for review
    review = on_day(v, 0, REVIEW)
    expect(review.locator(".ipt-review-status")).to_contain_text("Nothing is due today. Next: 1 question on 2 December 2026.")
    expect(review_item(review)).to_have_count(0)
    review = on_day(v, 1, REVIEW)
    expect(review_item(review)).to_have_count(1)
    li = review_item(review).first
    expect(li.locator(".ipt-qnum")).to_have_text(f"Review question 1 of 1, from {QUIZ.title}")
    expect(li.locator(".ipt-answer")).to_be_hidden()  # the answer stays folded until a check
    expect(review.locator(".ipt-review-status")).to_contain_text("Due today: 1 question. Reviewed: 0 of 1.")
    link = li.locator(".ipt-review-read a")
    section = link.get_attribute("href").split("#")[1]
    link.click()
    expect(review).to_have_url(re.compile(r"book/grief\.html#" + section))
    expect(review.locator(f"section#{section} h2")).to_be_in_viewport()


def test_right_answers_space_a_question_out_and_a_wrong_one_sends_it_back(visit):
    v = nz(visit)
    answer(on_day(v, 0, CHAPTER), PLAIN, right=False)
    day, seen = 1, []
    for right, wait, said in [(True, 3, "It comes back on 5 December 2026."),
                              (False, 1, "Back to the start: it comes back on 6 December 2026."),
                              (True, 3, "It comes back on 9 December 2026."),
                              (True, 7, "It comes back on 16 December 2026."),
                              (True, 21, "It comes back on 6 January 2027."),
                              (True, None, "Learned: it leaves your review queue.")]:
        page = on_day(v, day, REVIEW)
        expect(review_item(page)).to_have_count(1)
        answer_review(page, PLAIN, right)
        expect(review_item(page).first.locator(".ipt-review-next")).to_have_text(said)
        seen.append(day)
        if wait is None:
            break
        before = on_day(v, day + wait - 1, REVIEW)    # nothing the day before it is due
        expect(before.locator(".ipt-review-status")).to_contain_text("Nothing is due today.")
        day += wait
    assert seen == [1, 4, 5, 8, 15, 36]
    page = on_day(v, 400, REVIEW)
    expect(page.locator(".ipt-review-status")).to_contain_text("Nothing is waiting for review.")
    progress = on_day(v, 36, PROGRESS)
    expect(progress.locator(".ipt-review-due")).to_be_hidden()
    expect(progress.locator(f'tr[data-item-id="{QUIZ.id}"] .ipt-status')).to_have_text("In progress")


def test_the_queue_survives_export_and_import_and_goes_into_a_calendar(visit, tmp_path):
    v = nz(visit)
    answer(on_day(v, 0, CHAPTER), PLAIN, right=False)
    progress = on_day(v, 0, PROGRESS)
    expect(progress.locator(".ipt-review-due")).to_contain_text("Due for review today: 0 questions; next 1 on 2 December 2026.")
    with progress.expect_download() as download:
        progress.locator(".ipt-export-json").click()
    exported = tmp_path / "progress.json"
    exported.write_text(open(download.value.path(), encoding="utf-8").read())
    record = json.loads(exported.read_text())["items"][0]
    assert record["review"][PLAIN.id]["due"] == "2026-12-02"

    fresh = nz(visit)                                 # another device: nothing there until the import
    page = on_day(fresh, 1, REVIEW)
    expect(page.locator(".ipt-review-status")).to_contain_text("Nothing is waiting for review.")
    page = on_day(fresh, 1, PROGRESS)
    page.locator(".ipt-import input").set_input_files(str(exported))
    expect(page.locator(".ipt-progress-feedback")).to_contain_text("1 item updated")
    expect(page.locator(".ipt-review-due")).to_contain_text("Due for review today: 1 question.")
    page = on_day(fresh, 1, REVIEW)
    expect(review_item(page)).to_have_count(1)
    answer_review(page, PLAIN, right=True)            # reviewed here (2 December): due on the 5th
    page = on_day(fresh, 1, PROGRESS)                 # importing the older file again does not undo that
    page.locator(".ipt-import input").set_input_files(str(exported))
    expect(page.locator(".ipt-progress-feedback")).to_contain_text("0 items updated, 1 kept from this browser")
    expect(page.locator(".ipt-review-due")).to_contain_text("next 1 on 5 December 2026")

    page = on_day(fresh, 1, REVIEW)
    with page.expect_download() as download:
        page.locator(".ipt-review-ics").click()
    ics = open(download.value.path(), encoding="utf-8", newline="").read()   # as written: CRLF lines
    assert download.value.suggested_filename == "ipt-review-dates.ics"
    assert ics.startswith("BEGIN:VCALENDAR\r\n") and ics.endswith("END:VCALENDAR\r\n")
    assert "DTSTART;VALUE=DATE:20261205\r\n" in ics and ics.count("BEGIN:VEVENT") == 1
    assert "SUMMARY:IPT course: 1 question to review" in ics
    expect(page.locator(".ipt-review-feedback")).to_contain_text("Saved ipt-review-dates.ics")


def test_certainty_based_marks_follow_moodle_and_confident_mistakes_come_first(visit):
    v = nz(visit)
    page = on_day(v, 0, CHAPTER)
    li = reader.question(page, QUIZ, SURE.id)
    expect(li.locator(".ipt-sure legend")).to_have_text("How sure are you?")
    reader.give(page, QUIZ, SURE, reader.wrong_answer(SURE), sure=0)   # no certainty given yet
    li.locator(".ipt-check").click()
    expect(li.locator(".ipt-feedback")).to_have_text(re.compile("Say how sure you are first"))
    answer(page, SURE, right=False, sure=3)
    expect(li.locator(".ipt-feedback")).to_contain_text("Certainty high at the first check: mark −6.")
    expect(li.locator('.ipt-sure input[value="3"]')).to_be_disabled()   # the mark is for the certainty given first
    answer(page, PLAIN, right=False)                  # wrong, but with no certainty asked
    others = [q for q in QUIZ.questions if q.confidence and q.id != SURE.id]
    for q, sure in zip(others, [1, 2, 3, 3], strict=False):   # right at low, medium, high...
        answer(page, q, right=True, sure=sure)
    for q in QUIZ.questions:                          # ...and every other question right
        if q not in others and q.id not in (SURE.id, PLAIN.id):
            answer(page, q, right=True)
    answer(page, SURE, right=True)
    answer(page, PLAIN, right=True)
    asked = [q for q in QUIZ.questions if q.confidence]
    marks = -6 + sum([1, 2, 3, 3][:len(others)])
    footer = page.locator(f'section[data-item-id="{QUIZ.id}"] .ipt-score')
    expect(footer).to_contain_text(f"Certainty-based mark: {str(marks).replace('-', '−')} of {3 * len(asked)}.")
    progress = on_day(v, 0, PROGRESS)
    expect(progress.locator(f'tr[data-item-id="{QUIZ.id}"] .ipt-result')).to_contain_text(
        f"First attempt {len(QUIZ.questions) - 2} of {len(QUIZ.questions)}, best {len(QUIZ.questions) - 2}")
    expect(progress.locator(f'tr[data-item-id="{QUIZ.id}"] .ipt-result')).to_contain_text(
        f"certainty-based mark of the first attempt {str(marks).replace('-', '−')} of {3 * len(asked)}")
    page = on_day(v, 1, REVIEW)                       # wrong at high certainty first, then the low-certainty one and the rest
    expect(page.locator(".ipt-review-status")).to_contain_text("(1 you were confident of and got wrong, shown first)")
    items = review_item(page)
    expect(items).to_have_count(3)                    # SURE, PLAIN and the one right at low certainty
    expect(items.first).to_have_attribute("data-question-id", SURE.id)
    expect(items.first.locator(".ipt-sure")).to_have_count(0)   # certainty is marked in the quiz only
    progress = on_day(v, 1, PROGRESS)
    expect(progress.locator(".ipt-review-due")).to_contain_text(
        "Due for review today: 3 questions, 1 of them answered wrongly at high certainty (they come first).")


def test_a_question_gone_from_the_course_is_left_out_with_a_note_and_a_broken_queue_is_ignored(visit):
    v = nz(visit)
    entry = {"box": 1, "due": "2026-12-01", "why": "wrong", "at": "2026-11-30T20:00:00.000Z"}
    record = {"v": 2, "id": QUIZ.id, "kind": "quiz", "title": QUIZ.title, "max": len(QUIZ.questions), "attempts": [1],
              "first": None, "best": None, "completed": None, "now": {"seed": 1, "answers": {}},
              "updated": "2026-11-30T20:00:00.000Z", "review": {"a-question-since-removed": entry, PLAIN.id: entry}}
    broken = {**record, "id": "role-disputes", "review": {PLAIN.id: {**entry, "box": 9}}}   # no such box
    v.context.add_init_script("".join(f"localStorage.setItem('ipt-course:v2:{r['id']}', {json.dumps(json.dumps(r))});"
                                      for r in (record, broken)))
    page = on_day(v, 0, REVIEW)
    expect(review_item(page)).to_have_count(1)
    expect(page.locator(".ipt-review .ipt-note")).to_have_text(
        "1 question in your review queue is no longer in the course and is left out.")
    chapter = on_day(v, 0, "book/role-disputes.html")     # the broken record is set aside, visibly
    expect(chapter.locator('section[data-item-id="role-disputes"] .ipt-note')).to_contain_text("could not be read")


def test_axe_finds_nothing_on_the_review_page_with_questions_answered_in_light_and_dark(visit):
    for scheme in ("light", "dark"):
        v = visit(timezone_id="Pacific/Auckland", color_scheme=scheme)
        answer(on_day(v, 0, CHAPTER), PLAIN, right=False)
        page = on_day(v, 1, REVIEW)
        answer_review(page, PLAIN, right=False)
        expect(review_item(page).first.locator(".ipt-review-next")).to_be_visible()
        results = reader.axe_violations(page)
        assert results.violations_count == 0, results.generate_report()


def test_an_answer_saved_before_its_question_asked_for_certainty_keeps_the_record_valid(visit):
    v = nz(visit)
    given = [int(o.correct) for o in SURE.options]
    record = {"v": 2, "id": QUIZ.id, "kind": "quiz", "title": QUIZ.title, "max": len(QUIZ.questions), "attempts": [1],
              "first": None, "best": None, "completed": None, "updated": "2026-11-30T20:00:00.000Z",
              "now": {"seed": 1, "answers": {SURE.id: {"tries": 0, "solved": True, "given": given}}}}
    v.context.add_init_script(f"if (!sessionStorage.getItem('seeded')) {{ sessionStorage.setItem('seeded', '1'); "
                              f"localStorage.setItem('ipt-course:v2:{QUIZ.id}', {json.dumps(json.dumps(record))}); }}")
    page = on_day(v, 0, CHAPTER)
    for q in QUIZ.questions:
        if q.id != SURE.id:
            answer(page, q, right=True)
    footer = page.locator(f'section[data-item-id="{QUIZ.id}"] .ipt-score')
    asked = [q for q in QUIZ.questions if q.confidence]
    expect(footer).to_contain_text(f"Certainty-based mark: {3 * (len(asked) - 1)} of {3 * len(asked)}.")
    page.reload()                                     # and what was saved still reads
    expect(page.locator(f'section[data-item-id="{QUIZ.id}"] .ipt-note')).to_be_hidden()
    expect(footer).to_contain_text("first completed attempt")
