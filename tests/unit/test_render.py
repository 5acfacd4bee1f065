"""Static HTML: hostile content stays text, the page is deterministic and keeps its DOM contract."""
from __future__ import annotations

import json
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from bs4 import BeautifulSoup

from ipt_course import Course
from ipt_course.engine import best_score
from ipt_course.model import Quiz, Vignette
from ipt_course.render import item_data, render
from tests.conftest import real_course as the_real_course

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "tests" / "fixtures" / "course"

PAYLOADS = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "[click](javascript:alert(1))",
    "[x](JaVaScRiPt:alert(1))",
    '"><svg onload=alert(1)>',
    "</script><script>alert(1)</script>",
    "<javascript:alert(1)>",
    "[d](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "[e](java&#x73;cript:alert(1))",
    "<a href='javascript:alert(1)'>a</a>",
    "<iframe src=//evil.example></iframe>",
    "![i](http://evil.example/x.png)",
    "<style>*{display:none}</style>",
    "&lt;script&gt;alert(1)&lt;/script&gt;",
]
ALL = " ".join(PAYLOADS)
FORBIDDEN_TAGS = {"script", "img", "svg", "iframe", "object", "embed", "style", "link", "meta", "base", "math",
                  "form", "frame", "video", "audio", "source"}
SAFE_SCHEMES = {"", "http", "https", "mailto"}


def hostile_quiz(text: str) -> Quiz:
    return Quiz.model_validate({
        "id": "hostile-quiz", "title": text, "intro": text,
        "questions": [
            {"id": "one", "type": "single", "prompt": text, "explanation": text, "hints": [text, text],
             "references": ["guide2018", "unknown-key"],
             "options": [{"text": text, "correct": True, "feedback": text},
                         {"text": text, "feedback": text}]},
            {"id": "some", "type": "multiple", "prompt": text, "explanation": text, "hints": [text],
             "references": ["guide2018"],
             "options": [{"text": text, "correct": True, "feedback": text},
                         {"text": text + " 2", "correct": True, "feedback": text}]},
            {"id": "sort", "type": "classify", "prompt": text, "explanation": text, "hints": [text],
             "references": ["guide2018"], "categories": [text, text + " (other)"],
             "cases": [{"text": text, "category": text, "feedback": text},
                       {"text": text, "category": text + " (other)", "feedback": text}]},
        ]})


def hostile_vignette(text: str) -> Vignette:
    choice = {"label": text, "feedback": text, "score": 1}
    return Vignette.model_validate({
        "id": "hostile-vignette", "title": text, "summary": text, "content_note": text, "start": "first",
        "nodes": {"first": {"text": text, "choices": [{**choice, "next": "second"}, {**choice, "next": "bad"}]},
                  "second": {"text": text, "choices": [{**choice, "next": "good"}]}},
        "endings": {"good": {"outcome": "good", "title": text, "text": text},
                    "bad": {"outcome": "poor", "title": text, "text": text}},
        "learning_points": [text, text], "references": ["guide2018"], "facilitator_notes": text})


HOSTILE_CITATIONS = {"guide2018": "<script>alert(1)</script> Weissman et al. (2018)."}


class Collector(HTMLParser):
    """Every start tag with its attributes, and the text inside each script element."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.scripts: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        if tag == "script":
            self._in_script = True
            self.scripts.append("")

    handle_startendtag = handle_starttag

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_script = False

    def handle_data(self, data):
        if self._in_script:
            self.scripts[-1] += data


def collect(html: str) -> Collector:
    parser = Collector()
    parser.feed(html)
    parser.close()
    return parser


def assert_inert(html: str, item) -> None:
    page = collect(html)
    scripts = [attrs for tag, attrs in page.tags if tag == "script"]
    assert scripts == [{"type": "application/json", "class": "ipt-data"}], "only the JSON data script"
    for tag, attrs in page.tags:
        if tag == "script" and attrs == {"type": "application/json", "class": "ipt-data"}:
            continue
        assert tag not in FORBIDDEN_TAGS, f"<{tag}> reached the page"
        for name, value in attrs.items():
            assert not name.lower().startswith("on"), f"event handler {name}={value!r} on <{tag}>"
            assert name.lower() not in {"src", "srcdoc", "style", "formaction"}, f"{name} on <{tag}>"
            if name.lower() in {"href", "action", "xlink:href"}:
                scheme = urlsplit((value or "").strip()).scheme.lower()
                assert scheme in SAFE_SCHEMES, f"unsafe link {value!r}"
    [data] = page.scripts
    assert "<" not in data and ">" not in data
    assert json.loads(data) == item_data(item)


# --- hostile content -----------------------------------------------------------------------------

@pytest.mark.parametrize("payload", [ALL, *PAYLOADS], ids=["all", *[f"p{i}" for i in range(len(PAYLOADS))]])
def test_hostile_quiz_text_never_becomes_markup(payload):
    quiz = hostile_quiz(payload)
    assert_inert(render(quiz, HOSTILE_CITATIONS), quiz)


@pytest.mark.parametrize("payload", [ALL, *PAYLOADS], ids=["all", *[f"p{i}" for i in range(len(PAYLOADS))]])
def test_hostile_vignette_text_never_becomes_markup(payload):
    vignette = hostile_vignette(payload)
    assert_inert(render(vignette, HOSTILE_CITATIONS), vignette)


def test_hostile_text_is_shown_as_text_not_dropped():
    quiz, vignette = hostile_quiz(ALL), hostile_vignette(ALL)
    quiz_page = BeautifulSoup(render(quiz, HOSTILE_CITATIONS), "html.parser")
    assert quiz_page.select_one(".ipt-title").get_text() == ALL
    assert "<script>alert(1)</script>" in quiz_page.select_one(".ipt-prompt").get_text()
    assert quiz_page.select_one("select option[value='0']").get_text() == ALL
    assert quiz_page.select_one("[data-ref=guide2018]").get_text() == HOSTILE_CITATIONS["guide2018"]
    vignette_page = BeautifulSoup(render(vignette, HOSTILE_CITATIONS), "html.parser")
    assert vignette_page.select_one(".ipt-title").get_text() == "Case: " + ALL
    assert "<img src=x onerror=alert(1)>" in vignette_page.select_one(".ipt-narrative").get_text()


def test_json_data_keeps_hostile_titles_exactly():
    quiz = hostile_quiz(ALL)
    page = BeautifulSoup(render(quiz, {}), "html.parser")
    assert json.loads(page.select_one("script.ipt-data").string)["title"] == ALL


# --- determinism ---------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def real_course() -> Course:
    return the_real_course()


def all_items(course, real_course):
    return [*course.items.values(), *real_course.items.values()]


def test_render_is_deterministic(course):
    for item in course.items.values():
        again = type(item).model_validate(item.model_dump())
        assert render(item, course.citations) == render(item, course.citations) == render(again, course.citations)


def test_ids_come_from_content_ids_and_are_unique_across_items(course, real_course):
    seen: set[str] = set()
    for item in all_items(course, real_course):
        ids = [attrs["id"] for _, attrs in collect(render(item, course.citations)).tags if "id" in attrs]
        assert ids and all(i.startswith(f"ipt-{item.id}-") for i in ids)
        assert len(ids) == len(set(ids)), "ids are unique within an item"
        assert not seen & set(ids), "two items on one page do not share ids"
        seen |= set(ids)


def test_in_page_links_point_to_existing_ids(course):
    page = BeautifulSoup(render(course["sample-vignette"], course.citations), "html.parser")
    links = [a["href"] for a in page.select("a[href^='#']")]
    assert links
    for href in links:
        assert page.find(id=href[1:]) is not None, href


# --- DOM contract --------------------------------------------------------------------------------

def root_of(html: str):
    page = BeautifulSoup(html, "html.parser")
    roots = page.find_all(recursive=False)
    assert len(roots) == 1, "one root element"
    return roots[0]


def accessible_name(page, control) -> str:
    label = control.find_parent("label")
    if label is None and control.get("id"):
        label = page.find("label", attrs={"for": control["id"]})
    return label.get_text(" ", strip=True) if label is not None else ""


def test_dom_contract_of_every_item(course, real_course):
    for item in all_items(course, real_course):
        html = render(item, course.citations)
        root = root_of(html)
        assert root.name == "section"
        assert f"ipt-{item.kind}" in root["class"]
        assert root["data-item-id"] == item.id
        assert root.find(attrs={"aria-live": True}) is not None
        for control in root.find_all(["input", "select"]):
            assert accessible_name(root, control), f"{item.id}: unlabelled {control}"
        for button in root.find_all("button"):
            assert button.get_text(strip=True), f"{item.id}: button without text"
            assert button.get("type") == "button"
        labelled_by = root.get("aria-labelledby")
        assert labelled_by and root.find(id=labelled_by).get_text(strip=True)


def test_quiz_structure_matches_its_questions(course):
    quiz = course["sample-quiz"]
    root = root_of(render(quiz, course.citations))
    questions = root.select("li.ipt-question")
    assert [q["data-question-id"] for q in questions] == ["pick-one", "pick-some", "sort-them"]
    assert [q["data-type"] for q in questions] == ["single", "multiple", "classify"]
    assert [i["type"] for i in questions[0].select("input")] == ["radio"] * 3
    assert [i["type"] for i in questions[1].select("input")] == ["checkbox"] * 3
    assert len(questions[2].select("select")) == 2
    assert [o.get_text() for o in questions[2].select("select")[0].select("option")][1:] == ["Grief", "Role transition"]
    assert questions[0].select_one(".ipt-prompt strong").get_text() == "new mother", "markdown in prompts"
    assert [h.get_text() for h in questions[0].select(".ipt-hints li")] == [
        "Think about what changed in her life.", "Is there a death or an open conflict?"]


def test_vignette_lists_every_scene_start_first_and_every_ending(course):
    v = course["sample-vignette"]
    root = root_of(render(v, course.citations))
    assert [n["data-node-id"] for n in root.select(".ipt-node")] == ["first", "second", "pushback"]
    assert [e["data-ending-id"] for e in root.select(".ipt-ending")] == ["agreed", "drift", "dropout"]
    assert [e["data-outcome"] for e in root.select(".ipt-ending")] == ["good", "mixed", "poor"]
    first_choice = root.select_one(".ipt-node[data-node-id=first] li[data-choice='0']")
    assert "Score 2. Leads to Scene 2." in first_choice.get_text()


@pytest.mark.parametrize("level", [2, 3, 4, 5])
def test_heading_level_follows_the_argument(course, level):
    quiz_root = root_of(render(course["sample-quiz"], course.citations, heading_level=level))
    assert quiz_root.select_one(".ipt-title").name == f"h{level}"
    vig_root = root_of(render(course["sample-vignette"], course.citations, heading_level=level))
    assert vig_root.select_one(".ipt-title").name == f"h{level}"
    assert {h.name for h in vig_root.select(".ipt-scene")} == {f"h{level + 1}"}
    assert {e.find(f"h{level + 1}") is not None for e in vig_root.select(".ipt-ending")} == {True}


@pytest.mark.parametrize("asked, used", [(1, 2), (0, 2), (6, 5), (9, 5)])
def test_heading_level_is_kept_between_2_and_5(course, asked, used):
    root = root_of(render(course["sample-quiz"], course.citations, heading_level=asked))
    assert root.select_one(".ipt-title").name == f"h{used}"


def test_default_heading_level_is_3(course):
    assert root_of(render(course["sample-quiz"], course.citations)).select_one(".ipt-title").name == "h3"


def test_citation_key_renders_as_its_short_citation(course):
    root = root_of(render(course["sample-quiz"], course.citations))
    some = root.select_one("li[data-question-id=pick-some] .ipt-sources")
    assert [li.get_text() for li in some.select("li")] == [
        "Weissman et al. (2018). The Guide to Interpersonal Psychotherapy.",
        "O'Hara et al. (2000). Efficacy of interpersonal psychotherapy for postpartum depression."]
    assert [li["data-ref"] for li in some.select("li")] == ["guide2018", "trial2000"]


def test_citation_key_without_bibliography_entry_falls_back_to_the_key(course):
    root = root_of(render(course["sample-vignette"], {}))
    assert root.select_one(".ipt-sources li").get_text() == "guide2018"


# --- the runtime data ----------------------------------------------------------------------------

def test_item_data_holds_answers_and_graph_but_no_texts(course):
    quiz, vignette = course["sample-quiz"], course["sample-vignette"]
    assert item_data(quiz) == {
        "id": "sample-quiz", "kind": "quiz", "title": "Sample quiz", "questions": [
            {"id": "pick-one", "type": "single", "answer": [1], "hints": 2, "shuffle": True},
            {"id": "pick-some", "type": "multiple", "answer": [0, 1], "hints": 0, "shuffle": True},
            {"id": "sort-them", "type": "classify", "answer": [0, 1], "hints": 0}]}
    data = item_data(vignette)
    assert data["best"] == best_score(vignette) == 4
    assert data["start"] == "first"
    assert data["nodes"]["first"] == [{"next": "second", "score": 2}, {"next": "pushback", "score": 0}]
    assert data["endings"] == {"agreed": "good", "drift": "mixed", "dropout": "poor"}
    assert "Premature." not in json.dumps(data)


def test_embedded_json_equals_item_data(course, real_course):
    for item in all_items(course, real_course):
        page = BeautifulSoup(render(item, course.citations), "html.parser")
        assert json.loads(page.select_one("script.ipt-data").string) == item_data(item)


def test_a_question_that_asks_for_certainty_carries_the_choice_hidden_until_the_runtime_shows_it(course):
    quiz = course["sample-quiz"]
    asks = quiz.model_copy(update={"questions": [quiz.questions[0].model_copy(update={"confidence": True}),
                                                 *quiz.questions[1:]]})
    root = root_of(render(asks, course.citations))
    sure = root.select_one('li[data-question-id="pick-one"] fieldset.ipt-sure')
    assert sure.has_attr("hidden") and sure.select_one("legend").get_text() == "How sure are you?"
    assert [i["value"] for i in sure.select("input")] == ["1", "2", "3"]
    assert "high 3 if right, −6 if wrong" in sure.get_text()
    assert root.select_one('li[data-question-id="pick-some"] .ipt-sure') is None
    data = json.loads(root.select_one("script.ipt-data").get_text())
    assert [q.get("sure", False) for q in data["questions"]] == [True, False, False]


def test_a_written_exercise_reads_without_javascript_and_its_data_holds_no_text(real_course):
    item = real_course["initial-phase-contract"]
    root = root_of(render(item, real_course.citations))
    assert root.name == "section" and root["data-item-id"] == item.id
    assert root.select_one(".ipt-write").has_attr("hidden")          # the box to write in needs the runtime
    textarea = root.select_one("textarea")
    assert root.select_one(f'label[for="{textarea["id"]}"]').get_text() == "Your answer"
    assert int(textarea["maxlength"]) >= 2000
    assert len(root.select(".ipt-checklist input[type=checkbox]")) == len(item.checklist)
    assert root.select_one("details.ipt-model > summary").get_text() == "Model answer and checklist"
    data = json.loads(root.select_one("script.ipt-data").get_text())
    assert data == {"id": item.id, "kind": "written", "title": item.title, "points": len(item.checklist)}
