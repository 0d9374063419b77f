"""
Where the command line starts: its options, its exit statuses, its output streams.

Every fault ends in a message and an exit status of its own (`EXIT_STATUSES`;
71 and 74 are sysexits.h's EX_OSERR and EX_IOERR), never a traceback.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import errno
import functools
import io
import os
import sys
import typing
from collections.abc import Callable, Sequence
from typing import Any, TextIO

import pendulum

from .. import MASK, ApiVersion, __version__, parse_timestamp
from ._audit import parse_duration, run_audit
from ._commands import (
    EXIT_BROKEN_PIPE,
    EXIT_INTERRUPTED,
    EXIT_MEMORY,
    EXIT_OUTPUT,
    EXIT_STATUSES,
    run_check,
    run_normalize,
    run_schema,
)
from ._fetch import MAX_BYTES, MAX_TIMEOUT, TIMEOUT, run_fetch
from ._output import Output
from ._reading import TYPES
from ._rotate import FORMATS, STORE_TIMEOUT, run_rotate


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line with *argv* (default: `sys.argv`); return the exit status."""
    out, err = _writable(sys.stdout, "standard output"), _writable(sys.stderr, "standard error")
    try:
        args = _parser().parse_args(argv)
        # Every byte or an error; JSON in UTF-8, a report in what the terminal shows.
        data = args.data or getattr(args, "json", False)
        encoding = "utf-8" if data else getattr(out, "encoding", None) or "utf-8"
        out = typing.cast("TextIO", Output(out, encoding))
        status: int = args.run(args, out, err)
        out.flush()
        err.flush()
    except KeyboardInterrupt:
        return EXIT_INTERRUPTED
    except MemoryError:
        # What was being read is gone with the frames that held it: there is room to say so.
        with contextlib.suppress(OSError, ValueError, MemoryError):
            print(
                "pat-models: out of memory: a document larger than this machine can hold", file=err
            )
            err.flush()
        return EXIT_MEMORY
    except BrokenPipeError:
        # Whoever read the output has gone (``| head``): stop quietly.
        _silence()
        return EXIT_BROKEN_PIPE
    except OSError as error:
        _silence(keep_stderr=error.filename != "standard error")
        with contextlib.suppress(OSError, ValueError):
            print(f"pat-models: cannot write the output: {error.strerror or error}", file=err)
            err.flush()
        return EXIT_OUTPUT
    return status


# The help is laid out at 100 columns whatever the terminal, as the README shows it.
_HELP_LAYOUT = functools.partial(argparse.HelpFormatter, width=100)


class _Show(argparse.Action):
    """
    ``--help`` or ``--version``: write the text, then end with status 0.

    argparse's own actions swallow an error writing it and end with status 0
    all the same, so that a full disk would go unsaid: here it is an error.
    """

    def __init__(self, option_strings: list[str], dest: str, text: str = "", **kwargs: Any) -> None:
        super().__init__(option_strings, dest, nargs=0, default=argparse.SUPPRESS, **kwargs)
        self.text = text

    def __call__(self, parser: argparse.ArgumentParser, *_: object, **__: object) -> None:
        out = _writable(sys.stdout, "standard output")
        out.write(self.text or parser.format_help())
        out.flush()
        parser.exit()


def _writable(stream: TextIO | None, name: str) -> TextIO:
    """Return *stream*, made to survive any text; a stand-in that fails writes if it is closed."""
    if stream is None:  # the descriptor was closed before Python started
        return _Closed(name)
    # A name with a lone surrogate or a terminal that is not UTF-8 must not
    # turn a report into a traceback.
    if isinstance(stream, io.TextIOWrapper):
        stream.reconfigure(errors="backslashreplace")
    return stream


class _Closed(io.StringIO):
    """A closed standard stream: nothing can be written to it."""

    def __init__(self, name: str) -> None:
        super().__init__()
        self.name = name

    def write(self, _text: str) -> int:
        raise OSError(errno.EBADF, f"{self.name} is closed", self.name)


def _silence(*, keep_stderr: bool = True) -> None:
    """Point stdout (and stderr) at /dev/null, so that Python's flush at exit cannot fail."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    for stream in (sys.stdout, None if keep_stderr else sys.stderr):
        if stream is not None:
            with contextlib.suppress(OSError, ValueError):
                os.dup2(devnull, stream.fileno())
    os.close(devnull)


def _parser() -> argparse.ArgumentParser:
    helped = argparse.ArgumentParser(add_help=False)
    helped.add_argument("-h", "--help", action=_Show, help="show this help message and exit")
    parser = argparse.ArgumentParser(
        add_help=False,
        parents=[helped],
        formatter_class=_HELP_LAYOUT,
        prog="pat-models",
        description="Check, normalize, audit and fetch SailPoint personal access token payloads.",
        epilog="Run 'pat-models COMMAND --help' for a command's options and an example. "
        + EXIT_STATUSES
        + ".",
    )
    parser.add_argument(
        "--version",
        action=_Show,
        text=f"pat-models {__version__}\n",
        help="show program's version number and exit",
    )
    commands = parser.add_subparsers(required=True, metavar="COMMAND")
    types = ", ".join(TYPES)
    inputs = argparse.ArgumentParser(add_help=False)
    inputs.add_argument(
        "paths",
        nargs="*",
        metavar="PATH",
        help="a file of JSON values (one, one a line, or one after another as jq writes them; "
        "UTF-8, or UTF-16 or UTF-32 told by a byte order mark), or - for stdin (the default)",
    )
    calling = argparse.ArgumentParser(add_help=False)  # the options of the commands that call
    calling.add_argument(
        "--api-version",
        choices=typing.get_args(ApiVersion),
        default="v2025",
        metavar="VERSION",
        help="v3, beta, v2024, v2025, v2026, or v1 for /personal-access-tokens/v1 (default: v2025)",
    )
    calling.add_argument(
        "--timeout",
        type=_seconds_up_to(MAX_TIMEOUT),
        default=TIMEOUT,
        metavar="SECONDS",
        help=f"the most one request may take in all, connecting and reading its answer, up to "
        f"{MAX_TIMEOUT:g} (default: {TIMEOUT:g})",
    )
    typed = argparse.ArgumentParser(add_help=False)
    typed.add_argument(
        "--type",
        choices=TYPES,
        metavar="TYPE",
        help=f"read every document as TYPE instead of telling it by its keys: {types}",
    )

    check = commands.add_parser(
        "check",
        add_help=False,
        formatter_class=_HELP_LAYOUT,
        parents=[helped, inputs, typed],
        help="validate payloads and report every problem",
        description="Validate every document of each PATH, and print each problem as "
        "PATH:LINE: $.wire.path: message, or PATH: $[3].wire.path: message for a file that is "
        "one value. "
        "A file that is one valid object gets a one-line summary. " + EXIT_STATUSES + ".",
        epilog="example: pat-models check --strict examples/create-response.json tokens.ndjson",
    )
    check.add_argument(
        "--strict",
        action="store_true",
        help="forbid keys the models do not know, keys given twice in one object, and null where "
        "the spec does not allow it",
    )
    check.set_defaults(run=run_check, data=False)

    normalize = commands.add_parser(
        "normalize",
        add_help=False,
        formatter_class=_HELP_LAYOUT,
        parents=[helped, inputs, typed],
        help="write payloads in the API's canonical form",
        description="Write every valid document in the canonical wire form (timestamps "
        "YYYY-MM-DDTHH:MM:SS.mmmZ in UTC, keys in the spec's order, unknown keys kept), "
        "compact, one document a line. Invalid documents are reported on stderr "
        "and left out, valid elements of an array kept. " + EXIT_STATUSES + ".",
        epilog="example: pat-models normalize --redact saved-response.json",
    )
    normalize.add_argument(
        "--redact",
        action="store_true",
        help=f"replace the secret, and the value of every key the models do not know, with {MASK}",
    )
    normalize.set_defaults(run=run_normalize, data=True)

    audit_ = commands.add_parser(
        "audit",
        add_help=False,
        formatter_class=_HELP_LAYOUT,
        parents=[helped, inputs],
        help="report tokens that are expired, expiring, never expire or are unused",
        description="Audit token listings (GET /personal-access-tokens) and create "
        "responses: a table of tokens sorted by urgency, with a status of invalid (a token "
        "it could not fully read, shown with what could be read), expired, expiring, stale, "
        "expiry-unknown (no date, null or flag: from before July 2025), never-expires (a null "
        "date, or the flag without one), managed or ok; a stated date decides whatever the "
        "never-expires flag says, and a token with both is marked. Expired and expiring make "
        "the exit 1; an invalid one makes it 3 even where another "
        "expired. Keeps only what it prints of each "
        "token. Never prints a secret or an unknown key's value. " + EXIT_STATUSES + ".",
        epilog="example: pat-models audit --within 14d --stale 60d examples/tokens.json",
    )
    audit_.add_argument(
        "--at",
        type=_instant,
        metavar="INSTANT",
        help="judge as of this RFC 3339 instant, such as 2026-12-01T00:00:00Z (default: now)",
    )
    audit_.add_argument(
        "--within",
        type=_duration,
        default="30d",
        metavar="DURATION",
        help="expiring means expiring within DURATION, such as 30d or 12h (default: 30d)",
    )
    audit_.add_argument(
        "--stale",
        type=_duration,
        default="90d",
        metavar="DURATION",
        help="stale means unused for DURATION (default: 90d)",
    )
    audit_.add_argument(
        "--fail-unknown-expiry",
        action="store_true",
        help="count a token that says nothing of its expiry (expiry-unknown) as needing action: "
        "exit 1",
    )
    audit_.add_argument("--json", action="store_true", help="write a JSON array instead of a table")
    audit_.set_defaults(run=run_audit, data=False)

    fetch = commands.add_parser(
        "fetch",
        add_help=False,
        formatter_class=_HELP_LAYOUT,
        parents=[helped, calling],
        help="write a live tenant's token listing as a JSON array",
        description="List the tokens of the tenant at SAIL_BASE_URL (its https API URL), as the "
        "PAT SAIL_CLIENT_ID with the secret SAIL_CLIENT_SECRET, and write them as a JSON array, "
        "for audit to read, the value of every key the models do not know masked. The access "
        "token is asked for once and renewed when due or refused; a 429 waits for Retry-After; a "
        "server error is tried again; a redirect is never followed. It never writes to the "
        "tenant. exit status: 0 listed; 2 a request the tenant refused (400); 65 a token the "
        "models cannot read (the others are written, and each problem named); 69 the tenant "
        "cannot be reached, keeps failing (5xx, 429 past the waits allowed), redirects, sends a "
        "broken answer, or no whole answer within --timeout or --max-bytes; 77 credentials "
        "refused (401 or 403, after renewing, or the token request's 400); 78 a variable missing "
        "from the environment or unusable: a SAIL_BASE_URL that is no https URL of a host (http "
        "for this machine alone), holds a password, a query or a fragment, or ends in an API "
        "version; an id or secret that is not UTF-8 text.",
        epilog="example: pat-models fetch --owner-id me | pat-models audit --within 14d",
    )
    fetch.add_argument(
        "--owner-id", metavar="ID", help="only the tokens of this identity id, or of me"
    )
    fetch.add_argument(
        "--filters",
        metavar="FILTERS",
        help="the API's filters, such as 'lastUsed le 2026-06-01T00:00:00.000Z' or "
        "'lastUsed isnull'",
    )
    fetch.add_argument(
        "--max-bytes",
        type=_size,
        default=MAX_BYTES,
        metavar="SIZE",
        help=f"the most bytes read from one answer, such as 40000000 or 64M (default: "
        f"{MAX_BYTES // 2**20}M)",
    )
    fetch.add_argument(
        "--redact",
        action=argparse.BooleanOptionalAction,
        default=True,
        help="mask the value of every key the models do not know; --no-redact writes the data as "
        "it is (default: --redact)",
    )
    fetch.set_defaults(run=run_fetch, data=True)

    rotate = commands.add_parser(
        "rotate",
        add_help=False,
        formatter_class=_HELP_LAYOUT,
        parents=[helped, calling],
        help="replace a PAT by a new one, handed to a store command first",
        description="Rotate the PAT SAIL_CLIENT_ID (or --id, another token of its owner) of "
        "the tenant at SAIL_BASE_URL: create a new token with its scope, access-token validity "
        "and expiry rule (the same lifetime from now, never expiring if it never did, six months "
        "where it says nothing; --expires-in sets it) under a name of its own, hand its "
        "credentials to --store-command on standard input, and only once that command exits 0 "
        "delete the old token and give the new one its name. If the store fails, the new token "
        "is deleted again. Every step is a line on stderr; no output holds a secret; the store "
        "command's output is not shown and its stderr is, the secret masked. exit status: 0 "
        "rotated (or, with --dry-run, said what would be); 69, 77, 78 as for fetch; 70 the "
        "store failed and the new token could not be deleted (its id is printed); 75 the store "
        "failed and the new token was deleted again.",
        epilog="example: pat-models rotate --store-format secret --store-command 'gh secret set X'",
    )
    rotate.add_argument("--id", metavar="ID", help="the token to rotate (default: SAIL_CLIENT_ID)")
    rotate.add_argument(
        "--store-command",
        metavar="CMD",
        help="a command line, run by sh -c, that reads the new credentials on standard input",
    )
    rotate.add_argument(
        "--store-format",
        choices=FORMATS,
        default="json",
        help='what the store command reads: json ({"id": …, "secret": …}), env '
        "(SAIL_CLIENT_ID=… and SAIL_CLIENT_SECRET=… lines) or the secret alone (default: json)",
    )
    rotate.add_argument(
        "--store-timeout",
        type=_seconds_up_to(86_400),  # a day
        default=STORE_TIMEOUT,
        metavar="SECONDS",
        help=f"the most the store command may take (default: {STORE_TIMEOUT:g})",
    )
    rotate.add_argument(
        "--expires-in",
        type=_duration,
        metavar="DURATION",
        help="the new token's life, such as 90d (default: the old one's)",
    )
    rotate.add_argument(
        "--dry-run",
        action="store_true",
        help="say what would be created and deleted, and do nothing",
    )
    rotate.set_defaults(run=run_rotate, data=False)

    schema = commands.add_parser(
        "schema",
        add_help=False,
        formatter_class=_HELP_LAYOUT,
        parents=[helped],
        help="print the JSON Schema of a payload type",
        description="Print the JSON Schema (draft 2020-12) of TYPE's wire form, derived "
        f"from the models. TYPE is one of: {types}.",
        epilog="example: pat-models schema create-response > create-response.schema.json",
    )
    schema.add_argument("type", choices=TYPES, metavar="TYPE", help=types)
    schema.set_defaults(run=run_schema, data=True)
    return parser


def _seconds_up_to(most: float) -> Callable[[str], float]:
    """Return the reader of an option's seconds: more than 0, at most *most*."""

    def seconds(text: str) -> float:
        try:
            value = float(text)
        except ValueError:
            value = -1.0
        if not 0 < value <= most:
            msg = f"expected a number of seconds, more than 0 and at most {most:g}"
            raise argparse.ArgumentTypeError(msg)
        return value

    return seconds


def _size(text: str) -> int:
    digits, unit = (text[:-1], text[-1].upper()) if text[-1:].isalpha() else (text, "")
    scale = {"": 1, "K": 2**10, "M": 2**20, "G": 2**30}.get(unit)
    fits = digits.isascii() and digits.isdigit() and len(digits) < 13  # noqa: PLR2004
    if scale is None or not fits or int(digits) == 0:
        msg = "expected a size in bytes, more than 0, such as 40000000, 64M or 1G"
        raise argparse.ArgumentTypeError(msg)
    return int(digits) * scale


def _instant(text: str) -> pendulum.DateTime:
    try:
        return parse_timestamp(text)
    except ValueError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def _duration(text: str) -> dt.timedelta:
    try:
        return parse_duration(text)
    except ValueError as error:
        raise argparse.ArgumentTypeError(str(error)) from None
