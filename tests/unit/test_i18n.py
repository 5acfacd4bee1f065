"""The interface's message catalogue (issue 18): the committed template holds every message in the code, a
translation reaches Python and the runtime, and a broken translation is named at its line, not shown."""
from __future__ import annotations

from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po

from ipt_course import i18n
from ipt_course.engine import CERTAINTY
from ipt_course.render import render
from tests.conftest import ROOT, real_course


@pytest.fixture
def english():
    yield
    i18n.use("en")   # whatever a test chose, the next one starts in English


def ids(catalog: Catalog) -> set:
    return {m.id if isinstance(m.id, str) else tuple(m.id) for m in catalog if m.id}


def test_the_committed_catalogues_hold_every_message_in_the_code():
    template = read_po(i18n.TEMPLATE.open("rb"))
    english = read_po((i18n.LOCALES / "en/LC_MESSAGES/ipt_course.po").open("rb"))
    code = ids(i18n.extract())
    assert ids(template) == code, "run `make messages` and commit ipt_course/locale"
    assert ids(english) == code
    assert len(code) > 300   # the runtime, the extension, the item markup and the widgets


def test_messages_inside_f_strings_and_plurals_are_found():
    found = ids(i18n.extract())
    assert "Check answer" in found                                   # inside an f-string in render.py
    assert ("Download the whole course as one PDF ({n} page, {size} MB)",
            "Download the whole course as one PDF ({n} pages, {size} MB)") in found   # both forms of a plural


def write_po(folder: Path, language: str, messages: dict, plural: str = "nplurals=2; plural=(n != 1);") -> Path:
    path = folder / language / "LC_MESSAGES" / "ipt_course.po"
    path.parent.mkdir(parents=True)
    body = "".join(f'msgid "{k}"\nmsgstr "{v}"\n\n' for k, v in messages.items())
    path.write_text(f'msgid ""\nmsgstr ""\n"Language: {language}\\n"\n"Plural-Forms: {plural}\\n"\n'
                    f'"Content-Type: text/plain; charset=utf-8\\n"\n\n{body}', encoding="utf-8")
    return path


def test_a_translation_reaches_the_item_markup_and_the_runtime(tmp_path, english):
    write_po(tmp_path, "de", {"Check answer": "Antwort prüfen", "Question {n} of {total}": "Frage {n} von {total}"})
    catalog = i18n.use("de", [tmp_path])
    quiz = next(i for i in real_course().items.values() if i.kind == "quiz")
    html = render(quiz, {})
    assert "Antwort prüfen" in html and "Frage 1 von " in html and "Check answer" not in html
    assert "Choose one answer." in html or "Choose all answers that apply." in html   # untranslated: English
    script = i18n.runtime_script(catalog)
    assert script and '"Check answer":"Antwort prüfen"' in script and "plural:n=>+((n != 1))" in script


def test_english_needs_no_runtime_catalogue(english):
    assert i18n.runtime_script(i18n.use("en")) is None
    assert i18n._(CERTAINTY[1]) == "Low"


def test_a_language_without_a_catalogue_is_named_with_where_it_goes(tmp_path):
    with pytest.raises(i18n.MissingCatalogue, match=r"locales/xx/LC_MESSAGES/ipt_course.po"):
        i18n.read_catalogue("xx", [tmp_path])


def test_a_translation_with_a_placeholder_of_its_own_is_refused_at_its_line(tmp_path):
    path = write_po(tmp_path, "de", {"Question {n} of {total}": "Frage {n} von {gesamt}"})
    with pytest.raises(ValueError, match=rf"{path}:\d+: .*\{{gesamt\}}.*keep each"):
        i18n.read_catalogue("de", [tmp_path])


def test_a_plural_rule_that_is_not_arithmetic_never_reaches_the_runtime(tmp_path, english):
    write_po(tmp_path, "de", {"Check answer": "Antwort prüfen"}, plural="nplurals=2; plural=alert(1);")
    with pytest.raises(ValueError, match="Plural-Forms"):
        i18n.runtime_script(i18n.read_catalogue("de", [tmp_path]))


def test_the_pseudo_locale_marks_every_message_and_keeps_placeholders_and_markup():
    assert i18n.pseudo("Score {score}. Leads to {scene}.") == "⟦Šçóŕé {score}. Léádš tó {scene}.⟧"
    assert i18n.pseudo("<strong>Hint:</strong> x &amp; y") == "⟦<strong>Hîñt:</strong> x &amp; ý⟧"


def test_the_book_language_is_read_from_the_config(tmp_path):
    (tmp_path / "_config.yml").write_text("sphinx:\n  config:\n    language: mi\n", encoding="utf-8")
    assert i18n.book_language(tmp_path) == ("mi", [tmp_path / "locales"])
    assert i18n.book_language(ROOT)[0] == "en"


def test_the_runtime_gets_only_the_messages_it_shows(tmp_path, english):
    path = tmp_path / "de" / "LC_MESSAGES" / "ipt_course.po"
    path.parent.mkdir(parents=True)
    path.write_text('msgid ""\nmsgstr ""\n"Language: de\\n"\n"Content-Type: text/plain; charset=utf-8\\n"\n\n'
                    '#: ipt_course/render.py:90\nmsgid "Check answer"\nmsgstr "Antwort prüfen"\n\n'
                    '#: ipt_course/runtime/questions.js:108\nmsgid "Correct."\nmsgstr "Richtig."\n', encoding="utf-8")
    script = i18n.runtime_script(i18n.use("de", [tmp_path]))
    assert script and '"Correct.":"Richtig."' in script and "Check answer" not in script   # that one is in the HTML
