"""
The PATCH operations a token takes, built right: paths, values, timestamps.

Each function returns a tuple of operations, so that changes combine with
``+`` into one PATCH body: ``dumps(patch_name("ci") + patch_expiration(None))``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from ._fields import check_text
from ._models import JsonPatchOperation, PatchOp
from ._timestamps import format_timestamp, to_utc_millis


def patch_name(name: str) -> tuple[JsonPatchOperation, ...]:
    """
    Rename a token.

    Raises:
        TypeError: *name* is not a string.
        ValueError: *name* is empty, which the API refuses.
    """
    name = _text("name", name)
    if not name:
        msg = "a token's name must not be empty"
        raise ValueError(msg)
    return (JsonPatchOperation(op=PatchOp.REPLACE, path="/name", value=name),)


def _text(what: str, value: object) -> str:
    try:
        return check_text(value)
    except TypeError:
        msg = f"expected a str for the {what}, got {type(value).__name__}"
        raise TypeError(msg) from None


def patch_scope(scope: Iterable[str]) -> tuple[JsonPatchOperation, ...]:
    """
    Replace a token's scopes.

    Raises:
        TypeError: *scope* is a single string or bytes, not an iterable of
            them, or holds something that is not a string.
    """
    if isinstance(scope, (str, bytes, bytearray)):
        msg = f"expected an iterable of scopes, got a single {type(scope).__name__}"
        raise TypeError(msg)
    scopes = [_text("scope", item) for item in scope]
    if isinstance(scope, (set, frozenset)):
        scopes.sort()  # a set has no order of its own: sorted, it is written the same way every run
    return (JsonPatchOperation(op=PatchOp.REPLACE, path="/scope", value=tuple(scopes)),)


def patch_expiration(when: dt.datetime | None) -> tuple[JsonPatchOperation, ...]:
    """
    Set when a token expires, or with `None` make it never expire (v2025 and later).

    The acknowledgement flag ``/userAwareTokenNeverExpires`` travels with the
    date, as the API requires: true, and first, when the date is cleared, so
    no intermediate state lacks it; false when a date is set.

    Raises:
        ValueError: *when* is a naive datetime.
    """
    if when is None:
        return (
            JsonPatchOperation(op=PatchOp.REPLACE, path="/userAwareTokenNeverExpires", value=True),
            JsonPatchOperation(op=PatchOp.REPLACE, path="/expirationDate", value=None),
        )
    stamp = format_timestamp(to_utc_millis(when))
    return (
        JsonPatchOperation(op=PatchOp.REPLACE, path="/expirationDate", value=stamp),
        JsonPatchOperation(op=PatchOp.REPLACE, path="/userAwareTokenNeverExpires", value=False),
    )
