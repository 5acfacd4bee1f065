"""Figures as inline SVG: an inventory's closeness circle and mood timeline, and a case log's
symptom trajectory.

Each figure has a text alternative that says everything the drawing shows, and the same data as a
table under it, so nothing depends on seeing the picture or telling colours apart (each
relationship quality has its own line pattern, each scale its own marker and line pattern, and
phases and thresholds are labelled in words).
"""
from __future__ import annotations

import math
from collections.abc import Sequence
from html import escape
from itertools import pairwise

from .caselog import CaseLog, ScaleSummary, scale_summaries
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


# --- symptom trajectory (case log) --------------------------------------------------------------

TRAJ_X0, TRAJ_X1 = 60, 470  # the plot's left and right edges; threshold labels go to the right
TRAJ_TOP = 46  # below the phase labels
PANEL_H, PANEL_GAP = 140, 44  # each scale's plot height, and the space for its title above it
PHASE_FILL = {"initial": "#dbe9f6", "middle": "#e3f1e0", "termination": "#f7e7d3"}
SCALE_STYLE = {  # line colour, dash pattern, marker, marker words
    "phq9": ("#0a5a8a", "", "circle", "circles, solid line"),
    "hrsd": ("#8a3a00", "7 4", "square", "squares, dashed line"),
    "epds": ("#1a6b34", "2 3", "triangle", "triangles, dotted line"),
}
THRESHOLD = {"remission": ("#333", "6 4"), "response": ("#333", "2 4")}


def symptom_trajectory(log: CaseLog, *, figure_id: str = "ipt-caselog-trajectory") -> str:
    """Each scale in the log across the sessions, with the phases and the thresholds, as a figure."""
    summaries = scale_summaries(log)
    if not summaries:
        return '<p class="ipt-figure-empty">No scores logged yet, so there is nothing to plot.</p>'
    return _figure(figure_id, _trajectory_drawing(log, summaries), _trajectory_alt(log, summaries),
                   _trajectory_caption(log), _scores_table(log, summaries))


def _phase_runs(log: CaseLog) -> list[tuple[str, int, int]]:
    """(phase, first session, last session) for each run of sessions in one phase."""
    runs: list[tuple[str, int, int]] = []
    for s in sorted(log.sessions, key=lambda s: s.number):
        if runs and runs[-1][0] == s.phase:
            runs[-1] = (s.phase, runs[-1][1], s.number)
        else:
            runs.append((s.phase, s.number, s.number))
    return runs


def _marker(kind: str, x: float, y: float, colour: str) -> str:
    if kind == "square":
        return f'<rect x="{x - 5:.1f}" y="{y - 5:.1f}" width="10" height="10" fill="{colour}"/>'
    if kind == "triangle":
        return (f'<polygon points="{x:.1f},{y - 6:.1f} {x + 6:.1f},{y + 5:.1f} {x - 6:.1f},{y + 5:.1f}" '
                f'fill="{colour}"/>')
    return f'<circle cx="{x:.1f}" cy="{y:.1f}" r="5" fill="{colour}"/>'


def _spread(ys: list[float], gap: float = 13) -> list[float]:
    """Label positions moved apart (keeping their order) so that no two overlap."""
    order = sorted(range(len(ys)), key=lambda i: ys[i])
    out = list(ys)
    for prev, cur in pairwise(order):
        out[cur] = max(out[cur], out[prev] + gap)
    return out


def _threshold_values(summary: ScaleSummary) -> list[tuple[str, float, str]]:
    """(kind, score, rule) of the dashed lines: remission, and response at half the baseline."""
    scale = summary.scale
    lines = [("remission", float(scale.remission), scale.remission_words)]
    if summary.baseline[1] > 0:
        half = summary.baseline[1] / 2
        lines.append(("response", half, f"{_num(half)} or below"))
    return lines


def _num(value: float) -> str:
    return f"{value:.0f}" if float(value).is_integer() else f"{value:.1f}"


def _trajectory_drawing(log: CaseLog, summaries: list[ScaleSummary]) -> tuple[str, str]:
    last = max(s.number for s in log.sessions)
    step = (TRAJ_X1 - TRAJ_X0) / last

    def x(number: int) -> float:
        return TRAJ_X0 + (number - 0.5) * step

    bottom = TRAJ_TOP + len(summaries) * (PANEL_GAP + PANEL_H)
    parts: list[str] = []
    # Phase bands: shaded, bounded by lines and labelled in words above the plots.
    label_end = {0: -1e9, 1: -1e9}
    for phase, first, final in _phase_runs(log):
        left, right = TRAJ_X0 + (first - 1) * step, TRAJ_X0 + final * step
        centre, half_width = (left + right) / 2, len(phase) * 3.3
        row = 0 if centre - half_width > label_end[0] + 4 else 1
        label_end[row] = centre + half_width
        parts.append(f'<rect x="{left:.1f}" y="{TRAJ_TOP - 8}" width="{right - left:.1f}" '
                     f'height="{bottom - TRAJ_TOP + 8}" fill="{PHASE_FILL[phase]}"/>'
                     f'<line x1="{left:.1f}" y1="{TRAJ_TOP - 8}" x2="{left:.1f}" y2="{bottom}" stroke="#9aa3ad"/>'
                     f'<text x="{centre:.1f}" y="{18 + 14 * row}" text-anchor="middle" font-size="11">{phase}</text>')
    parts.append(f'<line x1="{TRAJ_X1}" y1="{TRAJ_TOP - 8}" x2="{TRAJ_X1}" y2="{bottom}" stroke="#9aa3ad"/>')
    for index, summary in enumerate(summaries):
        scale = summary.scale
        colour, dash, marker, _ = SCALE_STYLE[scale.key]
        top = TRAJ_TOP + index * (PANEL_GAP + PANEL_H) + PANEL_GAP
        base = top + PANEL_H

        def y(score: float, top: float = top, maximum: float = scale.maximum) -> float:
            return top + PANEL_H * (1 - score / maximum)

        tick = 10 if scale.maximum > 30 else 5
        grid = "".join(f'<line x1="{TRAJ_X0}" y1="{y(v):.1f}" x2="{TRAJ_X1}" y2="{y(v):.1f}" stroke="#c8ccd0" '
                       f'stroke-width="0.5"/><text x="{TRAJ_X0 - 6}" y="{y(v) + 4:.1f}" text-anchor="end">{v}</text>'
                       for v in range(0, scale.maximum + 1, tick))
        title = (f'{_marker(marker, TRAJ_X0 + 6, top - 12, colour)}'
                 f'<line x1="{TRAJ_X0 + 14}" y1="{top - 12}" x2="{TRAJ_X0 + 40}" y2="{top - 12}" stroke="{colour}" '
                 f'stroke-width="2"{_dash(dash)}/>'
                 f'<text x="{TRAJ_X0 + 46}" y="{top - 8}" font-weight="bold">{scale.label} '
                 f'(0–{scale.maximum}; lower is better)</text>')
        thresholds = _threshold_values(summary)
        label_ys = _spread([y(v) + 4 for _, v, _ in thresholds])
        lines = "".join(
            f'<line x1="{TRAJ_X0}" y1="{y(v):.1f}" x2="{TRAJ_X1}" y2="{y(v):.1f}" stroke="{THRESHOLD[kind][0]}" '
            f'stroke-width="1.5"{_dash(THRESHOLD[kind][1])}/>'
            f'<text x="{TRAJ_X1 + 6}" y="{ly:.1f}" font-size="11">{kind}: {escape(rule)}</text>'
            for (kind, v, rule), ly in zip(thresholds, label_ys, strict=True))
        points = " ".join(f"{x(n):.1f},{y(v):.1f}" for n, v in summary.scores)
        trace = (f'<polyline points="{points}" fill="none" stroke="{colour}" stroke-width="2"{_dash(dash)}/>'
                 + "".join(_marker(marker, x(n), y(v), colour) for n, v in summary.scores))
        parts.append(f'{grid}<line x1="{TRAJ_X0}" y1="{base}" x2="{TRAJ_X1}" y2="{base}" stroke="#333"/>'
                     f"{title}{lines}{trace}")
    ticks = "".join(f'<text x="{x(n):.1f}" y="{bottom + 16}" text-anchor="middle">{n}</text>'
                    for n in range(1, last + 1))
    parts.append(f'{ticks}<text x="{(TRAJ_X0 + TRAJ_X1) / 2:.0f}" y="{bottom + 34}" '
                 'text-anchor="middle">session</text>')
    return f"0 0 640 {bottom + 44}", "".join(parts)


def _trajectory_alt(log: CaseLog, summaries: list[ScaleSummary]) -> str:
    scales = " ".join(f"{s.scale.label} ({SCALE_STYLE[s.scale.key][3]}): "
                      + ", ".join(f"{v} at session {n}" for n, v in s.scores) + "." for s in summaries)
    phases = "; ".join(f"{phase}, session{'s' * (a != b)} {a}{f'–{b}' if a != b else ''}"
                       for phase, a, b in _phase_runs(log))
    lines = " ".join(f"{s.scale.label}: " + ", ".join(
        f"{kind} {rule}" + (f" (half the baseline of {s.baseline[1]})" if kind == "response" else "")
        for kind, _, rule in _threshold_values(s)) + "." for s in summaries)
    count = len(log.sessions)
    return (f"Symptom scores for {log.pseudonym} across {count} session{'s' * (count != 1)}; lower is better. "
            f"{scales} Phases: {phases}. Dashed lines mark commonly used thresholds. {lines}")


def _trajectory_caption(log: CaseLog) -> str:
    return (f"Symptom scores across {escape(log.pseudonym)}'s sessions (lower is better). Shaded, labelled bands "
            "mark the phases; dashed lines mark commonly used thresholds for remission and for response (half "
            "the baseline score), not rules.")


def _scores_table(log: CaseLog, summaries: list[ScaleSummary]) -> str:
    keys = [s.scale.key for s in summaries]
    head = "".join(f'<th scope="col">{s.scale.label}</th>' for s in summaries)
    rows = "".join(
        f'<tr><th scope="row">{s.number}</th><td>{s.phase}</td>'
        + "".join(f"<td>{getattr(s, k) if getattr(s, k) is not None else 'not scored'}</td>" for k in keys)
        + "</tr>" for s in sorted(log.sessions, key=lambda s: s.number))
    return (f'<table><thead><tr><th scope="col">Session</th><th scope="col">Phase</th>{head}</tr></thead>'
            f"<tbody>{rows}</tbody></table>")
