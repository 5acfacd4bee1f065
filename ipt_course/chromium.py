"""Debian's Chromium, as every headless browser here starts it (the PDF, the browser tests, `make bench`,
`make icons`). Playwright's own browser download does not work offline, so the system's is used; the
flags keep it from any traffic of its own, which a closed network refuses and a measurement would count."""
from __future__ import annotations

from pathlib import Path

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync"]


def launch(playwright):
    """A headless Chromium from a started Playwright (`sync_playwright()`)."""
    return playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
