"""A case log's symptom trajectory: each scale across the sessions, with the phases and thresholds.

Like the inventory figures, it has a text alternative and a data table, tells the scales apart by
marker and line pattern as well as colour, and labels phases and thresholds in words, so nothing
depends on seeing the picture. It keeps to the same sizes as they do (`figures.WIDTH` and
`figures.FONT`), so its text reads on a phone.
"""
from __future__ import annotations

from html import escape

from ..figures import (
    ASCENT,
    DESCENT,
    FONT,
    LINE,
    WIDTH,
    _dash,
    _figure,
    _flow,
    _key,
    _key_width,
    _num,
    _text,
    _text_of,
    text_width,
)
from ..i18n import N_, _, _n
from .model import PHASE_NAMES, CaseLog
from .summary import ScaleSummary, _number, scale_summaries

TRAJ_X0, TRAJ_X1 = 38, WIDTH - 12  # the plot's left and right edges
PANEL_H = 140  # each scale's plot height
PHASE_FILL = {"initial": "#4b91d2", "middle": "#73b964", "termination": "#d78723"}  # at PHASE_OPACITY
PHASE_OPACITY = 0.2  # so the bands tint a light or a dark page instead of covering it
SCALE_STYLE = {  # line colour, dash pattern, marker, marker words (shown through _)
    # Translators: how a scale is drawn in the symptom trajectory, for its text alternative
    "phq9": ("#0a5a8a", "", "circle", N_("circles, solid line")),
    "hrsd": ("#8a3a00", "7 4", "square", N_("squares, dashed line")),
    "epds": ("#1a6b34", "2 3", "triangle", N_("triangles, dotted line")),
}
THRESHOLD = {"remission": ("currentColor", "6 4"), "response": ("currentColor", "2 4")}
SESSION_STEPS = (1, 2, 5, 10, 20, 50, 100, 200, 500, 1000)


def symptom_trajectory(log: CaseLog, *, figure_id: str = "ipt-caselog-trajectory") -> str:
    """Each scale in the log across the sessions, with the phases and the thresholds, as a figure."""
    summaries = scale_summaries(log)
    if not summaries:
        return f'<p class="ipt-figure-empty">{_text_of(_("No scores logged yet, so there is nothing to plot."))}</p>'
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


def _threshold_values(summary: ScaleSummary) -> list[tuple[str, float, str]]:
    """(kind, score, rule) of the dashed lines: remission, and response at half the baseline."""
    scale = summary.scale
    lines = [("remission", float(scale.remission), scale.remission_words)]
    if summary.baseline[1] > 0:
        half = summary.baseline[1] / 2
        lines.append(("response", half, _("{n} or below").format(n=_number(half))))
    return lines


def _threshold_key(kind: str, rule: str) -> str:
    """A dashed line's words in the key ("remission: below 5")."""
    return (_("remission: {rule}") if kind == "remission" else _("response: {rule}")).format(rule=rule)


def _phase_labels(runs: list[tuple[str, int, int]], step: float) -> tuple[list[tuple[str, float, int]], int]:
    """(phase, left, row) of each run's label, centred over its band (within the figure) in the first row
    where it clears the labels before it; and how many rows there are."""
    ends: list[float] = []
    out = []
    for key, first, final in runs:
        phase = _(PHASE_NAMES[key])
        width = text_width(phase)
        centre = TRAJ_X0 + (first - 1 + final) / 2 * step
        left = min(max(centre - width / 2, 2), WIDTH - 2 - width)
        row = next((r for r, end in enumerate(ends) if left > end + 8), len(ends))
        if row == len(ends):
            ends.append(0)
        ends[row] = left + width
        out.append((phase, left, row))
    return out, len(ends)


def _session_ticks(last: int, step: float) -> list[int]:
    """The sessions to number on the axis: every one if there is room, or every 2nd, 5th, 10th… (and the
    first, when it clears the second)."""
    room = text_width(str(last)) + 8
    every = next((k for k in SESSION_STEPS if k * step >= room), SESSION_STEPS[-1])
    ticks = list(range(every, last + 1, every))
    if every == 1 or (every - 1) * step >= room:
        ticks = [1, *[t for t in ticks if t != 1]]
    return ticks


def _trajectory_drawing(log: CaseLog, summaries: list[ScaleSummary]) -> tuple[str, str]:
    last = max(s.number for s in log.sessions)
    step = (TRAJ_X1 - TRAJ_X0) / last

    def x(number: int) -> float:
        return TRAJ_X0 + (number - 0.5) * step

    parts: list[str] = []
    # Phase names in rows above the plots; each phase's band runs down through every plot.
    labels, rows = _phase_labels(_phase_runs(log), step)
    parts += [_text(left, 16 + row * LINE, phase) for phase, left, row in labels]
    band_top = 16 + (rows - 1) * LINE + DESCENT * FONT + 6
    panels: list[str] = []
    cursor = band_top + 4  # the top of the next panel's heading
    for summary in summaries:
        scale = summary.scale
        colour, dash, marker = SCALE_STYLE[scale.key][:3]
        title_y = cursor + ASCENT * FONT
        title = (f'{_marker(marker, TRAJ_X0 + 6, title_y - 5, colour)}'
                 f'<line x1="{TRAJ_X0 + 14}" y1="{_num(title_y - 5)}" x2="{TRAJ_X0 + 40}" y2="{_num(title_y - 5)}" '
                 f'stroke="{colour}" stroke-width="2"{_dash(dash)}/>'
                 + _text(TRAJ_X0 + 46, title_y, _("{scale} (0–{maximum}; lower is better)").format(
                     scale=scale.label, maximum=scale.maximum), "start", ' font-weight="bold"'))
        thresholds = _threshold_values(summary)
        words = [_threshold_key(kind, rule) for kind, _score, rule in thresholds]
        placed = _flow([_key_width(w) for w in words], TRAJ_X0 + 14, WIDTH - 4, 18, centre=False)
        keys = "".join(_key(kx, title_y + LINE * (1 + row), THRESHOLD[kind][0], THRESHOLD[kind][1], w, 1.5)
                       for (kind, _score, _rule), w, (row, kx) in zip(thresholds, words, placed, strict=True))
        top = title_y + LINE * (1 + max(row for row, _ in placed)) + 12
        base = top + PANEL_H

        def y(score: float, top: float = top, maximum: float = scale.maximum) -> float:
            return top + PANEL_H * (1 - score / maximum)

        tick = 10 if scale.maximum > 30 else 5
        grid = "".join(f'<line x1="{TRAJ_X0}" y1="{y(v):.1f}" x2="{TRAJ_X1}" y2="{y(v):.1f}" stroke="currentColor" '
                       f'stroke-opacity="0.25" stroke-width="0.5"/>' + _text(TRAJ_X0 - 6, y(v) + 5, str(v), "end")
                       for v in range(0, scale.maximum + 1, tick))
        lines = "".join(
            f'<line x1="{TRAJ_X0}" y1="{y(v):.1f}" x2="{TRAJ_X1}" y2="{y(v):.1f}" stroke="{THRESHOLD[kind][0]}" '
            f'stroke-width="1.5"{_dash(THRESHOLD[kind][1])}/>' for kind, v, _rule in thresholds)
        points = " ".join(f"{x(n):.1f},{y(v):.1f}" for n, v in summary.scores)
        trace = (f'<polyline points="{points}" fill="none" stroke="{colour}" stroke-width="2"{_dash(dash)}/>'
                 + "".join(_marker(marker, x(n), y(v), colour) for n, v in summary.scores))
        panels.append(f'{grid}<line x1="{TRAJ_X0}" y1="{_num(base)}" x2="{TRAJ_X1}" y2="{_num(base)}" '
                      f'stroke="currentColor"/>{title}{keys}{lines}{trace}')
        cursor = base + 18
    bottom = cursor - 18
    for phase, first, final in _phase_runs(log):
        left, right = TRAJ_X0 + (first - 1) * step, TRAJ_X0 + final * step
        parts.append(f'<rect x="{left:.1f}" y="{_num(band_top)}" width="{right - left:.1f}" '
                     f'height="{_num(bottom - band_top)}" fill="{PHASE_FILL[phase]}" fill-opacity="{PHASE_OPACITY}"/>'
                     f'<line x1="{left:.1f}" y1="{_num(band_top)}" x2="{left:.1f}" y2="{_num(bottom)}" '
                     'stroke="#9aa3ad"/>')
    parts.append(f'<line x1="{TRAJ_X1}" y1="{_num(band_top)}" x2="{TRAJ_X1}" y2="{_num(bottom)}" stroke="#9aa3ad"/>')
    parts += panels
    parts += [_text(x(n), bottom + 20, str(n), "middle") for n in _session_ticks(last, step)]
    # Translators: the label of the symptom trajectory's horizontal axis, numbered by session
    parts.append(_text((TRAJ_X0 + TRAJ_X1) / 2, bottom + 42, _("session"), "middle"))
    return f"0 0 {WIDTH} {_num(bottom + 50)}", "".join(parts)
def _trajectory_alt(log: CaseLog, summaries: list[ScaleSummary]) -> str:
    scored = _("{score} at session {n}")
    # Translators: a scale in the symptom trajectory's text alternative: how it is drawn, then its scores
    scales = " ".join(_("{scale} ({drawn}): {scores}.").format(
        scale=s.scale.label, drawn=_(SCALE_STYLE[s.scale.key][3]),
        scores=", ".join(scored.format(score=v, n=n) for n, v in s.scores)) for s in summaries)
    phases = "; ".join((_("{phase}, session {n}").format(phase=_(PHASE_NAMES[phase]), n=a) if a == b else
                        _("{phase}, sessions {first}–{last}").format(phase=_(PHASE_NAMES[phase]), first=a, last=b))
                       for phase, a, b in _phase_runs(log))
    lines = " ".join(_("{scale}: {thresholds}.").format(scale=s.scale.label, thresholds=", ".join(
        _("remission {rule}").format(rule=rule) if kind == "remission" else
        _("response {rule} (half the baseline of {baseline})").format(rule=rule, baseline=s.baseline[1])
        for kind, _score, rule in _threshold_values(s))) for s in summaries)
    count = len(log.sessions)
    return _n("Symptom scores for {pseudonym} across {n} session; lower is better. {scales} Phases: {phases}. Dashed "
              "lines mark commonly used thresholds. {thresholds}",
              "Symptom scores for {pseudonym} across {n} sessions; lower is better. {scales} Phases: {phases}. "
              "Dashed lines mark commonly used thresholds. {thresholds}", count).format(
        pseudonym=log.pseudonym, n=count, scales=scales, phases=phases, thresholds=lines)


def _trajectory_caption(log: CaseLog) -> str:
    return _text_of(_("Symptom scores across {pseudonym}'s sessions (lower is better). Shaded, labelled bands mark "
                      "the phases; dashed lines mark commonly used thresholds for remission and for response (half "
                      "the baseline score), not rules.")).format(pseudonym=escape(log.pseudonym))


def _scores_table(log: CaseLog, summaries: list[ScaleSummary]) -> str:
    keys = [s.scale.key for s in summaries]
    head = "".join(f'<th scope="col">{_text_of(h)}</th>' for h in [_("Session"), _("Phase")]) + "".join(
        f'<th scope="col">{s.scale.label}</th>' for s in summaries)
    unscored = _text_of(_("not scored"))
    rows = "".join(
        f'<tr><th scope="row">{s.number}</th><td>{_text_of(_(PHASE_NAMES[s.phase]))}</td>'
        + "".join(f"<td>{getattr(s, k) if getattr(s, k) is not None else unscored}</td>" for k in keys)
        + "</tr>" for s in sorted(log.sessions, key=lambda s: s.number))
    return f"<table><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>"
