"""
The bodies of the PAT API's error responses, whichever of their three shapes they have.

400, 403, 404 and 500 send an `ErrorResponseDto`, 401 ``{"error": ...}`` and
429 ``{"message": ...}``; proxies and gateways send anything at all.
"""

# No ``from __future__ import annotations``: the fields read these
# annotations as real types.

import functools
from collections.abc import Collection, Mapping
from typing import TYPE_CHECKING, Any

import attrs

from ._absent import ABSENT, Absent
from ._errors import ValidationError, a_type
from ._fields import EXTRA, SERVER_NULL, Model, checked, fields_of
from ._json import parse
from ._models import StrEnum, as_tuple, extra_field, open_value_field, server_null_field
from ._values import JsonValue
from ._wire import structure

if TYPE_CHECKING:
    import cattrs


class LocaleOrigin(StrEnum):
    """
    Where an error message's locale came from.

    An open enum: the API says values "may be added in the future without
    notice", so a new one stays a plain `str`.
    """

    DEFAULT = "DEFAULT"
    REQUEST = "REQUEST"


@attrs.frozen(kw_only=True, field_transformer=checked)
class ErrorMessageDto(Model):
    """
    One localized message of an error response.

    Attributes:
        locale: The message's BCP 47 language tag, or `None`.
        locale_origin: Where the locale came from, or `None`.
        text: The message.
        extra: Keys the API sent that this class does not know, by wire name.
    """

    locale: str | Absent | None = ABSENT
    locale_origin: LocaleOrigin | str | Absent | None = ABSENT
    text: str | Absent | None = server_null_field()
    extra: Mapping[str, JsonValue] = extra_field()


@attrs.frozen(kw_only=True, field_transformer=checked)
class ErrorResponseDto(Model):
    """
    The body of a 400, 403, 404 or 500 response.

    Attributes:
        detail_code: A short code, such as ``403 Forbidden``.
        tracking_id: The id to quote to SailPoint support.
        messages: What went wrong, in one or more locales.
        causes: Messages for the underlying causes.
        extra: Keys the API sent that this class does not know, by wire name.
    """

    detail_code: str | Absent | None = server_null_field()
    tracking_id: str | Absent | None = server_null_field()
    messages: tuple[ErrorMessageDto, ...] | Absent | None = attrs.field(
        default=ABSENT, converter=as_tuple, metadata=SERVER_NULL
    )
    causes: tuple[ErrorMessageDto, ...] | Absent | None = attrs.field(
        default=ABSENT, converter=as_tuple, metadata=SERVER_NULL
    )
    extra: Mapping[str, JsonValue] = extra_field()


@attrs.frozen(kw_only=True, field_transformer=checked)
class ListPersonalAccessTokensV1401Response(Model):
    """
    The body of a 401 response, named as in the SDK.

    Attributes:
        error: What went wrong; the spec says an object, the API sends a
            string (``"JWT validation failed: JWT is expired"``): any JSON
            value is kept as it came.
        extra: Keys the API sent that this class does not know, by wire name.
    """

    error: JsonValue | Absent = open_value_field()
    extra: Mapping[str, JsonValue] = extra_field()


@attrs.frozen(kw_only=True, field_transformer=checked)
class ListPersonalAccessTokensV1429Response(Model):
    """
    The body of a 429 response, named as in the SDK; wait as ``Retry-After`` says.

    Attributes:
        message: What went wrong (``"Rate Limit Exceeded"``); any JSON value.
        extra: Keys the API sent that this class does not know, by wire name.
    """

    message: JsonValue | Absent = open_value_field()
    extra: Mapping[str, JsonValue] = extra_field()


@attrs.frozen(kw_only=True)
class UnreadableErrorBody:
    """
    An error response whose body is none of the API's three shapes: a gateway's HTML page, say.

    `load_error_response` returns it instead of raising, so that an error
    handler needs no handler of its own.  It never holds the body, which
    may echo a credential; only what a log needs.

    Attributes:
        status: The HTTP status code.
        reason: Why the body could not be read, by wire paths and JSON types
            (``the body is empty``, ``not valid JSON: Expecting value at line
            1 column 1``).
        size: The length of the body, in bytes or characters as given.
    """

    status: int
    reason: str
    size: int


ErrorBody = (
    ErrorResponseDto
    | ListPersonalAccessTokensV1401Response
    | ListPersonalAccessTokensV1429Response
    | UnreadableErrorBody
)

_BY_STATUS: dict[int, type[ErrorBody]] = {
    401: ListPersonalAccessTokensV1401Response,
    429: ListPersonalAccessTokensV1429Response,
}


@functools.cache
def _dto_keys() -> frozenset[str]:
    return frozenset(field.key for field in fields_of(ErrorResponseDto) if field.name != EXTRA)


def error_body_type(keys: Collection[str], status: int | None = None) -> type[ErrorBody] | None:
    """
    Tell which of the three error shapes an object with *keys* is; None if nothing tells.

    The keys decide, since proxies and gateways do not always keep to the
    status: any key of `ErrorResponseDto`, else ``error`` (401), else
    ``message`` (429).  The *status* decides for an object with none of them.
    """
    if isinstance(keys, (str, bytes)):  # a str is a collection of its characters
        msg = f"expected the keys of an object, got {a_type(keys)}"
        raise TypeError(msg)
    if not _dto_keys().isdisjoint(keys):
        return ErrorResponseDto
    if "error" in keys:
        return ListPersonalAccessTokensV1401Response
    if "message" in keys:
        return ListPersonalAccessTokensV1429Response
    if status is None:
        return None
    return _BY_STATUS.get(status, ErrorResponseDto)


def load_error_response(
    status: int,
    body: str | bytes | Mapping[str, Any],
    *,
    converter: "cattrs.BaseConverter | None" = None,
) -> ErrorBody:
    """
    Read an error response of the PAT API, whichever of its three shapes it has.

    Which shape it is, `error_body_type` tells.  A body that is none of them
    (empty, HTML, JSON of another shape, a number no `decimal.Decimal`
    holds) is an `UnreadableErrorBody`: this never raises for a body.

    Args:
        status: The HTTP status code.
        body: The body as JSON text, or as the dict `json.loads` made of it.
        converter: The converter to use instead of the shared default one.
    """
    size = len(body) if isinstance(body, (str, bytes)) else 0
    if isinstance(body, (str, bytes)) and not body.strip():
        return UnreadableErrorBody(status=status, reason="the body is empty", size=size)
    try:
        data = parse(body) if isinstance(body, (str, bytes)) else body
        keys = data if isinstance(data, Mapping) else ()
        cls = error_body_type(keys, status) or ErrorResponseDto  # never None with a status
        return structure(data, cls, converter=converter)
    except ValidationError as error:
        reason = "; ".join(f"{path}: {message}" for path, message in error.problems)
        return UnreadableErrorBody(status=status, reason=reason, size=size)
