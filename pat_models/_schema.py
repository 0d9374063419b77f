"""
JSON Schema (draft 2020-12) of the models' wire form, derived from their fields' facts.

Keys, types, nullability, required keys and defaults come from `_fields.Field`, the
rules from the rule objects of `_rules`, each of which says what JSON Schema
states of it: the schema and the checks read the same facts.
"""

from __future__ import annotations

import typing
from typing import Any

import pendulum

from ._absent import ABSENT
from ._fields import EXTRA, Field, fields_of, is_model, is_model_sequence, type_name
from ._timestamps import PATTERN
from ._values import JsonValue, thaw

_TIMESTAMP = {"type": "string", "format": "date-time", "pattern": PATTERN}
_TYPES = {str: "string", int: "integer", bool: "boolean"}


def json_schema(cls: Any, *, strict: bool = False) -> dict[str, Any]:
    """
    Return the JSON Schema (draft 2020-12) of *cls*'s wire form.

    camelCase keys, ``date-time`` timestamps, ``null`` where the API allows
    it, required keys, enums (open ones as any string), bounds, and the
    rules every API version enforces.

    Args:
        cls: A model class, or a list of one (``list[GetPersonalAccessTokenResponse]``,
            a listing), as `loads` takes.
        strict: As ``check --strict`` and a converter made with
            ``extra="forbid", null="reject"`` read: no unknown keys
            (``additionalProperties: false``) and no ``null`` the spec does
            not allow.  Otherwise unknown keys are allowed, as the converter
            keeps them, and so is the server's ``null``.

    Raises:
        TypeError: *cls* is neither.
    """
    definitions: dict[str, Any] = {}
    if is_model_sequence(cls):
        item = typing.get_args(cls)[0]
        title = f"list[{item.__name__}]"
        body = {"type": "array", "items": _reference(item, definitions, strict)}
    elif is_model(cls):
        title = cls.__name__
        body = _object(cls, definitions, strict)
    else:
        name = type_name(cls)
        msg = f"expected a pat_models class, or list[...] or tuple[..., ...] of one; got {name}"
        raise TypeError(msg)
    definitions.pop(title, None)
    schema: dict[str, Any] = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": title,
        **body,
    }
    if definitions:
        schema["$defs"] = definitions
    return schema


def _object(cls: type, definitions: dict[str, Any], strict: bool) -> dict[str, Any]:
    fields = [field for field in fields_of(cls) if field.name != EXTRA]
    schema: dict[str, Any] = {
        "type": "object",
        "properties": {field.key: _field(field, definitions, strict) for field in fields},
    }
    if required := [field.key for field in fields if not field.optional]:
        schema["required"] = required
    if strict:
        schema["additionalProperties"] = False
    if (rules := cls.__pat_rules__) is not None:  # type: ignore[attr-defined]
        schema = rules.schema(schema)
    return schema


def _field(field: Field, definitions: dict[str, Any], strict: bool) -> dict[str, Any]:
    schema = _value(field.item or field.core, definitions, strict)
    if field.item is not None:
        schema = {"type": "array", "items": schema}
    for rule in field.rules:
        schema = rule.schema(schema)
    if field.api_default is not ABSENT:
        schema["default"] = thaw(field.api_default)
    if field.nullable and not (strict and field.server_null):
        if "type" in schema:
            schema["type"] = [schema["type"], "null"]
        else:
            schema = {"anyOf": [schema, {"type": "null"}]}
    return schema


def _value(tp: Any, definitions: dict[str, Any], strict: bool) -> dict[str, Any]:
    if tp in _TYPES:
        return {"type": _TYPES[tp]}
    if tp is pendulum.DateTime:
        return dict(_TIMESTAMP)
    if tp is JsonValue:
        return {}
    if is_model(tp):
        return _reference(tp, definitions, strict)
    members = [arg for arg in typing.get_args(tp) if arg is not str] or [tp]
    if str in typing.get_args(tp):  # an open enum: any string, the known ones named
        return {"type": "string", "examples": [member.value for member in members[0]]}
    return {"type": "string", "enum": [member.value for member in members[0]]}


def _reference(cls: type, definitions: dict[str, Any], strict: bool) -> dict[str, Any]:
    if cls.__name__ not in definitions:
        definitions[cls.__name__] = {}  # a placeholder, for recursion
        definitions[cls.__name__] = _object(cls, definitions, strict)
    return {"$ref": f"#/$defs/{cls.__name__}"}
