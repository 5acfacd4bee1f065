"""The trainee's record: progress by chapter, continuing, reset, import merging, and the printable
CPD certificate."""
from __future__ import annotations

import json
import re
from datetime import datetime, timedelta, timezone

from playwright.sync_api import expect

from tests.browser import reader
from tests.conftest import real_course

COURSE = real_course()
QUIZ, VIGNETTE, WRITTEN = COURSE["role-transitions"], COURSE["new-mother"], COURSE["role-transitions-timeline-focus"]
PROGRESS, CERTIFICATE = "book/progress.html", "book/certificate.html"


def record(item, status="completed", score=3, days_ago=0) -> dict:
    """A format-1 record of a quiz or case (upgraded when read), or today's record of a written exercise
    (which format 1 never had)."""
    when = (datetime.now(timezone.utc) - timedelta(days=days_ago)).isoformat()
    if item.kind == "written":
        done = status == "completed"
        return {"v": 2, "id": item.id, "kind": "written", "title": item.title, "max": len(item.checklist),
                "attempts": [0], "first": score if done else None, "best": score if done else None,
                "completed": when if done else None, "now": {"seed": 0, "text": "My answer", "shown": done,
                                                              "rated": None}, "updated": when}
    extra = {"answers": {}} if item.kind == "quiz" else {"path": []}
    return {"v": 1, "id": item.id, "kind": item.kind, "title": item.title, "status": status, "score": score,
            "max": 9, "updated": when, **extra}


def seed(visit_, *records) -> None:
    script = "".join(f"localStorage.setItem('ipt-course:v{r['v']}:{r['id']}', {json.dumps(json.dumps(r))});"
                     for r in records)
    visit_.context.add_init_script(f"if (!sessionStorage.getItem('seeded')) {{ {script} sessionStorage.setItem('seeded', '1'); }}")


def test_progress_shows_each_chapter_share_and_where_to_continue(visit):
    v = visit()
    seed(v, record(QUIZ), record(VIGNETTE, status="started", days_ago=1), record(COURSE["grief"], days_ago=2))
    page = v.open(PROGRESS)
    chapter = page.locator('tbody[data-chapter="book/role-transitions"] .ipt-chapter-share')
    expect(chapter).to_have_text("1 of 3 completed (33%), first-attempt score 3 of 9")
    expect(page.locator('tbody[data-chapter="book/grief"] .ipt-chapter-share')).to_contain_text("1 of 3 completed")
    expect(page.locator('tbody[data-chapter="book/evidence"] .ipt-chapter-share')).to_have_text("0 of 1 completed (0%)")
    cont = page.locator(".ipt-continue a")
    expect(cont).to_have_text(VIGNETTE.title)     # the unfinished item comes first
    cont.click()
    expect(page).to_have_url(re.compile(r"notebooks/new-mother\.html#ipt-new-mother-title$"))


def test_reset_asks_first_and_then_deletes_everything(visit):
    v = visit()
    seed(v, record(QUIZ), record(VIGNETTE))
    page = v.open(PROGRESS)
    page.locator(".ipt-reset").click()
    expect(page.locator(".ipt-reset-no")).to_be_focused()
    page.keyboard.press("Enter")                     # "Keep my progress"
    expect(page.locator(".ipt-reset-confirm")).to_be_hidden()
    expect(page.locator(f'tr[data-item-id="{QUIZ.id}"] .ipt-status')).to_have_text("Completed")
    page.locator(".ipt-reset").click()
    page.locator(".ipt-reset-yes").click()
    expect(page.locator(".ipt-progress-feedback")).to_contain_text("Deleted the progress of 2 item(s)")
    expect(page.locator(f'tr[data-item-id="{QUIZ.id}"] .ipt-status')).to_have_text("Not started")
    page.reload()
    expect(page.locator(f'tr[data-item-id="{VIGNETTE.id}"] .ipt-status')).to_have_text("Not started")


def test_import_merges_records_and_a_bad_file_changes_nothing(visit, tmp_path):
    v = visit()
    newer_here = record(QUIZ, score=8, days_ago=0)
    seed(v, newer_here)
    page = v.open(PROGRESS)
    older_quiz, other = record(QUIZ, score=1, days_ago=5), record(VIGNETTE, score=4, days_ago=5)
    good = tmp_path / "progress.json"
    good.write_text(json.dumps({"format": "ipt-course-progress", "version": 1, "items": [older_quiz, other]}))
    half_bad = tmp_path / "half-bad.json"
    half_bad.write_text(json.dumps({"format": "ipt-course-progress", "version": 1,
                                    "items": [record(COURSE["grief"]), {"id": "x", "v": 1}]}))
    page.locator(".ipt-import input").set_input_files(str(half_bad))
    expect(page.locator(".ipt-progress-feedback")).to_contain_text("Nothing was imported")
    expect(page.locator('tr[data-item-id="grief"] .ipt-status')).to_have_text("Not started")
    page.locator(".ipt-import input").set_input_files(str(good))
    expect(page.locator(".ipt-progress-feedback")).to_contain_text("2 items updated, 0 kept from this browser")
    # the earlier completion, and its first-attempt score, win; the best is the higher
    expect(page.locator(f'tr[data-item-id="{QUIZ.id}"] .ipt-result')).to_contain_text("First attempt 1 of 9, best 8")
    expect(page.locator(f'tr[data-item-id="{VIGNETTE.id}"] .ipt-result')).to_contain_text("First attempt 4 of 9, best 4")
    page.locator(".ipt-import input").set_input_files(str(good))     # the same file again changes nothing
    expect(page.locator(".ipt-progress-feedback")).to_contain_text("0 items updated, 2 kept from this browser")
    expect(page.locator(f'tr[data-item-id="{QUIZ.id}"] .ipt-result')).to_contain_text("; 1 attempt;")


def test_certificate_prints_name_chapters_and_hours_without_navigation(visit, tmp_path):
    v = visit(timezone_id="UTC")
    seed(v, record(QUIZ, days_ago=1), record(VIGNETTE, days_ago=3), record(WRITTEN, days_ago=2),
         record(COURSE["grief"]))
    page = v.open(CERTIFICATE)
    page.fill("#ipt-cert-name", "Dr Alex Trainee")
    sheet = page.locator(".ipt-cert-sheet")
    expect(sheet.locator(".ipt-cert-name")).to_have_text("Dr Alex Trainee")
    rows = sheet.locator("tbody tr:not([hidden])")
    expect(rows).to_have_count(1)                       # grief's vignette is not done, so only one chapter
    expect(rows.first).to_contain_text("Role transitions")
    hours = rows.first.get_attribute("data-hours")           # computed from the chapter at build time
    assert float(hours) > 0
    expect(rows.first).to_contain_text(hours)
    day = datetime.now(timezone.utc) - timedelta(days=1)     # the chapter's last item was finished then
    expect(rows.first.locator(".ipt-cert-date")).to_have_text(f"{day.day} {day:%b} {day.year}")
    expect(sheet.locator(".ipt-cert-total")).to_have_text(hours)
    page.reload()
    expect(page.locator("#ipt-cert-name")).to_have_value("Dr Alex Trainee")   # kept in this browser

    page.emulate_media(media="print")
    for hidden in (".bd-sidebar-primary", ".bd-header", ".ipt-cert-form", ".prev-next-area", "button"):
        assert not page.locator(hidden).first.is_visible(), hidden
    expect(sheet).to_be_visible()
    page.screenshot(path=str(tmp_path / "certificate-print.png"), full_page=True)
    for paper in ("A4", "Letter"):
        pdf = page.pdf(format=paper, print_background=True)
        assert len(re.findall(rb"/Type\s*/Page[^s]", pdf)) == 1, f"the certificate fits one {paper} page"
    assert reader.axe_violations(page).violations_count == 0


def test_a_full_certificate_names_issuer_scores_and_sign_off_and_still_fits_one_page(visit, tmp_path):
    v = visit(timezone_id="UTC")
    seed(v, *[record(item, score=5, days_ago=2) for item in COURSE.items.values()])
    page = v.open(CERTIFICATE)
    page.fill("#ipt-cert-name", "Dr Alex Trainee")
    reflection = ("Working through the cases I learned to link the onset of a depressive episode to an "
                  "interpersonal event before choosing a focus. " * 8).strip()
    page.fill("#ipt-cert-reflection", reflection)
    reflection = reflection[:700]                                      # the box takes the most that prints
    sheet = page.locator(".ipt-cert-sheet")
    expect(sheet.locator(".ipt-cert-issuer")).to_contain_text(re.compile(r"Issued by .+, version of \d{4}-\d\d-\d\d"))
    rows = sheet.locator("tbody tr:not([hidden])")
    expect(rows).to_have_count(page.locator("tbody tr[data-chapter]").count())
    first = rows.first
    expect(first.locator(".ipt-cert-score")).to_have_text(re.compile(r"^\d+ of \d+$"))
    for label in ("Supervisor's name", "Signature", "Date"):
        expect(sheet.locator(".ipt-cert-signoff")).to_contain_text(label)
    code = sheet.locator(".ipt-cert-code").inner_text()
    assert re.fullmatch(r"[0-9A-F]{4}(-[0-9A-F]{4}){3}", code), code
    page.reload()
    expect(page.locator("#ipt-cert-reflection")).to_have_value(reflection)           # kept in this browser
    page.emulate_media(media="print")
    expect(sheet.locator(".ipt-cert-reflection-print")).to_have_text(reflection)
    expect(page.locator("#ipt-cert-reflection")).to_be_hidden()
    page.screenshot(path=str(tmp_path / "full-certificate-print.png"), full_page=True)
    for paper in ("A4", "Letter"):
        pdf = page.pdf(format=paper, print_background=True)
        assert len(re.findall(rb"/Type\s*/Page[^s]", pdf)) == 1, f"a full certificate fits one {paper} page"

    page.emulate_media(media="screen")                     # the supervisor's check, from the exported file
    page = v.open(PROGRESS)
    with page.expect_download() as download:
        page.locator(".ipt-export-json").click()
    exported = tmp_path / "trainee.json"
    download.value.save_as(exported)
    checker = page.locator(".ipt-cert-check")
    checker.locator("input").set_input_files(str(exported))
    expect(checker.locator(".ipt-cert-check-result")).to_contain_text(f"record check code {code}")
    changed = json.loads(exported.read_text())
    changed["items"][0]["first"] = 0 if changed["items"][0]["first"] else 1       # an edited file
    edited = tmp_path / "edited.json"
    edited.write_text(json.dumps(changed))
    checker.locator("input").set_input_files(str(edited))
    expect(checker.locator(".ipt-cert-check-result")).not_to_contain_text(code)
    assert reader.axe_violations(page).violations_count == 0
