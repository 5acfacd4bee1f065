"""The whole book on one page (the `singlehtml` build that `make pdf` prints) and the home page's link to
the PDF, on the `test-course` project built in-process."""
from __future__ import annotations

import re
from collections import Counter

from ipt_course.pdf import PDF_NAME
from tests.extension.project import build, project

TWO_PAGES = b"%PDF-1.4\n1 0 obj\n<</Type /Page>>\nendobj\n2 0 obj\n<</Type /Page>>\nendobj\n3 0 obj\n<</Type /Pages>>\n"


def test_the_single_page_has_every_item_runtime_unique_ids_and_links_that_resolve(tmp_path):
    srcdir = project(tmp_path)
    with (srcdir / "notebook.md").open("a", encoding="utf-8") as notebook:   # a heading the index has too
        notebook.write("\n## A quiz\n\nSee {ref}`the progress page <progress-top>`.\n")
    progress = srcdir / "progress.md"
    progress.write_text("(progress-top)=\n" + progress.read_text(encoding="utf-8"), encoding="utf-8")
    html = (build(srcdir, "singlehtml") / "index.html").read_text(encoding="utf-8")
    assert {"ipt-quiz.js", "ipt-vignette.js", "ipt-course.css"} <= set(re.findall(r"ipt-[a-z]+\.(?:js|css)", html))
    assert "ipt-progress.js" not in html and "ipt-certificate.js" not in html   # the PDF leaves those pages out
    assert not re.search(r'<script[^>]+src="[a-z]+://', html)
    ids = Counter(re.findall(r'\sid="([^"]+)"', html))
    assert [i for i, n in ids.items() if n > 1 and not i.startswith("ipt-")] == []   # (this project shows
    # one vignette on two pages, which repeats the item's own ids; the book shows each item once)
    assert {"index/a-quiz", "notebook/a-quiz"} <= set(ids)
    body = html[html.index('role="main"'):html.index('class="sphinxsidebar"')]   # (the menu is not printed)
    links = re.findall(r'href="([^"]*#[^"]*)"', body)
    assert "#progress-top" in links and not [h for h in links if not h.startswith("#")]
    assert [h for h in links if h[1:] not in ids and h != "#" and not h.startswith("#document-")] == []
    assert '<p class="ipt-time">' in html   # the chapter's learning time, as on its own page


def test_the_home_page_links_the_pdf_only_while_there_is_one(tmp_path):
    srcdir = project(tmp_path)
    outdir = build(srcdir)
    assert "ipt-book-pdf" not in (outdir / "index.html").read_text(encoding="utf-8")
    pdf = outdir.parent / PDF_NAME
    pdf.write_bytes(TWO_PAGES)
    build(srcdir)   # nothing else changed: the new PDF makes the home page outdated
    html = (outdir / "index.html").read_text(encoding="utf-8")
    assert (f'<p class="ipt-book-pdf"><a href="{PDF_NAME}" download>Download the whole course as one PDF '
            '(2 pages, 0.0 MB)</a></p>') in html
    assert html.index("ipt-book-pdf") < html.index("<h2")   # under the title
    assert (outdir / PDF_NAME).read_bytes() == TWO_PAGES
    assert "ipt-book-pdf" not in (outdir / "notebook.html").read_text(encoding="utf-8")
    pdf.unlink()
    build(srcdir)
    assert "ipt-book-pdf" not in (outdir / "index.html").read_text(encoding="utf-8")
    assert not (outdir / PDF_NAME).exists()
