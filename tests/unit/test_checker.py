"""The content checker: every broken file is reported at the right line, with a useful message.

The corpus in `tests/fixtures/errors/content/` holds one broken file per case; the first line of
each file says what the checker must report for it: `# expect: LINE: SUBSTRING`.
"""
from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from ipt_course import ContentError, Course, Problem
from ipt_course.loader import load_file

ROOT = Path(__file__).resolve().parents[2]
ERRORS = ROOT / "tests" / "fixtures" / "errors"
SAMPLE = ROOT / "tests" / "fixtures" / "course"
DUPLICATES = ERRORS / "duplicates"
CORPUS = sorted((ERRORS / "content").rglob("*.yml"))
HEADER = re.compile(r"^# expect: (\d+): (.+)$")



def case_id(path: Path) -> str:
    return f"{path.parent.name}/{path.name}"


def expectation(path: Path) -> tuple[int, str]:
    first = path.read_text(encoding="utf-8").splitlines()[0]
    match = HEADER.match(first)
    assert match, f"{path} must start with '# expect: LINE: SUBSTRING', not {first!r}"
    return int(match[1]), match[2]


def _corpus_params():
    for path in CORPUS:
        yield pytest.param(path, id=case_id(path))


CORPUS_PARAMS = list(_corpus_params())


def problems_of(root: Path, paths: list[Path] | None = None) -> list[Problem]:
    with pytest.raises(ContentError) as info:
        Course.load(root, paths)
    return info.value.problems


# --- the corpus ----------------------------------------------------------------------------------

def test_corpus_covers_quizzes_vignettes_and_misplaced_files():
    kinds = {p.parent.name for p in CORPUS}
    assert {"quizzes", "vignettes", "other"} <= kinds
    assert len(CORPUS) >= 45
    for path in CORPUS:
        expectation(path)  # every file has a readable header


@pytest.mark.parametrize("path", CORPUS_PARAMS)
def test_broken_file_is_reported_at_the_expected_line(path: Path):
    line, substring = expectation(path)
    problems = problems_of(ERRORS, [path])
    reported = [f"{p.line}: {p.message}" for p in problems]
    assert any(p.line == line and substring in p.message for p in problems), \
        f"expected line {line} with {substring!r}; got {reported}"


@pytest.mark.parametrize("path", CORPUS_PARAMS)
def test_problems_name_only_that_file_and_carry_no_traceback(path: Path):
    problems = problems_of(ERRORS, [path])
    line_count = max(1, len(path.read_text(encoding="utf-8").splitlines()))
    for problem in problems:
        assert problem.path == path
        assert "Traceback" not in problem.message and "pydantic" not in problem.message.lower()
        assert str(problem) == f"{path}:{problem.line}: {problem.message}"
        assert 1 <= problem.line <= line_count, f"line {problem.line} is outside the file ({line_count} lines)"


def test_loading_the_whole_corpus_reports_every_file_at_once():
    problems = problems_of(ERRORS)
    assert {p.path for p in problems} == set(CORPUS)
    assert problems == sorted(problems)


def test_load_file_returns_problems_instead_of_raising():
    result = load_file(ERRORS / "content" / "quizzes" / "wrong-type-prompt-number.yml")
    assert isinstance(result, list) and all(isinstance(p, Problem) for p in result)


def test_typo_in_field_name_suggests_the_right_field_and_lists_allowed_ones():
    path = ERRORS / "content" / "quizzes" / "unknown-field-typo.yml"
    [typo] = problems_of(ERRORS, [path])   # one mistake, one message: not also "missing required field 'feedback'"
    assert "did you mean 'feedback'?" in typo.message
    assert "allowed here: text, correct, feedback" in typo.message


# --- duplicate ids across files ------------------------------------------------------------------

def test_duplicate_item_id_across_files_is_reported_on_the_second_file():
    first, second = DUPLICATES / "content" / "quizzes" / "a.yml", DUPLICATES / "content" / "quizzes" / "b.yml"
    [problem] = problems_of(DUPLICATES, [first, second])
    assert problem.path == second
    assert problem.line == 3
    assert "id 'shared-id' is already used by" in problem.message
    assert f"{first}:1" in problem.message


def test_duplicate_item_id_is_found_when_checking_the_whole_folder():
    [problem] = problems_of(DUPLICATES)
    assert problem.path.name == "b.yml" and "a.yml:1" in problem.message


def test_read_keeps_the_clean_items_and_returns_the_problems():
    course, problems = Course.read(DUPLICATES)
    assert len(problems) == 1
    assert course.source_of(course["shared-id"]).path.name == "a.yml"


# --- good content --------------------------------------------------------------------------------

def test_real_course_content_has_no_problems():
    course = Course.load(ROOT)
    assert course.items, "the real course should have at least one quiz or vignette"
    kinds = {item.kind for item in course.items.values()}
    assert kinds == {"quiz", "vignette", "written"}


def test_sample_course_has_no_problems_and_short_citations():
    course = Course.load(SAMPLE)
    assert set(course.items) == {"sample-quiz", "sample-vignette"}
    assert course.citations["guide2018"] == "Weissman et al. (2018). The Guide to Interpersonal Psychotherapy."
    assert course.citations["trial2000"] == \
        "O'Hara et al. (2000). Efficacy of interpersonal psychotherapy for postpartum depression."
    assert course.source_of(course["sample-quiz"]).line("questions", 1, "options", 0, "text") == 25


def test_unknown_item_id_lookup_names_the_known_ids():
    course = Course.load(SAMPLE)
    with pytest.raises(KeyError, match="known ids: sample-quiz, sample-vignette"):
        course["nope"]


def test_missing_bibliography_is_a_problem_not_a_crash(tmp_path):
    quiz = tmp_path / "content" / "quizzes" / "q.yml"
    quiz.parent.mkdir(parents=True)
    quiz.write_text((SAMPLE / "content" / "quizzes" / "sample.yml").read_text(encoding="utf-8"), encoding="utf-8")
    problems = problems_of(tmp_path)
    assert any(p.path == tmp_path / "book" / "references.bib" and "cannot read the bibliography" in p.message
               for p in problems)


# --- edge cases that must not crash --------------------------------------------------------------

def _copy_sample(tmp_path: Path, kind: str, text: str) -> Path:
    (tmp_path / "book").mkdir(exist_ok=True)
    (tmp_path / "book" / "references.bib").write_text(
        (SAMPLE / "book" / "references.bib").read_text(encoding="utf-8"), encoding="utf-8")
    path = tmp_path / "content" / kind / "x.yml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_file_that_is_not_utf8_is_reported(tmp_path):
    path = _copy_sample(tmp_path, "quizzes", "")
    path.write_bytes(b"id: x\ntitle: \xff\xfe\n")
    [problem] = problems_of(tmp_path, [path])
    assert problem.line == 1 and "save it as UTF-8" in problem.message


def test_yaml_merge_key_is_loaded_or_reported_not_a_crash(tmp_path):
    text = (SAMPLE / "content" / "quizzes" / "sample.yml").read_text(encoding="utf-8")
    path = _copy_sample(tmp_path, "quizzes", text.replace('intro: "A small quiz used by the tests."',
                                                          '<<: {intro: "A small quiz used by the tests."}'))
    try:
        Course.load(tmp_path, [path])
    except ContentError:
        pass


def test_numeric_node_id_is_named_as_written(tmp_path):
    text = (SAMPLE / "content" / "vignettes" / "sample.yml").read_text(encoding="utf-8")
    path = _copy_sample(tmp_path, "vignettes", text.replace("  pushback:", "  3:").replace("next: pushback", "next: x3"))
    [problem] = problems_of(tmp_path, [path])
    assert problem.line == 29
    assert "#4" not in problem.message and "3" in problem.message


# --- the command line ----------------------------------------------------------------------------

LINE = re.compile(r"^(?P<path>.+):(?P<line>\d+): (?P<message>.+)$")


def run_cli(*args: str | Path, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "ipt_course", "check", *map(str, args)],
                          capture_output=True, text=True, cwd=cwd, timeout=60)


def test_cli_reports_a_bad_file_as_path_line_message_and_exits_1():
    path = ERRORS / "content" / "vignettes" / "loop-back.yml"
    result = run_cli(path, "--root", ERRORS)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    *lines, summary = result.stderr.strip().splitlines()
    assert summary == f"{len(lines)} problem(s) found"
    assert lines
    for line in lines:
        match = LINE.match(line)
        assert match, line
        assert match["path"] == str(path)
    assert f"{path}:25: choice leads back to 'first', making a loop" in result.stderr


def test_cli_checks_the_whole_corpus_in_one_run_without_a_traceback():
    result = run_cli(ERRORS / "content", "--root", ERRORS)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr and result.stdout == ""
    *lines, summary = result.stderr.strip().splitlines()
    assert summary == f"{len(lines)} problem(s) found"
    assert {Path(LINE.match(line)["path"]) for line in lines} == set(CORPUS)


def test_cli_accepts_good_content_and_says_ok():
    result = run_cli(SAMPLE / "content", "--root", SAMPLE)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("ok")
    assert "1 quizzes, 1 vignettes, 0 written exercises and 0 inventories" in result.stdout
    assert result.stderr == ""


def test_cli_warns_when_the_right_answer_is_usually_listed_first_but_still_passes():
    result = run_cli(SAMPLE / "content", "--root", SAMPLE)
    assert result.returncode == 0
    path = SAMPLE / "content" / "vignettes" / "sample.yml"
    assert f"{path}:1: warning: 3 of 3 scenes list the best-scored choice first" in result.stdout


def test_position_bias_counts_option_questions_and_scored_scenes(tmp_path):
    quiz = (SAMPLE / "content" / "quizzes" / "sample.yml").read_text(encoding="utf-8")
    course = Course.load(SAMPLE)
    sample = course["sample-quiz"]
    keyed_first = sum(q.options[0].correct for q in sample.questions if q.type != "classify")
    counted = sum(q.type != "classify" for q in sample.questions)
    assert 2 * keyed_first <= counted, "the sample quiz itself should pass"
    flipped = tmp_path / "content" / "quizzes"
    flipped.mkdir(parents=True)
    (tmp_path / "book").mkdir()
    (tmp_path / "book" / "references.bib").write_bytes((SAMPLE / "book" / "references.bib").read_bytes())
    (flipped / "sample.yml").write_text(quiz, encoding="utf-8")
    rewritten = Course.load(tmp_path)
    assert [w.message for w in rewritten.warnings()] == []
    for q in rewritten["sample-quiz"].questions:  # put every keyed option first
        if q.type != "classify":
            q.options.sort(key=lambda o: not o.correct)
    warnings = rewritten.warnings()
    assert len(warnings) == 1 and f"{counted} of {counted} questions list a correct option first" in warnings[0].message


def test_real_course_lists_right_answers_in_varied_places():
    assert [str(w) for w in Course.load(ROOT).warnings()] == []


def test_cli_defaults_to_the_course_content_folder():
    result = run_cli()
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("ok")


def test_cli_nonexistent_path_is_a_clear_problem():
    result = run_cli("content/quizzes/no-such-file.yml")
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert result.stderr.strip() == "content/quizzes/no-such-file.yml:1: no such file or folder"


def test_cli_never_prints_a_traceback_for_a_merge_key(tmp_path):
    text = (SAMPLE / "content" / "quizzes" / "sample.yml").read_text(encoding="utf-8")
    path = _copy_sample(tmp_path, "quizzes", text.replace('intro: "A small quiz used by the tests."',
                                                          '<<: {intro: "A small quiz used by the tests."}'))
    result = run_cli(path, "--root", tmp_path)
    assert "Traceback" not in result.stderr
