"""
Reading PAT payloads from files: every document, wherever it starts, and which model it is.

A file holds JSON values one after another, however they are laid out: one
value, NDJSON (a value a line), or what ``jq`` writes.  One reader takes them
all: the standard library's decoder reads a value where the last one ended,
from a buffer of whole lines that grows geometrically while a value goes on,
so time is linear in the input and memory a small multiple of the largest
document.  A value that is broken is one problem at the line it starts on;
reading goes on at the next line that starts with ``{`` or ``[``, where NDJSON
and jq start a value, so no valid document after it is lost.

Bytes are decoded as a byte order mark, or the zero bytes of UTF-16 and
UTF-32, say; bytes that do not decode cost the document they fall in, in
every encoding alike.
"""

from __future__ import annotations

import codecs
import functools
import itertools
import json
import re
from collections.abc import Iterator, Mapping
from typing import Any, BinaryIO, Literal

import attrs

from .. import (
    BulkUpdatePersonalAccessTokensRequest,
    CreatePersonalAccessTokenRequest,
    CreatePersonalAccessTokenResponse,
    ErrorResponseDto,
    GetPersonalAccessTokenResponse,
    JsonPatchOperation,
    ListPersonalAccessTokensV1401Response,
    ListPersonalAccessTokensV1429Response,
    ValidationError,
    error_body_type,
    read_json,
)

DuplicateKeys = Literal["last", "reject"]
Problem = tuple[str, str]

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
    *(
        (shape, lambda keys, shape=shape: error_body_type(keys) is shape)
        for shape in (
            ErrorResponseDto,
            ListPersonalAccessTokensV1401Response,
            ListPersonalAccessTokensV1429Response,
        )
    ),
]


def detect(document: object) -> type:
    """
    Tell which model *document* is from the keys it carries.

    Raises:
        ValidationError: it is not an object, or no model, or more than one,
            fits its keys; such a document is reported, not guessed at.
    """
    if not isinstance(document, Mapping):
        what = _NOT_OBJECTS.get(type(document), "number")
        raise ValidationError([("$", f"expected an object, got {what}")])
    return _model_of(frozenset(document))


_NOT_OBJECTS = {list: "array", str: "string", bool: "boolean", type(None): "null", int: "integer"}


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
        value: The value, if it is JSON.
        error: Why it is not a value, if it is not.
    """

    line: int | None
    value: Any = None
    error: ValidationError | None = None


@attrs.frozen
class Source:
    """
    A file's documents: ``empty`` for none, ``json`` for one value, ``stream`` for more.

    Which a file is, is known once its second value is sought.
    """

    framing: str
    documents: Iterator[Document]


CHUNK = 1 << 16
"""How many bytes are read at a time, at the least."""


def read(stream: BinaryIO, duplicate_keys: DuplicateKeys = "last") -> Source:
    """
    Read the JSON values of *stream*, one at a time, each with the line it starts on.

    Args:
        stream: The bytes, in UTF-8 (RFC 8259 section 8.1), or in UTF-16 or
            UTF-32 told by a byte order mark or by where the zero bytes are
            (Windows tools write UTF-16).
        duplicate_keys: ``"reject"`` makes an object that gives a key twice a
            problem of its document.

    Raises:
        OSError: *stream* cannot be read; also while the documents are read.
    """
    documents = _documents(_Text(stream), duplicate_keys)
    ahead = list(itertools.islice(documents, 2))
    if not ahead:
        return Source("empty", iter(()))
    if len(ahead) == 1:
        return Source("json", iter([attrs.evolve(ahead[0], line=None)]))
    return Source("stream", itertools.chain(ahead, documents))


UNDECODABLE = "not valid text: bytes that do not decode in the file's encoding"

# Bytes that do not decode are read as this lone surrogate, which no decoder
# makes of valid input, so that the document they fall in can be told.
_MARK = "\udcff"


def _marked(error: UnicodeError) -> tuple[str, int]:
    return _MARK, error.end  # type: ignore[attr-defined]  # a UnicodeDecodeError


codecs.register_error("pat_models.mark", _marked)

# JSON's white space, and a byte order mark where files were joined with cat.
_SPACE = re.compile(r"[ \t\n\r\ufeff]*")


def _past_space(text: str, at: int) -> int:
    """Return where the white space at *at* ends (JSON's four characters of it)."""
    return _SPACE.match(text, at).end()  # type: ignore[union-attr]  # * matches nothing too


class _Text:
    """
    The text of a stream, decoded a chunk at a time, handed out in whole lines.

    A value never ends inside a line that has not been read whole, so the
    decoder's complaint about the end of what it was given always means that
    the value goes on.
    """

    def __init__(self, stream: BinaryIO) -> None:
        self._stream = stream
        self._decode: Any = None
        self._partial = ""  # what was decoded after the last newline
        self.done = False

    def more(self, at_least: int = 0) -> str:
        """Return at least *at_least* characters of whole lines, or all that is left."""
        pieces, size, lines_end = [self._partial], len(self._partial), -1
        while not self.done and lines_end < max(at_least, 1):
            raw = self._read(max(CHUNK, at_least - size))
            self.done = not raw
            if self._decode is None:
                raw = self._start(raw)
            piece = self._decode(raw, final=self.done)
            if (newline := piece.rfind("\n")) != -1:
                lines_end = size + newline + 1
            pieces.append(piece)
            size += len(piece)
        decoded = "".join(pieces)
        cut = size if self.done else lines_end
        self._partial = decoded[cut:]
        return decoded[:cut]

    def _read(self, size: int) -> bytes:
        read = getattr(self._stream, "read1", self._stream.read)
        return read(size)

    def _start(self, raw: bytes) -> bytes:
        """Tell the encoding from the first bytes, as json.loads does."""
        while len(raw) < 4 and not self.done:  # noqa: PLR2004 - UTF-32 tells itself in four
            more = self._read(CHUNK)
            self.done = not more
            raw += more
        encoding = json.detect_encoding(raw[:4])
        self._decode = codecs.getincrementaldecoder(encoding)("pat_models.mark").decode
        return raw


def _documents(text: _Text, duplicate_keys: DuplicateKeys) -> Iterator[Document]:
    """Yield the documents of *text*, each once, a broken one as a problem at its line."""
    buffer = _Buffer(text)
    while (start := buffer.next_value()) is not None:
        problem, resume = buffer.not_a_start(start)
        failure: ValidationError | None = None
        if problem is None:
            try:
                value, end = read_json(buffer.text, start, duplicate_keys=duplicate_keys)
            except json.JSONDecodeError as error:
                if buffer.goes_on(error.pos):
                    buffer.grow()
                    continue
                problem = not_json(error.msg, buffer.where(start, error.pos))
            except ValidationError as unread:  # NaN, too deep, a key given twice
                failure = unread
            else:
                yield _document(buffer, start, end, value)
                buffer.at = end
                continue
        elif problem == _GOES_ON:
            buffer.grow()
            continue
        line = buffer.line_of(start)
        if buffer.skip_to_next_line_start(max(start, resume)):
            failure = ValidationError([("$", UNDECODABLE)])
        yield Document(line, error=failure or ValidationError([("$", problem or "")]))


def not_json(message: str, where: str) -> str:
    """Say what the parser found wrong, and *where*: its messages may end in "at" already."""
    return f"not valid JSON: {message.removesuffix(' at')} at {where}"


def _document(buffer: _Buffer, start: int, end: int, value: Any) -> Document:
    line = buffer.line_of(start)
    if buffer.undecodable(start, end):
        return Document(line, error=ValidationError([("$", UNDECODABLE)]))
    return Document(line, value)


_DEEPEST = 256
"""More opening brackets in a row than any document nests: such a run is one problem."""

_GOES_ON = ""  # a run of brackets that may go on past the text read
_OPENING = re.compile(r"[\[{ \t\n\r]*")


class _Buffer:
    """
    The part of a text being read: from the value being read to the last whole line read.

    Attributes:
        text: The buffered text.
        at: Where in it reading goes on.
    """

    def __init__(self, source: _Text) -> None:
        self._source = source
        self.text, self.at = "", 0
        self._line, self._counted = 1, 0  # the line at offset _counted of text

    def next_value(self) -> int | None:
        """Return where the next value starts, past white space; None at the end."""
        while (start := _past_space(self.text, self.at)) == len(self.text):
            self.at = start
            if not self._refill(keep=start):
                return None
        self.at = start
        return start

    def not_a_start(self, start: int) -> tuple[str | None, int]:
        """
        Say why no document starts at *start*, and where to look for the next one.

        A document is an object or an array: a line that starts with anything
        else (the tail of a cut record, a word) is no start.  Nor is a run of
        more opening brackets than any document nests: the parser would follow
        each of them as deep as it can.
        """
        if self.text[start] not in "{[":
            return not_json("Expecting '{' or '['", self.where(start, start)), start
        run = _OPENING.match(self.text, start).end()  # type: ignore[union-attr]
        depth = self.text.count("[", start, run) + self.text.count("{", start, run)
        if depth <= _DEEPEST:
            return None, start
        if run == len(self.text) and not self._source.done:
            return _GOES_ON, start
        # Go on at the run's last line: a document may start there, as the run ends.
        last_line = self.text.rfind("\n", start, run)
        return "not valid JSON here: nested too deeply", last_line if last_line > start else run

    def goes_on(self, position: int) -> bool:
        """Tell whether an error at *position* only means that the value goes on past the text."""
        return not self._source.done and _past_space(self.text, position) == len(self.text)

    def grow(self) -> None:
        """Read as much again as the value being read holds, at the least: growth is geometric."""
        self._refill(keep=self.at, at_least=len(self.text) - self.at)

    def skip_to_next_line_start(self, start: int) -> bool:
        """
        Go on at the first line after *start* that starts with ``{`` or ``[``, or at the end.

        A broken document with the junk up to there is one problem.

        Returns whether the text skipped holds bytes that did not decode.
        """
        searched, undecodable = start, False
        while True:
            ahead = [self.text.find(f"\n{bracket}", searched) for bracket in "{["]
            found = min((at for at in ahead if at != -1), default=-1)
            end = len(self.text) if found == -1 else found + 1
            undecodable = undecodable or self.undecodable(searched, end)
            if found != -1 or self._source.done:
                self.at = end
                return undecodable
            searched = len(self.text) - 1  # a newline last may precede a bracket yet to come
            self._refill(keep=searched)
            searched = 0

    def undecodable(self, start: int, end: int) -> bool:
        return self.text.find(_MARK, start, end) != -1

    def line_of(self, offset: int) -> int:
        """Return the line of *offset*, which is never before the last one asked for."""
        self._line += self.text.count("\n", self._counted, offset)
        self._counted = offset
        return self._line

    def where(self, start: int, position: int) -> str:
        """Name *position*: its column, and its line if the value at *start* began on another."""
        line = self.line_of(start)
        lines = self.text.count("\n", start, position)
        column = position - self.text.rfind("\n", 0, position)
        return f"line {line + lines} column {column}" if lines else f"column {column}"

    def _refill(self, *, keep: int, at_least: int = 0) -> bool:
        """Drop the text before *keep* and append more; False at the end of the input."""
        self.line_of(keep)
        self.text, self._counted, self.at = self.text[keep:], 0, self.at - keep
        more = self._source.more(at_least)
        self.text += more
        return bool(more)
