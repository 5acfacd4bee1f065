"""Counting what a room chose: the group-mode tally and the summary of session logs.

Both draw the same chart, horizontal bars with the count written beside each bar, so it reads on
a projector and without colour.
"""
from __future__ import annotations

from collections import Counter, defaultdict
from html import escape


def tally_html(votes: dict[str, int], caption: str = "") -> str:
    """A bar chart of votes per option, as a table (screen readers read it as one)."""
    total = sum(votes.values())
    most = max(votes.values(), default=0) or 1
    rows = "".join(
        f'<tr><th scope="row">{escape(label)}</th><td><span class="ipt-bar" style="display:inline-block;'
        f'height:1em;background:#0a5a8a;width:{12 * count / most:.1f}em"></span> '
        f'{count} ({(100 * count / total if total else 0):.0f}%)</td></tr>'
        for label, count in votes.items())
    head = f"<caption>{escape(caption)}</caption>" if caption else ""
    return f'<table class="ipt-tally">{head}<tbody>{rows}</tbody></table><p>Total: {total}</p>'


def summarise(events: list[dict]) -> dict[tuple[str, str], Counter]:
    """(item, step) -> option label -> how many people chose it, over solo answers and group votes."""
    table: dict[tuple[str, str], Counter] = defaultdict(Counter)
    for event in events:
        votes = event.get("votes")
        if isinstance(votes, dict):
            for label, count in votes.items():
                if isinstance(count, int) and count >= 0:
                    table[event["item"], str(event.get("step", ""))][str(label)] += count
    return dict(table)


def summary_markdown(table: dict[tuple[str, str], Counter]) -> str:
    lines = ["| Item | Question or scene | Option | Chosen |", "| --- | --- | --- | --- |"]
    for (item, step), counts in sorted(table.items()):
        for label, count in counts.most_common():
            cell = label.replace("|", "\\|")
            lines.append(f"| {item} | {step} | {cell} | {count} |")
    return "\n".join(lines)


def summary_html(table: dict[tuple[str, str], Counter]) -> str:
    if not table:
        return "<p>No answers have been logged yet.</p>"
    return "".join(tally_html(dict(counts.most_common()), f"{item}: {step}")
                   for (item, step), counts in sorted(table.items()))
