"""
The ``pat-models`` command line: check, normalize, audit and describe PAT payloads.

Nothing it prints holds a token's secret or a value under a key the models do
not know (see `_redact`), but for ``normalize`` without ``--redact``, which
writes the data as it is.  Every fault ends in a message and an exit status
of its own (`EXIT_STATUSES`; 74 is sysexits.h's EX_IOERR), never a traceback.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import errno
import io
import json
import os
import sys
from collections.abc import Iterator, Sequence
from typing import Any, BinaryIO, NamedTuple, TextIO

import attrs
import pendulum

from . import __version__
from ._absent import ABSENT
from ._api import structure, unstructure
from ._audit import STATUSES, judge, parse_duration, urgency
from ._converter import make_converter
from ._credentials import MASK
from ._datetime import format_timestamp, parse_timestamp
from ._errors import Problem, ValidationError, json_type, rerooted
from ._expiry import Token
from ._input import TYPES, Document, detect, read
from ._jsontext import DuplicateKeys, parse, write
from ._models import CreatePersonalAccessTokenResponse, GetPersonalAccessTokenResponse
from ._redact import redacted
from ._schema import json_schema

EXIT_OK, EXIT_INVALID, EXIT_USAGE, EXIT_OUTPUT = 0, 1, 2, 74
EXIT_INTERRUPTED, EXIT_BROKEN_PIPE = 130, 141
PROGRESS_EVERY = 10_000

EXIT_STATUSES = (
    "exit status: 0 all well; 1 an invalid document, no document at all, or (audit) a token "
    "expired or expiring; 2 a usage error or unreadable input; 74 output that cannot be written; "
    "130 interrupted; 141 the output's reader went away"
)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line with *argv* (default: `sys.argv`); return the exit status."""
    args = _parser().parse_args(argv)
    out, err = _writable(sys.stdout, "standard output"), _writable(sys.stderr, "standard error")
    try:
        status: int = args.run(args, out, err)
        out.flush()
        err.flush()
    except KeyboardInterrupt:
        return EXIT_INTERRUPTED
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
    parser = argparse.ArgumentParser(
        prog="pat-models",
        description="Check, normalize and audit SailPoint personal access token payloads.",
        epilog="Run 'pat-models COMMAND --help' for a command's options and an example. "
        + EXIT_STATUSES
        + ".",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
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
    typed = argparse.ArgumentParser(add_help=False)
    typed.add_argument(
        "--type",
        choices=TYPES,
        metavar="TYPE",
        help=f"read every document as TYPE instead of telling it by its keys: {types}",
    )

    check = commands.add_parser(
        "check",
        parents=[inputs, typed],
        help="validate payloads and report every problem",
        description="Validate every document of each PATH, and print each problem as "
        "PATH:LINE: $.wire.path: message (NDJSON) or PATH: $[3].wire.path: message. "
        "A file that is one valid object gets a one-line summary. " + EXIT_STATUSES + ".",
        epilog="example: pat-models check --strict examples/create-response.json tokens.ndjson",
    )
    check.add_argument(
        "--strict",
        action="store_true",
        help="forbid keys the models do not know, and keys given twice in one object",
    )
    check.set_defaults(run=_check)

    normalize = commands.add_parser(
        "normalize",
        parents=[inputs, typed],
        help="write payloads in the API's canonical form",
        description="Write every valid document in the canonical wire form (timestamps "
        "YYYY-MM-DDTHH:MM:SS.mmmZ in UTC, keys in the spec's order, unknown keys kept), "
        "compact, in the framing of its input. Invalid documents are reported on stderr "
        "and left out, valid elements of an array kept. " + EXIT_STATUSES + ".",
        epilog="example: pat-models normalize --redact saved-response.json",
    )
    normalize.add_argument(
        "--redact",
        action="store_true",
        help=f"replace the secret, and the value of every key the models do not know, with {MASK}",
    )
    normalize.set_defaults(run=_normalize)

    audit_ = commands.add_parser(
        "audit",
        parents=[inputs],
        help="report tokens that are expired, expiring, never expire or are unused",
        description="Audit token listings (GET /personal-access-tokens) and create "
        "responses: a table of tokens sorted by urgency, with a status of expired, "
        "expiring, stale, never-expires, managed or ok. Keeps only what it prints of each "
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
    audit_.add_argument("--json", action="store_true", help="write a JSON array instead of a table")
    audit_.set_defaults(run=_audit)

    schema = commands.add_parser(
        "schema",
        help="print the JSON Schema of a payload type",
        description="Print the JSON Schema (draft 2020-12) of TYPE's wire form, derived "
        f"from the models. TYPE is one of: {types}.",
        epilog="example: pat-models schema create-response > create-response.schema.json",
    )
    schema.add_argument("type", choices=TYPES, metavar="TYPE", help=types)
    schema.set_defaults(run=_schema)
    return parser


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


@attrs.frozen
class _Result:
    """
    A document of a file, loaded or not: where it is, what it holds, what is wrong.

    For an array, ``obj`` is a list with an object or None for each element.
    """

    where: str
    obj: Any = None
    problems: tuple[Problem, ...] = ()
    valid: int = 0
    invalid: int = 1


_Outcome = tuple[Any, tuple[Problem, ...], int, int]
"""A `_Result` but for where it is: what a document holds and what is wrong."""


class _Run:
    """The files of one command, read one document at a time, with its tallies."""

    def __init__(
        self, paths: list[str], err: TextIO, cls: type | None, *, strict: bool = False
    ) -> None:
        self.paths = paths or ["-"]
        self.err = err
        self.cls = cls
        self.converter = make_converter(extra="forbid") if strict else None
        self.duplicate_keys: DuplicateKeys = "reject" if strict else "last"
        self.valid = self.invalid = 0
        self.unreadable = self.empty = False
        self._progress = err.isatty()

    def results(self) -> Iterator[tuple[str, str, Iterator[_Result]]]:
        """Yield each readable file's name, framing and results."""
        for path in self.paths:
            try:
                stream = _open(path)
            except OSError as error:
                self._fail_to_read(path, error)
                continue
            with stream:
                try:
                    source = read(stream, self._load_text)
                except OSError as error:
                    self._fail_to_read(path, error)
                    continue
                if source.framing == "empty":
                    self.empty = True
                    print(f"{path}: no JSON document", file=self.err)
                    continue
                yield path, source.framing, self._load(path, source.documents)
        if self._progress and self.valid + self.invalid >= PROGRESS_EVERY:
            self.err.write("\r\033[K")

    def _fail_to_read(self, path: str, error: OSError) -> None:
        self.unreadable = True
        print(f"{path}: cannot read: {error.strerror or error}", file=self.err)

    def _load(self, path: str, documents: Iterator[Document]) -> Iterator[_Result]:
        while True:
            try:
                document = next(documents, None)
            except OSError as error:  # the input failed part way: report, and go on
                self._fail_to_read(path, error)
                return
            if document is None:
                return
            where = path if document.line is None else f"{path}:{document.line}"
            if document.error is not None:
                result = _Result(where, problems=document.error.problems)
            else:
                result = _Result(where, *document.value)
            self.valid += result.valid
            self.invalid += result.invalid
            if self._progress and not (self.valid + self.invalid) % PROGRESS_EVERY:
                self.err.write(f"\r{self.valid + self.invalid:,} documents")
                self.err.flush()
            yield result

    def _load_text(self, text: bytes) -> _Outcome:
        return parse(text, self._structure, self.duplicate_keys)

    def _structure(self, value: Any) -> _Outcome:
        """Build the models of a document: an object, or an array of them."""
        array = isinstance(value, list)
        items = value if array else [value]
        objs: list[Any] = []
        problems: list[Problem] = []
        for index, item in enumerate(items):
            try:
                cls = self.cls or _detect(item)
                objs.append(structure(item, cls, converter=self.converter))
            except ValidationError as error:
                objs.append(None)
                problems += rerooted(f"$[{index}]" if array else "$", error)
        invalid = objs.count(None)
        return (objs if array else objs[0]), tuple(problems), len(items) - invalid, invalid

    def summary(self) -> str:
        """Count the objects read: a listing of seven tokens counts seven."""
        return f"{self.valid} valid, {self.invalid} invalid"

    def status(self) -> int:
        if self.unreadable:
            return EXIT_USAGE
        return EXIT_INVALID if self.invalid or self.empty else EXIT_OK


def _detect(item: object) -> type:
    if not isinstance(item, dict):
        raise ValidationError([("$", f"expected an object, got {json_type(item)}")])
    return detect(item)


def _open(path: str) -> BinaryIO:
    if path != "-":
        return open(path, "rb")
    if sys.stdin is None:  # the descriptor was closed before Python started
        raise OSError(errno.EBADF, "standard input is closed")
    return os.fdopen(os.dup(sys.stdin.fileno()), "rb")


def _report(result: _Result, out: TextIO) -> None:
    for path, message in result.problems:
        print(f"{result.where}: {path}: {message}", file=out)


def _check(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    run = _Run(args.paths, err, TYPES.get(args.type), strict=args.strict)
    for _, framing, results in run.results():
        for result in results:
            _report(result, out)
            if framing == "json" and not result.problems and not isinstance(result.obj, list):
                print(f"{result.where}: ok: {describe(result.obj)}", file=out)
    print(run.summary(), file=err)
    return run.status()


def _normalize(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    run = _Run(args.paths, err, TYPES.get(args.type))
    shown = redacted if args.redact else _as_is
    for _, _, results in run.results():
        for result in results:
            _report(result, err)
            if isinstance(result.obj, list):  # an array: its valid elements, as an array
                valid = [shown(obj) for obj in result.obj if obj is not None]
                out.write(write(unstructure(valid)) + "\n")
            elif not result.problems:
                out.write(write(unstructure(shown(result.obj))) + "\n")
    print(run.summary(), file=err)
    return run.status()


def _as_is(obj: object) -> object:
    return obj


class _Row(NamedTuple):
    """
    What a report prints of one token, and where it sorts.

    A report keeps only this, not the models: the cells of its table row, or
    its JSON line (redacted), whichever the report prints.
    """

    key: tuple[int, float, str]
    status: str
    shown: tuple[str, ...] | str


def _audit(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    run = _Run(args.paths, err, None)
    at = args.at or pendulum.now(pendulum.UTC)
    rows: list[_Row] = []
    for _, _, results in run.results():
        for result in results:
            _report(result, err)
            objs = result.obj if isinstance(result.obj, list) else [result.obj]
            for index, obj in enumerate(objs):
                if isinstance(
                    obj, (CreatePersonalAccessTokenResponse, GetPersonalAccessTokenResponse)
                ):
                    rows.append(_audit_row(obj, at, args))
                elif obj is not None:
                    path = f"$[{index}]" if isinstance(result.obj, list) else "$"
                    kind = type(obj).__name__
                    print(f"{result.where}: {path}: audit reads tokens, not {kind}", file=err)
                    run.invalid += 1
    rows.sort(key=lambda row: row.key)
    if args.json:
        out.write("[")
        for index, row in enumerate(rows):
            out.write(f"{',' if index else ''}\n  {row.shown}")
        out.write("\n]\n" if rows else "]\n")
    else:
        _table([row.shown for row in rows], out)  # type: ignore[misc]
    counts = dict.fromkeys(STATUSES, 0)
    for row in rows:
        counts[row.status] += 1
    tally = ", ".join(f"{count} {status}" for status, count in counts.items() if count)
    print(f"{len(rows)} tokens as of {format_timestamp(at)}: {tally or 'none'}", file=err)
    if run.status() != EXIT_OK:
        return run.status()
    return EXIT_INVALID if counts["expired"] or counts["expiring"] else EXIT_OK


def _audit_row(token: Token, at: dt.datetime, args: argparse.Namespace) -> _Row:
    status, expires = judge(token, at, args.within, args.stale)
    key = urgency(status, expires, token.name)
    sort_key = (key[0], key[1].timestamp(), key[2])
    if args.json:
        wire = unstructure(redacted(token))
        keep = ("id", "name", "owner", "created", "lastUsed", "managed", "expirationDate")
        return _Row(
            sort_key,
            status,
            write({key: wire[key] for key in keep if key in wire} | {"status": status}),
        )
    last_used = getattr(token, "last_used", ABSENT)
    cells = (
        _printable(token.name),
        _printable(_owner(token)),
        _when(token.created),
        "never" if last_used is None else _when(last_used),
        "never" if expires is None and token.expiration_date is not ABSENT else _when(expires),
        status,
    )
    return _Row(sort_key, status, cells)


_COLUMNS = ("NAME", "OWNER", "CREATED", "LAST USED", "EXPIRES", "STATUS")


def _table(rows: list[tuple[str, ...]], out: TextIO) -> None:
    if not rows:
        return
    table = [_COLUMNS, *rows]
    widths = [max(len(cells[column]) for cells in table) for column in range(len(_COLUMNS) - 1)]
    for cells in table:
        padded = [cell.ljust(width) for cell, width in zip(cells, widths, strict=False)]
        print("  ".join([*padded, cells[-1]]), file=out)


def _owner(token: Token) -> str:
    owner = token.owner
    return next((str(v) for v in (owner.name, owner.id) if v is not ABSENT), "?")


def _when(value: object) -> str:
    """Write a timestamp for a table cell: to the minute, in UTC; "-" when unknown."""
    if not isinstance(value, dt.datetime):
        return "-"
    return format_timestamp(value)[:16].replace("T", " ")


def _printable(text: object) -> str:
    """Escape control characters, so that a hostile name cannot break the table."""
    return "".join(char if char.isprintable() else f"\\u{ord(char):04x}" for char in str(text))


def _schema(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:  # noqa: ARG001
    json.dump(json_schema(TYPES[args.type]), out, indent=2)
    out.write("\n")
    return EXIT_OK


def describe(obj: object) -> str:
    """Describe a loaded document on one line, never with a secret."""
    if isinstance(obj, (CreatePersonalAccessTokenResponse, GetPersonalAccessTokenResponse)):
        if obj.expiration_date is ABSENT:
            expiry = "expiry not stated"
        elif obj.expiration_date is None:
            expiry = "never expires"
        else:
            expiry = f"expires {format_timestamp(obj.expiration_date)}"
        return (
            f"token {obj.id} {obj.name!r} of {_owner(obj)}, "
            f"created {format_timestamp(obj.created)}, {expiry}"
        )
    return type(obj).__name__
