"""
HTTP as data: a request to send, the response that came back, a pause, and the error of a call.

Nothing here sends anything.  A `Request` holds what any HTTP library needs
(method, URL, headers, body bytes); a `Response` holds what any of them
returns.  Their ``repr`` never shows a body or a credential: a request's
body may hold the client secret, a response's an access token or a new
token's secret.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Union

import attrs

from .. import MASK, ErrorBody, load_error_response

Headers = Union[Mapping[str, str], Iterable[tuple[str, str]]]
"""Headers as HTTP libraries hold them: a mapping (any case), or name and value pairs."""

_HIDDEN = frozenset({"authorization", "cookie", "set-cookie", "proxy-authorization"})


def _shown(headers: Mapping[str, str]) -> dict[str, str]:
    return {name: MASK if name.lower() in _HIDDEN else value for name, value in headers.items()}


@attrs.frozen(repr=False)
class Request:
    """
    A request to send: pass its parts to any HTTP library as they are.

    Attributes:
        method: ``GET``, ``POST``, ``PATCH`` or ``DELETE``.
        url: The whole URL, its query encoded.
        headers: The headers to send, the ``Authorization`` one included
            once a `Session` has added it.
        body: The body's bytes, or None for a call without one.
    """

    method: str
    url: str
    headers: Mapping[str, str] = attrs.field(factory=dict)
    body: bytes | None = None

    def with_header(self, name: str, value: str) -> Request:
        """Return this request with the header *name* set to *value*."""
        return attrs.evolve(self, headers={**self.headers, name: value})

    def __repr__(self) -> str:
        body = "None" if self.body is None else f"<{len(self.body)} bytes>"
        return (
            f"Request(method={self.method!r}, url={self.url!r}, "
            f"headers={_shown(self.headers)!r}, body={body})"
        )


def _header_pairs(headers: Headers) -> tuple[tuple[str, str], ...]:
    items = headers.items() if isinstance(headers, Mapping) else headers
    return tuple((str(name), str(value)) for name, value in items)


@attrs.frozen(repr=False)
class Response:
    """
    A response, as any HTTP library gives it.

    Attributes:
        status: The HTTP status code.
        headers: The headers, as name and value pairs (from a mapping, a
            list of pairs, or what requests, httpx, aiohttp and urllib give).
        body: The body's bytes (``b""`` for none).
    """

    status: int
    headers: tuple[tuple[str, str], ...] = attrs.field(default=(), converter=_header_pairs)
    body: bytes = b""

    def header(self, name: str) -> str | None:
        """Return the value of the header *name*, whatever its case; None if it is not there."""
        wanted = name.lower()
        return next((value for key, value in self.headers if key.lower() == wanted), None)

    def __repr__(self) -> str:
        names = [name for name, _ in self.headers]
        return f"Response(status={self.status!r}, headers={names!r}, body=<{len(self.body)} bytes>)"


@attrs.frozen
class Sleep:
    """A pause a `Session` asks for, before it tries again: *seconds* long."""

    seconds: float


REQUEST_ID = "Slpt-Request-Id"
"""The response header that names a request, for SailPoint's support."""


class ApiError(Exception):
    """
    A call the API answered with an error, or that was given up on.

    Attributes:
        status: The HTTP status code.
        body: The error body, as `load_error_response` reads it: one of the
            three shapes the API documents, or an `UnreadableErrorBody`
            (an HTML page from a gateway, say).
        retry_after: The seconds ``Retry-After`` asked to wait, or None.
        request_id: The ``Slpt-Request-Id`` header, for SailPoint's support.
        method, url: The request's.
    """

    def __init__(self, request: Request, response: Response) -> None:
        self.method, self.url = request.method, request.url
        self.status = response.status
        self.body: ErrorBody = load_error_response(response.status, response.body)
        self.retry_after = retry_after(response)
        self.request_id = response.header(REQUEST_ID)
        super().__init__(self._describe())

    def _describe(self) -> str:
        said = f"{self.method} {self.url} answered {self.status}"
        return f"{said} (request id {self.request_id})" if self.request_id else said


def retry_after(response: Response) -> float | None:
    """
    Return the seconds *response*'s ``Retry-After`` asks to wait, or None.

    Seconds, as the PAT API sends them; an HTTP date (RFC 9110) counts from
    the response's ``Date`` header, without which it is None.
    """
    value = response.header("Retry-After")
    if value is None:
        return None
    value = value.strip()
    if value.isdigit() and value.isascii():
        return float(value)
    date = response.header("Date")
    if date is None:
        return None
    from email.utils import parsedate_to_datetime  # noqa: PLC0415 - it imports socket

    try:
        until, now = parsedate_to_datetime(value), parsedate_to_datetime(date)
    except (TypeError, ValueError, IndexError):
        return None
    if until.tzinfo is None or now.tzinfo is None:
        return None
    return max((until - now).total_seconds(), 0.0)
