"""The book kept on a phone for offline reading: installable, cached whole on the first visit,
and updated only when the reader chooses to reload (never two versions in one page)."""
from __future__ import annotations

import functools
import http.server
import re
import shutil
import threading
from urllib.parse import urljoin

from playwright.sync_api import expect

from tests.browser.conftest import Visit, _QuietHandler
from tests.browser.test_device import PHONE

OFFLINE = "The whole course is now on this device"


def kept_offline(page) -> None:
    expect(page.locator(".ipt-site-note")).to_contain_text(OFFLINE, timeout=30_000)
    page.wait_for_function("navigator.serviceWorker.controller !== null")


def test_the_book_can_be_installed(visit):
    v = visit(**PHONE)
    page = v.open("book/intro.html")
    href = page.locator('link[rel="manifest"]').get_attribute("href")
    manifest = page.evaluate("href => fetch(href).then(r => r.json())", href)
    assert manifest["display"] == "standalone" and manifest["short_name"] and manifest["start_url"]
    sizes = {icon["sizes"] for icon in manifest["icons"] if icon["type"] == "image/png"}
    assert {"192x192", "512x512"} <= sizes
    base = page.evaluate("href => new URL(href, location).href", href)
    for icon in manifest["icons"]:
        response = page.request.get(urljoin(base, icon["src"]))
        assert response.ok and response.headers["content-type"] == icon["type"], icon
    assert page.request.get(urljoin(base, manifest["start_url"])).ok


def test_the_first_visit_keeps_the_whole_book_and_asks_to_keep_progress(visit):
    v = visit(**PHONE)
    v.context.add_init_script("navigator.storage.persist = () => { window.__persistAsked = true; return Promise.resolve(true); }")
    page = v.open("book/intro.html")
    kept_offline(page)
    assert page.evaluate("window.__persistAsked === true"), "the browser is asked to keep the progress"
    v.context.set_offline(True)
    page.goto(f"{v.site}/book/grief.html")   # never visited: it comes from the offline copy
    expect(page.locator("h1")).to_contain_text("Grief")
    quiz = page.locator("section.ipt-quiz").first
    expect(quiz.locator(".ipt-check").first).to_be_enabled()
    quiz.locator(".ipt-options input").first.check()
    quiz.locator(".ipt-check").first.click()
    expect(quiz.locator(".ipt-feedback").first).not_to_be_empty()
    page.goto(f"{v.site}/search.html?q=grief")
    expect(page.locator("#search-results")).to_contain_text("Grief", timeout=15_000)
    v.context.set_offline(False)


def test_a_new_build_waits_for_the_reader_to_reload(browser, built_book, tmp_path):
    """A copy of the built book is served, kept offline, then rebuilt (a page and the worker's version
    change): the reader keeps the old version, whole, until choosing "Reload"."""
    book = tmp_path / "html"
    shutil.copytree(built_book, book)
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_QuietHandler, directory=str(book)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    v = Visit(browser, f"http://127.0.0.1:{server.server_port}", **PHONE)
    try:
        page = v.open("book/intro.html")
        kept_offline(page)
        intro = book / "book" / "intro.html"
        intro.write_text(intro.read_text(encoding="utf-8").replace("</h1>", " (new build)</h1>", 1), encoding="utf-8")
        worker = book / "sw.js"
        text = worker.read_text(encoding="utf-8")
        worker.write_text(re.sub(r'const VERSION = "[^"]*"', 'const VERSION = "new-build"', text, count=1), encoding="utf-8")

        page.reload()
        expect(page.locator(".ipt-site-note")).to_contain_text("A new version of the course is available", timeout=30_000)
        expect(page.locator("h1")).not_to_contain_text("(new build)")   # the old version, whole, until the reader chooses
        page.get_by_role("button", name="Reload").click()
        expect(page.locator("h1")).to_contain_text("(new build)")
        assert page.evaluate("caches.keys()") == ["ipt-course-new-build"], "the old copy is gone"
    finally:
        v.context.close()
        server.shutdown()
    assert v.blocked == [] and v.errors == [], (v.blocked, v.errors)


def test_opened_from_disk_the_book_works_without_a_worker(browser, built_book):
    page = browser.new_context().new_page()   # no loopback site: the files themselves
    page.goto((built_book / "book" / "role-transitions.html").as_uri())
    expect(page.locator("section.ipt-quiz .ipt-check").first).to_be_enabled()
    assert page.evaluate("'serviceWorker' in navigator && navigator.serviceWorker.controller") in (False, None)
    expect(page.locator(".ipt-site-note")).to_have_count(0)
    page.context.close()
