"""
The ``pat-models`` command line: check PAT payloads without writing a script.

Nothing it prints ever holds a token's secret.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from typing import TextIO

from ._absent import ABSENT
from ._api import loads
from ._datetime import format_timestamp
from ._errors import ValidationError
from ._models import CreatePersonalAccessTokenResponse

EXIT_OK, EXIT_INVALID, EXIT_USAGE = 0, 1, 2


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line with *argv* (default: `sys.argv`); return the exit status."""
    parser = _parser()
    args = parser.parse_args(argv)
    return int(args.run(args, sys.stdout, sys.stderr))


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="pat-models", description="Check SailPoint personal access token payloads."
    )
    commands = parser.add_subparsers(required=True, metavar="COMMAND")
    check = commands.add_parser(
        "check",
        help="validate create-token responses",
        description="Validate each FILE as a create-token response (the body of "
        "POST /personal-access-tokens) and print a one-line summary of the token, or "
        "every problem with its wire path. The secret is never printed.",
        epilog="example: pat-models check examples/create-response.json",
    )
    check.add_argument("files", nargs="+", metavar="FILE", help="a JSON file, or - for stdin")
    check.set_defaults(run=_check)
    return parser


def _check(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    status = EXIT_OK
    for name in args.files:
        try:
            data = _read(name)
        except OSError as error:
            print(f"{name}: cannot read: {error.strerror}", file=err)
            status = max(status, EXIT_USAGE)
            continue
        try:
            token = loads(data, CreatePersonalAccessTokenResponse)
        except ValidationError as error:
            for path, problem in error.problems:
                print(f"{name}: {path}: {problem}", file=out)
            status = max(status, EXIT_INVALID)
        else:
            print(f"{name}: ok: {summary(token)}", file=out)
    return status


def _read(name: str) -> bytes:
    if name == "-":
        return sys.stdin.buffer.read()
    with open(name, "rb") as file:
        return file.read()


def summary(token: CreatePersonalAccessTokenResponse) -> str:
    """Describe *token* on one line, without its secret."""
    owner = next((v for v in (token.owner.name, token.owner.id) if v is not ABSENT), "?")
    if token.expiration_date is ABSENT:
        expiry = "expiry not stated"
    elif token.expiration_date is None:
        expiry = "never expires"
    else:
        expiry = f"expires {format_timestamp(token.expiration_date)}"
    return (
        f"token {token.id} {token.name!r} of {owner}, "
        f"created {format_timestamp(token.created)}, {expiry}"
    )
