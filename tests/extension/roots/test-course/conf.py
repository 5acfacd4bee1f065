"""A tiny Sphinx project on the sample course (the test sets `ipt_course_root` to tests/fixtures/course)."""
extensions = ["myst_parser", "ipt_course.sphinxext"]
html_theme = "basic"
html_sidebars: dict[str, list[str]] = {"**": []}   # the course's sidebar templates belong to the book theme
