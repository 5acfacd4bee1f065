"""A tiny project with a glossary: the links to its terms carry their definitions."""
extensions = ["myst_parser", "ipt_course.sphinxext"]
html_theme = "basic"
