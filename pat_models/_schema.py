"""
JSON Schema (draft 2020-12) of the models' wire form, derived from the models.

Keys, types, nullability and required keys come from the attrs classes the
way the converter reads them; the rules every API version enforces come from
`_rules`, so the schema and the checks cannot drift apart.
"""

from __future__ import annotations

import typing
from typing import Any

import attrs
import pendulum

from ._errors import ValidationError
from ._fields import EXTRA, SCALARS, Shape, wire_name
from ._models import (
    BulkUpdatePersonalAccessTokensRequest,
    CreatePersonalAccessTokenRequest,
    JsonPatchOperation,
    is_model,
    is_model_sequence,
)
from ._rules import (
    BULK_PATHS,
    MAX_BULK_IDS,
    MAX_VALIDITY_SECONDS,
    MIN_VALIDITY_SECONDS,
    NEEDS_FROM,
    NEEDS_VALUE,
)
from ._values import JsonValue

# RFC 3339 date-times that name a day and a time of day, as `loads` reads
# them: no month 13, no 30 February, 29 February in leap years only, no hour
# 24 or second 60, offsets up to 23:59.  [0-9], not \d, which is any
# script's digit in Python's regular expressions; and the end is "nothing
# follows", not $, which Python lets a final newline follow.
_YEAR = "(?!0000)[0-9]{4}"
_LEAP_YEAR = "(?!0000)(?:[0-9]{2}(?:0[48]|[2468][048]|[13579][26])|(?:[02468][048]|[13579][26])00)"
_DATE = (
    f"(?:{_YEAR}-(?:0[1-9]|1[0-2])-(?:0[1-9]|1[0-9]|2[0-8])"
    f"|{_YEAR}-(?:0[13-9]|1[0-2])-(?:29|30)"
    f"|{_YEAR}-(?:0[13578]|1[02])-31"
    f"|{_LEAP_YEAR}-02-29)"
)
_TIME = "(?:[01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](?:[.][0-9]+)?"
_OFFSET = "(?:[Zz]|[+-](?:[01][0-9]|2[0-3]):[0-5][0-9])"
_TIMESTAMP = {
    "type": "string",
    "format": "date-time",
    # format is only an annotation by default: the pattern is what holds.
    "pattern": f"^{_DATE}[Tt]{_TIME}{_OFFSET}(?![\\s\\S])",
}
_POINTER = {"type": "string", "pattern": "^(/([^~]|~[01])*)?$"}
_JSON_TYPES = {str: "string", int: "integer", bool: "boolean"}


def json_schema(cls: Any) -> dict[str, Any]:
    """
    Return the JSON Schema (draft 2020-12) of *cls*'s wire form.

    camelCase keys, ``date-time`` timestamps, ``null`` where the API allows
    it, required keys, enums (open ones as their known values or any
    string), bounds, and the rules every API version enforces.  Unknown keys
    are allowed, as the converter keeps them.

    Args:
        cls: A model class, or a list of one (``list[JsonPatchOperation]``),
            as `loads` takes.

    Raises:
        ValidationError: *cls* is neither.
    """
    definitions: dict[str, Any] = {}
    if is_model_sequence(cls):
        item = typing.get_args(cls)[0]
        title = f"list[{item.__name__}]"
        body = {"type": "array", "items": _value(Shape.of(item), definitions)}
    elif is_model(cls):
        title = cls.__name__
        body = _object(cls, definitions)
        definitions.pop(cls.__name__, None)
    else:
        name = cls.__name__ if isinstance(cls, type) else type(cls).__name__
        problem = f"expected a pat_models class or a list of one, got {name}"
        raise ValidationError([("$", problem)])
    schema: dict[str, Any] = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": title,
        **body,
    }
    if definitions:
        schema["$defs"] = definitions
    return schema


def _object(cls: type, definitions: dict[str, Any]) -> dict[str, Any]:
    properties: dict[str, Any] = {}
    required = []
    for field in attrs.fields(cls):
        if field.name == EXTRA:
            continue
        shape = Shape.of(field.type)
        key = wire_name(field.name)
        properties[key] = _value(shape, definitions)
        if not shape.optional:
            required.append(key)
    schema: dict[str, Any] = {"type": "object", "properties": properties}
    if required:
        schema["required"] = required
    _add_rules(cls, schema)
    return schema


def _value(shape: Shape, definitions: dict[str, Any]) -> dict[str, Any]:
    core = shape.core
    schema: dict[str, Any]
    if core in SCALARS:
        schema = {"type": _JSON_TYPES[core]}
    elif core is pendulum.DateTime:
        schema = dict(_TIMESTAMP)
    elif core is JsonValue:
        return {}
    elif (known := shape.enum) is not None:
        schema = {"enum": [member.value for member in known]}
        if shape.open:
            schema = {"anyOf": [schema, {"type": "string"}]}
    elif (item := shape.sequence_of) is not None:
        schema = {"type": "array", "items": _value(Shape.of(item), definitions)}
    elif is_model(core):
        if core.__name__ not in definitions:
            definitions[core.__name__] = {}  # a placeholder, for recursion
            definitions[core.__name__] = _object(core, definitions)
        schema = {"$ref": f"#/$defs/{core.__name__}"}
    else:  # pragma: no cover - every field type of the models is handled above
        msg = f"no schema for {core!r}"
        raise TypeError(msg)
    return {"anyOf": [schema, {"type": "null"}]} if shape.nullable else schema


def _add_rules(cls: type, schema: dict[str, Any]) -> None:
    """Add the rules of `_rules` that JSON Schema can state."""
    properties = schema["properties"]
    if cls is CreatePersonalAccessTokenRequest:
        properties["name"]["minLength"] = 1
        validity = properties["accessTokenValiditySeconds"]["anyOf"][0]
        validity |= {"minimum": MIN_VALIDITY_SECONDS, "maximum": MAX_VALIDITY_SECONDS}
    elif cls is JsonPatchOperation:
        properties["path"] = dict(_POINTER)
        properties["from"] = {"anyOf": [dict(_POINTER), {"type": "null"}]}
        # One branch for each group of operations, not if/then: the same
        # documents, and a generator of examples picks a branch instead of
        # discarding what breaks a rule.
        schema["anyOf"] = [
            {"properties": {"op": {"enum": sorted(NEEDS_VALUE)}}, "required": ["value"]},
            {
                "properties": {"op": {"enum": sorted(NEEDS_FROM)}, "from": {"type": "string"}},
                "required": ["from"],
            },
            {"properties": {"op": {"const": "remove"}}},
        ]
    elif cls is BulkUpdatePersonalAccessTokensRequest:
        properties["ids"] |= {"minItems": 1, "maxItems": MAX_BULK_IDS, "uniqueItems": True}
        properties["ids"]["items"]["pattern"] = r"\S"
        operation = properties["patch"]["items"]
        properties["patch"]["minItems"] = 1
        # One branch a path, not if/then, for the same reason.
        properties["patch"]["items"] = {
            "anyOf": [
                {
                    "allOf": [
                        operation,
                        {"properties": {"path": {"const": path}, "op": {"enum": sorted(ops)}}},
                    ]
                }
                for path, ops in BULK_PATHS.items()
            ]
        }
