"""`python -m ipt_course`: check content, write templates, notebooks and schemas, summarise workshop logs,
print the book as one PDF."""
from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

from .course import Course
from .model import SLUG_PATTERN
from .problems import ContentError
from .session_log import read_logs
from .tally import summarise, summary_markdown


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m ipt_course", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    check = sub.add_parser("check", help="check quizzes and vignettes; print path:line: message per problem")
    check.add_argument("paths", nargs="*", type=Path, help="files or folders (default: content/)")
    check.add_argument("--root", type=Path, default=Path("."), help="the course folder (holds book/references.bib)")
    notebook = sub.add_parser("notebook", help="write and run the workshop notebook of a vignette")
    notebook.add_argument("vignette_id")
    notebook.add_argument("--root", type=Path, default=Path("."), help="the course folder")
    new = sub.add_parser("new", help="write a commented template of a quiz or a vignette that passes check")
    new.add_argument("kind", choices=["quiz", "vignette"])
    new.add_argument("name", help="the new item's id, e.g. grief-quiz")
    new.add_argument("--dir", type=Path, default=Path("content"), help="the content folder (default: content)")
    schema = sub.add_parser("schema", help="write the content files' JSON Schemas into content/schema/")
    schema.add_argument("--root", type=Path, default=Path("."), help="the course folder")
    summary = sub.add_parser("summary", help="what the room chose, from workshop session logs")
    summary.add_argument("logs", nargs="+", type=Path, help="session-*.jsonl files")
    pdf = sub.add_parser("pdf", help="print the single-page build (_build/singlehtml) as one PDF of the book "
                                     "with Chromium: `make pdf` builds it first")
    pdf.add_argument("--root", type=Path, default=Path("."), help="the course folder (holds _toc.yml)")
    pdf.add_argument("--build", type=Path, default=Path("_build"),
                     help="the build folder: reads singlehtml/ there, writes ipt-course-book.pdf there")
    args = parser.parse_args(argv)
    if args.command == "notebook":
        return _notebook(args.root, args.vignette_id)
    if args.command == "new":
        return _new(args.kind, args.name, args.dir)
    if args.command == "summary":
        return _summary(args.logs)
    if args.command == "pdf":
        return _pdf(args.root, args.build)
    if args.command == "schema":
        from .schema import write_schemas

        for path in write_schemas(args.root):
            print(f"wrote {path}")
        return 0
    missing = [p for p in args.paths if not p.exists()]
    if missing:
        for path in missing:
            print(f"{path}:1: no such file or folder", file=sys.stderr)
        return 1
    try:
        course = Course.load(args.root, args.paths or None)
    except ContentError as err:
        for problem in err.problems:
            print(problem, file=sys.stderr)
        print(f"{len(err.problems)} problem(s) found", file=sys.stderr)
        return 1
    print(f"ok: {len(course.items)} quizzes and vignettes, {len(course.inventories)} inventories checked")
    for warning in course.warnings():  # advice, not a failure
        print(warning)
    return 0


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
    path = folder / ("quizzes" if kind == "quiz" else "vignettes") / f"{name}.yml"
    if path.exists():
        print(f"{path}:1: already exists; choose another name or edit that file", file=sys.stderr)
        return 1
    template = (Path(__file__).parent / "templates" / f"new-{kind}.yml").read_text(encoding="utf-8")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(template.replace("__ID__", name).replace("__TITLE__", name.replace("-", " ").capitalize()),
                    encoding="utf-8")
    print(f"wrote {path}; edit it, then run `make check`")
    return 0


def _summary(logs: list[Path]) -> int:
    events, problems = read_logs(logs)
    for problem in problems:
        print(problem, file=sys.stderr)
    print(summary_markdown(summarise(events)))
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
