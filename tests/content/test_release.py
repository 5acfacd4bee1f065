"""What a clinical supervisor checks before a release: no drafting where trainees read, one source for the crisis
numbers, a complete bibliography, distractors that are not stock answers, right answers that their length does not
give away, and people of its own in every case."""
from __future__ import annotations

import json
import re
from collections import Counter, defaultdict
from pathlib import Path
from urllib.parse import urlparse

import pytest
from pybtex.database import parse_file

from ipt_course.notebooks import CRISIS_SOURCE, crisis_note
from tests.conftest import ROOT, real_course

COURSE = real_course()
BIB = parse_file(str(ROOT / "book/references.bib"))
TOC = (ROOT / "_toc.yml").read_text(encoding="utf-8")

# Pages for educators, where talk of checking sources belongs; every other page in the book is a learner page.
EDUCATOR_PAGES = {"book/verification", "book/facilitator-guide", "book/authoring"}
LEARNER_PAGES = [ROOT / f"{name}.md" for name in re.findall(r"file: (book/[a-z-]+)", TOC) if name not in EDUCATOR_PAGES]
CONTENT_FILES = sorted((ROOT / "content").rglob("*.yml"))

DRAFTING = re.compile(r"\bVERIFY\b|\bTODO\b|\bFIXME\b|course brief|the brief (?:says|states|gives|marks|lists)|"
                      r"seed claim|drafting note|from the drafting|from memory|to be (?:verified|confirmed)|"
                      r"placeholder", re.I)


def _where(path: Path, text: str, match: re.Match) -> str:
    return f"{path.relative_to(ROOT)}:{text.count(chr(10), 0, match.start()) + 1}"


@pytest.mark.parametrize("path", LEARNER_PAGES + CONTENT_FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_learner_pages_show_no_drafting(path):
    text = path.read_text(encoding="utf-8")
    found = [f"{_where(path, text, m)}: '{m.group()}'" for m in DRAFTING.finditer(text)]
    assert not found, ("drafting words where trainees read them; word the claim cautiously and list it on "
                       "book/verification.md (for educators):\n" + "\n".join(found))


def test_verification_page_is_marked_for_educators():
    page = (ROOT / "book/verification.md").read_text(encoding="utf-8")
    assert re.search(r"^# .*\(for educators\)", page, re.M), "book/verification.md: say in its title it is for educators"
    assert re.search(r"caption: For educators\n(?:\s+.*\n)*?\s+- file: book/verification\n", TOC), \
        "_toc.yml: list book/verification under the 'For educators' part"


def test_rendered_bibliography_shows_no_drafting():
    found = [f"{key}: {field} = {value!r}" for key, entry in BIB.entries.items()
             for field, value in entry.fields.items() if DRAFTING.search(value)]
    assert not found, "the references page shows these fields; move the caveat to book/verification.md:\n" + \
        "\n".join(found)


# --- the crisis box ------------------------------------------------------------------------------------------

CRISIS_TEXT = (ROOT / CRISIS_SOURCE).read_text(encoding="utf-8")
# Every phone number the box gives (in bold) of four digits or more, spaced and as dialled: 111, 000 and 999 are too
# common in other text to search for.
CRISIS_NUMBERS = sorted({form for n in re.findall(r"\*\*\[?(\d[\d ]*\d)", CRISIS_TEXT) if len(n.replace(" ", "")) >= 4
                         for form in (n, n.replace(" ", ""))})


def test_crisis_box_lists_the_new_zealand_services():
    for service in ("111", "1737", "Suicide Crisis Helpline", "Lifeline Aotearoa", "Healthline", "Youthline",
                    "Women's Refuge", "Are You OK", "crisis team", "Australia", "United Kingdom"):
        assert service in CRISIS_TEXT, f"{CRISIS_SOURCE} lacks {service}"


def test_crisis_numbers_live_in_one_file():
    sources = [*ROOT.glob("book/*.md"), *CONTENT_FILES, *(ROOT / "ipt_course").rglob("*.py"),
               *(ROOT / "ipt_course/templates").rglob("*")]
    copies = [f"{p.relative_to(ROOT)}: {n}" for p in sources if p.is_file()
              for n in CRISIS_NUMBERS if n in p.read_text(encoding="utf-8")]
    assert CRISIS_NUMBERS and not copies, (f"crisis numbers copied outside {CRISIS_SOURCE}; include the snippet "
                                           "or refer to 'the crisis box' instead:\n" + "\n".join(copies))


# Every notebook a trainee reads: the workshop cases and the case log (not the facilitator's summary, which shows no case).
TRAINEE_NOTEBOOKS = sorted(p for p in (ROOT / "notebooks").glob("*.ipynb") if p.stem != "workshop-summary")


@pytest.mark.parametrize("notebook", TRAINEE_NOTEBOOKS, ids=lambda p: p.stem)
def test_notebooks_show_the_crisis_box_from_its_one_source(notebook):
    cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
    markdown = "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "markdown")
    assert crisis_note(ROOT) in markdown, (f"{notebook.relative_to(ROOT)} shows an old crisis box: regenerate it "
                                           "(python -m ipt_course notebook ID)")


# --- the bibliography ----------------------------------------------------------------------------------------

REQUIRED = {"article": {"title", "journal", "year", "volume", "pages"},
            "book": {"title", "publisher", "year"},
            "techreport": {"title", "institution", "year"},
            "incollection": {"title", "booktitle", "publisher", "year"},
            "misc": {"title"}}  # and a year or, for a web page, the date it was read (urldate)


VERIFICATION = (ROOT / "book/verification.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("key", sorted(BIB.entries), ids=str)
def test_bibliography_entry_is_complete(key):
    """Complete from the record; a gap no record could fill is allowed only where the verification page names it."""
    entry = BIB.entries[key]
    kind = entry.type.lower()
    assert kind in REQUIRED, f"references.bib: {key}: type @{kind} has no field rule here; use one of {set(REQUIRED)}"
    missing = REQUIRED[kind] - {f.lower() for f in entry.fields}
    assert not missing, f"references.bib: {key} (@{kind}) lacks {sorted(missing)}"
    listed = f"`{key}`" in VERIFICATION
    authors = entry.persons.get("author", []) or entry.persons.get("editor", [])
    assert authors or listed, f"references.bib: {key} names no author or editor (or list the gap on verification.md)"
    placeholder = [str(p) for p in authors if re.search(r"\b(?:group|unknown|anonymous|tbc)\b", str(p), re.I)]
    assert not placeholder, f"references.bib: {key}: placeholder author {placeholder}; use the record's authors"
    if kind == "misc":
        assert "url" in entry.fields or "howpublished" in entry.fields, f"references.bib: {key}: say where it is"
        assert "year" in entry.fields or "urldate" in entry.fields, f"references.bib: {key}: give a year or urldate"
    if "url" in entry.fields:
        assert urlparse(entry.fields["url"]).path.strip("/") or listed, (
            f"references.bib: {key}: {entry.fields['url']} is a site's home page; cite the page that says it "
            "(or list the gap on verification.md)")


# --- distractors ---------------------------------------------------------------------------------------------

# Stock wrong answers that a trainee soon learns to discard without thinking about IPT. Each may stand as a wrong
# option or choice in at most this many places in the whole course.
STOCK_DISTRACTORS = {"CBT homework or thought records": re.compile(r"thought record|CBT homework|"
                                                                   r"cognitive restructuring|challenge (?:the|her|his|"
                                                                   r"their) (?:negative )?thoughts", re.I),
                     "interpreting the transference": re.compile(r"transference", re.I)}
STOCK_LIMIT = 5
REUSE_LIMIT = 2  # the same wrong option word for word, across questions


def wrong_answers() -> list[tuple[str, str]]:
    """(item, text) of every wrong option in a quiz and every zero-score choice in a vignette."""
    found = []
    for item in COURSE.items.values():
        if item.kind == "quiz":
            found += [(f"{item.id}/{q.id}", o.text) for q in item.questions for o in getattr(q, "options", [])
                      if not o.correct]
        elif item.kind == "vignette":
            found += [(f"{item.id}/{n}", c.label) for n, node in item.nodes.items() for c in node.choices
                      if c.score == 0]
    return found


@pytest.mark.parametrize("stock", sorted(STOCK_DISTRACTORS))
def test_stock_distractors_are_rare(stock):
    places = [where for where, text in wrong_answers() if STOCK_DISTRACTORS[stock].search(text)]
    assert len(places) <= STOCK_LIMIT, (f"'{stock}' is a wrong answer in {len(places)} places (limit "
                                        f"{STOCK_LIMIT}); write a near-miss that teaches IPT judgement:\n"
                                        + "\n".join(places))


def test_no_wrong_option_is_reused_word_for_word():
    places = defaultdict(list)
    for where, text in wrong_answers():
        if len(text.split()) > 3:  # a problem area's or a stage's name is rightly an option in many questions
            places[text.strip().lower()].append(where)
    reused = {text: where for text, where in places.items() if len(where) > REUSE_LIMIT}
    assert not reused, f"wrong options used more than {REUSE_LIMIT} times: {reused}"


# Test-wise trainees learn that the most careful, most qualified option is the right one. In each quiz and each
# vignette, the keyed option (or the best-scored choice) may be the longest one in at most half the questions
# (or scenes); with four options, chance alone makes it the longest about a quarter of the time.
LONGEST_LIMIT = 0.5


def _keyed_is_longest() -> dict[str, tuple[int, int]]:
    """Per item: (questions or scenes where the key is the longest option, questions or scenes counted)."""
    counts = {}
    for item in COURSE.items.values():
        if item.kind == "quiz":
            groups = [[(o.text, o.correct) for o in q.options] for q in item.questions if q.type == "single"]
        elif item.kind == "vignette":
            groups = [[(c.label, c.score == max(x.score for x in n.choices)) for c in n.choices]
                      for n in item.nodes.values() if len({c.score for c in n.choices}) > 1]
        else:
            continue
        longest = sum(max(len(t) for t, _ in g) in {len(t) for t, best in g if best} for g in groups)
        counts[item.id] = (longest, len(groups))
    return counts


KEYED_IS_LONGEST = _keyed_is_longest()


@pytest.mark.parametrize("item", sorted(KEYED_IS_LONGEST))
def test_the_key_is_not_given_away_by_its_length(item):
    longest, counted = KEYED_IS_LONGEST[item]
    assert longest <= LONGEST_LIMIT * counted, (
        f"{item}: the right answer is the longest option in {longest} of {counted}; write wrong options with the "
        "same detail and qualifiers as the key (or tighten the key) so length gives nothing away")


# --- one patient, one case -----------------------------------------------------------------------------------

# A person is introduced as "Name, 34", "Name, her husband", "Name's …": capitalised words in those places that
# are not people.
NOT_PEOPLE = {"It", "That", "This", "There", "Here", "What", "He", "She", "They", "We", "You", "Let", "Nobody",
              "Everyone", "Health", "Zealand", "Institute", "Robertson", "Klerman", "Weissman", "Markowitz", "Sullivan", "Hara",
              "Durie", "Bowlby", "Beck", "Frank", "Stuart", "Mufson", "Cuijpers", "Monday", "Tuesday", "Wednesday",
              "Thursday", "Friday", "Saturday", "Sunday", "Christmas", "Matariki", "God", "Mum", "Dad", "Nana",
              "Koro", "Aotearoa", "Auckland", "Wellington", "Christchurch", "Dunedin", "Hamilton", "Southland",
              "Otago", "Canterbury", "Waikato", "Northland", "Samoa", "Tonga", "Fiji", "India", "China", "Australia",
              "Guide", "Manual", "Lifeline", "Youthline", "Healthline", "Refuge", "Plunket", "Shear",
              "Stanley", "Brown", "Bolton", "Miklowitz", "Dennis", "Spinelli", "Grote", "Schramm", "Stangier",
              "Malhi", "Pitama", "Kroenke", "Cox", "Elkin", "Luty", "Swartz", "Lipsitz", "Hollon", "Goldenring"}
PERSON = re.compile(r"\b([A-Z][a-zāēīōū]+)(?:'s|’s|, (?:a |an )?\d{1,2}\b|, (?:her|his|their) )")


def case_files() -> dict[str, str]:
    """Each case's text: a vignette with its inventory and its chapter's quiz (which may ask about the same
    patient), or a quiz of a chapter without a vignette."""
    chapter_of = {v.id: v.chapter for v in COURSE.items.values() if v.kind == "vignette"}
    cases = defaultdict(str)
    for path in CONTENT_FILES:
        case = path.stem if path.parent.name == "quizzes" else chapter_of.get(path.stem, path.stem)
        cases[case] += path.read_text(encoding="utf-8")
    return cases


def test_every_case_has_people_of_its_own():
    cases = case_files()
    owners = defaultdict(set)
    for case, text in cases.items():
        for name in set(PERSON.findall(text)) - NOT_PEOPLE:
            owners[name] |= {other for other, t in cases.items() if re.search(rf"\b{name}\b", t)}
    shared = {name: sorted(where) for name, where in owners.items() if len(where) > 1}
    assert not shared, ("these names stand in more than one case (a quiz, or a vignette with its inventory); give "
                        "each case people of its own:\n" + "\n".join(f"{n}: {w}" for n, w in sorted(shared.items())))


def test_a_name_keeps_one_age():
    ages = defaultdict(Counter)
    for path in CONTENT_FILES + LEARNER_PAGES:
        for name, age in re.findall(r"\b([A-Z][a-zāēīōū]+), (?:a |an )?(\d{1,2})\b", path.read_text(encoding="utf-8")):
            ages[name][age] += 1
    clashes = {name: dict(a) for name, a in ages.items() if len(a) > 1 and name not in NOT_PEOPLE}
    assert not clashes, f"one name, two ages: two patients share a name: {clashes}"
