"""The log at a glance for supervision: scores against baseline, risk, techniques, adherence."""
from __future__ import annotations

import re
from dataclasses import dataclass

from .. import markdown
from .model import SCALES, CaseLog, Scale


def _number(value: float) -> str:
    return f"{value:.0f}" if float(value).is_integer() else f"{value:.1f}"


def _ranges(numbers: list[int]) -> str:
    """1, 2, 3, 5 as '1–3, 5'."""
    parts: list[tuple[int, int]] = []
    for n in sorted(numbers):
        if parts and parts[-1][1] == n - 1:
            parts[-1] = (parts[-1][0], n)
        else:
            parts.append((n, n))
    return ", ".join(f"{a}" if a == b else f"{a}–{b}" for a, b in parts)


def _sessions_words(numbers: list[int]) -> str:
    return f"session{'s' * (len(numbers) != 1)} {_ranges(numbers)}"


def _md(text: str) -> str:
    """Log text as literal Markdown (the renderer already keeps raw HTML as text)."""
    return re.sub(r"([\\`*_\[\]#|<>!])", r"\\\1", " ".join(text.split()))


@dataclass(frozen=True)
class ScaleSummary:
    scale: Scale
    scores: list[tuple[int, int]]
    """(session number, score), in session order."""

    @property
    def baseline(self) -> tuple[int, int]:
        return self.scores[0]

    @property
    def latest(self) -> tuple[int, int]:
        return self.scores[-1]

    @property
    def response(self) -> bool:
        """A fall of at least 50% from baseline (a commonly used threshold)."""
        return len(self.scores) > 1 and self.baseline[1] > 0 and self.latest[1] <= self.baseline[1] / 2

    @property
    def remission(self) -> bool:
        return len(self.scores) > 1 and self.scale.in_remission(self.latest[1])


def scale_summaries(log: CaseLog) -> list[ScaleSummary]:
    """Each scale with at least one score, with its scores in session order."""
    ordered = sorted(log.sessions, key=lambda s: s.number)
    out = []
    for key, scale in SCALES.items():
        scores = [(s.number, getattr(s, key)) for s in ordered if getattr(s, key) is not None]
        if scores:
            out.append(ScaleSummary(scale, scores))
    return out


def _scale_lines(summary: ScaleSummary) -> list[str]:
    scale, (first_n, first), (last_n, last) = summary.scale, summary.baseline, summary.latest
    if len(summary.scores) == 1:
        return [f"- **{scale.label}:** baseline {first} (session {first_n}); response and remission need a "
                "later score."]
    change = last - first
    pct = f" ({'+' if change > 0 else '−'}{abs(change) / first:.0%})" if first and change else ""
    moved = (f"down {-change} point{'s' * (change != -1)}" if change < 0 else
             f"up {change} point{'s' * (change != 1)}" if change > 0 else "no change")
    half = _number(first / 2)
    return [
        f"- **{scale.label}:** baseline {first} (session {first_n}), latest {last} (session {last_n}): {moved}{pct}.",
        f"  - Response (a fall of 50% or more from baseline, to {half} or below): "
        f"{'reached' if summary.response else 'not reached'}.",
        f"  - Remission ({scale.label} {scale.remission_words}): {'reached' if summary.remission else 'not reached'}.",
    ]


def supervision_summary(log: CaseLog) -> str:
    """The log at a glance for supervision, as Markdown."""
    sessions = sorted(log.sessions, key=lambda s: s.number)
    numbers = [s.number for s in sessions]
    unchecked = [s.number for s in sessions if not s.risk_checked]
    out = [f"### Supervision summary: {_md(log.pseudonym)}", ""]
    if unchecked:
        out += [f"> **Risk was not checked in {_sessions_words(unchecked)}.** Ask about risk directly at every "
                "session; tell your supervisor, the same day if risk may have changed.", ""]
    out += [f"- **Focus:** {log.focus.replace('-', ' ')}",
            f"- **Sessions logged:** {len(sessions)}",
            f"- **Current phase:** {sessions[-1].phase} (session {sessions[-1].number})" if sessions else
            "- **Current phase:** not started",
            *(["- **Perinatal:** yes"] if log.perinatal else []), ""]
    if not sessions:
        return "\n".join(out + ["No sessions logged yet."])

    out += ["#### Scores", ""]
    summaries = scale_summaries(log)
    for summary in summaries:
        out += _scale_lines(summary)
    out += ["", "Response and remission here use commonly used thresholds, not rules: response is a fall of "
            "50% or more from the baseline score; remission is " +
            ", ".join(f"{s.label} {s.remission_words}" for s in SCALES.values()) +
            ". Read them with the whole clinical picture, in supervision.", ""]

    out += ["#### Risk", ""]
    if unchecked:
        out.append(f"Risk was checked in {len(sessions) - len(unchecked)} of {len(sessions)} sessions. "
                   f"**Not checked: {_sessions_words(unchecked)}.**")
    else:
        out.append(f"Risk was checked at every session logged ({len(sessions)} of {len(sessions)}).")
    notes = [s for s in sessions if s.risk_notes]
    if notes:
        out += ["", "Risk notes:", ""] + [f"- Session {s.number}: {_md(s.risk_notes or '')}" for s in notes]
    out.append("")

    out += ["#### Techniques", ""]
    counts: dict[str, list] = {}
    for s in sessions:
        for technique in dict.fromkeys(t.strip() for t in s.techniques):
            counts.setdefault(technique.casefold(), [technique, 0])[1] += 1
    ranked = sorted(counts.values(), key=lambda tc: -tc[1])  # stable: ties keep their first appearance
    out += [f"- {_md(t)}: {c} session{'s' * (c != 1)}" for t, c in ranked] or ["No techniques logged yet."]
    out.append("")

    out += ["#### Supervision", ""]
    discussed = [s.number for s in sessions if s.supervision]
    not_yet = [n for n in numbers if n not in discussed]
    out.append(f"Discussed in supervision: {_sessions_words(discussed)} ({len(discussed)} of {len(sessions)})."
               if discussed else "No session has been discussed in supervision yet.")
    if discussed and not_yet:
        out[-1] += f" Not yet discussed: {_sessions_words(not_yet)}."
    out.append("")

    out += ["#### Adherence", ""]
    rated = [(s.number, s.adherence) for s in sessions if s.adherence is not None]
    if rated:
        mean = sum(a for _, a in rated) / len(rated)
        lowest = min(a for _, a in rated)
        low = [n for n, a in rated if a == lowest]
        out.append(f"Mean self-rating {mean:.1f} of 5 over {len(rated)} rated session{'s' * (len(rated) != 1)} "
                   f"(lowest {lowest}, in {_sessions_words(low)}).")
        rated_numbers = {n for n, _ in rated}
        unrated = [n for n in numbers if n not in rated_numbers]
        if unrated:
            out[-1] += f" Not rated: {_sessions_words(unrated)}."
    else:
        out.append("No adherence self-ratings yet; rate yourself after every session.")
    return "\n".join(out)


def summary_html(log: CaseLog) -> str:
    """The supervision summary as HTML."""
    return markdown.block(supervision_summary(log))
