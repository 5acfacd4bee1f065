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
    args = parser.parse_args(argv)
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
    print(f"ok: {len(course.items)} item(s) checked")
    return 0
