"""
A fake SailPoint tenant, for tests of code that calls the PAT API: in process, or over HTTP.

`FakeTenant` answers `pat_models.sansio` requests as the API does (the token
exchange, list, create, patch, delete, and the bulk update of ``v1``), holds
its tokens in memory, records every request, and answers with scripted
faults when a test asks.  Drive a `~pat_models.sansio.Session` with
``tenant.send`` as its ``send``, or serve the tenant on 127.0.0.1 for a real
HTTP library or the command line::

    tenant = FakeTenant()
    session = Session(tenant.base_url, tenant.client_id, tenant.client_secret)
    tokens = run_sync(session.run(Api(tenant.base_url).list_tokens()), tenant.send)

    with tenant.serve() as url:
        ...  # SAIL_BASE_URL=url pat-models fetch

With ``pytest_plugins = ["pat_models.testing"]`` a suite has the fixture
``fake_tenant``.  The core never imports this module, and it imports no
HTTP library (`http.server` only while it serves).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import re
import secrets
import sys
import threading
import time
import typing
from collections.abc import Callable, Iterator
from typing import Any
from urllib.parse import SplitResult, parse_qs, unquote, urlsplit

from . import (
    ApiVersion,
    BulkUpdatePersonalAccessTokensRequest,
    CreatePersonalAccessTokenRequest,
    GetPersonalAccessTokenResponse,
    JsonPatchOperation,
    ValidationError,
    check_version,
    format_timestamp,
    loads,
    parse_timestamp,
    structure,
    unstructure,
)
from .sansio import MAX_LIFETIME, Request, Response

__all__ = ["FakeTenant"]

_JSON = {"Content-Type": "application/json"}
_PATCHABLE = {
    "/name": "name",
    "/scope": "scope",
    "/expirationDate": "expirationDate",
    "/userAwareTokenNeverExpires": "userAwareTokenNeverExpires",
}
_OWNER = {"type": "IDENTITY", "id": "2c9180a46faadee4016fb4e018c20639", "name": "ci"}


class FakeTenant:
    """
    The PAT API of one tenant, in memory.

    Args:
        version: The newest API version the tenant has reached: it answers the calls of
            each version up to it (``v3``, ``beta``, ``v2024``, …) and of ``v1``, each body
            checked by its own version's rules, and a newer one's with 404.
        token_life: How many seconds an access token lives.
        clock: Seconds, for when access tokens expire; `time.monotonic` unless a test
            passes its own, to expire them without sleeping.
        client_id, client_secret: Its own PAT's credentials, where a test has them fixed
            (the settings of the code under test); made up otherwise.

    Attributes:
        base_url: The tenant's API URL, an ``https`` one that no request leaves the process
            for: pass ``tenant.send`` as the ``send`` of a session.
        client_id, client_secret: The PAT the tenant starts with, whose owner lists and
            creates tokens.
        requests: Each `Request` received, in order.
    """

    def __init__(
        self,
        *,
        version: ApiVersion = "v2025",
        token_life: int = 749,
        clock: Callable[[], float] | None = None,
        client_id: str | None = None,
        client_secret: str | None = None,
    ) -> None:
        if version not in typing.get_args(ApiVersion):
            msg = f"unknown API version {version!r}"
            raise ValueError(msg)
        if type(token_life) is not int or not 1 <= token_life <= MAX_LIFETIME:
            msg = f"token_life is a number of seconds, 1 to {MAX_LIFETIME}"
            raise ValueError(msg)
        self.version, self.token_life = version, token_life
        # A tenant answers every version it has reached: the newest is *version*, and v1.
        newest = _LEGACY.index(version) + 1 if version in _LEGACY else len(_LEGACY)
        self._served: frozenset[str] = frozenset((*_LEGACY[:newest], "v1"))
        self._clock = clock or time.monotonic
        self.base_url = "https://acme.api.identitynow.test"
        self.requests: list[Request] = []
        self._lock = threading.RLock()
        self._tokens: dict[str, dict[str, Any]] = {}
        self._secrets: dict[str, str] = {}
        self._access: dict[str, tuple[str, float]] = {}  # access token: its PAT, when it expires
        self._faults: list[tuple[int, dict[str, str], bytes, str | None, str | None, bool]] = []
        own = self._add("pat-models fake tenant", client_id, client_secret, {})
        self.client_id, self.client_secret = own

    # What tests set up and read.

    @property
    def tokens(self) -> list[GetPersonalAccessTokenResponse]:
        """The tokens the tenant holds now, as the models, in the order they were made."""
        with self._lock:
            return [
                structure(token, GetPersonalAccessTokenResponse) for token in self._tokens.values()
            ]

    def add_token(
        self, name: str, *, token_id: str | None = None, secret: str | None = None, **wire: Any
    ) -> tuple[str, str]:
        """
        Give the tenant a token of its owner; return its id and secret (made up, unless given).

        *wire* sets keys of its listing by wire name (``lastUsed="2026-11-14T02:00:00.000Z"``,
        ``expirationDate=None``).
        """
        return self._add(name, token_id, secret, wire)

    def _add(
        self, name: str, token_id: str | None, secret: str | None, wire: dict[str, Any]
    ) -> tuple[str, str]:
        if "id" in wire or (token_id is not None and token_id in self._tokens):
            msg = "a token's id is token_id=, one no token of the tenant has"
            raise ValueError(msg)
        token_id = token_id or secrets.token_hex(16)
        created = format_timestamp(dt.datetime.now(dt.timezone.utc))
        with self._lock:
            self._tokens[token_id] = {
                "id": token_id,
                "name": name,
                "scope": ["sp:scopes:all"],
                "owner": dict(_OWNER),
                "created": created,
                "lastUsed": None,
                "managed": False,
                "accessTokenValiditySeconds": 43200,
                "expirationDate": None,
                "userAwareTokenNeverExpires": True,
                **wire,
            }
            self._secrets[token_id] = secret or secrets.token_hex(32)
            return token_id, self._secrets[token_id]

    def fail(
        self,
        status: int,
        *,
        times: int = 1,
        retry_after: float | None = None,
        method: str | None = None,
        path: str | None = None,
        headers: dict[str, str] | None = None,
        body: bytes | None = None,
        carried_out: bool = False,
    ) -> None:
        """
        Answer the next *times* requests with *status*, before anything else.

        Only those of *method*, or whose path holds *path* (``/oauth/token``), if given.
        The body is the error the API sends for that status, unless *body* is given; a
        429 or 5xx carries *retry_after*; a 3xx points at another host.  With
        *carried_out*, the request is carried out all the same and only its answer lost,
        as behind a gateway that times out: a create answered 502 that made its token.
        """
        answer = dict(headers or {})
        if retry_after is not None:
            answer["Retry-After"] = f"{retry_after:g}"
        if 300 <= status < 400 and "Location" not in answer:  # noqa: PLR2004
            answer["Location"] = "https://elsewhere.example/stolen"
        said = _error_body(status) if body is None else body
        fault = (status, answer, said, method, path, carried_out)
        with self._lock:
            self._faults += [fault] * times

    def expire_access_tokens(self) -> None:
        """Forget every access token issued, as if each had expired: the next call is a 401."""
        with self._lock:
            self._access.clear()

    # The API.

    def send(self, request: Request) -> Response:
        """Answer *request* as the API does: a `Response`, whatever the request."""
        with self._lock:
            self.requests.append(request)
            parts = urlsplit(request.url)
            for index, (status, headers, body, method, path, done) in enumerate(self._faults):
                if method in (None, request.method) and (path is None or path in parts.path):
                    del self._faults[index]
                    if done:
                        self._answer(request, parts)
                    answer = Response(status, {**_JSON, **headers}, body)
                    break
            else:
                try:
                    answer = self._answer(request, parts)
                except (ValueError, TypeError, KeyError, RecursionError):  # what it cannot read
                    answer = _error(400, "a request the API cannot read")
            # Every answer names itself, as SailPoint's do, for support.
            named = {"Slpt-Request-Id": secrets.token_hex(16), **dict(answer.headers)}
            return Response(answer.status, named, answer.body)

    def _answer(self, request: Request, parts: SplitResult) -> Response:
        if not request.url.startswith(self.base_url + "/"):
            return _error(404, "no such host")
        route = parts.path.removeprefix(urlsplit(self.base_url).path)
        if route == "/oauth/token" and request.method == "POST":
            return self._exchange(request)
        caller = self._caller(request)
        if caller is None:
            return Response(401, _JSON, b'{"error": "JWT validation failed: JWT is expired"}')
        return self._call(request.method, route, parse_qs(parts.query), request.body, caller)

    def _exchange(self, request: Request) -> Response:
        form = {key: values[-1] for key, values in parse_qs((request.body or b"").decode()).items()}
        pat = form.get("client_id", "")
        if form.get("grant_type") != "client_credentials":
            return Response(400, _JSON, b'{"error": "unsupported_grant_type"}')
        if pat not in self._secrets or self._secrets[pat] != form.get("client_secret"):
            refused = b'{"error": "invalid_client", "error_description": "Bad credentials"}'
            return Response(401, _JSON, refused)
        access = secrets.token_urlsafe(24)
        self._access[access] = (pat, self._clock() + self.token_life)
        answer = {
            "access_token": access,
            "token_type": "bearer",
            "expires_in": self.token_life,
            "scope": " ".join(self._tokens[pat]["scope"]),
            "identity_id": self._tokens[pat]["owner"]["id"],
        }
        return Response(200, _JSON, json.dumps(answer).encode())

    def _caller(self, request: Request) -> str | None:
        """Return the PAT whose live access token *request* carries, or None."""
        header = next((v for k, v in request.headers.items() if k.lower() == "authorization"), "")
        scheme, _, access = header.partition(" ")
        held = self._access.get(access) if scheme.lower() == "bearer" else None
        if held is None or held[1] <= self._clock() or held[0] not in self._tokens:
            return None
        return held[0]

    def _call(  # noqa: PLR0911 - an answer a route
        self, method: str, route: str, query: dict[str, list[str]], body: bytes | None, caller: str
    ) -> Response:
        version, rest = _version_of(route)
        if version not in self._served:
            return _error(404, "not found")
        if rest == "/bulk-update" and version == "v1" and method in ("POST", "PATCH"):
            return self._bulk(body or b"", version)
        if not rest:
            if method == "GET":
                return self._list(query, caller)
            if method == "POST":
                return self._create(body or b"", caller, version)
        elif rest.count("/") == 1:
            token_id = unquote(rest[1:])
            if token_id not in self._tokens:
                return _error(404, f"no token {token_id}")
            if method == "DELETE":
                del self._tokens[token_id], self._secrets[token_id]
                return Response(204)
            if method == "PATCH":
                return self._patch(token_id, body or b"", version)
        return _error(404, "not found")

    def _list(self, query: dict[str, list[str]], caller: str) -> Response:
        for text in query.get("filters", []):
            if not _FILTER.fullmatch(text) or (
                text != "lastUsed isnull" and not _is_time(text[12:])
            ):
                return _error(400, "a filter the API does not take")
        owner = query.get("owner-id", [None])[-1]
        if owner == "me":
            owner = self._tokens[caller]["owner"]["id"]
        listed = [t for t in self._tokens.values() if owner is None or t["owner"]["id"] == owner]
        for text in query.get("filters", []):
            listed = [token for token in listed if _matches(token, text)]
        return Response(200, _JSON, json.dumps(listed).encode())

    def _create(self, body: bytes, caller: str, version: ApiVersion) -> Response:
        try:
            request = loads(body, CreatePersonalAccessTokenRequest)
            check_version(request, version)
        except ValidationError as error:
            return _error(400, str(error))
        owner = self._tokens[caller]["owner"]
        if any(t["name"] == request.name for t in self._tokens.values() if t["owner"] == owner):
            return _error(400, "a token of this owner has that name already")
        wire = unstructure(request)
        expires = wire.get("expirationDate")
        token_id, secret = self._add(
            request.name,
            None,
            None,
            {
                "scope": wire.get("scope", ["sp:scopes:all"]),
                "owner": dict(owner),
                "accessTokenValiditySeconds": wire.get("accessTokenValiditySeconds", 43200),
                "expirationDate": expires,
                "userAwareTokenNeverExpires": expires is None,
            },
        )
        listed = self._tokens[token_id]
        created = {
            key: value for key, value in listed.items() if key not in ("lastUsed", "managed")
        }
        return Response(200, _JSON, json.dumps({**created, "secret": secret}).encode())

    def _patch(self, token_id: str, body: bytes, version: ApiVersion) -> Response:
        try:
            operations = loads(body, list[JsonPatchOperation])
            check_version(operations, version)
        except ValidationError as error:
            return _error(400, str(error))
        changed = dict(self._tokens[token_id])
        for operation in unstructure(operations):
            if operation["op"] not in ("replace", "add") or operation["path"] not in _PATCHABLE:
                return _error(400, f"{operation['op']} {operation['path']}: not a patch it takes")
            changed[_PATCHABLE[operation["path"]]] = operation.get("value")
            if operation["path"] == "/expirationDate":
                changed["userAwareTokenNeverExpires"] = operation.get("value") is None
        try:  # what it would hold must be a token, as the API's own checks see to
            structure(changed, GetPersonalAccessTokenResponse)
        except ValidationError as error:
            return _error(400, str(error))
        owner = changed["owner"]
        if any(
            t["name"] == changed["name"] and t["owner"] == owner and key != token_id
            for key, t in self._tokens.items()
        ):
            return _error(400, "a token of this owner has that name already")
        self._tokens[token_id] = changed
        return Response(200, _JSON, json.dumps(changed).encode())

    def _bulk(self, body: bytes, version: ApiVersion) -> Response:
        try:
            bulk = loads(body, BulkUpdatePersonalAccessTokensRequest)
            check_version(bulk, version)
        except ValidationError as error:
            return _error(400, str(error))
        request = unstructure(bulk)
        ids = request["ids"]
        if any(token_id not in self._tokens for token_id in ids):
            return _error(404, "no such token")
        changed = []
        for token_id in ids:
            answer = self._patch(token_id, json.dumps(request["patch"]).encode(), "v2025")
            if answer.status != 200:  # noqa: PLR2004
                return answer
            changed.append(self._tokens[token_id])
        return Response(200, _JSON, json.dumps(changed).encode())

    # Over HTTP.

    @contextlib.contextmanager
    def serve(self) -> Iterator[str]:
        """Serve the tenant on 127.0.0.1 (a port of its own) while the block runs; give its URL."""
        from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer  # noqa: PLC0415

        tenant = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def _answer(self) -> None:
                length = self.headers.get("Content-Length") or "0"
                if not length.isdigit():
                    self.send_error(400, "a Content-Length that is no length")
                    return
                body = self.rfile.read(int(length)) if int(length) else None
                headers = dict(self.headers.items())
                answer = tenant.send(
                    Request(self.command, tenant.base_url + self.path, headers, body)
                )
                self.send_response(answer.status)
                for name, value in answer.headers:
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(answer.body)))
                self.end_headers()
                self.wfile.write(answer.body)

            do_GET = do_POST = do_PATCH = do_DELETE = _answer  # noqa: N815 - http.server's names

            def log_message(self, *_: object) -> None:
                return None

        server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        try:
            yield f"http://127.0.0.1:{server.server_port}"
        finally:
            server.shutdown()
            server.server_close()
            thread.join()


_LEGACY = ("v3", "beta", "v2024", "v2025", "v2026")


def _version_of(route: str) -> tuple[ApiVersion | None, str]:
    """Return the version of a PAT call's *route* and what follows its collection's path."""
    if route.startswith("/personal-access-tokens/v1"):
        return "v1", route.removeprefix("/personal-access-tokens/v1")
    version, _, rest = route.lstrip("/").partition("/")
    if version in _LEGACY and (rest + "/").startswith("personal-access-tokens/"):
        return typing.cast("ApiVersion", version), rest.removeprefix("personal-access-tokens")
    return None, route


_FILTER = re.compile(r"lastUsed isnull|lastUsed le \S+")


def _is_time(text: str) -> bool:
    try:
        parse_timestamp(text)
    except ValueError:
        return False
    return True


def _matches(token: dict[str, Any], text: str) -> bool:
    """Tell whether *token* passes the filter *text* (``lastUsed le …``, ``lastUsed isnull``)."""
    if text == "lastUsed isnull":
        return token.get("lastUsed") is None
    field, _, rest = text.partition(" le ")
    if field == "lastUsed" and rest:
        last = token.get("lastUsed")
        return last is not None and parse_timestamp(last) <= parse_timestamp(rest)
    return True


def _error_body(status: int) -> bytes:
    if status == 401:  # noqa: PLR2004
        return b'{"error": "JWT validation failed: JWT is expired"}'
    if status == 429:  # noqa: PLR2004
        return b'{"message": " Rate Limit Exceeded "}'
    return _error(status, "scripted fault").body


def _error(status: int, text: str) -> Response:
    """Return an answer in the API's error shape (``ErrorResponseDto``)."""
    body = {
        "detailCode": f"{status} {'Bad request content' if status == 400 else 'Fault'}",  # noqa: PLR2004
        "trackingId": secrets.token_hex(16),
        "messages": [{"locale": "en-US", "localeOrigin": "DEFAULT", "text": text}],
    }
    return Response(status, _JSON, json.dumps(body).encode())


def _fake_tenant() -> Iterator[FakeTenant]:
    """Give each test a fresh `FakeTenant`."""
    yield FakeTenant()


# The fixture, where pytest runs (it loads this module as a plugin): this module imports, and
# type-checks, without pytest, and imports it for no one.
if "pytest" in sys.modules:
    fake_tenant = sys.modules["pytest"].fixture(name="fake_tenant")(_fake_tenant)
    __all__ += ["fake_tenant"]
