"""Build start: load and check the course content, and ship the runtime JS and CSS."""
from __future__ import annotations

from pathlib import Path

from sphinx.application import Sphinx
from sphinx.errors import SphinxError
from sphinx.util import logging

from ..course import Course
from ..problems import ContentError

logger = logging.getLogger(__name__)
STATIC = Path(__file__).resolve().parent.parent / "static"


class CourseContentError(SphinxError):
    category = "Course content error (fix the lines below, or run `make check`)"


def course_root(app: Sphinx) -> Path:
    return (Path(app.srcdir) / app.config.ipt_course_root).resolve()


def load_course(app: Sphinx) -> None:
    try:
        app.ipt_course = Course.load(course_root(app))
    except ContentError as err:
        raise CourseContentError(str(err)) from None


def add_runtime(app: Sphinx) -> None:
    app.config.html_static_path.append(str(STATIC))
    app.add_css_file("ipt-course.css")
    app.add_js_file("ipt-course.js", loading_method="defer")
