"""`make icons`: draw the install icons (book/site/icon-192.png, icon-512.png) from book/favicon.svg.

Phones want PNG icons of at least 144 px to offer "Install" / "Add to home screen"; the favicon is
SVG, so Debian's Chromium draws it once at each size. Run after changing the favicon; commit the PNGs.
"""
from pathlib import Path

from playwright.sync_api import sync_playwright

from ipt_course.chromium import launch

BOOK = Path(__file__).resolve().parents[1] / "book"

with sync_playwright() as p:
    browser = launch(p)
    svg = (BOOK / "favicon.svg").read_text(encoding="utf-8").replace("<svg ", '<svg width="100%" height="100%" ', 1)
    for size in (192, 512):
        page = browser.new_page(viewport={"width": size, "height": size})
        page.set_content(f'<body style="margin:0;background:#fff;height:100vh">{svg}</body>')
        page.screenshot(path=BOOK / "site" / f"icon-{size}.png")
    browser.close()
