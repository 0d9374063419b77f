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
import subprocess
from collections.abc import Callable
from typing import Any, TextIO

from .. import (
    ABSENT,
    MASK,
    CreatePersonalAccessTokenRequest,
    CreatePersonalAccessTokenResponse,
    GetPersonalAccessTokenResponse,
    format_timestamp,
    patch_name,
)
from ..sansio import Api, Flow, RotationError, Session, run_sync
from ._commands import EXIT_OK, EXIT_USAGE, printable
from ._fetch import EXIT_UNAVAILABLE, connect, fault, send

EXIT_SOFTWARE, EXIT_TEMPFAIL = 70, 75
"""sysexits.h: the store failed and the new token could not be deleted; the store failed."""

STORE_TIMEOUT = 60.0
"""Seconds the store command may take, by default."""

SIX_MONTHS = dt.timedelta(days=182)
"""The life of a new token whose old one says nothing of its expiry."""

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
    connected = connect(args, err, "rotate")
    if isinstance(connected, int):
        return connected
    session, api = connected

    def step(line: str) -> None:
        print(f"pat-models rotate: {line}", file=err)
        err.flush()

    def drive(flow: Flow[Any]) -> Any:
        return run_sync(flow, lambda request: send(request, timeout=args.timeout))

    try:
        return _rotate(args, session, api, drive, step)
    except RotationError as error:
        return _rotation_failed(error, session, api, drive, step)
    except Exception as error:  # noqa: BLE001 - every fault is a message and a status
        message, status = fault(error, api.base_url)
        step(message)
        return status


def _rotate(args: argparse.Namespace, session: Session, api: Api, drive: Drive, step: Say) -> int:
    old_id = args.id or session.client_id
    mine: list[GetPersonalAccessTokenResponse] = drive(session.run(api.list_tokens(owner_id="me")))
    old = next((token for token in mine if token.id == old_id), None)
    if old is None:
        step(f"no token {printable(old_id)} among the tokens of this PAT's owner")
        return EXIT_UNAVAILABLE
    expires = _expiry(old, args.expires_in)
    request = _successor(old, expires)
    life = "never expires" if expires is None else f"expires {format_timestamp(expires)}"
    new = f"{printable(request.name)!r} ({life})"
    if args.dry_run:
        step(f"would create {new}, store it, delete {old.id} and rename the new one")
        return EXIT_OK
    step(f"creating {new}")
    created = drive(session.rotate(api, old.id, request, store=lambda t: _store(t, args, step)))
    step(f"deleted {old.id}; renaming {created.id} to {printable(old.name)!r}")
    try:
        drive(session.run(api.patch_token(created.id, patch_name(old.name))))
    except Exception as error:  # noqa: BLE001 - rotated all the same
        named = printable(request.name)
        step(f"rotated to {created.id}, left named {named!r}: {fault(error, api.base_url)[0]}")
        return EXIT_UNAVAILABLE
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
    old: GetPersonalAccessTokenResponse, expires: dt.datetime | None
) -> CreatePersonalAccessTokenRequest:
    """Return the request of *old*'s successor: its scope and validity, a name of its own."""
    validity = old.access_token_validity_seconds
    return CreatePersonalAccessTokenRequest(
        name=f"{old.name} (rotating)",
        scope=old.scope or ABSENT,
        access_token_validity_seconds=ABSENT if validity is None else validity,
        **(
            {"user_aware_token_never_expires": True}
            if expires is None
            else {"expiration_date": expires}
        ),
    )


def _store(token: CreatePersonalAccessTokenResponse, args: argparse.Namespace, step: Say) -> None:
    """Hand *token* to the store command on its standard input; raise unless it exits 0 in time."""
    step(f"created {token.id}; storing it with the store command")
    try:
        done = subprocess.run(  # noqa: S602 - the user's own command line, as the option says
            args.store_command, shell=True, input=store_input(token, args.store_format),
            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, timeout=args.store_timeout,
            check=False,
        )  # fmt: skip
    except subprocess.TimeoutExpired:
        msg = f"the store command took over {args.store_timeout:g} seconds"
        raise OSError(msg) from None
    said = done.stderr.decode("utf-8", "replace").replace(token.secret, MASK)
    for line in said.splitlines():
        step(f"store: {printable(line)}")
    if done.returncode:
        msg = f"the store command exited {done.returncode}"
        raise OSError(msg)


def _rotation_failed(
    error: RotationError, session: Session, api: Api, drive: Drive, step: Say
) -> int:
    """Undo what a failed store left (the new token), and say what is true of each token."""
    cause = error.__cause__
    if error.step != "store":
        step(str(error))
        if isinstance(cause, Exception):
            step(fault(cause, api.base_url)[0])
            return fault(cause, api.base_url)[1]
        return EXIT_UNAVAILABLE
    step(f"{error}: {cause}")
    if error.new_id is None:  # never so at the store: its token was read
        return EXIT_SOFTWARE
    try:
        drive(session.run(api.delete_token(error.new_id)))
    except Exception as failure:  # noqa: BLE001
        message, _ = fault(failure, api.base_url)
        step(f"the new token {error.new_id} could not be deleted: {message}")
        return EXIT_SOFTWARE
    step(f"deleted the new token {error.new_id} again; {error.old_id} is left as it was")
    return EXIT_TEMPFAIL
