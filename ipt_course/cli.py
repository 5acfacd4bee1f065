"""`python -m ipt_course check [PATH...]`: validate content without building the book."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .course import Course
from .problems import ContentError


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m ipt_course", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    check = sub.add_parser("check", help="check quizzes and vignettes; print path:line: message per problem")
    check.add_argument("paths", nargs="*", type=Path, help="files or folders (default: content/)")
    check.add_argument("--root", type=Path, default=Path("."), help="the course folder (holds book/references.bib)")
    notebook = sub.add_parser("notebook", help="write and run the workshop notebook of a vignette")
    notebook.add_argument("vignette_id")
    notebook.add_argument("--root", type=Path, default=Path("."), help="the course folder")
    args = parser.parse_args(argv)
    if args.command == "notebook":
        return _notebook(args.root, args.vignette_id)
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
