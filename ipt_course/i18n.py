"""The interface's one message catalogue: every string the book's runtime, the Sphinx extension and the
Lab widgets show, in the language the book's `language` setting names.

A translation is a gettext `.po` file, `<locale dir>/<language>/LC_MESSAGES/ipt_course.po`, looked for in
the book's own `locales/` folder (Sphinx's `locale_dirs`) and then in this package. The same file serves
Python (`_`, `_n`, compiled in memory, so no `.mo` is committed) and the browser runtime, which receives it
as `_static/ipt-messages.js` (`runtime_script`). English, the language of the source, needs no
translation: its catalogue is the template's msgids. Messages use `{name}` placeholders, filled by
`.format` in Python and by `t(msg, vars)` in the runtime (`runtime/messages.js`), so a translation can move them.
`python -m ipt_course messages` regenerates the template from the sources; `--pseudo` writes the
pseudo-locale the tests build with, which proves that no interface string escapes the catalogue.
"""
from __future__ import annotations

import ast
import gettext
import io
import json
import re
from collections.abc import Callable, Collection, Iterable, Iterator
from pathlib import Path
from typing import IO

import yaml
from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

DOMAIN = "ipt_course"
PACKAGE = Path(__file__).resolve().parent
LOCALES = PACKAGE / "locale"
TEMPLATE = LOCALES / f"{DOMAIN}.pot"
SOURCE_LANGUAGE = "en"
PSEUDO = "qps"   # the pseudo-locale: not a language, a test

# Where messages are: Python calls `_`, `_n` and `N_`; the runtime calls `t` and `tn`; the vote page marks its
# texts as `{{t("…")}}` in its markup and `t("…")` in its inline script (the page is read as JavaScript).
KEYWORDS = {"_": None, "_n": (1, 2), "N_": None, "t": None, "tn": (1, 2)}


def extract_python(fileobj: IO[bytes], keywords: Collection[str], comment_tags: Collection[str],
                   options: dict) -> Iterator[tuple[int, str, str | tuple[str | None, ...] | None, list[str]]]:
    """Messages in Python, read from the syntax tree: unlike Babel's tokenizer on Python 3.11, this also finds
    `_("…")` inside f-strings. A `# Translators:` comment on the line just above a call goes to the translator."""
    source = fileobj.read().decode("utf-8")
    lines = source.splitlines()
    for node in ast.walk(ast.parse(source)):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in keywords):
            continue
        texts = tuple(a.value if isinstance(a, ast.Constant) and isinstance(a.value, str) else None for a in node.args)
        above = lines[node.lineno - 2].strip() if node.lineno > 1 else ""
        comments = [above.lstrip("# ")] if any(above.lstrip("# ").startswith(tag) for tag in comment_tags) else []
        yield node.lineno, node.func.id, texts if len(texts) > 1 else texts[0] if texts else None, comments


METHODS = [("**/runtime/**.js", "javascript"), ("**/templates/**.html", "javascript"),
           ("**.py", f"{__name__}:extract_python")]

_active: gettext.NullTranslations = gettext.NullTranslations()


def _(message: str) -> str:
    """`message` in the interface's language."""
    return _active.gettext(message)


def _n(singular: str, plural: str, n: int) -> str:
    """The form of a message for `n` things, in the interface's language."""
    return _active.ngettext(singular, plural, n)


def language() -> str:
    """The interface's language, as its catalogue names it (English when none is in use)."""
    return str(_active.info().get("language") or SOURCE_LANGUAGE)


def N_(message: str) -> str:
    """Mark a message for the catalogue where it is defined; translate it with `_` where it is shown."""
    return message


class MissingCatalogue(LookupError):
    """The book asks for a language no locale folder has a catalogue for."""


def catalogue_path(language: str, dirs: Iterable[Path] = ()) -> Path | None:
    """The first `<dir>/<language>/LC_MESSAGES/ipt_course.po` of the book's folders, then the package's."""
    for folder in [*dirs, LOCALES]:
        path = Path(folder) / language / "LC_MESSAGES" / f"{DOMAIN}.po"
        if path.is_file():
            return path
    return None


def read_catalogue(language: str, dirs: Iterable[Path] = ()) -> Catalog:
    """The catalogue for `language`; English without one is the source itself, another language must have one."""
    path = catalogue_path(language, dirs)
    if path is None:
        if language.split("_")[0].split("-")[0] == SOURCE_LANGUAGE:
            return Catalog(locale=SOURCE_LANGUAGE)
        raise MissingCatalogue(
            f"no interface catalogue for language {language!r}: add locales/{language}/LC_MESSAGES/{DOMAIN}.po "
            f"(copy {TEMPLATE.relative_to(PACKAGE.parent)}; see the authoring guide), or set language: en")
    with path.open("rb") as stream:
        catalog = read_po(stream, locale=None if language == PSEUDO else language, abort_invalid=True)
    for message in catalog:
        unknown = _names(forms(message.string)) - _names(forms(message.id))
        if unknown:
            raise ValueError(f"{path}:{message.lineno}: the translation of {forms(message.id)[0]!r} uses "
                             f"{', '.join('{' + n + '}' for n in sorted(unknown))}, which the text does not have: "
                             "keep each {name} of the original as it is")
    return catalog


def use(language: str | None, dirs: Iterable[Path] = ()) -> Catalog:
    """Make `language` the interface's language for `_` and `_n`; returns its catalogue."""
    catalog = read_catalogue(language or SOURCE_LANGUAGE, dirs)
    compiled = io.BytesIO()
    write_mo(compiled, catalog)
    compiled.seek(0)
    global _active
    _active = gettext.GNUTranslations(compiled)
    return catalog


def forms(text: str | tuple | list | None) -> list[str]:
    """A message's id or translation as a list: its one text, or a plural's forms (Babel gives either)."""
    return list(text) if isinstance(text, tuple | list) else [text or ""]


_PLACEHOLDER = re.compile(r"\{(\w+)\}")


def _names(texts: Iterable[str]) -> set[str]:
    return {name for text in texts for name in _PLACEHOLDER.findall(text)}


def book_language(root: Path) -> tuple[str, list[Path]]:
    """The language a book's `_config.yml` sets (`sphinx: config: language:`) and its locale folders, for
    the Lab widgets, which read the same catalogue as the book built from that folder."""
    try:
        book = yaml.safe_load((Path(root) / "_config.yml").read_text(encoding="utf-8")) or {}
        config = book.get("sphinx", {}).get("config", {})
    except (OSError, yaml.YAMLError, AttributeError):
        config = {}
    dirs = config.get("locale_dirs", ["locales"])
    return str(config.get("language") or SOURCE_LANGUAGE), [Path(root) / d for d in dirs]


PLURAL = re.compile(r"[n0-9\s()?:<>=!&|%+\-*/]*")


def runtime_script(catalog: Catalog) -> str | None:
    """The runtime's messages of the catalogue (`window.iptMessages`), or None when it translates none of them.
    The plural rule is a C expression in `n` that is also JavaScript; anything else in it is refused."""
    messages: dict[str, str | list[str]] = {}
    located = any(m.locations for m in catalog)
    for message in catalog:
        if not message.id or not message.string:
            continue
        if located and not any("runtime/" in path for path, _line in message.locations):
            continue   # a text only the extension or the widgets show is already in the page, or never in it
        ids, strings = forms(message.id), forms(message.string)
        if all(strings) and strings != ids:   # English is its own catalogue: nothing to send
            messages[ids[0]] = strings if len(ids) > 1 else strings[0]
    if not messages:
        return None
    rule = catalog.plural_expr
    if not PLURAL.fullmatch(rule):
        raise ValueError(f"the catalogue's Plural-Forms rule {rule!r} is not a plain expression in n")
    body = json.dumps(messages, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return f"/* The interface's messages ({catalog.locale or PSEUDO}), from {DOMAIN}.po */\n" \
           f"window.iptMessages={{plural:n=>+({rule}),messages:{body}}};\n"


def extract() -> Catalog:
    """Every message in the package's sources, with where each is used, as the template."""
    catalog = Catalog(charset="utf-8", fuzzy=False)
    for filename, lineno, message, comments, _context in extract_from_dir(
            PACKAGE, METHODS, keywords=KEYWORDS, comment_tags=("Translators:",), strip_comment_tags=True,
            directory_filter=lambda path: "static" not in Path(path).parts):
        catalog.add(message, locations=[(f"ipt_course/{filename}", lineno)], auto_comments=comments)
    return catalog


_DATED = re.compile(rb'^"(POT-Creation-Date|PO-Revision-Date): .*$', re.M)


def write_catalogue(catalog: Catalog, path: Path) -> None:
    """Write a catalogue whole (never half), and leave it untouched when only its dates would change."""
    path.parent.mkdir(parents=True, exist_ok=True)
    catalog.project, catalog.copyright_holder = "IPT course", "The IPT course contributors"
    catalog.msgid_bugs_address = "the course's issue tracker"
    buffer = io.BytesIO()
    write_po(buffer, catalog, width=100, omit_header=False, sort_output=True)
    new = buffer.getvalue()
    if path.is_file() and _DATED.sub(b"", path.read_bytes()) == _DATED.sub(b"", new):
        return
    tmp = path.with_suffix(".tmp")
    tmp.write_bytes(new)
    tmp.replace(path)


def update_catalogues(locales: Path = LOCALES) -> dict[str, tuple[int, int]]:
    """Write the template from the sources, English as the template's own words, and every other catalogue
    merged with it (new messages untranslated, changed ones marked fuzzy for the translator); returns each
    language's messages and how many are translated."""
    template = extract()
    write_catalogue(template, locales / f"{DOMAIN}.pot")
    counts = {}
    english = locales / SOURCE_LANGUAGE / "LC_MESSAGES" / f"{DOMAIN}.po"
    for path in sorted({english, *locales.glob(f"*/LC_MESSAGES/{DOMAIN}.po")}):
        language = path.parents[1].name
        if language == SOURCE_LANGUAGE:
            catalog = translated(template, lambda text: text)
        else:
            with path.open("rb") as stream:
                catalog = read_po(stream, locale=language)
            catalog.update(template)
        write_catalogue(catalog, path)
        messages = [m for m in catalog if m.id]
        done = [m for m in messages if not m.fuzzy and all(forms(m.string))]
        counts[language] = (len(messages), len(done))
    return counts


def write_pseudo(locales: Path) -> Path:
    """The pseudo-locale's catalogue under `locales` (a book's `locales/`), for the test build."""
    path = locales / PSEUDO / "LC_MESSAGES" / f"{DOMAIN}.po"
    write_catalogue(translated(extract(), pseudo), path)
    return path


# The pseudo-locale: every letter swapped for an accented one and every message in ⟦ ⟧, placeholders and
# markup kept, so a reader (or a test) sees at once any interface text that did not pass through here.
_ACCENTED = str.maketrans("aceinorsuyACEINORSUY", "áçéîñóŕšúýÁÇÉÎÑÓŔŠÚÝ")
_KEEP = re.compile(r"(\{[^{}]*\}|<[^<>]*>|&\w+;)")


def pseudo(text: str) -> str:
    parts = _KEEP.split(text)
    return "⟦" + "".join(p if i % 2 else p.translate(_ACCENTED) for i, p in enumerate(parts)) + "⟧"


def translated(template: Catalog, translate: Callable[[str], str]) -> Catalog:
    """The template with each message (each form of a plural) given as `translate` writes it: English as it
    is, the pseudo-locale marked."""
    catalog = Catalog(locale=SOURCE_LANGUAGE, charset="utf-8", fuzzy=False)
    for m in template:
        if m.id:
            strings = [translate(text) for text in forms(m.id)]
            catalog.add(m.id, tuple(strings) if len(strings) > 1 else strings[0], locations=m.locations,
                        auto_comments=m.auto_comments)
    return catalog
