"""JupyterHub for a training programme: each trainee signs in to their own JupyterLab, with their own copy of
the course in their home (`~/ipt-course`), so their own notebooks, kernels and workshop log.

This runs the hub on one server whose Unix users are the trainees (JupyterHub's defaults: PAM sign-in and one
process per user). From a checkout of the course where `make` has set up `.venv` and `node_modules`, in a
private folder for the hub's database and cookie secret (such as /srv/jupyterhub), as root:

    /path/to/course/.venv/bin/jupyterhub -f /path/to/course/deploy/jupyterhub/jupyterhub_config.py

On Kubernetes, Zero to JupyterHub runs the same servers from `Dockerfile`'s image with `values.yaml`.
`make hub-test` runs this file with three test users (tests/hub/test_hub.py).
"""
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
COURSE = HERE.parents[1]   # the repository: content/, book/, notebooks/, lab/
PROXY = COURSE / "node_modules/.bin/configurable-http-proxy"   # the pinned proxy, from package-lock.json

c = get_config()  # noqa: F821 (JupyterHub defines it)

c.PAMAuthenticator.allowed_groups = {"ipt-course"}   # trainees and facilitators: members of this Unix group

c.Spawner.cmd = [str(HERE / "ipt-course-start"), str(Path(sys.executable).with_name("jupyterhub-singleuser"))]
c.Spawner.environment = {"IPT_COURSE": str(COURSE)}   # the course ipt-course-start copies into a new home
c.Spawner.default_url = "/lab/tree/ipt-course/notebooks"
c.Spawner.args = [
    f"--LabApp.app_settings_dir={COURSE / 'lab'}",   # make lab's settings: no autosave, no news from the internet
    "--MappingKernelManager.cull_idle_timeout=3600",   # a kernel idle for an hour with no notebook open stops,
    "--ServerApp.shutdown_no_activity_timeout=3600",   # and then a server with no kernel and no activity
]
c.ConfigurableHTTPProxy.command = [str(PROXY) if PROXY.exists() else "configurable-http-proxy"]
