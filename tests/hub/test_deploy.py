"""The deployment's files agree: the image holds the pinned environment and every part of the course that
ipt-course-start copies, and Zero to JupyterHub starts trainees as jupyterhub_config.py does on one server
(test_hub.py runs that config; no image is built here)."""
from __future__ import annotations

import json
import re

import yaml
from traitlets.config.loader import PyFileConfigLoader

from tests.conftest import ROOT

DEPLOY = ROOT / "deploy" / "jupyterhub"
DOCKERFILE = (DEPLOY / "Dockerfile").read_text(encoding="utf-8")
COPIES = dict(reversed(m) for m in re.findall(r"^COPY (\S+) (\S+)$", DOCKERFILE, re.M))   # destination: source
VALUES = yaml.safe_load((DEPLOY / "values.yaml").read_text(encoding="utf-8"))["singleuser"]


def test_the_image_installs_the_pinned_requirements_and_holds_what_the_start_script_copies():
    assert COPIES["/opt/ipt-course/requirements.txt"] == "requirements.txt"
    assert "pip install --no-cache-dir --disable-pip-version-check -r /opt/ipt-course/requirements.txt" in DOCKERFILE
    assert "ENV IPT_COURSE=/opt/ipt-course" in DOCKERFILE
    copied = re.findall(r'"\$IPT_COURSE/(\w+)"', (DEPLOY / "ipt-course-start").read_text(encoding="utf-8"))
    assert copied and all(COPIES.get(f"/opt/ipt-course/{part}") == part for part in copied)
    kept = {line[1:] for line in (DEPLOY / "Dockerfile.dockerignore").read_text(encoding="utf-8").splitlines()
            if line.startswith("!")}
    assert set(COPIES.values()) <= kept, "the build context leaves out a file the image copies"


def test_kubernetes_starts_trainees_as_the_hub_config_does():
    config = PyFileConfigLoader("jupyterhub_config.py", path=str(DEPLOY)).load_config()
    cmd = json.loads(re.search(r"^CMD (\[.*\])$", DOCKERFILE, re.M)[1])
    assert VALUES["cmd"] == cmd and cmd[0] == "ipt-course-start" == config.Spawner.cmd[0].rsplit("/")[-1]
    assert VALUES["defaultUrl"] == config.Spawner.default_url
