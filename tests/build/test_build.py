"""The book builds strictly, and broken content stops the build with the checker's messages."""
from __future__ import annotations

import re
import shutil
from pathlib import Path

from tests.conftest import ROOT, build_book, real_course


def test_strict_build_has_every_page(built_book: Path):
    for page in ["book/intro.html", "book/role-transitions.html", "notebooks/new-mother.html",
                 "book/progress.html", "book/references.html", "book/verification.html"]:
        assert (built_book / page).is_file(), page
    for name in ["ipt-quiz.js", "ipt-vignette.js", "ipt-progress.js", "ipt-certificate.js", "ipt-course.css",
                 "ipt-progress.css", "ipt-certificate.css"]:
        assert (built_book / "_static" / name).is_file(), name


def runtime_of(html: str) -> set[str]:
    return set(re.findall(r'_static/(ipt-[a-z]+\.(?:js|css))', html))


def test_each_page_loads_just_the_runtime_it_needs_and_nothing_from_the_web(built_book: Path):
    every = {"ipt-site.js", "ipt-course.css"}   # the menu by keyboard, offline copy, dark variants
    expected = {"book/role-transitions.html": every | {"ipt-quiz.js", "ipt-written.js"},
                "book/evidence.html": every | {"ipt-quiz.js"},   # a quiz and no written exercise
                "notebooks/new-mother.html": every | {"ipt-vignette.js"},
                "notebooks/case-log.html": every,   # figures, no items
                "book/progress.html": every | {"ipt-progress.js", "ipt-progress.css"},
                "book/certificate.html": every | {"ipt-certificate.js", "ipt-certificate.css"},
                "book/review.html": every | {"ipt-review.js"},
                "book/intro.html": every, "search.html": every}
    for page, runtime in expected.items():
        assert runtime_of((built_book / page).read_text(encoding="utf-8")) == runtime, page
    for page in built_book.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        if "<head>" not in html:
            continue  # the redirect page
        for kind in ("quiz", "vignette", "written"):
            if f'<section class="ipt-{kind}"' in html:
                assert {f"ipt-{kind}.js", "ipt-course.css"} <= runtime_of(html), page
        for marker in ('src="http', "src='http", 'href="https://fonts', "unpkg.com", "cdn.jsdelivr", "mathjax"):
            assert marker not in html.lower(), f"{page}: {marker}"
        for unused in ("fontawesome", "bootstrap", "thebe", "sphinx-book-theme", "togglebutton", "sphinx-design"):
            assert f"{unused}." not in html and f"{unused}.min." not in html, f"{page} loads {unused}, which no page uses"


def test_chapter_shows_quiz_and_notebook_shows_vignette_statically(built_book: Path):
    chapter = (built_book / "book/role-transitions.html").read_text(encoding="utf-8")
    assert '<section class="ipt-quiz" data-item-id="role-transitions"' in chapter
    notebook = (built_book / "notebooks/new-mother.html").read_text(encoding="utf-8")
    assert '<section class="ipt-vignette" data-item-id="new-mother"' in notebook
    assert "widget-view+json" not in notebook and "require.js" not in notebook
    assert "widget-state+json" not in notebook, "the executed notebook's widget state is dead weight in the book"


def test_progress_page_lists_every_item_in_the_book(built_book: Path):
    html = (built_book / "book/progress.html").read_text(encoding="utf-8")
    course = real_course()
    for item_id in course.items:
        assert f'<tr data-item-id="{item_id}"' in html


def test_broken_content_stops_a_rebuild_with_file_and_line(tmp_path: Path):
    """The fixture book builds strictly; then one broken field fails the next build at its line,
    whatever the first build cached."""
    book, out = tmp_path / "course", tmp_path / "out"
    shutil.copytree(ROOT / "tests/fixtures/course", book)
    first = build_book(book, out)
    assert first.returncode == 0, first.stdout[-3000:] + first.stderr[-3000:]
    quiz = book / "content/quizzes/sample.yml"
    quiz.write_text(quiz.read_text().replace("feedback: \"Grief needs a death.\"", "feedbak: \"typo\""))
    result = build_book(book, out)
    output = result.stdout + result.stderr
    assert result.returncode != 0
    assert f"{quiz}:" in output and "unknown field 'feedbak'; did you mean 'feedback'?" in output
    assert "Traceback" not in output
