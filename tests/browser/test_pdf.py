"""`make pdf`: the single-page build of the real book, printed by Chromium into one PDF (about a minute:
the single page reuses the session's build, so nothing is read or run again)."""
from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
from ruamel.yaml import YAML

from ipt_course.pdf import page_count, print_book, single_page
from tests.conftest import JUPYTER_BOOK, ROOT


@pytest.fixture(scope="module")
def book(built_book: Path, browser, tmp_path_factory):
    out = built_book.parents[1]   # the session's build folder: its doctrees and notebook cache are reused
    result = subprocess.run([str(JUPYTER_BOOK), "build", "--builder", "singlehtml", "-W", "-n", "--keep-going",
                             str(ROOT), "--path-output", str(out)], capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-4000:]
    return print_book(browser, single_page(ROOT, out / "_build"), tmp_path_factory.mktemp("pdf") / "book.pdf")


def toc_pages() -> list[str]:
    toc = YAML(typ="safe").load((ROOT / "_toc.yml").read_text(encoding="utf-8"))
    return [chapter["file"] for part in toc["parts"] for chapter in part["chapters"]]


def html_of(built_book: Path, page: str) -> str:
    return (built_book / f"{page}.html").read_text(encoding="utf-8")


def test_the_book_prints_without_a_problem_into_one_pdf(book):
    assert book.problems == []   # no request left the book, none failed, no console error
    pdf = book.path.read_bytes()
    assert pdf.startswith(b"%PDF-") and page_count(pdf) == book.pages
    assert book.pages >= len(book.chapters) + 2   # the home page, the contents, and each page on its own sheets


def test_every_page_is_printed_in_order_except_the_record_pages(book):
    records = ("book/progress", "book/certificate")
    assert [name for name, _ in book.chapters] == [page for page in toc_pages() if page not in records]
    assert book.left_out == ["Your progress", "Your CPD certificate"]


def test_the_contents_list_every_page_with_the_sheet_it_starts_on(book):
    assert [title for title, _ in book.contents] == [title for _, title in book.chapters]
    numbers = [n for _, n in book.contents]
    assert numbers == sorted(set(numbers)) and numbers[0] > 2 and numbers[-1] <= book.pages


def test_each_chapter_with_a_quiz_ends_with_its_own_answer_key(book, built_book: Path):
    with_quiz = [page for page in toc_pages() if '<section class="ipt-quiz"' in html_of(built_book, page)]
    assert book.quizzes == with_quiz and len(with_quiz) > 10
    for page, last, answers, questions in book.keys:
        assert last and answers == questions > 0, page
    assert [page for page, *_ in book.keys] == with_quiz


def test_every_figure_is_printed(book, built_book: Path):
    figures = sum(len(re.findall(r'<svg[^>]*class="ipt-svg"', html_of(built_book, page))) for page in toc_pages())
    assert book.figures == figures > 0   # one shown on two pages is printed twice
