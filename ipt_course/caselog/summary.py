"""The log at a glance for supervision: scores against baseline, risk, techniques, adherence."""
from __future__ import annotations

import re
from dataclasses import dataclass

from .. import markdown
from ..i18n import _, _n
from .model import FOCUS_NAMES, PHASE_NAMES, SCALES, CaseLog, Scale


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
    # Translators: {sessions} is a list of session numbers, such as "1–3, 5"
    return _n("session {sessions}", "sessions {sessions}", len(numbers)).format(sessions=_ranges(numbers))


def remission_rule(scale: Scale) -> str:
    # Translators: a scale's remission threshold, such as "PHQ-9 below 5"
    return _("{scale} {rule}").format(scale=scale.label, rule=scale.remission_words)


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


def _labelled(scale: Scale) -> str:
    # Translators: a scale's name as the label of its line in the case log's summary
    return _("{scale}:").format(scale=scale.label)


def _scale_lines(summary: ScaleSummary) -> list[str]:
    scale, (first_n, first), (last_n, last) = summary.scale, summary.baseline, summary.latest
    if len(summary.scores) == 1:
        return [f"- **{_labelled(scale)}** " + _("baseline {score} (session {n}); response and remission need a later "
                                             "score.").format(score=first, n=first_n)]
    change = last - first
    pct = f" ({'+' if change > 0 else '−'}{abs(change) / first:.0%})" if first and change else ""
    moved = (_n("down {n} point", "down {n} points", -change) if change < 0 else
             _n("up {n} point", "up {n} points", change) if change > 0 else _("no change")).format(n=abs(change))
    response = (_("Response (a fall of 50% or more from baseline, to {half} or below): reached.") if summary.response
                else _("Response (a fall of 50% or more from baseline, to {half} or below): not reached."))
    remission = _("Remission ({rule}): reached.") if summary.remission else _("Remission ({rule}): not reached.")
    # Translators: {moved} is such as "down 9 points", {percent} such as " (−50%)" or nothing
    scores = _("baseline {first} (session {first_n}), latest {last} (session {last_n}): {moved}{percent}.")
    return [f"- **{_labelled(scale)}** " + scores.format(first=first, first_n=first_n, last=last, last_n=last_n,
                                                     moved=moved, percent=pct),
            "  - " + response.format(half=_number(first / 2)),
            "  - " + remission.format(rule=remission_rule(scale))]


def supervision_summary(log: CaseLog) -> str:
    """The log at a glance for supervision, as Markdown."""
    sessions = sorted(log.sessions, key=lambda s: s.number)
    numbers = [s.number for s in sessions]
    unchecked = [s.number for s in sessions if not s.risk_checked]
    out = ["### " + _("Supervision summary: {pseudonym}").format(pseudonym=_md(log.pseudonym)), ""]
    if unchecked:
        warning = _("Risk was not checked in {sessions}.").format(sessions=_sessions_words(unchecked))
        out += [f"> **{warning}** " + _("Ask about risk directly at every session; tell your supervisor, the same "
                                        "day if risk may have changed."), ""]
    # Translators: a label in the case log's summary, before the log's value
    out += [f"- **{_('Focus:')}** {_(FOCUS_NAMES[log.focus])}",
            f"- **{_('Sessions logged:')}** {len(sessions)}",
            f"- **{_('Current phase:')}** " + (
                _("{phase} (session {n})").format(phase=_(PHASE_NAMES[sessions[-1].phase]), n=sessions[-1].number)
                if sessions else _("not started")),
            *([f"- **{_('Perinatal:')}** {_('yes')}"] if log.perinatal else []), ""]
    if not sessions:
        return "\n".join(out + [_("No sessions logged yet.")])

    out += ["#### " + _("Scores"), ""]
    summaries = scale_summaries(log)
    for summary in summaries:
        out += _scale_lines(summary)
    out += ["", _("Response and remission here use commonly used thresholds, not rules: response is a fall of 50% or "
                  "more from the baseline score; remission is {rules}. Read them with the whole clinical picture, in "
                  "supervision.").format(rules=", ".join(remission_rule(s) for s in SCALES.values())), ""]

    out += ["#### " + _("Risk"), ""]
    if unchecked:
        checked = _n("Risk was checked in {checked} of {n} session.", "Risk was checked in {checked} of {n} sessions.",
                     len(sessions)).format(checked=len(sessions) - len(unchecked), n=len(sessions))
        missed = _("Not checked: {sessions}.").format(sessions=_sessions_words(unchecked))
        out.append(f"{checked} **{missed}**")
    else:
        out.append(_("Risk was checked at every session logged ({n} of {n}).").format(n=len(sessions)))
    notes = [s for s in sessions if s.risk_notes]
    if notes:
        out += ["", _("Risk notes:"), ""] + [
            "- " + _("Session {n}: {notes}").format(n=s.number, notes=_md(s.risk_notes or "")) for s in notes]
    out.append("")

    out += ["#### " + _("Techniques"), ""]
    counts: dict[str, list] = {}
    for s in sessions:
        for technique in dict.fromkeys(t.strip() for t in s.techniques):
            counts.setdefault(technique.casefold(), [technique, 0])[1] += 1
    ranked = sorted(counts.values(), key=lambda tc: -tc[1])  # stable: ties keep their first appearance
    out += ["- " + _n("{technique}: {n} session", "{technique}: {n} sessions", c).format(technique=_md(t), n=c)
            for t, c in ranked] or [_("No techniques logged yet.")]
    out.append("")

    out += ["#### " + _("Supervision"), ""]
    discussed = [s.number for s in sessions if s.supervision]
    not_yet = [n for n in numbers if n not in discussed]
    out.append(_("Discussed in supervision: {sessions} ({n} of {total}).").format(
        sessions=_sessions_words(discussed), n=len(discussed), total=len(sessions))
        if discussed else _("No session has been discussed in supervision yet."))
    if discussed and not_yet:
        out[-1] += " " + _("Not yet discussed: {sessions}.").format(sessions=_sessions_words(not_yet))
    out.append("")

    out += ["#### " + _("Adherence"), ""]
    rated = [(s.number, s.adherence) for s in sessions if s.adherence is not None]
    if rated:
        ratings = [a for _session, a in rated]
        lowest = min(ratings)
        low = [n for n, a in rated if a == lowest]
        out.append(_n("Mean self-rating {mean} of 5 over {n} rated session (lowest {lowest}, in {sessions}).",
                      "Mean self-rating {mean} of 5 over {n} rated sessions (lowest {lowest}, in {sessions}).",
                      len(rated)).format(mean=f"{sum(ratings) / len(rated):.1f}", n=len(rated), lowest=lowest,
                                         sessions=_sessions_words(low)))
        rated_numbers = {n for n, _rating in rated}
        unrated = [n for n in numbers if n not in rated_numbers]
        if unrated:
            out[-1] += " " + _("Not rated: {sessions}.").format(sessions=_sessions_words(unrated))
    else:
        out.append(_("No adherence self-ratings yet; rate yourself after every session."))
    return "\n".join(out)


def summary_html(log: CaseLog) -> str:
    """The supervision summary as HTML."""
    return markdown.block(supervision_summary(log))
