"""The book kept for offline reading on a phone: a web app manifest linked from every page (so the
browser offers to install the book) and a service worker, written when the build ends, that keeps every
page and everything the pages load under one version (see `runtime/sw.js`).

The manifest and its icons are the book's own files (an `html_extra_path` folder holding
`manifest.webmanifest`); without one, nothing is added. Opened from `file://`, the book has no worker
and works as before; `runtime/site.js` registers the worker only where the browser allows it.
"""
from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

from sphinx.application import Sphinx

MANIFEST = "manifest.webmanifest"
WORKER = "sw.js"
WORKER_SOURCE = Path(__file__).resolve().parent.parent / "runtime" / WORKER
LINK = re.compile(r'(?:href|src|data-src)="([^"#?:]+)[^"]*"')   # relative links: no scheme, so no colon
CSS_URL = re.compile(r'url\(["\']?([^"\')#?:]+)')
NOT_KEPT = (".pdf", ".zip")   # downloads the reader asks for, not pages of the book


def manifest(app: Sphinx) -> dict | None:
    for folder in app.config.html_extra_path:
        path = Path(app.confdir) / folder / MANIFEST
        if path.exists():
            return json.loads(path.read_text(encoding="utf-8"))
    return None


def link_manifest(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    found = manifest(app)
    if app.builder.name != "html" or found is None:
        return
    context["metatags"] = context.get("metatags", "") + (
        f'<link rel="manifest" href="{context["pathto"](MANIFEST, 1)}">\n'
        f'<meta name="theme-color" content="{found.get("theme_color", "#ffffff")}">\n')


def site_files(outdir: Path, downloads: bool = False) -> list[str]:
    """Every page, and every file a page or a stylesheet loads or links to inside the site (with `downloads`,
    the PDF or zip a page links to as well)."""
    pages = sorted(p for p in outdir.rglob("*.html") if "_sources" not in p.parts and "_static" not in p.parts)
    found = set(pages)
    for page in pages:
        for link in LINK.findall(page.read_text(encoding="utf-8")):
            found.add((page.parent / link).resolve())
    for sheet in [p for p in found if p.suffix == ".css"]:
        if sheet.exists():
            found |= {(sheet.parent / url).resolve() for url in CSS_URL.findall(sheet.read_text(encoding="utf-8"))}
    kept = {p.relative_to(outdir.resolve()).as_posix() for p in found
            if p.is_file() and p.is_relative_to(outdir.resolve()) and (downloads or p.suffix not in NOT_KEPT)}
    return sorted(kept - {WORKER})


def book_files(outdir: Path, found: dict, downloads: bool = False) -> list[str]:
    """What the book is made of: its pages and what they load, and its web app manifest and icons."""
    return sorted(set(site_files(outdir, downloads)) | {MANIFEST, *(icon["src"] for icon in found.get("icons", []))})


def write_worker(app: Sphinx, exception: Exception | None) -> None:
    found = manifest(app)
    if exception or app.builder.name != "html" or found is None:
        return
    outdir = Path(app.outdir)
    files = book_files(outdir, found)
    digest = hashlib.sha256()
    for name in files:
        digest.update(name.encode() + b"\0" + (outdir / name).read_bytes())
    text = (f"const VERSION = {json.dumps(digest.hexdigest()[:16])};\nconst FILES = {json.dumps(files)};\n"
            + WORKER_SOURCE.read_text(encoding="utf-8"))
    partial = outdir / f"{WORKER}.partial"
    partial.write_text(text, encoding="utf-8")
    partial.replace(outdir / WORKER)   # a reader's browser never fetches half a worker
