"""Grading, branching and scoring, with no user interface.

The widgets drive these objects; the browser runtime (`runtime/quiz.js`, `runtime/vignette.js`) implements the same
rules, and the browser tests check that both agree on the same content.
A quiz question scores 1 when it is answered correctly at the first try; a vignette scores the sum
of its choices along the path, out of the best path's total. A question that asks how sure the reader
is also earns a certainty-based mark for its first try (`CBM_MARKS`).
"""
from __future__ import annotations

import random
from dataclasses import dataclass, field
from functools import cache

from .i18n import N_
from .model import Classify, Question, Quiz, Vignette

Answer = str | frozenset[int] | dict[int, str] | int
"""single: option index (int); multiple: set of option indices; classify: case index -> category."""


def correct_answer(q: Question) -> Answer:
    if isinstance(q, Classify):
        return {i: case.category for i, case in enumerate(q.cases)}
    indices = frozenset(i for i, o in enumerate(q.options) if o.correct)
    return next(iter(indices)) if q.type == "single" else indices


CERTAINTY = {1: N_("Low"), 2: N_("Medium"), 3: N_("High")}   # shown through i18n._
"""The certainty a reader gives before checking, as Moodle's certainty-based marking names it."""
CBM_MARKS = {1: (1, 0), 2: (2, -2), 3: (3, -6)}
"""Certainty -> (mark if right, mark if wrong): Gardner-Medwin's scheme, as in Moodle. Being sure
pays only when the answer is right: a reader who is not sure loses nothing by saying so."""


def cbm_mark(certainty: int, correct: bool) -> int:
    right, wrong = CBM_MARKS[certainty]
    return right if correct else wrong


def is_correct(q: Question, answer: Answer) -> bool:
    expected = correct_answer(q)
    if isinstance(expected, dict):
        return isinstance(answer, dict) and all(answer.get(i) == c for i, c in expected.items())
    return answer == expected


@dataclass
class QuestionAttempt:
    """Tries at one question: a hint after each wrong try, until it is answered correctly."""

    question: Question
    wrong_tries: int = 0
    solved: bool = False
    certainty: int | None = None   # given before the first try, when the question asks for it

    def submit(self, answer: Answer) -> bool:
        if self.solved:
            return True
        self.solved = is_correct(self.question, answer)
        if not self.solved:
            self.wrong_tries += 1
        return self.solved

    @property
    def hint(self) -> str | None:
        """The hint earned by the wrong tries so far (one more per wrong try, the last one repeats)."""
        hints = self.question.hints
        return hints[min(self.wrong_tries, len(hints)) - 1] if hints and self.wrong_tries else None

    @property
    def points(self) -> int:
        return int(self.solved and self.wrong_tries == 0)

    @property
    def cbm(self) -> int | None:
        """The certainty-based mark of the first try, once there was one."""
        tried = self.solved or self.wrong_tries
        return cbm_mark(self.certainty, self.wrong_tries == 0) if tried and self.certainty else None


@dataclass
class QuizAttempt:
    quiz: Quiz
    questions: list[QuestionAttempt] = field(init=False)

    def __post_init__(self) -> None:
        self.questions = [QuestionAttempt(q) for q in self.quiz.questions]

    @property
    def score(self) -> int:
        return sum(a.points for a in self.questions)

    @property
    def completed(self) -> bool:
        return all(a.solved for a in self.questions)

    @property
    def cbm(self) -> tuple[int, int] | None:
        """The certainty-based marks of the questions that ask for certainty, and their best total."""
        asked = [a for a in self.questions if a.question.confidence]
        if not asked:
            return None
        return sum(a.cbm or 0 for a in asked), CBM_MARKS[3][0] * len(asked)


def best_score(v: Vignette, node_id: str | None = None) -> int:
    """The highest total a path from `node_id` (default: the start) to an ending can score.

    Assumes the graph is acyclic, which the checker enforces.
    """
    @cache
    def best(nid: str) -> int:
        if nid in v.endings:
            return 0
        return max(c.score + best(c.next) for c in v.nodes[nid].choices)

    return best(node_id or v.start)


def shortest_path(v: Vignette, target: str) -> list[int]:
    """Choice indices of a shortest walk from the start to node or ending `target`."""
    paths: dict[str, list[int]] = {v.start: []}
    frontier = [v.start]
    while frontier and target not in paths:
        following = []
        for nid in frontier:
            for i, choice in enumerate(v.nodes[nid].choices if nid in v.nodes else []):
                if choice.next not in paths:
                    paths[choice.next] = paths[nid] + [i]
                    following.append(choice.next)
        frontier = following
    if target not in paths:
        raise ValueError(f"'{target}' cannot be reached from the start of '{v.id}'")
    return paths[target]


@dataclass
class VignetteRun:
    """One walk through a vignette: the choices made so far, with back and restart."""

    vignette: Vignette
    path: list[tuple[str, int]] = field(default_factory=list)  # (node id, choice index)

    @property
    def current(self) -> str:
        if not self.path:
            return self.vignette.start
        node_id, choice = self.path[-1]
        return self.vignette.nodes[node_id].choices[choice].next

    @property
    def ended(self) -> bool:
        return self.current in self.vignette.endings

    @property
    def scene_number(self) -> int:
        """The current scene's number along this walk (Scene 1, 2, 3…, whatever the file's order)."""
        return len(self.path) + 1

    def choose(self, index: int) -> str:
        """Take choice `index` at the current node; returns its feedback."""
        if self.ended:
            raise ValueError("the vignette has ended; restart or go back")
        choices = self.vignette.nodes[self.current].choices
        if not 0 <= index < len(choices):
            raise IndexError(f"node '{self.current}' has {len(choices)} choices, not {index + 1}")
        self.path.append((self.current, index))
        return choices[index].feedback

    def back(self) -> None:
        if self.path:
            self.path.pop()

    def restart(self) -> None:
        self.path.clear()

    @property
    def score(self) -> int:
        return sum(self.vignette.nodes[n].choices[c].score for n, c in self.path)

    @property
    def max_score(self) -> int:
        return best_score(self.vignette)


def new_order(n: int, rng: random.Random, previous: list[int] | None = None) -> list[int]:
    """The order to show n options in for a new attempt (or round), unlike the previous one's where it
    can be, so that where the right answer sits in the file says nothing."""
    order = list(range(n))
    for _ in range(20):
        order = rng.sample(range(n), n)
        if order != previous or n < 2:
            break
    return order
