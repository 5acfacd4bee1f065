"""`python -m ipt_course`: check content, write templates, notebooks and schemas, summarise workshop logs,
print the book as one PDF, package it for a learning management system."""
from __future__ import annotations

import argparse
import re
import sys
from collections import Counter
from collections.abc import Callable
from pathlib import Path

from . import i18n
from .course import Course
from .i18n import _
from .model import SLUG_PATTERN
from .problems import ContentError

FOLDERS = {"quiz": "quizzes", "vignette": "vignettes", "written": "written"}
"""Where `new` writes each kind of item, under the content folder."""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m ipt_course", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    check = sub.add_parser("check", help="check the content (quizzes, vignettes, written exercises, inventories); "
                                         "print path:line: message per problem")
    check.add_argument("paths", nargs="*", type=Path, help="files or folders (default: content/)")
    check.add_argument("--root", type=Path, default=Path("."), help="the course folder (holds book/references.bib)")
    notebook = sub.add_parser("notebook", help="write and run the workshop notebook of a vignette")
    notebook.add_argument("vignette_id")
    notebook.add_argument("--root", type=Path, default=Path("."), help="the course folder")
    new = sub.add_parser("new", help="write a commented template of a quiz, a vignette or a written exercise "
                                     "that passes check")
    new.add_argument("kind", choices=list(FOLDERS))
    new.add_argument("name", help="the new item's id, e.g. grief-quiz")
    new.add_argument("--dir", type=Path, default=Path("content"), help="the content folder (default: content)")
    schema = sub.add_parser("schema", help="write the content files' JSON Schemas into content/schema/")
    schema.add_argument("--root", type=Path, default=Path("."), help="the course folder")
    summary = sub.add_parser("summary", help="the workshop debrief: what the room chose, per session, mode, "
                                             "item and step, beside the best option")
    summary.add_argument("logs", nargs="+", type=Path, help="session-YYYY-MM-DD.jsonl files (one per session)")
    summary.add_argument("--session", help="only this session: the date in its file name, e.g. 2026-11-30")
    summary.add_argument("--mode", choices=["solo", "group"], help="only this mode")
    summary.add_argument("--root", type=Path, default=Path("."),
                         help="the course folder, for the order of items and scenes and the best options")
    summary.add_argument("--html", type=Path, metavar="FILE",
                         help="write one printable HTML page (a new page per session) instead of the tables")
    pdf = sub.add_parser("pdf", help="print the single-page build (_build/singlehtml) as one PDF of the book "
                                     "with Chromium: `make pdf` builds it first")
    pdf.add_argument("--root", type=Path, default=Path("."), help="the course folder (holds _toc.yml)")
    pdf.add_argument("--build", type=Path, default=Path("_build"),
                     help="the build folder: reads singlehtml/ there, writes ipt-course-book.pdf there")
    scorm = sub.add_parser("scorm", help="zip the built book as a SCORM 1.2 package for a learning management "
                                         "system: `make scorm` (after `make book`)")
    scorm.add_argument("--book", type=Path, default=Path("_build/html"), help="the built book (default: _build/html)")
    scorm.add_argument("--out", type=Path, default=Path("_build/ipt-course-scorm.zip"), help="the package to write")
    messages = sub.add_parser("messages", help="after changing an interface text: rewrite the message template "
                                               "and the catalogues in ipt_course/locale (commit them)")
    messages.add_argument("--pseudo", type=Path, metavar="LOCALES",
                          help="instead, write the pseudo-locale (language: qps) into this locales folder, "
                               "for a test build")
    args = parser.parse_args(argv)
    if args.command == "messages":
        return _messages(args.pseudo)
    if args.command == "notebook":
        return _notebook(args.root, args.vignette_id)
    if args.command == "new":
        return _new(args.kind, args.name, args.dir)
    if args.command == "summary":
        return _summary(args.logs, args.session, args.mode, args.root, args.html)
    if args.command == "pdf":
        return _pdf(args.root, args.build)
    if args.command == "scorm":
        return _scorm(args.book, args.out)
    if args.command == "schema":
        from .schema import write_schemas

        for path in write_schemas(args.root):
            print(f"wrote {path}")
        return 0
    if _missing(args.paths, "no such file or folder"):
        return 1
    try:
        course = Course.load(args.root, args.paths or None)
    except ContentError as err:
        for problem in err.problems:
            print(problem, file=sys.stderr)
        print(f"{len(err.problems)} problem(s) found", file=sys.stderr)
        return 1
    kinds = Counter(item.kind for item in course.items.values())
    print(f"ok: {kinds['quiz']} quizzes, {kinds['vignette']} vignettes, {kinds['written']} written exercises and "
          f"{len(course.inventories)} inventories checked")
    for warning in course.warnings():  # advice, not a failure
        print(warning)
    return 0


def _missing(paths: list[Path], message: str, found: Callable[[Path], bool] = Path.exists) -> bool:
    """Report each path not `found` as `path:1: message`; whether any was missing."""
    missing = [path for path in paths if not found(path)]
    for path in missing:
        print(f"{path}:1: {message}", file=sys.stderr)
    return bool(missing)


def _notebook(root: Path, vignette_id: str) -> int:
    from .notebooks import write_notebook  # needs Jupyter; checking content does not

    try:
        course = Course.load(root)
    except ContentError as err:
        print(err, file=sys.stderr)
        return 1
    if course.items.get(vignette_id) is None or course.items[vignette_id].kind != "vignette":
        print(f"no vignette with id '{vignette_id}'; vignettes: "
              f"{', '.join(i for i, it in course.items.items() if it.kind == 'vignette')}", file=sys.stderr)
        return 1
    print(write_notebook(course, vignette_id, root / "notebooks"))
    return 0


def _new(kind: str, name: str, folder: Path) -> int:
    if not re.fullmatch(SLUG_PATTERN, name):
        print(f"'{name}' is not a valid id; use lowercase letters, digits and single hyphens, e.g. grief-quiz",
              file=sys.stderr)
        return 1
    path = folder / FOLDERS[kind] / f"{name}.yml"
    if path.exists():
        print(f"{path}:1: already exists; choose another name or edit that file", file=sys.stderr)
        return 1
    template = (Path(__file__).parent / "templates" / f"new-{kind}.yml").read_text(encoding="utf-8")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(template.replace("__ID__", name).replace("__TITLE__", name.replace("-", " ").capitalize()),
                    encoding="utf-8")
    print(f"wrote {path}; edit it, then run `make check`")
    return 0


def _summary(logs: list[Path], session: str | None, mode: str | None, root: Path, html: Path | None) -> int:
    from .debrief import MODE_NAMES, debrief, debrief_markdown, debrief_page, read_sessions, sessions_in

    if _missing(logs, "no such log file", Path.is_file):
        return 1
    logged, problems = read_sessions(logs)
    for problem in problems:
        print(problem, file=sys.stderr)
    found = sessions_in(logged)
    if session is not None and session not in found:
        print(f"no session {session} in these logs; sessions found: {', '.join(found) or 'none'}", file=sys.stderr)
        return 1
    course, content_problems = Course.read(root)
    if not course.items:
        print(f"{root}: no course content found there, so every item shows as no longer in the course; "
              f"give the course folder with --root", file=sys.stderr)
    elif content_problems:
        print(f"{len(content_problems)} problem(s) in the course content (`python -m ipt_course check` lists "
              f"them); items that did not load show as no longer in the course", file=sys.stderr)
    sessions = debrief(logged, course, session, mode)
    if html is None:
        nothing = f"Nothing in {mode} mode in {f'session {session} of ' if session else ''}these logs.\n"
        print(nothing if logged and not sessions else debrief_markdown(sessions), end="")
        return 0
    i18n.use(*i18n.book_language(root))   # the page a facilitator prints is in the book's language
    titles = {(True, True): _("Workshop debrief: {session}, {mode}"), (True, False): _("Workshop debrief: {session}"),
              (False, True): _("Workshop debrief, {mode}"), (False, False): _("Workshop debrief")}
    title = titles[bool(session), bool(mode)].format(session=session, mode=_(MODE_NAMES[mode]) if mode else "")
    html.parent.mkdir(parents=True, exist_ok=True)
    html.write_text(debrief_page(sessions, title), encoding="utf-8")
    print(f"wrote {html}: {len(sessions)} session(s), one printed page or more each; open it in a browser "
          f"and print it")
    return 0


def _pdf(root: Path, build: Path) -> int:
    from .chromium import CHROMIUM
    from .pdf import PDF_NAME, single_page, write_pdf  # needs Playwright; nothing else does

    page = single_page(root, build)
    if not page.is_file():
        print(f"{page}: no single-page build; `make pdf` builds it (jupyter-book build --builder singlehtml)",
              file=sys.stderr)
        return 1
    if not CHROMIUM.exists():
        print(f"{CHROMIUM} is missing: install Debian's Chromium (apt-get install chromium)", file=sys.stderr)
        return 1
    book = write_pdf(page, build / PDF_NAME)
    for problem in book.problems:
        print(problem, file=sys.stderr)
    if book.problems:
        print(f"{len(book.problems)} problem(s): no PDF written", file=sys.stderr)
        return 1
    print(f"wrote {book.path}: {book.pages} pages, {book.size / 1e6:.1f} MB (the home page, the contents and "
          f"{len(book.chapters)} pages of the book, with {len(book.keys)} answer keys and {book.figures} figures)")
    print(f"left out (they show what a reader's browser stored): {', '.join(book.left_out) or 'nothing'}")
    return 0


def _messages(pseudo_dir: Path | None) -> int:
    if pseudo_dir is not None:
        path = i18n.write_pseudo(pseudo_dir)
        print(f"wrote {path}: build with `language: {i18n.PSEUDO}` to see every interface text marked")
        return 0
    for language, (total, done) in i18n.update_catalogues().items():
        print(f"{language}: {done} of {total} messages translated")
    print(f"wrote {i18n.TEMPLATE}")
    return 0


def _scorm(book: Path, out: Path) -> int:
    from .scorm import write_package

    if not (book / "book" / "progress.html").is_file():
        print(f"No built book in {book}: run make book first", file=sys.stderr)
        return 1
    package = write_package(book, out)
    print(f"wrote {package.path}: {package.path.stat().st_size / 1e3:.0f} KB, {package.files} files, reporting "
          f"{package.items} items; upload it to the learning system as a SCORM 1.2 package")
    return 0
