"""Inline SVG figures of an interpersonal inventory: the closeness circle and the mood timeline.

Each figure has a text alternative that says everything the drawing shows, and the same data as a
table under it, so nothing depends on seeing the picture or telling colours apart (each
relationship quality has its own line pattern; the timeline numbers its events as the table does).
The case log reuses `closeness_circle_figure` and, for its symptom trajectory, the frame `_figure`.
"""
from __future__ import annotations

import math
from collections.abc import Sequence
from html import escape

from .model import Inventory, Person

RINGS = {1: 70, 2: 130, 3: 190}  # radius of each ring, closest first
RING_NAMES = {1: "closest", 2: "close", 3: "further out"}
QUALITY = {  # stroke colour, dash pattern, words
    "supportive": ("#1a6b34", "", "supportive"),
    "mixed": ("#8a5a00", "8 5", "mixed"),
    "conflict": ("#a3231a", "2 4", "in conflict"),
    "distant": ("#5b6470", "1 7", "distant"),
}


def render_inventory(inv: Inventory) -> str:
    """Both figures with captions and data tables, as one HTML fragment."""
    circle = closeness_circle_figure(inv.patient, inv.people, figure_id=f"ipt-figure-{inv.id}-circle", centre_r=22)
    events = _figure(f"ipt-figure-{inv.id}-timeline", timeline(inv), timeline_alt(inv), _timeline_caption(inv),
                     _events_table(inv))
    return f'<div class="ipt-inventory" data-inventory-id="{inv.id}">{circle}{events}</div>'


def _figure(base: str, body: tuple[str, str], alt: str, caption: str, table: str) -> str:
    """A figure: the SVG (its title the text alternative), a caption and the data in a table."""
    viewbox, drawing = body
    svg = (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="{viewbox}" class="ipt-svg" font-size="12" '
           f'role="img" aria-labelledby="{base}-alt"><title id="{base}-alt">{escape(alt)}</title>{drawing}</svg>')
    return (f'<figure class="ipt-figure" id="{base}">{svg}<figcaption>{caption}</figcaption></figure>'
            f'<details class="ipt-figure-data"><summary>The data behind this figure</summary>{table}</details>')


# --- closeness circle ---------------------------------------------------------------------------

def closeness_circle_figure(patient: str, people: Sequence[Person], *, figure_id: str = "ipt-caselog-circle",
                            centre_r: int | None = None) -> str:
    """The closeness circle of `patient` and their `people`, with its caption and data table.

    `centre_r` is the radius of the patient's disc; by default it grows to fit a longer label.
    """
    if centre_r is None:
        centre_r = min(max(22, math.ceil(len(patient) * 3.8) + 4), 48)
    return _figure(figure_id, _circle_drawing(patient, people, centre_r), _circle_alt(patient, people),
                   _circle_caption(patient), _people_table(people))


def _positions(people: Sequence[Person]) -> list[tuple[float, float]]:
    """People spread evenly round their ring, each ring turned a little so labels do not line up."""
    spots = []
    for person in people:
        same = [p for p in people if p.ring == person.ring]
        k, n = same.index(person), len(same)
        angle = 2 * math.pi * k / n - math.pi / 2 + person.ring * 0.45
        r = RINGS[person.ring]
        spots.append((250 + r * math.cos(angle), 220 + r * math.sin(angle)))
    return spots


def _dash(pattern: str) -> str:
    return f' stroke-dasharray="{pattern}"' if pattern else ""


def closeness_circle(inv: Inventory) -> tuple[str, str]:
    """The viewBox and drawing of an inventory's circle."""
    return _circle_drawing(inv.patient, inv.people, 22)


def _circle_drawing(patient: str, people: Sequence[Person], centre_r: int) -> tuple[str, str]:
    rings = "".join(f'<circle cx="250" cy="220" r="{r}" fill="none" stroke="#9aa3ad" stroke-width="1"/>'
                    for r in RINGS.values())
    links, drawn = [], []
    for person, (x, y) in zip(people, _positions(people), strict=True):
        colour, dash, _ = QUALITY[person.quality]
        links.append(f'<line x1="250" y1="220" x2="{x:.0f}" y2="{y:.0f}" stroke="{colour}" stroke-width="3"'
                     f'{_dash(dash)}/>')
        anchor = "start" if x >= 250 else "end"
        dx = 10 if x >= 250 else -10
        drawn.append(f'<circle cx="{x:.0f}" cy="{y:.0f}" r="6" fill="{colour}"/>'
                     f'<text x="{x + dx:.0f}" y="{y + 4:.0f}" text-anchor="{anchor}">{escape(person.name)}</text>')
    legend = "".join(
        f'<line x1="{20 + i * 125}" y1="432" x2="{50 + i * 125}" y2="432" stroke="{c}" stroke-width="3"'
        f'{_dash(d)}/><text x="{56 + i * 125}" y="436">{w}</text>'
        for i, (c, d, w) in enumerate(QUALITY.values()))
    return "-90 0 680 450", (
            f'{rings}{"".join(links)}<circle cx="250" cy="220" r="{centre_r}" fill="#0a5a8a"/>'
            f'<text x="250" y="224" text-anchor="middle" class="ipt-svg-centre" font-weight="bold">'
            f'{escape(patient)}</text>'
            f'{"".join(drawn)}{legend}')


def circle_alt(inv: Inventory) -> str:
    return _circle_alt(inv.patient, inv.people)


def _circle_alt(patient: str, people: Sequence[Person]) -> str:
    parts = []
    for ring in sorted(RINGS):
        names = [f"{p.name} ({QUALITY[p.quality][2]})" for p in people if p.ring == ring]
        if names:
            parts.append(f"{RING_NAMES[ring]}: {', '.join(names)}")
    if not parts:
        return f"Closeness circle for {patient}, who is at the centre. No one has been added yet."
    return f"Closeness circle for {patient}, who is at the centre. " + "; ".join(parts) + "."


def _circle_caption(patient: str) -> str:
    return (f"Closeness circle from {escape(patient)}'s interpersonal inventory: the closer the ring, the "
            "closer the relationship; line colour and pattern show its quality.")


def _people_table(people: Sequence[Person]) -> str:
    rows = "".join(f"<tr><td>{escape(p.name)}</td><td>{RING_NAMES[p.ring]}</td><td>{QUALITY[p.quality][2]}</td></tr>"
                   for p in sorted(people, key=lambda p: p.ring))
    return ('<table><thead><tr><th scope="col">Person</th><th scope="col">Closeness</th>'
            f'<th scope="col">Relationship</th></tr></thead><tbody>{rows}</tbody></table>')


# --- timeline -----------------------------------------------------------------------------------

def timeline(inv: Inventory) -> tuple[str, str]:
    """The viewBox and drawing of the timeline."""
    events = sorted(inv.timeline, key=lambda e: e.month)
    first, last = events[0].month, max(events[-1].month, 0)
    span = max(last - first, 1)

    def x(month: int) -> float:
        return 60 + 400 * (month - first) / span

    def y(mood: int) -> float:
        return 250 - 20 * mood

    grid = "".join(f'<line x1="60" y1="{y(m)}" x2="460" y2="{y(m)}" stroke="#d5d9de"/>'
                   f'<text x="52" y="{y(m) + 4}" text-anchor="end">{m}</text>' for m in (0, 5, 10))
    line = " ".join(f"{x(e.month):.0f},{y(e.mood):.0f}" for e in events)
    points = "".join(f'<circle cx="{x(e.month):.0f}" cy="{y(e.mood):.0f}" r="5" fill="#0a5a8a"/>'
                     f'<text x="{x(e.month):.0f}" y="{y(e.mood) - 10:.0f}" text-anchor="middle" '
                     f'font-weight="bold">{i}</text>' for i, e in enumerate(events, 1))
    now = (f'<line x1="{x(0):.0f}" y1="40" x2="{x(0):.0f}" y2="250" stroke="#5b6470" stroke-dasharray="4 4"/>'
           f'<text x="{x(0):.0f}" y="34" text-anchor="middle">first session</text>')
    return "0 0 500 300", (
            f'{grid}<line x1="60" y1="250" x2="460" y2="250" stroke="#333"/>'
            f'<text x="14" y="150" transform="rotate(-90 14 150)" text-anchor="middle">mood (0 worst, 10 best)</text>'
            f'<text x="260" y="285" text-anchor="middle">months before (−) and after the first session</text>'
            f'{now}<polyline points="{line}" fill="none" stroke="#0a5a8a" stroke-width="2"/>{points}')


def timeline_alt(inv: Inventory) -> str:
    events = sorted(inv.timeline, key=lambda e: e.month)
    steps = "; ".join(f"{i}. {_when(e.month)}: {e.event}, mood {e.mood} of 10" for i, e in enumerate(events, 1))
    return f"Timeline of {inv.patient}'s mood and life events. {steps}."


def _when(month: int) -> str:
    if month == 0:
        return "at the first session"
    return f"{abs(month)} month{'s' * (abs(month) != 1)} {'before' if month < 0 else 'after'}"


def _timeline_caption(inv: Inventory) -> str:
    return (f"Timeline from {escape(inv.patient)}'s initial sessions, linking life events (numbered) to mood; "
            "the numbers match the table below.")


def _events_table(inv: Inventory) -> str:
    rows = "".join(f"<tr><td>{i}</td><td>{_when(e.month)}</td><td>{escape(e.event)}</td><td>{e.mood}</td></tr>"
                   for i, e in enumerate(sorted(inv.timeline, key=lambda e: e.month), 1))
    return ('<table><thead><tr><th scope="col">#</th><th scope="col">When</th><th scope="col">Event</th>'
            f'<th scope="col">Mood (0–10)</th></tr></thead><tbody>{rows}</tbody></table>')
