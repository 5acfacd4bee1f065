"""What the extension keeps between Sphinx events, typed: the build's course, and which pages show it."""
from __future__ import annotations

from typing import NamedTuple
from weakref import WeakKeyDictionary

from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment

from ..course import Course


class _Loaded(NamedTuple):
    course: Course
    fingerprint: str
    version: str


_LOADED: WeakKeyDictionary[Sphinx, _Loaded] = WeakKeyDictionary()


def set_course(app: Sphinx, course: Course, fingerprint: str, version: str) -> None:
    """Keep the course loaded at build start for the later events. It is held beside the app, not
    in its environment, so it is never pickled with the environment; weakly, so a finished app is freed."""
    _LOADED[app] = _Loaded(course, fingerprint, version)


def course_of(app: Sphinx) -> Course:
    return _LOADED[app].course


def fingerprint_of(app: Sphinx) -> str:
    return _LOADED[app].fingerprint


def version_of(app: Sphinx) -> str:
    """The version of the course this build is made from (date and commit), for the certificate."""
    return _LOADED[app].version


# The environment's own attributes are pickled with it: an incremental build still knows what the
# pages it does not re-read show, and the course the last build showed.

def page_items(env: BuildEnvironment) -> dict[str, list[str]]:
    """The item ids on each page that has any, by docname."""
    items: dict[str, list[str]] = vars(env).setdefault("ipt_items", {})
    return items


def take_pages(mine: dict, theirs: dict, docnames: list[str]) -> None:
    """A parallel reader's entries for the pages it read (for `env-merge-info`)."""
    mine.update({d: theirs[d] for d in docnames if d in theirs})


def page_words(env: BuildEnvironment) -> dict[str, int]:
    """The words a reader reads on each page, items aside, by docname."""
    words: dict[str, int] = vars(env).setdefault("ipt_words", {})
    return words


def record_pages(env: BuildEnvironment) -> dict[str, set[str]]:
    """The pages with a progress table, a certificate or the review queue, and which of them
    ("progress", "certificate", "review")."""
    pages: dict[str, set[str]] = vars(env).setdefault("ipt_record_pages", {})
    return pages


def swap(env: BuildEnvironment, name: str, value: str) -> str | None:
    """Record what this build shows (the course's fingerprint, its version); return the last build's."""
    previous: str | None = vars(env).get(f"ipt_{name}")
    vars(env)[f"ipt_{name}"] = value
    return previous
