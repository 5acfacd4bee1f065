"""An educator's round trip: `new` writes templates that pass `check` and build into the book."""
from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from tests.conftest import ROOT, build_book


def cli(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "ipt_course", *args], capture_output=True, text=True, cwd=cwd)


def test_new_quiz_vignette_and_written_exercise_pass_check_and_build(tmp_path):
    book = tmp_path / "course"
    shutil.copytree(ROOT / "tests/fixtures/course", book)
    bib = book / "book/references.bib"
    bib.write_text(bib.read_text() + "\n@book{weissman2018guide, author = {Weissman, M. M.}, "
                   "title = {The Guide to Interpersonal Psychotherapy}, publisher = {OUP}, year = {2018}}\n")
    assert cli("new", "quiz", "extra-quiz", cwd=book).returncode == 0
    assert cli("new", "vignette", "extra-case", cwd=book).returncode == 0
    assert cli("new", "written", "extra-writing", cwd=book).returncode == 0
    again = cli("new", "quiz", "extra-quiz", cwd=book)
    assert again.returncode == 1 and "already exists" in again.stderr
    checked = cli("check", cwd=book)
    assert checked.returncode == 0, checked.stderr
    assert "2 quizzes, 2 vignettes, 1 written exercises" in checked.stdout
    items = book / "book/items.md"
    items.write_text(items.read_text() + "\n## New\n\n```{quiz} extra-quiz\n```\n\n```{vignette} extra-case\n```\n"
                     "\n```{written} extra-writing\n```\n")
    result = build_book(book, tmp_path / "out")
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    html = (tmp_path / "out/_build/html/book/items.html").read_text(encoding="utf-8")
    assert all(f'data-item-id="{i}"' in html for i in ("extra-quiz", "extra-case", "extra-writing"))


def test_new_refuses_an_invalid_name(tmp_path):
    result = cli("new", "vignette", "Not A Slug", "--dir", str(tmp_path), cwd=tmp_path)
    assert result.returncode == 1 and "not a valid id" in result.stderr
    assert not any(tmp_path.rglob("*.yml"))
