"""A trainee's use of the built book, offline: quizzes, vignettes, progress, keyboard, accessibility.

Answers come from the content itself, so these tests follow the course as it is edited.
"""
from __future__ import annotations

import json

import pytest
from playwright.sync_api import Page, expect

from ipt_course.engine import best_score, correct_answer
from ipt_course.markdown import plain
from tests.browser import reader
from tests.browser.reader import best_path, worst_path, wrong_answer
from tests.conftest import real_course

CHAPTER, CASE, PROGRESS = "book/role-transitions.html", "notebooks/new-mother.html", "book/progress.html"
COURSE = real_course()
QUIZ, VIGNETTE = COURSE["role-transitions"], COURSE["new-mother"]


def question(page: Page, qid: str):
    return reader.question(page, QUIZ, qid)


def give(page: Page, q, answer) -> None:
    reader.give(page, QUIZ, q, answer)


def answer_all_right(page: Page) -> None:
    reader.answer_all_right(page, QUIZ)


def walk(page: Page, choices: list[int]) -> None:
    reader.walk(page, VIGNETTE, choices)


def ending_of(choices: list[int]) -> str:
    return reader.ending_of(VIGNETTE, choices)


def test_quiz_wrong_then_right_gives_feedback_hint_and_explanation(visit):
    page = visit().open(CHAPTER)
    q = next(q for q in QUIZ.questions if q.type == "single" and q.hints)
    li = question(page, q.id)
    expect(li.locator(".ipt-answer")).to_be_hidden()
    give(page, q, wrong_answer(q))
    li.locator(".ipt-check").click()
    live = li.locator('.ipt-feedback[aria-live="polite"]')
    expect(live).to_contain_text("Not quite")
    expect(live).to_contain_text(plain(q.options[wrong_answer(q)].feedback)[:40])
    expect(live).to_contain_text(plain(q.hints[0])[:40])
    expect(li.locator(".ipt-mark-badge")).to_contain_text("not right")
    give(page, q, correct_answer(q))
    li.locator(".ipt-check").click()
    expect(live).to_contain_text("Correct, at try 2")
    expect(li.locator(".ipt-answer")).to_have_attribute("open", "")
    expect(li.locator(".ipt-explanation")).to_be_visible()
    expect(li.locator(".ipt-sources")).to_contain_text(COURSE.citations[q.references[0]][:30])


def test_quiz_scores_and_survives_a_reload(visit):
    v = visit()
    page = v.open(CHAPTER)
    first = QUIZ.questions[0]
    give(page, first, wrong_answer(first))
    question(page, first.id).locator(".ipt-check").click()
    answer_all_right(page)
    n = len(QUIZ.questions)
    score = page.locator(f'section[data-item-id="{QUIZ.id}"] .ipt-score')
    expect(score).to_contain_text(f"Answered correctly: {n} of {n}. Score (right at the first try): {n - 1} of {n}.")
    page.reload()
    expect(score).to_contain_text(f"{n - 1} of {n}")
    expect(question(page, first.id).locator(".ipt-feedback")).to_contain_text("Correct, at try 2")
    page.locator(f'section[data-item-id="{QUIZ.id}"] .ipt-restart').click()
    expect(score).to_contain_text(f"Answered correctly: 0 of {n}.")
    expect(score).to_contain_text(f"first completed attempt {n - 1} of {n}, best {n - 1} of {n}, 2 attempts")
    page.reload()
    expect(question(page, first.id).locator(".ipt-feedback")).to_be_empty()
    expect(score).to_contain_text("2 attempts")


def test_vignette_reaches_two_different_endings_with_back_and_restart(visit):
    page = visit().open(CASE)
    root = page.locator(f'section.ipt-vignette[data-item-id="{VIGNETTE.id}"]')
    best, worst = best_path(VIGNETTE), worst_path(VIGNETTE)
    assert ending_of(best) != ending_of(worst)
    walk(page, best)
    stage = root.locator(".ipt-stage")
    expect(stage).to_contain_text(VIGNETTE.endings[ending_of(best)].title)
    expect(stage).to_contain_text(f"Score: {best_score(VIGNETTE)} of a best possible {best_score(VIGNETTE)}.")
    expect(stage.locator(".ipt-path li")).to_have_count(len(best))
    expect(root.locator(".ipt-after")).to_be_visible()
    root.locator(".ipt-back").click()
    expect(stage.locator(".ipt-choose")).to_be_visible()
    root.locator(".ipt-restart").click()
    expect(stage.locator(".ipt-scene")).to_have_text("Scene 1")
    walk(page, worst)
    expect(stage).to_contain_text(VIGNETTE.endings[ending_of(worst)].title)


def test_vignette_position_survives_a_reload(visit):
    page = visit().open(CASE)
    first_two = best_path(VIGNETTE)[:2]
    walk(page, first_two)
    scene = page.locator(".ipt-stage .ipt-scene").inner_text()
    page.reload()
    expect(page.locator(".ipt-stage .ipt-scene")).to_have_text(scene)
    expect(page.locator(".ipt-stage .ipt-back")).to_be_visible()


def test_progress_page_lists_exports_and_imports(visit, tmp_path):
    v = visit()
    page = v.open(CHAPTER)
    answer_all_right(page)
    v.open(CASE)
    walk(v.page, best_path(VIGNETTE))
    page = v.open(PROGRESS)
    quiz_row = page.locator(f'tr[data-item-id="{QUIZ.id}"]')
    expect(quiz_row.locator(".ipt-status")).to_have_text("Completed")
    n = len(QUIZ.questions)
    expect(quiz_row.locator(".ipt-result")).to_contain_text(f"First attempt {n} of {n}, best {n}; 1 attempt; completed")
    expect(page.locator(f'tr[data-item-id="{VIGNETTE.id}"] .ipt-status')).to_have_text("Completed")
    with page.expect_download() as download:
        page.locator(".ipt-export-json").click()
    exported = tmp_path / "progress.json"
    download.value.save_as(exported)
    data = json.loads(exported.read_text())
    assert data["format"] == "ipt-course-progress" and data["version"] == 2
    assert {r["id"] for r in data["items"]} == {QUIZ.id, VIGNETTE.id}
    with page.expect_download() as download:
        page.locator(".ipt-export-csv").click()
    csv_file = tmp_path / "progress.csv"
    download.value.save_as(csv_file)
    lines = csv_file.read_text().splitlines()
    assert lines[0] == "id,title,kind,status,first,best,max,cbm,cbm_max,attempts,in_review,completed,updated"
    assert len(lines) == 3

    fresh = visit()
    page = fresh.open(PROGRESS)
    expect(page.locator(f'tr[data-item-id="{QUIZ.id}"] .ipt-status')).to_have_text("Not started")
    bad = tmp_path / "bad.json"
    bad.write_text('{"format": "something else"}')
    page.locator(".ipt-import input").set_input_files(str(bad))
    expect(page.locator(".ipt-progress-feedback")).to_contain_text("Nothing was imported")
    page.locator(".ipt-import input").set_input_files(str(exported))
    expect(page.locator(".ipt-progress-feedback")).to_contain_text("2 items updated, 0 kept from this browser")
    expect(page.locator(f'tr[data-item-id="{QUIZ.id}"] .ipt-status')).to_have_text("Completed")
    page = fresh.open(CASE)
    expect(page.locator(".ipt-stage")).to_contain_text(VIGNETTE.endings[ending_of(best_path(VIGNETTE))].title)


@pytest.mark.parametrize("saved", ["{not json", '{"v": 0, "id": "role-transitions"}', '"a string"'])
def test_corrupt_or_old_progress_is_ignored_with_a_note(visit, saved):
    v = visit()
    v.context.add_init_script(f"localStorage.setItem('ipt-course:v1:{QUIZ.id}', {json.dumps(saved)});")
    page = v.open(CHAPTER)
    note = page.locator(f'section[data-item-id="{QUIZ.id}"] .ipt-note')
    expect(note).to_be_visible()
    expect(note).to_contain_text("could not be read and was ignored")
    answer_all_right(page)
    expect(page.locator(f'section[data-item-id="{QUIZ.id}"] .ipt-score')).to_contain_text("Answered correctly")


def test_older_version_progress_is_noted(visit):
    v = visit()
    v.context.add_init_script(f"localStorage.setItem('ipt-course:v0:{VIGNETTE.id}', '[]');")
    page = v.open(CASE)
    expect(page.locator(f'section[data-item-id="{VIGNETTE.id}"] .ipt-note')).to_contain_text("older version")
    expect(page.locator(".ipt-stage .ipt-scene")).to_have_text("Scene 1")


def test_without_javascript_questions_show_and_answers_are_collapsed(visit):
    page = visit(java_script_enabled=False).open(CHAPTER)
    li = question(page, QUIZ.questions[0].id)
    expect(li.locator(".ipt-prompt")).to_be_visible()
    expect(li.locator(".ipt-answer")).to_be_visible()
    expect(li.locator(".ipt-answer .ipt-explanation")).to_be_hidden()
    page = visit(java_script_enabled=False).open(CASE)
    expect(page.locator(f'.ipt-static [data-node-id="{VIGNETTE.start}"] .ipt-narrative')).to_be_visible()
    expect(page.locator(".ipt-choice-feedback").first).to_be_hidden()


def test_axe_finds_no_violations_on_an_answered_quiz(visit):
    page = visit().open(CHAPTER)
    answer_all_right(page)
    results = reader.axe_violations(page)
    assert results.violations_count == 0, results.generate_report()


def test_a_chapter_prints_questions_with_an_answer_key_at_the_end(visit):
    page = visit().open(CHAPTER)
    page.evaluate("window.dispatchEvent(new Event('beforeprint'))")
    page.emulate_media(media="print")
    first = question(page, QUIZ.questions[0].id)
    expect(first.locator(".ipt-prompt")).to_be_visible()
    expect(first.locator(".ipt-answer")).to_be_hidden()
    expect(page.locator(".ipt-check").first).to_be_hidden()
    key = page.locator(".ipt-print-key")
    expect(key).to_be_visible()
    expect(key.locator("ol > li")).to_have_count(len(QUIZ.questions))
    expect(key).to_contain_text(plain(QUIZ.questions[0].explanation)[:40])
    page.evaluate("window.dispatchEvent(new Event('afterprint'))")
    expect(key).to_have_count(0)


def test_a_vignette_prints_as_its_scenes_choices_and_feedback(visit):
    page = visit().open(CASE)
    page.evaluate("window.dispatchEvent(new Event('beforeprint'))")
    page.emulate_media(media="print")
    root = page.locator(f'section[data-item-id="{VIGNETTE.id}"]')
    expect(root.locator(".ipt-stage")).to_be_hidden()
    expect(root.locator(".ipt-node")).to_have_count(len(VIGNETTE.nodes))
    expect(root.locator(".ipt-choice-feedback").first).to_be_visible()
    expect(root.locator(".ipt-ending").first).to_be_visible()
    expect(root.locator(".ipt-after")).to_be_visible()
