"""Notebooks are generated, so each has the same frame: the workshop notebook of every vignette (how
to use it, the crisis note, the case, the inventory figures where there are any), and the trainees'
notebook on keeping a training-case log."""
from __future__ import annotations

from pathlib import Path

import nbformat
from nbclient import NotebookClient

from .course import Course
from .model import Vignette

WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
CRISIS_SOURCE = Path("book/_snippets/crisis.md")  # the one copy of the crisis numbers, relative to the course


def crisis_note(root: Path) -> str:
    """The book's crisis box as a Markdown quote, so a notebook opened in JupyterLab (which does not render
    MyST admonitions) shows the same numbers as every chapter, from the same file."""
    lines = (Path(root) / CRISIS_SOURCE).read_text(encoding="utf-8").splitlines()
    title = lines[0].partition("}")[2].strip()
    body = "\n".join(line for line in lines[1:] if not line.startswith((":", "```"))).strip()
    return "\n".join(f"> {line}".rstrip() for line in [f"**{title}**", "", *body.splitlines()])


HOW_TO = """**How to use it.** Read each scene, choose what you would do, and read the feedback before you
continue. *Back* undoes your last choice and *Restart* begins again; try at least two paths. In a
workshop, run this notebook in JupyterLab (`make lab`): the *Group mode* toggle runs the case with
the room's votes on a projector; the facilitator notes are below the case."""
PROJECTOR = """## The projector view

In group mode, the slide above is also shown here on its own: only the scene, its options, the tally
and the feedback, without the controls, the prompts and the notes. Right-click it and choose *Create
New View for Cell Output*: it opens in a panel of its own, and with that panel chosen, *View >
Appearance > Simple Interface* (Ctrl+Shift+D) shows it alone on the screen. The controls stay here."""


def workshop_notebook(course: Course, vignette: Vignette) -> nbformat.NotebookNode:
    code = ("from ipt_course.session_log import SessionLog\nfrom ipt_course.widgets import open_course, show\n\n"
            "course = open_course(\"..\")  # a draft with problems elsewhere in content/ is named, not fatal\n"
            "log = SessionLog.for_course(course.root)  # answers and room votes go to ../workshop/\n"
            f'live = show(course["{vignette.id}"], course.citations, log)')
    facilitator_only = {"tags": ["remove-cell"]}   # Lab only: the book's page has no group mode
    cells = [
        nbformat.v4.new_markdown_cell(f"# Case: {vignette.title}\n\n{vignette.summary} A fictional composite; "
                                      f"no real patient is described.\n\n{HOW_TO}\n\n{crisis_note(course.root)}"
                                      "\n\n## The case"),
        nbformat.v4.new_code_cell(code, metadata={"tags": ["remove-input"]}),
        nbformat.v4.new_markdown_cell(PROJECTOR, metadata=facilitator_only),
        nbformat.v4.new_code_cell("live.show_projector()", metadata=facilitator_only),
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
    return _python_notebook(cells)


def _python_notebook(cells: list) -> nbformat.NotebookNode:
    for number, cell in enumerate(cells, 1):
        cell.id = f"cell-{number}"  # ids from position, not random: regenerating changes nothing
    nb = nbformat.v4.new_notebook(cells=cells)
    nb.metadata = {"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"},
                   "language_info": {"name": "python"}}
    return nb


def _run_and_write(nb: nbformat.NotebookNode, path: Path) -> Path:
    """Execute in the notebook's own folder and save, so its stored outputs are ready for nbval and the book.

    Widgets are not stored: a saved widget view and its state have no kernel behind them, and they were three
    quarters of each file. An unrun or reloaded notebook shows each case's static HTML, as the book does."""
    NotebookClient(nb, timeout=120, record_timing=False,
                   resources={"metadata": {"path": str(path.parent)}}).execute()
    nb.metadata.pop("widgets", None)
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            output.get("data", {}).pop(WIDGET_VIEW, None)
    nbformat.write(nb, path)
    return path


def write_notebook(course: Course, vignette_id: str, folder: Path) -> Path:
    """Write and execute `folder/<id>.ipynb`, the workshop notebook of a vignette."""
    vignette = course[vignette_id]
    if not isinstance(vignette, Vignette):
        raise ValueError(f"'{vignette_id}' is a {vignette.kind}; workshop notebooks are made for vignettes only")
    return _run_and_write(workshop_notebook(course, vignette), Path(folder) / f"{vignette_id}.ipynb")


# --- the training-case log notebook -------------------------------------------------------------

NOTEBOOK_INTRO = """# Your training-case log

A **training-case log** is a de-identified record of a supervised IPT case that you keep session by
session and bring to supervision: the phase you are in, how the scores are moving, whether you
asked about risk, which techniques you used and how closely you kept to the model. This notebook
reads a fictional example, "Client R" (a role transition after migration; no real patient is
described), shows the summary and figures it gives you for supervision, and shows how to add a
session and save. The chapter [Supervision, competency and your training case](../book/supervision.md)
explains why each part matters.

**Your log stays on your own machine**, in a system your service approves and under local privacy
law. Never put it, or anything from it, in this course's folder, its notebooks, a shared drive,
personal email or an online tool, even de-identified. This notebook only ever uses the fictional
example.

{crisis}"""

NOTEBOOK_RECORD = """## What to record, and what never to record

The log is a YAML file (`example-case-log.yml` next to this notebook is the example). At the top:
a `pseudonym` (invented, not initials), the agreed `focus` (`grief`, `role-dispute`,
`role-transition` or `interpersonal-deficits`), `perinatal: true` if the EPDS is used, and the
`people` of the interpersonal inventory (described by their role, such as "Partner" or "Neighbour",
not by name). Then one entry per session:

- `number` (1, 2, 3… without gaps) and `phase` (`initial`, `middle` or `termination`);
- at least one score: `phq9` (0–27), `hrsd` (0–52) or, in a perinatal log, `epds` (0–30);
- `risk_checked`: whether you asked about risk directly (always required), and `risk_notes`;
- `techniques` you used, `supervision` (whether the session was discussed in supervision) and
  your `adherence` self-rating from 1 to 5, made within a day of the session;
- short `notes` in your own words.

**Never record** a name or initials, an NHI or other identifying number, a date of birth, an
address, a phone number, an email address or a full date (use session numbers and "about two
months before onset" instead), a workplace, school or town that narrows the person down, or an
unusual detail that would let someone recognise them.

The log checks itself. Every problem is reported as `file:line: what is wrong`, and anything that
looks like an NHI number, an email address, a phone number, a full date or a street address is
refused. The check catches the obvious; it cannot know that a workplace or a family detail gives
someone away, so read every entry as a stranger would."""

NOTEBOOK_SAVE = """## Adding a session and saving

Below, the example log as it stood after session 13 is saved to a temporary folder that is deleted
at the end (your own log would be a file on your own machine). Saving writes the whole log to a new
file in the same folder, flushes it to disk and only then swaps it in, so a crash or a full disk
leaves the old log intact, never half a file.

First, an entry the log refuses: a note with an email address and a phone number in it. Nothing is
added or saved, and each message says what was found and where."""


def case_log_notebook(root: Path) -> nbformat.NotebookNode:
    """The trainees' notebook on the case log: the example's summary and figures, adding and saving."""
    def code(source: str, visible: bool = False) -> nbformat.NotebookNode:
        return nbformat.v4.new_code_cell(source, metadata={} if visible else {"tags": ["remove-input"]})

    md = nbformat.v4.new_markdown_cell
    cells = [
        md(NOTEBOOK_INTRO.format(crisis=crisis_note(root))),
        md(NOTEBOOK_RECORD),
        md("## The summary for supervision\n\nThe log at a glance: the scores against baseline, sessions "
           "where risk was not checked (flagged first), the techniques used, the sessions discussed in "
           "supervision and your mean adherence self-rating."),
        code("import tempfile\nfrom pathlib import Path\n\nfrom IPython.display import HTML, display\n\n"
             "from ipt_course.caselog import add_session, load_caselog, save_caselog, summary_html, "
             "symptom_trajectory\n"
             "from ipt_course.figures import closeness_circle_figure\n"
             "from ipt_course.problems import ContentError\n\n"
             'example = load_caselog("example-case-log.yml")\n'
             "if isinstance(example, list):  # problems: print them instead of a summary\n"
             "    for problem in example:\n        print(problem)\n"
             "else:\n    display(HTML(summary_html(example)))"),
        md("## Scores across the sessions\n\nEach scale in its own panel, with the phases shaded and named, "
           "and dashed lines at commonly used thresholds: remission, and response (half the baseline "
           "score). The data are in the table under the figure."),
        code("display(HTML(symptom_trajectory(example)))"),
        md("## The inventory\n\nThe people from the interpersonal inventory, drawn as a closeness circle."),
        code("display(HTML(closeness_circle_figure(example.pseudonym, example.people)))"),
        md(NOTEBOOK_SAVE),
        code("folder = tempfile.TemporaryDirectory()\n"
             'my_log = Path(folder.name) / "my-case-log.yml"\n'
             "save_caselog(example.model_copy(update={\"sessions\": example.sessions[:-1]}), my_log)\n"
             "log = load_caselog(my_log)\n\n"
             "try:\n"
             "    add_session(log, path=my_log, number=14, phase=\"termination\", phq9=4, risk_checked=True,\n"
             "                notes=\"Sent the plan for the future to r.client@example.com; "
             "will text 021 123 4567.\")\n"
             "except ContentError as refused:\n"
             "    for problem in refused.problems:\n"
             "        print(f\"{problem.path.name}:{problem.line}: {problem.message}\")"),
        md("The same session without the identifying details, added and saved. This is the code you would "
           "use for your own log (with your own file in place of `my_log`):"),
        code("log = add_session(log, path=my_log, number=14, phase=\"termination\", phq9=4, hrsd=7,\n"
             "                  risk_checked=True, supervision=True, adherence=4,\n"
             "                  techniques=[\"reviewing progress\", \"planning for future difficulties\",\n"
             "                              \"discussing the ending\"],\n"
             "                  notes=\"Ended as planned at 14 sessions; agreed what to do if low mood returns.\")\n"
             "save_caselog(log, my_log)", visible=True),
        code("saved = load_caselog(my_log)\n"
             "print(f\"Saved: {len(saved.sessions)} sessions; "
             "read back, it matches the example: {saved == example}\")\n"
             "print(\"Files in the folder:\", \", \".join(sorted(p.name for p in Path(folder.name).iterdir())))\n\n"
             "# Saving refuses identifying details too, and leaves the file on disk as it was.\n"
             "before = my_log.read_bytes()\n"
             "last = saved.sessions[-1].model_copy(update={\"notes\": \"Next appointment 12 March 2025.\"})\n"
             "try:\n"
             "    save_caselog(saved.model_copy(update={\"sessions\": [*saved.sessions[:-1], last]}), my_log)\n"
             "except ContentError as refused:\n"
             "    for problem in refused.problems:\n"
             "        print(f\"{problem.path.name}:{problem.line}: {problem.message}\")\n"
             "print(\"The saved log is unchanged:\", my_log.read_bytes() == before)\n"
             "folder.cleanup()"),
        md("## Before supervision\n\nRead the summary top down: a session without a risk check comes first, "
           "because it cannot wait. Bring the sessions you rated lowest, or felt least sure about, and a "
           "question. Response and remission use commonly used thresholds, not rules: weigh them with the "
           "whole clinical picture."),
    ]
    return _python_notebook(cells)


def write_case_log_notebook(root: str | Path) -> Path:
    """Write and execute `notebooks/case-log.ipynb` of the course at `root` (next to `example-case-log.yml`)."""
    return _run_and_write(case_log_notebook(Path(root)), Path(root) / "notebooks" / "case-log.ipynb")
