"""Shared fixtures: the repository root and the strictly built book (built once per session)."""
from __future__ import annotations

import functools
import subprocess
import sys
import threading
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import pytest

from ipt_course import Course

T = TypeVar("T")
ROOT = Path(__file__).resolve().parents[1]
JUPYTER_BOOK = Path(sys.executable).with_name("jupyter-book")


def on_a_fresh_thread(run: Callable[[], T]) -> T:
    """`run()` on a thread with no event loop, as a kernel's server thread or a script has. The browser
    tests' Playwright keeps an event loop running on the main thread for the whole session, which
    `asyncio.run` refuses and which `asyncio.get_running_loop` would wrongly hand to the code under test."""
    result: list[T] = []
    failure: list[BaseException] = []

    def target() -> None:
        try:
            result.append(run())
        except BaseException as error:
            failure.append(error)

    thread = threading.Thread(target=target)
    thread.start()
    thread.join()
    if failure:
        raise failure[0]
    return result[0]


@functools.cache
def real_course() -> Course:
    """The course in this repository, read once per test session; tests only read it."""
    return Course.load(ROOT)


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "hub: starts the course's JupyterHub with test users (make hub-test)")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark tests by folder, so `make unit` can leave out the slow ones: browser, build and hub."""
    for item in items:
        folder = Path(item.path).resolve().relative_to(ROOT).parts[:2]
        if folder in {("tests", "browser"), ("tests", "build"), ("tests", "hub")}:
            item.add_marker(folder[1])


def build_book(source: Path, out: Path) -> subprocess.CompletedProcess:
    """`jupyter-book build -W -n --keep-going`, the strict build `make book` runs."""
    return subprocess.run([str(JUPYTER_BOOK), "build", "-W", "-n", "--keep-going", str(source),
                           "--path-output", str(out)], capture_output=True, text=True, timeout=600)


@pytest.fixture(scope="session")
def built_book(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("book")
    result = build_book(ROOT, out)
    if result.returncode != 0:
        pytest.fail(f"strict book build failed:\n{result.stdout[-4000:]}\n{result.stderr[-4000:]}")
    return out / "_build" / "html"
