"""The course's CSS and JavaScript, shipped with the package and given to each page that needs them."""
from __future__ import annotations

import hashlib
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment

from .state import course_of, page_items, record_pages, swap

STATIC = Path(__file__).resolve().parent.parent / "static"


def add_static_path(app: Sphinx) -> None:
    app.config.html_static_path.append(str(STATIC))


def outdated_by_runtime(app: Sphinx, env: BuildEnvironment, added: set[str], changed: set[str],
                        removed: set[str]) -> set[str]:
    """Sphinx copies static files only in a build that writes a page, so a changed runtime with no
    changed page would never reach the book: it makes the progress and certificate pages outdated."""
    digest = hashlib.sha256(b"".join(p.read_bytes() for p in sorted(STATIC.iterdir()))).hexdigest()
    return set(record_pages(env)) if swap(env, "runtime", digest) != digest else set()


def add_runtime(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    """Give a page just the runtime it needs: the course's styles and site script everywhere (the
    menu by keyboard, dark variants), the quiz or case script where quizzes or vignettes are, the
    progress or certificate script and styles on those pages. (Added from this event, a file goes on this page only.)"""
    course, items = course_of(app), page_items(app.env)
    if app.builder.name == "singlehtml":   # every page on one, printed by `make pdf`: every item kind's script
        shown = [i for ids in items.values() for i in ids]
        kinds = {course.items[i].kind for i in shown if i in course.items}
    else:
        kinds = {course.items[i].kind for i in items.get(pagename, []) if i in course.items}
        kinds |= record_pages(app.env).get(pagename, set())
    app.add_css_file("ipt-course.css")
    app.add_js_file("ipt-site.js", loading_method="defer")
    for kind in sorted(kinds):   # quiz, vignette, progress, certificate, review: each page kind has its own runtime
        if kind in ("progress", "certificate"):
            app.add_css_file(f"ipt-{kind}.css")
        app.add_js_file(f"ipt-{kind}.js", loading_method="defer")
