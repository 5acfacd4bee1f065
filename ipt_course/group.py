"""Group mode: a quiz or a case run with a whole room, on a projector.

Two views share the same widgets. The *slide* is what the room sees: the scene (or question), its
options and, when the facilitator shows them, the room's tally and the feedback on every option, in
large type on a page of fixed height, so that after every step the new scene is where the old one was.
The *facilitator's panel* under it holds the controls, the vote counts (typed, +1, or from phones), a
vote timer, the scene's discussion prompts and the case's notes. `LiveItem.projector` shows the slide
alone, in a second output that can be put on the projector.

A case opens with its content note and the room's ground rules. Every revealed round, every choice the
room follows, every Back and every Restart is written to the session log under the run's id, so that
after a kernel restart or a reload the room can resume where it was (`resume_point`).
"""
from __future__ import annotations

import asyncio
import random
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from html import escape

import ipywidgets as w

from . import markdown
from .engine import VignetteRun, new_order
from .i18n import N_, _, _n
from .model import Classify, Quiz, Vignette
from .render import ending_summary, facilitator_notes
from .session_log import SessionLog, read_logs

HIDDEN, SHOWN = "none", ""
FOLLOWS = N_("→ The room follows this option.")
GROUND_RULES = (N_("Anyone may step out at any time, without saying why."),
                N_("Nobody has to share anything personal, and what is shared stays in the room."),
                N_("No real patient details: we talk about this fictional case only."),
                N_("Votes are anonymous. A first vote is a judgement to discuss, not a test."))
# The slide is a page of fixed height: a step replaces its content and nothing on the screen moves. Its
# text scrolls inside when a scene is long, so the options below it always show. The projector view fills
# the panel Lab's "Create New View for Cell Output" puts it in (outside one, 100cqh is the viewport's height).
GROUP_STYLE = """<style>
.ipt-slide { height: max(22rem, calc(100vh - 240px)); border: 2px solid var(--jp-border-color1, #888);
  padding: 0.5rem 1rem; box-sizing: border-box; overflow: hidden; }
.ipt-slide .widget-html-content { font-size: 1.1rem; line-height: 1.35; }
.jp-LinkedOutputView { container-type: size; }
.ipt-projector .ipt-slide { height: max(20rem, calc(100cqh - 1.5rem)); }
.ipt-projector .ipt-slide .widget-html-content { font-size: 1.3rem; }
.ipt-slide-feedback { font-size: 0.9em; }
.ipt-slide-main { flex: 1 1 auto; min-width: 0; height: 100%; }
.ipt-slide-head { flex: none; }
.ipt-slide-head p { margin: 0; font-weight: bold; }
.ipt-slide-text { flex: 1 1 auto; min-height: 5em; overflow-y: auto; }
.ipt-slide-options { flex: 0 0 auto; max-height: 70%; overflow-y: auto; }
.ipt-slide-options.ipt-slide-all { flex: 1 1 auto; max-height: none; }
.ipt-slide-options ol { margin: 0.3em 0; padding-left: 1.6em; }
.ipt-slide-options li { margin: 0.2em 0; }
.ipt-slide-options .ipt-followed { font-weight: bold; }
.ipt-slide-phones { flex: none; width: 14rem; margin-left: 1rem; text-align: center; }
.ipt-projector .ipt-slide-phones { width: 40vh; }
.ipt-slide-phones svg { width: 100%; height: auto; }
.ipt-group-panel { margin-top: 0.5rem; }
.ipt-group-panel .widget-hbox { flex-wrap: wrap; gap: 0.3rem; }
</style>"""


def html_text(message: str) -> str:
    """A message as HTML text: escaped, as a message is never markup (a translation could hold a `<`)."""
    return escape(message, quote=False)


def _verdict(right: bool, feedback: str) -> str:
    """An option's feedback marked right or not apart from its own words (which often open with "Right.")."""
    return (_("(✓ right answer) {feedback}") if right else _("(✗ not right) {feedback}")).format(feedback=feedback)


def new_run_id() -> str:
    return secrets.token_hex(4)


@dataclass
class Round:
    """One vote: what the slide asks, the options in the order shown with each one's feedback, and where
    each option is in the file (what a followed choice is logged by)."""
    step: str
    heading: str
    text: str
    labels: list[str]
    feedback: list[str]
    file_index: list[int]
    discuss: list[str]


class Slide(w.HBox):
    """What the room sees. A new step gets new text and option widgets, so their scrolling starts at the
    top; a vote or a tick of the timer redraws only the options or the heading."""

    def __init__(self):
        self.head, self.text, self.options, self.phones = w.HTML(), w.HTML(), w.HTML(), w.HTML()
        self.main = w.VBox()
        self.main.add_class("ipt-slide-main")
        self.phones.add_class("ipt-slide-phones")
        self.phones.layout.display = HIDDEN
        super().__init__([self.main, self.phones])
        self.add_class("ipt-slide")
        self.new_page()

    def new_page(self) -> None:
        self.text, self.options = w.HTML(), w.HTML()
        for widget, name in ((self.head, "head"), (self.text, "text"), (self.options, "options")):
            widget.add_class(f"ipt-slide-{name}")
        self.main.children = [self.head, self.text, self.options]

    def reveal(self) -> None:
        """The feedback takes the page: the scene's text goes and the options may fill it."""
        self.text.layout.display = HIDDEN
        self.options.add_class("ipt-slide-all")


class VoteTimer(w.HBox):
    """A countdown for the room's vote that ticks on the kernel's event loop, so no thread runs and nothing
    is scheduled between ticks; its controls are named buttons (ipywidgets' Play has unnamed icons)."""

    def __init__(self, on_tick: Callable[[], None]):
        self.on_tick = on_tick
        # Translators: a length of the vote timer, in seconds
        seconds = _("{n} s")
        # Translators: a length of the vote timer, in minutes
        minutes = _("{n} min")
        self.length = w.Dropdown(options=[(seconds.format(n=30), 30), (minutes.format(n=1), 60),
                                          (seconds.format(n=90), 90), (minutes.format(n=2), 120)], value=60,
                                 description=_("Vote timer"), layout=w.Layout(width="12em"))
        self.start_button = w.Button(description=_("Start the timer"))
        self.stop_button = w.Button(description=_("Stop the timer"))
        self.start_button.on_click(lambda _: self.start())
        self.stop_button.on_click(lambda _: self.stop())
        self.left: int | None = None   # seconds left; None when the timer is not running
        self._next: asyncio.TimerHandle | None = None
        super().__init__([self.length, self.start_button, self.stop_button])

    def start(self) -> None:
        self.reset()
        self.left = self.length.value
        self.on_tick()
        self._schedule()

    def tick(self) -> None:
        if self.left is None:
            return
        self.left = max(self.left - 1, 0)
        self.on_tick()
        if self.left:
            self._schedule()

    def _schedule(self) -> None:
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:   # no event loop (driven from a plain script): whoever drives it calls tick()
            return
        self._next = loop.call_later(1, self.tick)

    def stop(self) -> None:
        self.reset()
        self.on_tick()

    def reset(self) -> None:
        if self._next is not None:
            self._next.cancel()
        self._next, self.left = None, None

    def text(self) -> str:
        if self.left is None:
            return ""
        if not self.left:
            return _("⏱ Time to vote")
        return _("⏱ {time} left").format(time=f"{self.left // 60}:{self.left % 60:02d}")


class GroupItem(w.VBox):
    """The mechanics every group-mode item shares: the slide and the panel, one vote per round (typed,
    +1 or from phones), the tally, the reveal, Back, Restart with a confirmation, and the log."""

    def __init__(self, item: Quiz | Vignette, log: SessionLog | None, rng: random.Random | None):
        self.item, self.session_log, self.rng = item, log, rng or random.Random()
        self.run_id = new_run_id()
        self.stage = "opening"            # opening | voting | revealed | ended
        self.tally_shown = False
        self.round: Round | None = None
        self.round_id = ""
        self.slide = Slide()
        self.counts: list[w.BoundedIntText] = []
        self.count_row = w.HBox()
        self.timer = VoteTimer(self._draw_head)
        self.phones = w.ToggleButton(value=False, description=_("Votes from phones"),
                                     tooltip=_("Trainees vote anonymously on their phones, on this laptop's network"))
        self.phones.observe(lambda change: self._phones(change["new"]), "value")
        self.phones_note = w.HTML()
        self.prompts = w.HTML()
        self.notes = w.HTML(facilitator_notes(item) if isinstance(item, Vignette) else "")
        self.buttons: dict[str, w.Button] = {}
        for name, label, style in (("begin", _("Begin"), "primary"), ("resume", _("Resume"), ""),
                                   # Translators: a button that shows the room's votes on the slide
                                   ("tally", _("Show tally"), "info"),
                                   ("reveal", _("Reveal feedback"), "primary"), ("back", _("Back one step"), ""),
                                   ("restart", _("Restart…"), ""), ("yes", _("Yes, restart"), "danger"),
                                   ("cancel", _("Cancel"), "")):
            self.buttons[name] = w.Button(description=label, button_style=style)
        b = self.buttons
        b["begin"].on_click(lambda _: self._begin())
        b["resume"].on_click(lambda _: self.resume())
        b["tally"].on_click(lambda _: self.show_tally())
        b["reveal"].on_click(lambda _: self.reveal())
        b["back"].on_click(lambda _: self.back())
        b["restart"].on_click(lambda _: self._confirm(True))
        b["cancel"].on_click(lambda _: self._confirm(False))
        b["yes"].on_click(lambda _: self.restart())
        question = _("Restart from the beginning? The room's path so far stays in the log.")
        self.question = w.HTML(f"<p>{html_text(question)}</p>")
        self.confirm_row = w.HBox([self.question, b["yes"], b["cancel"]], layout=w.Layout(display=HIDDEN))
        self.control_row = w.HBox(self._extra_controls())
        panel = w.VBox([self.control_row, self.confirm_row, self.count_row,
                        w.HBox([self.timer, self.phones, self.phones_note]), self.prompts, self.notes])
        panel.add_class("ipt-group-panel")
        self.resume_at: tuple[str, list[dict]] | None = None
        super().__init__([w.HTML(GROUP_STYLE), self.slide, panel])
        self.add_class("ipt-group")
        self._opening()

    # What each kind of item adds: its rounds, how it moves on, and how it resumes.
    def _extra_controls(self) -> list[w.Widget]:
        return []

    def _new_round(self) -> Round | None:
        raise NotImplementedError

    def _can_go_back(self) -> bool:
        raise NotImplementedError

    def _step_back(self) -> None:
        raise NotImplementedError

    def _start_over(self) -> None:
        raise NotImplementedError

    def _replay(self, events: list[dict]) -> str | None:
        """Rebuild the room's place from a run's events; a description of it, or None if there is nothing
        to resume (or the content has changed under it)."""
        raise NotImplementedError

    def _ended_html(self) -> str:
        return ""

    # The log
    def _log(self, **event) -> None:
        if self.session_log:
            self.session_log.append(mode="group", item=self.item.id, run=self.run_id,
                                    kind="vignette" if isinstance(self.item, Vignette) else "quiz", **event)

    # Opening, with the content note, the ground rules and the offer to resume
    def _opening(self) -> None:
        self.stage = "opening"
        self.slide.new_page()
        note = (f"<p><strong>{html_text(_('Content note:'))}</strong> {markdown.inline(self.item.content_note)}</p>"
                if isinstance(self.item, Vignette) else "")
        summary = (markdown.inline(self.item.summary) if isinstance(self.item, Vignette)
                   else markdown.inline(self.item.intro) if self.item.intro else "")
        self.slide.head.value = f"<p>{escape(self._title())}</p>"
        self.slide.text.value = (f"<p>{summary}</p>{note}<p><strong>{html_text(_('Before we start'))}</strong></p>"
                                 "<ul>" + "".join(f"<li>{html_text(_(rule))}</li>" for rule in GROUND_RULES) + "</ul>")
        self.buttons["begin"].description = _("Begin the case") if isinstance(self.item, Vignette) else \
            _("Begin the quiz")
        self.resume_at = self._resume_offer()
        self.buttons["resume"].description = (_("Resume: {where}").format(where=self.resume_at[0]) if self.resume_at
                                              else _("Resume"))
        self.count_row.children = []
        self.prompts.value = ""
        self._controls()

    def _resume_offer(self) -> tuple[str, list[dict]] | None:
        events = resume_point(self.session_log, self.item.id) if self.session_log else None
        if not events:
            return None
        where = self._replay(events)
        self._start_over()   # only an offer: nothing moves until the facilitator takes it
        return (where, events) if where else None

    def resume(self) -> None:
        if not self.resume_at:
            return
        events = self.resume_at[1]
        self.run_id = events[0]["run"]
        self._replay(events)
        self._show_round()

    def _begin(self) -> None:
        self._start_over()
        self._show_round()

    # A round
    def _show_round(self) -> None:
        self.round, self.tally_shown = self._new_round(), False
        self.round_id = secrets.token_hex(4)   # phones vote once per round, however often voting is reopened
        self.timer.reset()
        self.slide.new_page()
        if self.round is None:
            self.stage = "ended"
            self.slide.head.value = f"<p>{escape(self._title())}</p>"
            self.slide.text.value = self._ended_html()
            self.count_row.children, self.prompts.value = [], ""
            self._close_phones()
        else:
            self.stage = "voting"
            self.counts = [w.BoundedIntText(value=0, min=0, max=999,
                                            description=_("Votes for option {n}").format(n=i + 1),
                                            style={"description_width": "initial"}, layout=w.Layout(width="13em"))
                           for i in range(len(self.round.labels))]
            # Translators: a button that adds one vote to option {n}
            plus = [w.Button(description=_("+1 for option {n}").format(n=i + 1)) for i in range(len(self.counts))]
            for count, button in zip(self.counts, plus, strict=True):
                button.on_click(lambda _, c=count: setattr(c, "value", c.value + 1))
                count.observe(lambda _: self._draw_options(), "value")
            self.count_row.children = [w.HBox([c, p]) for c, p in zip(self.counts, plus, strict=True)]
            self.slide.text.value = self.round.text
            self.prompts.value = (f"<p><strong>{html_text(_('Ask the room'))}</strong></p><ul>" + "".join(
                f"<li>{markdown.inline(q)}</li>" for q in self.round.discuss) + "</ul>") if self.round.discuss else ""
            self._open_phones()
        self._draw_head()
        self._draw_options()
        self._controls()

    def votes(self) -> dict[str, int]:
        assert self.round is not None
        return {markdown.plain(label): c.value for label, c in zip(self.round.labels, self.counts, strict=True)}

    def show_tally(self) -> None:
        self.tally_shown = True
        self._draw_options()

    def reveal(self) -> None:
        """Show every option's feedback, and log the room's votes at once (so a round revealed and then
        restarted is in the log too)."""
        assert self.round is not None
        self._close_phones()
        self.tally_shown, self.stage = True, "revealed"
        for count in self.counts:
            count.disabled = True
        for row in self.count_row.children:
            row.children[1].disabled = True
        self._log(action="reveal", step=self.round.step, votes=self.votes(),
                  counted="phones" if self.phones.value else "typed")
        self._revealed()
        self.slide.reveal()
        self._draw_options()
        self._controls()

    def _revealed(self) -> None:
        pass

    def _revealed_html(self) -> str:
        return ""

    def back(self) -> None:
        """Undo the last step: a new vote on the round before it."""
        self._step_back()
        self._show_round()
        self._log(action="back", step=self.round.step if self.round else "")

    def _confirm(self, asking: bool) -> None:
        self.confirm_row.layout.display = SHOWN if asking else HIDDEN
        self.buttons["restart"].layout.display = SHOWN if self.stage != "opening" and not asking else HIDDEN

    def restart(self) -> None:
        """A new pass from the first round, under a new run id; the old run's end is logged."""
        self._confirm(False)
        self._log(action="restart")
        self.run_id = new_run_id()
        self._start_over()
        self._show_round()

    # Drawing
    def _title(self) -> str:
        return _("Case: {title}").format(title=self.item.title) if isinstance(self.item, Vignette) else self.item.title

    def _draw_head(self) -> None:
        title = self._title()
        if self.round and self.stage != "ended":
            # Translators: the slide's heading: the item's title, then where the room is (Question 2 of 5, Scene 3)
            title = _("{title} · {step}").format(title=title, step=self.round.heading)
        timer = html_text(self.timer.text()) if self.stage == "voting" else ""
        self.slide.head.value = f"<p>{escape(title)}<span style='float:right' role='timer'>{timer}</span></p>"

    def _draw_options(self) -> None:
        if self.round is None or self.stage not in ("voting", "revealed"):
            self.slide.options.value = ""
            return
        votes = [c.value for c in self.counts]
        total, most = sum(votes), max(votes, default=0) or 1
        items = []
        for i, label in enumerate(self.round.labels):
            line = f"{markdown.inline(label)}"
            if self.tally_shown:
                share = 100 * votes[i] / total if total else 0
                line += (f'<br><span class="ipt-bar" style="display:inline-block;height:0.8em;background:#0a5a8a;'
                         f'width:{10 * votes[i] / most:.1f}em"></span> {votes[i]} ({share:.0f}%)')
            if self.stage == "revealed":
                line += f'<br><span class="ipt-slide-feedback">{markdown.inline(self.round.feedback[i])}</span>'
            if self._followed(i):   # in words, not only in bold
                items.append(f'<li class="ipt-followed">{line}<br>{html_text(_(FOLLOWS))}</li>')
            else:
                items.append(f"<li>{line}</li>")
        heading = f"<p><strong>{html_text(_('What would you do?'))}</strong></p>" if self.stage == "voting" else ""
        total_line = f"<p>{html_text(_('Votes: {n}').format(n=total))}</p>" if self.tally_shown else ""
        after = self._revealed_html() if self.stage == "revealed" else ""
        self.slide.options.value = f"{heading}<ol>{''.join(items)}</ol>{total_line}{after}"

    def _followed(self, shown: int) -> bool:
        """Whether the option shown at this place is the one the room goes on with."""
        return False

    def _controls(self) -> None:
        b, stage = self.buttons, self.stage
        show = {"begin": stage == "opening", "resume": stage == "opening" and bool(self.resume_at),
                "tally": stage == "voting", "reveal": stage == "voting",
                "back": stage != "opening" and self._can_go_back()}
        self.control_row.children = [b[n] for n in ("begin", "resume", "tally", "reveal")] + \
            self._extra_controls() + [b["back"], b["restart"]]
        for name, button in b.items():
            if name in show:
                button.layout.display = SHOWN if show[name] else HIDDEN
        self._show_extra(stage)
        self._confirm(False)

    def _show_extra(self, stage: str) -> None:
        pass

    # Votes from phones
    def _phones(self, on: bool) -> None:
        """Voting from phones on or off; off, the laptop stops listening on the network."""
        if on:
            self._open_phones()
            return
        from . import voting

        voting.shutdown()
        self.slide.phones.layout.display = HIDDEN
        for count in self.counts:
            count.disabled = self.stage != "voting"

    def _open_phones(self) -> None:
        if not self.phones.value or self.round is None or self.stage != "voting":
            return
        from . import voting  # tornado and segno: only when a room votes from phones

        try:
            server = voting.listen(self._phone_votes)
        except OSError as error:   # every port taken, or the network refused: hands and typed counts still work
            refused = _("Phones cannot vote on this laptop ({error}); count hands.").format(error=error)
            self.phones_note.value = f"<p>{escape(refused)}</p>"
            self.phones.value = False
            return
        self.phones_note.value = ""
        server.open_round(self.round_id, [markdown.plain(label) for label in self.round.labels])
        for count in self.counts:
            count.disabled = True   # the phones count; typing would be overwritten
        code = html_text(_("Room code {code}")).format(code=f"<strong>{escape(server.code)}</strong>")
        self.slide.phones.value = (f"{server.qr_svg()}<p>{html_text(_('Vote on your phone'))}<br>{code}</p>"
                                   f"<p><small>{escape(server.url())}</small></p>")
        self.slide.phones.layout.display = SHOWN

    def _close_phones(self) -> None:
        if self.phones.value:
            from . import voting

            voting.listen(self._phone_votes).close_round()
            self.slide.phones.layout.display = HIDDEN

    def _phone_votes(self, counts: list[int]) -> None:
        if self.stage == "voting" and len(counts) == len(self.counts):
            for box, count in zip(self.counts, counts, strict=True):
                box.value = count


class GroupQuiz(GroupItem):
    """One round per single or multiple question, and per case of a classify question."""

    def __init__(self, quiz: Quiz, log: SessionLog | None = None, rng: random.Random | None = None):
        self.quiz = quiz
        self.rounds = [(q, case) for q in quiz.questions
                       for case in (range(len(q.cases)) if isinstance(q, Classify) else [None])]
        self.index = 0
        self.next_button = w.Button(description=_("Next question"), button_style="primary")
        self.next_button.on_click(lambda _: self.next())
        super().__init__(quiz, log, rng)
        self.buttons["back"].description = _("Previous question")

    def _extra_controls(self) -> list[w.Widget]:
        return [self.next_button]

    def _show_extra(self, stage: str) -> None:
        more = self.index + 1 < len(self.rounds)
        self.next_button.description = _("Next question") if more else _("Start again")
        self.next_button.layout.display = SHOWN if stage == "revealed" else HIDDEN

    def _name(self, index: int, resume: bool = False) -> str:
        """A round named as the book numbers its question (a classify question has a round per case), as a
        heading or as where the Resume button takes the room."""
        q, case = self.rounds[index]
        place = {"n": self.quiz.questions.index(q) + 1, "total": len(self.quiz.questions)}
        if case is None:
            name = _("question {n} of {total}") if resume else _("Question {n} of {total}")
        else:
            name = _("question {n} of {total}, case {case}") if resume else _("Question {n} of {total}, case {case}")
            place["case"] = case + 1
        return name.format(**place)

    def _new_round(self) -> Round:
        q, case = self.rounds[self.index]
        head = self._name(self.index)
        if isinstance(q, Classify):
            assert case is not None  # a classify question has a round per case
            text = (f"{markdown.block(q.prompt)}<p><strong>{html_text(_('Case:'))}</strong> "
                    f"{markdown.inline(q.cases[case].text)}</p>")
            labels = list(q.categories)
            feedback = [_verdict(c == q.cases[case].category, q.cases[case].feedback) for c in labels]
            return Round(f"{q.id}, case {case + 1}", head, text, labels, feedback, list(range(len(labels))), [])
        order = new_order(len(q.options), self.rng) if q.shuffle else list(range(len(q.options)))
        return Round(q.id, head, markdown.block(q.prompt), [q.options[i].text for i in order],
                     [_verdict(q.options[i].correct, q.options[i].feedback) for i in order], order, [])

    def _revealed_html(self) -> str:
        q = self.rounds[self.index][0]
        return f"<p><strong>{html_text(_('Explanation.'))}</strong></p>{markdown.block(q.explanation)}"

    def next(self) -> None:
        self.index = (self.index + 1) % len(self.rounds)
        self._show_round()

    def _can_go_back(self) -> bool:
        return self.index > 0

    def _step_back(self) -> None:
        self.index = max(self.index - 1, 0)

    def _start_over(self) -> None:
        self.index = 0

    def _replay(self, events: list[dict]) -> str | None:
        steps = [f"{q.id}, case {c + 1}" if c is not None else q.id for q, c in self.rounds]
        revealed = [e for e in events if e.get("action") == "reveal" and e.get("step") in steps]
        if not revealed:
            return None
        self.index = (steps.index(revealed[-1]["step"]) + 1) % len(self.rounds)
        return self._name(self.index, resume=True)


class GroupVignette(GroupItem):
    """The room votes at each scene; the facilitator reveals the feedback and follows a choice (the most
    voted is preselected, a planned wrong path can be taken instead)."""

    def __init__(self, vignette: Vignette, log: SessionLog | None = None, rng: random.Random | None = None):
        self.run = VignetteRun(vignette)
        # Translators: the label of the list of options; the room's case goes on along the one chosen
        self.follow = w.Dropdown(options=[], description=_("Follow"), layout=w.Layout(width="auto"))
        self.continue_button = w.Button(description=_("Continue along this choice"), button_style="primary")
        self.continue_button.on_click(lambda _: self.continue_())
        self.follow.observe(lambda _: self._draw_options(), "value")
        super().__init__(vignette, log, rng)

    @property
    def order(self) -> list[int]:
        """The file's index of each choice, in the order the slide shows them."""
        return self.round.file_index if self.round else []

    def _extra_controls(self) -> list[w.Widget]:
        return [self.follow, self.continue_button]

    def _show_extra(self, stage: str) -> None:
        for widget in (self.follow, self.continue_button):
            widget.layout.display = SHOWN if stage == "revealed" else HIDDEN

    def _new_round(self) -> Round | None:
        run = self.run
        if run.ended:
            return None
        node = run.vignette.nodes[run.current]
        order = new_order(len(node.choices), self.rng)
        self.follow.options = [(_("Option {n}").format(n=k + 1), i) for k, i in enumerate(order)]
        scored = _("{feedback} (score {score})")
        return Round(run.current, _("Scene {n}").format(n=run.scene_number), markdown.block(node.text),
                     [node.choices[i].label for i in order],
                     [scored.format(feedback=node.choices[i].feedback, score=node.choices[i].score) for i in order],
                     order, list(node.discuss))

    def _revealed(self) -> None:
        votes = [c.value for c in self.counts]
        self.follow.value = self.order[votes.index(max(votes))]

    def _followed(self, shown: int) -> bool:
        return self.stage == "revealed" and self.order[shown] == self.follow.value

    def continue_(self) -> None:
        assert self.round is not None and self.stage == "revealed"
        choice = self.run.vignette.nodes[self.run.current].choices[self.follow.value]
        self._log(action="follow", step=self.run.current, followed=markdown.plain(choice.label),
                  choice=self.follow.value)
        self.run.choose(self.follow.value)
        self._show_round()

    def _can_go_back(self) -> bool:
        return bool(self.run.path)

    def _step_back(self) -> None:
        self.run.back()

    def _start_over(self) -> None:
        self.run.restart()

    def _ended_html(self) -> str:
        return ending_summary(self.run, N_("The room's path"))

    def _replay(self, events: list[dict]) -> str | None:
        self.run.restart()
        for event in events:
            action = event.get("action")
            if action == "back":
                self.run.back()
            elif action == "follow":
                node = self.run.vignette.nodes.get(self.run.current)
                choice = event.get("choice")
                if (self.run.ended or node is None or event.get("step") != self.run.current
                        or not isinstance(choice, int) or not 0 <= choice < len(node.choices)):
                    return None   # the case has changed since: start it afresh
                self.run.choose(choice)
        if not self.run.path:
            return None
        made, time = len(self.run.path), events[-1].get("time", "")[11:16]
        if self.run.ended:
            return _n("the ending, after {n} choice (last at {time} UTC)",
                      "the ending, after {n} choices (last at {time} UTC)", made).format(n=made, time=time)
        return _n("scene {scene}, after {n} choice (last at {time} UTC)",
                  "scene {scene}, after {n} choices (last at {time} UTC)", made).format(
                      scene=self.run.scene_number, n=made, time=time)


def resume_point(log: SessionLog, item_id: str) -> list[dict] | None:
    """The events of the room's last run of an item in this log, unless that run ended with a Restart."""
    if not log.path.exists():
        return None
    events, _ = read_logs([log.path])
    group = [e for e in events if e.get("item") == item_id and e.get("mode") == "group" and e.get("run")]
    if not group or group[-1].get("action") == "restart":
        return None
    run = group[-1]["run"]
    return [e for e in group if e["run"] == run]
