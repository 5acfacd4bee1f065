"""Workshop notebooks are generated from their vignette, so every notebook has the same frame
(how to use it, the crisis note, the case, the inventory figures where there are any)."""
from __future__ import annotations

from pathlib import Path

import nbformat
from nbclient import NotebookClient

from .course import Course
from .model import Vignette

CRISIS = """> **If anyone is at risk now:** call emergency services (111 in Aotearoa New Zealand, 000 in
> Australia, 999 in the UK). In New Zealand, free call or text 1737 to talk with a trained counsellor.
> Clinicians follow their local crisis pathway and tell their supervisor the same day."""

HOW_TO = """**How to use it.** Read each scene, choose what you would do, and read the feedback before you
continue. *Back* undoes your last choice and *Restart* begins again; try at least two paths. In a
workshop, run this notebook in JupyterLab (`make lab`): the *Group mode* toggle runs the case with
the room's votes on a projector, and the facilitator notes are below the case."""


def workshop_notebook(course: Course, vignette: Vignette) -> nbformat.NotebookNode:
    code = ("from ipt_course import Course\nfrom ipt_course.session_log import SessionLog\n"
            "from ipt_course.widgets import show\n\ncourse = Course.load(\"..\")\n"
            "log = SessionLog.for_course(course.root)  # answers and room votes go to ../workshop/\n"
            f'show(course["{vignette.id}"], course.citations, log)')
    cells = [
        nbformat.v4.new_markdown_cell(f"# Case: {vignette.title}\n\n{vignette.summary} A fictional composite; "
                                      f"no real patient is described.\n\n{HOW_TO}\n\n{CRISIS}\n\n## The case"),
        nbformat.v4.new_code_cell(code, metadata={"tags": ["remove-input"]}),
    ]
    if vignette.id in course.inventories:
        cells += [nbformat.v4.new_markdown_cell(
                      "## The inventory, drawn\n\nThe closeness circle and the timeline from this case's "
                      "inventory (edit `content/inventories/" + vignette.id + ".yml` to change them)."),
                  nbformat.v4.new_code_cell(f'show(course.inventories["{vignette.id}"])',
                                            metadata={"tags": ["remove-input"]})]
    back = f"the chapter [{vignette.chapter}](../book/{vignette.chapter}.md)" if vignette.chapter else "the chapter"
    cells.append(nbformat.v4.new_markdown_cell(
        f"## After the case\n\nGo back to {back} and compare your path with its steps in practice. "
        "Your result is on [your progress page](../book/progress.md)."))
    nb = nbformat.v4.new_notebook(cells=cells)
    nb.metadata = {"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"},
                   "language_info": {"name": "python"}}
    return nb


def write_notebook(course: Course, vignette_id: str, folder: Path) -> Path:
    """Write and execute `folder/<id>.ipynb`, so its stored outputs are ready for nbval and the book."""
    nb = workshop_notebook(course, course[vignette_id])
    NotebookClient(nb, timeout=120, resources={"metadata": {"path": str(folder)}}).execute()
    path = folder / f"{vignette_id}.ipynb"
    nbformat.write(nb, path)
    return path
