"""The group-mode tally: what the room chose in one round, drawn as horizontal bars with the count
written beside each bar, so it reads on a projector and without colour. (What the rooms of a whole
session chose, afterwards, is `debrief.py`.)
"""
from __future__ import annotations

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
