"""The live front end: quizzes and vignettes as ipywidgets, driven from Python like a reader would."""
from __future__ import annotations

from pathlib import Path

import ipywidgets as w
import pytest

from ipt_course import widgets
from ipt_course.render import render
from ipt_course.widgets import QuizWidget, VignetteWidget, make_widget
from tests.conftest import real_course

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "tests" / "fixtures" / "course"
HIDDEN = "none"



@pytest.fixture
def quiz(course) -> QuizWidget:
    widget = make_widget(course["sample-quiz"], course.citations)
    assert isinstance(widget, QuizWidget)
    return widget


@pytest.fixture
def vignette(course) -> VignetteWidget:
    widget = make_widget(course["sample-vignette"], course.citations)
    assert isinstance(widget, VignetteWidget)
    return widget


def shown(widget: w.Widget) -> bool:
    return widget.layout.display != HIDDEN


# --- quizzes -------------------------------------------------------------------------------------

def test_quiz_inputs_match_the_question_types(quiz):
    single, multiple, classify = quiz.questions
    assert isinstance(single.inputs[0], w.RadioButtons)
    assert sorted(label for label, _ in single.inputs[0].options) == ["Grief", "Role dispute", "Role transition"]
    assert [box.description for box in multiple.inputs] == [
        "Mourn the old role", "Appraise the new role", "Interpret transference"]
    assert [d.description for d in classify.inputs] == ["Case 1", "Case 2"]
    assert ["Her husband died last year." in row.children[0].value for row in classify.rows] == [True, False]
    assert [d.label for d in classify.inputs] == ["Choose a category…"] * 2   # shown, not a blank list
    assert not shown(single.explanation)


def test_checking_without_an_answer_asks_for_one_and_costs_nothing(quiz):
    q = quiz.questions[0]
    q.check_button.click()
    assert "Choose an answer first." in q.feedback.value
    assert q.attempt.wrong_tries == 0


def test_single_choice_wrong_then_right(quiz):
    q = quiz.questions[0]
    q.inputs[0].value = 0
    q.check_button.click()
    assert "Not quite" in q.feedback.value
    assert "Only with open conflict over expectations." in q.feedback.value
    assert "Hint:" in q.feedback.value and "Think about what changed in her life." in q.feedback.value
    assert not shown(q.explanation)
    assert "Answered correctly: 0 of 3. Score (right at the first try): 0 of 3." in quiz.score.value

    q.inputs[0].value = 1
    q.check_button.click()
    assert "Correct, at try 2." in q.feedback.value
    assert "Yes: the change of role is the focus." in q.feedback.value
    assert "Hint:" not in q.feedback.value
    assert shown(q.explanation)
    assert "Becoming a parent is a role transition." in q.explanation.value
    assert "Weissman et al. (2018)" in q.explanation.value
    assert "Answered correctly: 1 of 3. Score (right at the first try): 0 of 3." in quiz.score.value


def test_second_wrong_try_gives_the_next_hint_and_it_repeats(quiz):
    q = quiz.questions[0]
    hints, feedback = [], []
    for wrong in (0, 2, 0):
        q.inputs[0].value = wrong
        q.check_button.click()
        feedback.append(q.feedback.value)
        hints.append(q.feedback.value.split("Hint:</strong>")[1])
    assert "Think about what changed" in hints[0]
    assert "Is there a death or an open conflict?" in hints[1]
    assert hints[2] == hints[1]
    assert "Grief needs a death." in feedback[1], "feedback follows the option chosen at each try"
    assert q.attempt.wrong_tries == 3


def test_right_at_the_first_try_scores_a_point(quiz):
    q = quiz.questions[0]
    q.inputs[0].value = 1
    q.check_button.click()
    assert "✓ Correct." in q.feedback.value
    assert "Score (right at the first try): 1 of 3." in quiz.score.value


def test_multiple_select_partial_then_complete(quiz):
    q = quiz.questions[1]
    q.inputs[0].value = True
    q.check_button.click()
    assert "Not quite" in q.feedback.value
    assert "Mourn the old role: Yes." in q.feedback.value
    assert not shown(q.explanation)

    q.inputs[1].value = True
    q.inputs[2].value = True
    q.check_button.click()
    assert "Not quite" in q.feedback.value, "a wrong option on top of the right ones is not right"
    assert "IPT does not interpret transference." in q.feedback.value

    q.inputs[2].value = False
    q.check_button.click()
    assert "Correct, at try 3." in q.feedback.value
    assert shown(q.explanation)
    assert "O'Hara et al. (2000)" in q.explanation.value or "O&#x27;Hara et al. (2000)" in q.explanation.value


def test_classify_wrong_lists_the_misplaced_cases_then_right(quiz):
    q = quiz.questions[2]
    q.inputs[0].value = "Grief"
    q.inputs[1].value = "Grief"
    q.check_button.click()
    assert "Not quite" in q.feedback.value
    assert "A change of role, even a chosen one." in q.feedback.value
    assert "A death: grief." not in q.feedback.value, "only the wrong cases are explained"

    q.inputs[1].value = "Role transition"
    q.check_button.click()
    assert "Correct, at try 2." in q.feedback.value
    assert "A death: grief." in q.feedback.value and "A change of role" in q.feedback.value
    assert shown(q.explanation)


def test_classify_with_a_case_left_unset_asks_for_every_case(quiz):
    q = quiz.questions[2]
    q.inputs[0].value = "Grief"
    q.check_button.click()
    assert q.attempt.wrong_tries == 0
    assert "every case" in q.feedback.value


def test_restart_clears_every_answer_and_the_score(quiz):
    single, multiple, classify = quiz.questions
    single.inputs[0].value = 0
    single.check_button.click()
    multiple.inputs[0].value = multiple.inputs[1].value = True
    multiple.check_button.click()
    classify.inputs[0].value = "Grief"
    assert quiz.score.value

    quiz.restart_button.click()
    assert single.inputs[0].value is None
    assert [box.value for box in multiple.inputs] == [False, False, False]
    assert [d.value for d in classify.inputs] == ["", ""]   # "Choose a category…", not a blank list
    for q in quiz.questions:
        assert q.feedback.value == ""
        assert not shown(q.explanation)
        assert (q.attempt.wrong_tries, q.attempt.solved) == (0, False)
    assert quiz.score.value == "" and quiz.attempt.score == 0

    single.inputs[0].value = 1
    single.check_button.click()
    assert "✓ Correct." in single.feedback.value, "the earlier wrong try is forgotten"
    assert "Score (right at the first try): 1 of 3." in quiz.score.value


def test_completing_every_question_at_once_gives_full_score(quiz):
    single, multiple, classify = quiz.questions
    single.inputs[0].value = 1
    multiple.inputs[0].value = multiple.inputs[1].value = True
    classify.inputs[0].value, classify.inputs[1].value = "Grief", "Role transition"
    for q in quiz.questions:
        q.check_button.click()
    assert quiz.attempt.completed
    assert "Answered correctly: 3 of 3. Score (right at the first try): 3 of 3." in quiz.score.value


# --- vignettes -----------------------------------------------------------------------------------

def labels(v: VignetteWidget) -> list[str]:
    return [label for label, _ in v.choices.options]


def pick(v: VignetteWidget, index: int) -> None:
    v.choices.value = index
    v.choose_button.click()
    v.continue_button.click()


def test_vignette_opens_at_scene_1_with_its_choices(vignette):
    assert "Scene 1" in vignette.scene.value and "The patient arrives." in vignette.scene.value
    assert sorted(labels(vignette)) == sorted(["Ask about recent changes", "Announce the focus"])
    assert shown(vignette.choose_button) and not shown(vignette.continue_button)
    assert not shown(vignette.back_button) and not shown(vignette.restart_button)


def test_choosing_without_a_selection_asks_for_one(vignette):
    vignette.choose_button.click()
    assert "Choose an option first." in vignette.feedback.value
    assert vignette.run.path == []


def test_choose_shows_feedback_then_continue_shows_the_next_scene(vignette):
    vignette.choices.value = 0
    vignette.choose_button.click()
    assert "Feedback on your choice (2 points)" in vignette.feedback.value
    assert "Good: it opens the timeline." in vignette.feedback.value
    assert "Scene 1" in vignette.scene.value, "the scene stays until Continue"
    assert vignette.choices.disabled
    assert shown(vignette.continue_button) and not shown(vignette.choose_button)
    assert shown(vignette.back_button) and shown(vignette.restart_button)

    vignette.continue_button.click()
    assert "Scene 2" in vignette.scene.value and "She describes the birth of her child." in vignette.scene.value
    assert sorted(labels(vignette)) == sorted(["Propose role transition as the focus", "Talk about the weather"])
    assert vignette.choices.value is None and not vignette.choices.disabled
    assert shown(vignette.choose_button) and not shown(vignette.continue_button)


def test_back_returns_to_the_previous_scene(vignette):
    pick(vignette, 0)
    assert "Scene 2" in vignette.scene.value
    vignette.back_button.click()
    assert "Scene 1" in vignette.scene.value
    assert vignette.run.path == [] and vignette.feedback.value == ""
    assert not shown(vignette.back_button)


def test_back_after_choosing_undoes_the_choice_on_the_same_scene(vignette):
    vignette.choices.value = 1
    vignette.choose_button.click()
    vignette.back_button.click()
    assert "Scene 1" in vignette.scene.value
    assert vignette.run.path == [] and not vignette.choices.disabled
    assert shown(vignette.choose_button)


def test_walk_to_the_good_ending(vignette):
    pick(vignette, 0)
    pick(vignette, 0)
    scene = vignette.scene.value
    assert "Ending: Focus agreed" in scene and "Good outcome" in scene
    assert "You agreed a focus together." in scene
    assert "<li>Ask about recent changes (2)</li><li>Propose role transition as the focus (2)</li>" in scene
    assert "Score: 4 of a best possible 4." in scene
    assert "Agree the focus; do not announce it." in scene and "Weissman et al. (2018)" in scene
    assert not shown(vignette.choices)
    assert not shown(vignette.choose_button) and not shown(vignette.continue_button)
    assert shown(vignette.back_button) and shown(vignette.restart_button)


def test_walk_to_the_poor_ending(vignette):
    vignette.choices.value = 1
    vignette.choose_button.click()
    assert "Feedback on your choice (0 points)" in vignette.feedback.value
    vignette.continue_button.click()
    assert "Scene 2" in vignette.scene.value and "She disagrees." in vignette.scene.value, \
        "scenes are numbered along the walk: the file's third scene is this walk's second"
    pick(vignette, 1)
    scene = vignette.scene.value
    assert "Ending: Dropped out" in scene and "Poor outcome" in scene
    assert "<li>Announce the focus (0)</li><li>Insist (0)</li>" in scene
    assert "Score: 0 of a best possible 4." in scene


def test_recovery_path_scores_one_point_singular(vignette):
    pick(vignette, 1)
    vignette.choices.value = 0
    vignette.choose_button.click()
    assert "Feedback on your choice (1 point):" in vignette.feedback.value
    vignette.continue_button.click()
    pick(vignette, 0)
    assert "Ending: Focus agreed" in vignette.scene.value
    assert "Score: 3 of a best possible 4." in vignette.scene.value


def test_back_from_an_ending_and_restart(vignette):
    pick(vignette, 0)
    pick(vignette, 1)
    assert "Ending: Drift" in vignette.scene.value and "Mixed outcome" in vignette.scene.value
    vignette.back_button.click()
    assert "Scene 2" in vignette.scene.value and shown(vignette.choices)
    vignette.restart_button.click()
    assert "Scene 1" in vignette.scene.value
    assert vignette.run.path == [] and vignette.feedback.value == ""
    assert sorted(labels(vignette)) == sorted(["Ask about recent changes", "Announce the focus"])


# --- show() --------------------------------------------------------------------------------------

@pytest.mark.parametrize("item_id", ["sample-quiz", "sample-vignette"])
def test_show_displays_one_bundle_with_widget_view_html_and_text(course, monkeypatch, item_id):
    calls = []
    monkeypatch.setattr(widgets, "display", lambda *objs, **kw: calls.append((objs, kw)))
    item = course[item_id]
    widgets.show(item, course.citations)

    [(objs, kw)] = calls
    assert kw == {"raw": True}
    [bundle] = objs
    assert set(bundle) == {"application/vnd.jupyter.widget-view+json", "text/html", "text/plain"}
    assert bundle["text/html"] == render(item, course.citations)
    assert bundle["text/plain"] == f"{item.kind.capitalize()}: {item.title}"
    view = bundle["application/vnd.jupyter.widget-view+json"]
    assert view["version_major"] == 2 and isinstance(view["model_id"], str) and view["model_id"]


def test_show_without_citations_renders_reference_keys(course, monkeypatch):
    calls = []
    monkeypatch.setattr(widgets, "display", lambda *objs, **kw: calls.append(objs[0]))
    widgets.show(course["sample-vignette"])
    assert calls[0]["text/html"] == render(course["sample-vignette"], {})


# --- order that gives nothing away ---------------------------------------------------------------

def shown_labels(question) -> list[str]:
    box = question.inputs[0]
    if isinstance(box, w.RadioButtons):
        return [label for label, _ in box.options]
    return [c.description for c in question.children if isinstance(c, w.Checkbox)]


def test_each_quiz_attempt_shows_the_options_in_a_new_order_and_grades_by_the_file_order(course):
    import random

    quiz = QuizWidget(course["sample-quiz"], course.citations)
    for q in quiz.questions:
        q.rng = random.Random(7)
    single, multiple, _ = quiz.questions
    orders = []
    for _ in range(4):
        quiz.restart()
        orders.append((shown_labels(single), shown_labels(multiple)))
        assert sorted(orders[-1][0]) == ["Grief", "Role dispute", "Role transition"]
    assert all(a != b for a, b in zip(orders, orders[1:])), "each new attempt shows a new order"
    right = next(i for i, o in enumerate(single.attempt.question.options) if o.correct)
    single.inputs[0].value = right
    single.check()
    assert "Correct" in single.feedback.value


def test_a_question_answered_correctly_stays_answered_until_a_new_attempt(quiz):
    single = quiz.questions[0]
    right = next(i for i, o in enumerate(single.attempt.question.options) if o.correct)
    single.inputs[0].value = right
    single.check()
    assert single.inputs[0].disabled, "a solved question is locked, so no later change contradicts its verdict"
    single.check()
    assert "Correct." in single.feedback.value and "Not quite" not in single.feedback.value
    quiz.restart()
    assert not single.inputs[0].disabled and single.inputs[0].value is None


def test_shuffle_false_keeps_the_file_order(course):
    sample = course["sample-quiz"]
    fixed = sample.questions[0].model_copy(update={"shuffle": False})
    quiz = sample.model_copy(update={"questions": [fixed, *sample.questions[1:]]})
    widget = QuizWidget(quiz, course.citations)
    for _ in range(3):
        widget.restart()
        assert shown_labels(widget.questions[0]) == ["Role dispute", "Role transition", "Grief"]


def test_restarting_a_case_shows_the_first_scene_in_a_new_order(course):
    widget = VignetteWidget(course["sample-vignette"], course.citations)
    first = labels(widget)
    for _ in range(3):
        widget.restart()
        assert labels(widget) != first, "two choices: a new attempt shows the other order"
        first = labels(widget)
    widget.choices.value = 0  # values stay the file's indices, whatever the order
    widget.choose()
    assert widget.run.path == [(widget.run.vignette.start, 0)]


def test_a_broken_draft_is_named_and_left_out_while_every_other_case_works(tmp_path, monkeypatch):
    import shutil

    shutil.copytree(SAMPLE, tmp_path / "course")
    draft = tmp_path / "course" / "content" / "vignettes" / "half-edited.yml"
    draft.write_text("id: half-edited\ntitle: [unclosed\n", encoding="utf-8")
    shown_outputs: list[dict] = []
    monkeypatch.setattr(widgets, "display", lambda data, raw: shown_outputs.append(data))
    course = widgets.open_course(tmp_path / "course")
    assert "sample-vignette" in course.items and "half-edited" not in course.items
    [note] = shown_outputs
    assert "half-edited.yml:" in note["text/html"] and "make check" in note["text/html"]
    assert "half-edited.yml:" in note["text/plain"]
    shown_outputs.clear()
    widgets.open_course(SAMPLE)
    assert shown_outputs == []   # a clean course: no note at all


def test_the_last_feedback_never_stays_under_the_next_scene_or_the_ending(vignette):
    vignette.choices.value = 0
    vignette.choose_button.click()
    assert "Feedback on your choice" in vignette.feedback.value
    vignette.continue_button.click()
    assert vignette.feedback.value == ""
    while not vignette.run.ended:
        pick(vignette, 0)
    assert vignette.feedback.value == "" and "Ending" in vignette.scene.value


def test_a_cases_facilitator_notes_show_in_both_modes(course):
    case = course["sample-vignette"].model_copy(update={"facilitator_notes": "Pause after scene 2 to discuss **risk**."})
    live = widgets.LiveItem(case, course.citations)
    assert "Facilitator notes" in live.notes.value and "<strong>risk</strong>" in live.notes.value
    live.toggle.value = True
    assert live.notes not in live.children and "Pause after scene 2" in live.group.notes.value, \
        "in group mode the notes are in the facilitator's panel, under the slide"
    assert widgets.LiveItem(course["sample-quiz"], course.citations).notes.value == ""


def test_a_question_that_asks_for_certainty_marks_the_first_try(course):
    quiz = course["sample-quiz"]
    asks = quiz.model_copy(update={"questions": [quiz.questions[0].model_copy(update={"confidence": True}),
                                                 *quiz.questions[1:]]})
    widget = make_widget(asks, course.citations)
    q = widget.questions[0]
    assert q.certainty is not None and q.certainty in q.children
    q.inputs[0].value = 0
    q.check_button.click()
    assert "Say how sure you are first" in q.feedback.value
    assert q.attempt.wrong_tries == 0                 # asking costs nothing
    q.certainty.value = 3
    q.check_button.click()
    assert "Certainty high: mark -6 for the first try" in q.feedback.value
    assert q.certainty.disabled
    q.inputs[0].value = 1
    q.check_button.click()
    assert "mark -6" in q.feedback.value              # a later right try does not change the mark
    assert "Certainty-based mark: -6 of 3." in widget.score.value
    widget.restart_button.click()
    assert (q.certainty.value, q.certainty.disabled, q.attempt.certainty) == (None, False, None)


def test_a_written_exercise_asks_for_an_answer_before_showing_the_model():
    course = real_course()
    item = course["grief-idealised-account"]
    widget = make_widget(item, course.citations)
    assert isinstance(widget, widgets.WrittenWidget)
    widget.reveal_button.click()
    assert "Write your answer first" in widget.note.value and not shown(widget.model)
    widget.text.value = "Tell me about a hard day with him."
    widget.reveal_button.click()
    assert shown(widget.model) and widget.note.value == ""
    assert len(widget.points) == len(item.checklist)
    widget.points[0].value = widget.points[1].value = True
    widget.rate_button.click()
    assert f"making 2 of {len(item.checklist)} points" in widget.feedback.value
