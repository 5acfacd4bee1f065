"""Headless Chromium on the built book, served on loopback with every other request blocked.

Debian's chromium is used (Playwright's own browser download does not work offline). Where it is
missing the browser tests skip locally, but never in CI.
"""
from __future__ import annotations

import contextlib
import functools
import http.server
import os
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page, sync_playwright

from ipt_course.chromium import CHROMIUM, launch


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


@contextlib.contextmanager
def serve(directory: Path) -> Iterator[str]:
    """The folder served on loopback, at the URL given."""
    handler = functools.partial(_QuietHandler, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()


@pytest.fixture(scope="session")
def site(built_book: Path):
    with serve(built_book) as url:
        yield url


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        if os.environ.get("CI"):
            pytest.fail("Chromium is missing in CI: .ci/run must install Debian's chromium")
        pytest.skip("Debian's chromium is not installed (apt-get install chromium)")
    with sync_playwright() as p:
        browser = launch(p)
        yield browser
        browser.close()


class Visit:
    """A reader's browser: fresh storage, only the local site reachable, console errors recorded."""

    def __init__(self, browser, site: str, **context_options):
        self.site = site
        self.context = browser.new_context(accept_downloads=True, **context_options)
        self.blocked: list[str] = []
        self.errors: list[str] = []
        self.context.route("**/*", self._route)
        self.page = self.new_page()

    def _route(self, route) -> None:
        if route.request.url.startswith(self.site):
            route.continue_()
        else:
            self.blocked.append(route.request.url)
            route.abort()

    def new_page(self) -> Page:
        page = self.context.new_page()
        page.on("console", lambda m: self.errors.append(f"{m.text} @ {m.location.get('url', '')}")
                if m.type == "error" else None)
        page.on("pageerror", lambda e: self.errors.append(e.stack or str(e)))
        page.on("response", lambda r: self.errors.append(f"{r.status} {r.url}") if r.status >= 400 else None)
        return page

    def open(self, path: str) -> Page:
        self.page.goto(f"{self.site}/{path}")
        return self.page


@pytest.fixture
def visit(browser, site):
    visits: list[Visit] = []

    def make(at: str | None = None, **context_options) -> Visit:   # at: another site than the book's
        visits.append(Visit(browser, at or site, **context_options))
        return visits[-1]

    yield make
    for v in visits:
        v.context.close()
        assert v.blocked == [], f"requests left the site: {v.blocked}"
        assert v.errors == [], f"console errors: {v.errors}"
