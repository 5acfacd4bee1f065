"""The course's JupyterHub, tried on this machine on loopback: deploy/jupyterhub/jupyterhub_config.py as IT runs
it, with only the sign-in (any name), the spawner (a home folder per user, as this user), the ports and the
homes replaced. Three trainees sign in together, each runs a workshop notebook in their own kernel and makes a
different number of choices, and each one's log holds exactly what their own kernel wrote. What each trainee's
server and kernel used is measured, and must fit the memory that values.yaml guarantees each trainee."""
from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import uuid
from collections import defaultdict
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import psutil
import pytest
import requests
import websocket
import yaml
from jupyterhub.traitlets import ByteSpecification

from tests.conftest import ROOT

DEPLOY = ROOT / "deploy" / "jupyterhub"
JUPYTERHUB = Path(sys.executable).with_name("jupyterhub")
USERS = ("trainee1", "trainee2", "trainee3")
NOTEBOOK = "ipt-course/notebooks/first-sessions.ipynb"
TOKEN = uuid.uuid4().hex   # the test's own service, which may start and reach every user's server
MARKER = "IPT_HUB_TEST"    # set in every process of this run (hub, proxy, servers, kernels), to find them all
MIB = 2**20
DOCMANAGER = "@jupyterlab/docmanager-extension:plugin"

# In the kernel, after the notebook: a trainee clicks the first option shown and Continue, `choices` times.
CHOOSE = """
import json, time
solo, began = live.solo, time.process_time()
for _ in range({choices}):
    solo.choices.value = solo.choices.options[0][1]
    solo.choose_button.click()
    solo.continue_button.click()
print(json.dumps({{"log": str(log.path.resolve()), "run": solo.run_id,
                  "cpu_per_choice": (time.process_time() - began) / {choices}}}))
"""


def free_ports(count: int) -> list[int]:
    sockets = [socket.socket() for _ in range(count)]
    for s in sockets:
        s.bind(("127.0.0.1", 0))
    ports = [s.getsockname()[1] for s in sockets]
    for s in sockets:
        s.close()
    return ports


def loopback_config(homes: Path, marker: str) -> tuple[str, str]:
    """The deployed config, then only what a test on loopback must change; and the hub's address."""
    port, hub_port, api_port = free_ports(3)
    allow_root = ', "--ServerApp.allow_root=True"' if os.geteuid() == 0 else ""   # CI runs as root
    return f"http://127.0.0.1:{port}", f"""load_subconfig({str(DEPLOY / "jupyterhub_config.py")!r})
c.JupyterHub.authenticator_class = "dummy"
c.JupyterHub.spawner_class = "simple"
c.SimpleLocalProcessSpawner.home_dir_template = {str(homes)!r} + "/{{username}}"
c.Spawner.args = [*c.Spawner.args{allow_root}]
c.Spawner.environment = {{**c.Spawner.environment, {MARKER!r}: {marker!r}}}
c.JupyterHub.bind_url = "http://127.0.0.1:{port}"
c.JupyterHub.hub_bind_url = "http://127.0.0.1:{hub_port}"
c.ConfigurableHTTPProxy.api_url = "http://127.0.0.1:{api_port}"
c.JupyterHub.services = [{{"name": "smoke-test", "api_token": {TOKEN!r}}}]
c.JupyterHub.load_roles = [{{"name": "smoke-test", "services": ["smoke-test"],
                            "scopes": ["admin:users", "admin:servers", "access:servers"]}}]
"""


def marked(marker: str) -> list[psutil.Process]:
    """Every process of this run still alive."""
    found = []
    for process in psutil.process_iter():
        try:
            if process.environ().get(MARKER) == marker:
                found.append(process)
        except (psutil.Error, OSError):
            pass   # another user's process, or one that has just ended
    return found


@dataclass
class Hub:
    url: str
    homes: Path
    marker: str
    log: Path

    def api(self, path: str) -> dict:
        r = requests.get(f"{self.url}/hub/api/{path}", headers={"Authorization": f"token {TOKEN}"}, timeout=30)
        r.raise_for_status()
        return r.json()

    def wait_ready(self, name: str, timeout: float = 120) -> None:
        deadline = time.monotonic() + timeout
        while not self.api(f"users/{name}")["servers"].get("", {}).get("ready"):
            assert time.monotonic() < deadline, f"{name}'s server did not start:\n{self.log.read_text()[-4000:]}"
            time.sleep(0.5)


@pytest.fixture(scope="module")
def hub(tmp_path_factory) -> Iterator[Hub]:
    """The hub, started as IT starts it but from a folder of its own; stopped, with everything it started."""
    folder = tmp_path_factory.mktemp("hub")
    marker = uuid.uuid4().hex
    url, config = loopback_config(folder / "home", marker)
    (folder / "test_config.py").write_text(config, encoding="utf-8")
    log = folder / "hub.log"
    with log.open("wb") as out:
        process = subprocess.Popen([str(JUPYTERHUB), "-f", "test_config.py"], cwd=folder, stdout=out,
                                   stderr=subprocess.STDOUT, env={**os.environ, MARKER: marker})
    try:
        deadline = time.monotonic() + 60
        while True:
            assert process.poll() is None and time.monotonic() < deadline, f"no hub:\n{log.read_text()[-4000:]}"
            try:
                requests.get(f"{url}/hub/api/", timeout=2).raise_for_status()
                break
            except requests.RequestException:
                time.sleep(0.3)
        yield Hub(url, folder / "home", marker, log)
    finally:
        process.terminate()   # the hub stops every user's server and the proxy
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
        left = marked(marker)
        for p in left:
            p.kill()
        psutil.wait_procs(left, timeout=10)


class Kernel:
    """A kernel of a user's server, reached as JupyterLab reaches it: over the server's websocket."""

    def __init__(self, url: str):
        self.session = uuid.uuid4().hex
        self.ws = websocket.create_connection(f"{url}?session_id={self.session}", timeout=120,
                                             header=[f"Authorization: token {TOKEN}"])

    def run(self, code: str) -> str:
        """Run `code`; its printed output, or the traceback as the failure."""
        msg_id = uuid.uuid4().hex
        self.ws.send(json.dumps({
            "header": {"msg_id": msg_id, "msg_type": "execute_request", "session": self.session, "username": "",
                       "version": "5.3", "date": datetime.now(UTC).isoformat()},
            "parent_header": {}, "metadata": {}, "channel": "shell", "buffers": [],
            "content": {"code": code, "silent": False, "store_history": True, "user_expressions": {},
                        "allow_stdin": False, "stop_on_error": True}}))
        printed, replied, idle = [], False, False
        while not (replied and idle):
            frame = self.ws.recv()
            message = json.loads(frame) if isinstance(frame, str) else {}   # binary frames: widget buffers
            if message.get("parent_header", {}).get("msg_id") != msg_id:
                continue
            kind, content = message["msg_type"], message["content"]
            assert kind != "error", "\n".join(content["traceback"])
            printed += [content["text"]] if kind == "stream" else []
            replied = replied or kind == "execute_reply"
            idle = idle or (kind == "status" and content["execution_state"] == "idle")
        return "".join(printed)


def sign_in_and_run(hub: Hub, name: str, choices: int) -> dict:
    """Sign in at the hub's page, wait for the server, open JupyterLab as a browser does, then run the
    workshop notebook (the server's copy, in the user's home) and make `choices` choices in its case."""
    browser = requests.Session()
    browser.get(f"{hub.url}/hub/login", timeout=30).raise_for_status()
    browser.post(f"{hub.url}/hub/login", data={"username": name, "password": "any", "_xsrf": browser.cookies["_xsrf"]},
                 timeout=120).raise_for_status()   # on to /hub/spawn, which starts the server
    hub.wait_ready(name)
    lab = browser.get(f"{hub.url}/user/{name}/", timeout=60)
    api, auth = f"{hub.url}/user/{name}/api", {"Authorization": f"token {TOKEN}"}
    notebook = requests.get(f"{api}/contents/{NOTEBOOK}", headers=auth, timeout=30).json()["content"]
    started = requests.post(f"{api}/sessions", headers=auth, timeout=60,
                            json={"path": NOTEBOOK, "type": "notebook", "kernel": {"name": "python3"}}).json()
    kernel = Kernel(f"{api.replace('http', 'ws', 1)}/kernels/{started['kernel']['id']}/channels")
    for cell in notebook["cells"]:
        if cell["cell_type"] == "code":
            kernel.run(cell["source"])
    settings = requests.get(f"{hub.url}/user/{name}/lab/api/settings/{DOCMANAGER}", headers=auth, timeout=30).json()
    return {"lab": lab, "settings": settings, **json.loads(kernel.run(CHOOSE.format(choices=choices)))}


@pytest.fixture(scope="module")
def room(hub) -> dict[str, dict]:
    """The three trainees at once, as in a room: user N makes N choices."""
    with ThreadPoolExecutor(len(USERS)) as pool:
        runs = {name: pool.submit(sign_in_and_run, hub, name, n) for n, name in enumerate(USERS, 1)}
        return {name: run.result() for name, run in runs.items()}


def test_each_trainee_signs_in_to_jupyterlab_on_their_own_copy_of_the_course(hub, room):
    for name, run in room.items():
        assert run["lab"].status_code == 200, run["lab"].text[:2000]
        assert run["lab"].url == f"{hub.url}/user/{name}/lab/tree/ipt-course/notebooks"
        assert (hub.homes / name / NOTEBOOK).is_file()
        autosave = run["settings"]["schema"]["properties"]["autosave"]["default"]
        assert autosave is False, "JupyterLab has the course's settings (lab/overrides.json), as in make lab"


def test_each_log_is_in_its_trainees_home_and_holds_only_their_own_kernels_choices(hub, room):
    for n, (name, run) in enumerate(room.items(), 1):
        log = Path(run["log"])
        assert log.parent == (hub.homes / name / "ipt-course" / "workshop").resolve()
        events = [json.loads(line) for line in log.read_text(encoding="utf-8").splitlines()]
        assert [(e["run"], e["action"]) for e in events] == [(run["run"], "answer")] * n


def resident_peak(process: psutil.Process) -> int:
    """The most memory the process has held resident (Linux's high-water mark), in bytes."""
    status = Path(f"/proc/{process.pid}/status").read_text()
    return int(next(line for line in status.splitlines() if line.startswith("VmHWM:")).split()[1]) * 1024


def test_each_trainees_server_and_kernel_fit_the_memory_values_yaml_guarantees(hub, room, capsys):
    """Measured once the notebooks have run: the resident peak of each trainee's server and kernel, and of the
    hub with its proxy, and the CPU time each has used since it started (printed for the facilitator guide)."""
    memory: dict[tuple[str, str], int] = defaultdict(int)
    cpu: dict[tuple[str, str], float] = defaultdict(float)
    for process in marked(hub.marker):
        user = process.environ().get("JUPYTERHUB_USER", "hub")
        part = "kernel" if "ipykernel_launcher" in process.cmdline() else "server"
        memory[user, part] += resident_peak(process)
        cpu[user, part] += sum(process.cpu_times()[:2])   # user and system
    assert {user for user, _ in memory} == {*USERS, "hub"}
    top = max(USERS, key=lambda u: memory[u, "server"] + memory[u, "kernel"])
    with capsys.disabled():
        print(f"\nhub-test: the largest trainee: server {memory[top, 'server'] / MIB:.0f} MiB + kernel "
              f"{memory[top, 'kernel'] / MIB:.0f} MiB resident at peak; CPU to start and run the notebook: "
              + ", ".join(f"{cpu[u, 'server'] + cpu[u, 'kernel']:.1f} s" for u in USERS)
              + f"; the kernel's CPU per choice {max(r['cpu_per_choice'] for r in room.values()) * 1000:.0f} ms"
              + f"; hub and proxy {memory['hub', 'server'] / MIB:.0f} MiB, {cpu['hub', 'server']:.1f} s CPU")
    values = yaml.safe_load((DEPLOY / "values.yaml").read_text(encoding="utf-8"))["singleuser"]["memory"]
    guarantee, limit = (ByteSpecification().validate(None, values[k]) for k in ("guarantee", "limit"))
    need = memory[top, "server"] + memory[top, "kernel"]
    assert need <= guarantee <= limit, f"a trainee needs {need / MIB:.0f} MiB: resize values.yaml and the guide"
