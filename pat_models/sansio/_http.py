"""
HTTP as data: a request to send, the response that came back, a pause, and the error of a call.

Nothing here sends anything.  A `Request` holds what any HTTP library needs
(method, URL, headers, body bytes); a `Response` holds what any of them
returns.  Their ``repr`` never shows a body or a credential: a request's
body may hold the client secret, a response's an access token or a new
token's secret.
"""

from __future__ import annotations

import concurrent.futures
import datetime as dt
import ipaddress
import re
import typing
from collections.abc import Awaitable, Callable, Iterable, Mapping
from typing import Any, Union
from urllib.parse import unquote, urlsplit

import attrs

from .. import MASK, ApiVersion, ErrorBody, load_error_response

Headers = Union[Mapping[str, str], Iterable[tuple[str, str]]]
"""Headers as HTTP libraries hold them: a mapping (any case), or name and value pairs."""

_HIDDEN = frozenset({"authorization", "proxy-authorization", "cookie", "set-cookie", "x-api-key"})
"""Credential headers, by their names in lower case: ``repr`` masks them however spelled."""


def _shown(headers: Headers) -> dict[object, object]:
    """Return *headers* with each credential masked, however its name is spelled or typed."""
    items = headers.items() if isinstance(headers, Mapping) else headers
    return {name: MASK if _folded(name) in _HIDDEN else value for name, value in items}


def _folded(name: object) -> str:
    text = bytes(name).decode("latin-1") if isinstance(name, (bytes, bytearray)) else str(name)
    return text.strip().lower()


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


class SettingError(ValueError):
    """
    A setting that cannot be sent: *argument* names it, and its value is never held.

    Raised when a `Session`, an `Api` or a `token_call` is made, before
    anything is sent, so that a local fault is never blamed on the tenant.
    """

    def __init__(self, argument: str, problem: str) -> None:
        super().__init__(argument, problem)
        self.argument, self.problem = argument, problem

    def __str__(self) -> str:
        return f"{self.argument} {self.problem}"


_VERSIONS = typing.get_args(ApiVersion)


def base_url(url: str) -> str:
    """
    Return a tenant's API URL without its trailing slash, once it is one that can be sent.

    Raises:
        SettingError: *url* is not an ``http`` or ``https`` URL of a host
            that DNS can name, holds a user name or password (a PAT's
            credentials go in a `Session`, never in a URL that errors
            print), a query, a fragment or a character no URL carries, or
            ends in an API version (``/v3``: the calls add it).  The
            message never repeats the URL.
        TypeError: *url* is not a `str`.
    """
    if not isinstance(url, str):
        msg = f"expected the tenant's API URL as a str, got {type(url).__name__}"
        raise TypeError(msg)
    problem = _url_problem(url)
    if problem:
        raise SettingError(argument="base_url", problem=problem)
    return url.rstrip("/")


def _url_problem(url: str) -> str | None:  # noqa: PLR0911 - a problem a test
    # Each test is made apart from raising, so that no error chains one that holds the URL.
    if not url.isascii() or any(char.isspace() or not char.isprintable() for char in url):
        return "holds a character no URL carries (a space, a control, or non-ASCII: encode it)"
    if "\\" in url:  # clients disagree on what it separates
        return "holds a backslash"
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - a port that is not a number raises here
    except ValueError:
        return "is not an http(s) URL with a host"
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        return "is not an http(s) URL with a host"
    if "@" in parts.netloc:
        return "holds a user name or password: credentials go in the Session"
    if "?" in url or "#" in url:
        return "holds a query or a fragment"
    if not _is_address(parts.hostname) and not _HOST.fullmatch(parts.hostname):
        return "names a host DNS cannot: a label is empty, over 63 characters or not a name's"
    # As a client reads the path: percent-decoded, its parameters and dot segments aside.
    segments = [unquote(segment).partition(";")[0].lower() for segment in parts.path.split("/")]
    segments = [segment for segment in segments if segment not in ("", ".")]
    if ".." in segments:
        return "holds a .. segment, which clients would take the path above"
    if segments and segments[-1] in _VERSIONS:
        return "ends in an API version: give the tenant's API URL alone (the calls add it)"
    return None


# RFC 1123 host names (an underscore too, as internal hosts have), a trailing dot allowed.
_LABEL = r"[A-Za-z0-9_](?:[A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?"
_HOST = re.compile(rf"(?=.{{1,253}}$){_LABEL}(?:\.{_LABEL})*\.?", re.ASCII)


def _is_address(host: str) -> bool:
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return False
    return True


def is_loopback(url: str) -> bool:
    """Tell whether *url*'s host is this machine: ``localhost``, 127.0.0.0/8 or ``::1``."""
    host = urlsplit(url).hostname or ""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:  # a name, not an address
        return False


def _text(value: object) -> str:
    """Return a header name or value as text: bytes as HTTP's Latin-1, as clients give them raw."""
    if isinstance(value, str):
        return value
    if isinstance(value, (bytes, bytearray)):
        return bytes(value).decode("latin-1")
    msg = f"expected a header name or value as str or bytes, got {type(value).__name__}"
    raise TypeError(msg)


def _header_pairs(headers: Headers) -> tuple[tuple[str, str], ...]:
    items = headers.items() if isinstance(headers, Mapping) else headers
    return tuple((_text(name), _text(value)) for name, value in items)


def _status(status: int) -> int:
    if type(status) is not int:
        msg = f"expected the status as an int, got {type(status).__name__}"
        raise TypeError(msg)
    return status


def _body(body: bytes | bytearray | memoryview | None) -> bytes:
    if body is None:  # a client's way of saying there was none
        return b""
    if not isinstance(body, (bytes, bytearray, memoryview)):
        msg = f"expected the body as bytes, got {type(body).__name__}"
        raise TypeError(msg)
    return bytes(body)


@attrs.frozen(repr=False)
class Response:
    """
    A response, as any HTTP library gives it.

    Attributes:
        status: The HTTP status code.
        headers: The headers, as name and value pairs (from a mapping, a
            list of pairs, or what requests, httpx, aiohttp and urllib give;
            bytes are read as Latin-1, as raw headers are).
        body: The body's bytes (``b""`` for none, None too).
    """

    status: int = attrs.field(converter=_status)
    headers: tuple[tuple[str, str], ...] = attrs.field(default=(), converter=_header_pairs)
    body: bytes = attrs.field(default=b"", converter=_body)

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


@attrs.frozen
class Wait:
    """
    A pause until another run's token request has ended: runs of one `Session` share it.

    A driver blocks on `wait`, or has `on_done` wake it, then sends None back.
    """

    _done: concurrent.futures.Future[object] = attrs.field(alias="done", repr=False)

    def wait(self) -> None:
        """Block until the token request has ended."""
        concurrent.futures.wait([self._done])

    def on_done(self, wake: Callable[[], object]) -> None:
        """Call *wake* once the token request has ended (at once, if it has), from any thread."""
        self._done.add_done_callback(lambda _: wake())


@attrs.frozen
class Await:
    """What an asynchronous `store` returned: a driver awaits it, then sends None back."""

    awaitable: Awaitable[Any] = attrs.field(repr=False)


REQUEST_ID = "Slpt-Request-Id"
"""The response header that names a request, for SailPoint's support."""


class PicklableError(Exception):
    """An error whose attributes, by their names, survive a pickle: a process pool's, say."""

    def __reduce__(self) -> tuple[Any, ...]:
        return _rebuilt, (type(self), self.args, self.__dict__)


def _rebuilt(kind: type[Exception], args: tuple[Any, ...], state: dict[str, Any]) -> Exception:
    error = kind.__new__(kind, *args)
    error.args = args
    error.__dict__.update(state)
    return error


class ApiError(PicklableError):
    """
    A call the API answered with an error (a redirect included), or that was given up on.

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
        if self.request_id is None:
            return said
        # The tenant's text: escaped, so that printing the error never writes to a terminal.
        shown = self.request_id if self.request_id.isprintable() else ascii(self.request_id)
        return f"{said} (request id {shown})"


def retry_after(response: Response) -> float | None:
    """
    Return the seconds *response*'s ``Retry-After`` asks to wait, or None.

    Seconds, as the PAT API sends them; an HTTP date (RFC 9110's form,
    ``Wed, 21 Oct 2026 07:28:00 GMT``) counts from the response's ``Date``
    header, without which it is None.
    """
    value = response.header("Retry-After")
    if value is None:
        return None
    value = value.strip()
    if value.isdigit() and value.isascii():
        return float(value)
    until, now = _http_date(value), _http_date(response.header("Date") or "")
    if until is None or now is None:
        return None
    return max((until - now).total_seconds(), 0.0)


# RFC 9110's IMF-fixdate, read here: email.utils would import socket.
_DATE = re.compile(
    r"(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun), (\d\d) "
    r"(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) (\d{4}) (\d\d):(\d\d):(\d\d) GMT",
    re.ASCII,
)
_MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]


def _http_date(text: str) -> dt.datetime | None:
    found = _DATE.fullmatch(text.strip())
    if found is None:
        return None
    day, month, year, hour, minute, second = found.groups()
    try:
        return dt.datetime(
            int(year), _MONTHS.index(month) + 1, int(day), int(hour), int(minute), int(second),
            tzinfo=dt.timezone.utc,
        )  # fmt: skip
    except ValueError:  # no such day, or a 60th second
        return None
