"""
Reading PAT payloads from files: framing, and which model a document is.

A file holds one JSON value (an object, or an array of objects) or NDJSON,
one value per line; which, is told from the text.  NDJSON is read a line at
a time, so memory stays flat whatever the size of the file.
"""

from __future__ import annotations

import functools
import io
import itertools
import json
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import Any, BinaryIO

import attrs

from .._errors import ValidationError
from .._json import parse
from .._models import (
    BulkUpdatePersonalAccessTokensRequest,
    CreatePersonalAccessTokenRequest,
    CreatePersonalAccessTokenResponse,
    ErrorResponseDto,
    GetPersonalAccessTokenResponse,
    JsonPatchOperation,
    ListPersonalAccessTokensV1401Response,
    ListPersonalAccessTokensV1429Response,
)

TYPES: dict[str, type] = {
    "create-response": CreatePersonalAccessTokenResponse,
    "create-request": CreatePersonalAccessTokenRequest,
    "token": GetPersonalAccessTokenResponse,
    "patch": JsonPatchOperation,
    "bulk-update": BulkUpdatePersonalAccessTokensRequest,
    "error": ErrorResponseDto,
    "error-401": ListPersonalAccessTokensV1401Response,
    "error-429": ListPersonalAccessTokensV1429Response,
}
"""The models by their command-line names."""

_MARKERS: list[tuple[type, Any]] = [
    (CreatePersonalAccessTokenResponse, lambda keys: "secret" in keys),
    (
        GetPersonalAccessTokenResponse,
        lambda keys: {"owner", "created"} <= keys and "secret" not in keys,
    ),
    (
        CreatePersonalAccessTokenRequest,
        lambda keys: "name" in keys and not keys & {"id", "owner", "created", "secret"},
    ),
    (JsonPatchOperation, lambda keys: {"op", "path"} <= keys),
    (BulkUpdatePersonalAccessTokensRequest, lambda keys: {"ids", "patch"} <= keys),
    (
        ErrorResponseDto,
        lambda keys: bool(keys & {"detailCode", "trackingId", "messages", "causes"}),
    ),
    (ListPersonalAccessTokensV1401Response, lambda keys: "error" in keys),
    (ListPersonalAccessTokensV1429Response, lambda keys: "message" in keys),
]


def detect(document: Mapping[str, Any]) -> type:
    """
    Tell which model *document* is from the keys it carries.

    Raises:
        ValidationError: no model, or more than one, fits its keys; such a
            document is reported, not guessed at.
    """
    return _model_of(frozenset(document))


# A file's documents mostly share their keys: telling each set once halves
# the cost of checking a stream of tokens.
@functools.lru_cache(maxsize=256)
def _model_of(keys: frozenset[str]) -> type:
    fits = [cls for cls, marks in _MARKERS if marks(keys)]
    if len(fits) == 1:
        return fits[0]
    if fits:
        names = ", ".join(_name_of(cls) for cls in fits)
        problem = f"ambiguous: it could be {names}; name one with --type"
    else:
        problem = "cannot tell which PAT object this is; name it with --type"
    raise ValidationError([("$", problem)])


def _name_of(cls: type) -> str:
    return next(name for name, model in TYPES.items() if model is cls)


@attrs.frozen
class Document:
    """
    One JSON value of a file, or why it is not one.

    Attributes:
        line: The line it starts on; None for a file that is one value.
        value: What the *load* of `read` made of it, if it is JSON.
        error: Why it could not be read, if it is not.
    """

    line: int | None
    value: Any = None
    error: ValidationError | None = None


@attrs.frozen
class Source:
    """
    A file's documents, and how they were framed.

    ``json`` for one value, ``ndjson`` for a value a line, ``concatenated``
    for values one after another however they are laid out (what ``jq``
    writes), ``empty`` for no value at all.  Which of ``json`` and
    ``concatenated`` a file is, is known once its second value is sought.
    """

    framing: str
    documents: Iterator[Document]


CHUNK = 1 << 16
"""How much text is read at a time while looking for the end of a value."""


Load = Callable[[bytes], Any]
"""What makes a document of the UTF-8 text of one JSON value: `parse` and a build."""


def read(stream: BinaryIO, load: Load) -> Source:
    """
    Frame the bytes of *stream* and yield what *load* makes of each document.

    The encoding is told by a byte order mark or, without one, by the zero
    bytes of UTF-16 and UTF-32 (RFC 8259 section 8.1 asks for UTF-8; Windows
    tools write UTF-16).  Two non-blank lines of which the first is a whole
    JSON object or array make NDJSON, read a line at a time; anything else is
    read a value at a time, wherever each value ends.  Both keep memory flat
    whatever the number of documents.

    Raises:
        OSError: *stream* cannot be read.  A `ValidationError` of *load*
            becomes a `Document`'s error instead.
    """
    lines = _utf8_lines(stream)
    head: list[bytes] = []
    filled = 0
    for line in lines:
        head.append(line)
        filled += bool(line.strip())
        if filled == 2:  # noqa: PLR2004
            break
    if not filled:
        return Source("empty", iter(()))
    first = next(line for line in head if line.strip()).strip()
    rest = itertools.chain(head, lines)
    if filled == 2 and first[:1] in b"{[" and first[-1:] in b"}]" and _is_json(first):  # noqa: PLR2004
        return Source("ndjson", _ndjson(rest, load))
    documents = _values(rest, load)
    ahead = list(itertools.islice(documents, 2))
    if len(ahead) == 1:
        return Source("json", iter([attrs.evolve(ahead[0], line=None)]))
    return Source("concatenated", itertools.chain(ahead, documents))


def _is_json(line: bytes) -> bool:
    try:
        parse(line, _ignore)
    except ValidationError:
        return False
    return True


def _utf8_lines(stream: BinaryIO) -> Iterator[bytes]:
    """Yield the lines of *stream* as UTF-8 bytes, whatever Unicode encoding it is in."""
    buffered = stream if isinstance(stream, io.BufferedReader) else io.BufferedReader(stream)  # type: ignore[type-var]
    # As json.loads tells it: by a byte order mark, else by where the zero bytes are.
    encoding = json.detect_encoding(buffered.peek(4)[:4])
    if encoding == "utf-8":
        yield from buffered
        return
    text = io.TextIOWrapper(buffered, encoding=encoding, newline="")
    try:
        for line in text:
            yield line.encode("utf-8", "surrogatepass")
    except UnicodeDecodeError as error:
        raise _UndecodableError(error) from None
    finally:
        # The stream is the caller's to close: a wrapper left to the garbage
        # collector would close it first, with a ResourceWarning.
        text.detach()


class _UndecodableError(OSError):
    """Bytes that are not the Unicode encoding their start announced."""

    def __init__(self, error: UnicodeDecodeError) -> None:
        super().__init__(f"not valid {error.encoding.upper()}")
        self.strerror = str(self)


def _ignore(value: object) -> None:
    pass


def _ndjson(lines: Iterable[bytes], load: Load) -> Iterator[Document]:
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            yield Document(number, load(line.rstrip(b"\r\n")))
        except ValidationError as error:
            yield Document(number, error=_within_line(error))


def _within_line(error: ValidationError) -> ValidationError:
    """Drop the parser's "line 1": the line is the file's, and named already."""
    problems = [
        (path, m.replace(" at line 1 column ", " at column ")) for path, m in error.problems
    ]
    return ValidationError(problems)


# Where a value ends: strings whole (escapes included), brackets counted, and
# runs of everything else skipped in one step.  At depth 0 a value is a
# bracket, a string, or a bare word (a number, true, or garbage to report).
_STRING = r'"(?:[^"\\]|\\.)*"'
_INSIDE = re.compile(rf'{_STRING}|[\[\]{{}}]|[^"\[\]{{}}]+', re.DOTALL).match
_SPACE = re.compile(r"\s*").match
_TOP = re.compile(rf'\s*(?:{_STRING}|([\[{{])|[^\s"\[\]{{}}]+|[\]}}])', re.DOTALL).match


def _values(lines: Iterator[bytes], load: Load) -> Iterator[Document]:
    """Yield the JSON values of *lines* one at a time, each with the line it starts on."""
    scan = _Scanner(lines)
    while True:
        token = _TOP(scan.text, scan.at)
        if token is None or (token.end() == len(scan.text) and not scan.done):
            if scan.read():
                continue  # the token may go on in the next chunk: look again
            rest = scan.text[_skip_space(scan.text, scan.at) :]
            if rest:  # a string that never ends
                yield _document(rest, scan.line_of(len(scan.text) - len(rest)), load)
            return
        start = _skip_space(scan.text, scan.at)
        end = token.end()
        if token.group(1):  # an object or an array: find its closing bracket
            depth, at = 1, end
            while (found := _closing(scan.text, at, depth))[0] is None:
                at, depth = found[1], found[2]
                more = scan.read(keep=start)
                at, start = at - start, 0
                if not more:
                    break  # never closed: the parser says what is missing
            end = len(scan.text) if found[0] is None else found[0]
        yield _document(scan.text[start:end], scan.line_of(start), load)
        scan.at = end


def _skip_space(text: str, at: int) -> int:
    space = _SPACE(text, at)
    return space.end() if space else at


class _Scanner:
    """Text read a chunk at a time, with what is consumed dropped and lines counted."""

    def __init__(self, lines: Iterator[bytes]) -> None:
        self.lines = lines
        self.text = ""
        self.at = 0  # where the next value is looked for
        self.done = False
        self._line, self._counted = 1, 0  # the line at offset _counted of text

    def read(self, keep: int | None = None) -> bool:
        """Drop the text before *keep* (default: `at`) and append a chunk; False at the end."""
        keep = self.at if keep is None else keep
        self.line_of(keep)
        self.text, self._counted, self.at = self.text[keep:], 0, self.at - keep
        if self.done:
            return False
        chunk = list(itertools.islice(self.lines, 64))
        raw = b"".join(chunk)
        while len(raw) < CHUNK and chunk:
            chunk = list(itertools.islice(self.lines, 64))
            raw += b"".join(chunk)
        self.done = not raw
        self.text += raw.decode("utf-8", "surrogateescape")
        return not self.done

    def line_of(self, offset: int) -> int:
        """Return the line of *offset*, which is never before the last one asked for."""
        self._line += self.text.count("\n", self._counted, offset)
        self._counted = offset
        return self._line


def _closing(text: str, at: int, depth: int) -> tuple[int | None, int, int]:
    """
    Find the bracket that brings *depth* to zero, scanning *text* from *at*.

    Returns where the value ends, or None with where to resume and the depth
    there once more text is read.
    """
    while (token := _INSIDE(text, at)) is not None:
        first = token.group()[0]
        if first in "[{":
            depth += 1
        elif first in "]}":
            depth -= 1
            if not depth:
                return token.end(), token.end(), 0
        at = token.end()
    return None, at, depth


def _document(text: str, line: int, load: Load) -> Document:
    try:
        return Document(line, load(text.encode("utf-8", "surrogateescape")))
    except ValidationError as error:
        return Document(line, error=error)
