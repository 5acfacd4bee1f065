"""A log on disk: reading it with every problem at its line, and saving it atomically.

Reading reports every problem as `path:line: message` (never a traceback): YAML syntax, unknown,
missing or mistyped fields, out-of-range scores, gaps and repeats in the session numbers, phases
out of order, EPDS outside a perinatal log, and identifiers. Saving runs the same checks and
writes atomically, so a crash never leaves half a log.
"""
from __future__ import annotations

import contextlib
import io
import os
import tempfile
from pathlib import Path
from typing import Any

from pydantic import ValidationError
from pydantic_core import ErrorDetails
from ruamel.yaml import YAML
from ruamel.yaml.scalarstring import LiteralScalarString

from ..loader import Loc, Source, data_loc, parse_yaml, place, pydantic_message
from ..problems import ContentError, Problem
from .identifiers import identifier_problems
from .model import PHASES, RANGES, SCALES, CaseLog

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
