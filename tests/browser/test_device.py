"""The trainee's own device: a phone (390×844, touch) in light and dark, where the menu must open,
every page must fit the width and read in both colour schemes."""
from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.browser import reader
from tests.browser.test_every_item import toc_pages
from tests.conftest import real_course

PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}
DESKTOP = {"viewport": {"width": 1366, "height": 768}}
SCREENS = {"desktop-light": {**DESKTOP, "color_scheme": "light"}, "phone-dark": {**PHONE, "color_scheme": "dark"}}
CHAPTER, CASE, PROGRESS = "book/role-transitions.html", "notebooks/new-mother.html", "book/progress.html"
COURSE = real_course()
QUIZ, VIGNETTE = COURSE["role-transitions"], COURSE["new-mother"]


def assert_axe_clean(page: Page) -> None:
    results = reader.axe_violations(page)
    assert results.violations_count == 0, results.generate_report()


def test_the_phone_menu_opens_with_a_tap_and_leads_to_the_progress_page(visit):
    page = visit(**PHONE).open(CHAPTER)
    progress = page.locator(".sidebar-drawer a", has_text="Your progress")
    expect(progress).to_be_hidden()   # closed: not on the screen and not in the tab order
    page.get_by_role("button", name="Course menu").tap()
    expect(progress).to_be_visible()
    linked = page.locator(".sidebar-drawer a[href]").evaluate_all(
        "links => links.map(a => new URL(a.href).pathname.replace(/^\\//, ''))")
    assert set(toc_pages()) <= set(linked), "every page of the book is reachable from the menu"
    progress.scroll_into_view_if_needed()
    expect(progress).to_be_in_viewport(ratio=1)
    progress.tap()
    expect(page).to_have_url(re.compile(r"/book/progress\.html$"))
    expect(page.locator("h1")).to_have_text(re.compile("Your progress"))


def test_the_phone_menu_and_contents_work_from_the_keyboard(visit):
    page = visit(**PHONE).open(CHAPTER)
    menu = page.get_by_role("button", name="Course menu")
    expect(menu).to_have_attribute("aria-expanded", "false")
    for _ in range(4):   # past the skip link, the first stop in the page is the menu
        page.keyboard.press("Tab")
        if menu.evaluate("el => el === document.activeElement"):
            break
    expect(menu).to_be_focused()
    page.keyboard.press("Enter")
    expect(menu).to_have_attribute("aria-expanded", "true")
    page.keyboard.press("Tab")
    focused = page.locator(":focus")
    assert focused.evaluate("el => !!el.closest('.sidebar-drawer')"), "Tab after opening the menu goes into it"
    expect(focused).to_be_in_viewport(ratio=1)
    page.keyboard.press("Escape")
    expect(menu).to_be_focused()
    expect(menu).to_have_attribute("aria-expanded", "false")
    expect(page.locator(".sidebar-drawer a").first).to_be_hidden()

    contents = page.get_by_role("button", name="Contents of this page").locator("visible=true")
    contents.focus()
    page.keyboard.press(" ")
    expect(contents).to_have_attribute("aria-expanded", "true")
    section = page.locator(".toc-drawer a", has_text="Common trainee mistakes")
    expect(section).to_be_visible()
    section.click()
    expect(page).to_have_url(re.compile(r"#common-trainee-mistakes$"))


@pytest.mark.parametrize("screen", SCREENS)
@pytest.mark.parametrize("path", toc_pages())
def test_every_page_is_axe_clean_and_fits_the_screen(visit, path, screen):
    page = visit(**SCREENS[screen]).open(path)
    assert_axe_clean(page)
    width = page.viewport_size["width"]
    assert page.evaluate("document.documentElement.scrollWidth") <= width, f"{path} scrolls sideways at {width} px"
    smallest = page.evaluate("""() => Math.min(Infinity, ...[...document.querySelectorAll('article svg text')]
        .filter(t => t.getClientRects().length)
        .map(t => parseFloat(getComputedStyle(t).fontSize) * Math.hypot(t.getScreenCTM().a, t.getScreenCTM().b)))""")   # rotated text too
    assert smallest >= 10, f"{path}: figure text at {smallest:.1f} CSS px on a {width} px screen"


def test_a_wide_table_scrolls_inside_the_page_and_says_so(visit):
    page = visit(**PHONE).open("book/session-map.html")
    table = page.locator("article .table-wrapper").first
    expect(table).to_have_class(re.compile("ipt-scrolls"))
    expect(table).to_have_attribute("tabindex", "0")
    cue = table.evaluate("el => getComputedStyle(el, '::before').content")
    assert "Scroll sideways" in cue
    table.focus()
    page.keyboard.press("ArrowRight")
    page.wait_for_function("el => el.scrollLeft > 0", arg=table.element_handle())


@pytest.mark.parametrize("scheme", ["dark", "light"])
def test_answered_items_and_the_progress_page_read_in_both_schemes(visit, scheme):
    reader_visit = visit(**PHONE, color_scheme=scheme)
    page = reader_visit.open(CHAPTER)
    first = QUIZ.questions[0]
    reader.give(page, QUIZ, first, reader.wrong_answer(first))
    reader.question(page, QUIZ, first.id).locator(".ipt-check").click()
    expect(reader.question(page, QUIZ, first.id).locator(".ipt-feedback")).not_to_be_empty()
    assert_axe_clean(page)

    page = reader_visit.open(CASE)
    root = page.locator(f'section.ipt-vignette[data-item-id="{VIGNETTE.id}"]')
    root.locator(".ipt-stage input").first.check()
    root.locator(".ipt-choose").click()
    expect(root.locator(".ipt-feedback")).to_contain_text("Feedback on your choice")
    assert_axe_clean(page)

    page = reader_visit.open(PROGRESS)
    expect(page.locator("tr[data-item-id] .ipt-status").first).not_to_be_empty()
    assert_axe_clean(page)


def test_the_theme_switch_to_dark_reads_on_a_light_device(visit):
    page = visit(**DESKTOP, color_scheme="light").open(CHAPTER)
    page.evaluate("localStorage.setItem('theme', 'dark')")
    page.reload()
    assert page.evaluate("document.body.dataset.theme") == "dark"
    first = QUIZ.questions[0]
    reader.give(page, QUIZ, first, reader.wrong_answer(first))
    reader.question(page, QUIZ, first.id).locator(".ipt-check").click()
    assert_axe_clean(page)


@pytest.mark.parametrize("screen", SCREENS)
def test_a_glossary_term_shows_its_definition_on_hover_and_keyboard_focus(visit, screen):
    page = visit(**SCREENS[screen]).open(CHAPTER)
    term = page.locator("article a.reference:has(.std-term)").first
    tip = page.locator(f"#{term.get_attribute('aria-describedby')}")
    assert term.get_attribute("title") is None, "one tooltip, not also the browser's"
    expect(tip).to_be_hidden()
    term.focus()                                    # from the keyboard
    expect(tip).to_be_visible()
    expect(tip).to_have_text(re.compile(r"\w{3,}.{40,}"))
    box, width = tip.bounding_box(), page.viewport_size["width"]
    assert box and box["x"] >= 0 and box["x"] + box["width"] <= width, "the definition fits the screen"
    assert box["y"] >= term.bounding_box()["y"] + term.bounding_box()["height"], "below the term, not over it"
    assert_axe_clean(page)
    page.keyboard.press("Escape")
    expect(tip).to_be_hidden()
    if screen == "desktop-light":                   # a pointer: the definition stays while it is over either
        term.hover()
        expect(tip).to_be_visible()
        tip.hover()
        page.wait_for_timeout(500)                  # longer than the grace period for crossing the gap
        expect(tip).to_be_visible()
        page.mouse.move(0, 0)
        expect(tip).to_be_hidden()
