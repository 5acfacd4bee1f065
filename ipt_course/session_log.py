"""The workshop session log: one JSON object per line, appended whole and flushed to disk.

Each event is written with a single `write` on a file opened for appending, then `fsync`ed, so a
killed kernel leaves at most a torn final line. Before writing, a log that does not end with a
newline (a torn line from an earlier crash) gets one, so the torn fragment stays on a line of its
own: readers report it and skip it, and every complete event is kept.
"""
from __future__ import annotations

import json
import os
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Literal, Required, TypedDict

from typing_extensions import Unpack

from .problems import Problem

WORKSHOP_DIR = "workshop"


class Event(TypedDict, total=False):
    """The fields of one log line (ARCHITECTURE.md describes each), so every writer is type-checked
    against one schema; `append` adds the `time`. Lines written before `run` and `action` existed
    have neither: each is an answer (solo) or a revealed round that the room also followed (group)."""
    mode: Required[Literal["solo", "group"]]
    item: Required[str]
    kind: Literal["quiz", "vignette"]
    run: str          # one pass of an item in one mode (kept when a room resumes after a restart)
    action: Literal["answer", "reveal", "follow", "back", "restart"]
    step: str         # the question id (group classify: "<id>, case N") or the scene id; not on back/restart
    votes: dict[str, int]   # answer: the chosen labels, 1 each; reveal: the room's counts
    counted: Literal["typed", "phones"]   # reveal: how the votes were counted
    correct: bool     # solo quizzes: was the answer right
    followed: str     # follow: the choice's label
    choice: int       # follow: the choice's index in the file (what resume replays)


@dataclass(frozen=True)
class SessionLog:
    path: Path

    @classmethod
    def for_today(cls, folder: Path) -> SessionLog:
        return cls(Path(folder) / f"session-{date.today().isoformat()}.jsonl")

    @classmethod
    def for_course(cls, root: Path) -> SessionLog:
        """Today's log in the course's `workshop/` folder (kept out of git)."""
        return cls.for_today(Path(root) / WORKSHOP_DIR)

    def append(self, **event: Unpack[Event]) -> dict:
        """Record one event (with a UTC timestamp) as one complete line; returns what was written."""
        record = {"time": datetime.now(UTC).isoformat(timespec="seconds"), **event}
        line = (json.dumps(record, ensure_ascii=False, separators=(",", ":")) + "\n").encode("utf-8")
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.path, os.O_RDWR | os.O_APPEND | os.O_CREAT, 0o600)
        try:
            if _ends_torn(fd):
                line = b"\n" + line
            os.write(fd, line)
            os.fsync(fd)
        finally:
            os.close(fd)
        return record


def _ends_torn(fd: int) -> bool:
    size = os.fstat(fd).st_size
    return size > 0 and os.pread(fd, 1, size - 1) != b"\n"


def read_logs(paths: list[Path]) -> tuple[list[dict], list[Problem]]:
    """Every complete event in the logs, and a problem for each line that could not be read."""
    events: list[dict] = []
    problems: list[Problem] = []
    for path in paths:
        try:
            lines = Path(path).read_bytes().split(b"\n")
        except OSError as err:
            problems.append(Problem(Path(path), 1, f"cannot read the log ({err.strerror})"))
            continue
        for number, raw in enumerate(lines, 1):
            if not raw.strip():
                continue
            try:
                event = json.loads(raw)
            except (UnicodeDecodeError, json.JSONDecodeError):
                event = None
            if isinstance(event, dict) and isinstance(event.get("item"), str):
                events.append(event)
            else:
                problems.append(Problem(Path(path), number, "unreadable line skipped (it may have been cut "
                                                           "short by a crash); the other lines are kept"))
    return events, problems
