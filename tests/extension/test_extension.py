"""The Sphinx extension on its own: items placed by directives and notebook outputs alike are rendered from the
course, the progress page lists them, and each page gets the runtime it needs."""
from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from sphinx.testing.util import SphinxTestApp

from ipt_course import Course
from tests.conftest import ROOT
from tests.extension.project import COURSE, build, project

SAMPLE = Course.load(ROOT / "tests/fixtures/course")


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    """The `test-course` project built in-process (about a second), with no warning."""
    return build(project(tmp_path_factory.mktemp("build")))


def test_directives_render_each_item_from_the_course(built):
    html = (built / "index.html").read_text(encoding="utf-8")
    for item_id in ("sample-quiz", "sample-vignette"):
        assert f'data-item-id="{item_id}"' in html
    assert SAMPLE["sample-vignette"].title in html
    assert {"ipt-quiz.js", "ipt-vignette.js", "ipt-course.css"} <= set(re.findall(r"ipt-[a-z]+\.(?:js|css)", html))


def test_a_stored_notebook_output_shows_the_current_item(built):
    html = (built / "notebook.html").read_text(encoding="utf-8")
    assert "AN OLD TITLE" not in html
    assert SAMPLE["sample-vignette"].title in html and "ipt-vignette.js" in html and "ipt-quiz.js" not in html


def test_the_progress_page_lists_every_item_and_loads_the_record_script(built):
    html = (built / "progress.html").read_text(encoding="utf-8")
    for item_id in SAMPLE.items:
        assert f'<tr data-item-id="{item_id}"' in html
    assert "ipt-progress.js" in html and "ipt-quiz.js" not in html and "ipt-vignette.js" not in html


def test_a_chapter_shows_its_computed_learning_time_and_the_progress_page_uses_it(built):
    html = (built / "index.html").read_text(encoding="utf-8")
    assert '<p class="ipt-time">About 15 minutes: reading 5, quiz 5, case 5.</p>' in html
    assert "about 0.25 h" in (built / "progress.html").read_text(encoding="utf-8")


def test_a_changed_runtime_makes_the_record_pages_outdated_so_it_is_copied(tmp_path, monkeypatch):
    """Sphinx copies static files only in a build that writes a page (in the real book, a build with
    nothing changed writes none), so a changed runtime must make some page outdated."""
    from types import SimpleNamespace

    from ipt_course.sphinxext import assets
    from ipt_course.sphinxext.state import record_pages

    static = tmp_path / "static"
    shutil.copytree(assets.STATIC, static)
    monkeypatch.setattr(assets, "STATIC", static)
    env = SimpleNamespace()
    record_pages(env).update({"book/progress": {"progress"}, "book/certificate": {"certificate"}})  # type: ignore[arg-type]

    def outdated() -> set[str]:
        return assets.outdated_by_runtime(None, env, set(), set(), set())  # type: ignore[arg-type]

    assert outdated() == {"book/progress", "book/certificate"}          # first build: no digest yet
    assert outdated() == set()                                           # nothing changed
    css = static / "ipt-progress.css"
    css.write_text(css.read_text(encoding="utf-8") + "\n/* edited */\n", encoding="utf-8")
    assert outdated() == {"book/progress", "book/certificate"}


def test_a_declared_learning_time_far_from_the_computed_one_warns_without_a_reason(tmp_path):
    srcdir = project(tmp_path)
    index = srcdir / "index.md"
    index.write_text(re.sub(r'learning_hours_reason: .*\n', "", index.read_text(encoding="utf-8")), encoding="utf-8")
    app = SphinxTestApp("html", srcdir=srcdir, freshenv=True, confoverrides=COURSE)
    try:
        app.build()
        warnings = app.warning.getvalue()
    finally:
        app.cleanup()
    assert "index.md: WARNING: declares learning_hours: 0.5, but its reading, quiz and cases come to about 0.25 h" in warnings
    assert "learning_hours_reason" in warnings


def test_every_page_links_the_manifest_and_the_worker_keeps_every_page_and_what_it_loads(built):
    html = (built / "index.html").read_text(encoding="utf-8")
    assert '<link rel="manifest" href="manifest.webmanifest">' in html and 'content="#123456"' in html
    worker = (built / "sw.js").read_text(encoding="utf-8")
    version, files = re.search(r'const VERSION = "(\w+)";\nconst FILES = (\[.*\]);', worker).groups()
    kept = set(json.loads(files))
    assert {"index.html", "notebook.html", "progress.html", "manifest.webmanifest", "_static/ipt-quiz.js",
            "_static/ipt-site.js", "_static/ipt-course.css"} <= kept
    assert not {"sw.js", "sw.js.partial"} & kept
    assert all((built / f).is_file() for f in kept)
    assert "self.skipWaiting()" in worker and len(version) == 16


def test_the_worker_keeps_what_pages_and_their_stylesheets_load_and_nothing_unlinked(tmp_path):
    from ipt_course.sphinxext.offline import site_files

    (tmp_path / "a.html").write_text('<link href="s.css"><script src="x.js?v=1"></script><a href="mailto:x">', "utf-8")
    (tmp_path / "s.css").write_text("body { background: url('img/b.png') }", "utf-8")
    (tmp_path / "img").mkdir()
    for name in ("x.js", "img/b.png", "unlinked.js"):
        (tmp_path / name).write_text("x", "utf-8")
    assert site_files(tmp_path) == ["a.html", "img/b.png", "s.css", "x.js"]


def test_the_review_page_loads_each_quiz_from_a_script_of_its_own_with_the_section_that_teaches_it(built):
    html = (built / "review.html").read_text(encoding="utf-8")
    assert "ipt-review.js" in html and "ipt-quiz.js" not in html
    assert '<li data-quiz="sample-quiz" data-src="_static/ipt-review/sample-quiz.js">' in html
    assert "sample-vignette" not in html              # cases are not reviewed
    script = (built / "_static/ipt-review/sample-quiz.js").read_text(encoding="utf-8")
    assert script.startswith('iptReview("sample-quiz",')
    payload = json.loads(script[script.index(",") + 1:-3])
    quiz = SAMPLE["sample-quiz"]
    assert list(payload["questions"]) == [q.id for q in quiz.questions]
    first = payload["questions"]["pick-one"]
    assert first["data"]["answer"] == [1] and 'data-question-id="pick-one"' in first["html"]
    assert first["section"] == ["index.html#becoming-a-parent", "Becoming a parent"]   # not the quiz's own section
    assert "_static/ipt-review/sample-quiz.js" in (built / "sw.js").read_text(encoding="utf-8")


def test_an_edited_translation_rewrites_the_pages_and_the_runtime_gets_its_share(tmp_path):
    """The book's `language` chooses its catalogue in `locales/`; editing a text that only the pages show (not
    the runtime) still rewrites them in the next, incremental, build."""
    from ipt_course import i18n

    srcdir = project(tmp_path)
    po = srcdir / "locales/de/LC_MESSAGES/ipt_course.po"
    po.parent.mkdir(parents=True)

    def translate(check: str) -> str:
        po.write_text('msgid ""\nmsgstr ""\n"Language: de\\n"\n"Content-Type: text/plain; charset=utf-8\\n"\n\n'
                      f'#: ipt_course/render.py:90\nmsgid "Check answer"\nmsgstr "{check}"\n\n'
                      '#: ipt_course/runtime/questions.js:121\nmsgid "Correct."\nmsgstr "Richtig."\n', encoding="utf-8")
        app = SphinxTestApp("html", srcdir=srcdir, freshenv=False, confoverrides={**COURSE, "language": "de"})
        try:
            app.build()
            assert app.warning.getvalue() == "", app.warning.getvalue()
            return (Path(app.outdir) / "index.html").read_text(encoding="utf-8")
        finally:
            app.cleanup()
            i18n.use("en")   # the next test renders in English

    page = translate("Antwort prüfen")
    assert "Antwort prüfen" in page and "_static/ipt-messages.js" in page
    script = (srcdir / "_build/html/_static/ipt-messages.js").read_text(encoding="utf-8")
    assert '"Correct.":"Richtig."' in script and "Check answer" not in script   # the page has that one already
    assert "Antwort überprüfen" in translate("Antwort überprüfen")
