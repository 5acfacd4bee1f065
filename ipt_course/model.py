"""The content model: what a quiz and a vignette are, as educators write them in YAML.

Models are strict (no type coercion, no unknown fields) so that a typo in a content file is
reported instead of silently changing a quiz. Cross-field rules that need the whole item
(graph shape, reference keys, duplicate ids) live in `checks.py`, where they get line numbers.
"""
from __future__ import annotations

from typing import Annotated, ClassVar, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from .i18n import N_

SLUG_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"
Slug = Annotated[str, StringConstraints(pattern=SLUG_PATTERN, max_length=60)]
Text = Annotated[str, StringConstraints(min_length=1)]
"""Markdown text, rendered with raw HTML disabled."""


class _Strict(BaseModel):
    model_config = ConfigDict(strict=True, extra="forbid", frozen=True)


class Option(_Strict):
    text: Text
    correct: bool = False
    feedback: Text


class _Question(_Strict):
    id: Slug
    prompt: Text
    explanation: Text
    references: list[str] = Field(min_length=1)
    hints: list[Text] = []
    # Ask how sure the reader is before the check, and mark the first try by certainty-based
    # marking (Gardner-Medwin; Moodle's CBM): for clinical-judgement questions.
    confidence: bool = False


class _OptionQuestion(_Question):
    options: list[Option] = Field(min_length=2)
    # Readers see the options in an order shuffled per attempt; set false where the order carries
    # meaning ("all of the above", a scale). Print and the no-JavaScript view keep the file's order.
    shuffle: bool = True


class SingleChoice(_OptionQuestion):
    type: Literal["single"]


class MultipleSelect(_OptionQuestion):
    type: Literal["multiple"]


class Case(_Strict):
    text: Text
    category: Text
    feedback: Text


class Classify(_Question):
    type: Literal["classify"]
    categories: list[Text] = Field(min_length=2)
    cases: list[Case] = Field(min_length=2)


Question = Annotated[SingleChoice | MultipleSelect | Classify, Field(discriminator="type")]


class Quiz(_Strict):
    id: Slug
    title: Text
    intro: str = ""
    questions: list[Question] = Field(min_length=1)

    kind: ClassVar[str] = "quiz"
    label: ClassVar[str] = N_("Quiz")

    @property
    def references(self) -> list[str]:
        return list(dict.fromkeys(key for q in self.questions for key in q.references))


class Choice(_Strict):
    label: Text
    feedback: Text
    score: int = Field(ge=0, le=10)
    next: Slug


class Node(_Strict):
    text: Text
    choices: list[Choice] = Field(min_length=1)
    discuss: list[Text] = []
    """Questions for the room at this scene, shown to the facilitator in group mode (never to readers)."""


class Ending(_Strict):
    outcome: Literal["good", "mixed", "poor"]
    title: Text
    text: Text


class Vignette(_Strict):
    id: Slug
    title: Text
    summary: Text
    content_note: Text
    start: Slug
    nodes: dict[Slug, Node] = Field(min_length=1)
    endings: dict[Slug, Ending] = Field(min_length=1)
    learning_points: list[Text] = Field(min_length=1)
    references: list[str] = Field(min_length=1)
    facilitator_notes: str = ""
    chapter: str = ""
    """The chapter (document name under book/) that the workshop notebook links back to."""

    kind: ClassVar[str] = "vignette"
    label: ClassVar[str] = N_("Case")

    def successors(self, node_id: str) -> list[str]:
        """Where a scene's choices lead: the graph the checks and the engine walk."""
        return [c.next for c in self.nodes[node_id].choices]


class Written(_Strict):
    """A written exercise: the reader writes (a formulation, a contract, a phrasing), then compares it
    with a model answer and rates it against each point of a checklist. Nothing is graded but by the reader."""

    id: Slug
    title: Text
    scenario: Text
    task: Text
    model_answer: Text
    checklist: list[Text] = Field(min_length=3, max_length=8)
    references: list[str] = Field(min_length=1)

    kind: ClassVar[str] = "written"
    label: ClassVar[str] = N_("Written exercise")


class Person(_Strict):
    name: Text
    ring: int = Field(ge=1, le=3)
    quality: Literal["supportive", "mixed", "conflict", "distant"]


class LifeEvent(_Strict):
    month: int = Field(ge=-600, le=60)
    event: Text
    mood: int = Field(ge=0, le=10)


class Inventory(_Strict):
    """An example interpersonal inventory, drawn as a closeness circle and a mood timeline."""

    id: Slug
    patient: Text
    people: list[Person] = Field(min_length=1, max_length=12)
    timeline: list[LifeEvent] = Field(min_length=2, max_length=12)

    kind: ClassVar[str] = "inventory"


Item = Quiz | Vignette | Written
"""What a reader answers and whose progress is kept."""
Content = Quiz | Vignette | Written | Inventory
