"""An incremental build after a content edit shows the edited content (issue 13), even on a workshop
notebook page, whose output (cached when the notebook last ran) still holds the old item HTML."""
from __future__ import annotations

import shutil
from pathlib import Path

from tests.conftest import ROOT, build_book

OLD, NEW = "Aroha, eight weeks after the birth", "Aroha, two months after the birth"


def between(html: str, start: str, end: str) -> str:
    """The part of a page from `start` to the first `end` after it: the item or the table. Not the whole
    page: the notebook's Markdown heading (and so the sidebar's title of its page) is written with the
    title when the notebook is generated, so it changes only when it is regenerated."""
    begin = html.index(start)
    return html[begin:html.index(end, begin) + len(end)]


def test_edited_title_reaches_the_notebook_page_and_progress_page(tmp_path: Path):
    book, out = tmp_path / "course", tmp_path / "out"
    book.mkdir()
    for name in ["_config.yml", "_toc.yml"]:
        shutil.copy(ROOT / name, book / name)
    for folder in ["book", "content", "notebooks"]:
        shutil.copytree(ROOT / folder, book / folder, ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
    first = build_book(book, out)
    assert first.returncode == 0, first.stdout[-3000:] + first.stderr[-3000:]

    vignette = book / "content/vignettes/new-mother.yml"
    text = vignette.read_text(encoding="utf-8")
    assert f'title: "{OLD}"' in text
    vignette.write_text(text.replace(f'title: "{OLD}"', f'title: "{NEW}"'), encoding="utf-8")
    notebook = (book / "notebooks/new-mother.ipynb").read_bytes()
    second = build_book(book, out)
    assert second.returncode == 0, second.stdout[-3000:] + second.stderr[-3000:]
    assert (book / "notebooks/new-mother.ipynb").read_bytes() == notebook  # not regenerated

    html = out / "_build/html"
    case = between((html / "notebooks/new-mother.html").read_text(encoding="utf-8"),
                   '<section class="ipt-vignette" data-item-id="new-mother"', "</script></section>")
    progress = between((html / "book/progress.html").read_text(encoding="utf-8"),
                       '<div class="ipt-progress">', "</table>")
    for part in (case, progress):
        assert NEW in part and OLD not in part

