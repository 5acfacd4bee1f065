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
    page.wait_for_function("document.querySelector('.jp-Notebook-ExecutionIndicator')?.dataset.status === 'idle'",
                           timeout=60_000)    # its kernel is ready: Run All before then can run nothing
    page.get_by_role("menuitem", name="Run").click()
    page.get_by_text("Run All Cells", exact=True).click()


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


def test_a_workshop_case_runs_live_with_whole_options_and_reaches_an_ending(browser, lab):
    course, base = lab
    page = browser.new_page(viewport={"width": 1280, "height": 720})
    try:
        run_all(page, base, NOTEBOOK)
        live = page.locator(".ipt-live")
        expect(live).to_be_visible(timeout=60_000)   # the widget itself, not the static fallback
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

        live.get_by_role("button", name="Group mode (for a projector)").click()
        expect(live.locator(".ipt-group")).to_be_visible()
        cut = live.locator(".ipt-group button").evaluate_all(
            "buttons => buttons.filter(b => b.offsetParent && b.scrollWidth > b.clientWidth + 1).map(b => b.textContent)")
        assert cut == [], f"group-mode buttons cut off: {cut}"
        logs = list((course / "workshop").glob("*.jsonl"))
        assert logs and sum(len(p.read_text(encoding="utf-8").splitlines()) for p in logs) >= 2, "choices are logged"
    finally:
        page.close()


def test_a_broken_draft_leaves_the_case_working_and_is_named(browser, lab):
    course, base = lab
    draft = course / "content" / "vignettes" / "half-edited.yml"
    draft.write_text("id: half-edited\ntitle: [unclosed\n", encoding="utf-8")
    page = browser.new_page(viewport={"width": 1280, "height": 720})
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
        page.close()
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
