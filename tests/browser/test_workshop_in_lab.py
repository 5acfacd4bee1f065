"""The workshop notebooks in a real JupyterLab, as an educator runs them on a projector (1280×720):
the live widget renders, long options never overlap, a solo walk reaches an ending and is logged, the
facilitator notes are there, group mode's buttons are whole, and a broken draft elsewhere in content/
leaves the case working with a message naming it."""
from __future__ import annotations

import json
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.conftest import ROOT

NOTEBOOK = "new-mother"
TOKEN = "ipt-course-test"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    """JupyterLab from the project's venv on a copy of the course, started as `make lab` starts it (its
    LAB_ARGS), so the test's logs and drafts touch nothing here."""
    course = tmp_path_factory.mktemp("lab") / "course"
    for part in ("content", "notebooks", "book"):
        shutil.copytree(ROOT / part, course / part)
    make = (ROOT / "Makefile").read_text(encoding="utf-8")
    lab_args = re.search(r"^LAB_ARGS = (.*)$", make, re.M)[1].replace("$(CURDIR)/lab", str(ROOT / "lab"))
    port = free_port()
    server = subprocess.Popen(
        [str(Path(sys.executable).with_name("jupyter")), "lab", *lab_args.replace("$(CURDIR)", str(course)).split(),
         "--no-browser", "--allow-root", f"--port={port}", f"--ServerApp.token={TOKEN}", "--ServerApp.ip=127.0.0.1",
         f"--LabApp.workspaces_dir={course / 'workspaces'}"],   # no layout restored from another session
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"{base}/api/status?token={TOKEN}", timeout=2)
            break
        except OSError:
            time.sleep(0.5)
    yield course, base
    server.terminate()
    server.wait(timeout=30)


def run_all(page: Page, base: str, notebook: str) -> None:
    page.goto(f"{base}/lab/tree/notebooks/{notebook}.ipynb?reset&token={TOKEN}")   # reset: only this notebook open
    page.wait_for_function("""() => !document.querySelector('#jupyterlab-splash')
        && document.querySelector('.jp-NotebookPanel .jp-Cell')
        && ![...document.querySelectorAll('.jp-Spinner')].some(s => s.offsetParent)""",
                           timeout=120_000)   # Lab has started (slowly, the first time) and opened the notebook
    ready = """() => document.querySelector('.jp-Notebook-ExecutionIndicator')?.dataset.status === 'idle'
        && /Python/.test(document.querySelector('.jp-NotebookPanel .jp-KernelName')?.textContent)"""
    page.wait_for_function(f"() => ({ready})() || document.querySelector('.jp-Dialog')", timeout=90_000)
    choose = page.locator(".jp-Dialog").get_by_role("button", name="Select Kernel")
    if choose.is_visible():   # a Lab that has just started may ask, as the facilitator guide says: take Python 3
        choose.click()
    page.wait_for_function(ready, timeout=90_000)   # its kernel is connected and ready: Run All before then runs nothing
    page.get_by_role("menuitem", name="Run").click()
    page.get_by_text("Run All Cells", exact=True).click()


@pytest.fixture
def page(browser):
    """A browser tab the size of a projector."""
    tab = browser.new_page(viewport={"width": 1280, "height": 720})
    yield tab
    tab.close()


def live_case(page: Page, base: str, notebook: str):
    """The case's live widget once Run All has drawn it (the widget itself, not the static fallback)."""
    run_all(page, base, notebook)
    live = page.locator(".ipt-live")
    expect(live).to_be_visible(timeout=60_000)
    return live


def labels_overlap_or_clip(page: Page) -> list[str]:
    return page.evaluate("""() => {
      const labels = [...document.querySelectorAll('.ipt-live .widget-radio-box label')].filter(l => l.offsetParent);
      const boxes = labels.map(l => l.getBoundingClientRect()), found = [];
      labels.forEach((l, i) => { if (l.scrollHeight > l.clientHeight + 1) found.push('clipped: ' + l.textContent); });
      for (let i = 0; i < boxes.length; i++) for (let j = i + 1; j < boxes.length; j++) {
        const a = boxes[i], b = boxes[j];
        if (a.left < b.right && b.left < a.right && a.top < b.bottom - 1 && b.top < a.bottom - 1)
          found.push('overlap: ' + labels[i].textContent + ' / ' + labels[j].textContent);
      }
      return found;
    }""")


def test_a_workshop_case_runs_live_with_whole_options_and_reaches_an_ending(page, lab):
    course, base = lab
    live = live_case(page, base, NOTEBOOK)
    choose = live.get_by_role("button", name="Choose")
    for _ in range(20):
        if not choose.is_visible():
            break
        assert labels_overlap_or_clip(page) == []
        option = live.locator(".widget-radio-box label").first
        option.click()
        expect(option.locator("input")).to_be_checked()
        choose.click()
        expect(live).to_contain_text("Feedback on your choice")
        live.get_by_role("button", name="Continue").click()
        expect(live.get_by_role("button", name="Continue")).to_be_hidden()   # the next scene, or the ending
    expect(live).to_contain_text("Ending")
    expect(live.locator(".ipt-facilitator summary")).to_have_text("Facilitator notes")   # below the case
    assert cut_buttons(page) == []
    logs = list((course / "workshop").glob("*.jsonl"))
    assert logs and sum(len(p.read_text(encoding="utf-8").splitlines()) for p in logs) >= 2, "choices are logged"


def cut_buttons(page: Page) -> list[str]:
    """Buttons whose label does not fit them ("Reveal f…")."""
    return page.locator(".ipt-live button").evaluate_all(
        "buttons => buttons.filter(b => b.offsetParent && b.scrollWidth > b.clientWidth + 1).map(b => b.textContent)")


def slide_problems(page: Page) -> list[str]:
    """What would keep the room from reading the slide: not wholly on the screen, or an option that is cut
    off or lies over another."""
    return page.evaluate("""() => {
      const slide = document.querySelector('.ipt-live .ipt-slide'), found = [];
      const box = slide.getBoundingClientRect();
      if (box.top < 0 || box.bottom > innerHeight) found.push(`slide off screen: ${box.top}..${box.bottom}`);
      const options = [...slide.querySelectorAll('.ipt-slide-options li')];
      const area = slide.querySelector('.ipt-slide-options').getBoundingClientRect();
      options.map(o => o.getBoundingClientRect()).forEach((o, i, all) => {
        if (o.top < area.top - 1 || o.bottom > area.bottom + 1) found.push(`option ${i + 1} outside its area`);
        all.slice(i + 1).forEach((p, j) => {
          if (o.bottom > p.top + 1) found.push(`options ${i + 1}, ${i + j + 2} overlap`);
        });
      });
      return found;
    }""")


def test_group_mode_is_a_slide_that_stays_in_view_and_the_room_resumes_after_a_kernel_restart(page, lab):
    course, base = lab
    live = live_case(page, base, NOTEBOOK)
    live.get_by_role("button", name="Group mode (for a projector)").click()
    slide = live.locator(".ipt-slide")
    expect(slide).to_contain_text("Content note:")
    expect(slide).to_contain_text("Anyone may step out at any time")
    projector = page.locator(".ipt-projector .ipt-slide")
    expect(projector).to_contain_text("Content note:")   # the second view, of the same widgets
    live.get_by_role("button", name="Begin the case").click()
    live.get_by_role("button", name="Start the timer").click()   # ticking on the kernel's event loop
    expect(slide.locator(".ipt-slide-head")).to_contain_text(re.compile(r"⏱ 0:5\d left"), timeout=5_000)
    live.get_by_role("button", name="Stop the timer").click()
    slide.evaluate("s => s.scrollIntoView({block: 'start'})")   # the facilitator puts the slide at the top once
    top = slide.bounding_box()["y"]
    reveals = 0
    for scene in range(1, 20):
        expect(slide.locator(".ipt-slide-head")).to_contain_text(f"Scene {scene}")
        assert slide_problems(page) == [], f"scene {scene}"
        assert abs(slide.bounding_box()["y"] - top) < 2, f"scene {scene}: the slide moved"
        assert cut_buttons(page) == [], f"scene {scene}"
        expect(live.locator(".ipt-group-panel")).to_contain_text("Ask the room")   # the scene's prompts
        live.get_by_role("button", name="+1 for option 1").click()
        live.get_by_role("button", name="Show tally").click()
        expect(slide.locator(".ipt-slide-options")).to_contain_text("1 (100%)")
        live.get_by_role("button", name="Reveal feedback").click()
        reveals += 1
        expect(slide.locator(".ipt-slide-options")).to_contain_text("(score")
        assert slide.locator(".ipt-slide-options li").evaluate_all("""items => items.filter(li => {
          const area = li.closest('.ipt-slide-options').getBoundingClientRect(), top = li.getBoundingClientRect().top;
          return top < area.top - 1 || top > area.bottom - 20; }).length""") == 0, f"scene {scene}: an option off the page"
        live.get_by_role("button", name="Continue along this choice").click()
        expect(slide.locator(".ipt-slide-head")).not_to_contain_text(f"Scene {scene}")   # the next step is drawn
        if "Ending" in slide.inner_text():
            break
    assert slide_problems(page) == [] and "The room's path" in slide.inner_text()
    expect(projector).to_contain_text("The room's path")
    events = [json.loads(line) for p in (course / "workshop").glob("*.jsonl")
              for line in p.read_text(encoding="utf-8").splitlines()]
    assert sum(e.get("action") == "reveal" and e["mode"] == "group" for e in events) == reveals

    live.get_by_role("button", name="Back one step").click()   # back to the last scene; then the kernel dies
    expect(slide.locator(".ipt-slide-head")).to_contain_text(f"Scene {scene}")
    old = live.element_handle()
    page.get_by_role("menuitem", name="Kernel").click()
    page.get_by_text("Restart Kernel and Run All Cells…", exact=True).click()
    page.get_by_role("button", name="Confirm Kernel Restart").click()
    page.wait_for_function("widget => !widget.isConnected", arg=old, timeout=60_000)   # the new run's widget
    live = page.locator(".ipt-live")
    expect(live.get_by_role("button", name="Group mode (for a projector)")).to_be_visible(timeout=60_000)
    live.get_by_role("button", name="Group mode (for a projector)").click()
    made = scene - 1
    resume = live.get_by_role("button", name=f"Resume: scene {scene}, after {made} choice{'s' * (made != 1)} (")
    expect(resume).to_be_visible()
    resume.click()
    expect(live.locator(".ipt-slide-head")).to_contain_text(f"Scene {scene}")


def test_phones_vote_anonymously_and_the_slide_counts_them(browser, page, lab):
    """The room votes from phones (a second browser at 390×844) on the page the notebook's kernel serves."""
    course, base = lab
    phone = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    try:
        live = live_case(page, base, "teenager-and-mother")   # two scenes, whatever the room chooses
        live.get_by_role("button", name="Group mode (for a projector)").click()
        live.get_by_role("button", name="Begin the case").click()
        live.get_by_role("button", name="Votes from phones").click()
        corner = live.locator(".ipt-slide-phones")
        expect(corner).to_contain_text("Room code")
        assert corner.locator("svg").bounding_box()["width"] >= 200, "a QR code the back of the room can scan"
        address = re.search(r"http://[^/]+:(\d+)/\?room=(\w{4})", corner.inner_text())
        assert address, corner.inner_text()
        voter = phone.new_page()
        voter.goto(f"http://127.0.0.1:{address[1]}/?room={address[2]}")   # the laptop's own address, in the test
        for scene in (1, 2):
            option = voter.locator("label.option").first
            expect(option).to_be_visible(timeout=10_000)
            option.tap()
            voter.get_by_role("button", name="Send my vote").tap()
            expect(voter.get_by_role("status")).to_contain_text("Your vote is in")
            live.get_by_role("button", name="Show tally").click()
            expect(live.locator(".ipt-slide-options")).to_contain_text("1 (100%)")   # counted live, in the kernel
            live.get_by_role("button", name="Reveal feedback").click()
            expect(voter.get_by_role("radio")).to_have_count(0, timeout=10_000)      # voting closed on the phone
            live.get_by_role("button", name="Continue along this choice").click()
            expect(live.locator(".ipt-slide-head")).to_contain_text(f"Scene {scene + 1}")
        events = [json.loads(line) for p in (course / "workshop").glob("*.jsonl")
                  for line in p.read_text(encoding="utf-8").splitlines()]
        reveals = [e for e in events if e.get("item") == "teenager-and-mother" and e.get("action") == "reveal"]
        assert [(e["counted"], sum(e["votes"].values())) for e in reveals[-2:]] == [("phones", 1), ("phones", 1)]
    finally:
        phone.close()


def test_a_notebook_opened_or_reloaded_before_running_shows_the_case_not_a_widget_error(page, lab):
    course, base = lab
    for _ in range(2):   # opened, then reloaded
        page.goto(f"{base}/lab/tree/notebooks/{NOTEBOOK}.ipynb?reset&token={TOKEN}")
        case = page.locator(".jp-OutputArea-output section.ipt-vignette")
        expect(case).to_be_visible(timeout=120_000)   # the stored static case, until the notebook is run
        expect(page.get_by_text("Error displaying widget")).to_have_count(0)


def test_a_broken_draft_leaves_the_case_working_and_is_named(page, lab):
    course, base = lab
    draft = course / "content" / "vignettes" / "half-edited.yml"
    draft.write_text("id: half-edited\ntitle: [unclosed\n", encoding="utf-8")
    try:
        run_all(page, base, "first-sessions")
        live = page.locator(".ipt-live")
        expect(live).to_have_count(1, timeout=60_000)
        live.scroll_into_view_if_needed()
        expect(live.get_by_role("button", name="Choose")).to_be_visible()   # the case works
        note = page.locator(".ipt-draft-note")
        note.scroll_into_view_if_needed()
        expect(note).to_contain_text("half-edited.yml")
        expect(note).to_contain_text("make check")
        expect(page.locator(".jp-OutputArea-output[data-mime-type='application/vnd.jupyter.stderr']")).to_have_count(0)
    finally:
        draft.unlink()


def test_lab_serves_the_project_without_autosave_so_links_and_logs_work(lab):
    course, base = lab

    def get(path: str) -> dict:
        with urllib.request.urlopen(f"{base}/{path}?token={TOKEN}", timeout=10) as response:
            return json.load(response)

    docmanager = get("lab/api/settings/@jupyterlab/docmanager-extension:plugin")
    autosave = docmanager["settings"].get("autosave", docmanager["schema"]["properties"]["autosave"]["default"])
    assert autosave is False, "a workshop never rewrites the tracked notebooks (lab/overrides.json)"
    notebook = get("api/contents/notebooks/new-mother.ipynb")["content"]
    after = next(c for c in notebook["cells"] if "After the case" in "".join(c["source"]))
    for link in re.findall(r"\]\((\.\./[^)]+)\)", "".join(after["source"])):
        target = (Path("notebooks") / link).as_posix().replace("notebooks/../", "")
        assert get(f"api/contents/{target}")["type"] == "file", f"'After the case' links {link}, missing in Lab"
    assert "notebooks" in {entry["name"] for entry in get("api/contents")["content"]}
