"""The JSON Schemas educators' editors use are the content model's, and agree with what `check` accepts."""
from __future__ import annotations

import json

import jsonschema
import pytest
from ruamel.yaml import YAML

from ipt_course.schema import MODELS, SCHEMA_DIR, schema_of, schema_text
from tests.conftest import ROOT

FOLDERS = {"quiz": "quizzes", "vignette": "vignettes", "written": "written", "inventory": "inventories"}


@pytest.mark.parametrize("kind", sorted(MODELS))
def test_committed_schema_is_the_models(kind):
    path = ROOT / SCHEMA_DIR / f"{kind}.schema.json"
    assert path.is_file() and path.read_text(encoding="utf-8") == schema_text(kind), \
        f"{path.relative_to(ROOT)} is out of date with ipt_course/model.py: run `make schema` and commit it"


@pytest.mark.parametrize("kind", sorted(MODELS))
def test_the_course_content_is_valid_against_its_schema(kind):
    validator = jsonschema.Draft202012Validator(schema_of(kind))
    files = sorted((ROOT / "content" / FOLDERS[kind]).glob("*.yml"))
    assert files
    for path in files:
        errors = [e.message for e in validator.iter_errors(YAML(typ="safe").load(path.read_text(encoding="utf-8")))]
        assert errors == [], f"{path.relative_to(ROOT)}: {errors}"


def test_the_schema_flags_a_misspelt_field_as_check_does():
    quiz = YAML(typ="safe").load((ROOT / "content/quizzes/risk.yml").read_text(encoding="utf-8"))
    quiz["questions"][0]["options"][0]["feedbak"] = quiz["questions"][0]["options"][0].pop("feedback")
    errors = list(jsonschema.Draft202012Validator(schema_of("quiz")).iter_errors(quiz))
    assert errors, "an editor using the schema should flag 'feedbak'"


@pytest.mark.parametrize("kind", ["quiz", "vignette"])
def test_templates_point_editors_at_the_schema(kind):
    first = (ROOT / f"ipt_course/templates/new-{kind}.yml").read_text(encoding="utf-8").splitlines()[0]
    assert first == f"# yaml-language-server: $schema=../schema/{kind}.schema.json"
    assert json.loads((ROOT / SCHEMA_DIR / f"{kind}.schema.json").read_text(encoding="utf-8"))["title"]
