"""
The rules every version of the PAT API enforces beyond types, each with what JSON Schema says of it.

A rule on one field sits in that field's metadata (``metadata={"rules": (...)}``);
a rule across a model's fields is its ``__pat_rules__`` (see `_fields.Model`).  Either way a
rule yields its violations by attribute path (``("patch", 1, "path")``), which
building names in a `ValueError` and reading as the wire path
``$.patch[1].path``, and says in `schema` what JSON Schema states of it: the
checks and the schema are written side by side, once.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from ._absent import ABSENT
from ._fields import Violation

MIN_VALIDITY_SECONDS, MAX_VALIDITY_SECONDS = 15, 43200
MAX_BULK_IDS = 25
NEEDS_VALUE = frozenset({"add", "replace", "test"})
NEEDS_FROM = frozenset({"move", "copy"})
# Operations by their values: a PatchOp member is equal to, and hashes as, its value.
BULK_PATHS = {
    "/expirationDate": frozenset({"replace", "remove"}),
    "/userAwareTokenNeverExpires": frozenset({"add", "replace", "remove"}),
}
NOT_A_POINTER = "must be a JSON Pointer, such as /name"

# RFC 6901: empty, or "/"-led tokens in which "~" only starts "~0" or "~1".
# Two plain tests, not one pattern: a repeated group keeps state per character.
_BAD_TILDE = re.compile("~(?![01])")
# (?![\s\S]), not $: Python's $ lets a final newline follow.
_POINTER_PATTERN = "^(/([^~]|~[01])*)?(?![\\s\\S])"


def is_pointer(text: str) -> bool:
    """Tell whether *text* is an RFC 6901 JSON Pointer."""
    return (not text or text[0] == "/") and _BAD_TILDE.search(text) is None


class NotEmpty:
    """A string that is not empty."""

    def violations(self, value: str) -> Iterator[Violation]:
        if value == "":
            yield (), "must not be empty"

    def schema(self, schema: dict[str, Any]) -> dict[str, Any]:
        return {**schema, "minLength": 1}


class ValiditySeconds:
    """How long an access token lives: between two bounds, both allowed."""

    low, high = MIN_VALIDITY_SECONDS, MAX_VALIDITY_SECONDS

    def violations(self, value: int) -> Iterator[Violation]:
        if not self.low <= value <= self.high:
            yield (), f"must be between {self.low} and {self.high} seconds"

    def schema(self, schema: dict[str, Any]) -> dict[str, Any]:
        return {**schema, "minimum": self.low, "maximum": self.high}


class Pointer:
    """A JSON Pointer, such as ``/name``."""

    def violations(self, value: str) -> Iterator[Violation]:
        if not is_pointer(value):
            yield (), NOT_A_POINTER

    def schema(self, schema: dict[str, Any]) -> dict[str, Any]:
        return {**schema, "pattern": _POINTER_PATTERN}


class TokenIds:
    """1 to 25 token ids, none blank, none twice."""

    def violations(self, ids: tuple[str, ...]) -> Iterator[Violation]:
        if not 1 <= len(ids) <= MAX_BULK_IDS:
            yield (), f"must hold 1 to {MAX_BULK_IDS} token ids, not {len(ids)}"
        seen: dict[str, int] = {}
        for index, token_id in enumerate(ids):
            if not token_id.strip():
                yield (index,), "must not be blank"
            elif token_id in seen:
                yield (index,), f"repeats ids[{seen[token_id]}]"
            seen.setdefault(token_id, index)

    def schema(self, schema: dict[str, Any]) -> dict[str, Any]:
        items = {**schema["items"], "pattern": r"\S"}
        bounds = {"minItems": 1, "maxItems": MAX_BULK_IDS, "uniqueItems": True}
        return {**schema, **bounds, "items": items}


class BulkPatch:
    """At least one operation, each on a path the bulk update patches, with an op it takes there."""

    def violations(self, patch: tuple[Any, ...]) -> Iterator[Violation]:
        if not patch:
            yield (), "must hold at least one operation"
        for index, operation in enumerate(patch):
            allowed = BULK_PATHS.get(operation.path)
            if allowed is None:
                paths = " and ".join(BULK_PATHS)
                yield (index, "path"), f"the bulk update patches only {paths}"
            elif operation.op not in allowed:
                ops = " or ".join(sorted(allowed))
                yield (index, "op"), f"{operation.path} takes {ops} here"

    def schema(self, schema: dict[str, Any]) -> dict[str, Any]:
        # One branch a path, not if/then: the same documents, and a generator
        # of examples picks a branch instead of discarding what breaks a rule.
        path_and_op = [
            {"properties": {"path": {"const": path}, "op": {"enum": sorted(ops)}}}
            for path, ops in BULK_PATHS.items()
        ]
        items = {"anyOf": [{"allOf": [schema["items"], branch]} for branch in path_and_op]}
        return {**schema, "minItems": 1, "items": items}


class PatchOperation:
    """An operation has what its op needs: value for add, replace and test; from for move, copy."""

    def __call__(self, operation: Any) -> Iterator[Violation]:
        if operation.op in NEEDS_VALUE and operation.value is ABSENT:
            yield ("value",), f"missing: {operation.op} needs a value"
        if operation.op in NEEDS_FROM and operation.from_ in (ABSENT, None):
            yield ("from_",), f"missing: {operation.op} needs from"

    def schema(self, schema: dict[str, Any]) -> dict[str, Any]:
        # One branch for each group of operations, as for BulkPatch.
        schema["anyOf"] = [
            {"properties": {"op": {"enum": sorted(NEEDS_VALUE)}}, "required": ["value"]},
            {
                "properties": {"op": {"enum": sorted(NEEDS_FROM)}, "from": {"type": "string"}},
                "required": ["from"],
            },
            {"properties": {"op": {"const": "remove"}}},
        ]
        return schema
