"""The small sample course the unit tests share (tests/fixtures/course)."""
from __future__ import annotations

import pytest

from ipt_course import Course
from tests.conftest import ROOT

SAMPLE = ROOT / "tests" / "fixtures" / "course"


@pytest.fixture(scope="session")
def course() -> Course:
    return Course.load(SAMPLE)
