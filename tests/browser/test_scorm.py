"""`make scorm`'s package in a learning management system: scorm-again's SCORM 1.2 API (from node_modules) stands
in for one, on a harness page that opens the launch page in a frame as a learning system does."""
from __future__ import annotations

import json
import shutil
import zipfile
from datetime import datetime, timezone
from pathlib import Path
from urllib.parse import unquote
from xml.etree import ElementTree as ET

import pytest
from playwright.sync_api import Frame, Page, expect

from ipt_course.cli import main
from ipt_course.scorm import ADLCP, IMSCP, write_package
from tests.browser import reader
from tests.browser.conftest import serve
from tests.browser.test_record import seed
from tests.conftest import ROOT, real_course

COURSE = real_course()
QUIZ = COURSE["role-transitions"]
SCORM_AGAIN = ROOT / "node_modules" / "scorm-again" / "dist" / "scorm12.min.js"
HARNESS = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Learning system</title>
<script src="scorm12.min.js"></script>
<script>
  window.API = new Scorm12API({ logLevel: 5 });   // no server to commit to, and quiet
  if (window.resume) API.loadFromJSON({ suspend_data: window.resume });   // a session before this one
</script></head>
<body><iframe src="package/scorm.html" title="Course" style="width: 100%; height: 90vh"></iframe></body></html>
"""
LIMIT = 4096


@pytest.fixture(scope="module")
def package(built_book: Path, tmp_path_factory) -> Path:
    if not SCORM_AGAIN.is_file():
        pytest.fail(f"{SCORM_AGAIN} is missing: run `npm ci` (make test does)")
    out = tmp_path_factory.mktemp("scorm")
    return write_package(built_book, out / "ipt-course-scorm.zip").path


@pytest.fixture(scope="module")
def lms(package: Path, tmp_path_factory):
    """The package unzipped under a learning system's harness page, served on loopback."""
    root = tmp_path_factory.mktemp("lms")
    with zipfile.ZipFile(package) as z:
        z.extractall(root / "package")
    shutil.copy(SCORM_AGAIN, root)
    (root / "lms.html").write_text(HARNESS, encoding="utf-8")
    with serve(root) as url:
        yield url


def launch(visit, lms: str, resume: str | None = None) -> tuple[Page, Frame]:
    """The harness with the course launched, and the book's frame once it shows a page."""
    v = visit(at=lms, timezone_id="UTC")
    if resume is not None:
        v.context.add_init_script(f"window.resume = {json.dumps(resume)};")
    page = v.open("lms.html")
    page.frame_locator("iframe").frame_locator(".ipt-scorm-book").locator("h1").first.wait_for()
    return page, next(f for f in page.frames if "/package/book/" in f.url)


def cmi(page: Page, element: str) -> str:
    return page.evaluate("element => API.LMSGetValue(element)", element)


def test_the_package_has_a_scorm_1_2_manifest_listing_every_file(package: Path, tmp_path: Path):
    with zipfile.ZipFile(package) as z:
        names = set(z.namelist())
        root = ET.fromstring(z.read("imsmanifest.xml"))
    ns = {"cp": IMSCP}
    assert root.findtext("cp:metadata/cp:schema", namespaces=ns) == "ADL SCORM"
    assert root.findtext("cp:metadata/cp:schemaversion", namespaces=ns) == "1.2"
    [item] = root.findall("cp:organizations/cp:organization/cp:item", ns)
    [resource] = root.findall("cp:resources/cp:resource", ns)
    assert item.get("identifierref") == resource.get("identifier")
    assert resource.get(f"{{{ADLCP}}}scormtype") == "sco" and resource.get("href") == "scorm.html"
    listed = {unquote(f.get("href", "")) for f in resource.findall("cp:file", ns)}
    assert {"scorm.html", "ipt-scorm.js", "book/index.html", "book/book/progress.html"} <= listed
    assert listed == names - {"imsmanifest.xml"}                     # every file listed is there, and only those
    assert not [n for n in names if "fontawesome" in n or n.endswith(".map")], "theme files no page uses"
    assert {"book/sw.js", "book/_static/ipt-review/grief.js"} <= names   # what pages load, by any route
    assert main(["scorm", "--book", str(tmp_path), "--out", str(tmp_path / "x.zip")]) == 1   # no book built there


def test_a_quiz_answered_in_the_learning_system_reports_status_score_and_summary(visit, lms, built_book):
    page, book = launch(visit, lms)
    assert cmi(page, "cmi.core.lesson_status") == "incomplete"     # reported at launch
    book.goto(f"{lms}/package/book/{reader.item_pages(built_book)[QUIZ.id]}")
    reader.answer_all_right(book, QUIZ)
    page.wait_for_function("API.LMSGetValue('cmi.core.score.raw') !== ''")
    assert cmi(page, "cmi.core.score.raw") == "100"
    assert (cmi(page, "cmi.core.score.min"), cmi(page, "cmi.core.score.max")) == ("0", "100")
    assert cmi(page, "cmi.core.lesson_status") == "incomplete"     # one item of many
    chapters = int(cmi(page, "cmi.objectives._count"))
    objectives = {cmi(page, f"cmi.objectives.{n}.id"): cmi(page, f"cmi.objectives.{n}.status") for n in range(chapters)}
    assert objectives["role-transitions"] == "incomplete" and objectives["grief"] == "not attempted"
    summary = json.loads(cmi(page, "cmi.suspend_data"))
    today = datetime.now(timezone.utc).date().isoformat()
    n = len(QUIZ.questions)
    assert summary["items"] == [[QUIZ.id, "quiz", today, n, n, n, 1]]
    page.evaluate("document.querySelector('iframe').remove()")      # the learner leaves: commit and finish
    assert page.evaluate("API.isTerminated()")
    assert page.evaluate("JSON.parse(JSON.stringify(API.cmi)).core.exit") == "suspend"   # as the system stores it


def test_a_resumed_session_in_another_browser_shows_the_items_completed(visit, lms, built_book):
    page, book = launch(visit, lms)
    book.goto(f"{lms}/package/book/{reader.item_pages(built_book)[QUIZ.id]}")
    reader.answer_all_right(book, QUIZ)
    page.wait_for_function("API.LMSGetValue('cmi.core.score.raw') !== ''")
    saved = cmi(page, "cmi.suspend_data")

    page, book = launch(visit, lms, resume=saved)                   # a new browser: nothing in its storage
    book.goto(f"{lms}/package/book/book/progress.html")
    row = book.locator(f'tr[data-item-id="{QUIZ.id}"]')
    expect(row.locator(".ipt-status")).to_have_text("Completed")
    n = len(QUIZ.questions)
    expect(row.locator(".ipt-result")).to_contain_text(f"First attempt {n} of {n}, best {n}; 1 attempt")
    assert cmi(page, "cmi.core.score.raw") == "100"
    assert json.loads(cmi(page, "cmi.suspend_data")) == json.loads(saved)   # and the same summary goes back


@pytest.mark.parametrize("summary", ["not a summary", json.dumps({"ipt": 1, "items": [
    ["no-such-item"], [QUIZ.id, "quiz", "2026-11-30", 1, 1, 9, 1, {"a-question": "not an entry"}], "not a row"]})])
def test_an_unreadable_summary_is_ignored(visit, lms, summary):
    page, _ = launch(visit, lms, resume=summary)
    assert cmi(page, "cmi.core.lesson_status") == "incomplete"
    assert json.loads(cmi(page, "cmi.suspend_data"))["items"] == []


def full_course() -> list[dict]:
    """Every item completed, with every question of every quiz in the review queue (far over the limit)."""
    when = "2026-11-30T10:00:00+00:00"
    records = []
    for item in COURSE.items.values():
        rec = {"v": 2, "id": item.id, "kind": item.kind, "title": item.title, "max": 5, "attempts": [1, 2],
               "first": 4, "best": 5, "completed": when, "now": None, "updated": when}
        if item.kind == "quiz":
            rec["review"] = {q.id: {"box": 2, "due": "2026-12-03", "why": "confident", "at": when}
                             for q in item.questions}
        records.append(rec)
    return records


def test_the_summary_stays_within_4096_characters_and_keeps_every_completion(visit, lms):
    records = full_course()
    v = visit(at=lms, timezone_id="UTC")
    seed(v, *records)
    page = v.open("lms.html")
    page.wait_for_function("API.LMSGetValue('cmi.suspend_data') !== ''")
    text = cmi(page, "cmi.suspend_data")
    assert len(text) <= LIMIT
    rows = {row[0]: row for row in json.loads(text)["items"]}
    assert set(rows) == set(COURSE.items)
    assert all(row[2:7] == ["2026-11-30", 4, 5, 5, 2] for row in rows.values())
    queues = {r["id"]: {q: [2, "2026-12-03", "confident"] for q in r["review"]} for r in records if "review" in r}
    kept = [rows[quiz][7] for quiz in queues if len(rows[quiz]) == 8]
    assert kept and len(kept) < len(queues)                      # as many review queues as fit, each whole
    assert all(rows[quiz][7] == queues[quiz] for quiz in queues if len(rows[quiz]) == 8)
    assert cmi(page, "cmi.core.lesson_status") == "completed"
    assert cmi(page, "cmi.core.score.raw") == "80"


def test_without_a_learning_system_the_book_shows_with_a_note(visit, lms):
    page = visit(at=lms).open("package/scorm.html")
    expect(page.locator(".ipt-scorm-note")).to_have_text(
        "No learning system found: your progress is kept in this browser only.")
    expect(page.frame_locator(".ipt-scorm-book").locator("h1").first).to_be_visible()
