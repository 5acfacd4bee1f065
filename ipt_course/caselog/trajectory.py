"""A case log's symptom trajectory: each scale across the sessions, with the phases and thresholds.

Like the inventory figures, it has a text alternative and a data table, tells the scales apart by
marker and line pattern as well as colour, and labels phases and thresholds in words, so nothing
depends on seeing the picture.
"""
from __future__ import annotations

from html import escape
from itertools import pairwise

from ..figures import _dash, _figure
from .model import CaseLog
from .summary import ScaleSummary, _number, scale_summaries

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
        lines.append(("response", half, f"{_number(half)} or below"))
    return lines


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
