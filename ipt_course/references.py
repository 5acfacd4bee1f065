"""The course bibliography (`book/references.bib`): which keys exist, and a short citation for each.

The book's chapters cite through sphinxcontrib-bibtex; quizzes and vignettes are rendered outside
Sphinx too (notebooks), so they get their citation text from here.
"""
from __future__ import annotations

from pathlib import Path

from pybtex.database import BibliographyData, parse_file
from pybtex.scanner import PybtexError

from .problems import Problem


def load_bibliography(path: Path) -> BibliographyData | Problem:
    try:
        return parse_file(str(path), bib_format="bibtex")
    except (OSError, PybtexError) as err:
        return Problem(path, 1, f"cannot read the bibliography: {err}")


def short_citations(bib: BibliographyData) -> dict[str, str]:
    """`key -> "Author et al. (year). Title."`, the form shown under an explanation."""
    return {key: _short(entry) for key, entry in bib.entries.items()}


def _short(entry) -> str:
    people = entry.persons.get("author") or entry.persons.get("editor") or []
    names = [" ".join(p.last_names) or " ".join(p.first_names) for p in people]
    if not names:
        authors = _clean(entry.fields.get("organization") or entry.fields.get("publisher") or "Anonymous")
    elif len(names) > 2 or str(people[-1]) == "others":
        authors = f"{_clean(names[0])} et al."
    else:
        authors = " & ".join(_clean(n) for n in names)
    year = entry.fields.get("year", "n.d.")
    title = _clean(entry.fields.get("title", "")).rstrip(".")
    return f"{authors} ({year}). {title}."


def _clean(text: str) -> str:
    return text.replace("{", "").replace("}", "").replace("--", "–").strip()
