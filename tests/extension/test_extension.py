"""The Sphinx extension on its own: items placed by directives and notebook outputs alike are rendered from the
course, the progress page lists them, and each page gets the runtime it needs."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from sphinx.testing.util import SphinxTestApp

from ipt_course import Course
from tests.conftest import ROOT

ROOTS = Path(__file__).parent / "roots"  # one tiny Sphinx project per scenario, the sphinx-exercise way
SAMPLE = Course.load(ROOT / "tests/fixtures/course")


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    """The `test-course` project built in-process (about a second), with no warning."""
    srcdir = tmp_path_factory.mktemp("build") / "src"
    shutil.copytree(ROOTS / "test-course", srcdir)
    app = SphinxTestApp("html", srcdir=srcdir, freshenv=True,
                        confoverrides={"ipt_course_root": str(ROOT / "tests/fixtures/course")})
    try:
        app.build()
        assert app.warning.getvalue() == "", app.warning.getvalue()
        return Path(app.outdir)
    finally:
        app.cleanup()


def test_directives_render_each_item_from_the_course(built):
    html = (built / "index.html").read_text(encoding="utf-8")
    for item_id in ("sample-quiz", "sample-vignette"):
        assert f'data-item-id="{item_id}"' in html
    assert SAMPLE["sample-vignette"].title in html
    assert "ipt-items.js" in html and "ipt-course.css" in html


def test_a_stored_notebook_output_shows_the_current_item(built):
    html = (built / "notebook.html").read_text(encoding="utf-8")
    assert "AN OLD TITLE" not in html
    assert SAMPLE["sample-vignette"].title in html and "ipt-items.js" in html


def test_the_progress_page_lists_every_item_and_loads_the_record_script(built):
    html = (built / "progress.html").read_text(encoding="utf-8")
    for item_id in SAMPLE.items:
        assert f'<tr data-item-id="{item_id}"' in html
    assert "ipt-record.js" in html and "ipt-items.js" not in html


def test_a_chapter_shows_its_computed_learning_time_and_the_progress_page_uses_it(built):
    html = (built / "index.html").read_text(encoding="utf-8")
    assert '<p class="ipt-time">About 15 minutes: reading 5, quiz 5, case 5.</p>' in html
    assert "about 0.25 h" in (built / "progress.html").read_text(encoding="utf-8")
