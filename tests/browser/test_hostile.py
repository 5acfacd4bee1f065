"""Hostile and broken conditions: script in every text field, and browser storage that is full,
disabled, corrupt or from an older version. Nothing executes, every page still works, nothing
else is lost."""
from __future__ import annotations

import functools
import http.server
import json
import shutil
import threading

import pytest
from playwright.sync_api import expect

from ipt_course import Course
from ipt_course.engine import correct_answer, shortest_path
from tests.browser import reader
from tests.browser.conftest import Visit, _QuietHandler
from tests.conftest import ROOT, build_book, real_course

PAYLOADS = ['<script>window.__pwned=1</script>', '<img src=x onerror="window.__pwned=1">',
            '[click](javascript:window.__pwned=1)', '"><svg onload=window.__pwned=1>',
            '</script><script>window.__pwned=1</script>', '{{7*7}} ${window.__pwned=1}']


def hostile(text: str, i: int) -> str:
    return f"{text} {PAYLOADS[i % len(PAYLOADS)]}"


def poison(data, counter=[0]):
    """Append a payload to every text value that is not an id, key, type or reference."""
    keep = {"id", "type", "start", "next", "outcome", "category", "categories", "references", "chapter"}
    if isinstance(data, dict):
        return {k: (v if k in keep else poison(v)) for k, v in data.items()}
    if isinstance(data, list):
        return [poison(v) for v in data]
    if isinstance(data, str):
        counter[0] += 1
        return hostile(data, counter[0])
    return data


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory):
    import yaml
    book = tmp_path_factory.mktemp("hostile") / "course"
    shutil.copytree(ROOT / "tests/fixtures/course", book)
    for path in (book / "content").rglob("*.yml"):
        path.write_text(yaml.safe_dump(poison(yaml.safe_load(path.read_text())), allow_unicode=True))
    out = book.parent / "out"
    result = build_book(book, out)
    assert result.returncode == 0, result.stdout[-3000:]
    handler = functools.partial(_QuietHandler, directory=str(out / "_build" / "html"))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield book, f"http://127.0.0.1:{server.server_port}"
    server.shutdown()


def test_script_in_every_text_field_never_runs(browser, hostile_site):
    book, site = hostile_site
    course = Course.load(book)
    v = Visit(browser, site)
    dialogs = []
    v.page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page = v.open("book/items.html")
    quiz, vignette = course["sample-quiz"], course["sample-vignette"]
    for q in quiz.questions:
        reader.give(page, quiz, q, reader.wrong_answer(q))
        reader.question(page, quiz, q.id).locator(".ipt-check").click()
        reader.give(page, quiz, q, correct_answer(q))
        reader.question(page, quiz, q.id).locator(".ipt-check").click()
    reader.walk(page, vignette, shortest_path(vignette, "agreed"))
    for link in page.locator("a").all():
        assert not (link.get_attribute("href") or "").lower().startswith("javascript:")
    page.goto(f"{site}/book/progress.html")
    assert page.evaluate("window.__pwned") is None and dialogs == []
    expect(page.locator(f'tr[data-item-id="{quiz.id}"] .ipt-status')).to_have_text("Completed")
    assert "window.__pwned=1" in page.locator(f'tr[data-item-id="{quiz.id}"] th').inner_text()  # shown as text
    v.context.close()
    assert v.blocked == [] and v.errors == []


BROKEN_STORAGE = {
    "full": "Storage.prototype.setItem = function () { throw new DOMException('full', 'QuotaExceededError'); };",
    "disabled": "Object.defineProperty(window, 'localStorage', { get() { throw new DOMException('no', 'SecurityError'); } });",
}


@pytest.mark.parametrize("condition", sorted(BROKEN_STORAGE))
def test_pages_work_when_storage_is_full_or_disabled(visit, condition):
    course = real_course()
    quiz, vignette = course["role-transitions"], course["new-mother"]
    v = visit()
    v.context.add_init_script(BROKEN_STORAGE[condition])
    page = v.open("book/role-transitions.html")
    expect(page.locator(f'section[data-item-id="{quiz.id}"] .ipt-note')).to_contain_text("not keeping progress")
    reader.answer_all_right(page, quiz)
    n = len(quiz.questions)
    expect(page.locator(f'section[data-item-id="{quiz.id}"] .ipt-score')).to_contain_text(f"{n} of {n}")
    page = v.open("notebooks/new-mother.html")
    reader.walk(page, vignette, reader.best_path(vignette))
    expect(page.locator(".ipt-stage .ipt-score")).to_contain_text("of a best possible")
    page = v.open("book/progress.html")
    expect(page.locator(".ipt-progress .ipt-note")).to_contain_text("not keeping progress")
    page = v.open("book/certificate.html")
    expect(page.locator(".ipt-cert-empty")).to_be_visible()
    # The theme's own scripts fail without storage; the course's runtime must not.
    assert [e for e in v.errors if "ipt-course" in e] == []
    v.errors.clear()


def test_one_corrupt_record_loses_nothing_else(visit):
    course = real_course()
    good = {"v": 1, "id": "new-mother", "kind": "vignette", "title": "Aroha", "status": "started", "score": 2,
            "max": 16, "updated": "2026-01-01T00:00:00Z", "path": [["referral", 0]]}
    v = visit()
    v.context.add_init_script(
        f"localStorage.setItem('ipt-course:v1:new-mother', {json.dumps(json.dumps(good))});"
        "localStorage.setItem('ipt-course:v1:role-transitions', '{\"v\":1, broken');"
        "localStorage.setItem('ipt-course:v0:grief', 'old');")
    page = v.open("book/progress.html")
    expect(page.locator('tr[data-item-id="role-transitions"] .ipt-status')).to_have_text("Not readable (ignored)")
    expect(page.locator('tr[data-item-id="new-mother"] .ipt-status')).to_have_text("In progress")
    page = v.open("notebooks/new-mother.html")
    expect(page.locator(".ipt-stage .ipt-back")).to_be_visible()      # the good record still restores
    assert course["new-mother"].start == "referral"


def test_a_page_with_quizzes_and_cases_loads_both_runtimes_and_prints_one_answer_key(browser, hostile_site):
    book, site = hostile_site
    v = Visit(browser, site)
    page = v.open("book/items.html")
    scripts = page.evaluate("Array.from(document.scripts, s => s.src.split('/').pop().split('?')[0])")
    assert {"ipt-quiz.js", "ipt-vignette.js"} <= set(scripts)
    page.evaluate("dispatchEvent(new Event('beforeprint'))")
    expect(page.locator(".ipt-print-key")).to_have_count(1)
    page.evaluate("dispatchEvent(new Event('afterprint'))")
    expect(page.locator(".ipt-print-key")).to_have_count(0)
    v.context.close()
    assert v.blocked == [] and v.errors == []
