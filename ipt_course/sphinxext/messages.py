"""The interface's language: the book's `language` chooses the catalogue (`i18n.py`) that the extension's
HTML and the browser runtime read; a catalogue that translates anything reaches the runtime as
`_static/ipt-messages.js`, loaded before the runtime on every page."""
from __future__ import annotations

import hashlib
from pathlib import Path
from typing import NamedTuple
from weakref import WeakKeyDictionary

from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.errors import ConfigError

from .. import i18n
from .state import swap

SCRIPT = "ipt-messages.js"


class _Language(NamedTuple):
    changed: bool   # the catalogue differs from the last build's: every page is rewritten
    script: bool    # the runtime has a catalogue to load


_LANGUAGE: WeakKeyDictionary[Sphinx, _Language] = WeakKeyDictionary()


def use_language(app: Sphinx) -> None:
    """Read the book's catalogue once, at the start of the build, and write the runtime's copy (or remove a
    stale one: the English source needs none)."""
    dirs = [Path(app.srcdir) / d for d in app.config.locale_dirs]
    try:
        catalog = i18n.use(app.config.language, dirs)
    except (i18n.MissingCatalogue, ValueError) as error:
        raise ConfigError(str(error)) from error
    source = i18n.catalogue_path(app.config.language, dirs)   # all of it: the pages hold more than the runtime's share
    digest = hashlib.sha256(app.config.language.encode() + (source.read_bytes() if source else b"")).hexdigest()
    script, path = i18n.runtime_script(catalog), Path(app.outdir) / "_static" / SCRIPT
    _LANGUAGE[app] = _Language(swap(app.env, "messages", digest) not in (None, digest), script is not None)
    if script is None:
        path.unlink(missing_ok=True)
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(script, encoding="utf-8")


def outdated_by_messages(app: Sphinx, env: BuildEnvironment, added: set[str], changed: set[str],
                         removed: set[str]) -> set[str]:
    """Every page's interface text comes from the catalogue: an edited translation rewrites them all."""
    return set(env.found_docs) if _LANGUAGE[app].changed else set()


def add_messages(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    if _LANGUAGE[app].script:
        app.add_js_file(SCRIPT, loading_method="defer", priority=400)   # before the runtime (500)
