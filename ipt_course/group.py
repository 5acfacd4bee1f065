"""Group mode: a quiz or a vignette run with a whole room, on a projector.

For each question (or each case of a classify question) or scene, the facilitator enters the
room's votes per option, shows the tally, reveals the feedback on every option and moves on; in a
vignette they choose which option the room follows (the most voted is preselected). Every round is
written to the session log.
"""
from __future__ import annotations

import random
from html import escape

import ipywidgets as w

from . import markdown
from .engine import VignetteRun, new_order
from .model import Classify, Quiz, Vignette
from .render import ending_summary, scene_numbers
from .session_log import SessionLog
from .tally import tally_html

HIDDEN, SHOWN = "none", ""
LARGE_TYPE = "<style>.ipt-group, .ipt-group .widget-html-content, .ipt-group button, .ipt-group input, " \
             ".ipt-group label { font-size: 1.5rem !important; line-height: 1.4; } " \
             ".ipt-group button { width: auto; max-width: none; padding: 0 1em; }</style>"   # whole button labels


def _verdict(right: bool) -> str:
    """Marks an option right or not, apart from its feedback (which often opens with "Right." itself)."""
    return "(✓ right answer) " if right else "(✗ not right) "


class VoteBoard(w.VBox):
    """One round of votes: a count and a +1 button per option, then the tally and the feedback."""

    def __init__(self, labels: list[str], feedback: list[str], on_reveal):
        self.labels, self.feedback, self._on_reveal = labels, feedback, on_reveal
        self.counts = [w.BoundedIntText(value=0, min=0, max=999, description=f"Votes for option {i + 1}",
                                        style={"description_width": "initial"}, layout=w.Layout(width="16em"))
                       for i in range(len(labels))]
        self.plus = [w.Button(description=f"+1 for option {i + 1}") for i in range(len(labels))]
        for count, plus in zip(self.counts, self.plus, strict=True):
            plus.on_click(lambda _, c=count: setattr(c, "value", c.value + 1))
        rows = [w.VBox([w.HTML(f"<p><strong>Option {i + 1}.</strong> {markdown.inline(label)}</p>"),
                        w.HBox([count, plus])])
                for i, (label, count, plus) in enumerate(zip(labels, self.counts, self.plus, strict=True))]
        self.tally = w.HTML()
        self.revealed = w.HTML()
        self.tally_button = w.Button(description="Show tally", button_style="info")
        self.reveal_button = w.Button(description="Reveal feedback", button_style="primary")
        self.tally_button.on_click(lambda _: self.show_tally())
        self.reveal_button.on_click(lambda _: self.reveal())
        super().__init__([*rows, w.HBox([self.tally_button, self.reveal_button]), self.tally, self.revealed])

    def votes(self) -> dict[str, int]:
        return {markdown.plain(label): count.value for label, count in zip(self.labels, self.counts, strict=True)}

    def show_tally(self) -> None:
        self.tally.value = tally_html(self.votes(), "The room's votes")

    def reveal(self) -> None:
        self.show_tally()
        self.revealed.value = "<ol>" + "".join(
            f"<li><strong>{markdown.inline(label)}</strong>: {markdown.inline(text)}</li>"
            for label, text in zip(self.labels, self.feedback, strict=True)) + "</ol>"
        for widget in [*self.counts, *self.plus, self.reveal_button]:
            widget.disabled = True
        self._on_reveal(self.votes())


class GroupQuiz(w.VBox):
    def __init__(self, quiz: Quiz, log: SessionLog | None = None, rng: random.Random | None = None):
        self.quiz, self.session_log, self.rng = quiz, log, rng or random.Random()
        # One round per single/multiple question, and per case of a classify question.
        self.rounds = [(q, case) for q in quiz.questions
                       for case in (range(len(q.cases)) if isinstance(q, Classify) else [None])]
        self.index = 0
        self.next_button = w.Button(description="Next question", button_style="primary")
        self.next_button.on_click(lambda _: self.next())
        super().__init__()
        self.add_class("ipt-group")
        self._show()

    def _show(self) -> None:
        q, case = self.rounds[self.index]
        if isinstance(q, Classify):
            assert case is not None  # a classify question has a round per case
            prompt = (f"{markdown.block(q.prompt)}<p><strong>Case:</strong> {markdown.inline(q.cases[case].text)}</p>")
            labels = list(q.categories)
            feedback = [_verdict(c == q.cases[case].category) + q.cases[case].feedback for c in labels]
        else:
            prompt = markdown.block(q.prompt)
            order = new_order(len(q.options), self.rng) if q.shuffle else range(len(q.options))
            labels = [q.options[i].text for i in order]
            feedback = [_verdict(q.options[i].correct) + q.options[i].feedback for i in order]
        self.board = VoteBoard(labels, feedback, self._revealed)
        self.explanation = w.HTML()
        self.next_button.layout.display = HIDDEN
        head = w.HTML(f"{LARGE_TYPE}<h3>{escape(self.quiz.title)}</h3>"
                      f"<p>Round {self.index + 1} of {len(self.rounds)}</p>{prompt}")
        self.children = [head, self.board, self.explanation, self.next_button]

    def _revealed(self, votes: dict[str, int]) -> None:
        q, case = self.rounds[self.index]
        self.explanation.value = f"<p><strong>Explanation.</strong></p>{markdown.block(q.explanation)}"
        step = q.id if case is None else f"{q.id}, case {case + 1}"
        if self.session_log:
            self.session_log.append(mode="group", item=self.quiz.id, kind="quiz", step=step, votes=votes)
        more = self.index + 1 < len(self.rounds)
        self.next_button.description = "Next question" if more else "Start again"
        self.next_button.layout.display = SHOWN

    def next(self) -> None:
        self.index = (self.index + 1) % len(self.rounds)
        self._show()


class GroupVignette(w.VBox):
    def __init__(self, vignette: Vignette, log: SessionLog | None = None, rng: random.Random | None = None):
        self.run, self.session_log, self.rng = VignetteRun(vignette), log, rng or random.Random()
        self.order: list[int] = []  # the file's index of each choice on the board, in the order shown
        self.follow = w.RadioButtons(options=[], layout=w.Layout(width="auto"), description="Follow:")
        self.continue_button = w.Button(description="Continue along this choice", button_style="primary")
        self.continue_button.on_click(lambda _: self.continue_())
        self.restart_button = w.Button(description="Restart the case")
        self.restart_button.on_click(lambda _: self.restart())
        super().__init__()
        self.add_class("ipt-group")
        self._show()

    def _show(self) -> None:
        v, run = self.run.vignette, self.run
        head = f"{LARGE_TYPE}<h3>Case: {escape(v.title)}</h3>"
        if run.ended:
            self.children = [w.HTML(head + ending_summary(run, "The room's path")), self.restart_button]
            return
        node = v.nodes[run.current]
        self.order = new_order(len(node.choices), self.rng)
        shown = [node.choices[i] for i in self.order]
        self.board = VoteBoard([c.label for c in shown], [f"{c.feedback} (score {c.score})" for c in shown],
                               self._revealed)
        self.follow.options = [(f"Option {k + 1}", i) for k, i in enumerate(self.order)]
        self.follow.layout.display = self.continue_button.layout.display = HIDDEN
        scene = scene_numbers(v)[run.current]
        self.children = [w.HTML(f"{head}<h4>Scene {scene}</h4>{markdown.block(node.text)}"),
                         self.board, self.follow, self.continue_button, self.restart_button]

    def _revealed(self, votes: dict[str, int]) -> None:
        counts = list(votes.values())  # in the board's order
        self.follow.value = self.order[counts.index(max(counts))]
        self.follow.layout.display = self.continue_button.layout.display = SHOWN
        self._votes = votes

    def continue_(self) -> None:
        node = self.run.vignette.nodes[self.run.current]
        choice = node.choices[self.follow.value]
        if self.session_log:
            self.session_log.append(mode="group", item=self.run.vignette.id, kind="vignette", step=self.run.current,
                            votes=self._votes, followed=markdown.plain(choice.label))
        self.run.choose(self.follow.value)
        self._show()

    def restart(self) -> None:
        self.run.restart()
        self._show()
