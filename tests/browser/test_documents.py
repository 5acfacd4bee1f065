"""The working documents a trainee takes into a first case (formulation, contract, session map…): each is meant to be
printed and brought to supervision, so each must print on one page."""
from __future__ import annotations

import re

import pytest

from tests.conftest import ROOT

TOC = (ROOT / "_toc.yml").read_text(encoding="utf-8")
PART = TOC[TOC.index("caption: Working documents"):].split("- caption:")[0]
DOCUMENTS = re.findall(r"file: (book/[a-z-]+)", PART)


def test_the_working_documents_part_lists_documents():
    assert len(DOCUMENTS) >= 8, "_toc.yml: the 'Working documents' part lists the documents"


@pytest.mark.parametrize("document", DOCUMENTS)
def test_working_document_prints_on_one_page(visit, document):
    page = visit().open(f"{document}.html")
    for paper in ("A4", "Letter"):
        pdf = page.pdf(format=paper, print_background=True)
        pages = len(re.findall(rb"/Type\s*/Page[^s]", pdf))
        assert pages == 1, f"{document}.md prints on {pages} {paper} pages; shorten it to fit one"


def test_each_problem_area_summary_prints_on_a_page_of_its_own(visit, tmp_path):
    """An introduction, then grief, disputes, transitions and deficits: each starts a page and ends on it."""
    page = visit().open("book/problem-area-summaries.html")
    sections = page.locator("article > section > section h2").all_inner_texts()
    assert len(sections) == 4, sections
    for paper in ("A4", "Letter"):
        pdf = page.pdf(format=paper, print_background=True)
        pages = len(re.findall(rb"/Type\s*/Page[^s]", pdf))
        assert pages == 1 + len(sections), f"the summaries print on {pages} {paper} pages; each must fit one"
