"""What a case log is: its sessions, the symptom scales and the ranges the problems quote."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from pydantic import Field

from ..i18n import N_, _
from ..model import Person, Text, _Strict

Focus = Literal["grief", "role-dispute", "role-transition", "interpersonal-deficits"]
Phase = Literal["initial", "middle", "termination"]
PHASES: tuple[str, ...] = ("initial", "middle", "termination")
# What the summary and the figures call them (through _); the log's own words are the keys.
FOCUS_NAMES = {"grief": N_("grief"), "role-dispute": N_("role dispute"), "role-transition": N_("role transition"),
               "interpersonal-deficits": N_("interpersonal deficits")}
# Translators: a phase of IPT (initial, middle, termination), as the case log's summary and figures name it
PHASE_NAMES = {"initial": N_("initial"), "middle": N_("middle"), "termination": N_("termination")}


class SessionEntry(_Strict):
    """One session: its number and phase, at least one score, the risk check and what was done."""

    number: int = Field(ge=1)
    phase: Phase
    phq9: int | None = Field(default=None, ge=0, le=27)
    hrsd: int | None = Field(default=None, ge=0, le=52)
    epds: int | None = Field(default=None, ge=0, le=30)
    """Only in a perinatal log (`perinatal: true`)."""
    risk_checked: bool
    risk_notes: Text | None = None
    techniques: list[Text] = []
    supervision: bool = False
    """Discussed in supervision."""
    adherence: int | None = Field(default=None, ge=1, le=5)
    """Self-rated adherence to the model, 1 to 5."""
    notes: Text | None = None


class CaseLog(_Strict):
    """A de-identified log of one supervised IPT case."""

    pseudonym: Text
    focus: Focus
    perinatal: bool = False
    people: list[Person] = Field(default=[], max_length=12)
    """The interpersonal inventory, drawn as a closeness circle."""
    sessions: list[SessionEntry]


@dataclass(frozen=True)
class Scale:
    """A symptom scale: its range and the commonly used remission threshold (lower scores are better)."""

    key: str
    label: str
    maximum: int
    remission: int
    inclusive: bool
    """Whether a score equal to `remission` counts as remission ('7 or below' rather than 'below 5')."""

    @property
    def remission_words(self) -> str:
        return (_("{n} or below") if self.inclusive else _("below {n}")).format(n=self.remission)

    def in_remission(self, score: int) -> bool:
        return score <= self.remission if self.inclusive else score < self.remission


SCALES: dict[str, Scale] = {
    "phq9": Scale("phq9", "PHQ-9", 27, 5, False),
    "hrsd": Scale("hrsd", "HRSD", 52, 7, True),
    "epds": Scale("epds", "EPDS", 30, 10, False),
}

RANGES = {
    "phq9": "PHQ-9 totals run from 0 to 27",
    "hrsd": "HRSD totals run from 0 to 52",
    "epds": "EPDS totals run from 0 to 30",
    "adherence": "adherence self-ratings run from 1 to 5",
    "number": "session numbers start at 1",
    "ring": "rings run from 1 (closest) to 3 (furthest out)",
}
