"""JSON Schemas for the content files, generated from the models the loader validates with.

Editors' tools (for example the YAML extension of VS Code) use them for completion and
checks while typing; `sellerbot schema` rewrites them, and a test keeps them in step.
"""

from __future__ import annotations

import json
from pathlib import Path

from pydantic import BaseModel

from sellerbot.content.model import CourseFile, FaqFile, Module
from sellerbot.practice.lexicon import LexiconFile

SCHEMAS: dict[str, tuple[type[BaseModel], str]] = {
    "course.schema.json": (CourseFile, "sellerbot course.yaml"),
    "module.schema.json": (Module, "sellerbot module (modules/<id>.yaml)"),
    "faq.schema.json": (FaqFile, "sellerbot FAQ file (faq/<topic>.yaml)"),
    "lexicon.schema.json": (LexiconFile, "sellerbot lexicon.yaml"),
}


def schema_text(model: type[BaseModel], title: str) -> str:
    schema = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        **model.model_json_schema(),
        "title": title,
    }
    return json.dumps(schema, ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def write_schemas(folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, (model, title) in SCHEMAS.items():
        path = folder / name
        path.write_text(schema_text(model, title), encoding="utf-8")
        written.append(path)
    return written
