"""Learning time, computed rather than declared: a chapter's reading from its words, plus the
expected time of each of its quizzes, cases and written exercises. Shown at the top of the chapter, summed on the
certificate, and compared with any `learning_hours` the chapter declares.

The rates are this course's estimates, stated in the authoring guide. Adults read English
non-fiction silently at about 238 words per minute on average (Brysbaert 2019); clinical text
studied for practice goes slower, so reading is counted at 150.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment

from ..i18n import N_, _
from ..model import Item, Quiz, Vignette, Written
from .nodes import course_item
from .state import page_words, take_pages

WORDS_PER_MINUTE = 150
MINUTES_PER_QUESTION = 1.5   # read, answer, read the feedback and the explanation
MINUTES_PER_SCENE = 2        # every scene once: readers are asked to try at least two paths
MINUTES_PER_WRITTEN = 10     # write a paragraph or two, then compare it with the model answer point by point
TOLERANCE = 0.25             # a declared figure further than this from the computed one needs a reason

WORD = re.compile(r"\w+(?:['’-]\w+)*")
NOT_READ = (course_item, nodes.raw, nodes.comment, nodes.literal_block, nodes.system_message)


@dataclass(frozen=True)
class LearningTime:
    reading: int   # minutes, each part rounded to 5
    quiz: int
    case: int
    writing: int = 0

    @property
    def minutes(self) -> int:
        return self.reading + self.quiz + self.case + self.writing

    @property
    def hours(self) -> float:
        return round(self.minutes / 60, 2)

    def sentence(self) -> str:
        parts = ((N_("reading {minutes}"), self.reading), (N_("quiz {minutes}"), self.quiz),
                 (N_("case {minutes}"), self.case), (N_("writing {minutes}"), self.writing))
        shown = ", ".join(_(part).format(minutes=m) for i, (part, m) in enumerate(parts) if m or not i)
        return _("About {minutes} minutes: {parts}.").format(minutes=self.minutes, parts=shown)


def _five(minutes: float) -> int:
    return max(5, int(5 * round(minutes / 5))) if minutes else 0


def item_minutes(item: Item) -> float:
    if isinstance(item, Quiz):
        return MINUTES_PER_QUESTION * len(item.questions)
    if isinstance(item, Written):
        return MINUTES_PER_WRITTEN
    return MINUTES_PER_SCENE * len(item.nodes)


def learning_time(words: int, items: list[Item]) -> LearningTime:
    def minutes(kind: type) -> int:
        return _five(sum(item_minutes(i) for i in items if isinstance(i, kind)))
    return LearningTime(_five(words / WORDS_PER_MINUTE), minutes(Quiz), minutes(Vignette), minutes(Written))


def count_words(app: Sphinx, doctree: nodes.document) -> None:
    """The words a reader reads on this page, items aside (they are timed by their size)."""
    def read(node: nodes.Node) -> bool:
        parent = node.parent
        while parent is not None:
            if isinstance(parent, NOT_READ):
                return False
            parent = parent.parent
        return True
    text = " ".join(t.astext() for t in doctree.findall(nodes.Text) if read(t))
    page_words(app.env)[app.env.docname] = len(WORD.findall(text))


def purge_words(app: Sphinx, env: BuildEnvironment, docname: str) -> None:
    page_words(env).pop(docname, None)


def merge_words(app: Sphinx, env: BuildEnvironment, docnames: list[str], other: BuildEnvironment) -> None:
    take_pages(page_words(env), page_words(other), docnames)


def declared_problem(declared: float | None, reason: str, computed: LearningTime) -> str | None:
    """Why a declared `learning_hours` needs attention, or None."""
    if declared is None or reason.strip() or abs(declared - computed.hours) <= TOLERANCE * computed.hours:
        return None
    return (f"declares learning_hours: {declared:g}, but its reading, quiz and cases come to about "
            f"{computed.hours:g} h ({computed.sentence()}); change it to {computed.hours:g}, or say why in "
            "`learning_hours_reason:`")
