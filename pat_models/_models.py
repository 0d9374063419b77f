"""
The personal access token objects, as Python sees them.

Frozen, slotted, keyword-only attrs classes with snake_case attributes.  They
know nothing of JSON: key names, the timestamp format and the policy for
unknown keys belong to the converter.

Each field states its facts in its declaration (see `_fields`): the
annotation what it holds and whether it may be absent or null, the metadata
whether that null is only the server's and which rules the value keeps.  An
instance only ever holds what the wire can carry, so any instance writes a
body that loads back equal.

Two states need care.  A key that an older API version did not send yet is
`ABSENT`; a key sent as ``null`` is ``None``.  ``None`` is allowed where the
spec says a key may be null, and in the keys the spec leaves optional where
the server sends ``null`` too (`SERVER_NULL`; the converter's
``null="reject"`` refuses those).  Keys a newer API version sends that these
classes do not know yet are kept in ``extra``, so that writing an object back
loses nothing.
"""

# No ``from __future__ import annotations``: the fields read these
# annotations as real types.

import datetime as dt
import enum
from collections.abc import Iterable, Mapping
from typing import Any

import attrs
import pendulum

from ._absent import ABSENT, Absent
from ._errors import a_type
from ._fields import API_DEFAULT, SERVER_NULL, Model, checked
from ._redaction import masked_objects
from ._rules import MAX_VALIDITY_SECONDS, NotEmpty, ValiditySeconds
from ._timestamps import to_utc_millis
from ._values import EMPTY, JsonValue, freeze, freeze_mapping, json_key


class StrEnum(str, enum.Enum):
    """A string enum whose members print as their wire values."""

    def __str__(self) -> str:
        return str.__str__(self)


class OwnerType(StrEnum):
    """
    The known kinds of token owner.

    An open enum: a value the API adds later stays a plain `str` instead of
    being rejected, and compares equal to the string it came from.
    """

    IDENTITY = "IDENTITY"


def as_tuple(value: Iterable[Any] | Absent | None) -> tuple[Any, ...] | Absent | None:
    """
    Return the items of *value*, which is an array: not a string, bytes or a mapping.

    `ABSENT` and `None`, where a field takes them, never get here: the
    field's converter returns them first.  (Not generic: mypy's attrs plugin cannot solve a
    converter's type variable, and would refuse every list.)
    """
    if type(value) is tuple:
        return value
    if isinstance(value, (str, bytes, bytearray, Mapping)) or not isinstance(value, Iterable):
        msg = f"expected an iterable of items, got {type(value).__name__}"
        raise TypeError(msg)
    if isinstance(value, (set, frozenset)):
        # A set has no order of its own: strings are sorted, so that the same
        # set is written the same way every run; anything else is refused.
        if not all(type(item) is str for item in value):
            msg = f"{a_type(value)} has no order: pass a list or a tuple"
            raise TypeError(msg)
        return tuple(sorted(value))
    return tuple(value)


def _frozen_or(value: object) -> JsonValue | Absent:
    return value if value is ABSENT else freeze(value)


def _timestamp_or(value: dt.datetime | Absent | None) -> pendulum.DateTime | Absent | None:
    if value is None or value is ABSENT:
        return value
    return to_utc_millis(value)


def _keys_only(extra: Mapping[str, JsonValue]) -> str:
    # An unknown key may well be a new secret: a repr shows its name only.
    return repr(list(extra))


def extra_field() -> Any:  # what attrs.field returns with a converter
    return attrs.field(default=EMPTY, converter=freeze_mapping, repr=_keys_only, eq=json_key)


def open_value_field() -> Any:  # what attrs.field returns with a converter
    return attrs.field(default=ABSENT, converter=_frozen_or, repr=_objects_masked, eq=json_key)


def server_null_field(api_default: object = ABSENT) -> Any:
    return attrs.field(default=ABSENT, metadata={**SERVER_NULL, API_DEFAULT: api_default})


def _objects_masked(value: JsonValue | Absent) -> str:
    # An object's keys there are unknown too: names shown, values masked.
    return repr(value if value is ABSENT else masked_objects(value))


@attrs.frozen(kw_only=True, field_transformer=checked)
class PatOwner(Model):
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

    type: OwnerType | str | Absent | None = server_null_field()
    id: str | Absent | None = server_null_field()
    name: str | Absent | None = server_null_field()
    extra: Mapping[str, JsonValue] = extra_field()


@attrs.frozen(kw_only=True, field_transformer=checked)
class CreatePersonalAccessTokenResponse(Model):
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
    scope: tuple[str, ...] | Absent | None = attrs.field(default=ABSENT, converter=as_tuple)
    name: str
    owner: PatOwner
    created: pendulum.DateTime = attrs.field(converter=to_utc_millis)
    access_token_validity_seconds: int | Absent = attrs.field(
        default=ABSENT, metadata={API_DEFAULT: MAX_VALIDITY_SECONDS}
    )
    # Declared non-null, yet sent as null for a token that never expires (v2025 and later).
    expiration_date: pendulum.DateTime | Absent | None = attrs.field(
        default=ABSENT, converter=_timestamp_or, metadata=SERVER_NULL
    )
    extra: Mapping[str, JsonValue] = extra_field()


@attrs.frozen(kw_only=True, field_transformer=checked)
class CreatePersonalAccessTokenRequest(Model):
    """
    The body of ``POST /personal-access-tokens``.

    Only what is set is sent: a request made with ``name`` alone is written as
    ``{"name": ...}``, and the server applies its own defaults.

    Attributes:
        name: The token's name; not empty.
        scope: The scopes to grant; when absent the server grants
            ``sp:scopes:all``.
        access_token_validity_seconds: How long access tokens minted from the
            token live, 15 to 43200; the server's default is 43200.
        expiration_date: When the token expires.  Before v2025, absent means
            six months after creation; from v2025 on, null or absent means
            never, which ``user_aware_token_never_expires`` must acknowledge.
        user_aware_token_never_expires: The acknowledgement that a token
            without an expiration date never expires (v2025 and later).
        extra: Keys to send that this class does not know, by wire name.
    """

    name: str = attrs.field(metadata={"rules": (NotEmpty(),)})
    scope: tuple[str, ...] | Absent | None = attrs.field(
        default=ABSENT, converter=as_tuple, metadata={API_DEFAULT: ("sp:scopes:all",)}
    )
    access_token_validity_seconds: int | Absent | None = attrs.field(
        default=ABSENT,
        metadata={"rules": (ValiditySeconds(),), API_DEFAULT: MAX_VALIDITY_SECONDS},
    )
    expiration_date: pendulum.DateTime | Absent | None = attrs.field(
        default=ABSENT, converter=_timestamp_or
    )
    user_aware_token_never_expires: bool | Absent | None = attrs.field(
        default=ABSENT, metadata={API_DEFAULT: False}
    )
    extra: Mapping[str, JsonValue] = extra_field()


@attrs.frozen(kw_only=True, field_transformer=checked)
class GetPersonalAccessTokenResponse(Model):
    """
    A token as listed, patched or bulk-updated: everything but the secret.

    Attributes:
        id: The token's id.
        name: The token's name.
        scope: The token's scopes; `None` for ``null``, `ABSENT` in listings
            from before November 2022.
        owner: Who owns the token.
        created: When the token was created, in UTC.
        last_used: When the token was last used (updated at most once a
            day); `None` if never, `ABSENT` before February 2023.
        managed: Whether the platform manages the token (Workflows, say);
            the API's default when absent is false.
        access_token_validity_seconds: How long minted access tokens live;
            the API's default when absent is 43200.
        expiration_date: When the token expires; `None` if never.
        user_aware_token_never_expires: Whether the never-expiring state was
            acknowledged (v2025 and later); the API's default is false.
        extra: Keys the API sent that this class does not know, by wire name.
    """

    id: str
    name: str
    scope: tuple[str, ...] | Absent | None = attrs.field(default=ABSENT, converter=as_tuple)
    owner: PatOwner
    created: pendulum.DateTime = attrs.field(converter=to_utc_millis)
    last_used: pendulum.DateTime | Absent | None = attrs.field(
        default=ABSENT, converter=_timestamp_or
    )
    managed: bool | Absent | None = server_null_field(api_default=False)
    access_token_validity_seconds: int | Absent | None = server_null_field(
        api_default=MAX_VALIDITY_SECONDS
    )
    expiration_date: pendulum.DateTime | Absent | None = attrs.field(
        default=ABSENT, converter=_timestamp_or
    )
    user_aware_token_never_expires: bool | Absent | None = server_null_field(api_default=False)
    extra: Mapping[str, JsonValue] = extra_field()
