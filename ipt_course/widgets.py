"""The live front end: the same quizzes and vignettes as ipywidgets, for JupyterLab workshops.

`show()` displays one output holding both the widget view (JupyterLab) and the static HTML (the
built book, which ranks text/html first). The widgets keep no browser storage; everything else
follows the engine, like the static runtime. A toggle switches to group mode (`group.py`), and
with a session log every answer and choice is recorded.
"""
from __future__ import annotations

import random
from html import escape
from pathlib import Path

import ipywidgets as w
from IPython.display import display

from . import markdown
from .course import Course
from .engine import CERTAINTY, QuestionAttempt, QuizAttempt, VignetteRun, new_order
from .figures import render_inventory
from .group import GROUP_STYLE, GroupQuiz, GroupVignette, html_text, new_run_id
from .i18n import N_, _, _n, book_language, use
from .model import Classify, Inventory, Item, Question, Quiz, Vignette, Written
from .render import ending_summary, facilitator_notes, render
from .session_log import SessionLog

HIDDEN, SHOWN = "none", ""
# ipywidgets sets every radio label 20 px high and every checkbox label on one line: a long option
# wraps over the next one or is cut off. Options here are sentences, so labels grow with their text.
LIVE_STYLE = """<style>
.ipt-live .widget-radio-box label { display: flex; gap: 0.5em; align-items: flex-start; height: auto !important;
  line-height: 1.35; padding: 0.3em 0; white-space: normal; }
.ipt-live .widget-radio-box input { order: -1; float: none; flex: none; height: auto; margin: 0.2em 0 0 1px; }
.ipt-live .widget-checkbox { height: auto; }
.ipt-live .widget-checkbox label { height: auto; line-height: 1.35; white-space: normal; overflow: visible; }
.ipt-live .widget-checkbox input { flex: none; align-self: flex-start; margin-top: 0.15em; }
.ipt-live button { width: auto; max-width: none; padding: 0 1em; }
</style>"""
# The plain-text stand-in of an item's output (a terminal, a notebook without widgets).
PLAIN = {"quiz": N_("Quiz: {title}"), "vignette": N_("Vignette: {title}"), "written": N_("Written: {title}")}


def open_course(root: Path | str = "..") -> Course:
    """The course for a workshop notebook, its widgets in the language of the book built from `root`. A
    content file with problems (a half-edited draft, say) is left out and named with its problems and their
    fix, instead of stopping every case with a traceback."""
    use(*book_language(Path(root)))
    course, problems = Course.read(root)
    if problems:
        listed = "".join(f"<li><code>{escape(str(p))}</code></li>" for p in problems)
        note = _("<strong>Some content files have problems and are left out</strong>; every other case and quiz "
                 "works. Fix each line below (or run <code>make check</code>), then run the notebook again.")
        display({"text/html": f'<div class="ipt-draft-note" role="note"><p>{note}</p><ul>{listed}</ul></div>',
                 "text/plain": _("Left out, with problems:") + "\n" + "\n".join(map(str, problems))}, raw=True)
    return course


def show(item: Item | Inventory, citations: dict[str, str] | None = None,
         log: SessionLog | None = None) -> LiveItem | None:
    """Display an item (widget view + static HTML), or an inventory's figures (HTML only). Returns the
    live item of a quiz or a case, whose `projector` view a second cell can show."""
    if isinstance(item, Inventory):
        display({"text/html": render_inventory(item),
                 "text/plain": _("Inventory: {patient}").format(patient=item.patient)}, raw=True)
        return None
    citations = citations or {}
    widget = LiveItem(item, citations, log) if not isinstance(item, Written) else WrittenWidget(item, citations)
    display({"application/vnd.jupyter.widget-view+json":
             {"model_id": widget.model_id, "version_major": 2, "version_minor": 0},
             "text/html": render(item, citations),
             "text/plain": _(PLAIN[item.kind]).format(title=item.title)}, raw=True)
    return widget if isinstance(widget, LiveItem) else None


def make_widget(item: Item, citations: dict[str, str], log: SessionLog | None = None) -> w.VBox:
    """The solo widget of an item: one reader answering (a written answer is never logged: it is the
    reader's own)."""
    if isinstance(item, Written):
        return WrittenWidget(item, citations)
    return QuizWidget(item, citations, log) if isinstance(item, Quiz) else VignetteWidget(item, citations, log)


class LiveItem(w.VBox):
    """The solo widget, with a toggle to the group mode of the same item; `projector` is the group
    mode's slide alone, for a second output on the projector."""

    def __init__(self, item: Quiz | Vignette, citations: dict[str, str], log: SessionLog | None = None):
        self.solo = make_widget(item, citations, log)
        self.group = GroupQuiz(item, log) if isinstance(item, Quiz) else GroupVignette(item, log)
        self.toggle = w.ToggleButton(value=False, description=_("Group mode (for a projector)"),
                                     tooltip=_("The room votes, the slide shows the tally and the feedback"))
        self.toggle.observe(lambda change: self._switch(change["new"]), "value")
        self.style = w.HTML(LIVE_STYLE)
        self.notes = w.HTML(facilitator_notes(item) if isinstance(item, Vignette) else "")  # group: in its panel
        waiting = _("The projector view shows the room's slide once group mode is on.")
        self.waiting = w.HTML(f"<p>{html_text(waiting)}</p>")
        self.projector = w.VBox([w.HTML(GROUP_STYLE), self.waiting])
        self.projector.add_class("ipt-projector")
        super().__init__([self.style, self.toggle, self.solo, self.notes])
        self.add_class("ipt-live")

    def show_projector(self) -> None:
        """Display the projector view in this cell's output (a second view of the same slide)."""
        display({"application/vnd.jupyter.widget-view+json":
                 {"model_id": self.projector.model_id, "version_major": 2, "version_minor": 0},
                 "text/plain": _("The projector view: the group mode's slide, once group mode is on.")}, raw=True)

    def _switch(self, group: bool) -> None:
        self.children = [self.style, self.toggle, self.group] if group else \
            [self.style, self.toggle, self.solo, self.notes]
        self.projector.children = [self.projector.children[0], self.group.slide if group else self.waiting]


def _sources(keys: list[str], citations: dict[str, str]) -> str:
    return f"<p><strong>{html_text(_('Sources'))}</strong></p><ul>" + "".join(
        f"<li>{escape(citations.get(k, k))}</li>" for k in keys) + "</ul>"


class QuestionWidget(w.VBox):
    def __init__(self, attempt: QuestionAttempt, number: int, total: int, citations: dict[str, str],
                 on_answer=None, rng: random.Random | None = None):
        self.attempt, self.on_answer, self.rng = attempt, on_answer, rng or random.Random()
        q = attempt.question
        self.inputs = self._inputs(q)  # in the file's order; `order` is the order they are shown in
        self.rows = (  # a classify case's text above its list (as a description, it would be cut short)
            [w.VBox([w.HTML(markdown.block(case.text)), d]) for case, d in zip(q.cases, self.inputs, strict=True)]
            if isinstance(q, Classify) else self.inputs)
        self.order: list[int] | None = None
        self.check_button = w.Button(description=_("Check answer"), button_style="primary")
        self.check_button.on_click(lambda _: self.check())
        self.feedback = w.HTML()
        self.explanation = w.HTML(markdown.block(q.explanation) + _sources(q.references, citations),
                                  layout=w.Layout(display=HIDDEN))
        heading = _("Question {n} of {total}").format(n=number, total=total)
        self.head = w.HTML(f"<p><strong>{html_text(heading)}</strong></p>{markdown.block(q.prompt)}")
        self.certainty = (w.ToggleButtons(options=[(_(name), level) for level, name in CERTAINTY.items()],
                                          value=None, description=_("How sure are you?"),
                                          style={"description_width": "initial"})
                          if q.confidence else None)
        super().__init__()
        self._arrange()

    def _arrange(self) -> None:
        """A new order of the options for a new attempt (classify cases keep theirs)."""
        q = self.attempt.question
        inputs = self.rows
        if not isinstance(q, Classify) and q.shuffle:
            self.order = new_order(len(q.options), self.rng, self.order)
            if q.type == "single":
                self.inputs[0].options = [(markdown.plain(q.options[i].text), i) for i in self.order]
                self.inputs[0].value = None
            else:
                inputs = [self.inputs[i] for i in self.order]
        self.children = [self.head, *inputs, *[c for c in [self.certainty] if c], self.check_button, self.feedback,
                         self.explanation]

    @staticmethod
    def _inputs(q: Question) -> list[w.Widget]:
        if isinstance(q, Classify):
            # Translators: the label of the list where a reader puts case {n} of a question into a category
            case = _("Case {n}")
            return [w.Dropdown(options=[(_("Choose a category…"), "")] + [(c, c) for c in q.categories], value="",
                               description=case.format(n=i + 1), layout=w.Layout(width="auto"))
                    for i in range(len(q.cases))]
        labels = [(markdown.plain(o.text), i) for i, o in enumerate(q.options)]
        if q.type == "single":
            return [w.RadioButtons(options=labels, value=None, layout=w.Layout(width="auto"))]
        return [w.Checkbox(value=False, description=label, indent=False) for label, _ in labels]

    def answer(self):
        q = self.attempt.question
        if isinstance(q, Classify):
            return {i: d.value for i, d in enumerate(self.inputs) if d.value}
        if q.type == "single":
            return self.inputs[0].value
        return frozenset(i for i, box in enumerate(self.inputs) if box.value)

    def check(self) -> None:
        q, answer = self.attempt.question, self.answer()
        if isinstance(q, Classify) and len(answer) < len(q.cases):
            self.feedback.value = f"<p>{html_text(_('Choose a category for every case first.'))}</p>"
            return
        if answer is None or answer == frozenset():
            self.feedback.value = f"<p>{html_text(_('Choose an answer first.'))}</p>"
            return
        first_try = not (self.attempt.solved or self.attempt.wrong_tries)
        if self.certainty and first_try:
            if self.certainty.value is None:
                first = _("Say how sure you are first: it sets the mark for this try.")
                self.feedback.value = f"<p>{html_text(first)}</p>"
                return
            self.attempt.certainty = self.certainty.value
            self.certainty.disabled = True   # the mark is for the certainty given before the first check
        solved = self.attempt.submit(answer)
        for box in self.inputs:  # a right answer stays right: no later change can contradict it
            box.disabled = solved
        if self.on_answer:
            self.on_answer(q, self._chosen_labels(q, answer), solved)
        notes = self._option_feedback(q, answer, solved)
        hint = self.attempt.hint
        tries = self.attempt.wrong_tries + 1
        verdict = ((_("✓ Correct.") if tries == 1 else _("✓ Correct, at try {n}.").format(n=tries)) if solved
                   else _("✗ Not quite."))
        hint_html = (f"<p><strong>{html_text(_('Hint:'))}</strong> {markdown.inline(hint)}</p>"
                     if hint and not solved else "")
        mark, certainty = self.attempt.cbm, self.attempt.certainty
        mark_html = ""
        if mark is not None and certainty:
            marked = _("Certainty {certainty}: mark {mark} for the first try (from 3, 2 or 1 if right; 0, −2 or −6 "
                       "if wrong).").format(certainty=_(CERTAINTY[certainty]).lower(), mark=f"{mark:+d}")
            mark_html = f"<p>{html_text(marked)}</p>"
        self.feedback.value = f"<p><strong>{html_text(verdict)}</strong></p><ul>{notes}</ul>{hint_html}{mark_html}"
        self.explanation.layout.display = SHOWN if solved else HIDDEN

    @staticmethod
    def _chosen_labels(q: Question, answer) -> list[str]:
        if isinstance(q, Classify):
            return [f"{markdown.plain(q.cases[i].text)} → {category}" for i, category in sorted(answer.items())]
        chosen = [answer] if isinstance(answer, int) else sorted(answer)
        return [markdown.plain(q.options[i].text) for i in chosen]

    @staticmethod
    def _option_feedback(q: Question, answer, solved: bool) -> str:
        # Translators: an option (or a case) the reader chose, then the feedback on it
        line = html_text(_("{option}: {feedback}"))
        if isinstance(q, Classify):
            cases = [i for i, case in enumerate(q.cases) if solved or answer.get(i) != case.category]
            chosen = [(q.cases[i].text, q.cases[i].feedback) for i in cases]
        else:
            chosen = [(q.options[i].text, q.options[i].feedback)
                      for i in ([answer] if isinstance(answer, int) else sorted(answer))]
        return "".join(f"<li>{line.format(option=markdown.inline(text), feedback=markdown.inline(feedback))}</li>"
                       for text, feedback in chosen)

    def reset(self) -> None:
        self.attempt.wrong_tries, self.attempt.solved, self.attempt.certainty = 0, False, None
        if self.certainty:
            self.certainty.value, self.certainty.disabled = None, False
        for box in self.inputs:
            box.value = {w.Checkbox: False, w.Dropdown: ""}.get(type(box))
            box.disabled = False
        self._arrange()
        self.feedback.value = ""
        self.explanation.layout.display = HIDDEN


class QuizWidget(w.VBox):
    def __init__(self, quiz: Quiz, citations: dict[str, str], log: SessionLog | None = None):
        self.attempt, self.session_log, self.run_id = QuizAttempt(quiz), log, new_run_id()
        n = len(quiz.questions)
        self.questions = [QuestionWidget(a, i + 1, n, citations, self._logged)
                          for i, a in enumerate(self.attempt.questions)]
        self.score = w.HTML()
        self.restart_button = w.Button(description=_("Start this quiz again"))
        self.restart_button.on_click(lambda _: self.restart())
        for q in self.questions:
            q.check_button.on_click(lambda _: self._update_score())
        intro = markdown.block(quiz.intro) if quiz.intro else ""
        super().__init__([w.HTML(f"<h3>{escape(quiz.title)}</h3>{intro}"), *self.questions, self.score,
                          self.restart_button])

    def _logged(self, q: Question, labels: list[str], correct: bool) -> None:
        if self.session_log:
            self.session_log.append(mode="solo", item=self.attempt.quiz.id, kind="quiz", run=self.run_id,
                                    action="answer", step=q.id, votes={label: 1 for label in labels},
                                    correct=correct)

    def _update_score(self) -> None:
        a, n = self.attempt, len(self.questions)
        solved = sum(q.solved for q in a.questions)
        cbm = a.cbm
        score = _("Answered correctly: {solved} of {total}. Score (right at the first try): {score} of {total}.")
        marks = " " + _("Certainty-based mark: {mark} of {best}.").format(mark=cbm[0], best=cbm[1]) if cbm else ""
        self.score.value = f"<p>{html_text(score.format(solved=solved, score=a.score, total=n) + marks)}</p>"

    def restart(self) -> None:
        for q in self.questions:
            q.reset()
        self.score.value = ""
        self.run_id = new_run_id()


class VignetteWidget(w.VBox):
    def __init__(self, vignette: Vignette, citations: dict[str, str], log: SessionLog | None = None,
                 rng: random.Random | None = None):
        self.run, self.session_log, self.rng = VignetteRun(vignette), log, rng or random.Random()
        self.run_id = new_run_id()
        self.orders: dict[str, list[int]] = {}  # this attempt's order of each scene's choices
        self.last_orders: dict[str, list[int]] = {}
        self.citations = citations
        self.scene = w.HTML()
        self.choices = w.RadioButtons(options=[], value=None, layout=w.Layout(width="auto"))
        self.feedback = w.HTML()
        # Translators: a button that takes the option chosen in a case's scene
        self.choose_button = w.Button(description=_("Choose"), button_style="primary")
        # Translators: a button that moves on to a case's next scene
        self.continue_button = w.Button(description=_("Continue"), button_style="primary")
        self.back_button = w.Button(description=_("Back one step"))
        self.restart_button = w.Button(description=_("Restart the case"))
        self.choose_button.on_click(lambda _: self.choose())
        self.continue_button.on_click(lambda _: self._render())
        self.back_button.on_click(lambda _: self.back())
        self.restart_button.on_click(lambda _: self.restart())
        title = html_text(_("Case: {title}")).format(title=escape(vignette.title))
        head = w.HTML(f"<h3>{title}</h3><p>{markdown.inline(vignette.summary)}</p><p><strong>"
                      f"{html_text(_('Content note:'))}</strong> {markdown.inline(vignette.content_note)}</p>")
        buttons = w.HBox([self.choose_button, self.continue_button, self.back_button, self.restart_button])
        super().__init__([head, self.scene, self.choices, buttons, self.feedback])
        self._render()

    def choose(self) -> None:
        if self.choices.value is None:
            self.feedback.value = f"<p>{html_text(_('Choose an option first.'))}</p>"
            return
        node = self.run.current
        index = self.choices.value
        feedback = self.run.choose(index)
        choice = self.run.vignette.nodes[node].choices[index]
        if self.session_log:
            self.session_log.append(mode="solo", item=self.run.vignette.id, kind="vignette", run=self.run_id,
                                    action="answer", step=node, votes={markdown.plain(choice.label): 1})
        heading = _n("Feedback on your choice ({n} point):", "Feedback on your choice ({n} points):",
                     choice.score).format(n=choice.score)
        self.feedback.value = f"<p><strong>{html_text(heading)}</strong></p>{markdown.block(feedback)}"
        self.choices.disabled = True
        self._buttons(choose=False, cont=True)

    def back(self) -> None:
        self.run.back()
        self.feedback.value = ""
        self._render()

    def restart(self) -> None:
        """A new attempt, with the choices in new orders."""
        self.run.restart()
        self.run_id = new_run_id()
        self.last_orders, self.orders = self.orders, {}
        self.feedback.value = ""
        self._render()

    def _buttons(self, choose: bool, cont: bool) -> None:
        self.choose_button.layout.display = SHOWN if choose else HIDDEN
        self.continue_button.layout.display = SHOWN if cont else HIDDEN
        for b in (self.back_button, self.restart_button):
            b.layout.display = SHOWN if self.run.path else HIDDEN

    def _render(self) -> None:
        v, run = self.run.vignette, self.run
        self.feedback.value = ""   # the last scene's feedback never sits under the next one
        self.choices.disabled = False
        if run.ended:
            self.scene.value = self._ending_html()
            self.choices.options, self.choices.layout.display = [], HIDDEN
            self._buttons(choose=False, cont=False)
            return
        node = v.nodes[run.current]
        scene = _("Scene {n}").format(n=run.scene_number)
        self.scene.value = (f"<h4>{html_text(scene)}</h4>{markdown.block(node.text)}"
                            f"<p><strong>{html_text(_('What would you do?'))}</strong></p>")
        order = self.orders.setdefault(
            run.current, new_order(len(node.choices), self.rng, self.last_orders.get(run.current)))
        self.choices.options = [(markdown.plain(node.choices[i].label), i) for i in order]
        self.choices.value = None
        self.choices.layout.display = SHOWN
        self._buttons(choose=True, cont=False)

    def _ending_html(self) -> str:
        return ending_summary(self.run) + _sources(self.run.vignette.references, self.citations)


class WrittenWidget(w.VBox):
    """A written exercise live: write, compare with the model answer, tick the checklist's points it makes."""

    def __init__(self, item: Written, citations: dict[str, str]):
        self.item = item
        self.text = w.Textarea(placeholder=_("Write your answer here."), layout=w.Layout(width="100%", height="12rem"),
                               description=_("Your answer"), style={"description_width": "initial"})
        self.reveal_button = w.Button(description=_("Compare with a model answer"), button_style="primary",
                                      layout=w.Layout(width="auto"))
        self.reveal_button.on_click(lambda _: self.reveal())
        self.note = w.HTML()
        self.points = [w.Checkbox(value=False, description=markdown.plain(p), indent=False,
                                  layout=w.Layout(width="auto")) for p in item.checklist]
        self.rate_button = w.Button(description=_("Save my rating"), layout=w.Layout(width="auto"))
        self.rate_button.on_click(lambda _: self.rate())
        self.feedback = w.HTML()
        self.model = w.VBox([w.HTML(f"<p><strong>{html_text(_('Model answer'))}</strong></p>"
                                    f"{markdown.block(item.model_answer)}<p><strong>"
                                    f"{html_text(_('Rate your answer: tick each point it makes'))}</strong></p>"),
                             *self.points, self.rate_button, self.feedback,
                             w.HTML(_sources(item.references, citations))], layout=w.Layout(display=HIDDEN))
        super().__init__([w.HTML(f"<h3>{html_text(_('Write: {title}')).format(title=escape(item.title))}</h3>"
                                 f"{markdown.block(item.scenario)}<p><strong>{html_text(_('Your task'))}</strong></p>"
                                 f"{markdown.block(item.task)}"),
                          self.text, self.reveal_button, self.note, self.model])

    def reveal(self) -> None:
        written = bool(self.text.value.strip())
        first = _("Write your answer first: the model answer teaches most once you have tried.")
        self.note.value = "" if written else f"<p>{html_text(first)}</p>"
        self.model.layout.display = SHOWN if written else HIDDEN

    def rate(self) -> None:
        met, n = sum(box.value for box in self.points), len(self.points)
        rated = _n("You rated your answer as making {met} of {n} point.",
                   "You rated your answer as making {met} of {n} points.", n).format(met=met, n=n)
        self.feedback.value = f"<p>{html_text(rated)}</p>"

