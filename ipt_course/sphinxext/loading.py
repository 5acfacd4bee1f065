"""Load and check the course content at build start; a content problem stops the strict build at its
file and line, as `python -m ipt_course check` reports it."""
from __future__ import annotations

import os
import pickle
import subprocess
from datetime import date
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.util import logging

from ..course import Course
from .state import set_course

logger = logging.getLogger(__name__)
CACHE = "ipt-course.pickle"


def course_root(app: Sphinx) -> Path:
    return (Path(app.srcdir) / app.config.ipt_course_root).resolve()


def load_course(app: Sphinx) -> None:
    """Load the content; report each problem at its file and line, so the strict build fails.

    A clean course is cached beside the doctrees under the fingerprint of its files: parsing the
    YAML is most of the time that a rebuild with nothing changed would otherwise take.
    """
    root, cache = course_root(app), Path(app.doctreedir) / CACHE
    fingerprint, version = Course.fingerprint(root), course_version(root)
    try:
        cached_fingerprint, course = pickle.loads(cache.read_bytes())
    except Exception:  # missing, unreadable or from older code: it is only a cache
        cached_fingerprint = None
    if cached_fingerprint == fingerprint:
        set_course(app, course, fingerprint, version)
        return
    course, problems = Course.read(root)
    set_course(app, course, fingerprint, version)
    for problem in problems:
        logger.error(problem.message, location=f"{problem.path}:{problem.line}", type="ipt_course",
                     subtype="content")
    cache.unlink(missing_ok=True)
    if not problems:
        cache.parent.mkdir(parents=True, exist_ok=True)
        partial = cache.with_suffix(".partial")
        partial.write_bytes(pickle.dumps((fingerprint, course)))
        os.replace(partial, cache)


def course_version(root: Path) -> str:
    """The date and commit of the course's last change, so a certificate says which version it
    records; outside a git checkout, the build date."""
    try:
        out = subprocess.run(["git", "-C", str(root), "log", "-1", "--format=%cs, commit %h"],
                             capture_output=True, text=True, timeout=10, check=True).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        out = ""
    return out or f"built {date.today().isoformat()}"
