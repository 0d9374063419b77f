"""
The personal access token objects, as Python sees them.

Frozen, slotted, keyword-only attrs classes with snake_case attributes.  They
know nothing of JSON: key names, the timestamp format and the policy for
unknown keys belong to the converter.

Two states need care.  A key that an older API version did not send yet is
`ABSENT`; a key sent as ``null`` is ``None``.  Keys a newer API version sends
that these classes do not know yet are kept in ``extra``, so that writing an
object back loses nothing.
"""

# No ``from __future__ import annotations``: the converter reads these
# annotations as real types.

import enum
from collections.abc import Iterable, Mapping
from typing import Any

import attrs
import pendulum

from ._absent import ABSENT, Absent
from ._datetime import to_utc_millis
from ._frozen import EMPTY, JsonValue, freeze_mapping


class OwnerType(str, enum.Enum):
    """
    The known kinds of token owner.

    An open enum: a value the API adds later stays a plain `str` instead of
    being rejected, and compares equal to the string it came from.
    """

    IDENTITY = "IDENTITY"

    def __str__(self) -> str:
        return self.value


def _str_tuple(value: Iterable[str] | Absent | None) -> tuple[str, ...] | Absent | None:
    if value is None or value is ABSENT or type(value) is tuple:
        return value
    if isinstance(value, str):
        msg = "expected an iterable of strings, got a single string"
        raise TypeError(msg)
    return tuple(value)


def _timestamp_or(value: pendulum.DateTime | Absent | None) -> pendulum.DateTime | Absent | None:
    if value is None or value is ABSENT:
        return value
    return to_utc_millis(value)


def _keys_only(extra: Mapping[str, JsonValue]) -> str:
    # An unknown key may well be a new secret: a repr shows its name only.
    return repr(list(extra))


def _extra() -> Any:  # what attrs.field returns with a converter
    return attrs.field(default=EMPTY, converter=freeze_mapping, repr=_keys_only)


@attrs.frozen(kw_only=True)
class PatOwner:
    """
    Who owns a token.

    Attributes:
        type: What kind of object the owner is; `OwnerType.IDENTITY` for
            every token since November 2023, before that any of the
            platform's object types, kept as a string.
        id: The owner's id.
        name: The owner's display name.
        extra: Keys the API sent that this class does not know, by wire name,
            with their values frozen; `repr` shows their names only.
    """

    type: OwnerType | str | Absent = ABSENT
    id: str | Absent = ABSENT
    name: str | Absent = ABSENT
    extra: Mapping[str, JsonValue] = _extra()


@attrs.frozen(kw_only=True)
class CreatePersonalAccessTokenResponse:
    """
    A newly created token, with the only copy of its secret.

    ``id`` and ``secret`` are the client id and secret (or Basic Auth user
    name and password) of the token; the secret is left out of `repr` and
    `str`.

    Attributes:
        id: The token's id.
        secret: The token's secret, shown by the API only in this response.
        scope: The token's scopes; `None` when the API sent ``null``, `ABSENT`
            in responses from before November 2022.
        name: The token's name, unique among its owner's tokens.
        owner: Who owns the token.
        created: When the token was created, in UTC.
        access_token_validity_seconds: How long an access token minted from
            this token lives; `ABSENT` before October 2024.
        expiration_date: When the token expires, in UTC; `None` for a token
            that never expires, `ABSENT` before July 2025.
        extra: Keys the API sent that this class does not know, as for
            `PatOwner`.
    """

    id: str
    secret: str = attrs.field(repr=False)
    scope: tuple[str, ...] | Absent | None = attrs.field(default=ABSENT, converter=_str_tuple)
    name: str
    owner: PatOwner
    created: pendulum.DateTime = attrs.field(converter=to_utc_millis)
    access_token_validity_seconds: int | Absent = ABSENT
    expiration_date: pendulum.DateTime | Absent | None = attrs.field(
        default=ABSENT, converter=_timestamp_or
    )
    extra: Mapping[str, JsonValue] = _extra()
