"""The runtime the book ships (`ipt_course/static`) is exactly what `make runtime` makes from its
source (`ipt_course/runtime`), so an edit to the source cannot be forgotten in the shipped copy."""
from __future__ import annotations

import subprocess
from pathlib import Path

from tests.conftest import ROOT

SHIPPED = ROOT / "ipt_course" / "static"


def test_shipped_runtime_is_built_from_its_source(tmp_path: Path):
    result = subprocess.run(["make", "-s", "runtime", f"RUNTIME_OUT={tmp_path}"], cwd=ROOT,
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    built = {p.name: p.read_bytes() for p in tmp_path.iterdir()}
    shipped = {p.name: p.read_bytes() for p in SHIPPED.iterdir()}
    assert built.keys() == shipped.keys()
    stale = [name for name in built if built[name] != shipped[name]]
    assert not stale, f"ipt_course/static is out of date for {stale}: run `make runtime` and commit the result"
