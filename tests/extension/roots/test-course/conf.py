"""A tiny Sphinx project on the sample course (the test sets `ipt_course_root` to tests/fixtures/course)."""
extensions = ["myst_parser", "ipt_course.sphinxext"]
html_theme = "basic"
html_extra_path = ["site"]   # the web app manifest: the book can be installed and read offline
