"""Learning time computed from a chapter's words and items, and declared hours held to it."""
from __future__ import annotations

from ipt_course.sphinxext.hours import LearningTime, declared_problem, learning_time


def test_reading_quiz_and_case_minutes_each_rounded_to_five(course):
    quiz, vignette = course["sample-quiz"], course["sample-vignette"]
    time = learning_time(3000, [quiz, vignette])            # 3000 words at 150 a minute: 20 minutes
    assert time.reading == 20
    assert time.quiz == 5                                    # 3 questions x 1.5 minutes, to the nearest 5
    assert len(vignette.nodes) == 3 and time.case == 5       # 3 scenes x 2 minutes, to the nearest 5
    assert time.sentence() == "About 30 minutes: reading 20, quiz 5, case 5."


def test_a_chapter_without_a_case_says_so_by_leaving_it_out(course):
    time = learning_time(2250, [course["sample-quiz"]])
    assert time == LearningTime(15, 5, 0)
    assert time.sentence() == "About 20 minutes: reading 15, quiz 5."
    assert time.hours == 0.33


def test_declared_hours_within_a_quarter_pass_and_further_need_a_reason():
    computed = LearningTime(30, 15, 15)                      # one hour
    assert declared_problem(None, "", computed) is None
    assert declared_problem(1.2, "", computed) is None
    problem = declared_problem(1.5, "", computed)
    assert problem and "declares learning_hours: 1.5" in problem and "change it to 1" in problem
    assert "learning_hours_reason" in problem
    assert declared_problem(1.5, "includes a 30-minute role-play", computed) is None
