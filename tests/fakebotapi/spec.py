"""Loads the Bot API spec and checks and decodes call parameters against it."""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from .http import UploadedPart

SPEC_PATH_ENV = "SELLERBOT_BOT_API_SPEC"
# A copy of the spec (MIT, its LICENSE beside it) ships with the tests, so they run on any clone.
_VENDORED_SPEC = Path(__file__).resolve().parent / "telegram-bot-api" / "api.min.json"
_ARRAY_PREFIX = "Array of "


def default_spec_path() -> Path:
    """The spec named by $SELLERBOT_BOT_API_SPEC, else the copy vendored beside this module."""
    override = os.environ.get(SPEC_PATH_ENV)
    if override:
        return Path(override)
    return _VENDORED_SPEC


@dataclass
class Problems:
    """What is wrong with a value: fatal ones make Telegram answer 400, soft ones it ignores."""

    fatal: list[str] = field(default_factory=list)
    soft: list[str] = field(default_factory=list)

    def extend(self, other: Problems) -> None:
        self.fatal.extend(other.fatal)
        self.soft.extend(other.soft)


@dataclass(frozen=True)
class FieldSpec:
    name: str
    types: tuple[str, ...]
    required: bool


@dataclass(frozen=True)
class MethodSpec:
    name: str
    fields: dict[str, FieldSpec]
    returns: tuple[str, ...]


class BotApiSpec:
    """The methods and types of one Bot API version, with a parameter checker."""

    def __init__(self, document: dict):
        self.version: str = document.get("version", "unknown")
        self.methods: dict[str, MethodSpec] = {}
        for method in document["methods"].values():
            fields = {
                f["name"]: FieldSpec(f["name"], tuple(f["types"]), f["required"])
                for f in method.get("fields", [])
            }
            self.methods[method["name"].lower()] = MethodSpec(
                method["name"], fields, tuple(method.get("returns", []))
            )
        self._types: dict[str, dict] = document["types"]
        self._type_fields = {
            name: {
                f["name"]: FieldSpec(f["name"], tuple(f["types"]), f["required"])
                for f in t["fields"]
            }
            for name, t in self._types.items()
            if "fields" in t
        }

    @classmethod
    def load(cls, path: Path | str | None = None) -> BotApiSpec:
        return _load_cached(str(Path(path) if path else default_spec_path()))

    def method(self, name: str) -> MethodSpec | None:
        return self.methods.get(name.lower())

    def type_fields(self, type_name: str) -> dict[str, FieldSpec]:
        return self._type_fields.get(type_name, {})

    def decode_params(
        self, method: MethodSpec, raw: dict[str, Any]
    ) -> tuple[dict[str, Any], Problems]:
        """Decodes form strings into typed values and checks them against the method's fields."""
        params: dict[str, Any] = {}
        problems = Problems()
        for name, value in raw.items():
            spec_field = method.fields.get(name)
            if spec_field is None:
                problems.soft.append(f"{method.name}: parameter {name!r} is not in the Bot API")
                params[name] = value
                continue
            decoded, value_problems = self._check_union(value, spec_field.types, name)
            params[name] = decoded
            problems.extend(value_problems)
        for spec_field in method.fields.values():
            if spec_field.required and params.get(spec_field.name) in (None, ""):
                problems.fatal.append(f"{spec_field.name} is empty")
        return params, problems

    def _check_union(self, value: Any, types: tuple[str, ...], path: str) -> tuple[Any, Problems]:
        best: tuple[Any, Problems] | None = None
        for type_name in types:
            decoded, problems = self._check(value, type_name, path)
            if not problems.fatal and not problems.soft:
                return decoded, problems
            if best is None or (len(problems.fatal), len(problems.soft)) < (
                len(best[1].fatal),
                len(best[1].soft),
            ):
                best = decoded, problems
        assert best is not None
        return best

    def _check(self, value: Any, type_name: str, path: str) -> tuple[Any, Problems]:
        problems = Problems()
        if type_name.startswith(_ARRAY_PREFIX):
            value = _json_if_string(value)
            if not isinstance(value, list):
                problems.fatal.append(f"field {path!r} must be an Array")
                return value, problems
            item_type = type_name.removeprefix(_ARRAY_PREFIX)
            items = []
            for position, item in enumerate(value):
                decoded, item_problems = self._check(item, item_type, f"{path}[{position}]")
                items.append(decoded)
                problems.extend(item_problems)
            return items, problems
        scalar_check = _SCALAR_CHECKS.get(type_name)
        if scalar_check is not None:
            decoded, ok = scalar_check(value)
            if not ok:
                problems.fatal.append(f"field {path!r} must be of type {type_name}")
            return decoded, problems
        if type_name == "InputFile":
            if not isinstance(value, UploadedPart):
                problems.fatal.append(f"field {path!r} must be an uploaded file")
            return value, problems
        return self._check_object(value, type_name, path)

    def _check_object(self, value: Any, type_name: str, path: str) -> tuple[Any, Problems]:
        value = _json_if_string(value)
        problems = Problems()
        if not isinstance(value, dict):
            problems.fatal.append(f"field {path!r} must be a JSON object ({type_name})")
            return value, problems
        subtypes = self._types.get(type_name, {}).get("subtypes")
        if subtypes:
            return self._check_union(value, tuple(subtypes), path)
        fields = self._type_fields.get(type_name, {})
        decoded_object = {}
        for key, item in value.items():
            spec_field = fields.get(key)
            if spec_field is None:
                problems.soft.append(f"{path}: field {key!r} is not in {type_name}")
                decoded_object[key] = item
                continue
            decoded, item_problems = self._check_union(item, spec_field.types, f"{path}.{key}")
            decoded_object[key] = decoded
            problems.extend(item_problems)
        for spec_field in fields.values():
            if spec_field.required and spec_field.name not in value:
                problems.fatal.append(f"{path}: required field {spec_field.name!r} is missing")
        return decoded_object, problems


@cache
def _load_cached(path: str) -> BotApiSpec:
    with open(path, encoding="utf-8") as spec_file:
        return BotApiSpec(json.load(spec_file))


def _json_if_string(value: Any) -> Any:
    """Form bodies carry objects and arrays JSON-encoded; Telegram decodes them."""
    if isinstance(value, str):
        try:
            return json.loads(value)
        except ValueError:
            return value
    return value


def _as_integer(value: Any) -> tuple[Any, bool]:
    if isinstance(value, bool):
        return value, False
    if isinstance(value, int):
        return value, True
    if isinstance(value, str):
        try:
            return int(value.strip()), True
        except ValueError:
            return value, False
    if isinstance(value, float) and value.is_integer():
        return int(value), True
    return value, False


def _as_float(value: Any) -> tuple[Any, bool]:
    if isinstance(value, bool):
        return value, False
    if isinstance(value, int | float):
        return value, True
    if isinstance(value, str):
        try:
            return float(value), True
        except ValueError:
            return value, False
    return value, False


def _as_boolean(value: Any) -> tuple[Any, bool]:
    if isinstance(value, bool):
        return value, True
    if isinstance(value, str) and value.lower() in ("true", "false", "1", "0"):
        return value.lower() in ("true", "1"), True
    if value in (0, 1):
        return bool(value), True
    return value, False


def _as_string(value: Any) -> tuple[Any, bool]:
    if isinstance(value, str):
        return value, True
    # Telegram accepts numbers where it expects strings (e.g. callback query ids).
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value), True
    return value, False


_SCALAR_CHECKS = {
    "Integer": _as_integer,
    "Float": _as_float,
    "Boolean": _as_boolean,
    "String": _as_string,
}
