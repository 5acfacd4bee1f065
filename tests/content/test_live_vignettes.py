"""Every vignette of the course, as an educator meets it in JupyterLab: each ending reached
through the widget, with its title, path and score shown."""
from __future__ import annotations

from html import escape

import pytest

from ipt_course.engine import shortest_path
from ipt_course.widgets import make_widget
from tests.conftest import real_course

COURSE = real_course()
ENDINGS = [(v, e) for v in COURSE.items.values() if v.kind == "vignette" for e in v.endings]


@pytest.mark.parametrize("vignette,ending", ENDINGS, ids=lambda x: x if isinstance(x, str) else x.id)
def test_widget_reaches_every_ending(vignette, ending):
    widget = make_widget(vignette, COURSE.citations)
    path = shortest_path(vignette, ending)
    for index in path:
        widget.choices.value = index
        widget.choose_button.click()
        assert "Feedback on your choice" in widget.feedback.value
        widget.continue_button.click()
    assert widget.run.ended and widget.run.current == ending
    assert f"Ending: {escape(vignette.endings[ending].title)}" in widget.scene.value
    assert widget.scene.value.count("<li>") >= len(path)
    assert f"of a best possible {widget.run.max_score}" in widget.scene.value
