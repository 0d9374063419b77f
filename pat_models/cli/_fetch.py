"""
``pat-models fetch``: a live tenant's token listing, through `pat_models.sansio` and urllib.

It only ever lists: a CI job that runs ``pat-models fetch | pat-models audit``
reads the tenant and never writes to it.
"""

from __future__ import annotations

import argparse
import os
from typing import TextIO

from .. import ValidationError, dumps
from ..sansio import Api, ApiError, Request, Response, Session, run_sync
from ._commands import EXIT_OK, EXIT_USAGE

EXIT_UNAVAILABLE, EXIT_NOPERM, EXIT_CONFIG = 69, 77, 78
"""sysexits.h: the tenant cannot be reached or keeps failing; refused credentials; no settings."""

ENVIRONMENT = ("SAIL_BASE_URL", "SAIL_CLIENT_ID", "SAIL_CLIENT_SECRET")
"""What SailPoint's own tools read: the tenant's API URL, a PAT's id and its secret."""

TIMEOUT = 30.0
"""Seconds a request may take to connect, or between bytes of its answer."""


def send(request: Request) -> Response:
    """Send *request* with urllib; an HTTP error status is a response like any other."""
    import urllib.error  # noqa: PLC0415 - not for the commands that read files
    import urllib.request  # noqa: PLC0415

    http = urllib.request.Request(  # noqa: S310 - the URL is the tenant's, http(s) checked
        request.url, request.body, dict(request.headers), method=request.method
    )
    try:
        with urllib.request.urlopen(http, timeout=TIMEOUT) as answer:  # noqa: S310
            return Response(answer.status, answer.headers.items(), answer.read())
    except urllib.error.HTTPError as error:
        with error:
            return Response(error.code, error.headers.items(), error.read())


def run_fetch(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:  # noqa: PLR0911 - a status a fault
    """List the tenant's tokens as a JSON array on *out*; exit as fetch's help says."""
    missing = [name for name in ENVIRONMENT if not os.environ.get(name)]
    if missing:
        print(f"pat-models fetch: set {', '.join(missing)} in the environment", file=err)
        return EXIT_CONFIG
    base_url, client_id, client_secret = (os.environ[name] for name in ENVIRONMENT)
    try:
        api = Api(base_url, version=args.api_version)
        session = Session(base_url, client_id, client_secret)
        call = api.list_tokens(owner_id=args.owner_id, filters=args.filters)
    except ValueError as error:  # never the URL in it: it may hold a password
        print(f"pat-models fetch: SAIL_BASE_URL, --owner-id or --filters: {error}", file=err)
        return EXIT_CONFIG
    import http.client  # noqa: PLC0415 - not for the commands that read files

    try:
        tokens = run_sync(session.run(call), send)
    except ApiError as error:
        print(f"pat-models fetch: {_refusal(error)}", file=err)
        return _status(error)
    except ValidationError as error:
        print(f"pat-models fetch: the tenant's answer is not a token listing: {error}", file=err)
        return EXIT_UNAVAILABLE
    except OSError as error:  # urllib's URLError, a timeout, a reset connection
        reason = getattr(error, "reason", None) or error.strerror or error
        print(f"pat-models fetch: cannot reach {api.base_url}: {reason}", file=err)
        return EXIT_UNAVAILABLE
    except (http.client.HTTPException, ValueError) as error:  # a broken answer: its kind only
        print(
            f"pat-models fetch: {api.base_url} sent a broken answer ({type(error).__name__})",
            file=err,
        )
        return EXIT_UNAVAILABLE
    out.write(dumps(tokens) + "\n")
    return EXIT_OK


def _refused(error: ApiError) -> bool:
    """Tell whether *error* refuses the credentials: a 401 or 403, or the token request's 4xx."""
    asked = error.url.endswith("/oauth/token") and error.status < 500 and error.status != 429  # noqa: PLR2004
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
    if _refused(error) and error.status != 403:  # noqa: PLR2004
        said = f"the tenant refused the credentials ({error.status})"
    where = f"{error.method} {error.url}"
    request_id = f", request id {error.request_id}" if error.request_id else ""
    return f"{said}: {where}{request_id}"
