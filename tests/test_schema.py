"""The editors' JSON Schemas: generated from the loader's models, and in agreement with them."""

from __future__ import annotations

import pytest
import yaml
from jsonschema import Draft202012Validator

from sellerbot.content.schema import SCHEMAS, schema_text
from sellerbot.paths import bundled_content

CONTENT = bundled_content()
FILES_BY_SCHEMA = {
    "course.schema.json": [CONTENT / "course.yaml"],
    "module.schema.json": sorted((CONTENT / "modules").glob("*.yaml")),
    "faq.schema.json": sorted((CONTENT / "faq").glob("*.yaml")),
    "lexicon.schema.json": [CONTENT / "lexicon.yaml"],
}


@pytest.mark.parametrize("name", sorted(SCHEMAS))
def test_committed_schema_matches_the_models(name):
    model, title = SCHEMAS[name]
    committed = (CONTENT / "schema" / name).read_text(encoding="utf-8")
    assert committed == schema_text(model, title), "run: sellerbot schema"


@pytest.mark.parametrize("name", sorted(SCHEMAS))
def test_bundled_content_is_valid_against_its_schema(name):
    validator = Draft202012Validator(yaml.safe_load(schema_text(*SCHEMAS[name])))
    assert FILES_BY_SCHEMA[name]
    for path in FILES_BY_SCHEMA[name]:
        errors = [
            error.message for error in validator.iter_errors(yaml.safe_load(path.read_text()))
        ]
        assert not errors, (path, errors[:3])


def test_schema_refuses_what_the_loader_refuses():
    validator = Draft202012Validator(yaml.safe_load(schema_text(*SCHEMAS["module.schema.json"])))
    step = {"id": "s", "type": "message", "text": {"en": "Hello"}}
    good = {"id": "m", "title": {"en": "T"}, "steps": [step]}
    assert validator.is_valid(good)
    assert not validator.is_valid({**good, "steps": [{**step, "type": "lesson"}]})
    assert not validator.is_valid({**good, "steps": [{**step, "id": "Bad Id"}]})
    misspelled = [error.message for error in validator.iter_errors({**good, "titel": {}})]
    assert misspelled == ["Additional properties are not allowed ('titel' was unexpected)"]


def test_module_files_point_editors_at_the_schema():
    for path in FILES_BY_SCHEMA["module.schema.json"]:
        first = path.read_text(encoding="utf-8").splitlines()[0]
        assert first == "# yaml-language-server: $schema=../schema/module.schema.json", path
