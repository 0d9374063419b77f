"""
``pat-models rotate``: a PAT replaced by a new one, its credentials handed to a store command.

The order keeps a working token at every step: the new token is created
(under a name of its own, since an owner's token names are unique), handed
to the store command on its standard input, and only once that command has
exited 0 is the old token deleted and the new one given the old one's name.
If the store fails, the new token is deleted again and the old one left as
it was.  No output holds a secret, old or new.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import secrets
import signal
import subprocess
import tempfile
from collections.abc import Callable
from typing import Any, TextIO

from .. import (
    ABSENT,
    MASK,
    CreatePersonalAccessTokenRequest,
    CreatePersonalAccessTokenResponse,
    ErrorResponseDto,
    GetPersonalAccessTokenResponse,
    ValidationError,
    check_version,
    format_timestamp,
    patch_name,
)
from ..sansio import Api, ApiError, Flow, RotationError, Session, run_sync
from ._commands import EXIT_OK, EXIT_USAGE, printable
from ._fetch import ENVIRONMENT, EXIT_NOPERM, EXIT_UNAVAILABLE, connect, fault, send

EXIT_SOFTWARE, EXIT_TEMPFAIL = 70, 75
"""sysexits.h: the store failed and the new token could not be deleted; the store failed."""

STORE_TIMEOUT = 60.0
"""Seconds the store command may take, by default."""

SIX_MONTHS = dt.timedelta(days=182)
"""The life of a new token whose old one says nothing of its expiry."""

MIN_LIFE = dt.timedelta(hours=1)
"""The shortest --expires-in: a new token must outlive the store that keeps it."""

SHOWN_BYTES = 64 * 1024
"""How much of the store command's standard error is shown."""

_UNDATED = ("v3", "beta", "v2024")
"""The versions whose creates know nothing of expiry: a new token there never expires."""

_CREDENTIALS = (ENVIRONMENT["client_id"], ENVIRONMENT["client_secret"])

FORMATS = ("json", "env", "secret")

Say = Callable[[str], None]
Drive = Callable[[Flow[Any]], Any]


def store_input(token: CreatePersonalAccessTokenResponse, form: str) -> bytes:
    """Return what the store command reads: id and secret (JSON, env lines), or the secret."""
    if form == "secret":
        return token.secret.encode()
    if form == "env":
        return f"SAIL_CLIENT_ID={token.id}\nSAIL_CLIENT_SECRET={token.secret}\n".encode()
    return (json.dumps({"id": token.id, "secret": token.secret}) + "\n").encode()


def run_rotate(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:  # noqa: ARG001 - no data
    """Rotate a PAT; exit as rotate's help says."""
    if not (args.store_command or args.dry_run):
        print("pat-models rotate: give --store-command, or --dry-run", file=err)
        return EXIT_USAGE
    if args.expires_in is not None and args.expires_in < MIN_LIFE:
        print(
            "pat-models rotate: --expires-in is at least 1h: the new token must outlive its store",
            file=err,
        )
        return EXIT_USAGE
    connected = connect(args, err, "rotate")
    if isinstance(connected, int):
        return connected
    session, api = connected

    def step(line: str) -> None:
        print(f"pat-models rotate: {line}", file=err)
        err.flush()

    def drive(flow: Flow[Any]) -> Any:
        return run_sync(flow, lambda request: send(request, timeout=args.timeout))

    # A CI job is cancelled with SIGTERM: as ^C, it undoes what the rotation left half done.
    signal.signal(signal.SIGTERM, signal.default_int_handler)
    try:
        return _rotate(args, session, api, drive, step)
    except RotationError as error:
        return _rotation_failed(error, session, api, drive, step)
    except Exception as error:  # noqa: BLE001 - every fault is a message and a status
        return _failed(error, api, step)


def _failed(error: Exception, api: Api, step: Say) -> int:
    """Say what stopped the rotation, in rotate's words, and return its exit status."""
    if isinstance(error, ApiError):
        asked = error.url.endswith("/oauth/token")
        refused = error.status in (401, 403) or (asked and error.status == 400)  # noqa: PLR2004
        body = error.body
        text = (
            body.messages[0].text if isinstance(body, ErrorResponseDto) and body.messages else None
        )
        said = f": {printable(text)}" if isinstance(text, str) else ""
        step(f"the tenant answered {error.status} to {error.method} {error.url}{said}")
        return EXIT_NOPERM if refused else EXIT_UNAVAILABLE
    if isinstance(error, ValidationError):
        step(f"refused before it was sent, or an answer the models cannot read: {error}")
        return EXIT_UNAVAILABLE
    step(fault(error, api.base_url)[0])
    return EXIT_UNAVAILABLE


def _rotate(args: argparse.Namespace, session: Session, api: Api, drive: Drive, step: Say) -> int:
    old_id = args.id or session.client_id
    mine: list[GetPersonalAccessTokenResponse] = drive(session.run(api.list_tokens(owner_id="me")))
    old = next((token for token in mine if token.id == old_id), None)
    if old is None:
        step(f"no token {printable(old_id)} among the tokens of this PAT's owner")
        return EXIT_UNAVAILABLE
    expires = _expiry(old, args.expires_in)
    request = _successor(old, expires, api.version)
    life = "never expires" if expires is None else f"expires {format_timestamp(expires)}"
    new = f"'{printable(request.name)}' ({life})"
    if args.dry_run:
        check_version(request, api.version)
        step(f"would create {new}, store it, delete {old.id} and rename the new one")
        return EXIT_OK
    step(f"creating {new}")
    created = drive(session.rotate(api, old.id, request, store=lambda t: _store(t, args, step)))
    step(f"deleted {old.id}; renaming {created.id} to '{printable(old.name)}'")
    try:
        drive(session.run(api.patch_token(created.id, patch_name(old.name))))
    except Exception as error:  # noqa: BLE001 - rotated all the same
        step(f"rotated to {created.id}, which keeps the name '{printable(request.name)}':")
        return _failed(error, api, step)
    step(f"rotated: {old.id} is now {created.id}")
    return EXIT_OK


def _expiry(
    old: GetPersonalAccessTokenResponse, expires_in: dt.timedelta | None
) -> dt.datetime | None:
    """Return when *old*'s successor expires: its lifetime from now, never, or as asked."""
    now = dt.datetime.now(dt.timezone.utc)
    if expires_in is not None:
        return now + expires_in
    if old.expiration_date is ABSENT:  # from before expiry was stated: six months, as v2025 would
        return now + SIX_MONTHS
    if old.expiration_date is None:
        return None
    return now + (old.expiration_date - old.created)


def _successor(
    old: GetPersonalAccessTokenResponse, expires: dt.datetime | None, version: str
) -> CreatePersonalAccessTokenRequest:
    """Return the request of *old*'s successor: its scope and validity, a name of its own."""
    validity = old.access_token_validity_seconds
    # A name no leftover of an earlier rotation has: an owner's token names are unique.
    name = f"{old.name} (rotating {secrets.token_hex(3)})"
    fields: dict[str, Any] = {}
    if version not in _UNDATED:  # the versions that know of an expiry
        never = {"user_aware_token_never_expires": True}
        fields = never if expires is None else {"expiration_date": expires}
    return CreatePersonalAccessTokenRequest(
        name=name,
        scope=ABSENT if old.scope is None else old.scope,
        access_token_validity_seconds=ABSENT if validity is None else validity,
        **fields,
    )


def _store(token: CreatePersonalAccessTokenResponse, args: argparse.Namespace, step: Say) -> None:
    """Hand *token* to the store command on its standard input; raise unless it exits 0 in time."""
    step(f"created {token.id}; storing it with the store command")
    # Its own credentials are the old ones: not for the store command, nor its output.
    env = {name: value for name, value in os.environ.items() if name not in _CREDENTIALS}
    with tempfile.TemporaryFile() as said:  # a file: a child left behind holds no pipe open
        try:
            done = subprocess.run(  # noqa: S602 - the user's own command line, as the option says
                args.store_command, shell=True, input=store_input(token, args.store_format),
                stdout=subprocess.DEVNULL, stderr=said, timeout=args.store_timeout, check=False,
                env=env,
            )  # fmt: skip
        except subprocess.TimeoutExpired:
            msg = f"the store command took over {args.store_timeout:g} seconds"
            raise OSError(msg) from None
        said.seek(0)
        shown = said.read(SHOWN_BYTES).decode("utf-8", "replace")
    for line in shown.splitlines():
        step(f"store: {_masked(line, token.secret)}")
    if done.returncode:
        msg = f"the store command exited {done.returncode}"
        raise OSError(msg)


def _masked(line: str, secret: str) -> str:
    """Return *line* to show, or a word in its place if it holds any 8 characters of *secret*."""
    if any(secret[at : at + 8] in line for at in range(max(len(secret) - 7, 1))):
        return f"{MASK} (a line that holds part of the new secret)"
    return printable(line)


def _rotation_failed(
    error: RotationError, session: Session, api: Api, drive: Drive, step: Say
) -> int:
    """Undo what a failed rotation left (a new token, not stored), and say what is true."""
    cause = error.__cause__
    step(str(error))
    if error.step == "delete" or error.new_token != "created":  # noqa: S105 - a word
        return _failed(cause, api, step) if isinstance(cause, Exception) else EXIT_UNAVAILABLE
    if error.step == "store":
        step(f"the store failed: {cause}")
    if error.new_id is None:
        step("the new token's id could not be read: find it among the owner's tokens")
        return EXIT_SOFTWARE
    try:
        drive(session.run(api.delete_token(error.new_id)))
    except Exception as failure:  # noqa: BLE001
        step(f"the new token {error.new_id} could not be deleted:")
        _failed(failure, api, step)
        return EXIT_SOFTWARE
    step(f"deleted the new token {error.new_id} again; {error.old_id} is left as it was")
    return EXIT_TEMPFAIL
