"""
The ``pat-models`` command line: check, normalize, audit and describe PAT payloads.

Standard library only.  Nothing it prints holds a token's secret, but for
``normalize`` without ``--redact``, which writes the data as it is.
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import json
import os
import re
import sys
from collections.abc import Iterator, Sequence
from typing import Any, BinaryIO, TextIO

import attrs
import pendulum

from ._absent import ABSENT
from ._api import structure, unstructure
from ._audit import STATUSES, Finding, audit, parse_duration
from ._converter import make_converter
from ._credentials import MASK
from ._datetime import format_timestamp, parse_timestamp
from ._errors import Problem, ValidationError, json_type, rerooted
from ._expiry import Token
from ._input import TYPES, Document, detect, read
from ._jsontext import DuplicateKeys, write
from ._models import CreatePersonalAccessTokenResponse, GetPersonalAccessTokenResponse
from ._schema import json_schema

EXIT_OK, EXIT_INVALID, EXIT_USAGE = 0, 1, 2
EXIT_INTERRUPTED, EXIT_BROKEN_PIPE = 130, 141
PROGRESS_EVERY = 10_000

_SECRET_KEY = re.compile(r"secret|password", re.IGNORECASE)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line with *argv* (default: `sys.argv`); return the exit status."""
    args = _parser().parse_args(argv)
    for stream in (sys.stdout, sys.stderr):
        # A name with a lone surrogate or a terminal that is not UTF-8 must
        # not turn a report into a traceback.
        if isinstance(stream, io.TextIOWrapper):
            stream.reconfigure(errors="backslashreplace")
    try:
        status: int = args.run(args, sys.stdout, sys.stderr)
        sys.stdout.flush()
    except KeyboardInterrupt:
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        # Whoever read stdout has gone (``| head``): stop quietly, and keep
        # Python from complaining when it flushes stdout at exit.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_BROKEN_PIPE
    return status


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="pat-models",
        description="Check, normalize and audit SailPoint personal access token payloads.",
        epilog="Run 'pat-models COMMAND --help' for a command's options and an example.",
    )
    commands = parser.add_subparsers(required=True, metavar="COMMAND")
    types = ", ".join(TYPES)
    inputs = argparse.ArgumentParser(add_help=False)
    inputs.add_argument(
        "paths",
        nargs="*",
        metavar="PATH",
        help="a JSON or NDJSON file, or - for stdin (the default)",
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
        "A file that is one valid object gets a one-line summary. "
        "Exit status: 0 all valid, 1 some invalid, 2 usage or unreadable input.",
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
        "and left out. Exit status as for check.",
        epilog="example: pat-models normalize --redact saved-response.json",
    )
    normalize.add_argument(
        "--redact",
        action="store_true",
        help=f"replace every secret (keys named like secret or password) with {MASK}",
    )
    normalize.set_defaults(run=_normalize)

    audit_ = commands.add_parser(
        "audit",
        parents=[inputs],
        help="report tokens that are expired, expiring, never expire or are unused",
        description="Audit token listings (GET /personal-access-tokens) and create "
        "responses: a table of tokens sorted by urgency, with a status of expired, "
        "expiring, stale, never-expires, managed or ok. Exit status: 1 when any token is "
        "expired or expiring or any document is invalid, 2 on usage or unreadable input, "
        "else 0. Never prints a secret.",
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
    """A document of a file, loaded or not: where it is, what it holds, what is wrong."""

    where: str
    obj: Any = None
    problems: tuple[Problem, ...] = ()
    valid: int = 0
    invalid: int = 1


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
        self.unreadable = False
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
                    source = read(stream, self.duplicate_keys)
                    yield path, source.framing, self._load(path, source.documents)
                except OSError as error:
                    self._fail_to_read(path, error)
        if self._progress and self.valid + self.invalid >= PROGRESS_EVERY:
            self.err.write("\r\033[K")

    def _fail_to_read(self, path: str, error: OSError) -> None:
        self.unreadable = True
        print(f"{path}: cannot read: {error.strerror or error}", file=self.err)

    def _load(self, path: str, documents: Iterator[Document]) -> Iterator[_Result]:
        for document in documents:
            where = path if document.line is None else f"{path}:{document.line}"
            if document.error is not None:
                result = _Result(where, problems=document.error.problems)
            else:
                result = self._structure(where, document.value)
            self.valid += result.valid
            self.invalid += result.invalid
            if self._progress and not (self.valid + self.invalid) % PROGRESS_EVERY:
                self.err.write(f"\r{self.valid + self.invalid:,} documents")
                self.err.flush()
            yield result

    def _structure(self, where: str, value: Any) -> _Result:
        items = value if isinstance(value, list) else [value]
        objs: list[Any] = []
        problems: list[Problem] = []
        for index, item in enumerate(items):
            prefix = f"$[{index}]" if isinstance(value, list) else "$"
            try:
                cls = self.cls or _detect(item)
                objs.append(structure(item, cls, converter=self.converter))
            except ValidationError as error:
                problems += rerooted(prefix, error)
        obj = objs if isinstance(value, list) else (objs or [None])[0]
        return _Result(where, obj, tuple(problems), len(objs), len(items) - len(objs))

    def summary(self) -> str:
        """Count the objects read: a listing of seven tokens counts seven."""
        return f"{self.valid} valid, {self.invalid} invalid"

    def status(self) -> int:
        if self.unreadable:
            return EXIT_USAGE
        return EXIT_INVALID if self.invalid else EXIT_OK


def _detect(item: object) -> type:
    if not isinstance(item, dict):
        raise ValidationError([("$", f"expected an object, got {json_type(item)}")])
    return detect(item)


def _open(path: str) -> BinaryIO:
    if path == "-":
        return os.fdopen(os.dup(sys.stdin.fileno()), "rb")
    return open(path, "rb")


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
    for _, _, results in run.results():
        for result in results:
            if result.problems:
                _report(result, err)
                continue
            wire = unstructure(result.obj)
            out.write(write(_redact(wire) if args.redact else wire) + "\n")
    print(run.summary(), file=err)
    return run.status()


def _redact(value: Any) -> Any:
    """Mask the string values of keys that name a secret, at any depth."""
    if isinstance(value, list):
        return [_redact(item) for item in value]
    if isinstance(value, dict):
        return {
            key: MASK if isinstance(item, str) and _SECRET_KEY.search(key) else _redact(item)
            for key, item in value.items()
        }
    return value


def _audit(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    run = _Run(args.paths, err, None)
    tokens: list[Token] = []
    for _, _, results in run.results():
        for result in results:
            _report(result, err)
            objs = result.obj if isinstance(result.obj, list) else [result.obj]
            for obj in objs:
                if isinstance(
                    obj, (CreatePersonalAccessTokenResponse, GetPersonalAccessTokenResponse)
                ):
                    tokens.append(obj)
                elif obj is not None:
                    kind = type(obj).__name__
                    print(f"{result.where}: $: audit reads tokens, not {kind}", file=err)
                    run.invalid += 1
    at = args.at or pendulum.now(pendulum.UTC)
    findings = audit(tokens, at, args.within, args.stale)
    if args.json:
        json.dump(
            [_finding_json(finding) for finding in findings], out, ensure_ascii=False, indent=2
        )
        out.write("\n")
    else:
        _table(findings, out)
    counts = dict.fromkeys(STATUSES, 0)
    for finding in findings:
        counts[finding.status] += 1
    tally = ", ".join(f"{count} {status}" for status, count in counts.items() if count)
    print(f"{len(findings)} tokens as of {format_timestamp(at)}: {tally or 'none'}", file=err)
    if run.status() != EXIT_OK:
        return run.status()
    return EXIT_INVALID if counts["expired"] or counts["expiring"] else EXIT_OK


_COLUMNS = ("NAME", "OWNER", "CREATED", "LAST USED", "EXPIRES", "STATUS")


def _table(findings: list[Finding], out: TextIO) -> None:
    rows = [_COLUMNS, *(_row(finding) for finding in findings)]
    widths = [max(len(row[column]) for row in rows) for column in range(len(_COLUMNS) - 1)]
    for row in rows:
        cells = [cell.ljust(width) for cell, width in zip(row, widths, strict=False)]
        print("  ".join([*cells, row[-1]]), file=out)


def _row(finding: Finding) -> tuple[str, ...]:
    token = finding.token
    last_used = getattr(token, "last_used", ABSENT)
    return (
        _printable(token.name),
        _printable(_owner(token)),
        _when(token.created),
        "never" if last_used is None else _when(last_used),
        "never"
        if finding.expires is None and token.expiration_date is not ABSENT
        else _when(finding.expires),
        finding.status,
    )


def _finding_json(finding: Finding) -> dict[str, Any]:
    token = finding.token
    wire = unstructure(token)
    keep = ("id", "name", "owner", "created", "lastUsed", "managed", "expirationDate")
    row = {key: wire[key] for key in keep if key in wire}
    return {**_redact(row), "status": finding.status}


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
