"""Every internal link and anchor in the built book resolves, and the zipped book opens from disk."""
from __future__ import annotations

import subprocess
import zipfile
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urldefrag, urlparse

from tests.conftest import ROOT


class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.ids: set[str] = set()
        self.hrefs: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if attrs.get("id"):
            self.ids.add(attrs["id"])
        if tag == "a" and attrs.get("href"):
            self.hrefs.append(attrs["href"])


def parse(path: Path) -> _Links:
    links = _Links()
    links.feed(path.read_text(encoding="utf-8"))
    return links


def test_every_internal_link_and_anchor_resolves(built_book: Path):
    pages = {p: parse(p) for p in built_book.rglob("*.html") if "_static" not in p.parts}
    broken = []
    for page, links in pages.items():
        for href in links.hrefs:
            if urlparse(href).scheme in ("http", "https", "mailto", "tel") or href.startswith("javascript:"):
                continue
            target, anchor = urldefrag(href)
            path = (page.parent / unquote(target)).resolve() if target else page
            if path.is_dir():
                path = path / "index.html"
            if not path.exists():
                broken.append(f"{page.relative_to(built_book)}: {href} (no such page)")
            elif anchor and path.suffix == ".html" and anchor not in (pages.get(path) or parse(path)).ids:
                broken.append(f"{page.relative_to(built_book)}: {href} (no such anchor)")
    assert broken == []


def test_make_dist_zips_a_book_that_opens_from_disk(built_book: Path, tmp_path: Path):
    result = subprocess.run(["make", "--no-print-directory", "dist", f"BUILD={built_book}", f"DIST={tmp_path / 'book.zip'}"],
                            cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    with zipfile.ZipFile(tmp_path / "book.zip") as z:
        names = z.namelist()
        z.extractall(tmp_path / "unzipped")
    assert "ipt-course-book/index.html" in names and "ipt-course-book/_static/ipt-quiz.js" in names
    assert not any("/.doctrees/" in n or "/.jupyter_cache/" in n for n in names)
    assert (tmp_path / "unzipped/ipt-course-book/book/role-transitions.html").is_file()
