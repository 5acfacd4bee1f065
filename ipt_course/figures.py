"""Figures drawn from an inventory's data: the closeness circle and the mood timeline, as inline SVG.

Each figure has a text alternative that says everything the drawing shows, and the same data as a
table under it, so nothing depends on seeing the picture or telling colours apart (each
relationship quality also has its own line pattern).
"""
from __future__ import annotations

import math
from html import escape

from .model import Inventory

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
    return (f'<div class="ipt-inventory" data-inventory-id="{inv.id}">'
            f"{_figure(inv, 'circle', closeness_circle(inv), circle_alt(inv), _circle_caption(inv), _people_table(inv))}"
            f"{_figure(inv, 'timeline', timeline(inv), timeline_alt(inv), _timeline_caption(inv), _events_table(inv))}"
            "</div>")


def _figure(inv: Inventory, name: str, body: tuple[str, str], alt: str, caption: str, table: str) -> str:
    base = f"ipt-{inv.id}-{name}"
    viewbox, drawing = body
    svg = (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="{viewbox}" class="ipt-svg" font-size="12" '
           f'role="img" aria-labelledby="{base}-alt"><title id="{base}-alt">{escape(alt)}</title>{drawing}</svg>')
    return (f'<figure class="ipt-figure" id="{base}">{svg}<figcaption>{caption}</figcaption>'
            f'<details class="ipt-figure-data"><summary>The data behind this figure</summary>{table}</details>'
            "</figure>")


# --- closeness circle ---------------------------------------------------------------------------

def _positions(inv: Inventory) -> list[tuple[float, float]]:
    """People spread evenly round their ring, each ring turned a little so labels do not line up."""
    spots = []
    for person in inv.people:
        same = [p for p in inv.people if p.ring == person.ring]
        k, n = same.index(person), len(same)
        angle = 2 * math.pi * k / n - math.pi / 2 + person.ring * 0.45
        r = RINGS[person.ring]
        spots.append((250 + r * math.cos(angle), 220 + r * math.sin(angle)))
    return spots


def _dash(pattern: str) -> str:
    return f' stroke-dasharray="{pattern}"' if pattern else ""


def closeness_circle(inv: Inventory) -> tuple[str, str]:
    """The viewBox and drawing of the circle."""
    rings = "".join(f'<circle cx="250" cy="220" r="{r}" fill="none" stroke="#9aa3ad" stroke-width="1"/>'
                    for r in RINGS.values())
    links, people = [], []
    for person, (x, y) in zip(inv.people, _positions(inv)):
        colour, dash, _ = QUALITY[person.quality]
        links.append(f'<line x1="250" y1="220" x2="{x:.0f}" y2="{y:.0f}" stroke="{colour}" stroke-width="3"{_dash(dash)}/>')
        anchor = "start" if x >= 250 else "end"
        dx = 10 if x >= 250 else -10
        people.append(f'<circle cx="{x:.0f}" cy="{y:.0f}" r="6" fill="{colour}"/>'
                      f'<text x="{x + dx:.0f}" y="{y + 4:.0f}" text-anchor="{anchor}">{escape(person.name)}</text>')
    legend = "".join(
        f'<line x1="{20 + i * 125}" y1="432" x2="{50 + i * 125}" y2="432" stroke="{c}" stroke-width="3"'
        f'{_dash(d)}/><text x="{56 + i * 125}" y="436">{w}</text>'
        for i, (c, d, w) in enumerate(QUALITY.values()))
    return "-90 0 680 450", (
            f'{rings}{"".join(links)}<circle cx="250" cy="220" r="22" fill="#0a5a8a"/>'
            f'<text x="250" y="224" text-anchor="middle" class="ipt-svg-centre" font-weight="bold">{escape(inv.patient)}</text>'
            f'{"".join(people)}{legend}')


def circle_alt(inv: Inventory) -> str:
    parts = []
    for ring in sorted(RINGS):
        names = [f"{p.name} ({QUALITY[p.quality][2]})" for p in inv.people if p.ring == ring]
        if names:
            parts.append(f"{RING_NAMES[ring]}: {', '.join(names)}")
    return f"Closeness circle for {inv.patient}, who is at the centre. " + "; ".join(parts) + "."


def _circle_caption(inv: Inventory) -> str:
    return (f"Closeness circle from {escape(inv.patient)}'s interpersonal inventory: the closer the ring, the "
            "closer the relationship; line colour and pattern show its quality.")


def _people_table(inv: Inventory) -> str:
    rows = "".join(f"<tr><td>{escape(p.name)}</td><td>{RING_NAMES[p.ring]}</td><td>{QUALITY[p.quality][2]}</td></tr>"
                   for p in sorted(inv.people, key=lambda p: p.ring))
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
