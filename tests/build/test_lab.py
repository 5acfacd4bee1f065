"""`make lab` gives educators working widgets: JupyterLab has the ipywidgets manager enabled."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path


def test_jupyterlab_has_the_widget_manager_enabled():
    jupyter = Path(sys.executable).with_name("jupyter")
    result = subprocess.run([str(jupyter), "labextension", "list"], capture_output=True, text=True, timeout=120)
    listing = result.stdout + result.stderr
    line = next((l for l in listing.splitlines() if "@jupyter-widgets/jupyterlab-manager" in l), "")
    assert "enabled" in line and "OK" in line, listing
