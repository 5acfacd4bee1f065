"""The workshop session log never holds a partial or corrupt event, even when the kernel is killed."""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from ipt_course.session_log import SessionLog, read_logs

WRITER = """
import sys
from ipt_course.session_log import SessionLog
log = SessionLog(__import__("pathlib").Path(sys.argv[1]))
i = 0
while True:
    log.append(mode="group", item="new-mother", step=f"scene-{i}", votes={"Ask about the birth " * 20: i})
    i += 1
"""


def test_each_event_is_one_complete_json_line(tmp_path):
    log = SessionLog(tmp_path / "workshop" / "session.jsonl")
    first = log.append(mode="solo", item="q", step="a", votes={"Yes": 1})
    log.append(mode="group", item="v", step="start", votes={"A": 3, "B": 5}, followed="B")
    lines = log.path.read_text(encoding="utf-8").splitlines()
    assert [json.loads(line) for line in lines][0] == first
    assert json.loads(lines[1])["votes"] == {"A": 3, "B": 5} and json.loads(lines[1])["time"].endswith("+00:00")
    assert log.path.read_bytes().endswith(b"\n")


def test_a_killed_writer_leaves_only_complete_lines(tmp_path):
    path = tmp_path / "session.jsonl"
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])}
    for _ in range(3):  # kill it three times, each while it is writing as fast as it can
        start = path.stat().st_size if path.exists() else 0
        proc = subprocess.Popen([sys.executable, "-c", WRITER, str(path)], env=env)
        deadline = time.time() + 60   # generous: a loaded machine can be slow to start Python
        while (not path.exists() or path.stat().st_size < start + 20_000) and time.time() < deadline:
            time.sleep(0.01)
        proc.send_signal(signal.SIGKILL)
        proc.wait()
    events, problems = read_logs([path])
    assert problems == []
    assert len(events) >= 100 and all(e["item"] == "new-mother" for e in events)


def test_a_torn_line_is_reported_and_skipped_and_later_events_kept(tmp_path):
    log = SessionLog(tmp_path / "session.jsonl")
    log.append(mode="solo", item="q", step="a", votes={"Yes": 1})
    with open(log.path, "ab") as f:
        f.write(b'{"mode":"group","item":"v","ste')   # what a power cut mid-write could leave
    log.append(mode="solo", item="q", step="b", votes={"No": 1})
    events, problems = read_logs([log.path])
    assert [e["step"] for e in events] == ["a", "b"]
    assert [(p.line, "unreadable line skipped" in p.message) for p in problems] == [(2, True)]
    assert str(problems[0]).startswith(f"{log.path}:2: ")


def test_unreadable_and_missing_logs_are_reported_not_fatal(tmp_path):
    bad = tmp_path / "old.jsonl"
    bad.write_bytes(b'not json\n\xff\xfe\n["a list"]\n{"item": "q", "step": "x", "votes": {"A": 2}}\n')
    events, problems = read_logs([bad, tmp_path / "missing.jsonl"])
    assert len(events) == 1
    assert [p.line for p in problems if p.path == bad] == [1, 2, 3]
    assert any("cannot read the log" in p.message for p in problems)
