"""
The PATCH operations a token takes, built right: paths, values, timestamps.

Each function returns a tuple of operations, so that changes combine with
``+`` into one PATCH body: ``dumps(patch_name("ci") + patch_expiration(None))``.
"""

# No ``from __future__ import annotations``: the fields read these
# annotations as real types.

import datetime as dt
from collections.abc import Iterable, Mapping

import attrs

from ._absent import ABSENT, Absent
from ._fields import SERVER_NULL, Model, checked
from ._models import StrEnum, as_tuple, extra_field, open_value_field
from ._rules import BulkPatch, PatchOperation, Pointer, TokenIds
from ._timestamps import format_timestamp, to_utc_millis
from ._values import JsonValue, plain_text


class PatchOp(StrEnum):
    """The six operations of RFC 6902 JSON Patch; no others exist."""

    ADD = "add"
    REMOVE = "remove"
    REPLACE = "replace"
    MOVE = "move"
    COPY = "copy"
    TEST = "test"


@attrs.frozen(kw_only=True, field_transformer=checked)
class JsonPatchOperation(Model):
    """
    One operation of an RFC 6902 JSON Patch, as the PATCH endpoints take them.

    ``value`` is any JSON value; a ``null`` value (`None`) is a value, unlike
    an absent one (`ABSENT`).  ``add``, ``replace`` and ``test`` need a
    value, ``move`` and ``copy`` need ``from_``.

    Attributes:
        op: The operation.
        path: The JSON Pointer it applies to, such as ``/name``.
        value: The value to add, replace with or test against.
        from_: The JSON Pointer to move or copy from (``from`` on the wire).
        extra: Keys this class does not know, by wire name.
    """

    op: PatchOp
    path: str = attrs.field(metadata={"rules": (Pointer(),)})
    value: JsonValue | Absent = open_value_field()
    from_: str | Absent | None = attrs.field(
        default=ABSENT, metadata={**SERVER_NULL, "rules": (Pointer(),)}
    )
    extra: Mapping[str, JsonValue] = extra_field()

    __pat_rules__ = PatchOperation()


@attrs.frozen(kw_only=True, field_transformer=checked)
class BulkUpdatePersonalAccessTokensRequest(Model):
    """
    The body of ``/personal-access-tokens/v1/bulk-update``.

    Attributes:
        ids: The tokens to update: 1 to 25 distinct, non-blank ids.
        patch: The operations to apply to each, at least one; only
            ``/expirationDate`` (replace or remove) and
            ``/userAwareTokenNeverExpires`` may be patched this way.
        extra: Keys this class does not know, by wire name.
    """

    ids: tuple[str, ...] = attrs.field(converter=as_tuple, metadata={"rules": (TokenIds(),)})
    patch: tuple[JsonPatchOperation, ...] = attrs.field(
        converter=as_tuple, metadata={"rules": (BulkPatch(),)}
    )
    extra: Mapping[str, JsonValue] = extra_field()


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
        return plain_text(value)
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
