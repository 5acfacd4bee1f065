"""Read content YAML into validated models, keeping the line of every field for error messages.

The kind of an item follows from its folder: `quizzes/`, `vignettes/`, `written/` or `inventories/`.
Every failure becomes a `Problem` naming the file, the line, what is wrong and how to fix it.
"""
from __future__ import annotations

import difflib
import re
import types
import typing
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.reader import ReaderError

from .model import Content, Inventory, Quiz, Vignette, Written
from .problems import Problem

KINDS: dict[str, type[Content]] = {"quizzes": Quiz, "vignettes": Vignette, "written": Written,
                                   "inventories": Inventory}

Loc = tuple[str | int, ...]


@dataclass(frozen=True)
class Source:
    """Where an item came from: its file and the line of each field (by path of keys)."""

    path: Path
    lines: dict[Loc, int]

    def line(self, *loc: str | int) -> int:
        """The line of the deepest part of `loc` that exists in the file."""
        while loc and loc not in self.lines:
            loc = loc[:-1]
        return self.lines.get(loc, 1)


def content_files(paths: list[Path]) -> list[Path]:
    """All YAML files under the given files or folders, in a stable order."""
    found: set[Path] = set()
    for path in paths:
        if path.is_dir():
            found.update(p for p in path.rglob("*") if p.suffix in (".yml", ".yaml"))
        else:
            found.add(path)
    return sorted(found)


def kind_of(path: Path) -> type[Content] | None:
    return next((KINDS[part] for part in reversed(path.parent.parts) if part in KINDS), None)


def load_file(path: Path) -> tuple[Content, Source] | list[Problem]:
    """One content file: the validated item and its source, or the problems that stop it."""
    model = kind_of(path)
    if model is None:
        return [Problem(path, 1, "content files belong in a 'quizzes/', 'vignettes/' or 'inventories/' folder; "
                                 "move the file there")]
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as err:
        return [Problem(path, 1, f"cannot read the file ({err}); save it as UTF-8 text")]
    parsed = parse_yaml(text, path, _example(model))
    if isinstance(parsed, list):
        return parsed
    data, source = parsed
    try:
        return model.model_validate(data), source
    except ValidationError as err:
        errors = _one_per_typo(model, err.errors())
        return [Problem(path, source.line(*data_loc(data, e["loc"])), pydantic_message(model, data, e))
                for e in errors]


def _one_per_typo(model: type[BaseModel], errors: list[ErrorDetails]) -> list[ErrorDetails]:
    """A misspelt required field is one mistake: its 'unknown field … did you mean' stays, and the
    'missing required field' for the name it suggests goes."""
    suggested = {(e["loc"][:-1], close) for e in errors if e["type"] == "extra_forbidden"
                 for close in difflib.get_close_matches(str(e["loc"][-1]), _fields_at(model, e["loc"][:-1]), n=1)}
    return [e for e in errors if not (e["type"] == "missing" and (e["loc"][:-1], e["loc"][-1]) in suggested)]


def parse_yaml(text: str, path: Path, fields: str) -> tuple[Any, Source] | list[Problem]:
    """YAML text as plain data with the line of every key and item, or the one problem that stops
    it; `fields` names the top-level fields a file of this kind has, for the message."""
    try:
        doc = YAML(typ="rt").load(text)
    except MarkedYAMLError as err:
        # At the end of the file the problem's mark is useless; the construct began at the context's.
        at_end = "end of stream" in (err.problem or "")
        mark = (err.context_mark if at_end else err.problem_mark) or err.problem_mark or err.context_mark
        line = mark.line + 1 if mark else 1
        return [Problem(path, line, f"YAML syntax error: {_yaml_sentence(err, text, line)}")]
    except ReaderError as err:  # a control character: no mark, but a position in the text
        line = text.count("\n", 0, err.position) + 1 if isinstance(err.position, int) else 1
        return [Problem(path, line, f"the file holds a character YAML does not allow ({err.reason}, "
                                    f"#x{err.character if isinstance(err.character, int) else 0:04x}); delete it")]
    except YAMLError as err:
        return [Problem(path, 1, f"YAML error: {err}")]
    if not isinstance(doc, CommentedMap):
        return [Problem(path, 1, f"the file must be a mapping of fields ({fields}), "
                                 "not a list, a single value or nothing")]
    lines: dict[Loc, int] = {(): 1}
    data = _plain(doc, (), lines)
    return data, Source(path, lines)


# The parser's own words, and what an author would rather read: what is wrong and what to do.
_YAML_PROBLEMS = [
    ("found character '\\t'", "a tab character; YAML indents with spaces only, so replace the tab with spaces"),
    ("mapping values are not allowed", "a ': ' inside a value, or a line indented too far; put the value in quotes, "
                                       "or line the line up with the field above it"),
    ("quoted scalar", "a quotation mark opens text that is never closed; add the closing quote"),
    ("expected <block end>", "this line is indented differently from the others at its level; line it up with them"),
    ("could not find expected ':'", "this line is neither `field: value` nor an item of a list; check it and the "
                                    "line above (text that goes on to a new line is indented under its field)"),
]


def _yaml_sentence(err: MarkedYAMLError, text: str, line: int) -> str:
    """A YAML syntax error in plain words, with its fix."""
    what = " ".join(filter(None, [err.context, err.problem]))
    rows = text.splitlines()
    row = rows[line - 1] if 0 < line <= len(rows) else ""
    duplicate = re.search(r'found duplicate key "(.+?)"', what)
    if duplicate:
        key, indent = duplicate[1], len(row) - len(row.lstrip())
        first = next((n for n, earlier in enumerate(rows[:line - 1], 1)
                      if earlier.startswith(" " * indent + f"{key}:")), None)
        also = f" (first at line {first})" if first else ""
        return f"duplicate key '{key}': the same field appears twice here{also}; keep one of them"
    if re.match(r"\s*(- )?[\w-]+:\s*[\[{]", row):   # a value opening with '[' or '{' that is text
        return "a value starting with '[' or '{' is read as a list or a mapping; put the whole value in quotes"
    for words, sentence in _YAML_PROBLEMS:
        if words in what:
            return sentence
    return f"{what or 'invalid YAML'}; check the indentation and put text containing ': ' or '#' in quotes"


def _plain(node: Any, loc: Loc, lines: dict[Loc, int]) -> Any:
    """ruamel's round-trip objects as plain Python values, recording each key's and item's line."""
    if isinstance(node, CommentedMap):
        out = {}
        for key, value in node.items():
            try:
                lines[loc + (key,)] = node.lc.key(key)[0] + 1
            except KeyError:  # a key merged in with '<<:' has no line of its own
                lines[loc + (key,)] = lines[loc]
            out[key] = _plain(value, loc + (key,), lines)
        return out
    if isinstance(node, CommentedSeq):
        out_list = []
        for index, value in enumerate(node):
            lines[loc + (index,)] = node.lc.item(index)[0] + 1
            out_list.append(_plain(value, loc + (index,), lines))
        return out_list
    for plain in (bool, int, float, str):
        if isinstance(node, plain):
            return plain(node)
    return node


def data_loc(data: Any, loc: tuple) -> Loc:
    """Pydantic's error location as a path in the data: union tags dropped, a missing field kept."""
    path: list[str | int] = []
    for index, part in enumerate(loc):
        if _has(data, part):
            data = data[part]
            path.append(part)
        elif index == len(loc) - 1:
            path.append(part)  # a field that is missing: keep it to name it
    return tuple(path)


def _has(container: Any, part: str | int) -> bool:
    if isinstance(container, dict):
        return part in container
    return isinstance(container, list) and isinstance(part, int) and 0 <= part < len(container)


def place(data: Any, loc: Loc) -> str:
    """A location for people: list positions as '#n' (from 1), mapping keys as written."""
    parts = []
    for part in loc:
        parts.append(f"#{part + 1}" if isinstance(data, list) and isinstance(part, int) else str(part))
        data = data[part] if _has(data, part) else None
    return " › ".join(parts) if parts else "top level"


def _example(model: type[BaseModel]) -> str:
    return ", ".join(f"{name}:" for name, f in model.model_fields.items() if f.is_required())


def pydantic_message(model: type[BaseModel], data: Any, error: ErrorDetails) -> str:
    loc = data_loc(data, error["loc"])
    kind, ctx, value = error["type"], error.get("ctx", {}), error.get("input")
    name = loc[-1] if loc else ""
    where = place(data, loc)
    if kind == "missing":
        return f"{place(data, loc[:-1])}: missing required field '{name}'; add `{name}: …`"
    if kind == "extra_forbidden":
        allowed = _fields_at(model, error["loc"][:-1])
        close = difflib.get_close_matches(str(name), allowed, n=1)
        hint = f"did you mean '{close[0]}'? " if close else ""
        return f"{place(data, loc[:-1])}: unknown field '{name}'; {hint}allowed here: {', '.join(allowed)}"
    if kind == "string_pattern_mismatch":
        return (f"{where}: '{value}' is not a valid id; use lowercase letters, digits and single "
                "hyphens, e.g. 'new-mother'")
    if kind == "string_too_short":
        return f"{where}: must not be empty; write the text"
    if kind == "too_short":
        return f"{where}: needs at least {ctx.get('min_length')} entries, has {ctx.get('actual_length')}"
    if kind == "literal_error":
        return f"{where}: '{value}' is not allowed; use one of {ctx.get('expected')}"
    if kind == "union_tag_invalid":
        return f"{where}: type '{ctx.get('tag')}' is not known; use one of {ctx.get('expected_tags')}"
    if kind == "union_tag_not_found":
        return f"{where}: missing 'type'; add `type: single`, `type: multiple` or `type: classify`"
    if kind in ("greater_than_equal", "less_than_equal"):
        return f"{where}: {value} is out of range; use a whole number from 0 to 10"
    expected = _EXPECTED.get(kind)
    if expected:
        return f"{where}: should be {expected}, not {_describe(value)}"
    return f"{where}: {error['msg']}"


_EXPECTED = {
    "string_type": "text (put it in quotes)",
    "bool_type": "true or false",
    "int_type": "a whole number",
    "list_type": "a list (one entry per line, each starting with '- ')",
    "dict_type": "a mapping of fields (`name: value` lines)",
    "model_type": "a mapping of fields (`name: value` lines)",
    "model_attributes_type": "a mapping of fields (`name: value` lines)",
}


def _describe(value: Any) -> str:
    if value is None:
        return "nothing (the value is empty)"
    names = {bool: "true/false", int: "a number", float: "a number", str: "text", list: "a list",
             dict: "a mapping"}
    return f"{names.get(type(value), type(value).__name__)} {value!r}" if not isinstance(value, (list, dict)) \
        else names[type(value)]


def _fields_at(model: type[BaseModel], loc: tuple) -> list[str]:
    """The field names allowed at a pydantic error location, for 'did you mean' hints."""
    tp: Any = model
    for part in loc:
        tp = _unwrap(tp)
        if isinstance(tp, type) and issubclass(tp, BaseModel):
            tp = tp.model_fields[part].annotation if part in tp.model_fields else None
        elif typing.get_origin(tp) is list:
            tp = typing.get_args(tp)[0]
        elif typing.get_origin(tp) is dict:
            tp = typing.get_args(tp)[1]
        elif typing.get_origin(tp) in (typing.Union, types.UnionType):
            tp = next((m for m in typing.get_args(tp)
                       if m.model_fields["type"].annotation == typing.Literal[part]), None)
        if tp is None:
            return []
    tp = _unwrap(tp)
    return list(tp.model_fields) if isinstance(tp, type) and issubclass(tp, BaseModel) else []


def _unwrap(tp: Any) -> Any:
    while typing.get_origin(tp) is typing.Annotated:
        tp = typing.get_args(tp)[0]
    return tp
