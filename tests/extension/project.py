"""The tiny Sphinx projects under roots/ (one per scenario, the sphinx-exercise way), copied and built in-process."""
from __future__ import annotations

import shutil
from pathlib import Path

from sphinx.testing.util import SphinxTestApp

from tests.conftest import ROOT

ROOTS = Path(__file__).parent / "roots"
COURSE = {"ipt_course_root": str(ROOT / "tests/fixtures/course")}   # the sample course


def project(tmp_path: Path, name: str = "test-course") -> Path:
    srcdir = tmp_path / "src"
    shutil.copytree(ROOTS / name, srcdir)
    return srcdir


def build(srcdir: Path, builder: str = "html") -> Path:
    """Build with no warning allowed; the output folder."""
    app = SphinxTestApp(builder, srcdir=srcdir, freshenv=True, confoverrides=COURSE)
    try:
        app.build()
        assert app.warning.getvalue() == "", app.warning.getvalue()
        return Path(app.outdir)
    finally:
        app.cleanup()
