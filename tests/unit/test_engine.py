"""The engine: grading, hints, points, quiz scores, and walking a branching vignette."""
from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ipt_course.checks import check_item
from ipt_course.engine import (
    QuestionAttempt,
    QuizAttempt,
    VignetteRun,
    best_score,
    cbm_mark,
    correct_answer,
    is_correct,
)
from ipt_course.loader import Source
from ipt_course.model import MultipleSelect, Quiz, SingleChoice, Vignette

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "tests" / "fixtures" / "course"



@pytest.fixture
def quiz(course) -> Quiz:
    return course["sample-quiz"]


@pytest.fixture
def vignette(course) -> Vignette:
    return course["sample-vignette"]


def single(hints: list[str], correct: int = 1, n: int = 3) -> SingleChoice:
    return SingleChoice.model_validate({
        "id": "q", "type": "single", "prompt": "P", "explanation": "E", "references": ["guide2018"],
        "hints": hints,
        "options": [{"text": f"O{i}", "feedback": f"F{i}", "correct": i == correct} for i in range(n)]})


# --- grading -------------------------------------------------------------------------------------

def test_single_choice_is_right_only_for_the_correct_option(quiz):
    q = quiz.questions[0]
    assert correct_answer(q) == 1
    assert is_correct(q, 1)
    assert not is_correct(q, 0)
    assert not is_correct(q, 2)


def test_multiple_select_needs_exactly_the_correct_set(quiz):
    q = quiz.questions[1]
    assert correct_answer(q) == frozenset({0, 1})
    assert is_correct(q, frozenset({0, 1}))
    assert not is_correct(q, frozenset({0})), "a partial answer is not right"
    assert not is_correct(q, frozenset({0, 1, 2})), "a correct set plus a wrong option is not right"
    assert not is_correct(q, frozenset({2}))
    assert not is_correct(q, frozenset())


def test_classify_needs_every_case_in_its_category(quiz):
    q = quiz.questions[2]
    assert correct_answer(q) == {0: "Grief", 1: "Role transition"}
    assert is_correct(q, {0: "Grief", 1: "Role transition"})
    assert not is_correct(q, {0: "Role transition", 1: "Grief"})
    assert not is_correct(q, {0: "Grief", 1: "Grief"}), "one case wrong"
    assert not is_correct(q, {0: "Grief"}), "a case left out"
    assert not is_correct(q, {})


@settings(max_examples=40, deadline=None, database=None)
@given(flags=st.lists(st.booleans(), min_size=2, max_size=6).filter(any), data=st.data())
def test_multiple_select_grading_is_set_equality(flags, data):
    q = MultipleSelect.model_validate({
        "id": "q", "type": "multiple", "prompt": "P", "explanation": "E", "references": ["k"],
        "options": [{"text": "T", "feedback": "F", "correct": f} for f in flags]})
    chosen = frozenset(data.draw(st.sets(st.integers(0, len(flags) - 1))))
    assert is_correct(q, chosen) == (chosen == {i for i, f in enumerate(flags) if f})


# --- hints and points ----------------------------------------------------------------------------

def test_no_hint_before_a_wrong_try():
    attempt = QuestionAttempt(single(["first", "second"]))
    assert attempt.hint is None
    attempt.submit(1)
    assert attempt.hint is None, "a right first answer earns no hint"


def test_one_more_hint_per_wrong_try_and_the_last_repeats():
    attempt = QuestionAttempt(single(["first", "second"]))
    seen = []
    for _ in range(4):
        assert attempt.submit(0) is False
        seen.append(attempt.hint)
    assert seen == ["first", "second", "second", "second"]
    assert attempt.wrong_tries == 4


def test_question_without_hints_never_gives_one():
    attempt = QuestionAttempt(single([]))
    attempt.submit(0)
    attempt.submit(2)
    assert attempt.hint is None


def test_point_only_when_right_at_the_first_try():
    first = QuestionAttempt(single([]))
    assert first.submit(1) is True
    assert (first.solved, first.points) == (True, 1)

    later = QuestionAttempt(single([]))
    later.submit(0)
    assert later.points == 0
    assert later.submit(1) is True
    assert (later.solved, later.wrong_tries, later.points) == (True, 1, 0)


def test_answers_after_solving_change_nothing():
    attempt = QuestionAttempt(single(["h"]))
    attempt.submit(1)
    assert attempt.submit(0) is True
    assert (attempt.wrong_tries, attempt.points) == (0, 1)


def test_quiz_score_counts_first_try_answers_and_completion_needs_all(quiz):
    attempt = QuizAttempt(quiz)
    assert (attempt.score, attempt.completed) == (0, False)
    q1, q2, q3 = attempt.questions
    q1.submit(1)                                   # right at once
    q2.submit(frozenset({0}))                      # partial: wrong
    q2.submit(frozenset({0, 1}))                   # then right
    assert (attempt.score, attempt.completed) == (1, False)
    q3.submit({0: "Grief", 1: "Role transition"})  # right at once
    assert (attempt.score, attempt.completed) == (2, True)


def test_quiz_attempts_are_independent(quiz):
    a, b = QuizAttempt(quiz), QuizAttempt(quiz)
    a.questions[0].submit(0)
    assert b.questions[0].wrong_tries == 0


# --- vignettes -----------------------------------------------------------------------------------

def test_vignette_run_starts_at_the_start(vignette):
    run = VignetteRun(vignette)
    assert (run.current, run.ended, run.score, run.path) == ("first", False, 0, [])


def test_choose_returns_feedback_and_moves_on(vignette):
    run = VignetteRun(vignette)
    assert run.choose(0) == "Good: it opens the timeline."
    assert (run.current, run.score) == ("second", 2)
    assert run.choose(0) == "Good, and collaborative."
    assert (run.current, run.ended, run.score) == ("agreed", True, 4)
    assert run.path == [("first", 0), ("second", 0)]


def test_back_undoes_one_choice_and_restart_undoes_all(vignette):
    run = VignetteRun(vignette)
    run.choose(1)
    run.choose(0)
    assert (run.current, run.score) == ("second", 1)
    run.back()
    assert (run.current, run.score) == ("pushback", 0)
    run.choose(1)
    assert run.ended and run.current == "dropout"
    run.back()
    assert not run.ended and run.current == "pushback"
    run.restart()
    assert (run.current, run.path, run.score) == ("first", [], 0)
    run.back()  # back at the start does nothing
    assert run.current == "first"


def test_choosing_after_the_end_raises(vignette):
    run = VignetteRun(vignette)
    run.choose(0)
    run.choose(1)
    assert run.current == "drift" and run.ended
    with pytest.raises(ValueError, match="ended"):
        run.choose(0)
    assert run.path == [("first", 0), ("second", 1)]


@pytest.mark.parametrize("index", [2, 5, -1])
def test_choice_index_out_of_range_raises_index_error(vignette, index):
    run = VignetteRun(vignette)
    with pytest.raises(IndexError, match="'first' has 2 choices"):
        run.choose(index)
    assert run.path == [] and run.current == "first"


def test_best_score_of_the_sample_vignette_is_the_best_path_by_hand(vignette):
    # Paths: first-(2)->second-(2)->agreed = 4; first-(2)->second-(0)->drift = 2;
    # first-(0)->pushback-(1)->second-(2)->agreed = 3; ...-(0)->drift = 1; first-(0)->pushback-(0)->dropout = 0.
    assert best_score(vignette) == 4
    assert best_score(vignette, "pushback") == 3
    assert best_score(vignette, "second") == 2
    assert best_score(vignette, "agreed") == 0
    assert VignetteRun(vignette).max_score == 4


# --- property-based: random acyclic vignettes ----------------------------------------------------

@st.composite
def vignettes(draw) -> Vignette:
    """Nodes n0..nk where choices point only to later nodes or to endings; scores 0-3."""
    n = draw(st.integers(1, 7))
    m = draw(st.integers(1, 3))
    endings = [f"e{j}" for j in range(m)]
    nodes = {}
    for i in range(n):
        targets = [f"n{j}" for j in range(i + 1, n)] + endings
        choices = draw(st.lists(st.tuples(st.sampled_from(targets), st.integers(0, 3)), min_size=1, max_size=3))
        nodes[f"n{i}"] = {"text": f"Scene {i}.", "choices": [
            {"label": f"Go to {t}", "feedback": "F.", "score": s, "next": t} for t, s in choices]}
    return Vignette.model_validate({
        "id": "generated", "title": "T", "summary": "S", "content_note": "N", "start": "n0", "nodes": nodes,
        "endings": {e: {"outcome": "good", "title": e, "text": "End."} for e in endings},
        "learning_points": ["P"], "references": ["guide2018"]})


def reachable(v: Vignette) -> set[str]:
    seen, stack = {v.start}, [v.start]
    while stack:
        nid = stack.pop()
        for c in v.nodes[nid].choices if nid in v.nodes else []:
            if c.next not in seen:
                seen.add(c.next)
                stack.append(c.next)
    return seen


def all_paths(v: Vignette, nid: str | None = None):
    """Every (choice indices, total) from `nid` to an ending."""
    nid = nid or v.start
    if nid in v.endings:
        yield [], 0
        return
    for i, c in enumerate(v.nodes[nid].choices):
        for rest, total in all_paths(v, c.next):
            yield [i, *rest], c.score + total


PROPERTY = settings(max_examples=60, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])


@PROPERTY
@given(v=vignettes())
def test_checker_reports_exactly_the_unreachable_parts_of_an_acyclic_vignette(v):
    problems = check_item(v, Source(Path("generated.yml"), {}), {"guide2018"})
    unreachable = (set(v.nodes) | set(v.endings)) - reachable(v)
    expected = {f"'{name}' can never be reached from the start; link a choice to it or remove it"
                for name in unreachable}
    crowded = [nid for nid, node in v.nodes.items() if not 2 <= len(node.choices) <= 4]   # a rule of its own
    assert {p.message for p in problems if "two to four" not in p.message} == expected
    assert len(problems) == len(unreachable) + len(crowded)


@PROPERTY
@given(v=vignettes(), picks=st.lists(st.integers(0, 100), min_size=8, max_size=8))
def test_any_walk_reaches_an_ending_within_as_many_steps_as_nodes(v, picks):
    run = VignetteRun(v)
    steps = 0
    while not run.ended:
        choices = v.nodes[run.current].choices
        run.choose(picks[steps] % len(choices))
        steps += 1
        assert steps <= len(v.nodes)
    assert run.current in v.endings
    assert run.score <= best_score(v)


@PROPERTY
@given(v=vignettes())
def test_best_score_is_the_best_walk_and_greedy_by_best_score_reaches_it(v):
    best = best_score(v)
    totals = [total for _, total in all_paths(v)]
    assert max(totals) == best
    assert all(total <= best for total in totals)

    run = VignetteRun(v)
    while not run.ended:
        choices = v.nodes[run.current].choices
        run.choose(max(range(len(choices)), key=lambda i: choices[i].score + best_score(v, choices[i].next)))
    assert run.score == best == run.max_score


@PROPERTY
@given(v=vignettes())
def test_every_walk_replayed_through_the_run_scores_its_path_total(v):
    for indices, total in list(all_paths(v))[:50]:
        run = VignetteRun(v)
        for i in indices:
            run.choose(i)
        assert run.ended and run.score == total


def test_checker_reports_an_unreachable_node_in_a_hand_built_vignette(vignette):
    data = vignette.model_dump()
    data["nodes"]["island"] = {"text": "Alone.", "choices": [
        {"label": "Leave", "feedback": "Bye.", "score": 0, "next": "agreed"},
        {"label": "Stay", "feedback": "Still alone.", "score": 0, "next": "agreed"}]}
    v = Vignette.model_validate(data)
    [problem] = check_item(v, Source(Path("x.yml"), {}), {"guide2018"})
    assert "'island' can never be reached" in problem.message


def test_sample_paths_enumerated_match_hand_count(vignette):
    totals = sorted(total for _, total in all_paths(vignette))
    assert totals == [0, 1, 2, 3, 4]


# --- certainty-based marking -------------------------------------------------------------------

def test_certainty_based_marks_are_moodles():
    assert [cbm_mark(c, True) for c in (1, 2, 3)] == [1, 2, 3]
    assert [cbm_mark(c, False) for c in (1, 2, 3)] == [0, -2, -6]


def test_only_the_first_try_is_marked_by_its_certainty():
    q = single([]).model_copy(update={"confidence": True})
    confident = QuestionAttempt(q, certainty=3)
    assert confident.cbm is None                      # nothing checked yet
    confident.submit(0)
    confident.submit(1)
    assert (confident.solved, confident.cbm) == (True, -6)
    unsure = QuestionAttempt(q, certainty=1)
    unsure.submit(1)
    assert unsure.cbm == 1


def test_a_quiz_totals_the_marks_of_the_questions_that_ask(quiz):
    asks = quiz.model_copy(update={"questions": [quiz.questions[0].model_copy(update={"confidence": True}),
                                                 *quiz.questions[1:]]})
    attempt = QuizAttempt(asks)
    assert attempt.cbm == (0, 3)
    attempt.questions[0].certainty = 2
    attempt.questions[0].submit(correct_answer(asks.questions[0]))
    assert attempt.cbm == (2, 3)
    assert QuizAttempt(quiz).cbm is None              # no question asks: no certainty-based mark
