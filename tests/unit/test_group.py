"""Group mode and the session log, driven from Python as a facilitator would: votes in, tally and
feedback out, the room's choice followed, and every round logged."""
from __future__ import annotations

import random
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from ipt_course import voting
from ipt_course.group import GroupQuiz, GroupVignette
from ipt_course.session_log import SessionLog, read_logs
from ipt_course.widgets import LiveItem, make_widget
from tests.conftest import on_a_fresh_thread

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


def follow(group, choice: int | None = None) -> None:
    """The room's vote revealed and a choice followed (the most voted, unless the facilitator picks one)."""
    group.buttons["reveal"].click()
    if choice is not None:
        group.follow.value = choice
    group.continue_button.click()


def visible(group) -> list[str]:
    """The facilitator's buttons a person can see now."""
    return [b.description for b in group.control_row.children if b.layout.display != "none"]


def test_a_group_quiz_opens_with_the_ground_rules_then_counts_votes_tallies_reveals_and_logs(course, log):
    group = GroupQuiz(course["sample-quiz"], log, FileOrder())
    assert "Nobody has to share anything personal" in group.slide.text.value and visible(group) == ["Begin the quiz"]
    group.buttons["begin"].click()
    assert "Question 1 of 3" in group.slide.head.value and "Role dispute" in group.slide.options.value
    group.counts[0].value = 3
    group.count_row.children[1].children[1].click()   # +1 for option 2, twice
    group.count_row.children[1].children[1].click()
    assert "3 (60%)" not in group.slide.options.value, "no tally on the slide before the facilitator shows it"
    group.buttons["tally"].click()
    assert "3 (60%)" in group.slide.options.value and "2 (40%)" in group.slide.options.value
    assert "Next question" not in visible(group)
    group.buttons["reveal"].click()
    slide = group.slide.options.value
    assert "(✓ right answer) Yes: the change of role is the focus." in slide and "(✗ not right) " in slide
    assert "Right. Right." not in slide and "Becoming a parent is a role transition." in slide   # the explanation
    assert all(c.disabled for c in group.counts)
    [event] = logged(log)
    assert (event["mode"], event["item"], event["step"], event["action"], event["counted"]) == \
        ("group", "sample-quiz", "pick-one", "reveal", "typed")
    assert event["votes"] == {"Role dispute": 3, "Role transition": 2, "Grief": 0} and event["run"] == group.run_id
    group.next_button.click()
    assert group.index == 1 and "tasks of a role transition" in group.slide.text.value
    group.buttons["back"].click()
    assert group.index == 0 and logged(log)[-1]["action"] == "back" and logged(log)[-1]["step"] == "pick-one"


def test_group_quiz_runs_classify_one_case_per_round(course, log):
    group = GroupQuiz(course["sample-quiz"], log, FileOrder())
    assert [(q.id, case) for q, case in group.rounds] == [("pick-one", None), ("pick-some", None),
                                                          ("sort-them", 0), ("sort-them", 1)]
    group.buttons["begin"].click()
    for _ in range(2):
        group.buttons["reveal"].click()
        group.next_button.click()
    assert "Her husband died last year." in group.slide.text.value
    assert "Question 3 of 3, case 1" in group.slide.head.value
    group.counts[0].value = 4
    group.buttons["reveal"].click()
    assert logged(log)[-1]["step"] == "sort-them, case 1" and logged(log)[-1]["votes"]["Grief"] == 4


def test_group_vignette_follows_the_most_voted_option_numbers_scenes_along_the_path_and_logs_it(course, log):
    group = GroupVignette(course["sample-vignette"], log, FileOrder())
    assert "Content note:" in group.slide.text.value and "step out at any time" in group.slide.text.value
    group.buttons["begin"].click()
    assert group.continue_button.layout.display == "none" and "Scene 1" in group.slide.head.value
    group.counts[1].value = 7
    group.counts[0].value = 2
    group.buttons["reveal"].click()
    assert "Premature." in group.slide.options.value and "(score 0)" in group.slide.options.value
    assert group.slide.text.layout.display == "none", "after the reveal the feedback takes the page"
    assert "ipt-slide-all" in group.slide.options._dom_classes, "and the options may fill it"
    assert logged(log)[-1]["action"] == "reveal", "the votes are logged when revealed, before any choice is followed"
    assert group.follow.value == 1, "the most voted option is preselected"
    followed = group.slide.options.value.split("<li")[1 + group.order.index(1)]
    assert "Announce the focus" in followed and "→ The room follows this option." in followed, \
        "the room's choice said in words on that option, not only in bold"
    assert group.slide.options.value.count("→ The room follows this option.") == 1
    group.follow.value = 0          # the facilitator may follow another option
    group.continue_button.click()
    assert group.run.current == "second" and "Scene 2" in group.slide.head.value
    reveal, follow = logged(log)
    assert reveal["step"] == "first" and reveal["votes"] == {"Ask about recent changes": 2, "Announce the focus": 7}
    assert (follow["action"], follow["followed"], follow["choice"]) == ("follow", "Ask about recent changes", 0)
    group.buttons["reveal"].click()
    group.continue_button.click()   # most voted of 0/0 is the first option shown
    assert group.run.ended and "Ending: Focus agreed" in group.slide.text.value
    assert "Score: 4 of a best possible 4." in group.slide.text.value
    group.buttons["back"].click()
    assert group.run.current == "second" and "Scene 2" in group.slide.head.value and group.stage == "voting"


def test_restart_asks_first_logs_the_old_run_and_begins_a_new_one(course, log):
    group = GroupVignette(course["sample-vignette"], log, FileOrder())
    group.buttons["begin"].click()
    follow(group)
    first_run = group.run_id
    group.buttons["restart"].click()
    assert group.confirm_row.layout.display == "" and group.run.current == "second", "nothing happens until confirmed"
    group.buttons["cancel"].click()
    assert group.confirm_row.layout.display == "none" and group.run.current == "second"
    group.buttons["restart"].click()
    group.buttons["yes"].click()
    assert group.run.current == "first" and group.run_id != first_run
    assert logged(log)[-1] == {**logged(log)[-1], "action": "restart", "run": first_run}


def test_after_a_kernel_restart_the_room_resumes_its_path_from_the_log(course, log):
    before = GroupVignette(course["sample-vignette"], log, FileOrder())
    before.buttons["begin"].click()
    follow(before, 1)                       # Announce the focus → the third scene
    before.buttons["back"].click()
    follow(before)                          # Ask about recent changes → the second scene
    after = GroupVignette(course["sample-vignette"], log, FileOrder())   # a new kernel, the same log
    assert after.stage == "opening" and after.run.path == [], "only an offer: nothing moves until taken"
    assert "Resume: scene 2, after 1 choice" in after.buttons["resume"].description
    assert after.buttons["resume"].layout.display == ""
    after.buttons["resume"].click()
    assert after.run.path == [("first", 0)] and after.run_id == before.run_id and "Scene 2" in after.slide.head.value
    after.buttons["reveal"].click()
    assert logged(log)[-1]["run"] == before.run_id


def test_nothing_to_resume_after_a_restart_or_when_the_case_has_changed(course, log):
    group = GroupVignette(course["sample-vignette"], log, FileOrder())
    group.buttons["begin"].click()
    follow(group)
    group.buttons["restart"].click()
    group.buttons["yes"].click()
    assert GroupVignette(course["sample-vignette"], log).resume_at is None
    log.append(mode="group", item="sample-vignette", kind="vignette", run="old", action="follow", step="gone",
               followed="A scene since deleted", choice=0)
    assert GroupVignette(course["sample-vignette"], log).resume_at is None, "a path the case no longer has"


def test_a_group_quiz_resumes_at_the_round_after_the_last_revealed(course, log):
    group = GroupQuiz(course["sample-quiz"], log, FileOrder())
    group.buttons["begin"].click()
    group.buttons["reveal"].click()
    group.next_button.click()
    group.buttons["reveal"].click()
    again = GroupQuiz(course["sample-quiz"], log, FileOrder())
    assert again.buttons["resume"].description == "Resume: question 3 of 3, case 1"
    again.buttons["resume"].click()
    assert again.index == 2 and "Question 3 of 3, case 1" in again.slide.head.value


def test_the_vote_timer_counts_down_on_the_slide(course, log):
    group = GroupVignette(course["sample-vignette"], log, FileOrder())
    group.buttons["begin"].click()
    group.timer.length.value = 30
    group.timer.start_button.click()
    assert "⏱ 0:30 left" in group.slide.head.value
    for _ in range(12):
        group.timer.tick()          # the kernel's event loop calls it once a second
    assert "⏱ 0:18 left" in group.slide.head.value
    for _ in range(20):
        group.timer.tick()
    assert "Time to vote" in group.slide.head.value and group.timer.left == 0
    group.timer.stop_button.click()
    assert "⏱" not in group.slide.head.value
    group.timer.start_button.click()
    follow(group)
    assert "⏱" not in group.slide.head.value and group.timer.left is None, "each round starts without a timer"


def test_the_facilitator_sees_the_scenes_prompts_and_the_notes_the_room_does_not(course, log):
    case = course["sample-vignette"]
    first = case.nodes["first"].model_copy(update={"discuss": ["What does she need to hear **first**?"]})
    case = case.model_copy(update={"nodes": {**case.nodes, "first": first}, "facilitator_notes": "Pause at risk."})
    live = LiveItem(case, course.citations, log)
    live.toggle.value = True
    group = live.group
    group.buttons["begin"].click()
    assert "What does she need to hear <strong>first</strong>?" in group.prompts.value
    assert "Pause at risk." in group.notes.value
    assert live.projector.children[1] is group.slide, "the projector view is the same slide, alone"
    room = group.slide.head.value + group.slide.text.value + group.slide.options.value
    assert "need to hear" not in room and "Pause at risk" not in room
    follow(group)
    assert group.prompts.value == "", "the second scene has no prompts"


def test_live_item_toggles_between_solo_and_group(course, log):
    live = LiveItem(course["sample-vignette"], course.citations, log)
    assert live.children[2] is live.solo and "ipt-live" in live._dom_classes
    assert live.projector.children[1] is live.waiting
    live.toggle.value = True
    assert live.children[-1] is live.group and "ipt-group" in live.group._dom_classes
    live.toggle.value = False
    assert live.children[2] is live.solo and live.projector.children[1] is live.waiting
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
    assert first["action"] == second["action"] == third["action"] == "answer"
    assert first["run"] == second["run"] == quiz.run_id and third["run"] == vignette.run_id != quiz.run_id
    assert second["votes"] == {"Her husband died last year. → Grief": 1, "He retired in June. → Role transition": 1}
    assert second["correct"] is True
    assert (third["item"], third["step"], third["votes"]) == ("sample-vignette", "first", {"Ask about recent changes": 1})


def test_summary_command_tallies_logs_and_reports_bad_lines(course, log, tmp_path):
    group = GroupVignette(course["sample-vignette"], log, FileOrder())
    group.buttons["begin"].click()
    group.counts[0].value = 5
    follow(group)
    solo = make_widget(course["sample-vignette"], course.citations, log)
    solo.choices.value = 0
    solo.choose_button.click()
    with open(log.path, "ab") as f:
        f.write(b"garbage\n")
    result = subprocess.run([sys.executable, "-m", "ipt_course", "summary", str(log.path), "--root", str(SAMPLE)],
                            capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 0
    solo, group = result.stdout.split("## Group mode")   # each mode counted apart, solo first
    assert "| Scene 1: “The patient arrives.” | Ask about recent changes | 1 | ✓ best |" in solo
    assert ("| Scene 1: “The patient arrives.” | Ask about recent changes | 5 | ✓ best | → the room followed this |"
            in group)
    assert f"{log.path}:4: unreadable line skipped" in result.stderr


def test_group_mode_shows_options_in_a_new_order_each_round_and_follows_by_the_file_index(course, log):
    rounds = []
    group = GroupVignette(course["sample-vignette"], log, random.Random(3))
    group.buttons["begin"].click()
    for _ in range(6):
        rounds.append(tuple(group.order))
        group.restart()
    assert len(set(rounds)) == 2, "both orders of the first scene's two choices appear"
    votes = [0] * len(group.order)
    votes[group.order.index(1)] = 5                 # the room votes for the file's second choice
    for count, box in zip(votes, group.counts, strict=True):
        box.value = count
    group.buttons["reveal"].click()
    assert group.follow.value == 1
    quiz = GroupQuiz(course["sample-quiz"], log, random.Random(5))
    quiz.buttons["begin"].click()
    labels = [o.text for o in course["sample-quiz"].questions[0].options]
    assert quiz.round and sorted(quiz.round.labels) == sorted(labels)


def test_votes_from_phones_fill_the_counts_and_switching_off_stops_the_server(course, log, monkeypatch):
    monkeypatch.setattr(voting, "PORTS_TRIED", [0])
    group = GroupVignette(course["sample-vignette"], log, FileOrder())
    group.buttons["begin"].click()

    def room() -> None:   # with no event loop, as in a script: the counts arrive on the server's thread
        group.phones.value = True
        server = voting.listen(group._phone_votes)
        corner = group.slide.phones.value
        assert f"Room code <strong>{server.code}</strong>" in corner and "<svg" in corner
        assert all(c.disabled for c in group.counts), "the phones count; typing would be overwritten"
        vote = {"room": server.code, "round": group.round_id, "option": 1, "token": "a" * 32}
        assert httpx.post(f"http://127.0.0.1:{server.port}/vote", json=vote).status_code == 200
        deadline = time.monotonic() + 5
        while group.counts[1].value != 1 and time.monotonic() < deadline:
            time.sleep(0.02)
        assert [c.value for c in group.counts] == [0, 1]
        group.buttons["reveal"].click()
        assert logged(log)[-1]["counted"] == "phones" and logged(log)[-1]["votes"]["Announce the focus"] == 1
        late = {**vote, "token": "b" * 32}
        assert httpx.post(f"http://127.0.0.1:{server.port}/vote", json=late).status_code == 409, "closed at reveal"
        group.phones.value = False
        with pytest.raises(httpx.ConnectError):
            httpx.get(f"http://127.0.0.1:{server.port}/round", params={"room": server.code})

    try:
        on_a_fresh_thread(room)
    finally:
        voting.shutdown()


def test_when_no_port_is_free_the_facilitator_is_told_and_counts_by_hand(course, log, monkeypatch):
    def no_port(_):
        raise OSError("no free port for the vote server in 8765-8769")

    monkeypatch.setattr(voting, "listen", no_port)
    group = GroupVignette(course["sample-vignette"], log, FileOrder())
    group.buttons["begin"].click()
    group.phones.value = True
    assert "Phones cannot vote on this laptop (no free port" in group.phones_note.value and not group.phones.value
    assert not any(c.disabled for c in group.counts), "typed counts still work"
