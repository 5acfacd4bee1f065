"""Inline SVG figures of an interpersonal inventory: the closeness circle and the mood timeline.

Each figure has a text alternative that says everything the drawing shows, and the same data as a
table under it, so nothing depends on seeing the picture or telling colours apart (each
relationship quality has its own line pattern; the timeline numbers its events as the table does).
The case log reuses `closeness_circle_figure` and, for its symptom trajectory, the frame `_figure`
and the text helpers.

Every figure is drawn `WIDTH` user units wide with text `FONT` units high and scales to the width of
the page, at most `WIDTH / 16` rem: on a phone's page (about 350 CSS px) text is 14 × 350 / 480 ≈
10.2 px, on a desktop 14 px. Layouts allow `CHAR` ems for each character of a label, wrap names into
columns instead of letting them run into each other, and keep every label inside the viewBox
(`tests/unit/test_figures.py` checks all three). Text takes the page's colour (`fill="currentColor"`
on the SVG), so the figures read on a dark background too.
"""
from __future__ import annotations

import math
import textwrap
from collections.abc import Sequence
from html import escape

from .i18n import N_, _, _n
from .model import Inventory, Person

WIDTH = 480  # every figure's viewBox width
FONT = 14  # the text size, in user units
LINE = 17  # from one line of text to the next
CHAR = 0.6  # the width a layout allows for a character, in ems (bold included)
ASCENT, DESCENT = 0.8, 0.2  # the height of a line of text above and below its baseline, in ems
SAMPLE = 28  # the length of a line sample in a key

Box = tuple[float, float, float, float]
"""A text's extent: left, top, right, bottom."""


def _text_of(message: str) -> str:
    """A message as HTML text: escaped, as a message is never markup."""
    return escape(message, quote=False)


def _num(value: float) -> str:
    return f"{round(value, 1) + 0:g}"  # + 0 turns -0.0 into 0


def text_width(text: str) -> float:
    return CHAR * FONT * len(text)


def text_box(x: float, y: float, text: str, anchor: str = "start") -> Box:
    """Where a line of text drawn at (x, y) with this anchor is, as the layouts reckon it."""
    width = text_width(text)
    left = x - {"start": 0.0, "middle": width / 2, "end": width}[anchor]
    return left, y - ASCENT * FONT, left + width, y + DESCENT * FONT


def _overlap(a: Box, b: Box, margin: float = 0) -> bool:
    return a[0] < b[2] + margin and b[0] < a[2] + margin and a[1] < b[3] + margin and b[1] < a[3] + margin


def _inside(box: Box, bounds: Box) -> bool:
    return box[0] >= bounds[0] and box[1] >= bounds[1] and box[2] <= bounds[2] and box[3] <= bounds[3]


def _text(x: float, y: float, text: str, anchor: str = "start", attrs: str = "") -> str:
    anchor_attr = "" if anchor == "start" else f' text-anchor="{anchor}"'
    return f'<text x="{_num(x)}" y="{_num(y)}"{anchor_attr}{attrs}>{escape(text)}</text>'


def wrap(text: str, width: float, max_lines: int) -> list[str]:
    """`text` in lines at most `width` wide, broken at spaces (or inside a word too long for a line); when
    it needs more than `max_lines`, the last ends in '…' (the alternative text and the table say it whole)."""
    limit = max(2, int(width / (CHAR * FONT)))
    lines = textwrap.wrap(text, limit, break_on_hyphens=False) or [""]
    if len(lines) > max_lines:
        lines = lines[:max_lines]
        lines[-1] = lines[-1][:limit - 1].rstrip() + "…"
    return lines


def block_height(lines: int) -> float:
    """The height of a block of `lines` lines of text, from the top of the first to the bottom of the last."""
    return (ASCENT + DESCENT) * FONT + (lines - 1) * LINE


def _flow(widths: Sequence[float], left: float, right: float, gap: float,
          centre: bool = True) -> list[tuple[int, float]]:
    """(row, x) of items of these widths set left to right, a new row when one would pass `right`, and
    each row centred between `left` and `right` (or starting at `left`)."""
    rows: list[list[tuple[int, float]]] = [[]]
    x = left
    for index, width in enumerate(widths):
        if rows[-1] and x + width > right:
            rows.append([])
            x = left
        rows[-1].append((index, x))
        x += width + gap
    out: list[tuple[int, float]] = [(0, 0.0)] * len(widths)
    for number, row in enumerate(rows):
        last, start = row[-1][0], row[-1][1]
        shift = (right - (start + widths[last])) / 2 if centre else 0
        for index, x in row:
            out[index] = (number, x + shift)
    return out


def _key(x: float, y: float, colour: str, dash: str, words: str, stroke_width: float = 3) -> str:
    """A line sample and its words, the words' baseline at y."""
    return (f'<line x1="{_num(x)}" y1="{_num(y - 4.5)}" x2="{_num(x + SAMPLE)}" y2="{_num(y - 4.5)}" '
            f'stroke="{colour}" stroke-width="{_num(stroke_width)}"{_dash(dash)}/>{_text(x + SAMPLE + 5, y, words)}')


def _key_width(words: str) -> float:
    return SAMPLE + 5 + text_width(words)


def _place(x: float, y: float, text: str, candidates: Sequence[tuple[float, float, str]],
           taken: list[Box], bounds: Box) -> tuple[float, float, str]:
    """The first of `candidates` (offsets from (x, y) and an anchor) where `text` stays inside `bounds` and
    clear of every box `taken`, which it joins; the first candidate when none is free."""
    for dx, dy, anchor in candidates:
        box = text_box(x + dx, y + dy, text, anchor)
        if _inside(box, bounds) and not any(_overlap(box, other, 1) for other in taken):
            taken.append(box)
            return x + dx, y + dy, anchor
    dx, dy, anchor = candidates[0]
    taken.append(text_box(x + dx, y + dy, text, anchor))
    return x + dx, y + dy, anchor


RINGS = (1, 2, 3)  # closest first; `_ring_radii` spaces them out from the centre disc
# Translators: how close a person in the closeness circle is
RING_NAMES = {1: N_("closest"), 2: N_("close"), 3: N_("further out")}
QUALITY = {  # stroke colour, dash pattern, words (shown through _)
    # Translators: the quality of a relationship in the closeness circle
    "supportive": ("#1a6b34", "", N_("supportive")),
    "mixed": ("#8a5a00", "8 5", N_("mixed")),
    "conflict": ("#a3231a", "2 4", N_("in conflict")),
    "distant": ("#5b6470", "1 7", N_("distant")),
}


def render_inventory(inv: Inventory) -> str:
    """Both figures with captions and data tables, as one HTML fragment."""
    circle = closeness_circle_figure(inv.patient, inv.people, figure_id=f"ipt-figure-{inv.id}-circle")
    events = _figure(f"ipt-figure-{inv.id}-timeline", timeline(inv), timeline_alt(inv), _timeline_caption(inv),
                     _events_table(inv))
    return f'<div class="ipt-inventory" data-inventory-id="{inv.id}">{circle}{events}</div>'


def _figure(base: str, body: tuple[str, str], alt: str, caption: str, table: str) -> str:
    """A figure: the SVG (its title the text alternative), a caption and the data in a table.

    The SVG is at most its viewBox's width in sixteenths of a rem wide, so its text is `FONT` px on a desktop.
    """
    viewbox, drawing = body
    width = float(viewbox.split()[2])
    svg = (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="{viewbox}" class="ipt-svg" '
           f'style="max-width:{_num(width / 16)}rem" font-size="{FONT}" fill="currentColor" '
           f'role="img" aria-labelledby="{base}-alt"><title id="{base}-alt">{escape(alt)}</title>{drawing}</svg>')
    return (f'<figure class="ipt-figure" id="{base}">{svg}<figcaption>{caption}</figcaption></figure>'
            f'<details class="ipt-figure-data"><summary>{_text_of(_("The data behind this figure"))}</summary>'
            f"{table}</details>")


# --- closeness circle ---------------------------------------------------------------------------
# The circle sits in the middle; each person's name is in a column at the side of the circle they are
# on, level with them as far as the names above and below allow, joined to them by a thin line.

CIRCLE_R = 98  # the outer ring's radius
COLUMN = WIDTH / 2 - CIRCLE_R - 10  # the width of each column of names
NAME_LINES = 3  # a longer name is cut short, with '…'
CENTRE_CHARS, CENTRE_LINES = 8, 2  # the patient's name on the centre disc


def closeness_circle_figure(patient: str, people: Sequence[Person], *, figure_id: str = "ipt-caselog-circle",
                            centre_r: int | None = None) -> str:
    """The closeness circle of `patient` and their `people`, with its caption and data table.

    `centre_r` is the smallest radius of the patient's disc; it grows to fit a longer name.
    """
    return _figure(figure_id, _circle_drawing(patient, people, centre_r or 22), _circle_alt(patient, people),
                   _circle_caption(patient), _people_table(people))


def _ring_radii(centre_r: float) -> dict[int, float]:
    """The rings evenly spaced between the centre disc and the outer ring."""
    step = (CIRCLE_R - centre_r) / len(RINGS)
    return {ring: centre_r + step * ring for ring in RINGS}


def _positions(people: Sequence[Person], radii: dict[int, float]) -> list[tuple[float, float]]:
    """People spread evenly round their ring, each ring turned a little so they do not line up; the
    circle's centre is at (WIDTH / 2, 0)."""
    spots = []
    for person in people:
        same = [p for p in people if p.ring == person.ring]
        k, n = same.index(person), len(same)
        angle = 2 * math.pi * k / n - math.pi / 2 + person.ring * 0.45
        spots.append((WIDTH / 2 + radii[person.ring] * math.cos(angle), radii[person.ring] * math.sin(angle)))
    return spots


def _dash(pattern: str) -> str:
    return f' stroke-dasharray="{pattern}"' if pattern else ""


def closeness_circle(inv: Inventory) -> tuple[str, str]:
    """The viewBox and drawing of an inventory's circle."""
    return _circle_drawing(inv.patient, inv.people, 22)


def _stack(targets: list[float], heights: list[float], gap: float) -> list[float]:
    """The tops of blocks of these heights, in this order, each as near its target top as the others allow
    without two overlapping (moved apart, then the whole column back by their mean displacement)."""
    tops: list[float] = []
    for n, target in enumerate(targets):
        tops.append(max(target, tops[-1] + heights[n - 1] + gap) if tops else target)
    shift = sum(targets) / len(targets) - sum(tops) / len(tops) if tops else 0
    return [top + shift for top in tops]


def _circle_drawing(patient: str, people: Sequence[Person], centre_r: int) -> tuple[str, str]:
    cx = WIDTH / 2
    centre_lines = wrap(patient, CENTRE_CHARS * CHAR * FONT, CENTRE_LINES)
    centre_h = block_height(len(centre_lines))
    fit = math.hypot(max(map(text_width, centre_lines)) / 2, centre_h / 2) + 3
    centre_r = max(centre_r, math.ceil(fit))
    radii = _ring_radii(centre_r)
    spots = _positions(people, radii)

    rings = "".join(f'<circle cx="{_num(cx)}" cy="0" r="{_num(r)}" fill="none" stroke="#9aa3ad" stroke-width="1"/>'
                    for r in radii.values())
    links, leaders, dots, names = [], [], [], []
    top, bottom = -CIRCLE_R - 8.0, CIRCLE_R + 8.0
    for right in (False, True):
        side = sorted((i for i, (x, _) in enumerate(spots) if (x >= cx) == right),
                      key=lambda i: (spots[i][1], spots[i][0]))
        if not side:
            continue
        lines = [wrap(people[i].name, COLUMN, NAME_LINES) for i in side]
        heights = [block_height(len(ls)) for ls in lines]
        tops = _stack([spots[i][1] - h / 2 for i, h in zip(side, heights, strict=True)], heights, 6)
        edge = WIDTH - COLUMN if right else COLUMN
        for i, name_lines, block_top, height in zip(side, lines, tops, heights, strict=True):
            x, y = spots[i]
            leaders.append(f'<line x1="{_num(x)}" y1="{_num(y)}" x2="{_num(edge - 4 if right else edge + 4)}" '
                           f'y2="{_num(block_top + height / 2)}" stroke="currentColor" stroke-opacity="0.45"/>')
            names += [_text(edge, block_top + ASCENT * FONT + n * LINE, line, "start" if right else "end")
                      for n, line in enumerate(name_lines)]
            top, bottom = min(top, block_top - 6), max(bottom, block_top + height + 6)
    for person, (x, y) in zip(people, spots, strict=True):
        colour, dash = QUALITY[person.quality][:2]
        links.append(f'<line x1="{_num(cx)}" y1="0" x2="{_num(x)}" y2="{_num(y)}" stroke="{colour}" '
                     f'stroke-width="3"{_dash(dash)}/>')
        dots.append(f'<circle cx="{_num(x)}" cy="{_num(y)}" r="6" fill="{colour}"/>')
    first = -centre_h / 2 + ASCENT * FONT
    centre = (f'<circle cx="{_num(cx)}" cy="0" r="{centre_r}" fill="#0a5a8a"/>'
              + "".join(_text(cx, first + n * LINE, line, "middle",
                              ' class="ipt-svg-centre" fill="#fff" font-weight="bold"')
                        for n, line in enumerate(centre_lines)))
    keys = [(colour, dash, _(words)) for colour, dash, words in QUALITY.values()]
    placed = _flow([_key_width(words) for *_style, words in keys], 8, WIDTH - 8, 18)
    legend = "".join(_key(x, bottom + 16 + row * (LINE + 4), colour, dash, words)
                     for (colour, dash, words), (row, x) in zip(keys, placed, strict=True))
    bottom += 16 + max(row for row, _ in placed) * (LINE + 4) + DESCENT * FONT + 6
    return f"0 {_num(top)} {WIDTH} {_num(bottom - top)}", (
        f'{rings}{"".join(links)}{"".join(leaders)}{centre}{"".join(dots)}{"".join(names)}{legend}')


def circle_alt(inv: Inventory) -> str:
    return _circle_alt(inv.patient, inv.people)


def _circle_alt(patient: str, people: Sequence[Person]) -> str:
    parts = []
    for ring in sorted(RINGS):
        # Translators: a person in the closeness circle's text alternative, and the quality of the relationship
        names = [_("{name} ({quality})").format(name=p.name, quality=_(QUALITY[p.quality][2]))
                 for p in people if p.ring == ring]
        if names:
            # Translators: a ring of the closeness circle ("closest") and the people on it
            parts.append(_("{ring}: {people}").format(ring=_(RING_NAMES[ring]), people=", ".join(names)))
    if not parts:
        return _("Closeness circle for {patient}, who is at the centre. No one has been added yet.").format(
            patient=patient)
    return _("Closeness circle for {patient}, who is at the centre. {rings}.").format(
        patient=patient, rings="; ".join(parts))


def _circle_caption(patient: str) -> str:
    return _text_of(_("Closeness circle from {patient}'s interpersonal inventory: the closer the ring, the closer "
                      "the relationship; line colour and pattern show its quality.")).format(patient=escape(patient))


def _people_table(people: Sequence[Person]) -> str:
    rows = "".join(f"<tr><td>{escape(p.name)}</td><td>{_text_of(_(RING_NAMES[p.ring]))}</td>"
                   f"<td>{_text_of(_(QUALITY[p.quality][2]))}</td></tr>" for p in sorted(people, key=lambda p: p.ring))
    head = "".join(f'<th scope="col">{_text_of(h)}</th>' for h in (_("Person"), _("Closeness"), _("Relationship")))
    return f"<table><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>"


# --- timeline -----------------------------------------------------------------------------------

TL_X0, TL_X1 = 62, WIDTH - 22  # the plot's left and right edges
TL_TOP, TL_MOOD = 56, 20  # the y of mood 10, and the height of one point of mood
TL_BOTTOM = TL_TOP + 10 * TL_MOOD
TL_HEIGHT = TL_BOTTOM + 54
MONTH_STEPS = (1, 2, 3, 6, 12, 24, 60, 120, 300)
EVENT_LABEL = [(0.0, -9.0, "middle"), (0.0, 19.0, "middle"), (8.0, 5.0, "start"), (-8.0, 5.0, "end"),
               (8.0, -9.0, "start"), (-8.0, -9.0, "end"), (8.0, 19.0, "start"), (-8.0, 19.0, "end")]
EVENT_LABEL += [c for k in range(1, 8) for c in ((0.0, -9.0 - LINE * k, "middle"), (0.0, 19.0 + LINE * k, "middle"),
                                                 (8.0 + 20 * k, 5.0, "start"), (-8.0 - 20 * k, 5.0, "end"))]
"""Where an event's number may go, nearest first: above its point, below, right, left, then further out."""


def _minus(number: int) -> str:
    return str(number).replace("-", "−")


def timeline(inv: Inventory) -> tuple[str, str]:
    """The viewBox and drawing of the timeline: mood (0–10) against months from the first session."""
    events = sorted(inv.timeline, key=lambda e: e.month)
    first, last = min(events[0].month, 0), max(events[-1].month, 0)
    span = max(last - first, 1)

    def x(month: int) -> float:
        return TL_X0 + (TL_X1 - TL_X0) * (month - first) / span

    def y(mood: int) -> float:
        return TL_BOTTOM - TL_MOOD * mood

    taken: list[Box] = []

    def text(tx: float, ty: float, words: str, anchor: str = "start", attrs: str = "") -> str:
        taken.append(text_box(tx, ty, words, anchor))
        return _text(tx, ty, words, anchor, attrs)

    grid = "".join(f'<line x1="{TL_X0}" y1="{y(m)}" x2="{TL_X1}" y2="{y(m)}" stroke="currentColor" '
                   f'stroke-opacity="0.2"/>' + text(TL_X0 - 8, y(m) + 5, str(m), "end") for m in range(0, 11, 2))
    step = next((s for s in MONTH_STEPS if span / s <= 6), MONTH_STEPS[-1])
    months = range(math.ceil(first / step) * step, last + 1, step)
    ticks = "".join(f'<line x1="{_num(x(m))}" y1="{TL_BOTTOM}" x2="{_num(x(m))}" y2="{TL_BOTTOM + 5}" '
                    f'stroke="currentColor"/>' + text(x(m), TL_BOTTOM + 22, _minus(m), "middle") for m in months)
    mid = (TL_TOP + TL_BOTTOM) / 2
    titles = (f'<text x="18" y="{mid}" transform="rotate(-90 18 {mid})" text-anchor="middle">'
              f"{_text_of(_('mood (0 worst, 10 best)'))}</text>"
              + text((TL_X0 + TL_X1) / 2, TL_BOTTOM + 46, _("months before (−) and after the first session"),
                     "middle"))
    taken.append((6.8, mid - 100, 20.8, mid + 100))  # the rotated title
    # Translators: the mark of month 0 on the timeline
    label = _("first session")
    left = min(max(x(0) - text_width(label) / 2, 2), WIDTH - 2 - text_width(label))
    now = (f'<line x1="{_num(x(0))}" y1="{TL_TOP - 20}" x2="{_num(x(0))}" y2="{TL_BOTTOM}" stroke="#5b6470" '
           f'stroke-dasharray="4 4"/>' + text(left, TL_TOP - 26, label))
    line = " ".join(f"{_num(x(e.month))},{_num(y(e.mood))}" for e in events)
    taken += [(x(e.month) - 5, y(e.mood) - 5, x(e.month) + 5, y(e.mood) + 5) for e in events]  # the points
    points = "".join(f'<circle cx="{_num(x(e.month))}" cy="{_num(y(e.mood))}" r="5" fill="#0a5a8a"/>'
                     for e in events)
    numbers = []
    for i, e in enumerate(events, 1):
        nx, ny, anchor = _place(x(e.month), y(e.mood), str(i), EVENT_LABEL, taken, (0, 0, WIDTH, TL_HEIGHT))
        numbers.append(_text(nx, ny, str(i), anchor, ' font-weight="bold"'))
    return f"0 0 {WIDTH} {TL_HEIGHT}", (
            f'{grid}<line x1="{TL_X0}" y1="{TL_BOTTOM}" x2="{TL_X1}" y2="{TL_BOTTOM}" stroke="currentColor"/>'
            f'{ticks}{titles}{now}<polyline points="{line}" fill="none" stroke="#0a5a8a" stroke-width="2"/>'
            f'{points}{"".join(numbers)}')


def timeline_alt(inv: Inventory) -> str:
    events = sorted(inv.timeline, key=lambda e: e.month)
    # Translators: one numbered event of the timeline's text alternative; {when} is e.g. "3 months before"
    step = _("{number}. {when}: {event}, mood {mood} of 10")
    steps = "; ".join(step.format(number=i, when=_when(e.month), event=e.event, mood=e.mood)
                      for i, e in enumerate(events, 1))
    return _("Timeline of {patient}'s mood and life events. {events}.").format(patient=inv.patient, events=steps)


def _when(month: int) -> str:
    if month == 0:
        return _("at the first session")
    n = abs(month)
    if month < 0:
        return _n("{n} month before", "{n} months before", n).format(n=n)
    return _n("{n} month after", "{n} months after", n).format(n=n)


def _timeline_caption(inv: Inventory) -> str:
    return _text_of(_("Timeline from {patient}'s initial sessions, linking life events (numbered) to mood; the "
                      "numbers match the table below.")).format(patient=escape(inv.patient))


def _events_table(inv: Inventory) -> str:
    rows = "".join(f"<tr><td>{i}</td><td>{_text_of(_when(e.month))}</td><td>{escape(e.event)}</td><td>{e.mood}</td>"
                   "</tr>" for i, e in enumerate(sorted(inv.timeline, key=lambda e: e.month), 1))
    # Translators: the columns of the timeline's table: the event's number, when, what, and the mood then
    head = "".join(f'<th scope="col">{_text_of(h)}</th>' for h in ("#", _("When"), _("Event"), _("Mood (0–10)")))
    return f"<table><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>"
