"""
``pat-models fetch``: a live tenant's token listing, through `pat_models.sansio` and urllib.

It only ever lists: a CI job that runs ``pat-models fetch | pat-models audit``
reads the tenant and never writes to it.  Its credentials go to the tenant
alone (no redirect is followed), and each request has one deadline and a
cap on what it reads, whatever the tenant does.
"""

from __future__ import annotations

import argparse
import os
import threading
from collections.abc import Iterator
from typing import Any, TextIO

from .. import (
    GetPersonalAccessTokenResponse,
    ValidationError,
    dumps,
    read_json,
    redacted,
    structure,
)
from ..sansio import Api, ApiError, Call, Request, Response, Session, SettingError, run_sync
from ._commands import EXIT_OK, EXIT_USAGE, printable
from ._reading import value_end

EXIT_DATAERR, EXIT_UNAVAILABLE, EXIT_NOPERM, EXIT_CONFIG = 65, 69, 77, 78
"""sysexits.h: a token the models cannot read; the tenant cannot be reached or keeps failing;
refused credentials; settings missing or unusable."""

ENVIRONMENT = {
    "base_url": "SAIL_BASE_URL",
    "client_id": "SAIL_CLIENT_ID",
    "client_secret": "SAIL_CLIENT_SECRET",
}
"""What SailPoint's own tools read, by the `Session` argument each is: the tenant's API URL, a
PAT's id and its secret."""

TIMEOUT, MAX_TIMEOUT = 60.0, 120.0
"""Seconds one request may take in all (connect, headers and body): the default, the most."""

MAX_BYTES = 128 * 2**20
"""The most bytes read from one answer, by default: a listing of 100,000 tokens is about 40 MB."""

SMALL_ANSWER = 2**20
"""The most bytes read from a token request's answer or an error's: either is a few hundred."""

_PIECE = 2**20


class AnswerTooLargeError(OSError):
    """An answer longer than the cap: read no further."""


def send(request: Request, *, timeout: float = TIMEOUT, limit: int = MAX_BYTES) -> Response:
    """
    Send *request* with urllib, and return the answer, whatever its status.

    No redirect is followed: a 3xx is the tenant's answer, so a credential
    never goes to another host.  The whole exchange has *timeout* seconds,
    however slowly the tenant sends; an answer over *limit* bytes is refused.

    Raises:
        TimeoutError: no whole answer came within *timeout* seconds.
        AnswerTooLargeError: the answer is longer than *limit* bytes.
        OSError, http.client.HTTPException: the transport's faults.
    """
    outcome: list[Any] = []
    # A thread, so that the deadline holds for every part: urllib's timeout is per read.
    worker = threading.Thread(
        target=_exchange, args=(request, timeout, limit, outcome), daemon=True
    )
    worker.start()
    worker.join(timeout)
    if not outcome:
        msg = f"no whole answer within {timeout:g} seconds"
        raise TimeoutError(msg)
    if isinstance(outcome[0], BaseException):
        raise outcome[0]
    return outcome[0]  # type: ignore[no-any-return]


def _exchange(request: Request, timeout: float, limit: int, outcome: list[Any]) -> None:
    try:
        outcome.append(_answer(request, timeout, limit))
    except BaseException as error:  # noqa: BLE001 - handed to the caller's thread
        outcome.append(error)


def _answer(request: Request, timeout: float, limit: int) -> Response:
    import http.client  # noqa: PLC0415 - not for the commands that read files
    import urllib.request  # noqa: PLC0415

    class AsAnswered(urllib.request.HTTPErrorProcessor):
        """Every status is an answer: no redirect, no error raised for a 4xx or 5xx."""

        def http_response(
            self, request: urllib.request.Request, response: http.client.HTTPResponse
        ) -> http.client.HTTPResponse:
            del request
            return response

        https_response = http_response

    sent = urllib.request.Request(  # noqa: S310 - the URL is the tenant's, https checked
        request.url, request.body, dict(request.headers), method=request.method
    )
    # Plain http is for this machine alone: no proxy is to see its credentials.
    direct = [urllib.request.ProxyHandler({})] if request.url.lower().startswith("http:") else []
    with urllib.request.build_opener(AsAnswered, *direct).open(sent, timeout=timeout) as answer:
        if request.url.endswith("/oauth/token") or not 200 <= answer.status < 300:  # noqa: PLR2004
            limit = min(limit, SMALL_ANSWER)  # a token, or an error body: never large
        length = answer.headers.get("Content-Length", "").strip()
        expected = int(length) if length.isdigit() and len(length) < 20 else None  # noqa: PLR2004
        if expected is not None and expected > limit:
            msg = f"an answer of {expected} bytes, over the {limit} allowed"
            raise AnswerTooLargeError(msg)
        body = bytearray()
        while piece := answer.read(_PIECE):
            body += piece
            if len(body) > limit:
                msg = f"an answer over the {limit} bytes allowed"
                raise AnswerTooLargeError(msg)
        if expected is not None and len(body) != expected:  # urllib does not say so itself
            raise http.client.IncompleteRead(bytes(body), expected - len(body))
        return Response(answer.status, answer.headers.items(), bytes(body))


def connect(args: argparse.Namespace, err: TextIO, command: str) -> tuple[Session, Api] | int:
    """Return the session and the calls of the tenant the environment names, or 78 said why."""
    missing = [name for name in ENVIRONMENT.values() if not os.environ.get(name)]
    if missing:
        print(f"pat-models {command}: set {', '.join(missing)} in the environment", file=err)
        return EXIT_CONFIG
    try:
        session = Session(*(os.environ[name] for name in ENVIRONMENT.values()))
        return session, Api(session.base_url, version=args.api_version)
    except SettingError as error:  # never the value in it: it may be a secret
        print(f"pat-models {command}: {ENVIRONMENT[error.argument]} {error.problem}", file=err)
        return EXIT_CONFIG


def run_fetch(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    """List the tenant's tokens as a JSON array on *out*; exit as fetch's help says."""
    connected = connect(args, err, "fetch")
    if isinstance(connected, int):
        return connected
    session, api = connected
    try:
        listing = api.list_tokens(owner_id=args.owner_id, filters=args.filters)
    except ValueError as error:
        print(f"pat-models fetch: --owner-id or --filters: {error}", file=err)
        return EXIT_USAGE
    call = Call(listing.request, bytes, repeatable=True)  # each token read apart, below
    try:
        text = _text(
            run_sync(
                session.run(call),
                lambda request: send(request, timeout=args.timeout, limit=args.max_bytes),
            )
        )
        tokens, problems = _read_listing(text, redact=args.redact)
        del text  # the tokens' own text is what is kept: a listing's models would be ten times it
    except Exception as error:  # noqa: BLE001 - every fault is a message and a status
        message, status = fault(error, api.base_url)
        print(f"pat-models fetch: {message}", file=err)
        return status
    for path, message in problems[:SHOWN]:
        print(f"pat-models fetch: {printable(path)}: {message}", file=err)
    if len(problems) > SHOWN:
        print(f"pat-models fetch: and {len(problems) - SHOWN} problems more", file=err)
    # As dumps writes a list, without making its text whole.
    out.writelines(
        ["[", *(f",{token}" if index else token for index, token in enumerate(tokens)), "]\n"]
    )
    if problems:
        print(f"pat-models fetch: {len(tokens)} tokens written; those above left out", file=err)
        return EXIT_DATAERR
    return EXIT_OK


def fault(error: Exception, base_url: str) -> tuple[str, int]:
    """Say what went wrong in listing, never with a credential, and with which exit status."""
    if isinstance(error, ApiError):
        return _refusal(error), _status(error)
    if isinstance(error, ValidationError):
        return f"the tenant's answer is not a token listing: {error}", EXIT_UNAVAILABLE
    if isinstance(error, TimeoutError):
        return f"{base_url} sent {error}", EXIT_UNAVAILABLE
    if isinstance(error, AnswerTooLargeError):
        return f"{base_url} sent {error} (see --max-bytes)", EXIT_UNAVAILABLE
    if isinstance(error, OSError):  # urllib's URLError, a reset connection
        reason = getattr(error, "reason", None) or error.strerror or error
        return f"cannot reach {base_url}: {printable(reason)}", EXIT_UNAVAILABLE
    # http.client's, and any other broken answer: its kind only, never its text.
    return f"{base_url} sent a broken answer ({type(error).__name__})", EXIT_UNAVAILABLE


MAX_TOKEN = 1 << 20
"""The most bytes of one token read from a listing: a real one holds well under a kilobyte."""

MAX_UNREADABLE = 1000
"""How many tokens may be unreadable before an answer is not taken as a listing at all."""

SHOWN = 100
"""How many problems are named on standard error; the rest are counted."""


def _text(body: bytes) -> str:
    """Return the listing's text; its bytes are dropped once the call that held them returns."""
    try:
        return body.decode()
    except UnicodeDecodeError:
        raise ValidationError([("$", "not UTF-8 text")]) from None


def _read_listing(text: str, *, redact: bool) -> tuple[list[str], list[tuple[str, str]]]:
    """
    Read a listing token by token: the JSON text of each the models read, the others' problems.

    Each token is measured before it is read, so that no junk is built whole, and only its
    text is kept, masked where *redact* says.

    Raises:
        ValidationError: the answer is not JSON text of an array, or over
            `MAX_UNREADABLE` of its tokens are unreadable.
    """
    tokens, problems, unreadable = [], [], 0
    for index, item in enumerate(_elements(text)):
        try:
            if isinstance(item, ValidationError):
                raise item
            token = structure(item, GetPersonalAccessTokenResponse)
        except ValidationError as error:
            unreadable += 1
            if unreadable > MAX_UNREADABLE:
                problem = f"over {MAX_UNREADABLE} of its tokens are unreadable"
                raise ValidationError([("$", problem)]) from None
            problems += [(f"$[{index}]{path[1:]}", message) for path, message in error.problems]
        else:
            tokens.append(dumps(redacted(token) if redact else token))
    return tokens, problems


def _elements(text: str) -> Iterator[Any]:
    """
    Yield the items of the JSON array *text* one at a time, or the `ValidationError` of each.

    An item that is refused (``NaN``, too deep, too large) is its own problem: its end is
    known from its brackets.
    """
    at = _past_space(text, 0)
    if text[at : at + 1] != "[":
        raise ValidationError([("$", "expected an array")])
    at = _past_space(text, at + 1)
    if text[at : at + 1] == "]":
        at += 1
    else:
        while True:
            item, at = _item(text, at)
            yield item
            at = _past_space(text, at)
            if text[at : at + 1] == "]":
                at += 1
                break
            if text[at : at + 1] != ",":
                raise ValidationError([("$", "not valid JSON")])
            at = _past_space(text, at + 1)
    if _past_space(text, at) != len(text):
        raise ValidationError([("$", "not valid JSON: text after the array")])


def _item(text: str, at: int) -> tuple[Any, int]:
    """Return the item at *at*, or its `ValidationError`, and where it ends."""
    end = value_end(text, at) if text[at : at + 1] in ("{", "[") else None
    if end is not None and end - at > MAX_TOKEN:
        problem = f"a token of {end - at} characters, over the {MAX_TOKEN} read"
        return ValidationError([("$", problem)]), end
    try:
        return read_json(text, at)
    except ValidationError as error:  # NaN, too deep, a key given twice
        if end is None:
            raise
        return error, end
    except ValueError:  # json.JSONDecodeError: the whole answer is broken
        raise ValidationError([("$", "not valid JSON")]) from None


def _past_space(text: str, at: int) -> int:
    while text[at : at + 1] in (" ", "\t", "\n", "\r"):
        at += 1
    return at


def _refused(error: ApiError) -> bool:
    """Tell whether *error* refuses the credentials: a 401 or 403, or the token request's 400."""
    asked = error.url.endswith("/oauth/token") and error.status == 400  # noqa: PLR2004
    return error.status in (401, 403) or asked


def _status(error: ApiError) -> int:
    if _refused(error):
        return EXIT_NOPERM
    if error.status == 400:  # noqa: PLR2004 - --owner-id or --filters the API does not take
        return EXIT_USAGE
    return EXIT_UNAVAILABLE


def _refusal(error: ApiError) -> str:
    said = {
        403: "the credentials may not list tokens (403)",
        400: "the tenant refused the request (400): check --owner-id and --filters",
        429: "the tenant kept answering 429 (too many requests) past the waits allowed",
    }.get(error.status, f"the tenant answered {error.status}")
    if 300 <= error.status < 400:  # noqa: PLR2004
        said = f"the tenant answered {error.status}, a redirect: not followed, credentials stay"
    if _refused(error) and error.status != 403:  # noqa: PLR2004
        said = f"the tenant refused the credentials ({error.status})"
    where = f"{error.method} {error.url}"
    request_id = f", request id {printable(error.request_id)}" if error.request_id else ""
    return f"{said}: {where}{request_id}"
