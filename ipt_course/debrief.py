"""The workshop debrief: what the room chose in each session, question by question and scene by scene.

A session is one day's log (`session-YYYY-MM-DD.jsonl`; any other file is a session named by its stem).
Within a session, solo and group mode are kept apart; items follow the course's order, questions and
classify cases their quiz's order, scenes their numbers (the start scene first, as `render.scene_numbers`
gives them). Every option is listed, even with no votes, beside its count and two marks: "✓ best" (a
quiz's correct option or category, a case's highest-scored choice) and, for a group case, "→ the room
followed this". What the course no longer holds is still shown, flagged.

Votes are counted once per round, from `answer` and `reveal` events only; `follow` events give the
room's choice. Lines written before `action` existed are read as the writers of the time meant them
(see `actions`). `debrief` builds the tables; `debrief_markdown`, `debrief_html` and `debrief_page`
print them for the terminal, the summary notebook and paper.
"""
from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from html import escape, unescape
from pathlib import Path

from babel.core import Locale, UnknownLocaleError
from babel.dates import format_date

from . import i18n, markdown
from .course import Course
from .i18n import N_, _, _n
from .model import Classify, Item, Quiz, Vignette
from .problems import Problem
from .render import scene_numbers
from .session_log import read_logs

ACTIONS = ("answer", "reveal", "follow", "back", "restart")
MODES = ("solo", "group")
BEST = N_("✓ best")
FOLLOWED = N_("→ the room followed this")
GONE = N_("(no longer in the course)")
SNIPPET = 90   # characters of a scene's or question's text shown beside its number, for recognition

_SESSION_FILE = re.compile(r"session-(\d{4}-\d{2}-\d{2})")
_CASE_STEP = re.compile(r"(?P<question>.+), case (?P<number>\d+)")


@dataclass(frozen=True)
class Logged:
    """One event and the session it belongs to (the log file it came from)."""
    session: str
    event: dict


def session_of(path: Path) -> str:
    """`session-2026-11-30.jsonl` -> `2026-11-30`; any other name -> its stem."""
    stem = Path(path).stem
    found = _SESSION_FILE.fullmatch(stem)
    return found.group(1) if found else stem


def read_sessions(paths: Sequence[Path]) -> tuple[list[Logged], list[Problem]]:
    """Every readable event of the logs with its session, and `read_logs`'s problem for each line
    (or file) that could not be read."""
    logged: list[Logged] = []
    problems: list[Problem] = []
    for path in paths:
        events, found = read_logs([Path(path)])
        logged += [Logged(session_of(path), event) for event in events]
        problems += found
    return logged, problems


def sessions_in(logged: Iterable[Logged]) -> list[str]:
    return sorted({entry.session for entry in logged})


def actions(event: dict) -> tuple[str, ...]:
    """What an event did. A line without `action` is from the first writers: a solo line is an answer;
    a group line with votes is a revealed round, and a group line with `followed` is also the room's
    choice (they logged one line per round, when the room moved on). An unknown action does nothing."""
    action = event.get("action")
    if action is not None:
        return (action,) if action in ACTIONS else ()
    if event.get("mode") != "group":
        return ("answer",)
    found = ("reveal",) if isinstance(event.get("votes"), dict) else ()
    return found + (("follow",) if isinstance(event.get("followed"), str) else ())


# --- the tables ----------------------------------------------------------------------------------

@dataclass(frozen=True)
class OptionCount:
    label: str        # plain text, as the widgets log it
    count: int        # votes or answers
    best: bool
    followed: int     # times the room followed it (group cases)
    known: bool       # still an option of this step in the course


@dataclass(frozen=True)
class StepDebrief:
    step: str         # as logged: a question id, "<question id>, case N", or a scene id
    title: str        # "Question 2", "Question 3, case 1", "Scene 4", in the interface's language
    text: str         # the start of the question, case or scene, to recognise it by
    known: bool
    options: list[OptionCount]

    @property
    def total(self) -> int:
        return sum(o.count for o in self.options)


@dataclass(frozen=True)
class ItemDebrief:
    item: str
    kind: str         # "quiz", "vignette" or, for an item neither the course nor the log describes, "item"
    title: str
    known: bool
    runs: int         # distinct run ids (lines from before runs were logged have none)
    steps: list[StepDebrief]


@dataclass(frozen=True)
class ModeDebrief:
    mode: str
    events: int
    runs: int
    items: list[ItemDebrief]


@dataclass(frozen=True)
class SessionDebrief:
    session: str
    events: int
    runs: int
    unnumbered: int   # events with no run id (logged before runs were)
    modes: list[ModeDebrief]

    @property
    def day(self) -> date | None:
        try:
            return date.fromisoformat(self.session)
        except ValueError:
            return None


@dataclass
class _Tally:
    """The raw counts of one item in one mode of one session."""
    kinds: set[str] = field(default_factory=set)
    votes: dict[str, Counter[str]] = field(default_factory=lambda: defaultdict(Counter))
    follows: dict[str, Counter[str]] = field(default_factory=lambda: defaultdict(Counter))
    runs: set[str] = field(default_factory=set)

    def add(self, event: dict) -> None:
        if isinstance(event.get("kind"), str):
            self.kinds.add(event["kind"])
        if isinstance(event.get("run"), str):
            self.runs.add(event["run"])
        done = actions(event)
        step = str(event.get("step", ""))
        votes = event.get("votes")
        if ("answer" in done or "reveal" in done) and isinstance(votes, dict):
            for label, count in votes.items():
                if isinstance(count, int) and not isinstance(count, bool) and count >= 0:
                    self.votes[step][str(label)] += count
        if "follow" in done and isinstance(event.get("followed"), str):
            self.follows[step][event["followed"]] += 1


def debrief(logged: Iterable[Logged], course: Course, session: str | None = None,
            mode: str | None = None) -> list[SessionDebrief]:
    """Per session (in date order), per mode (solo first), per item (in course order, then unknown
    ids), per step (in case order): every option with its count and marks. `session` and `mode`
    keep only that session or mode."""
    chosen = [e for e in logged if (session is None or e.session == session)
              and (mode is None or e.event.get("mode") == mode)]
    order = {item_id: i for i, item_id in enumerate(course.items)}
    result = []
    for name in sessions_in(chosen):
        events = [e.event for e in chosen if e.session == name]
        modes = []
        for mode_name in sorted({str(e.get("mode")) for e in events}, key=_mode_order):
            in_mode = [e for e in events if str(e.get("mode")) == mode_name]
            tallies: dict[str, _Tally] = defaultdict(_Tally)
            for event in in_mode:
                tallies[event["item"]].add(event)
            ids = sorted(tallies, key=lambda i: (order.get(i, len(order)), i))
            items = [_item(i, course.items.get(i), tallies[i]) for i in ids]
            modes.append(ModeDebrief(mode_name, len(in_mode), _runs(in_mode), [i for i in items if i.steps]))
        result.append(SessionDebrief(name, len(events), _runs(events),
                                     sum(not isinstance(e.get("run"), str) for e in events), modes))
    return result


def _mode_order(mode: str) -> tuple[int, str]:
    return (MODES.index(mode) if mode in MODES else len(MODES), mode)


def _runs(events: list[dict]) -> int:
    return len({(e.get("mode"), e["item"], e["run"]) for e in events if isinstance(e.get("run"), str)})


def _item(item_id: str, item: Item | None, tally: _Tally) -> ItemDebrief:
    runs = len(tally.runs)
    if isinstance(item, Quiz):
        return ItemDebrief(item_id, "quiz", item.title, True, runs, _quiz_steps(item, tally))
    if isinstance(item, Vignette):
        return ItemDebrief(item_id, "vignette", item.title, True, runs, _vignette_steps(item, tally))
    kind = next(iter(tally.kinds)) if len(tally.kinds) == 1 else "item"
    steps = [_step(step, step, "", False, [], tally.votes.get(step, Counter()), tally.follows.get(step, Counter()))
             for step in sorted(set(tally.votes) | set(tally.follows))]
    return ItemDebrief(item_id, kind, item_id, False, runs, steps)


def _quiz_steps(quiz: Quiz, tally: _Tally) -> list[StepDebrief]:
    """Questions in the quiz's order, a classify question's cases in theirs. A solo classify answer is
    one line for the whole question ("case text → category" per case); it is counted per case here,
    like a group round."""
    questions = {q.id: q for q in quiz.questions}
    votes: dict[tuple[str, int | None], Counter[str]] = defaultdict(Counter)
    for step, counts in tally.votes.items():
        for label, count in counts.items():
            question, index, option = _place(questions, step, label)
            votes[question, index][option] += count
    steps = []
    for number, q in enumerate(quiz.questions, 1):
        if isinstance(q, Classify):
            for i, case in enumerate(q.cases):
                if (q.id, i) in votes:
                    title = _("Question {n}, case {case}").format(n=number, case=i + 1)
                    steps.append(_step(f"{q.id}, case {i + 1}", title, case.text, True,
                                       [(c, c == case.category) for c in q.categories], votes.pop((q.id, i))))
            if (q.id, None) in votes:   # answers that name no current case
                steps.append(_step(q.id, _("Question {n}").format(n=number), q.prompt, True, [],
                                   votes.pop((q.id, None))))
        elif (q.id, None) in votes:
            steps.append(_step(q.id, _("Question {n}").format(n=number), q.prompt, True,
                               [(o.text, o.correct) for o in q.options], votes.pop((q.id, None))))
    for (question, index), counts in sorted(votes.items(), key=lambda kv: (kv[0][0], kv[0][1] or 0)):
        step = question if index is None else f"{question}, case {index + 1}"
        steps.append(_step(step, step, "", False, [], counts))
    return steps


def _place(questions: dict, step: str, label: str) -> tuple[str, int | None, str]:
    """Where a logged label belongs: (question id, classify case index or None, option label)."""
    found = _CASE_STEP.fullmatch(step)
    if found and isinstance(questions.get(found["question"]), Classify):
        return found["question"], int(found["number"]) - 1, label
    q = questions.get(step)
    if isinstance(q, Classify):
        for i, case in enumerate(q.cases):
            prefix = f"{markdown.plain(case.text)} → "
            if label.startswith(prefix):
                return step, i, label[len(prefix):]
    return step, None, label


def _vignette_steps(v: Vignette, tally: _Tally) -> list[StepDebrief]:
    steps = []
    numbers = scene_numbers(v)
    for nid in sorted(numbers, key=numbers.__getitem__):
        if nid in tally.votes or nid in tally.follows:
            choices = v.nodes[nid].choices
            best = max(c.score for c in choices)
            steps.append(_step(nid, _("Scene {n}").format(n=numbers[nid]), v.nodes[nid].text, True,
                               [(c.label, c.score == best) for c in choices],
                               tally.votes.get(nid, Counter()), tally.follows.get(nid, Counter())))
    for step in sorted((set(tally.votes) | set(tally.follows)) - set(numbers)):
        steps.append(_step(step, step, "", False, [], tally.votes.get(step, Counter()),
                           tally.follows.get(step, Counter())))
    return steps


def _step(step: str, title: str, text: str, known: bool, options: list[tuple[str, bool]],
          counts: Counter[str], follows: Counter[str] | None = None) -> StepDebrief:
    """The course's options in their file order (logged as plain text), then any other logged label."""
    follows = follows or Counter()
    rows, used = [], set()
    for option, best in options:
        names = {option, markdown.plain(option)}
        used |= names
        rows.append(OptionCount(markdown.plain(option), sum(counts[n] for n in names), best,
                                sum(follows[n] for n in names), True))
    others = sorted((set(counts) | set(follows)) - used, key=lambda label: (-counts[label], label))
    rows += [OptionCount(label, counts[label], False, follows[label], False) for label in others]
    return StepDebrief(step, title, _snippet(text), known, rows)


def _snippet(text: str) -> str:
    plain = " ".join(unescape(re.sub(r"<[^>]+>", " ", markdown.block(text))).split()) if text else ""
    if len(plain) <= SNIPPET:
        return plain
    return plain[:SNIPPET].rsplit(" ", 1)[0].rstrip(",;:.") + "…"


# --- printing ------------------------------------------------------------------------------------

KIND_NAMES = {cls.kind: cls.label for cls in (Quiz, Vignette)}   # shown through _, as is ITEM
ITEM = N_("Item")   # the kind of anything else logged
MODE_NAMES = {"solo": N_("Solo mode"), "group": N_("Group mode")}
MODES_USED = {("solo",): N_("Solo mode."), ("group",): N_("Group mode."), ("solo", "group"): N_("Solo and group mode.")}


def _events(n: int) -> str:
    return _n("{n} event", "{n} events", n).format(n=n)


def _runs_of(n: int) -> str:
    return _n("{n} run", "{n} runs", n).format(n=n)


def session_title(s: SessionDebrief) -> str:
    """The session's day in the interface's language (in English, New Zealand's "Monday 30 November 2026")."""
    day = s.day
    if not day:
        return _("Session: {name}").format(name=s.session)
    try:
        locale = Locale.parse(i18n.language().replace("-", "_"))
    except (UnknownLocaleError, ValueError):
        locale = Locale.parse(i18n.SOURCE_LANGUAGE)
    written = format_date(day, "EEEE d MMMM y" if locale.language == "en" else "full", locale=locale)
    return _("Session of {date}").format(date=written)


def session_facts(s: SessionDebrief) -> str:
    """Modes, events and runs: "Solo and group mode. 57 events in 4 runs." """
    modes = tuple(m.mode for m in s.modes)
    said = _(MODES_USED[modes]) if modes in MODES_USED else _("Modes: {modes}.").format(modes=", ".join(modes))
    if s.unnumbered == s.events:
        facts = _n("{n} event, logged before runs were recorded.", "{n} events, logged before runs were recorded.",
                   s.events).format(n=s.events)
    elif s.unnumbered:
        # Translators: {events} is "N events", {runs} "N runs", {older} "N events"
        facts = _("{events} in {runs}, and {older} logged before runs were recorded.").format(
            events=_events(s.events), runs=_runs_of(s.runs), older=_events(s.unnumbered))
    else:
        # Translators: {events} is "N events", {runs} "N runs"
        facts = _("{events} in {runs}.").format(events=_events(s.events), runs=_runs_of(s.runs))
    return f"{said} {facts}"


def _kind_title(item: ItemDebrief) -> str:
    # Translators: an item of the course as the debrief names it: its kind (Quiz, Case, Item) and its title
    return _("{kind}: {title}").format(kind=_(KIND_NAMES.get(item.kind, ITEM)), title=item.title)


def _item_title(item: ItemDebrief) -> str:
    return _kind_title(item) + ("" if item.known else f" {_(GONE)}")


def _item_facts(item: ItemDebrief) -> str:
    if not item.runs:
        return _("id {id}").format(id=item.item)
    # Translators: {runs} is "N runs"
    return _("id {id}, {runs}").format(id=item.item, runs=_runs_of(item.runs))


def _step_gone(step: StepDebrief, item: ItemDebrief) -> bool:
    """A step the course no longer holds, in an item it does (an unknown item is flagged once, itself)."""
    return item.known and not step.known


def _option_gone(option: OptionCount, step: StepDebrief, item: ItemDebrief) -> bool:
    return item.known and step.known and not option.known


def _quoted(text: str) -> str:
    # Translators: the start of a question or scene, quoted with this language's quotation marks
    return _("“{text}”").format(text=text)


def _step_title(step: StepDebrief, item: ItemDebrief) -> str:
    flag = f" {_(GONE)}" if _step_gone(step, item) else ""
    return step.title + flag + (f": {_quoted(step.text)}" if step.text else "")


def _option_label(option: OptionCount, step: StepDebrief, item: ItemDebrief) -> str:
    return option.label + (f" {_(GONE)}" if _option_gone(option, step, item) else "")


def _followed(option: OptionCount) -> str:
    if option.followed > 1:
        return _n("→ the room followed this ({n} time)", "→ the room followed this ({n} times)",
                  option.followed).format(n=option.followed)
    return _(FOLLOWED) if option.followed else ""


def _shows_room(mode: ModeDebrief, item: ItemDebrief) -> bool:
    return mode.mode == "group" and item.kind == "vignette"


def debrief_markdown(sessions: list[SessionDebrief]) -> str:
    """A heading per session, mode and item, and a table per item, for the terminal."""
    if not sessions:
        return _("No answers have been logged yet.")
    # Translators: the debrief table's columns: step, option, how many chose it, best option, the room's choice
    head = [_("Question or scene"), _("Option"), _("Chosen"), _("Best"), _("The room")]
    out: list[str] = []
    for s in sessions:
        out += [f"# {session_title(s)}", "", session_facts(s), ""]
        for mode in s.modes:
            out += [f"## {_mode_name(mode)}", ""]
            if not mode.items:
                out += [_("No answers or votes."), ""]
            for item in mode.items:
                room = _shows_room(mode, item)
                columns = head if room else head[:4]
                out += [f"### {_item_title(item)} ({_item_facts(item)})", "",
                        "| " + " | ".join(_cell(c) for c in columns) + " |", "|" + " --- |" * len(columns)]
                for step in item.steps:
                    for k, option in enumerate(step.options):
                        cells = [_step_title(step, item) if k == 0 else "", _option_label(option, step, item),
                                 str(option.count), _(BEST) if option.best else ""]
                        cells += [_followed(option)] if room else []
                        out.append("| " + " | ".join(_cell(c) for c in cells) + " |")
                out.append("")
    return "\n".join(out).rstrip() + "\n"


def _cell(text: str) -> str:
    return " ".join(text.split()).replace("|", "\\|")


def _mode_name(mode: ModeDebrief) -> str:
    return _(MODE_NAMES[mode.mode]) if mode.mode in MODE_NAMES else mode.mode


SCREEN_CSS = """
.ipt-debrief table { border-collapse: collapse; width: 100%; margin: 0.4em 0 1.2em; }
.ipt-debrief th, .ipt-debrief td { text-align: left; vertical-align: top; padding: 0.25em 0.5em;
  border-bottom: 1px solid rgba(128, 128, 128, 0.45); }
.ipt-debrief thead th { border-bottom: 2px solid currentColor; font-size: 0.9em; }
.ipt-debrief tbody th { padding-top: 0.7em; font-weight: bold; border-bottom: 1px solid currentColor; }
.ipt-debrief td.ipt-count { white-space: nowrap; width: 11em; }
.ipt-debrief td.ipt-marks { white-space: nowrap; width: 14em; }
.ipt-debrief .ipt-track { display: inline-block; width: 6.4em; }
.ipt-debrief .ipt-bar { display: inline-block; height: 0; vertical-align: middle; max-width: 6em;
  border-top: 0.75em solid currentColor; }
.ipt-debrief tr.ipt-best td.ipt-option { font-weight: bold; }
.ipt-debrief .ipt-gone { font-style: italic; }
.ipt-debrief .ipt-facts { margin: 0.2em 0 0.6em; }
.ipt-debrief h4 .ipt-id { font-weight: normal; font-size: 0.85em; }
"""

PRINT_CSS = """
@page { size: A4; margin: 14mm 12mm; }
html { color: #000; background: #fff; font: 10pt/1.35 "DejaVu Sans", Arial, Helvetica, sans-serif; }
body { margin: 0 auto; max-width: 60em; padding: 1em; }
.ipt-debrief h2 { font-size: 1.5em; margin: 0 0 0.2em; }
.ipt-debrief h3 { font-size: 1.2em; margin: 1em 0 0.3em; border-bottom: 2px solid #000; }
.ipt-debrief h4 { font-size: 1.05em; margin: 0.9em 0 0.2em; }
.ipt-session { break-after: page; }
.ipt-session:last-child { break-after: auto; }
.ipt-debrief h2, .ipt-debrief h3, .ipt-debrief h4, .ipt-debrief p.ipt-facts { break-after: avoid; }
.ipt-debrief tbody, .ipt-debrief tr { break-inside: avoid; }
.ipt-debrief thead { display: table-header-group; }
@media print { body { padding: 0; max-width: none; } }
"""


def debrief_html(sessions: list[SessionDebrief], heading_level: int = 2) -> str:
    """The debrief as HTML with its own screen style (the notebook shows it); `debrief_page` makes it a
    printable page."""
    if not sessions:
        return f"<p>{escape(_('No answers have been logged yet.'))}</p>"
    h = max(1, min(heading_level, 4))
    parts = [f"<style>{SCREEN_CSS}</style>"]
    for s in sessions:
        parts.append(f'<section class="ipt-session"><h{h}>{escape(session_title(s))}</h{h}>'
                     f'<p class="ipt-facts">{escape(session_facts(s))}</p>')
        for mode in s.modes:
            parts.append(f'<section class="ipt-mode"><h{h + 1}>{escape(_mode_name(mode))}</h{h + 1}>')
            if not mode.items:
                parts.append(f"<p>{escape(_('No answers or votes.'))}</p>")
            parts += [_item_html(mode, item, h + 2) for item in mode.items]
            parts.append("</section>")
        parts.append("</section>")
    return f'<div class="ipt-debrief">{"".join(parts)}</div>'


def _item_html(mode: ModeDebrief, item: ItemDebrief, h: int) -> str:
    room = _shows_room(mode, item)
    title = escape(_kind_title(item))
    gone = "" if item.known else f' <span class="ipt-gone">{escape(_(GONE))}</span>'
    # Translators: a column of the debrief's table: how many votes (group mode) or answers (solo) each option had
    verb = _("Votes") if mode.mode == "group" else _("Answers")
    marks = _("Best; the room’s choice") if room else _("Best")
    head = (f'<thead><tr><th scope="col">{escape(_("Option"))}</th><th scope="col">{escape(verb)}</th>'
            f'<th scope="col">{escape(marks)}</th></tr></thead>')
    return (f'<section class="ipt-item"><h{h}>{title}{gone} <span class="ipt-id">({escape(_item_facts(item))})'
            f'</span></h{h}><table>{head}{"".join(_step_html(step, item) for step in item.steps)}</table></section>')


def _step_html(step: StepDebrief, item: ItemDebrief) -> str:
    gone = f' <span class="ipt-gone">{escape(_(GONE))}</span>' if _step_gone(step, item) else ""
    text = f': <span class="ipt-snippet">{escape(_quoted(step.text))}</span>' if step.text else ""
    most = max((o.count for o in step.options), default=0) or 1
    rows = []
    for option in step.options:
        share = f" ({100 * option.count / step.total:.0f}%)" if step.total else ""
        marks = [m for m in (_(BEST) if option.best else "", _followed(option)) if m]
        flag = f' <span class="ipt-gone">{escape(_(GONE))}</span>' if _option_gone(option, step, item) else ""
        best = ' class="ipt-best"' if option.best else ""
        rows.append(f'<tr{best}>'
                    f'<td class="ipt-option">{escape(option.label)}{flag}</td>'
                    f'<td class="ipt-count"><span class="ipt-track"><span class="ipt-bar" '
                    f'style="width:{6 * option.count / most:.1f}em"></span></span>{option.count}{share}</td>'
                    f'<td class="ipt-marks">{"<br>".join(escape(m) for m in marks)}</td></tr>')
    return (f'<tbody><tr><th scope="rowgroup" colspan="3">{escape(step.title)}{gone}{text}</th></tr>'
            f'{"".join(rows)}</tbody>')


def debrief_page(sessions: list[SessionDebrief], title: str | None = None) -> str:
    """One self-contained printable HTML page (inline CSS, no scripts, nothing fetched): A4, each
    session starting on a new page, readable in black and white."""
    return ("<!DOCTYPE html>\n"
            f'<html lang="{escape(i18n.language())}"><head><meta charset="utf-8">'
            '<meta name="viewport" content="width=device-width">'
            f"<title>{escape(title or _('Workshop debrief'))}</title><style>{PRINT_CSS}</style></head>"
            f"<body>{debrief_html(sessions)}</body></html>\n")
