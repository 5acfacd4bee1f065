"""The workshop debrief: session logs read per session and mode, in the course's order, every option
counted once per round beside the best option and the room's choice; printed as Markdown and as one
printable page; and `python -m ipt_course summary`."""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from ipt_course import markdown
from ipt_course.cli import main
from ipt_course.course import Course
from ipt_course.debrief import (
    BEST,
    FOLLOWED,
    GONE,
    Logged,
    actions,
    debrief,
    debrief_html,
    debrief_markdown,
    debrief_page,
    read_sessions,
    session_of,
)
from ipt_course.model import Classify, Quiz, Vignette
from ipt_course.render import scene_numbers
from tests.conftest import ROOT

P = markdown.plain


@pytest.fixture(scope="module")
def course() -> Course:
    return Course.read(ROOT)[0]


@pytest.fixture(scope="module")
def case(course) -> Vignette:
    item = course.items["new-mother"]
    assert isinstance(item, Vignette)
    return item


@pytest.fixture(scope="module")
def quiz(course) -> Quiz:
    item = course.items["initial-phase"]
    assert isinstance(item, Quiz)
    return item


def labels(case: Vignette, scene: str) -> list[str]:
    return [P(c.label) for c in case.nodes[scene].choices]


def reveal(case: Vignette, scene: str, counts: list[int], run: str = "r1") -> dict:
    return {"mode": "group", "item": case.id, "kind": "vignette", "run": run, "action": "reveal", "step": scene,
            "counted": "typed", "votes": dict(zip(labels(case, scene), counts, strict=True))}


def follow(case: Vignette, scene: str, index: int, run: str = "r1", **extra) -> dict:
    return {"mode": "group", "item": case.id, "kind": "vignette", "run": run, "action": "follow", "step": scene,
            "followed": labels(case, scene)[index], "choice": index, **extra}


def answer(item: str, step: str, *chosen: str, run: str = "s1") -> dict:
    return {"mode": "solo", "item": item, "run": run, "action": "answer", "step": step,
            "votes": {label: 1 for label in chosen}}


def in_session(*events: dict, session: str = "2026-11-30") -> list[Logged]:
    return [Logged(session, e) for e in events]


def rows(step) -> dict[str, tuple[int, bool, int]]:
    return {o.label: (o.count, o.best, o.followed) for o in step.options}


def test_sessions_are_named_by_the_date_in_the_log_file():
    assert session_of(Path("workshop/session-2026-11-30.jsonl")) == "2026-11-30"
    assert session_of(Path("old/monday.jsonl")) == "monday"


def test_scenes_questions_and_items_follow_the_course_not_the_alphabet(course, case, quiz):
    numbers = scene_numbers(case)
    scenes = sorted(numbers, key=numbers.__getitem__)
    late, early = scenes[-1], scenes[0]
    last_q, first_q = quiz.questions[-1], quiz.questions[0]
    logged = in_session(reveal(case, late, [1] * len(labels(case, late))),
                        reveal(case, early, [1] * len(labels(case, early))),
                        {**answer(quiz.id, last_q.id, "x"), "mode": "group", "action": "reveal"},
                        {**answer(quiz.id, first_q.id, "x"), "mode": "group", "action": "reveal"})
    [session] = debrief(logged, course)
    [group] = session.modes
    assert [i.item for i in group.items] == [i for i in course.items if i in (case.id, quiz.id)]
    quiz_debrief, case_debrief = group.items
    assert [s.step for s in case_debrief.steps] == [early, late]
    assert [s.title for s in case_debrief.steps] == ["Scene 1", f"Scene {numbers[late]}"]
    assert case_debrief.steps[0].text and len(case_debrief.steps[0].text) <= 91   # a snippet to recognise it by
    assert [s.step for s in quiz_debrief.steps] == [first_q.id, last_q.id]
    assert quiz_debrief.steps[0].title == "Question 1"


def test_the_best_option_is_marked_even_when_nobody_chose_it(course, case, quiz):
    q = next(q for q in quiz.questions if q.type == "single")
    wrong = next(o for o in q.options if not o.correct)
    scene = case.start
    low = min(range(len(labels(case, scene))), key=lambda i: case.nodes[scene].choices[i].score)
    [session] = debrief(in_session(answer(quiz.id, q.id, P(wrong.text)),
                                   answer(case.id, scene, labels(case, scene)[low])), course)
    quiz_rows, case_rows = (rows(item.steps[0]) for item in session.modes[0].items)
    assert quiz_rows == {P(o.text): (int(o is wrong), o.correct, 0) for o in q.options}
    top = max(c.score for c in case.nodes[scene].choices)
    assert case_rows == {P(c.label): (int(i == low), c.score == top, 0)
                         for i, c in enumerate(case.nodes[scene].choices)}
    text = debrief_markdown([session])
    best_option = P(next(o for o in q.options if o.correct).text)
    assert f"| {best_option} | 0 | {BEST} |" in text


def test_classify_cases_are_steps_of_their_own_solo_and_group(course, quiz):
    q = next(q for q in quiz.questions if isinstance(q, Classify))
    number = quiz.questions.index(q) + 1
    first, second = q.cases[0], q.cases[1]
    wrong = next(c for c in q.categories if c != second.category)
    solo = answer(quiz.id, q.id, f"{P(first.text)} → {first.category}", f"{P(second.text)} → {wrong}")
    group = {"mode": "group", "item": quiz.id, "action": "reveal", "step": f"{q.id}, case 2",
             "votes": {P(c): 2 for c in q.categories}}
    [session] = debrief(in_session(group, solo), course)
    solo_steps, group_steps = (m.items[0].steps for m in session.modes)
    assert [s.title for s in solo_steps] == [f"Question {number}, case 1", f"Question {number}, case 2"]
    assert rows(solo_steps[1])[P(wrong)] == (1, False, 0) and rows(solo_steps[1])[P(second.category)][1]
    assert [s.title for s in group_steps] == [f"Question {number}, case 2"]
    assert sum(o.count for o in group_steps[0].options) == 2 * len(q.categories)


def test_the_rooms_choice_is_marked_with_how_often_it_was_followed(course, case):
    scene = case.start
    n = len(labels(case, scene))
    logged = in_session(reveal(case, scene, [1] * n, "r1"), follow(case, scene, 1, "r1"),
                        reveal(case, scene, [2] * n, "r2"), follow(case, scene, 1, "r2"),
                        reveal(case, scene, [0] * n, "r3"), follow(case, scene, 0, "r3"))
    [session] = debrief(logged, course)
    [item] = session.modes[0].items
    assert item.runs == 3
    assert [o.followed for o in item.steps[0].options] == [1, 2] + [0] * (n - 2)
    text = debrief_markdown([session])
    assert f"| {labels(case, scene)[1]} | 3 |" in text and f"{FOLLOWED} (2 times) |" in text
    assert f"{FOLLOWED} |" in text   # once: no count
    lines = text.splitlines()
    assert "The room" in lines[lines.index(f"### Case: {case.title} (id {case.id}, 3 runs)") + 2]


def test_votes_are_counted_once_per_round_from_the_reveal_not_the_follow(course, case):
    scene = case.start
    n = len(labels(case, scene))
    counts = [3] + [1] * (n - 1)
    logged = in_session(reveal(case, scene, counts),
                        follow(case, scene, 0, votes=dict(zip(labels(case, scene), counts, strict=True))),
                        {"mode": "group", "item": case.id, "run": "r1", "action": "back"},
                        follow(case, scene, 1),   # back, then the room went the other way: no new votes
                        {"mode": "group", "item": case.id, "run": "r1", "action": "restart"})
    [session] = debrief(logged, course)
    step = session.modes[0].items[0].steps[0]
    assert step.total == 3 + (n - 1)
    assert [o.followed for o in step.options][:2] == [1, 1]
    assert session.events == 5 and session.runs == 1


def test_old_lines_without_an_action_are_read_as_their_writers_meant(course, case, quiz):
    scene = case.start
    old_round = {**reveal(case, scene, [4] + [1] * (len(labels(case, scene)) - 1)), "followed": labels(case, scene)[0]}
    for key in ("run", "action", "counted"):
        del old_round[key]
    q = quiz.questions[0]
    old_solo = {"mode": "solo", "item": quiz.id, "kind": "quiz", "step": q.id, "votes": {P(q.options[0].text): 1},
                "correct": q.options[0].correct}
    old_group_quiz = {"mode": "group", "item": quiz.id, "kind": "quiz", "step": q.id,
                      "votes": {P(o.text): 2 for o in q.options}}
    assert actions(old_round) == ("reveal", "follow") and actions(old_solo) == ("answer",)
    assert actions(old_group_quiz) == ("reveal",) and actions({"action": "later-idea", "votes": {}}) == ()
    [session] = debrief(in_session(old_round, old_solo, old_group_quiz), course)
    assert session.runs == 0 and session.unnumbered == 3
    solo, group = session.modes
    assert solo.items[0].steps[0].total == 1
    group_quiz, group_case = group.items
    assert group_quiz.steps[0].total == 2 * len(q.options)
    assert rows(group_case.steps[0])[labels(case, scene)[0]][::2] == (4, 1)
    assert "logged before runs were recorded" in debrief_markdown([session])


def test_solo_and_group_are_kept_apart(course, case):
    scene = case.start
    n = len(labels(case, scene))
    logged = in_session(reveal(case, scene, [5] * n), answer(case.id, scene, labels(case, scene)[0]))
    [session] = debrief(logged, course)
    assert [m.mode for m in session.modes] == ["solo", "group"]
    assert [m.items[0].steps[0].total for m in session.modes] == [1, 5 * n]
    text = debrief_markdown([session])
    assert text.index("## Solo mode") < text.index("## Group mode")


def test_a_session_or_a_mode_can_be_chosen(course, case):
    scene = case.start
    n = len(labels(case, scene))
    logged = [*in_session(reveal(case, scene, [1] * n), session="2026-11-30"),
              *in_session(answer(case.id, scene, labels(case, scene)[0]), reveal(case, scene, [2] * n),
                          session="2026-12-01")]
    assert [s.session for s in debrief(logged, course)] == ["2026-11-30", "2026-12-01"]
    [one] = debrief(logged, course, session="2026-12-01")
    assert one.session == "2026-12-01" and one.events == 2 and [m.mode for m in one.modes] == ["solo", "group"]
    solo = debrief(logged, course, mode="solo")
    assert [(s.session, [m.mode for m in s.modes]) for s in solo] == [("2026-12-01", ["solo"])]
    assert debrief(logged, course, session="2026-11-30", mode="solo") == []
    assert debrief_markdown([]) == "No answers have been logged yet."


def test_what_the_course_no_longer_holds_is_shown_and_flagged(course, case, quiz):
    scene = case.start
    logged = in_session(answer("retired-quiz", "q1", "Yes"),
                        answer(case.id, "a-cut-scene", "An old choice"),
                        answer(case.id, scene, "A choice since reworded"),
                        answer(quiz.id, quiz.questions[0].id, "An option since removed"))
    [session] = debrief(logged, course)
    items = session.modes[0].items
    assert [i.item for i in items] == [quiz.id, case.id, "retired-quiz"]   # unknown ids last
    assert [i.known for i in items] == [True, True, False]
    assert [s.known for s in items[1].steps] == [True, False]   # known scenes first
    assert items[1].steps[0].options[-1].label == "A choice since reworded"
    assert not items[1].steps[0].options[-1].known and all(o.known for o in items[1].steps[0].options[:-1])
    text = debrief_markdown([session])
    assert f"| A choice since reworded {GONE} | 1 |" in text
    assert f"| a-cut-scene {GONE} | An old choice | 1 |" in text
    assert f"### Item: retired-quiz {GONE} (id retired-quiz, 1 run)" in text   # the log did not say its kind
    assert f"| An option since removed {GONE} | 1 |" in text
    html = debrief_html([session])
    assert html.count(GONE) == 4


def test_the_printable_page_is_self_contained_with_one_page_per_session(course, case):
    scene = case.start
    n = len(labels(case, scene))
    logged = [*in_session(reveal(case, scene, [1] * n), follow(case, scene, 0), session="2026-11-30"),
              *in_session(reveal(case, scene, [2] * n), session="2026-12-01"),
              *in_session(answer(case.id, scene, labels(case, scene)[0]), session="2026-12-02")]
    sessions = debrief(logged, course)
    page = debrief_page(sessions, "Workshop debrief")
    assert page.startswith("<!DOCTYPE html>") and '<html lang="en">' in page and "<style>" in page
    assert "http" not in page and "<script" not in page.lower()
    assert not re.search(r"\b(src|href)=|@import|url\(", page)
    assert page.count('<section class="ipt-session">') == 3
    assert ".ipt-session { break-after: page; }" in page and ".ipt-session:last-child { break-after: auto; }" in page
    assert "size: A4" in page
    assert "Session of Monday 30 November 2026" in page and "Group mode. 2 events in 1 run." in page
    assert BEST in page and FOLLOWED in page


def write_log(path: Path, *events: dict) -> Path:
    path.write_text("".join(json.dumps(e, ensure_ascii=False) + "\n" for e in events), encoding="utf-8")
    return path


def test_cli_prints_the_tables_and_writes_the_printable_page(tmp_path, capsys, case):
    scene = case.start
    n = len(labels(case, scene))
    first = write_log(tmp_path / "session-2026-11-30.jsonl", reveal(case, scene, [1] * n), follow(case, scene, 0))
    second = write_log(tmp_path / "session-2026-12-01.jsonl", answer(case.id, scene, labels(case, scene)[1]))
    with first.open("a", encoding="utf-8") as f:
        f.write('{"mode": "gro')   # a torn last line
    assert main(["summary", str(first), str(second), "--root", str(ROOT)]) == 0
    out, err = capsys.readouterr()
    assert f"{first}:3: unreadable line skipped" in err
    assert out.index("# Session of Monday 30 November 2026") < out.index("# Session of Tuesday 1 December 2026")
    assert main(["summary", str(first), str(second), "--root", str(ROOT), "--mode", "solo"]) == 0
    out, _ = capsys.readouterr()
    assert "30 November" not in out and "## Solo mode" in out and "## Group mode" not in out
    assert main(["summary", str(first), str(second), "--root", str(ROOT), "--mode", "group",
                 "--session", "2026-12-01"]) == 0
    assert capsys.readouterr().out == "Nothing in group mode in session 2026-12-01 of these logs.\n"
    page = tmp_path / "print" / "debrief.html"
    assert main(["summary", str(first), str(second), "--root", str(ROOT), "--session", "2026-11-30",
                 "--html", str(page)]) == 0
    out, _ = capsys.readouterr()
    assert f"wrote {page}" in out
    html = page.read_text(encoding="utf-8")
    assert html.count('<section class="ipt-session">') == 1 and "<title>Workshop debrief: 2026-11-30</title>" in html


def test_cli_a_missing_log_or_an_unknown_session_is_an_error(tmp_path, capsys, case):
    log = write_log(tmp_path / "session-2026-11-30.jsonl", answer(case.id, case.start, "x"))
    missing = tmp_path / "session-2026-12-24.jsonl"
    assert main(["summary", str(log), str(missing)]) == 1
    _, err = capsys.readouterr()
    assert err.startswith(f"{missing}:1: ")
    assert main(["summary", str(log), "--session", "2026-12-01", "--root", str(ROOT)]) == 1
    out, err = capsys.readouterr()
    assert out == "" and "no session 2026-12-01" in err and "sessions found: 2026-11-30" in err


def test_read_sessions_tags_each_event_with_its_file_s_session(tmp_path, case):
    a = write_log(tmp_path / "session-2026-11-30.jsonl", answer(case.id, case.start, "x"))
    b = write_log(tmp_path / "extra.jsonl", answer(case.id, case.start, "y"), answer(case.id, case.start, "z"))
    logged, problems = read_sessions([a, b])
    assert problems == [] and [e.session for e in logged] == ["2026-11-30", "extra", "extra"]


def test_the_summary_notebook_s_example_log_still_matches_the_course(course):
    """notebooks/workshop-summary.ipynb shows this log before a workshop has written any: when content changes
    under it, regenerate its labels (they are options' plain texts) and re-run the notebook."""
    logged, problems = read_sessions([ROOT / "notebooks" / "example-session.jsonl"])
    [session] = debrief(logged, course)
    assert problems == [] and [m.mode for m in session.modes] == ["solo", "group"]
    assert GONE not in debrief_markdown([session])
    assert any(o.followed for m in session.modes for i in m.items for s in i.steps for o in s.options)
