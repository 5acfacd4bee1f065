"""The training-case log: a de-identified record of a supervised IPT case, kept session by session.

A trainee keeps the log in YAML on their own machine and brings its summary and figures to
supervision. Reading it reports every problem as `path:line: message` (never a traceback):
YAML syntax, unknown, missing or mistyped fields, out-of-range scores, gaps and repeats in the
session numbers, phases out of order, EPDS outside a perinatal log, and anything that looks like
an identifier (an NHI number, an email address, a phone number, a full date, a street address).
Saving runs the same checks and writes atomically, so a crash never leaves half a log.
"""
from __future__ import annotations

import contextlib
import io
import os
import re
import tempfile
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any, Literal

from pydantic import Field, ValidationError
from pydantic_core import ErrorDetails
from ruamel.yaml import YAML
from ruamel.yaml.scalarstring import LiteralScalarString

from . import markdown
from .loader import Loc, Source, data_loc, parse_yaml, place, pydantic_message
from .model import Person, Text, _Strict
from .problems import ContentError, Problem

Focus = Literal["grief", "role-dispute", "role-transition", "interpersonal-deficits"]
Phase = Literal["initial", "middle", "termination"]
PHASES: tuple[str, ...] = ("initial", "middle", "termination")


class SessionEntry(_Strict):
    """One session: its number and phase, at least one score, the risk check and what was done."""

    number: int = Field(ge=1)
    phase: Phase
    phq9: int | None = Field(default=None, ge=0, le=27)
    hrsd: int | None = Field(default=None, ge=0, le=52)
    epds: int | None = Field(default=None, ge=0, le=30)
    """Only in a perinatal log (`perinatal: true`)."""
    risk_checked: bool
    risk_notes: Text | None = None
    techniques: list[Text] = []
    supervision: bool = False
    """Discussed in supervision."""
    adherence: int | None = Field(default=None, ge=1, le=5)
    """Self-rated adherence to the model, 1 to 5."""
    notes: Text | None = None


class CaseLog(_Strict):
    """A de-identified log of one supervised IPT case."""

    pseudonym: Text
    focus: Focus
    perinatal: bool = False
    people: list[Person] = Field(default=[], max_length=12)
    """The interpersonal inventory, drawn as a closeness circle."""
    sessions: list[SessionEntry]


@dataclass(frozen=True)
class Scale:
    """A symptom scale: its range and the commonly used remission threshold (lower scores are better)."""

    key: str
    label: str
    maximum: int
    remission: int
    inclusive: bool
    """Whether a score equal to `remission` counts as remission ('7 or below' rather than 'below 5')."""

    @property
    def remission_words(self) -> str:
        return f"{self.remission} or below" if self.inclusive else f"below {self.remission}"

    def in_remission(self, score: int) -> bool:
        return score <= self.remission if self.inclusive else score < self.remission


SCALES: dict[str, Scale] = {
    "phq9": Scale("phq9", "PHQ-9", 27, 5, False),
    "hrsd": Scale("hrsd", "HRSD", 52, 7, True),
    "epds": Scale("epds", "EPDS", 30, 10, False),
}

RANGES = {
    "phq9": "PHQ-9 totals run from 0 to 27",
    "hrsd": "HRSD totals run from 0 to 52",
    "epds": "EPDS totals run from 0 to 30",
    "adherence": "adherence self-ratings run from 1 to 5",
    "number": "session numbers start at 1",
    "ring": "rings run from 1 (closest) to 3 (furthest out)",
}

HEADER = ("# De-identified IPT training-case log, kept for supervision on your own machine.\n"
          "# Never record names, initials, NHI numbers, dates of birth, addresses, phone numbers,\n"
          "# email addresses or full dates: use the pseudonym and session numbers.\n")


# --- reading and checking -----------------------------------------------------------------------

def load_caselog(path: str | Path) -> CaseLog | list[Problem]:
    """A log from its YAML file, or every problem that stops it (sorted, each with its line)."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as err:
        return [Problem(path, 1, f"cannot read the log ({err}); save it as UTF-8 text")]
    return parse_caselog(text, path)


def parse_caselog(text: str, path: str | Path = "case-log.yml") -> CaseLog | list[Problem]:
    """A log from YAML text; `path` names the file in the problems."""
    path = Path(path)
    parsed = parse_yaml(text, path, "pseudonym:, focus:, sessions:")
    if isinstance(parsed, list):
        return parsed
    data, source = parsed
    problems = identifier_problems(data, source) + _session_problems(data, source)
    try:
        log = CaseLog.model_validate(data)
    except ValidationError as err:
        problems += [Problem(path, source.line(*data_loc(data, e["loc"])), _message(data, e))
                     for e in err.errors()]
        log = None
    return sorted(set(problems)) if problems or log is None else log


def check_caselog(log: CaseLog, path: str | Path = "case-log.yml") -> list[Problem]:
    """Every problem in a log built in memory, located in the file `save_caselog` would write."""
    result = parse_caselog(dump_caselog(log), path)
    return result if isinstance(result, list) else []


def add_session(log: CaseLog | list[Problem], *, path: str | Path = "case-log.yml", **fields: Any) -> CaseLog:
    """The log with one more session, checked like a loaded log (identifiers included).

    `log` may be what `load_caselog` returned: if that was a list of problems, they are raised.
    Raises `ContentError` with the problems, located in the log as `save_caselog` writes it to
    `path` (so the lines match a log that was last saved with `save_caselog`).
    """
    if isinstance(log, list):  # the problems `load_caselog` returned: stop on them, clearly
        raise ContentError(log)
    data = _document(log)
    data["sessions"] = [*data["sessions"], fields]
    result = parse_caselog(_yaml_text(data), path)
    if isinstance(result, list):
        raise ContentError(result)
    return result


def _message(data: Any, error: ErrorDetails) -> str:
    loc = data_loc(data, error["loc"])
    name = loc[-1] if loc else ""
    if error["type"] in ("greater_than_equal", "less_than_equal") and name in RANGES:
        return f"{place(data, loc[:-1])}: {name} is {error.get('input')}; {RANGES[name]}"
    if error["type"] == "too_long" and name == "people":
        return (f"people: {error['ctx'].get('actual_length')} people listed; the closeness circle holds at most "
                "12, so keep the ones who matter most to the focus")
    return pydantic_message(CaseLog, data, error)


def _int(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _session_problems(data: Any, source: Source) -> list[Problem]:
    """The rules that need several sessions or the whole log: numbering, phase order, scores, EPDS."""
    sessions = data.get("sessions") if isinstance(data, dict) else None
    if not isinstance(sessions, list):
        return []
    problems: list[Problem] = []

    def problem(loc: Loc, message: str) -> None:
        problems.append(Problem(source.path, source.line(*loc), f"{place(data, loc)}: {message}"))

    perinatal = data.get("perinatal") is True
    seen: dict[int, int] = {}  # session number -> its position
    expected, top_phase = 1, None
    for index, entry in enumerate(sessions):
        if not isinstance(entry, dict):
            continue
        here: Loc = ("sessions", index)
        number = _int(entry.get("number"))
        if number is not None and number >= 1:
            if number in seen:
                problem(here + ("number",), f"session {number} appears twice (also #{seen[number] + 1}); "
                                            "give each session its own number")
            elif number < expected:
                problem(here + ("number",), f"session {number} is listed after session {expected - 1}; "
                                            "list the sessions in order")
            else:
                for gap in range(expected, number):
                    problem(here + ("number",), f"session {gap} is missing: sessions must be numbered 1, 2, "
                                                "3… without gaps")
                expected = number + 1
            seen.setdefault(number, index)
        label = f"session {number}" if number is not None else f"session #{index + 1}"
        phase = entry.get("phase")
        if phase in PHASES:
            if top_phase is not None and PHASES.index(phase) < PHASES.index(top_phase):
                problem(here + ("phase",), f"{label} is '{phase}' after a '{top_phase}' session; phases run "
                                           "initial → middle → termination")
            elif top_phase is None or PHASES.index(phase) > PHASES.index(top_phase):
                top_phase = phase
        if "epds" in entry and entry["epds"] is not None and not perinatal:
            problem(here + ("epds",), "EPDS is for the perinatal period, and this log is not marked perinatal; "
                                      "add `perinatal: true` at the top, or record PHQ-9 or HRSD instead")
        if all(entry.get(key) is None for key in SCALES):
            problem(here, f"{label} has no score; add at least one of phq9, hrsd"
                          f"{' or epds' if perinatal else ''}")
    return problems


# --- the identifier guard -----------------------------------------------------------------------

_MONTHS = (r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
           r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)")
_DAY = r"(?:0?[1-9]|[12]\d|3[01])(?:st|nd|rd|th)?"
_STREET_TYPES = ("Street|St|Road|Rd|Avenue|Ave|Drive|Dr|Lane|Ln|Place|Pl|Terrace|Tce|Crescent|Cres|Way|Court|Ct"
                 "|Highway|Hwy|Parade|Pde|Close|Grove|Boulevard|Blvd|Square|Sq|Quay|Mews|Rise")
# NHI letters are A-Z without I and O.
_NHI = r"[A-HJ-NP-Z]{3}(?:\d{4}|\d{2}[A-HJ-NP-Z]{2})"

IDENTIFIERS: list[tuple[str, re.Pattern[str]]] = [
    # Earlier kinds win where matches overlap (a date is not also reported as a phone number).
    ("an email address", re.compile(r"[\w.%+-]+@[\w-]+(?:\.[\w-]+)*\.[A-Za-z]{2,}")),
    ("an NHI number", re.compile(rf"\b{_NHI}\b")),
    ("a full date", re.compile(
        r"\b(?:\d{1,2}([/.-])\d{1,2}\1(?:\d{4}|\d{2})"             # 12/03/2024, 12.03.24
        r"|\d{4}([/.-])\d{1,2}\2\d{1,2}"                           # 2024-03-12
        rf"|{_DAY}\s+(?:of\s+)?{_MONTHS}\.?,?\s+\d{{4}}"           # 12 March 2024, 12th of Mar 2024
        rf"|{_MONTHS}\.?\s+{_DAY},?\s+\d{{4}})\b", re.IGNORECASE)),  # March 12, 2024
    ("a street address", re.compile(
        rf"\b\d{{1,5}}[A-Za-z]?(?:/\d{{1,5}}[A-Za-z]?)?,?\s+(?:[A-Z][\w'’-]*\s+){{1,3}}(?:{_STREET_TYPES})\b(?!['’])")),
    ("a phone number", re.compile(
        r"(?<![\w.+/-])(?:\+\d{1,3}[\s.-]?)?(?:\(\d{1,4}\)[\s.-]?)?\d+(?:[\s.-]\d+)*(?![\w])")),
]


def _is_phone(text: str) -> bool:
    """7 to 15 digits that look like a phone number rather than a list of scores or a span of years."""
    digits = re.sub(r"\D", "", text)
    if not 7 <= len(digits) <= 15:
        return False
    groups = re.findall(r"\d+", text)
    if len(groups) > 1 and all(len(g) == 4 and g[:2] in ("19", "20") for g in groups):
        return False  # 2019-2024
    if len(groups) > 1 and "." in text and not re.search(r"\d\.\d+\.\d", text):
        return False  # decimals: 19.4 8.3
    return text.startswith(("+", "(", "0")) or any(len(g) >= 3 for g in groups)


def _is_date(match: re.Match[str]) -> bool:
    numbers = [int(n) for n in re.findall(r"\d+", match.group())]
    if not re.search(r"[A-Za-z]{3}", match.group()):  # all numbers: one must be a month
        if numbers[0] > 31:  # year first: 2024-03-12
            return 1 <= numbers[1] <= 12 and 1 <= numbers[2] <= 31
        return 1 <= numbers[0] <= 31 and 1 <= numbers[1] <= 31 and min(numbers[0], numbers[1]) <= 12
    return True


def find_identifiers(text: str) -> list[tuple[str, str]]:
    """What in `text` looks like an identifier: (kind, the matching text), in the order they appear."""
    found: list[tuple[int, str, str]] = []
    taken: list[tuple[int, int]] = []
    for kind, pattern in IDENTIFIERS:
        for match in pattern.finditer(text):
            start, end = match.span()
            if any(start < b and a < end for a, b in taken):
                continue
            if kind == "a phone number" and not _is_phone(match.group()):
                continue
            if kind == "a full date" and not _is_date(match):
                continue
            taken.append((start, end))
            found.append((start, kind, match.group()))
    return [(kind, value) for _, kind, value in sorted(found)]


def identifier_problems(data: Any, source: Source) -> list[Problem]:
    """A problem for each identifier in any value of the log (free text above all, but every field)."""
    problems: list[Problem] = []

    def walk(value: Any, loc: Loc) -> None:
        if isinstance(value, dict):
            for key, item in value.items():
                walk(item, loc + (key,))
        elif isinstance(value, list):
            for index, item in enumerate(value):
                walk(item, loc + (index,))
        elif value is not None and not isinstance(value, bool):
            text = value.isoformat() if isinstance(value, (date, datetime)) else str(value)
            for kind, found in find_identifiers(text):
                problems.append(Problem(source.path, source.line(*loc),
                                        f"{place(data, loc)}: looks like {kind} ('{found}'); remove it: "
                                        "the log must not identify anyone"))

    walk(data, ())
    return problems


# --- writing ------------------------------------------------------------------------------------

def _document(log: CaseLog) -> dict:
    """The log as plain data in field order, leaving out what is empty or not recorded."""
    doc: dict[str, Any] = {"pseudonym": log.pseudonym, "focus": log.focus, "perinatal": log.perinatal}
    if log.people:
        doc["people"] = [p.model_dump() for p in log.people]
    doc["sessions"] = [{k: v for k, v in s.model_dump().items() if v is not None and v != []}
                       for s in log.sessions]
    return doc


def _yaml_text(data: dict) -> str:
    def block(value: Any) -> Any:
        if isinstance(value, dict):
            return {k: block(v) for k, v in value.items()}
        if isinstance(value, list):
            return [block(v) for v in value]
        return LiteralScalarString(value) if isinstance(value, str) and "\n" in value else value

    yaml = YAML(typ="rt")
    yaml.indent(mapping=2, sequence=4, offset=2)
    yaml.width = 100
    out = io.StringIO()
    yaml.dump(block(data), out)
    return HEADER + out.getvalue()


def dump_caselog(log: CaseLog) -> str:
    """The YAML text `save_caselog` writes."""
    return _yaml_text(_document(log))


def save_caselog(log: CaseLog, path: str | Path) -> None:
    """Write the log as YAML, atomically; refuse (raise `ContentError`) if it has any problem.

    The text goes to a temporary file in the same folder, is flushed and fsynced, and then
    replaces the target with `os.replace`; the folder is fsynced last. A crash at any point leaves
    either the old log or the new one, never a mixture. The file is readable by its owner only.
    """
    path = Path(path)
    text = dump_caselog(log)
    result = parse_caselog(text, path)
    if isinstance(result, list):
        raise ContentError(result)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, temp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as file:
            file.write(text.encode("utf-8"))
            file.flush()
            os.fsync(file.fileno())
        os.replace(temp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        raise
    _fsync_folder(path.parent)


def _fsync_folder(folder: Path) -> None:
    """Make the rename itself durable (POSIX; Windows cannot open a folder this way)."""
    if os.name == "nt":
        return
    fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


# --- the supervision summary --------------------------------------------------------------------

def _number(value: float) -> str:
    return f"{value:.0f}" if float(value).is_integer() else f"{value:.1f}"


def _ranges(numbers: list[int]) -> str:
    """1, 2, 3, 5 as '1–3, 5'."""
    parts: list[tuple[int, int]] = []
    for n in sorted(numbers):
        if parts and parts[-1][1] == n - 1:
            parts[-1] = (parts[-1][0], n)
        else:
            parts.append((n, n))
    return ", ".join(f"{a}" if a == b else f"{a}–{b}" for a, b in parts)


def _sessions_words(numbers: list[int]) -> str:
    return f"session{'s' * (len(numbers) != 1)} {_ranges(numbers)}"


def _md(text: str) -> str:
    """Log text as literal Markdown (the renderer already keeps raw HTML as text)."""
    return re.sub(r"([\\`*_\[\]#|<>!])", r"\\\1", " ".join(text.split()))


@dataclass(frozen=True)
class ScaleSummary:
    scale: Scale
    scores: list[tuple[int, int]]
    """(session number, score), in session order."""

    @property
    def baseline(self) -> tuple[int, int]:
        return self.scores[0]

    @property
    def latest(self) -> tuple[int, int]:
        return self.scores[-1]

    @property
    def response(self) -> bool:
        """A fall of at least 50% from baseline (a commonly used threshold)."""
        return len(self.scores) > 1 and self.baseline[1] > 0 and self.latest[1] <= self.baseline[1] / 2

    @property
    def remission(self) -> bool:
        return len(self.scores) > 1 and self.scale.in_remission(self.latest[1])


def scale_summaries(log: CaseLog) -> list[ScaleSummary]:
    """Each scale with at least one score, with its scores in session order."""
    ordered = sorted(log.sessions, key=lambda s: s.number)
    out = []
    for key, scale in SCALES.items():
        scores = [(s.number, getattr(s, key)) for s in ordered if getattr(s, key) is not None]
        if scores:
            out.append(ScaleSummary(scale, scores))
    return out


def _scale_lines(summary: ScaleSummary) -> list[str]:
    scale, (first_n, first), (last_n, last) = summary.scale, summary.baseline, summary.latest
    if len(summary.scores) == 1:
        return [f"- **{scale.label}:** baseline {first} (session {first_n}); response and remission need a "
                "later score."]
    change = last - first
    pct = f" ({'+' if change > 0 else '−'}{abs(change) / first:.0%})" if first and change else ""
    moved = (f"down {-change} point{'s' * (change != -1)}" if change < 0 else
             f"up {change} point{'s' * (change != 1)}" if change > 0 else "no change")
    half = _number(first / 2)
    return [
        f"- **{scale.label}:** baseline {first} (session {first_n}), latest {last} (session {last_n}): {moved}{pct}.",
        f"  - Response (a fall of 50% or more from baseline, to {half} or below): "
        f"{'reached' if summary.response else 'not reached'}.",
        f"  - Remission ({scale.label} {scale.remission_words}): {'reached' if summary.remission else 'not reached'}.",
    ]


def supervision_summary(log: CaseLog) -> str:
    """The log at a glance for supervision, as Markdown."""
    sessions = sorted(log.sessions, key=lambda s: s.number)
    numbers = [s.number for s in sessions]
    unchecked = [s.number for s in sessions if not s.risk_checked]
    out = [f"### Supervision summary: {_md(log.pseudonym)}", ""]
    if unchecked:
        out += [f"> **Risk was not checked in {_sessions_words(unchecked)}.** Ask about risk directly at every "
                "session; tell your supervisor, the same day if risk may have changed.", ""]
    out += [f"- **Focus:** {log.focus.replace('-', ' ')}",
            f"- **Sessions logged:** {len(sessions)}",
            f"- **Current phase:** {sessions[-1].phase} (session {sessions[-1].number})" if sessions else
            "- **Current phase:** not started",
            *(["- **Perinatal:** yes"] if log.perinatal else []), ""]
    if not sessions:
        return "\n".join(out + ["No sessions logged yet."])

    out += ["#### Scores", ""]
    summaries = scale_summaries(log)
    for summary in summaries:
        out += _scale_lines(summary)
    out += ["", "Response and remission here use commonly used thresholds, not rules: response is a fall of "
            "50% or more from the baseline score; remission is " +
            ", ".join(f"{s.label} {s.remission_words}" for s in SCALES.values()) +
            ". Read them with the whole clinical picture, in supervision.", ""]

    out += ["#### Risk", ""]
    if unchecked:
        out.append(f"Risk was checked in {len(sessions) - len(unchecked)} of {len(sessions)} sessions. "
                   f"**Not checked: {_sessions_words(unchecked)}.**")
    else:
        out.append(f"Risk was checked at every session logged ({len(sessions)} of {len(sessions)}).")
    notes = [s for s in sessions if s.risk_notes]
    if notes:
        out += ["", "Risk notes:", ""] + [f"- Session {s.number}: {_md(s.risk_notes or '')}" for s in notes]
    out.append("")

    out += ["#### Techniques", ""]
    counts: dict[str, list] = {}
    for s in sessions:
        for technique in dict.fromkeys(t.strip() for t in s.techniques):
            counts.setdefault(technique.casefold(), [technique, 0])[1] += 1
    ranked = sorted(counts.values(), key=lambda tc: -tc[1])  # stable: ties keep their first appearance
    out += [f"- {_md(t)}: {c} session{'s' * (c != 1)}" for t, c in ranked] or ["No techniques logged yet."]
    out.append("")

    out += ["#### Supervision", ""]
    discussed = [s.number for s in sessions if s.supervision]
    not_yet = [n for n in numbers if n not in discussed]
    out.append(f"Discussed in supervision: {_sessions_words(discussed)} ({len(discussed)} of {len(sessions)})."
               if discussed else "No session has been discussed in supervision yet.")
    if discussed and not_yet:
        out[-1] += f" Not yet discussed: {_sessions_words(not_yet)}."
    out.append("")

    out += ["#### Adherence", ""]
    rated = [(s.number, s.adherence) for s in sessions if s.adherence is not None]
    if rated:
        mean = sum(a for _, a in rated) / len(rated)
        lowest = min(a for _, a in rated)
        low = [n for n, a in rated if a == lowest]
        out.append(f"Mean self-rating {mean:.1f} of 5 over {len(rated)} rated session{'s' * (len(rated) != 1)} "
                   f"(lowest {lowest}, in {_sessions_words(low)}).")
        rated_numbers = {n for n, _ in rated}
        unrated = [n for n in numbers if n not in rated_numbers]
        if unrated:
            out[-1] += f" Not rated: {_sessions_words(unrated)}."
    else:
        out.append("No adherence self-ratings yet; rate yourself after every session.")
    return "\n".join(out)


def summary_html(log: CaseLog) -> str:
    """The supervision summary as HTML."""
    return markdown.block(supervision_summary(log))
