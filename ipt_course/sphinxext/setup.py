"""Build start: load and check the course content, and ship the runtime JS and CSS."""
from __future__ import annotations

from pathlib import Path

from sphinx.application import Sphinx
from sphinx.util import logging

from ..course import Course

logger = logging.getLogger(__name__)
STATIC = Path(__file__).resolve().parent.parent / "static"


def course_root(app: Sphinx) -> Path:
    return (Path(app.srcdir) / app.config.ipt_course_root).resolve()


def load_course(app: Sphinx) -> None:
    """Load the content; report each problem at its file and line, so the strict build fails."""
    app.ipt_course, problems = Course.read(course_root(app))
    for problem in problems:
        logger.error(problem.message, location=f"{problem.path}:{problem.line}", type="ipt_course", subtype="content")


def add_runtime(app: Sphinx) -> None:
    app.config.html_static_path.append(str(STATIC))
    app.add_css_file("ipt-course.css")
    app.add_js_file("ipt-course.js", loading_method="defer")
