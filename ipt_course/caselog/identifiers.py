"""The identifier guard: anything in a log that looks like it could identify someone.

A log must stay de-identified, so every value is searched for an NHI number, an email address, a
phone number, a full date or a street address, and each one found is a problem at its line.
"""
from __future__ import annotations

import re
from datetime import date, datetime
from typing import Any

from ..loader import Loc, Source, place
from ..problems import Problem

_MONTHS = (r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
           r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)")
_DAY = r"(?:0?[1-9]|[12]\d|3[01])(?:st|nd|rd|th)?"
_STREET_TYPES = ("Street|St|Road|Rd|Avenue|Ave|Drive|Dr|Lane|Ln|Place|Pl|Terrace|Tce|Crescent|Cres|Way|Court|Ct"
                 "|Highway|Hwy|Parade|Pde|Close|Grove|Boulevard|Blvd|Square|Sq|Quay|Mews|Rise")
# NHI letters are A-Z without I and O.
_NHI = r"[A-HJ-NP-Z]{3}(?:\d{4}|\d{2}[A-HJ-NP-Z]{2})"

IDENTIFIERS: list[tuple[str, re.Pattern[str]]] = [
    # Earlier kinds win where matches overlap (a date is not also reported as a phone number).
    ("an email address", re.compile(r"[\w.%+-]+@[\w-]+(?:\.[\w-]+)*\.[A-Za-z]{2,}")),
    ("an NHI number", re.compile(rf"\b{_NHI}\b")),
    ("a full date", re.compile(
        r"\b(?:\d{1,2}([/.-])\d{1,2}\1(?:\d{4}|\d{2})"             # 12/03/2024, 12.03.24
        r"|\d{4}([/.-])\d{1,2}\2\d{1,2}"                           # 2024-03-12
        rf"|{_DAY}\s+(?:of\s+)?{_MONTHS}\.?,?\s+\d{{4}}"           # 12 March 2024, 12th of Mar 2024
        rf"|{_MONTHS}\.?\s+{_DAY},?\s+\d{{4}})\b", re.IGNORECASE)),  # March 12, 2024
    ("a street address", re.compile(
        rf"\b\d{{1,5}}[A-Za-z]?(?:/\d{{1,5}}[A-Za-z]?)?,?\s+(?:[A-Z][\w'’-]*\s+){{1,3}}(?:{_STREET_TYPES})\b(?!['’])")),
    ("a phone number", re.compile(
        r"(?<![\w.+/-])(?:\+\d{1,3}[\s.-]?)?(?:\(\d{1,4}\)[\s.-]?)?\d+(?:[\s.-]\d+)*(?![\w])")),
]


def _is_phone(text: str) -> bool:
    """7 to 15 digits that look like a phone number rather than a list of scores or a span of years."""
    digits = re.sub(r"\D", "", text)
    if not 7 <= len(digits) <= 15:
        return False
    groups = re.findall(r"\d+", text)
    if len(groups) > 1 and all(len(g) == 4 and g[:2] in ("19", "20") for g in groups):
        return False  # 2019-2024
    if len(groups) > 1 and "." in text and not re.search(r"\d\.\d+\.\d", text):
        return False  # decimals: 19.4 8.3
    return text.startswith(("+", "(", "0")) or any(len(g) >= 3 for g in groups)


def _is_date(match: re.Match[str]) -> bool:
    numbers = [int(n) for n in re.findall(r"\d+", match.group())]
    if not re.search(r"[A-Za-z]{3}", match.group()):  # all numbers: one must be a month
        if numbers[0] > 31:  # year first: 2024-03-12
            return 1 <= numbers[1] <= 12 and 1 <= numbers[2] <= 31
        return 1 <= numbers[0] <= 31 and 1 <= numbers[1] <= 31 and min(numbers[0], numbers[1]) <= 12
    return True


def find_identifiers(text: str) -> list[tuple[str, str]]:
    """What in `text` looks like an identifier: (kind, the matching text), in the order they appear."""
    found: list[tuple[int, str, str]] = []
    taken: list[tuple[int, int]] = []
    for kind, pattern in IDENTIFIERS:
        for match in pattern.finditer(text):
            start, end = match.span()
            if any(start < b and a < end for a, b in taken):
                continue
            if kind == "a phone number" and not _is_phone(match.group()):
                continue
            if kind == "a full date" and not _is_date(match):
                continue
            taken.append((start, end))
            found.append((start, kind, match.group()))
    return [(kind, value) for _, kind, value in sorted(found)]


def identifier_problems(data: Any, source: Source) -> list[Problem]:
    """A problem for each identifier in any value of the log (free text above all, but every field)."""
    problems: list[Problem] = []

    def walk(value: Any, loc: Loc) -> None:
        if isinstance(value, dict):
            for key, item in value.items():
                walk(item, loc + (key,))
        elif isinstance(value, list):
            for index, item in enumerate(value):
                walk(item, loc + (index,))
        elif value is not None and not isinstance(value, bool):
            text = value.isoformat() if isinstance(value, (date, datetime)) else str(value)
            for kind, found in find_identifiers(text):
                problems.append(Problem(source.path, source.line(*loc),
                                        f"{place(data, loc)}: looks like {kind} ('{found}'); remove it: "
                                        "the log must not identify anyone"))

    walk(data, ())
    return problems
