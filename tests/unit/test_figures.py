"""Every figure reads on a phone: its text is at least 10 CSS px when the SVG is drawn 350 px wide (a 390 px
phone's page less its margins), stays inside the viewBox and never overlaps other text.

Text is measured as the layouts reckon it: a character is 0.6 em wide, a line 0.8 em above its baseline and
0.2 em below. Checked on the course's own content and on the largest and longest the models allow.
"""
from __future__ import annotations

import math
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

import pytest

from ipt_course import Course
from ipt_course.caselog import CaseLog, load_caselog, symptom_trajectory
from ipt_course.figures import closeness_circle_figure, render_inventory
from ipt_course.model import Inventory

ROOT = Path(__file__).resolve().parents[2]
NS = "{http://www.w3.org/2000/svg}"
PHONE = 350  # CSS px: the width the SVG is drawn at on a phone
SMALLEST = 10  # CSS px
CHAR, ASCENT, DESCENT = 0.6, 0.8, 0.2  # ems

Matrix = tuple[float, float, float, float, float, float]  # a b c d e f, as in SVG's matrix()
IDENTITY: Matrix = (1, 0, 0, 1, 0, 0)


@dataclass(frozen=True)
class Text:
    words: str
    px: float  # its size in CSS px with the SVG PHONE px wide
    box: tuple[float, float, float, float]  # left, top, right, bottom, in the viewBox's units


def _times(m: Matrix, n: Matrix) -> Matrix:
    a, b, c, d, e, f = m
    p, q, r, s, t, u = n
    return a * p + c * q, b * p + d * q, a * r + c * s, b * r + d * s, a * t + c * u + e, b * t + d * u + f


def _transform(text: str | None) -> Matrix:
    m = IDENTITY
    for name, args in re.findall(r"(\w+)\s*\(([^)]*)\)", text or ""):
        v = [float(a) for a in re.split(r"[\s,]+", args.strip())]
        if name == "translate":
            step: Matrix = (1, 0, 0, 1, v[0], v[1] if len(v) > 1 else 0)
        elif name == "scale":
            step = (v[0], 0, 0, v[1] if len(v) > 1 else v[0], 0, 0)
        elif name == "rotate":
            cos, sin = math.cos(math.radians(v[0])), math.sin(math.radians(v[0]))
            cx, cy = (v[1], v[2]) if len(v) == 3 else (0, 0)
            step = _times(_times((1, 0, 0, 1, cx, cy), (cos, sin, -sin, cos, 0, 0)), (1, 0, 0, 1, -cx, -cy))
        elif name == "matrix":
            step = (v[0], v[1], v[2], v[3], v[4], v[5])
        else:
            raise AssertionError(f"transform {name}() is not measured here")
        m = _times(m, step)
    return m


def _size(element: ET.Element, inherited: float) -> float:
    style = dict(re.findall(r"([\w-]+)\s*:\s*([^;]+)", element.get("style", "")))
    value = style.get("font-size", element.get("font-size"))
    if value is None:
        return inherited
    value = value.strip()
    if value.endswith("em"):
        return inherited * float(value[:-2])
    if value.endswith("%"):
        return inherited * float(value[:-1]) / 100
    return float(value.removesuffix("px"))


def texts(svg: ET.Element) -> tuple[tuple[float, float, float, float], list[Text]]:
    """The viewBox (left, top, right, bottom) and every text in the SVG, measured."""
    vx, vy, vw, vh = (float(v) for v in svg.get("viewBox").split())
    out: list[Text] = []

    def walk(element: ET.Element, size: float, anchor: str, m: Matrix) -> None:
        size, m = _size(element, size), _times(m, _transform(element.get("transform")))
        anchor = element.get("text-anchor", anchor)
        if element.tag == f"{NS}text":
            assert not list(element), "a text with tspans is not measured here: draw each line as its own text"
            assert element.get("dx") is None and element.get("dy") is None
            words = "".join(element.itertext())
            width = CHAR * size * len(words)
            x, y = float(element.get("x", 0)), float(element.get("y", 0))
            left = x - {"start": 0, "middle": width / 2, "end": width}[anchor]
            corners = [(px, py) for px in (left, left + width) for py in (y - ASCENT * size, y + DESCENT * size)]
            a, b, c, d, e, f = m
            seen = [(a * px + c * py + e, b * px + d * py + f) for px, py in corners]
            scale = math.sqrt(abs(a * d - b * c))
            out.append(Text(words, size * scale * PHONE / vw, (min(p[0] for p in seen), min(p[1] for p in seen),
                                                               max(p[0] for p in seen), max(p[1] for p in seen))))
            return
        for child in element:
            walk(child, size, anchor, m)

    walk(svg, 16.0, "start", IDENTITY)  # 16: a browser's default size
    return (vx, vy, vx + vw, vy + vh), out


def svgs(html: str) -> list[ET.Element]:
    found = [ET.fromstring(s) for s in re.findall(r"<svg\b.*?</svg>", html, re.S)]
    assert found, "no SVG in the figure"
    return found


def problems(html: str) -> list[str]:
    """What would not read on a phone, in every SVG of `html`."""
    out = []
    for svg in svgs(html):
        (left, top, right, bottom), measured = texts(svg)
        for t in measured:
            if t.px < SMALLEST - 1e-9:
                out.append(f"{t.words!r} is {t.px:.1f} px on a phone")
            x0, y0, x1, y1 = t.box
            if x0 < left - 0.01 or y0 < top - 0.01 or x1 > right + 0.01 or y1 > bottom + 0.01:
                out.append(f"{t.words!r} runs outside the viewBox: {t.box} in {(left, top, right, bottom)}")
        for i, a in enumerate(measured):
            for b in measured[i + 1:]:
                if (min(a.box[2], b.box[2]) - max(a.box[0], b.box[0]) > 0.01
                        and min(a.box[3], b.box[3]) - max(a.box[1], b.box[1]) > 0.01):
                    out.append(f"{a.words!r} overlaps {b.words!r}")
    return out


def smallest(html: str) -> float:
    return min(t.px for svg in svgs(html) for t in texts(svg)[1])


# --- the figures: the course's own, and the largest and longest the models allow -------------------

COURSE = Course.load(ROOT)
EXAMPLE = load_caselog(ROOT / "notebooks" / "example-case-log.yml")
assert isinstance(EXAMPLE, CaseLog), EXAMPLE

LONG = ["Tavita, Losa and Malia, the grandchildren she minds after school every weekday",
        "Iosefa, eldest son (moved to Brisbane for work three years ago)",
        "Pastor Fa'amoe, minister of the Manurewa congregation",
        "Hamish, son-in-law", "Sina", "Dr Wilhelmina Featherstonehaugh-Montgomery, general practitioner",
        "Aunty Fetu's family in Apia", "Karen, a teacher at the school where Mele works as a teacher aide",
        "Neighbours", "The women's fellowship (she led it for twelve years)",
        "Supercalifragilisticexpialidociousness-without-spaces", "Lupe, daughter"]
QUALITIES = ["supportive", "mixed", "conflict", "distant"]


def _people(rings: list[int], names: list[str] = LONG) -> list[dict]:
    return [{"name": names[i % len(names)], "ring": ring, "quality": QUALITIES[i % 4]}
            for i, ring in enumerate(rings)]


def _inventory(patient: str, rings: list[int], events: list[tuple[int, int]]) -> Inventory:
    return Inventory.model_validate({
        "id": "stress", "patient": patient, "people": _people(rings),
        "timeline": [{"month": m, "event": f"Event {i}", "mood": mood} for i, (m, mood) in enumerate(events)]})


MAX_PEOPLE = next(m.max_length for m in Inventory.model_fields["people"].metadata if hasattr(m, "max_length"))
MAX_EVENTS = next(m.max_length for m in Inventory.model_fields["timeline"].metadata if hasattr(m, "max_length"))
STRESS_INVENTORIES = {
    "12 on the closest ring, long names": _inventory(
        "Mele", [1] * MAX_PEOPLE, [(-600, 10), (-599, 0), *[(m, (m * 7) % 11) for m in range(-9, 1)]]),
    "12 on the outer ring, a long patient name": _inventory(
        "Mele Tuilagi-Fonoti Sapolu", [3] * MAX_PEOPLE, [(m, 10) for m in range(-11, 1)]),
    "4 on each ring": _inventory(
        "Client R", [1, 2, 3] * 4, [(0, 10), (0, 10), (0, 0), (0, 5), (1, 10), (60, 10), (59, 0), (58, 5),
                                    (-1, 10), (-2, 9), (-3, 10), (2, 9)]),
    "clustered events far from a long history": _inventory(
        "Sione", [1, 1, 2, 3, 3, 3, 3, 3, 2, 2, 1, 3], [(-600, 5), *[(m, 5 + (m % 2)) for m in range(50, 61)]]),
    "after the first session only": _inventory("Ana", [2], [(3, 2), (6, 8)]),
}
assert all(len(i.people) == MAX_PEOPLE for i in list(STRESS_INVENTORIES.values())[:4])
assert all(len(i.timeline) == MAX_EVENTS for i in list(STRESS_INVENTORIES.values())[:4])


def _log(sessions: int, phases: list[int], perinatal: bool = True, rings: list[int] | None = None) -> CaseLog:
    """`phases`: the number of sessions in the initial and middle phases (termination has the rest)."""
    def phase(n: int) -> str:
        return "initial" if n <= phases[0] else "middle" if n <= phases[0] + phases[1] else "termination"
    return CaseLog.model_validate({
        "pseudonym": "Client W", "focus": "grief", "perinatal": perinatal,
        "people": _people(rings or [1, 2, 3] * 4),
        "sessions": [{"number": n, "phase": phase(n), "phq9": 27 - n % 28, "hrsd": (n * 5) % 53,
                      "epds": 0 if n == 1 else 30 - n % 31, "risk_checked": True} for n in range(1, sessions + 1)]})


STRESS_LOGS = {
    "three scales, 40 sessions, one-session phases": _log(40, [1, 1]),
    "three scales, 12 sessions": _log(12, [3, 6]),
    "one session": _log(1, [1, 0], perinatal=False),
    "120 sessions, all on ring 1": _log(120, [30, 60], rings=[1] * MAX_PEOPLE),
}

FIGURES = {
    **{f"inventory {i}": render_inventory(inv) for i, inv in COURSE.inventories.items()},
    "case log: trajectory": symptom_trajectory(EXAMPLE),
    "case log: circle": closeness_circle_figure(EXAMPLE.pseudonym, EXAMPLE.people),
    **{f"stress inventory: {name}": render_inventory(inv) for name, inv in STRESS_INVENTORIES.items()},
    **{f"stress log trajectory: {name}": symptom_trajectory(log) for name, log in STRESS_LOGS.items()},
    **{f"stress log circle: {name}": closeness_circle_figure("Client W with a long pseudonym", log.people)
       for name, log in STRESS_LOGS.items()},
}


@pytest.mark.parametrize("name", FIGURES)
def test_figure_reads_on_a_phone(name):
    assert problems(FIGURES[name]) == []
    assert smallest(FIGURES[name]) >= SMALLEST


def test_the_measure_catches_what_it_should():
    """The checks fail on text too small, outside the viewBox or on other text (the figures before they were
    drawn for phones: 12 units in a viewBox 680 wide, a label centred past the right edge)."""
    svg = ('<svg xmlns="http://www.w3.org/2000/svg" viewBox="-90 0 680 450" font-size="12">'
           '<text x="10" y="20">small</text><text x="580" y="40" text-anchor="middle">first session</text>'
           '<g font-size="30"><text x="200" y="100">big</text><text x="210" y="110">bigger</text></g>'
           '<text x="100" y="300" transform="rotate(-90 100 300)" text-anchor="middle" font-size="24">a</text></svg>')
    found = problems(svg)
    assert "'small' is 6.2 px on a phone" in found
    assert any(p.startswith("'first session' runs outside") for p in found)
    assert "'big' overlaps 'bigger'" in found
    assert not any("'big' is" in p or "'a'" in p for p in found)
    _, measured = texts(ET.fromstring(svg))
    rotated = next(t for t in measured if t.words == "a")
    assert rotated.box == pytest.approx((100 - 0.8 * 24, 300 - 7.2, 100 + 0.2 * 24, 300 + 7.2))


def test_the_timeline_has_its_axes():
    svg = svgs(render_inventory(COURSE.inventories["first-sessions"]))[1]
    words = [t.words for t in texts(svg)[1]]
    assert [w for w in words if re.fullmatch(r"−?\d+", w)][:6] == ["0", "2", "4", "6", "8", "10"]  # mood
    assert ["−18", "−15", "−12", "−9", "−6", "−3", "0"] == [w for w in words if re.fullmatch(r"−?\d+", w)][6:13]
    assert "mood (0 worst, 10 best)" in words and "months before (−) and after the first session" in words
    assert [w for w in words if re.fullmatch(r"−?\d+", w)][13:] == [str(i) for i in range(1, 8)]  # the events


def _text_fills(element: ET.Element, fill: str = "") -> list[tuple[str, str | None, str]]:
    """(words, class, fill inherited or set) of every text under `element`."""
    fill = element.get("fill", fill)
    if element.tag == f"{NS}text":
        return [("".join(element.itertext()), element.get("class"), fill)]
    return [found for child in element for found in _text_fills(child, fill)]


def test_text_takes_the_page_colour():
    """No text is painted a fixed dark colour (unreadable on a dark page): it inherits currentColor, except
    the patient's name, white on its blue disc."""
    for name, html in FIGURES.items():
        for svg in svgs(html):
            assert svg.get("fill") == "currentColor", name
            for words, cls, fill in _text_fills(svg):
                assert fill == "currentColor" or (cls == "ipt-svg-centre" and fill == "#fff"), (name, words, fill)


def test_long_names_are_cut_short_in_the_drawing_but_whole_in_the_text_alternative():
    html = render_inventory(STRESS_INVENTORIES["4 on each ring"])
    drawn = [t.words for t in texts(svgs(html)[0])[1]]
    assert any(w.endswith("…") for w in drawn)
    assert LONG[0] in html.split("</title>")[0]  # the alternative says it whole
    assert f"<td>{LONG[0]}</td>" in html  # and so does the table
