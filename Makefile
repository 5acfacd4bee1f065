# The course's commands. Each sets up .venv from requirements.txt on first use.
SHELL       := bash
.SHELLFLAGS := -o pipefail -c   # a failing command fails its recipe even when piped through a filter
PY      := .venv/bin/python
STAMP   := .venv/.installed
BUILD   := _build/html
DIST    := _build/ipt-course-book.zip
SCORM   := _build/ipt-course-scorm.zip

NODE_STAMP := node_modules/.installed
RUNTIME_SRC := ipt_course/runtime
RUNTIME_OUT ?= ipt_course/static
RUNTIME_BANNER := /* Built from ipt_course/runtime by make runtime */
RUNTIME_ENTRIES := site.js quiz.js vignette.js written.js progress.js certificate.js review.js scorm.js course.css progress.css certificate.css  # every page; one per page kind; the SCORM launch page

.PHONY: book pdf test unit hub-test lint check schema messages lab bench dist scorm runtime icons clean

$(STAMP): requirements.txt pyproject.toml
	python3 -m venv .venv
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt 2>&1 | { grep -v "^WARNING: Location" || true; }
	$(PY) -m pip install --quiet --disable-pip-version-check --no-deps -e . 2>&1 | { grep -v "^WARNING: Location" || true; }
	$(PY) -c "import ipt_course, jupyter_book" && touch $(STAMP)

$(NODE_STAMP): package.json package-lock.json
	npm ci --silent --no-audit --no-fund
	touch $(NODE_STAMP)

runtime: $(NODE_STAMP)  ## minify ipt_course/runtime into the shipped ipt_course/static (commit both)
	node_modules/.bin/esbuild $(addprefix $(RUNTIME_SRC)/,$(RUNTIME_ENTRIES)) --bundle --minify --format=iife --target=es2020 --charset=utf8 \
	  --legal-comments=none --log-level=warning --entry-names=ipt-[name] --outdir=$(RUNTIME_OUT) \
	  --banner:js="$(RUNTIME_BANNER)" --banner:css="$(RUNTIME_BANNER)"

book: $(STAMP)  ## build the book strictly into _build/html
	.venv/bin/jupyter-book build -W -n --keep-going .
	@echo "Open the book: file://$(CURDIR)/$(BUILD)/index.html"

pdf: $(STAMP)  ## the whole book as one PDF, _build/ipt-course-book.pdf (with Chromium), and the book linking it
	.venv/bin/jupyter-book build --builder singlehtml -W -n --keep-going .
	$(PY) -m ipt_course pdf
	$(MAKE) --no-print-directory book

check: $(STAMP)  ## check every quiz and vignette without building
	$(PY) -m ipt_course check

schema: $(STAMP)  ## after changing ipt_course/model.py: regenerate content/schema/*.schema.json (commit them)
	$(PY) -m ipt_course schema

messages: $(STAMP)  ## after changing an interface text: rewrite the message catalogues in ipt_course/locale (commit them)
	$(PY) -m ipt_course messages

lint: $(STAMP)  ## ruff (E, F, W, B, I, UP) and mypy on the engine package
	$(PY) -m ruff check ipt_course
	$(PY) -m mypy

unit: $(STAMP)  ## the fast loop: unit and content tests, no book build, browser or hub (under a minute)
	$(PY) -m ipt_course check
	$(PY) -m pytest -p no:cacheprovider -q -m "not build and not browser and not hub" tests

test: $(STAMP) $(NODE_STAMP) lint  ## every test: lint, unit, content, strict builds, nbval, browser, hub-test's tests
	$(PY) -m ipt_course check
	$(PY) -m pytest -p no:cacheprovider --nbval tests notebooks

hub-test: $(STAMP) $(NODE_STAMP)  ## deploy/jupyterhub on loopback: three test users sign in and each runs a workshop notebook (under a minute)
	$(PY) -m pytest -p no:cacheprovider -q tests/hub

LAB_ARGS = --ServerApp.root_dir=$(CURDIR) --LabApp.default_url=/lab/tree/notebooks --LabApp.app_settings_dir=$(CURDIR)/lab

lab: $(STAMP)  ## JupyterLab on the workshop notebooks (the project as its root, so links and workshop/ logs work; no autosave)
	.venv/bin/jupyter lab $(LAB_ARGS)

bench: $(STAMP)  ## build times and page weights, written to BENCHMARKS.md
	$(PY) benchmarks/bench.py

icons: $(STAMP)  ## after changing book/favicon.svg: redraw the install icons in book/site (commit them)
	$(PY) scripts/draw_icons.py

dist:  ## zip the built book to open from disk or an intranet (run make book first)
	@test -f $(BUILD)/index.html || { echo "No built book in $(BUILD): run make book first"; exit 1; }
	rm -f $(DIST) && rm -rf $(BUILD)/../ipt-course-book-stage && mkdir -p $(BUILD)/../ipt-course-book-stage
	cp -r $(BUILD) $(BUILD)/../ipt-course-book-stage/ipt-course-book
	cd $(BUILD)/../ipt-course-book-stage && python3 -m zipfile -c $(abspath $(DIST)) ipt-course-book
	rm -rf $(BUILD)/../ipt-course-book-stage
	@echo "Zipped: $(DIST) (unzip it and open ipt-course-book/index.html)"

scorm: $(STAMP)  ## the built book as a SCORM 1.2 package for a learning system, _build/ipt-course-scorm.zip (run make book first)
	$(PY) -m ipt_course scorm --book $(BUILD) --out $(SCORM)

clean:
	rm -rf _build
