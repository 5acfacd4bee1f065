"""The training-case log: validation with lines, the identifier guard, atomic saves, figures, summary."""
from __future__ import annotations

import json
import os
import re
import stat
import textwrap
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from ipt_course.caselog import (
    CaseLog,
    add_session,
    check_caselog,
    dump_caselog,
    find_identifiers,
    load_caselog,
    save_caselog,
    summary_html,
    supervision_summary,
    symptom_trajectory,
)
from ipt_course.figures import closeness_circle_figure, render_inventory
from ipt_course.loader import load_file
from ipt_course.problems import ContentError, Problem

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "notebooks" / "example-case-log.yml"

HEAD = """\
pseudonym: "Client Q"
focus: grief
sessions:
"""


def session(number: int, phase: str = "initial", extra: str = "phq9: 12") -> str:
    lines = [f"  - number: {number}", f"    phase: {phase}", "    risk_checked: true"]
    lines += [f"    {line}" for line in extra.splitlines()]
    return "\n".join(lines) + "\n"


def write(tmp_path: Path, text: str, name: str = "log.yml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def problems_of(tmp_path: Path, text: str) -> list[str]:
    path = write(tmp_path, text)
    result = load_caselog(path)
    assert isinstance(result, list), "expected problems"
    return [f"{p.line}: {p.message}" for p in result]


@pytest.fixture(scope="module")
def example() -> CaseLog:
    log = load_caselog(EXAMPLE)
    assert isinstance(log, CaseLog), log
    return log


# --- validation ---------------------------------------------------------------------------------

def test_a_valid_log_loads(tmp_path):
    log = load_caselog(write(tmp_path, HEAD + session(1) + session(2, "middle", "hrsd: 20\nadherence: 4")))
    assert isinstance(log, CaseLog)
    assert [s.number for s in log.sessions] == [1, 2]
    assert log.sessions[1].hrsd == 20 and log.sessions[1].phq9 is None and log.perinatal is False


def test_the_example_is_valid_and_as_described(example):
    assert example.pseudonym == "Client R" and example.focus == "role-transition"
    assert [s.number for s in example.sessions] == list(range(1, 15))
    assert example.sessions[0].phq9 == 18 and example.sessions[-1].phq9 == 4
    assert [s.number for s in example.sessions if s.hrsd is not None] == [1, 8, 14]
    assert [s.number for s in example.sessions if not s.risk_checked] == [9]
    assert 5 <= len(example.people) <= 6


@pytest.mark.parametrize("bad, what", [
    ("notes: a: b", "a ': ' inside a value"),   # plain words, not the parser's
    ('notes: "unclosed', "a quotation mark opens text that is never closed"),
    ("\tnotes: tab", "a tab character; YAML indents with spaces only"),
])
def test_yaml_syntax_error_has_its_line(tmp_path, bad, what):
    text = HEAD + session(1) + session(2, "middle", f"phq9: 3\n{bad}")
    [problem] = problems_of(tmp_path, text)
    assert problem.startswith("12: YAML syntax error: ") and what in problem  # the line of `bad`
    assert "while " not in problem and "token" not in problem   # no parser jargon


def test_a_control_character_is_a_problem_at_its_line(tmp_path):
    assert problems_of(tmp_path, HEAD + session(1, extra="phq9: 3\nnotes: bell\x07")) == [
        "8: the file holds a character YAML does not allow (special characters are not allowed, #x0007); delete it"]


def test_duplicate_key_is_a_syntax_error_at_its_line(tmp_path):
    [problem] = problems_of(tmp_path, HEAD + session(1, extra="phq9: 12\nphq9: 13"))
    assert problem.startswith("8: YAML syntax error") and "duplicate key" in problem


@pytest.mark.parametrize("text", ["", "- a\n- b\n", "just text\n"])
def test_a_log_must_be_a_mapping(tmp_path, text):
    assert problems_of(tmp_path, text) == ["1: the file must be a mapping of fields (pseudonym:, focus:, sessions:), "
                                           "not a list, a single value or nothing"]


def test_an_unreadable_file_is_a_problem_not_a_traceback(tmp_path):
    [problem] = load_caselog(tmp_path / "nowhere.yml")
    assert problem.line == 1 and problem.message.startswith("cannot read the log")


def test_unknown_field_suggests_the_right_one(tmp_path):
    assert problems_of(tmp_path, HEAD + session(1, extra="phq9: 12\nnote: fine")) == [
        "8: sessions › #1: unknown field 'note'; did you mean 'notes'? allowed here: number, phase, phq9, hrsd, "
        "epds, risk_checked, risk_notes, techniques, supervision, adherence, notes"]


def test_missing_fields_are_named(tmp_path):
    text = 'pseudonym: "Client Q"\nsessions:\n  - number: 1\n    phase: initial\n    phq9: 3\n'
    assert problems_of(tmp_path, text) == [
        "1: top level: missing required field 'focus'; add `focus: …`",
        "3: sessions › #1: missing required field 'risk_checked'; add `risk_checked: …`",
    ]


@pytest.mark.parametrize("extra, expected", [
    ("phq9: '14'", "7: sessions › #1 › phq9: should be a whole number, not text '14'"),
    ("phq9: 14.5", "7: sessions › #1 › phq9: should be a whole number, not a number 14.5"),
    ("phq9: 12\nsupervision: yes", "8: sessions › #1 › supervision: should be true or false, not text 'yes'"),
    ("phq9: 12\ntechniques: role play", "8: sessions › #1 › techniques: should be a list (one entry per line, "
                                        "each starting with '- '), not text 'role play'"),
])
def test_wrong_types(tmp_path, extra, expected):
    assert problems_of(tmp_path, HEAD + session(1, extra=extra)) == [expected]


@pytest.mark.parametrize("extra, expected", [
    ("phq9: 31", "sessions › #1: phq9 is 31; PHQ-9 totals run from 0 to 27"),
    ("phq9: -1", "sessions › #1: phq9 is -1; PHQ-9 totals run from 0 to 27"),
    ("hrsd: 53", "sessions › #1: hrsd is 53; HRSD totals run from 0 to 52"),
    ("phq9: 3\nadherence: 6", "sessions › #1: adherence is 6; adherence self-ratings run from 1 to 5"),
    ("phq9: 3\nadherence: 0", "sessions › #1: adherence is 0; adherence self-ratings run from 1 to 5"),
])
def test_out_of_range_scores_say_the_range(tmp_path, extra, expected):
    line = 4 + 3 + extra.count("\n")  # the last line of the session
    assert problems_of(tmp_path, HEAD + session(1, extra=extra)) == [f"{line}: {expected}"]


def test_epds_range_in_a_perinatal_log(tmp_path):
    text = HEAD.replace("focus: grief", "focus: grief\nperinatal: true") + session(1, extra="epds: 31")
    assert problems_of(tmp_path, text) == ["8: sessions › #1: epds is 31; EPDS totals run from 0 to 30"]


def test_inventory_and_focus_errors(tmp_path):
    text = ('pseudonym: "Client Q"\nfocus: griefs\npeople:\n  - name: Aunt\n    ring: 4\n    quality: close\n'
            "sessions: []\n")
    assert problems_of(tmp_path, text) == [
        "2: focus: 'griefs' is not allowed; use one of 'grief', 'role-dispute', 'role-transition' or "
        "'interpersonal-deficits'",
        "5: people › #1: ring is 4; rings run from 1 (closest) to 3 (furthest out)",
        "6: people › #1 › quality: 'close' is not allowed; use one of 'supportive', 'mixed', 'conflict' or 'distant'",
    ]
    many = "".join(f"  - name: Friend {i}\n    ring: 3\n    quality: distant\n" for i in range(13))
    assert problems_of(tmp_path, 'pseudonym: "Client Q"\nfocus: grief\npeople:\n' + many + "sessions: []\n") == [
        "3: people: 13 people listed; the closeness circle holds at most 12, so keep the ones who matter most "
        "to the focus"]


def test_session_number_must_start_at_one(tmp_path):
    assert problems_of(tmp_path, HEAD + session(0)) == ["4: sessions › #1: number is 0; session numbers start at 1"]


def test_a_missing_session_is_named_at_the_gap(tmp_path):
    text = HEAD + session(1) + session(2) + session(4) + session(6)
    assert problems_of(tmp_path, text) == [
        "12: sessions › #3 › number: session 3 is missing: sessions must be numbered 1, 2, 3… without gaps",
        "16: sessions › #4 › number: session 5 is missing: sessions must be numbered 1, 2, 3… without gaps",
    ]


def test_a_log_must_start_at_session_one(tmp_path):
    assert problems_of(tmp_path, HEAD + session(2)) == [
        "4: sessions › #1 › number: session 1 is missing: sessions must be numbered 1, 2, 3… without gaps"]


def test_duplicate_and_out_of_order_sessions(tmp_path):
    assert problems_of(tmp_path, HEAD + session(1) + session(2) + session(2)) == [
        "12: sessions › #3 › number: session 2 appears twice (also #2); give each session its own number"]
    assert problems_of(tmp_path, HEAD + session(1) + session(3) + session(2)) == [
        "8: sessions › #2 › number: session 2 is missing: sessions must be numbered 1, 2, 3… without gaps",
        "12: sessions › #3 › number: session 2 is listed after session 3; list the sessions in order",
    ]


def test_phases_run_in_order(tmp_path):
    text = HEAD + session(1) + session(2, "middle") + session(3, "termination") + session(4, "middle")
    assert problems_of(tmp_path, text) == [
        "17: sessions › #4 › phase: session 4 is 'middle' after a 'termination' session; phases run "
        "initial → middle → termination"]
    text = HEAD + session(1) + session(2, "middle") + session(3, "initial")
    assert problems_of(tmp_path, text) == [
        "13: sessions › #3 › phase: session 3 is 'initial' after a 'middle' session; phases run "
        "initial → middle → termination"]


def test_a_bad_phase_name_lists_the_phases(tmp_path):
    assert problems_of(tmp_path, HEAD + session(1, "beginning")) == [
        "5: sessions › #1 › phase: 'beginning' is not allowed; use one of 'initial', 'middle' or 'termination'"]


def test_epds_needs_a_perinatal_log(tmp_path):
    assert problems_of(tmp_path, HEAD + session(1, extra="epds: 12")) == [
        "7: sessions › #1 › epds: EPDS is for the perinatal period, and this log is not marked perinatal; add "
        "`perinatal: true` at the top, or record PHQ-9 or HRSD instead"]
    perinatal = HEAD.replace("focus: grief", "focus: role-transition\nperinatal: true")
    assert isinstance(load_caselog(write(tmp_path, perinatal + session(1, extra="epds: 12"))), CaseLog)


def test_every_session_needs_a_score(tmp_path):
    assert problems_of(tmp_path, HEAD + session(1) + session(2, extra="adherence: 3")) == [
        "8: sessions › #2: session 2 has no score; add at least one of phq9, hrsd"]


def test_every_problem_is_reported_at_once(tmp_path):
    text = ('pseudonym: "Client Q"\nfocus: grief\nsessions:\n'
            + session(1, extra="phq9: 40") + session(3, "initial", "hrsd: 10\nnotes: call 021 123 4567"))
    assert problems_of(tmp_path, text) == [
        "7: sessions › #1: phq9 is 40; PHQ-9 totals run from 0 to 27",
        "8: sessions › #2 › number: session 2 is missing: sessions must be numbered 1, 2, 3… without gaps",
        "12: sessions › #2 › notes: looks like a phone number ('021 123 4567'); remove it: the log must not "
        "identify anyone",
    ]


def test_problems_print_as_path_line_message(tmp_path):
    path = write(tmp_path, HEAD + session(1, extra="phq9: 31"))
    [problem] = load_caselog(path)
    assert str(problem) == f"{path}:7: sessions › #1: phq9 is 31; PHQ-9 totals run from 0 to 27"


# --- the identifier guard -----------------------------------------------------------------------

IDENTIFYING = [
    ("NHI ABC1234 on the referral", "an NHI number", "ABC1234"),
    ("new NHI ABC12DE", "an NHI number", "ABC12DE"),
    ("ZZZ0016", "an NHI number", "ZZZ0016"),
    ("wrote to r.smith@example.co.nz", "an email address", "r.smith@example.co.nz"),
    ("mobile 021 123 4567", "a phone number", "021 123 4567"),
    ("+64 9 123 4567", "a phone number", "+64 9 123 4567"),
    ("work (09) 123-4567", "a phone number", "(09) 123-4567"),
    ("027-123-4567", "a phone number", "027-123-4567"),
    ("021.123.4567", "a phone number", "021.123.4567"),
    ("0211234567", "a phone number", "0211234567"),
    ("0800 123 456", "a phone number", "0800 123 456"),
    ("seen 12/03/2024", "a full date", "12/03/2024"),
    ("on 2024-03-12", "a full date", "2024-03-12"),
    ("12 March 2024", "a full date", "12 March 2024"),
    ("March 12, 2024", "a full date", "March 12, 2024"),
    ("born 12th Mar 2024", "a full date", "12th Mar 2024"),
    ("the 5th of June 1990", "a full date", "5th of June 1990"),
    ("lives at 12 Smith Street", "a street address", "12 Smith Street"),
    ("4B Queen St", "a street address", "4B Queen St"),
    ("221 Great South Road", "a street address", "221 Great South Road"),
    ("flat 2/14 Kauri Cres", "a street address", "2/14 Kauri Cres"),
]

CLINICAL = ["session 12", "PHQ-9 of 14", "12–16 sessions", "12-16 sessions", "week 3", "March 2024",
            "HRSD 19.4 to 8.3", "item 9", "St John's wort", "4 hours a week", "aged 34", "aged 34 Close friend",
            "scores 18 16 15 12 10", "between 2019-2023", "PHQ9, GAD7, DSM5, ICD10, COVID19", "10.30-11.30",
            "sessions 1, 2, 3, 4, 5, 6, 7", "abc1234", "ABI1234", "Dr and nurse", "1/2 of baseline",
            "PHQ-9 18 → 4 over 14 sessions (−78%)", "in May 2023, for 3 weeks"]


@pytest.mark.parametrize("text, kind, found", IDENTIFYING, ids=[t for t, _, _ in IDENTIFYING])
def test_identifiers_are_found(text, kind, found):
    assert find_identifiers(text) == [(kind, found)]


@pytest.mark.parametrize("text", CLINICAL)
def test_ordinary_clinical_text_passes(text):
    assert find_identifiers(text) == []


@pytest.mark.parametrize("text, kind, found", IDENTIFYING, ids=[t for t, _, _ in IDENTIFYING])
def test_the_guard_says_what_and_where(tmp_path, text, kind, found):
    body = HEAD + session(1) + session(2) + session(3, extra=f"phq9: 9\nnotes: {json.dumps(text)}")
    path = write(tmp_path, body)
    assert [str(p) for p in load_caselog(path)] == [
        f"{path}:16: sessions › #3 › notes: looks like {kind} ('{found}'); remove it: the log must not identify anyone"]


def test_every_free_text_field_is_guarded(tmp_path):
    text = textwrap.dedent("""\
        pseudonym: "Client ABC1234"
        focus: grief
        people:
          - name: "Aunt at 3 Kowhai Lane"
            ring: 1
            quality: supportive
        sessions:
          - number: 1
            phase: initial
            phq9: 12
            risk_checked: true
            risk_notes: "crisis team on 0800 123 456"
            techniques:
              - "role play"
              - "letter sent to a@b.nz"
            notes: 2024-03-12
        """)
    assert problems_of(tmp_path, text) == [
        "1: pseudonym: looks like an NHI number ('ABC1234'); remove it: the log must not identify anyone",
        "4: people › #1 › name: looks like a street address ('3 Kowhai Lane'); remove it: the log must not "
        "identify anyone",
        "12: sessions › #1 › risk_notes: looks like a phone number ('0800 123 456'); remove it: the log must not "
        "identify anyone",
        "15: sessions › #1 › techniques › #2: looks like an email address ('a@b.nz'); remove it: the log must not "
        "identify anyone",
        "16: sessions › #1 › notes: looks like a full date ('2024-03-12'); remove it: the log must not identify "
        "anyone",
        "16: sessions › #1 › notes: should be text (put it in quotes), not date datetime.date(2024, 3, 12)",
    ]


def test_two_identifiers_in_one_note_are_both_reported():
    assert find_identifiers("email r@x.org or call 021 123 4567 after 12/03/2024") == [
        ("an email address", "r@x.org"), ("a phone number", "021 123 4567"), ("a full date", "12/03/2024")]


def test_save_refuses_identifying_text_and_writes_nothing(tmp_path, example):
    last = example.sessions[-1].model_copy(update={"notes": "Texted 021 123 4567"})
    bad = example.model_copy(update={"sessions": [*example.sessions[:-1], last]})
    target = tmp_path / "log.yml"
    with pytest.raises(ContentError) as refused:
        save_caselog(bad, target)
    [problem] = refused.value.problems
    assert problem.path == target and "sessions › #14 › notes: looks like a phone number ('021 123 4567')" in \
        problem.message
    assert dump_caselog(bad).splitlines()[problem.line - 1].strip().startswith("notes:")
    assert list(tmp_path.iterdir()) == []
    assert check_caselog(bad) == [Problem(Path("case-log.yml"), problem.line, problem.message)]


# --- saving -------------------------------------------------------------------------------------

def test_save_after_load_round_trips(tmp_path, example):
    target = tmp_path / "log.yml"
    save_caselog(example, target)
    again = load_caselog(target)
    assert again == example
    first = target.read_bytes()
    save_caselog(again, target)
    assert target.read_bytes() == first, "saving is deterministic"
    assert first.startswith(b"# De-identified IPT training-case log")
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert [p.name for p in tmp_path.iterdir()] == ["log.yml"]


def test_multi_line_notes_round_trip(tmp_path, example):
    first = example.sessions[0].model_copy(update={"notes": "Line one: with a colon.\n# not a comment\n"})
    log = example.model_copy(update={"sessions": [first, *example.sessions[1:]]})
    save_caselog(log, tmp_path / "log.yml")
    assert load_caselog(tmp_path / "log.yml") == log


def test_a_failed_replace_leaves_the_old_log_and_no_temporary_file(tmp_path, example, monkeypatch):
    target = tmp_path / "log.yml"
    save_caselog(example, target)
    old = target.read_bytes()

    def crash(src, dst):
        raise OSError("disk pulled out")

    monkeypatch.setattr(os, "replace", crash)
    shorter = example.model_copy(update={"sessions": example.sessions[:5]})
    with pytest.raises(OSError, match="disk pulled out"):
        save_caselog(shorter, target)
    assert target.read_bytes() == old
    assert [p.name for p in tmp_path.iterdir()] == ["log.yml"]


def test_a_failed_write_leaves_the_old_log_and_no_temporary_file(tmp_path, example, monkeypatch):
    target = tmp_path / "log.yml"
    save_caselog(example, target)
    old = target.read_bytes()

    def full_disk(fd):
        raise OSError("no space left on device")

    monkeypatch.setattr(os, "fsync", full_disk)
    with pytest.raises(OSError, match="no space"):
        save_caselog(example.model_copy(update={"sessions": example.sessions[:3]}), target)
    assert target.read_bytes() == old
    assert [p.name for p in tmp_path.iterdir()] == ["log.yml"]


def test_save_syncs_the_file_before_the_rename_and_the_folder_after(tmp_path, example, monkeypatch):
    events: list[str] = []
    real_fsync, real_replace = os.fsync, os.replace

    def fsync(fd):
        events.append("fsync folder" if stat.S_ISDIR(os.fstat(fd).st_mode) else "fsync file")
        real_fsync(fd)

    def replace(src, dst):
        assert Path(src).parent == Path(dst).parent == tmp_path / "sub", "the temporary file is in the same folder"
        events.append("replace")
        real_replace(src, dst)

    monkeypatch.setattr(os, "fsync", fsync)
    monkeypatch.setattr(os, "replace", replace)
    save_caselog(example, tmp_path / "sub" / "log.yml")
    assert events == ["fsync file", "replace", "fsync folder"]


def test_add_session_checks_the_new_entry(example):
    shorter = example.model_copy(update={"sessions": example.sessions[:13]})
    longer = add_session(shorter, number=14, phase="termination", phq9=4, hrsd=7, risk_checked=True,
                         techniques=["reviewing progress"])
    assert longer.sessions[-1].phq9 == 4 and len(longer.sessions) == 14
    with pytest.raises(ContentError) as refused:
        add_session(shorter, number=15, phase="middle", phq9=4, risk_checked=True, notes="at 12 Smith Street")
    messages = [p.message for p in refused.value.problems]
    assert sorted(messages) == [
        "sessions › #14 › notes: looks like a street address ('12 Smith Street'); remove it: the log must not "
        "identify anyone",
        "sessions › #14 › number: session 14 is missing: sessions must be numbered 1, 2, 3… without gaps",
        "sessions › #14 › phase: session 15 is 'middle' after a 'termination' session; phases run initial → "
        "middle → termination",
    ]
    assert {p.path for p in refused.value.problems} == {Path("case-log.yml")}


def test_add_session_to_a_log_that_did_not_load_raises_its_problems(tmp_path):
    problems = load_caselog(write(tmp_path, HEAD + session(1, extra="phq9: 31")))
    with pytest.raises(ContentError) as refused:
        add_session(problems, number=2, phase="middle", phq9=3, risk_checked=True)
    assert refused.value.problems == problems


# --- figures ------------------------------------------------------------------------------------

def _svg(html: str) -> ET.Element:
    svg = re.search(r"<svg.*</svg>", html, re.S).group()
    return ET.fromstring(svg)


def test_trajectory_figure(example):
    html = symptom_trajectory(example)
    assert html.startswith('<figure class="ipt-figure" id="ipt-caselog-trajectory">')
    svg = _svg(html)  # well-formed
    NS = "{http://www.w3.org/2000/svg}"
    assert svg.get("role") == "img"
    alt = svg.find(f"{NS}title").text
    phq9 = ", ".join(f"{s.phq9} at session {s.number}" for s in example.sessions)
    assert f"PHQ-9 (circles, solid line): {phq9}." in alt
    assert "HRSD (squares, dashed line): 21 at session 1, 14 at session 8, 7 at session 14." in alt
    assert ("PHQ-9: remission below 5, response 9 or below (half the baseline of 18). HRSD: remission 7 or below, "
            "response 10.5 or below (half the baseline of 21).") in alt
    assert "initial, sessions 1–3; middle, sessions 4–11; termination, sessions 12–14" in alt
    texts = [t.text for t in svg.iter(f"{NS}text")]
    assert {"initial", "middle", "termination"} <= set(texts)
    for label in ("remission: below 5", "response: 9 or below", "remission: 7 or below", "response: 10.5 or below"):
        assert label in texts
    assert "PHQ-9 (0–27; lower is better)" in texts and "HRSD (0–52; lower is better)" in texts
    dashes = {p.get("stroke-dasharray") for p in svg.iter(f"{NS}polyline")}
    assert dashes == {None, "7 4"}, "each scale has its own line pattern"
    assert len(list(svg.iter(f"{NS}rect"))) >= 3 + 3 + 1, "phase bands and HRSD's square markers"
    assert "<figcaption>" in html and "commonly used thresholds" in html
    table = html[html.index("<details"):]
    assert table.count("<tr>") == 1 + 14
    assert '<tr><th scope="row">9</th><td>middle</td><td>10</td><td>not scored</td></tr>' in table


def test_trajectory_of_a_perinatal_log_uses_triangles_and_the_epds_threshold():
    log = CaseLog.model_validate({"pseudonym": "Client P", "focus": "role-transition", "perinatal": True,
                                  "sessions": [{"number": 1, "phase": "initial", "epds": 19, "risk_checked": True},
                                               {"number": 2, "phase": "middle", "epds": 12, "risk_checked": True}]})
    html = symptom_trajectory(log)
    svg = _svg(html)
    assert svg.find("{http://www.w3.org/2000/svg}polygon") is not None
    assert "remission: below 10" in html and "response: 9.5 or below" in html
    assert "EPDS (triangles, dotted line): 19 at session 1, 12 at session 2." in html
    assert "Remission (EPDS below 10): not reached." in supervision_summary(log)


def test_trajectory_without_scores_says_so():
    log = CaseLog.model_validate({"pseudonym": "Client N", "focus": "grief", "sessions": []})
    assert "No scores logged yet" in symptom_trajectory(log)
    assert "No sessions logged yet." in supervision_summary(log)


def test_closeness_circle_of_the_log(example):
    html = closeness_circle_figure(example.pseudonym, example.people)
    _svg(html)
    assert 'id="ipt-caselog-circle"' in html
    assert "Closeness circle for Client R, who is at the centre. closest: Partner (mixed), Mother (overseas)" in html
    assert html.count("<tr>") == 1 + len(example.people)


def test_render_inventory_is_unchanged():
    """The notebook's stored output is the inventory as rendered before the circle was shared."""
    inventory, _ = load_file(ROOT / "content" / "inventories" / "first-sessions.yml")
    notebook = json.loads((ROOT / "notebooks" / "first-sessions.ipynb").read_text(encoding="utf-8"))
    stored = ["".join(out["data"]["text/html"]) for cell in notebook["cells"] if cell["cell_type"] == "code"
              for out in cell["outputs"] if "ipt-inventory" in "".join(out.get("data", {}).get("text/html", ""))]
    assert stored == [render_inventory(inventory)]
    circle = closeness_circle_figure(inventory.patient, inventory.people, figure_id="ipt-figure-first-sessions-circle",
                                     centre_r=22)
    assert circle in render_inventory(inventory)


# --- the summary --------------------------------------------------------------------------------

def test_summary_of_the_example(example):
    text = supervision_summary(example)
    assert text.startswith("### Supervision summary: Client R\n\n> **Risk was not checked in session 9.**")
    for part in ["- **Focus:** role transition", "- **Sessions logged:** 14",
                 "- **Current phase:** termination (session 14)",
                 "- **PHQ-9:** baseline 18 (session 1), latest 4 (session 14): down 14 points (−78%).",
                 "Response (a fall of 50% or more from baseline, to 9 or below): reached.",
                 "Remission (PHQ-9 below 5): reached.",
                 "- **HRSD:** baseline 21 (session 1), latest 7 (session 14): down 14 points (−67%).",
                 "Remission (HRSD 7 or below): reached.",
                 "commonly used thresholds, not rules",
                 "Risk was checked in 13 of 14 sessions. **Not checked: session 9.**",
                 "- communication analysis: 4 sessions", "- symptom review: 1 session",
                 "Discussed in supervision: sessions 1–3, 5–9, 11–12, 14 (11 of 14). Not yet discussed: "
                 "sessions 4, 10, 13.",
                 "Mean self-rating 3.7 of 5 over 14 rated sessions (lowest 2, in session 6)."]:
        assert part in text, part
    assert "Perinatal" not in text


def _log(*scores: int, risk: bool = True, **extra) -> CaseLog:
    return CaseLog.model_validate({"pseudonym": "Client S", "focus": "role-dispute", "sessions": [
        {"number": n, "phase": "initial" if n == 1 else "middle", "phq9": v, "risk_checked": risk, **extra}
        for n, v in enumerate(scores, 1)]})


def test_summary_without_response_or_remission():
    text = supervision_summary(_log(20, 16, 12))
    assert "down 8 points (−40%)" in text
    assert "to 10 or below): not reached." in text and "Remission (PHQ-9 below 5): not reached." in text


def test_summary_response_without_remission_and_a_rise():
    assert "Response (a fall of 50% or more from baseline, to 10 or below): reached." in supervision_summary(_log(20, 10))
    assert "Remission (PHQ-9 below 5): not reached." in supervision_summary(_log(20, 10))
    assert "up 3 points (+25%)" in supervision_summary(_log(12, 15))


def test_summary_with_one_score_waits_for_a_later_one():
    assert "baseline 14 (session 1); response and remission need a later score." in supervision_summary(_log(14))


def test_summary_when_risk_was_always_checked_and_nothing_else_recorded():
    text = supervision_summary(_log(10, 9))
    assert "Risk was checked at every session logged (2 of 2)." in text and "> **Risk" not in text
    assert "No techniques logged yet." in text
    assert "No session has been discussed in supervision yet." in text
    assert "No adherence self-ratings yet" in text


def test_summary_flags_every_session_without_a_risk_check():
    text = supervision_summary(_log(10, 9, 8, risk=False))
    assert "> **Risk was not checked in sessions 1–3.**" in text


def test_summary_html_is_safe_markdown():
    log = CaseLog.model_validate({"pseudonym": "<script>alert(1)</script> *x*", "focus": "grief", "sessions": [
        {"number": 1, "phase": "initial", "phq9": 9, "risk_checked": False, "techniques": ["<b>role</b> | play"]}]})
    html = summary_html(log)
    assert "<script>" not in html and "<b>" not in html and "<em>" not in html
    assert "&lt;script&gt;" in html
    assert "<blockquote>\n<p><strong>Risk was not checked in session 1.</strong>" in html
