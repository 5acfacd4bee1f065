"""The phone page of votes from phones (ipt_course/templates/vote.html), on a phone (390×844, touch) in
light and dark, against a real VoteServer on loopback: no built book is needed."""
from __future__ import annotations

import itertools
import re
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect

from ipt_course.voting import VoteServer

pytestmark = pytest.mark.browser

ROOM = "ABCD"
LABELS = ["Ask directly about item 10 of the EPDS", "Talk about how her sleep has been since the birth",
          "Leave it until next week, when her partner can come too"]
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}
SHOTS = Path("/tmp/voting-shots")
_rounds = itertools.count(1)
REFUSED = re.compile(r"Failed to load resource: the server responded with a status of (\d+) .*")


@pytest.fixture
def server():
    s = VoteServer(port=0, host="127.0.0.1", code=ROOM)
    s.start()
    s.open_round(f"r{next(_rounds)}", LABELS)
    yield s
    s.stop()


class Phone:
    """A phone's browser: only the vote server reachable, every other request recorded and refused."""

    def __init__(self, browser, server: VoteServer, scheme: str = "light"):
        self.origin = f"http://127.0.0.1:{server.port}"
        self.context = browser.new_context(color_scheme=scheme, **PHONE)
        self.elsewhere: list[str] = []
        self.errors: list[str] = []
        self.requests: list[str] = []
        self.refusals: set[int] = set()   # statuses the test makes the server answer (Chromium reports them)
        self.context.route("**/*", self._route)
        self.page = self.context.new_page()
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))

    def _route(self, route) -> None:
        url = route.request.url
        if url == self.origin or url.startswith(self.origin + "/"):
            self.requests.append(url)
            route.continue_()
        else:
            self.elsewhere.append(url)
            route.abort()

    def open(self, room: str | None = ROOM) -> Page:
        self.page.goto(self.origin + "/" + (f"?room={room}" if room is not None else ""))
        return self.page


@pytest.fixture
def phone(browser, server):
    phones: list[Phone] = []

    def make(scheme: str = "light") -> Phone:
        phones.append(Phone(browser, server, scheme))
        return phones[-1]

    yield make
    for p in phones:
        p.context.close()
        assert p.elsewhere == [], f"the page made requests outside its origin: {p.elsewhere}"
        errors = [e for e in p.errors if not (m := REFUSED.fullmatch(e)) or int(m.group(1)) not in p.refusals]
        assert errors == [], f"console errors (a Content-Security-Policy refusal shows here): {errors}"


def status(page: Page):
    return page.get_by_role("status")


def option(page: Page, index: int):
    return page.get_by_role("radio", name=LABELS[index])


def send(page: Page):
    return page.get_by_role("button", name="Send my vote")


def assert_axe_clean(page: Page) -> None:
    results = Axe().run(page, options={"resultTypes": ["violations"]})
    assert results.violations_count == 0, results.generate_report()


def shot(page: Page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_a_trainee_votes_once_from_a_phone(phone, server, scheme):
    p = phone(scheme)
    page = p.open()
    expect(status(page)).to_have_text("A vote is open. Choose one option, then send your vote.")
    expect(page.get_by_text(f"Room {ROOM}")).to_be_visible()
    boxes = []
    for i in range(len(LABELS)):
        row = page.locator("label.option").nth(i)
        expect(row).to_be_in_viewport(ratio=1)
        box = row.bounding_box()
        assert box is not None and box["height"] >= 44 and box["x"] >= 0 and box["x"] + box["width"] <= 390
        boxes.append(box)
    for above, below in itertools.pairwise(boxes):
        assert above["y"] + above["height"] <= below["y"], "options do not overlap"
    expect(send(page)).to_be_in_viewport(ratio=1)
    assert send(page).bounding_box()["height"] >= 44
    assert page.evaluate("document.documentElement.scrollWidth") <= 390, "nothing wider than the phone"
    assert_axe_clean(page)
    shot(page, f"{scheme}-open")

    page.locator("label.option").nth(1).tap()   # the whole row is the target, not only the small circle
    expect(option(page, 1)).to_be_checked()
    send(page).tap()
    expect(status(page)).to_have_text("Your vote is in. Wait for the next scene.")
    assert server.counts() == [0, 1, 0]   # the page says so only once the server has counted it
    expect(page.get_by_role("button", name="Vote sent")).to_be_disabled()
    for i in range(len(LABELS)):
        expect(option(page, i)).to_be_disabled()
    assert_axe_clean(page)
    shot(page, f"{scheme}-voted")

    votes_before = sum(url.endswith("/vote") for url in p.requests)
    page.locator("label.option").nth(2).tap(force=True)   # a second tap does nothing
    page.get_by_role("button", name="Vote sent").tap(force=True)
    expect(option(page, 1)).to_be_checked()
    assert sum(url.endswith("/vote") for url in p.requests) == votes_before
    assert server.counts() == [0, 1, 0]

    page.reload()
    expect(status(page)).to_have_text("Your vote is in. Wait for the next scene.")
    expect(option(page, 1)).to_be_checked()
    expect(option(page, 0)).to_be_disabled()
    expect(page.get_by_role("button", name="Vote sent")).to_be_disabled()

    server.close_round()   # the page follows without a reload: it asks every 2 s
    expect(status(page)).to_have_text("Voting is closed. Your vote was counted.")
    expect(page.get_by_role("radio")).to_have_count(0)
    shot(page, f"{scheme}-closed")

    server.open_round("next-scene", ["Yes", "No"])
    expect(status(page)).to_have_text("A vote is open. Choose one option, then send your vote.")
    expect(page.get_by_role("radio", name="Yes")).to_be_enabled()
    expect(send(page)).to_be_enabled()
    assert server.counts() == [0, 0]


def test_the_server_refuses_a_second_vote_even_if_the_page_is_fooled(phone, server):
    p = phone()
    p.refusals.add(409)
    page = p.open()
    option(page, 0).check()
    send(page).click()
    expect(status(page)).to_have_text("Your vote is in. Wait for the next scene.")
    # someone clears the page's memory of having voted but keeps the round's token
    page.evaluate("""() => { const d = JSON.parse(localStorage.getItem('ipt-vote:v1'));
                             d.rounds.forEach(r => { r.voted = null; });
                             localStorage.setItem('ipt-vote:v1', JSON.stringify(d)); }""")
    page.reload()
    option(page, 2).check()
    send(page).click()
    expect(status(page)).to_have_text("Your vote is in. Wait for the next scene.")   # 409: already counted
    assert server.counts() == [1, 0, 0]


def test_the_page_works_from_the_keyboard(phone, server):
    page = phone().open()
    expect(option(page, 0)).to_be_visible()
    page.keyboard.press("Tab")
    expect(option(page, 0)).to_be_focused()
    page.keyboard.press("ArrowDown")
    expect(option(page, 1)).to_be_checked()
    page.keyboard.press("Tab")
    expect(send(page)).to_be_focused()
    page.keyboard.press("Enter")
    expect(status(page)).to_have_text("Your vote is in. Wait for the next scene.")
    expect(status(page)).to_be_focused()   # focus is not lost on the disabled button
    assert server.counts() == [0, 1, 0]


def test_sending_without_choosing_says_what_to_do(phone, server):
    page = phone().open()
    send(page).tap()
    expect(status(page)).to_have_text("Choose an option first, then send your vote.")
    expect(option(page, 0)).to_be_focused()
    assert server.counts() == [0, 0, 0]


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_a_wrong_room_code_says_so_and_the_right_one_can_be_typed(phone, server, scheme):
    p = phone(scheme)
    p.refusals.add(403)
    page = p.open("ZZZZ")
    expect(status(page)).to_have_text(
        "Room code ZZZZ is not right. Check the code on the screen and type it again.")
    code = page.get_by_label("Room code")
    expect(code).to_have_value("ZZZZ")
    expect(code).to_have_attribute("aria-invalid", "true")
    expect(page.get_by_role("radio")).to_have_count(0)
    assert_axe_clean(page)
    shot(page, f"{scheme}-wrong-room")
    code.fill("abcd")   # typed in lower case
    page.get_by_role("button", name="Join the vote").tap()
    expect(option(page, 0)).to_be_visible()
    expect(page).to_have_url(f"http://127.0.0.1:{server.port}/?room={ROOM}")   # a reload keeps the code
    expect(page.get_by_text(f"Room {ROOM}")).to_be_visible()


def test_without_a_room_code_the_page_asks_for_one(phone, server):
    page = phone().open(None)
    expect(page.get_by_label("Room code")).to_be_visible()
    expect(status(page)).to_have_text("Type the room code shown on the screen.")
    page.get_by_label("Room code").fill("AB")
    page.get_by_role("button", name="Join the vote").click()
    expect(status(page)).to_have_text("A room code is 4 letters or numbers, like the one on the screen.")
    expect(page.get_by_label("Room code")).to_be_focused()
    assert_axe_clean(page)


def test_waiting_for_the_facilitator(phone, browser):
    waiting = VoteServer(port=0, host="127.0.0.1", code=ROOM)
    waiting.start()
    try:
        p = Phone(browser, waiting, "dark")
        page = p.open()
        expect(status(page)).to_have_text("Waiting for the facilitator to open a vote.")
        assert_axe_clean(page)
        shot(page, "dark-waiting")
        waiting.open_round("first", ["Yes", "No"])
        expect(page.get_by_role("radio", name="No")).to_be_visible()
        p.context.close()
        assert p.elsewhere == [] and p.errors == []
    finally:
        waiting.stop()


COUNT_POLLS = """window.__polls = 0; window.__inFlight = 0;
const realFetch = window.fetch;
window.fetch = function (url, options) {
  const polling = String(url).startsWith("/round");
  if (polling) { window.__polls++; window.__inFlight++; }
  const answer = realFetch.call(this, url, options);
  if (polling) { answer.finally(() => { window.__inFlight--; }); }
  return answer;
};"""


def set_hidden(page: Page, hidden: bool) -> None:
    page.evaluate("""hidden => { Object.defineProperty(document, 'hidden', {configurable: true, get: () => hidden});
                                 document.dispatchEvent(new Event('visibilitychange')); }""", hidden)


def test_polling_stops_while_the_page_is_hidden_and_resumes_when_shown(phone, server):
    """On a fake clock, so the 2-second timer is driven by the test, not waited for."""
    p = phone()
    p.page.add_init_script(COUNT_POLLS)
    p.page.clock.install()
    page = p.open()
    expect(option(page, 0)).to_be_visible()

    def polls() -> int:
        page.wait_for_function("() => window.__inFlight === 0", polling=50)
        return page.evaluate("window.__polls")

    first = polls()
    for n in range(1, 4):   # every two seconds, while the page is shown
        for _ in range(20):   # a poll's answer may still be on its way: its timer is set once it lands
            p.page.clock.run_for(2_000)
            if polls() == first + n:
                break
        assert polls() == first + n
    set_hidden(page, True)
    hidden_at = polls()
    p.page.clock.run_for(60_000)
    assert polls() == hidden_at, "no polling while the phone's screen is off or the tab is in the background"
    server.open_round("while-hidden", ["Yes", "No"])
    set_hidden(page, False)
    expect(page.get_by_role("radio", name="Yes")).to_be_visible()   # asked again at once on coming back
    assert polls() == hidden_at + 1
