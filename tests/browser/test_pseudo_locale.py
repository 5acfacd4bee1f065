"""The pseudo-locale build (issue 18): the book built with `language: qps`, whose catalogue marks every message
⟦ⓛíķé ţĥîš⟧, then used as a reader uses it. Every interface text on its pages, before and after the runtime has
drawn feedback, scores, the progress table, the review page and the certificate, must come through the
catalogue: a letter outside the marks is a hard-coded string, unless its whole text node is course content."""
from __future__ import annotations

import shutil
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup
from playwright.sync_api import Page, expect

from ipt_course import i18n, markdown
from ipt_course.engine import correct_answer
from ipt_course.model import Quiz, Vignette, Written
from tests.browser import reader
from tests.browser.conftest import Visit, serve
from tests.conftest import ROOT, build_book, real_course

COURSE = real_course()
CHAPTER = "book/role-transitions.html"   # a quiz and a written exercise
QUIZ = next(i for i in COURSE.items.values() if isinstance(i, Quiz) and any(q.confidence and q.hints for q in i.questions))
CASE = next(i for i in COURSE.items.values() if isinstance(i, Vignette))
WRITTEN = next(i for i in COURSE.items.values() if isinstance(i, Written))
DAY0 = datetime(2026, 11, 30, 20, 0, tzinfo=UTC)
READERS_OWN = "Mine."   # a written answer, printed back: the reader's words


@pytest.fixture(scope="module")
def pseudo_site(tmp_path_factory):
    """The course built strictly in the pseudo-locale (notebooks not run: their items are drawn from the course)."""
    book, out = tmp_path_factory.mktemp("pseudo") / "course", tmp_path_factory.mktemp("pseudo-out")
    book.mkdir()
    for name in ["_toc.yml"]:
        shutil.copy(ROOT / name, book / name)
    for folder in ["book", "content", "notebooks"]:
        shutil.copytree(ROOT / folder, book / folder, ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
    config = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))
    config["sphinx"]["config"]["language"] = i18n.PSEUDO
    config["execute"]["execute_notebooks"] = "off"
    (book / "_config.yml").write_text(yaml.safe_dump(config), encoding="utf-8")
    i18n.write_pseudo(book / "locales")
    result = build_book(book, out)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    html = out / "_build" / "html"
    with serve(html) as url:
        yield url, html


def content_texts() -> set[str]:
    """Every text node the course's own words make: each string of each item and inventory, as written and
    as rendered, and every citation. Only whole text nodes count, so a hard-coded label never passes."""
    found: set[str] = set()

    def strings(value):
        if isinstance(value, str):
            yield value
        elif isinstance(value, dict):
            for v in value.values():
                yield from strings(v)
        elif isinstance(value, list | tuple):
            for v in value:
                yield from strings(v)

    everything = [i.model_dump() for i in COURSE.items.values()] + [i.model_dump() for i in COURSE.inventories.values()]
    for text in [*strings(everything), *COURSE.citations.values()]:
        found.add(_norm(text))
        html = markdown.block(text)
        found.update(_norm(t) for t in BeautifulSoup(html, "html.parser").find_all(string=True))
    return {t for t in found if t}


def _norm(text: str) -> str:
    return " ".join(text.split())


# Every element with a class of the course's (ipt-…) that no other such element holds is interface, but for
# the chapters' own containers (one-page summaries) and glossary definitions, which are the book's words.
UNMARKED = """(content) => {
  const roots = [...document.querySelectorAll('[class*="ipt-"]')].filter(e =>
    !e.parentElement.closest('[class*="ipt-"]') && !e.matches('.ipt-one-page, .ipt-term-tip'));
  const found = [];
  for (const root of roots) {
    let depth = 0;   // inside ⟦…⟧: a message may hold markup, so its marks can open and close in different nodes
    const walk = document.createTreeWalker(root, NodeFilter.SHOW_TEXT | NodeFilter.SHOW_ELEMENT);
    for (let n = walk.currentNode; n; n = walk.nextNode()) {
      if (n.nodeType === Node.TEXT_NODE && n.parentElement.matches("script, style")) continue;
      if (n.nodeType === Node.ELEMENT_NODE) {
        for (const a of ["aria-label", "title", "placeholder", "alt"])
          if (n.hasAttribute(a) && /[A-Za-z]/.test(n.getAttribute(a).replace(/⟦[^⟧]*⟧/g, "")) && !content.includes(n.getAttribute(a).trim()))
            found.push(`${a} of <${n.tagName.toLowerCase()} class="${n.className}">: ${n.getAttribute(a)}`);
        continue;
      }
      let outside = "";
      for (const ch of n.data) {
        if (ch === "⟦") depth += 1; else if (ch === "⟧") depth = Math.max(0, depth - 1); else if (!depth) outside += ch;
      }
      const whole = n.data.split(/\\s+/).filter(Boolean).join(" ");
      if (/[A-Za-z]{2}/.test(outside) && !content.includes(whole))
        found.push(`in <${n.parentElement.tagName.toLowerCase()} class="${n.parentElement.className}">: ${whole}`);
    }
  }
  return found;
}"""


def unmarked(page: Page, content: list[str]) -> list[str]:
    return page.evaluate(UNMARKED, content)


def test_every_interface_text_comes_from_the_catalogue(pseudo_site, browser):
    site, html = pseudo_site
    pages = reader.item_pages(html)
    v = Visit(browser, site, locale="en-NZ", timezone_id="Pacific/Auckland")
    content = sorted(content_texts() | page_titles(html) | {READERS_OWN})
    seen: dict[str, list[str]] = {}
    try:
        page = v.new_page()
        page.clock.set_fixed_time(DAY0)
        page.goto(f"{site}/{pages[QUIZ.id]}")
        seen["quiz page, before"] = unmarked(page, content)
        root = page.locator(f'section.ipt-quiz[data-item-id="{QUIZ.id}"]')
        q = next(q for q in QUIZ.questions if q.confidence and q.hints)
        reader.question(page, QUIZ, q.id).locator(".ipt-check").click()        # refused: nothing chosen
        reader.give(page, QUIZ, q, reader.wrong_answer(q), 3)
        reader.question(page, QUIZ, q.id).locator(".ipt-check").click()        # wrong, confident: hint, mark
        expect(reader.question(page, QUIZ, q.id).locator(".ipt-hint")).to_be_visible()
        seen["quiz, a wrong answer"] = unmarked(page, content)
        reader.give(page, QUIZ, q, correct_answer(q))
        reader.question(page, QUIZ, q.id).locator(".ipt-check").click()
        reader.answer_all_right(page, QUIZ)
        expect(root.locator(".ipt-score")).to_be_visible()
        seen["quiz, done"] = unmarked(page, content)

        page.goto(f"{site}/{pages[WRITTEN.id]}")
        written = page.locator(f'section.ipt-written[data-item-id="{WRITTEN.id}"]')
        written.locator(".ipt-reveal").click()                                   # refused: nothing written
        written.locator("textarea").fill(READERS_OWN)
        written.locator(".ipt-reveal").click()
        written.locator(".ipt-checklist input").first.check()
        written.locator(".ipt-rate").click()
        expect(written.locator(".ipt-score")).to_be_visible()
        seen["written, rated"] = unmarked(page, content)

        page.goto(f"{site}/{pages[CASE.id]}")
        case = page.locator(f'section.ipt-vignette[data-item-id="{CASE.id}"]')
        for index in reader.worst_path(CASE):
            case.locator(f'.ipt-stage input[value="{index}"]').check()
            case.locator(".ipt-choose").click()
            case.locator(".ipt-continue").click()
        expect(case.locator(".ipt-stage .ipt-outcome")).to_be_visible()
        seen["case, ended"] = unmarked(page, content)

        for path in ["book/progress.html", "book/certificate.html", "index.html"]:
            page.goto(f"{site}/{path}")
            seen[path] = unmarked(page, content)
        review = v.new_page()
        review.clock.set_fixed_time(DAY0 + timedelta(days=1))
        review.goto(f"{site}/book/review.html")
        expect(review.locator(".ipt-review-list > li.ipt-question").first).to_be_visible()
        seen["review, a question due"] = unmarked(review, content)
    finally:
        v.context.close()
    hard_coded = "\n".join(f"{where}: {text}" for where, texts in seen.items() for text in dict.fromkeys(texts))
    assert not hard_coded, f"interface texts not from the catalogue:\n{hard_coded}"
    assert v.blocked == [] and v.errors == []


def page_titles(html: Path) -> set[str]:
    """The book's title and its pages', as its contents list them (the progress page and certificate do too)."""
    home = BeautifulSoup((html / "book" / "progress.html").read_text(encoding="utf-8"), "html.parser")
    titles = {_norm(yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))["title"])}
    return titles | {_norm(a.get_text()) for a in home.select(".sidebar-tree a")}
