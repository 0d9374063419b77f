"""
The rules every version of the PAT API enforces, beyond types.

A rule reports a violation by attribute path (``("patch", 1, "path")``):
a model built in Python names it so in its `ValueError`, the converter as the
wire path ``$.patch[1].path``.  Every instance keeps the rules, whether it was
read or built, so pat_models never writes a body the API refuses.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any

from ._absent import ABSENT

if TYPE_CHECKING:  # the models call these rules: they cannot be imported here
    from ._models import (
        BulkUpdatePersonalAccessTokensRequest,
        CreatePersonalAccessTokenRequest,
        JsonPatchOperation,
    )

Violation = tuple[tuple[str | int, ...], str]

MIN_VALIDITY_SECONDS, MAX_VALIDITY_SECONDS = 15, 43200
MAX_BULK_IDS = 25
# Operations by their values: a PatchOp member is equal to, and hashes as, its value.
BULK_PATHS = {
    "/expirationDate": frozenset({"replace", "remove"}),
    "/userAwareTokenNeverExpires": frozenset({"add", "replace", "remove"}),
}

# RFC 6901: empty, or "/"-led tokens in which "~" only starts "~0" or "~1".
# Two plain tests, not one pattern: a repeated group keeps state per character.
_BAD_TILDE = re.compile("~(?![01])")


def _is_pointer(text: str) -> bool:
    return (not text or text[0] == "/") and _BAD_TILDE.search(text) is None


NEEDS_VALUE = frozenset({"add", "replace", "test"})
NEEDS_FROM = frozenset({"move", "copy"})


def create_request(request: CreatePersonalAccessTokenRequest) -> Iterator[Violation]:
    if request.name == "":
        yield ("name",), "must not be empty"
    seconds = request.access_token_validity_seconds
    if type(seconds) is int and not MIN_VALIDITY_SECONDS <= seconds <= MAX_VALIDITY_SECONDS:
        yield (
            ("access_token_validity_seconds",),
            f"must be between {MIN_VALIDITY_SECONDS} and {MAX_VALIDITY_SECONDS} seconds",
        )


def patch_operation(operation: JsonPatchOperation) -> Iterator[Violation]:
    if not _is_pointer(operation.path):
        yield ("path",), "must be a JSON Pointer, such as /name"
    if isinstance(operation.from_, str) and not _is_pointer(operation.from_):
        yield ("from_",), "must be a JSON Pointer, such as /name"
    if operation.op in NEEDS_VALUE and operation.value is ABSENT:
        yield ("value",), f"missing: {operation.op} needs a value"
    if operation.op in NEEDS_FROM and operation.from_ in (ABSENT, None):
        yield ("from_",), f"missing: {operation.op} needs from"


def bulk_request(request: BulkUpdatePersonalAccessTokensRequest) -> Iterator[Violation]:
    if not 1 <= len(request.ids) <= MAX_BULK_IDS:
        yield ("ids",), f"must hold 1 to {MAX_BULK_IDS} token ids, not {len(request.ids)}"
    seen: dict[str, int] = {}
    for index, token_id in enumerate(request.ids):
        if not token_id.strip():
            yield ("ids", index), "must not be blank"
        elif token_id in seen:
            yield ("ids", index), f"repeats ids[{seen[token_id]}]"
        seen.setdefault(token_id, index)
    if not request.patch:
        yield ("patch",), "must hold at least one operation"
    for index, operation in enumerate(request.patch):
        allowed = BULK_PATHS.get(operation.path)
        if allowed is None:
            yield (
                ("patch", index, "path"),
                "the bulk update patches only /expirationDate and /userAwareTokenNeverExpires",
            )
        elif operation.op not in allowed:
            ops = " or ".join(sorted(allowed))
            yield ("patch", index, "op"), f"{operation.path} takes {ops} here"


class RuleError(ValueError):
    """
    A model breaks the rules its ``__attrs_post_init__`` keeps.

    The message names each violation as a wrong type is named
    (``CreatePersonalAccessTokenRequest.name: must not be empty``), for a
    model built in Python; the converter reads `violations` for wire paths.

    Attributes:
        violations: Each violation's attribute path and message.
    """

    def __init__(self, message: str, violations: list[Violation]) -> None:
        super().__init__(message)
        self.violations = violations

    def __reduce__(self) -> tuple[type[RuleError], tuple[str, list[Violation]]]:
        return (type(self), (str(self), self.violations))


def refuse(obj: object, rules: Callable[[Any], Iterator[Violation]]) -> None:
    """
    Raise if *obj* breaks *rules*; for a model's ``__attrs_post_init__``.

    Raises:
        RuleError: every violation, each named by its attribute path.
    """
    violations = list(rules(obj))
    if violations:
        name = type(obj).__name__
        msg = "; ".join(f"{name}.{_attribute_path(steps)}: {text}" for steps, text in violations)
        raise RuleError(msg, violations)


def _attribute_path(steps: tuple[str | int, ...]) -> str:
    path = ""
    for step in steps:
        path += f"[{step}]" if isinstance(step, int) else f".{step}"
    return path.lstrip(".")
