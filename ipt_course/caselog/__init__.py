"""The training-case log: a de-identified record of a supervised IPT case, kept session by session.

A trainee keeps the log in YAML on their own machine and brings its summary and figures to
supervision. Reading it reports every problem as `path:line: message` (never a traceback):
YAML syntax, unknown, missing or mistyped fields, out-of-range scores, gaps and repeats in the
session numbers, phases out of order, EPDS outside a perinatal log, and anything that looks like
an identifier (an NHI number, an email address, a phone number, a full date, a street address).
Saving runs the same checks and writes atomically, so a crash never leaves half a log.

`model` says what a log is, `identifiers` guards against identifying details, `storage` reads,
checks and writes it, `summary` and `trajectory` give what a trainee brings to supervision.
"""
from .identifiers import find_identifiers
from .model import CaseLog, SessionEntry
from .storage import add_session, check_caselog, dump_caselog, load_caselog, parse_caselog, save_caselog
from .summary import summary_html, supervision_summary
from .trajectory import symptom_trajectory

__all__ = [
    "CaseLog",
    "SessionEntry",
    "add_session",
    "check_caselog",
    "dump_caselog",
    "find_identifiers",
    "load_caselog",
    "parse_caselog",
    "save_caselog",
    "summary_html",
    "supervision_summary",
    "symptom_trajectory",
]
