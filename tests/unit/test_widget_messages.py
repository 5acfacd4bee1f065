"""Every text the Lab widgets, the debrief, the phone vote page, the inventory figures and the case log show comes
from the message catalogue (issue 18). In the pseudo-locale every message reads ⟦ļíķé ţĥîš⟧; a text with letters
outside the marks is a hard-coded interface string, unless the whole text is the course's own words (a prompt, an
option, a title, a name in a figure) or data a person gave (a log's labels, the vote page's address)."""
from __future__ import annotations

import json
import random
import re
from collections.abc import Iterable, Iterator
from importlib import resources

import ipywidgets as w
import pytest
from babel.messages.extract import extract
from babel.messages.jslexer import tokenize, unquote_string
from bs4 import BeautifulSoup, NavigableString

from ipt_course import figures, i18n, markdown, voting
from ipt_course.caselog import load_caselog, summary_html, symptom_trajectory
from ipt_course.caselog.model import SCALES
from ipt_course.debrief import Logged, debrief, debrief_html, debrief_markdown
from ipt_course.engine import correct_answer
from ipt_course.figures import closeness_circle_figure, render_inventory
from ipt_course.group import GroupQuiz, GroupVignette
from ipt_course.model import Classify, Quiz, Vignette, Written
from ipt_course.session_log import SessionLog
from ipt_course.widgets import QuestionWidget, QuizWidget, VignetteWidget, WrittenWidget
from tests.conftest import ROOT, real_course

COURSE = real_course()
LOG = load_caselog(ROOT / "notebooks" / "example-case-log.yml")
assert not isinstance(LOG, list), LOG
QUIZ = next(i for i in COURSE.items.values() if isinstance(i, Quiz) and any(q.confidence and q.hints
                                                                                for q in i.questions))
CLASSIFY = next(i for i in COURSE.items.values() if isinstance(i, Quiz)
                and any(isinstance(q, Classify) for q in i.questions))
CASE = next(i for i in COURSE.items.values() if isinstance(i, Vignette))
WRITTEN = next(i for i in COURSE.items.values() if isinstance(i, Written))
GONE_OPTION = "An option the course no longer has"   # a label only the log holds
KEYS = {"id", "type", "next", "start", "outcome", "references", "chapter", "quality"}   # the files' keywords, not words


class FileOrder(random.Random):
    """Options in the file's order, so a test can give answers by position."""

    def sample(self, population, k, *, counts=None):  # type: ignore[override]
        return list(population)[:k]


@pytest.fixture(scope="module", autouse=True)
def pseudo_locale(tmp_path_factory):
    folder = tmp_path_factory.mktemp("locales")
    i18n.write_pseudo(folder)
    i18n.use(i18n.PSEUDO, [folder])
    yield
    i18n.use("en")   # the next test module starts in English


def _norm(text: str) -> str:
    return " ".join(text.split())


def _strings(value) -> Iterator[str]:
    """The texts of a content file: every string but those of keyword fields ("supportive" is a key there)."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for k, v in value.items():
            if k not in KEYS:
                yield from _strings(v)
    elif isinstance(value, list | tuple):
        for v in value:
            yield from _strings(v)


def content_texts() -> set[str]:
    """The whole texts the course's own words (and the example case log's) make: each string as written, as plain
    text and as rendered Markdown's text nodes, and each name as a figure wraps it into lines. A text counts only
    if it equals one of these, so a hard-coded label never passes for content."""
    found: set[str] = set()
    log = [LOG.pseudonym, *(p.name for p in LOG.people), *(t for s in LOG.sessions for t in s.techniques),
           *(s.risk_notes for s in LOG.sessions if s.risk_notes)]
    words = [*_strings([i.model_dump() for i in [*COURSE.items.values(), *COURSE.inventories.values()]]),
             *COURSE.citations.values(), *log]
    for text in words:
        found |= {_norm(text), _norm(markdown.plain(text))}
        found.update(_norm(t) for t in BeautifulSoup(markdown.block(text), "html.parser").find_all(string=True))
    for patient, people in [*((inv.patient, inv.people) for inv in COURSE.inventories.values()),
                            (LOG.pseudonym, LOG.people)]:
        found.update(figures.wrap(patient, figures.CENTRE_CHARS * figures.CHAR * figures.FONT, figures.CENTRE_LINES))
        for person in people:
            found.update(figures.wrap(person.name, figures.COLUMN, figures.NAME_LINES))
    found |= {s.label for s in SCALES.values()}   # the scales' names (PHQ-9), not words of any language
    found.add(GONE_OPTION)
    return {t for t in found if t}


CONTENT = content_texts()


def unmarked(texts: Iterable[str]) -> list[str]:
    """The texts, in reading order, with letters outside ⟦…⟧ that are not whole content. A message may hold markup,
    so its marks can open in one text and close in a later one."""
    depth, found = 0, []
    for text in texts:
        outside = ""
        for ch in text:
            if ch == "⟦":
                depth += 1
            elif ch == "⟧":
                depth = max(depth - 1, 0)
            elif not depth:
                outside += ch
        if any(ch.isalpha() for ch in outside) and _norm(text) not in CONTENT:
            found.append(_norm(text))
    return found


def outside_marks(text: str) -> list[str]:
    """The runs of a text outside ⟦…⟧, for text without nodes (a Markdown table's cell): each must be content."""
    runs, depth = [""], 0
    for ch in text:
        if ch in "⟦⟧":
            depth = depth + 1 if ch == "⟦" else max(depth - 1, 0)
            runs.append("")
        elif not depth:
            runs[-1] += ch
    return [run for run in runs if run.strip()]


def html_texts(html: str) -> list[str]:
    """An HTML fragment's text nodes (scripts and styles aside) and the attributes a person reads or hears."""
    soup = BeautifulSoup(html, "html.parser")
    texts = []
    for node in soup.descendants:
        if isinstance(node, NavigableString):
            if type(node) is NavigableString:   # not a script, a style, a comment or the doctype
                texts.append(str(node))
        else:
            texts += [node[a] for a in ("title", "aria-label", "placeholder", "alt") if node.has_attr(a)]
    return texts


def widget_texts(widget: w.Widget) -> list[str]:
    """Every text of a widget tree a person sees or hears: labels, tooltips, placeholders, options, HTML."""
    texts: list[str] = []
    for name in ("description", "tooltip", "placeholder"):
        value = getattr(widget, name, None)
        if isinstance(value, str):
            texts.append(value)
    if isinstance(widget, w.HTML | w.Label):
        texts += html_texts(widget.value)
    texts += list(getattr(widget, "_options_labels", ()))
    for child in getattr(widget, "children", ()):
        texts += widget_texts(child)
    return texts


class Seen:
    """The unmarked texts of each view, taken after each step, for one failure that names them all."""

    def __init__(self):
        self.views: dict[str, list[str]] = {}

    def __call__(self, where: str, texts: Iterable[str]) -> None:
        self.views.setdefault(where, []).extend(t for t in unmarked(texts) if t not in self.views.get(where, []))

    def report(self) -> str:
        return "\n".join(f"{where}: {text}" for where, texts in self.views.items() for text in texts)


def give(widget: QuestionWidget, answer) -> None:
    q = widget.attempt.question
    if isinstance(q, Classify):
        for i, box in enumerate(widget.inputs):
            box.value = answer.get(i, "")
    elif q.type == "single":
        widget.inputs[0].value = answer
    else:
        for i, box in enumerate(widget.inputs):
            box.value = i in answer


def wrong(q):
    if isinstance(q, Classify):
        right = correct_answer(q)
        return {**right, 0: next(c for c in q.categories if c != right[0])}
    index = next(i for i, o in enumerate(q.options) if not o.correct)
    return index if q.type == "single" else frozenset({index})


def test_the_solo_widgets_show_only_messages_and_content():
    seen = Seen()
    for quiz in [QUIZ] + [CLASSIFY] * (CLASSIFY is not QUIZ):
        widget = QuizWidget(quiz, COURSE.citations)
        seen("quiz, before", widget_texts(widget))
        for q in widget.questions:
            q.check_button.click()                                   # refused: nothing chosen
            seen("quiz, refused", widget_texts(widget))
            give(q, wrong(q.attempt.question))
            q.check_button.click()                                   # refused, if it asks how sure first
            seen("quiz, no certainty", widget_texts(widget))
            if q.certainty:
                q.certainty.value = 3
            q.check_button.click()                                   # wrong: a hint, a mark
            seen("quiz, wrong", widget_texts(widget))
            give(q, correct_answer(q.attempt.question))
            q.check_button.click()
            seen("quiz, right", widget_texts(widget))

    case = VignetteWidget(CASE, COURSE.citations, rng=FileOrder())
    case.choose_button.click()                                       # refused: nothing chosen
    while not case.run.ended:
        seen("case, a scene", widget_texts(case))
        case.choices.value = case.choices.options[0][1]
        case.choose_button.click()
        seen("case, feedback", widget_texts(case))
        case.continue_button.click()
    seen("case, ended", widget_texts(case))

    written = WrittenWidget(WRITTEN, COURSE.citations)
    written.reveal_button.click()                                    # refused: nothing written
    seen("written, refused", widget_texts(written))
    written.text.value = "Mine."
    written.reveal_button.click()
    written.points[0].value = True
    written.rate_button.click()
    seen("written, rated", widget_texts(written))
    assert not seen.report(), f"interface texts not from the catalogue:\n{seen.report()}"


def test_group_mode_shows_only_messages_and_content(tmp_path):
    seen = Seen()
    log = SessionLog(tmp_path / "session.jsonl")
    quiz = GroupQuiz(CLASSIFY, log, FileOrder())
    seen("group quiz, opening", widget_texts(quiz))
    quiz.buttons["begin"].click()
    for _round in quiz.rounds:
        quiz.counts[0].value = 2
        quiz.buttons["tally"].click()
        quiz.timer.left = 61
        quiz._draw_head()
        seen("group quiz, voting", widget_texts(quiz))
        quiz.buttons["reveal"].click()
        seen("group quiz, revealed", widget_texts(quiz))
        quiz.next_button.click()
    quiz.buttons["restart"].click()
    seen("group quiz, restart?", widget_texts(quiz))

    case = GroupVignette(CASE, log, FileOrder())
    case.buttons["begin"].click()
    case.timer.left = 0
    case._draw_head()
    seen("group case, time to vote", widget_texts(case))
    case.counts[0].value = 1
    case.buttons["reveal"].click()
    case.continue_button.click()
    resumed = GroupVignette(CASE, log, FileOrder())                 # the room's run, offered to resume
    seen("group case, opening with a resume", widget_texts(resumed))
    resumed.buttons["resume"].click()
    try:
        resumed.phones.value = True                                  # votes from phones: the QR code and the address
        url = voting.listen(resumed._phone_votes).url()
        seen("group case, phones", [t for t in widget_texts(resumed) if t != url])
    finally:
        resumed.phones.value = False                                 # which stops the server
    while resumed.stage != "ended":
        resumed.buttons["reveal"].click()
        seen("group case, revealed", [t for t in widget_texts(resumed) if t != url])
        resumed.continue_button.click()
    seen("group case, ended", [t for t in widget_texts(resumed) if t != url])
    assert not seen.report(), f"interface texts not from the catalogue:\n{seen.report()}"


def test_the_debrief_shows_only_messages_and_content():
    quiz, classify = QUIZ, next(q for q in CLASSIFY.questions if isinstance(q, Classify))
    q = quiz.questions[0]
    label = markdown.plain(q.options[0].text)
    case_label = f"{markdown.plain(classify.cases[0].text)} → {classify.categories[0]}"
    scene = CASE.nodes[CASE.start]
    events = [
        {"mode": "solo", "item": quiz.id, "kind": "quiz", "run": "r1", "action": "answer", "step": q.id,
         "votes": {label: 1}},
        {"mode": "solo", "item": quiz.id, "kind": "quiz", "run": "r2", "action": "answer", "step": q.id,
         "votes": {GONE_OPTION: 1}},
        {"mode": "solo", "item": CLASSIFY.id, "kind": "quiz", "run": "r3", "action": "answer", "step": classify.id,
         "votes": {case_label: 1}},
        {"mode": "group", "item": CASE.id, "kind": "vignette", "run": "r4", "action": "reveal", "step": CASE.start,
         "votes": {markdown.plain(c.label): 2 for c in scene.choices}, "counted": "typed"},
        {"mode": "group", "item": CASE.id, "kind": "vignette", "run": "r4", "action": "follow", "step": CASE.start,
         "followed": markdown.plain(scene.choices[0].label), "choice": 0},
        {"mode": "group", "item": CASE.id, "kind": "vignette", "action": "follow", "step": CASE.start,
         "followed": markdown.plain(scene.choices[0].label)},
    ]
    sessions = debrief([Logged(name, e) for name in ("2026-11-30", "spring-workshop") for e in events], COURSE)
    seen = Seen()
    seen("debrief, HTML", html_texts(debrief_html(sessions)))
    seen("debrief, empty", html_texts(debrief_html([])))
    cells = [cell for line in debrief_markdown(sessions).splitlines() if not set(line) <= set("|- ")
             for cell in line.strip("|#").split(" | ")]
    seen("debrief, Markdown", [run for cell in cells for run in outside_marks(cell)])
    assert not seen.report(), f"interface texts not from the catalogue:\n{seen.report()}"


def test_the_figures_and_the_case_log_show_only_messages_and_content():
    seen = Seen()
    for inventory in COURSE.inventories.values():
        seen(f"inventory {inventory.id}", html_texts(render_inventory(inventory)))
    seen("case log: summary", html_texts(summary_html(LOG)))
    seen("case log: trajectory", html_texts(symptom_trajectory(LOG)))
    seen("case log: circle", html_texts(closeness_circle_figure(LOG.pseudonym, LOG.people)))
    empty = LOG.model_copy(update={"sessions": [], "people": []})
    seen("case log: nothing yet", html_texts(summary_html(empty) + symptom_trajectory(empty)
                                              + closeness_circle_figure(empty.pseudonym, [])))
    assert not seen.report(), f"interface texts not from the catalogue:\n{seen.report()}"


TEMPLATE = resources.files("ipt_course") / "templates" / "vote.html"


def test_the_vote_page_shows_only_messages():
    """Its markup's texts, and its script's: every t("…") arrives translated, and no other string reads as words."""
    page = voting.page_html()
    assert unmarked(html_texts(page)) == []
    assert re.search(r'<html lang="[^"]+">', page) and "{{" not in page
    script = re.findall(r"<script>(.*?)</script>", page, flags=re.DOTALL)[0]
    tokens = list(tokenize(script))
    messages, others = [], []
    for i, token in enumerate(tokens):
        if token.type == "string":
            called = [t.value for t in tokens[i - 2:i]] == ["t", "("]
            (messages if called else others).append(unquote_string(token.value))
    assert len(messages) > 20 and all(m.startswith("⟦") and m.endswith("⟧") for m in messages)
    assert [s for s in others if re.search(r"[A-Z][a-z]+[ …]|[a-z][.…]$", s)] == [], "a message outside t()"


def test_the_vote_page_and_the_catalogue_see_the_same_messages():
    """What the server translates (voting.py's patterns) is exactly what the catalogue's extractor reads."""
    with TEMPLATE.open("rb") as stream:
        extracted = {m[1] for m in extract("javascript", stream, keywords={"t": None})}
    source = TEMPLATE.read_text(encoding="utf-8")
    matched = {json.loads(f'"{m}"') for pattern in (voting._IN_MARKUP, voting._IN_SCRIPT)
               for m in pattern.findall(source)}
    assert extracted == matched and len(extracted) > 20


def test_the_unmarked_check_catches_a_hard_coded_string():
    assert unmarked(["⟦Çhéçk⟧", "⟦Ŕóóm <strong>", "ABCD", "</strong>⟧", CASE.title, "12 (60%)"]) == []
    assert unmarked(["Check answer", f"Case: {CASE.title}", "⟦Çhéçk⟧ again"]) == [
        "Check answer", f"Case: {CASE.title}", "⟦Çhéçk⟧ again"]

