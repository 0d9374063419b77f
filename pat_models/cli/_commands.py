"""
The commands check, normalize and schema, and the run of files every command reads.

Nothing they print holds a token's secret or a value under a key the models
do not know (see `_redact`), but for ``normalize`` without ``--redact``,
which writes the data as it is.  (audit, which builds on `Run`, is in
`_audit`.)
"""

from __future__ import annotations

import argparse
import errno
import json
import os
import sys
from collections.abc import Iterator
from typing import Any, BinaryIO, TextIO

import attrs

from .. import (
    ABSENT,
    CreatePersonalAccessTokenResponse,
    GetPersonalAccessTokenResponse,
    Token,
    ValidationError,
    dumps,
    format_timestamp,
    json_schema,
    make_converter,
    redacted,
    structure,
)
from ._reading import TYPES, Document, DuplicateKeys, Problem, detect, read

EXIT_OK, EXIT_INVALID, EXIT_USAGE, EXIT_INCOMPLETE, EXIT_OUTPUT = 0, 1, 2, 3, 74
EXIT_INTERRUPTED, EXIT_BROKEN_PIPE, EXIT_MEMORY = 130, 141, 71
PROGRESS_EVERY = 10_000

EXIT_STATUSES = (
    "exit status: 0 all well; 1 an invalid document or no document at all, or (audit) a token "
    "that expired or expires soon; 2 a usage error or unreadable input; 3 (audit) a document or "
    "token that could not be read, or no document at all; 71 out of memory; 74 output that "
    "cannot be written; 130 interrupted; 141 the output's reader went away"
)


@attrs.frozen
class Unread:
    """An item of a document that did not load, as it was read: audit still shows a token's row."""

    value: Any


@attrs.frozen
class Result:
    """
    A document of a file, loaded or not: where it is, what it holds, what is wrong.

    For an array, ``obj`` is a list with an object, or an `Unread`, for each element.
    """

    where: str
    obj: Any = None
    problems: tuple[Problem, ...] = ()
    valid: int = 0
    invalid: int = 1


class Run:
    """The files of one command, read one document at a time, with its tallies."""

    def __init__(
        self,
        paths: list[str],
        out: TextIO,
        err: TextIO,
        cls: type | None,
        *,
        strict: bool = False,
    ) -> None:
        self.paths = paths or ["-"]
        self.out, self.err = out, err
        self.cls = cls
        self.converter = make_converter(extra="forbid", null="reject") if strict else None
        self.duplicate_keys: DuplicateKeys = "reject" if strict else "last"
        self.valid = self.invalid = 0
        self.unreadable = self.empty = False
        self._progress = err.isatty()
        self._progress_shown = False

    def results(self) -> Iterator[tuple[str, str, Iterator[Result]]]:
        """Yield each readable file's name, framing and results."""
        for path in self.paths:
            try:
                stream = _open(path)
            except OSError as error:
                self._fail_to_read(path, error)
                continue
            with stream:
                try:
                    source = read(stream, self.duplicate_keys, self._flush)
                except OSError as error:
                    self._fail_to_read(path, error)
                    continue
                if source.framing == "empty":
                    self.empty = True
                    self.say(f"{printable(path)}: no JSON document")
                    continue
                yield path, source.framing, self._load(printable(path), source.documents)
        self._wipe_progress()

    def _flush(self) -> None:
        """Show what was written before waiting for more input: a live stream's reports."""
        self.out.flush()
        self.err.flush()

    def say(self, line: str, stream: TextIO | None = None) -> None:
        """Print *line* (to stderr by default), on a line of its own even while progress shows."""
        self._wipe_progress()
        if stream is not self.out:  # what went to stdout comes first, where both go to one file
            self.out.flush()
        print(line, file=stream or self.err)

    def report(self, result: Result, stream: TextIO) -> None:
        """Print each problem of *result* with its place and wire path."""
        for path, message in result.problems:
            self.say(f"{result.where}: {path}: {message}", stream)

    def _wipe_progress(self) -> None:
        if self._progress_shown:
            self.err.write("\r\033[K")
            self._progress_shown = False

    def _fail_to_read(self, path: str, error: OSError) -> None:
        self.unreadable = True
        self.say(f"{printable(path)}: cannot read: {error.strerror or error}")

    def _load(self, path: str, documents: Iterator[Document]) -> Iterator[Result]:
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
                result = Result(where, problems=document.error.problems)
            else:
                result = self._structure(where, document.value)
            self.valid += result.valid
            self.invalid += result.invalid
            if self._progress and not (self.valid + self.invalid) % PROGRESS_EVERY:
                self.err.write(f"\r{self.valid + self.invalid:,} documents")
                self.err.flush()
                self._progress_shown = True
            yield result

    def _structure(self, where: str, value: Any) -> Result:
        """Build the models of a document: an object, or an array of them."""
        array = isinstance(value, list)
        items = value if array else [value]
        objs: list[Any] = []
        problems: list[Problem] = []
        invalid = 0
        for index, item in enumerate(items):
            try:
                cls = self.cls or detect(item)
                objs.append(structure(item, cls, converter=self.converter))
            except ValidationError as error:
                objs.append(Unread(item))
                at = f"$[{index}]" if array else "$"
                problems += [(at + path[1:], message) for path, message in error.problems]
                invalid += 1
        obj = objs if array else objs[0]
        return Result(where, obj, tuple(problems), len(items) - invalid, invalid)

    def summary(self) -> str:
        """Count the objects read: a listing of seven tokens counts seven."""
        return f"{self.valid} valid, {self.invalid} invalid"

    def status(self) -> int:
        if self.unreadable:
            return EXIT_USAGE
        return EXIT_INVALID if self.invalid or self.empty else EXIT_OK


def _open(path: str) -> BinaryIO:
    if path != "-":
        return open(path, "rb")
    if sys.stdin is None:  # the descriptor was closed before Python started
        raise OSError(errno.EBADF, "standard input is closed")
    return os.fdopen(os.dup(sys.stdin.fileno()), "rb")


def run_check(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    run = Run(args.paths, out, err, TYPES.get(args.type), strict=args.strict)
    for _, framing, results in run.results():
        for result in results:
            run.report(result, out)
            if framing == "json" and not result.problems and not isinstance(result.obj, list):
                run.say(f"{result.where}: ok: {describe(result.obj)}", out)
    out.flush()  # what was written comes before the tally, where both go to one file
    run.say(run.summary())
    return run.status()


def run_normalize(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    run = Run(args.paths, out, err, TYPES.get(args.type))
    shown = redacted if args.redact else _as_is
    for _, _, results in run.results():
        for result in results:
            run.report(result, err)
            if isinstance(result.obj, list):  # an array: its valid elements, as an array
                valid = [shown(obj) for obj in result.obj if not isinstance(obj, Unread)]
                out.write(json_line(dumps(valid)))
            elif not result.problems:
                out.write(json_line(dumps(shown(result.obj))))
    out.flush()  # what was written comes before the tally, where both go to one file
    run.say(run.summary())
    return run.status()


def _as_is(obj: object) -> object:
    return obj


def owner_of(token: Token) -> str:
    """Name a token's owner by its name, else its id, else "?" (absent, null and empty alike)."""
    owner = token.owner
    if isinstance(owner.name, str) and owner.name:
        return owner.name
    return owner.id if isinstance(owner.id, str) and owner.id else "?"


def printable(text: object) -> str:
    r"""
    Escape what is not printable, so that no input writes to the terminal itself.

    Control characters (newlines and escapes that forge lines, colours and
    window titles) and format characters (bidi controls that reorder a line)
    are written as ``\uXXXX``, and a backslash as ``\\``: one to one.
    """
    text = str(text)
    if text.isprintable() and "\\" not in text:
        return text
    return "".join(_escaped(char) for char in text)


def _escaped(char: str) -> str:
    # A backslash of the input is escaped too, so that no two texts print alike.
    if char == "\\":
        return "\\\\"
    if char.isprintable():
        return char
    return f"\\u{ord(char):04x}" if ord(char) <= 0xFFFF else f"\\U{ord(char):08x}"  # noqa: PLR2004


def json_line(text: str) -> str:
    r"""
    Return JSON *text* as one line that a terminal shows as it is.

    What is not printable (C1 controls, DEL, bidi controls) is written as
    its ``\u`` escape, which JSON reads back as the same character.
    """
    if not text.isprintable():
        text = "".join(char if char.isprintable() else json.dumps(char)[1:-1] for char in text)
    return text + "\n"


def run_schema(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:  # noqa: ARG001
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
            f"token {printable(obj.id)} '{printable(obj.name)}' of {printable(owner_of(obj))}, "
            f"created {format_timestamp(obj.created)}, {expiry}"
        )
    return type(obj).__name__
