"""Group mode and the session log, driven from Python as a facilitator would: votes in, tally and
feedback out, the room's choice followed, and every round logged."""
from __future__ import annotations

import random
import subprocess
import sys
from pathlib import Path

import pytest

from ipt_course.group import GroupQuiz, GroupVignette
from ipt_course.session_log import SessionLog, read_logs
from ipt_course.widgets import LiveItem, make_widget

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "tests" / "fixtures" / "course"



class FileOrder(random.Random):
    """Shows options in the file's order, so a test can name them by position."""

    def sample(self, population, k, *, counts=None):  # type: ignore[override]
        return list(population)[:k]


@pytest.fixture
def log(tmp_path) -> SessionLog:
    return SessionLog(tmp_path / "workshop" / "session.jsonl")


def logged(log: SessionLog) -> list[dict]:
    events, problems = read_logs([log.path])
    assert problems == []
    return events


def test_group_quiz_counts_votes_shows_tally_reveals_and_logs(course, log):
    group = GroupQuiz(course["sample-quiz"], log, FileOrder())
    board = group.board
    board.counts[0].value = 3
    board.plus[1].click()
    board.plus[1].click()
    board.tally_button.click()
    assert "Role dispute" in board.tally.value and "3 (60%)" in board.tally.value and "2 (40%)" in board.tally.value
    assert board.revealed.value == "" and group.next_button.layout.display == "none"
    board.reveal_button.click()
    assert "Only with open conflict over expectations." in board.revealed.value
    assert "(✓ right answer) Yes: the change of role is the focus." in board.revealed.value
    assert "Right. Right." not in board.revealed.value and "(✗ not right) " in board.revealed.value
    assert "Becoming a parent is a role transition." in group.explanation.value
    assert all(c.disabled for c in board.counts)
    [event] = logged(log)
    assert event["mode"] == "group" and event["item"] == "sample-quiz" and event["step"] == "pick-one"
    assert event["votes"] == {"Role dispute": 3, "Role transition": 2, "Grief": 0}
    group.next_button.click()
    assert group.index == 1 and "tasks of a role transition" in group.children[0].value


def test_group_quiz_runs_classify_one_case_per_round(course, log):
    group = GroupQuiz(course["sample-quiz"], log, FileOrder())
    assert [(q.id, case) for q, case in group.rounds] == [("pick-one", None), ("pick-some", None),
                                                          ("sort-them", 0), ("sort-them", 1)]
    for _ in range(2):
        group.board.reveal_button.click()
        group.next_button.click()
    assert "Her husband died last year." in group.children[0].value
    group.board.counts[0].value = 4
    group.board.reveal_button.click()
    assert logged(log)[-1]["step"] == "sort-them, case 1" and logged(log)[-1]["votes"]["Grief"] == 4


def test_group_vignette_follows_the_most_voted_option_and_logs_it(course, log):
    group = GroupVignette(course["sample-vignette"], log, FileOrder())
    assert group.continue_button.layout.display == "none"
    group.board.counts[1].value = 7
    group.board.counts[0].value = 2
    group.board.reveal_button.click()
    assert "Premature." in group.board.revealed.value and "(score 0)" in group.board.revealed.value
    assert group.follow.value == 1, "the most voted option is preselected"
    group.follow.value = 0          # the facilitator may follow another option
    group.continue_button.click()
    assert group.run.current == "second" and "Scene 2" in group.children[0].value
    event = logged(log)[-1]
    assert event["step"] == "first" and event["votes"] == {"Ask about recent changes": 2, "Announce the focus": 7}
    assert event["followed"] == "Ask about recent changes"
    group.board.reveal_button.click()
    group.continue_button.click()   # most voted of 0/0 is the first option
    assert group.run.ended and "Ending: Focus agreed" in group.children[0].value
    assert "Score: 4 of a best possible 4." in group.children[0].value
    group.restart_button.click()
    assert group.run.current == "first"


def test_live_item_toggles_between_solo_and_group(course, log):
    live = LiveItem(course["sample-vignette"], course.citations, log)
    assert live.children[-2] is live.solo and "ipt-live" in live._dom_classes
    live.toggle.value = True
    assert live.children[-2] is live.group and "ipt-group" in live.group._dom_classes
    live.toggle.value = False
    assert live.children[-2] is live.solo
    assert "height: auto" in live.style.value   # long options grow instead of overlapping (ipywidgets: 20 px)


def test_solo_answers_and_choices_are_logged(course, log):
    quiz = make_widget(course["sample-quiz"], course.citations, log)
    quiz.questions[0].inputs[0].value = 0
    quiz.questions[0].check_button.click()
    quiz.questions[2].inputs[0].value = "Grief"
    quiz.questions[2].inputs[1].value = "Role transition"
    quiz.questions[2].check_button.click()
    vignette = make_widget(course["sample-vignette"], course.citations, log)
    vignette.choices.value = 0
    vignette.choose_button.click()
    first, second, third = logged(log)
    assert (first["mode"], first["step"], first["votes"], first["correct"]) == ("solo", "pick-one", {"Role dispute": 1}, False)
    assert second["votes"] == {"Her husband died last year. → Grief": 1, "He retired in June. → Role transition": 1}
    assert second["correct"] is True
    assert (third["item"], third["step"], third["votes"]) == ("sample-vignette", "first", {"Ask about recent changes": 1})


def test_summary_command_tallies_logs_and_reports_bad_lines(course, log, tmp_path):
    group = GroupVignette(course["sample-vignette"], log, FileOrder())
    group.board.counts[0].value = 5
    group.board.reveal_button.click()
    group.continue_button.click()
    solo = make_widget(course["sample-vignette"], course.citations, log)
    solo.choices.value = 0
    solo.choose_button.click()
    with open(log.path, "ab") as f:
        f.write(b"garbage\n")
    result = subprocess.run([sys.executable, "-m", "ipt_course", "summary", str(log.path)],
                            capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 0
    assert "| sample-vignette | first | Ask about recent changes | 6 |" in result.stdout
    assert f"{log.path}:3: unreadable line skipped" in result.stderr


def test_group_mode_shows_options_in_a_new_order_each_round_and_follows_by_the_file_index(course, log):
    rounds = []
    group = GroupVignette(course["sample-vignette"], log, random.Random(3))
    for _ in range(6):
        rounds.append(tuple(group.order))
        group.restart_button.click()
    assert len(set(rounds)) == 2, "both orders of the first scene's two choices appear"
    votes = [0] * len(group.order)
    votes[group.order.index(1)] = 5                 # the room votes for the file's second choice
    for count, box in zip(votes, group.board.counts):
        box.value = count
    group.board.reveal_button.click()
    assert group.follow.value == 1
    quiz = GroupQuiz(course["sample-quiz"], log, random.Random(5))
    labels = [o.text for o in course["sample-quiz"].questions[0].options]
    assert sorted(quiz.board.labels) == sorted(labels)
