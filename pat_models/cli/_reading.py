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
import select
from collections.abc import Callable, Iterator, Mapping
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
    json_schema,
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

HOLE_PIECE = 1 << 20
"""The most of a run of NUL bytes held at a time, line end or none."""

LIVE = 0.1
"""How long, in seconds, a stream may keep its second value before it counts as live."""


def _idle() -> None:
    return None


def read(
    stream: BinaryIO, duplicate_keys: DuplicateKeys = "last", waiting: Callable[[], object] = _idle
) -> Source:
    """
    Read the JSON values of *stream*, one at a time, each with the line it starts on.

    Args:
        stream: The bytes, in UTF-8 (RFC 8259 section 8.1), or in UTF-16 or
            UTF-32 told by a byte order mark or by the zero bytes beside the
            ASCII characters a JSON text starts with (Windows tools write
            UTF-16).
        duplicate_keys: ``"reject"`` makes an object that gives a key twice a
            problem of its document.
        waiting: Called before a read that would wait for input (a live
            stream, a slow producer): the place to flush what was written.

    Raises:
        OSError: *stream* cannot be read; also while the documents are read.
    """
    text = _Text(stream, waiting)
    compression = text.compression()
    if compression is not None:
        problem = f"compressed with {compression}, not JSON text: decompress it first"
        return Source("json", iter([Document(None, error=ValidationError([("$", problem)]))]))
    documents = _documents(text, duplicate_keys)
    first = next(documents, None)
    if first is None:
        return Source("empty", iter(()))
    # A live stream that has not sent its second value yet is a stream: its
    # first document is reported now, not when the second one comes.
    second = next(documents, None) if text.ready(LIVE) else _PENDING
    if second is None:
        return Source("json", iter([attrs.evolve(first, line=None)]))
    ahead = [first] if second is _PENDING else [first, second]
    return Source("stream", itertools.chain(ahead, documents))


UNDECODABLE = "not valid text: bytes that do not decode in the file's encoding"
NUL = "NUL bytes, not JSON: a hole such as logrotate's copytruncate leaves"

# Bytes that do not decode are read as this lone surrogate, which no decoder
# makes of valid input, so that the document they fall in can be told.
_MARK = "\udcff"


def _marked(error: UnicodeError) -> tuple[str, int]:
    return _MARK, error.end  # type: ignore[attr-defined]  # a UnicodeDecodeError


codecs.register_error("pat_models.mark", _marked)

# JSON's white space, a byte order mark where files were joined with cat, and the record
# separator before each value of an RFC 7464 sequence (jq --seq, application/json-seq).
_SPACES = " \t\n\r\ufeff\x1e"
_SPACE = re.compile(f"[{_SPACES}]*")
# Between values, what tools and hands put there too: a comma (an array's brackets cut off,
# NDJSON with trailing commas), a form feed, NBSP, NEL and the Unicode line separators.
_BETWEEN = re.compile(f"[{_SPACES},\f\xa0\x85\u2028\u2029]*")


def _past_space(text: str, at: int) -> int:
    """Return where the white space at *at* ends (JSON's four characters of it, and marks)."""
    return _SPACE.match(text, at).end()  # type: ignore[union-attr]  # * matches nothing too


def _between(text: str, at: int) -> int:
    """Return where the blanks and stray separators between two values at *at* end."""
    return _BETWEEN.match(text, at).end()  # type: ignore[union-attr]  # * matches nothing too


def lines_in(text: str, start: int, end: int) -> int:
    r"""Count the line ends in ``text[start:end]``: ``\n``, ``\r\n`` and a lone ``\r``."""
    crlf = text.count("\r\n", start, end)
    return text.count("\n", start, end) + text.count("\r", start, end) - crlf


def _last_line_end(text: str, end: int) -> int:
    """Return where the last line before *end* ends (just past its line end), or -1."""
    at = max(text.rfind("\n", 0, end), text.rfind("\r", 0, end))
    return at + 1 if at != -1 else -1


_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),  # before UTF-16's, which it starts with
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# Where, without a mark, the one byte of an ASCII character is in a unit of each encoding.
_UNITS = (("utf-32-be", 4, 3), ("utf-32-le", 4, 0), ("utf-16-be", 2, 1), ("utf-16-le", 2, 0))


def encoding_of(head: bytes) -> str:
    r"""
    Tell a text's encoding from its first eight bytes (or all of them, if fewer).

    A byte order mark says it.  Without one, UTF-16 or UTF-32 is told by zero
    bytes beside ASCII characters, unit after unit, as a JSON text starts
    (``{\0"\0``); anything else is UTF-8, a run of NUL bytes too: a file that
    starts with a hole of them is UTF-8 text after it.
    """
    for mark, encoding in _BOMS:
        if head.startswith(mark):
            return encoding
    for encoding, width, at in _UNITS:
        units = [head[i : i + width] for i in range(0, len(head) - width + 1, width)][:2]
        if units and all(
            0 < unit[at] < 0x80 and unit.count(0) == width - 1  # noqa: PLR2004 - ASCII
            for unit in units
        ):
            return encoding
    return "utf-8"


# The magic numbers of what files are compressed with: one problem that names it.
_MAGIC = (
    (b"\x1f\x8b", "gzip"),
    (b"\x28\xb5\x2f\xfd", "zstd"),
    (b"BZh", "bzip2"),
    (b"\xfd7zXZ\x00", "xz"),
)


class _Pending:
    """The second document of a live stream, not come yet."""


_PENDING: Any = _Pending()


class _Text:
    r"""
    The text of a stream, decoded a chunk at a time, handed out in whole lines.

    A value never ends inside a line that has not been read whole, so the
    decoder's complaint about the end of what it was given always means that
    the value goes on.  A line ends at ``\n``, ``\r\n`` or a lone ``\r``; a
    ``\r`` last in what was read is held back until what follows it is known.
    """

    def __init__(self, stream: BinaryIO, waiting: Callable[[], object]) -> None:
        self._stream = stream
        # The raw file where there is one: a buffered read1 of a descriptor with
        # O_NONBLOCK set gives b"" for "no data for now", as for the end.
        raw = getattr(stream, "raw", None)
        self._read1 = raw.read if raw is not None else getattr(stream, "read1", stream.read)
        self._waiting = waiting
        try:
            self._fd: int | None = stream.fileno()
        except (OSError, AttributeError, ValueError):  # io.BytesIO, say: always ready
            self._fd = None
        self._decode: Any = None
        self._partial = ""  # what was decoded after the last line end
        self._head = b""  # what `compression` read, for `more` to decode first
        self.done = False

    def compression(self) -> str | None:
        """Name the compression the stream starts with (by its magic number), or None."""
        self._head = self._read(CHUNK)
        return next((name for magic, name in _MAGIC if self._head.startswith(magic)), None)

    def more(self, at_least: int = 0) -> str:
        """Return at least *at_least* characters of whole lines, or all that is left."""
        pieces, size, lines_end = [self._partial], len(self._partial), -1
        while not self.done and lines_end < max(at_least, 1):
            raw, self._head = self._head or self._read(max(CHUNK, at_least - size)), b""
            self.done = not raw
            if self._decode is None:
                raw = self._start(raw)
            piece = self._decode(raw, final=self.done)
            end = _last_line_end(piece, len(piece) - (piece.endswith("\r") and not self.done))
            if end != -1:
                lines_end = size + end
            pieces.append(piece)
            size += len(piece)
            if lines_end < 0 and size >= HOLE_PIECE and piece.endswith("\0"):
                # A hole with no line end (a sparse file, /dev/zero) goes in bounded pieces:
                # no value goes on past a NUL byte.
                lines_end = size
        decoded = "".join(pieces)
        cut = size if self.done else lines_end
        self._partial = decoded[cut:]
        return decoded[:cut]

    def ready(self, timeout: float = 0) -> bool:
        """Tell whether reading on would not wait (within *timeout*): input is there, or its end."""
        if self.done or self._fd is None:
            return True
        try:
            return bool(select.select([self._fd], [], [], timeout)[0])
        except (OSError, ValueError):  # not a descriptor select takes: a read will tell
            return True

    def _read(self, size: int) -> bytes:
        """Read up to *size* bytes; at the end, none; never "none for now" (O_NONBLOCK)."""
        while True:
            if not self.ready():
                self._waiting()  # what was written is seen before the input stalls
            try:
                raw = self._read1(size)
            except BlockingIOError:  # standard input with O_NONBLOCK, inherited
                raw = None
            if raw is not None:
                return raw
            if self._fd is not None:  # no data for now: wait for some, or for the end
                select.select([self._fd], [], [])

    def _start(self, raw: bytes) -> bytes:
        """Tell the encoding from the first bytes."""
        while len(raw) < 8 and not self.done:  # noqa: PLR2004 - two units of UTF-32
            more = self._read(CHUNK)
            self.done = not more
            raw += more
        self._decode = codecs.getincrementaldecoder(encoding_of(raw[:8]))("pat_models.mark").decode
        return raw


def _documents(text: _Text, duplicate_keys: DuplicateKeys) -> Iterator[Document]:
    """Yield the documents of *text*, each once, a broken one as a problem at its line."""
    buffer = _Buffer(text)
    while (start := buffer.next_value()) is not None:
        problem, resume = buffer.not_a_start(start)
        failure: ValidationError | None = None
        if problem is None:
            try:
                value, end = buffer.read_value(start, duplicate_keys)
            except _Broken as error:
                problem, resume = buffer.broken(start, error.msg, error.pos)
            except ValidationError as unread:  # NaN, too deep, a key given twice
                failure = _names_kept_to_the_models(unread)
                if (known := buffer.value_end(start)) is not None:  # its end is known: go on there
                    yield Document(buffer.line_of(start), error=failure)
                    buffer.at = known
                    continue
            else:
                yield _document(buffer, start, end, value)
                buffer.at = end
                continue
        if problem == _GOES_ON:
            buffer.grow()
            continue
        line = buffer.line_of(start)
        if buffer.skip_problem(start, resume):
            failure = ValidationError([("$", UNDECODABLE)])
        yield Document(line, error=failure or ValidationError([("$", problem or "")]))


@functools.cache
def _wire_names() -> tuple[frozenset[str], frozenset[str]]:
    """Return every key the models know, and those whose value is any JSON value."""
    known, any_value = set(), set()

    def walk(schema: object) -> None:
        if isinstance(schema, dict):
            for key, inner in schema.get("properties", {}).items():
                known.add(key)
                if inner == {}:  # a JsonValue: the keys in it are data, not names the models know
                    any_value.add(key)
            for inner in schema.values():
                walk(inner)
        elif isinstance(schema, list):
            for inner in schema:
                walk(inner)

    for cls in TYPES.values():
        walk(json_schema(cls))
    return frozenset(known), frozenset(any_value)


_STEP = re.compile(r'\.([A-Za-z_]\w*)|\[\d+\]|\[("(?:[^"\\]|\\.)*")…?\]', re.ASCII)
DUPLICATE = "duplicate key"
INSIDE = "a key given twice inside this value"


def _names_kept_to_the_models(error: ValidationError) -> ValidationError:
    """
    Name a duplicate key inside a value the models do not know by that value's path alone.

    Its name is the value's, and a value under an unknown key may be a
    secret: ``$.sessions.SEKRET: duplicate key`` is ``$.sessions`` here.
    """
    known, any_value = _wire_names()

    def shown(path: str, message: str) -> Problem:
        if message == DUPLICATE:
            for step in list(_STEP.finditer(path, 1))[:-1]:  # the object's steps, not the key
                key = step[1] or (json.loads(step[2]) if step[2] else None)
                if key is not None and (key not in known or key in any_value):
                    return path[: step.end()], INSIDE
        return path, message

    problems = dict.fromkeys(shown(path, message) for path, message in error.problems)
    return ValidationError(list(problems), error.type_name)  # in order, each once


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
_NULS = re.compile(f"[\0{_SPACES}]*")
_NUL_RUN = re.compile("\0*")
_LINE_END = re.compile("\r\n?|\n")
_BRACKETS = re.compile(r'"(?:[^"\\]|\\.)*"|[\[\]{}]')


def value_end(text: str, start: int) -> int | None:
    """
    Return where the object or array at ``text[start]`` closes its brackets, or None if it does not.

    Brackets are counted, strings passed over, and nothing is built: the end of
    a value that is refused (``NaN``, too deep) or too large to read is known.
    """
    depth = 0
    for token in _BRACKETS.finditer(text, start):
        depth += 1 if token[0] in "[{" else -1 if token[0] in "]}" else 0
        if depth == 0:
            return token.end()
    return None


class _Broken(Exception):  # noqa: N818 - not an error of the reader's: a value's
    """A value that is not JSON: what the parser said, and where."""

    def __init__(self, msg: str, pos: int) -> None:
        super().__init__(msg)
        self.msg, self.pos = msg, pos


# Where reading goes on after a problem: a record separator (RFC 7464: each
# record is its own); a line that starts with { or [ (past a byte order mark,
# where files were joined with cat), unless the line just before it leaves a
# value open (ends with , [ or {) and is not indented, as the lines of an
# array's elements at column 0 are; or a byte order mark before { or [, where
# a file starts; or a NUL byte first on its line, a problem of its own; or a
# { or [ right after a } or ], where values were joined on one line.  No tool
# writes a blank line inside a value.
_RESUME = re.compile(
    r"\x1e"
    r"|(?:[^\s,\[{\ufeff][ \t]*|(?<![^\r\n])[ \t]+[^\r\n]*[,\[{][ \t]*|(?:\r\n|\r|\n)[ \t\ufeff]*)"
    r"(?:\r\n|\r|\n)\ufeff?(?=[\[{])"
    r"|(?=\ufeff[\[{])|(?<=[\r\n])(?=\0)"
    r"|(?<=[}\]])(?=[\[{])"
)


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
        """Return where the next value starts, past blanks and stray separators; None at the end."""
        while (start := _between(self.text, self.at)) == len(self.text):
            self.at = start
            if not self._refill(keep=start):
                return None
        # The text before a value is dropped once it is most of what is held:
        # the parser counts lines from the start of what it is given.
        if start > CHUNK and start > len(self.text) - start:
            self.line_of(start)
            self.text, self._counted, start = self.text[start:], max(self._counted - start, 0), 0
        self.at = start
        return start

    def not_a_start(self, start: int) -> tuple[str | None, int | None]:
        """
        Say why no document starts at *start*, and where to go on: None for where `_RESUME` finds.

        A document is an object or an array: a line that starts with anything
        else (the tail of a cut record, a word) is no start, and a run of NUL
        bytes is a problem of its own.  Nor is a run of more opening brackets
        than any document nests: the parser would follow each of them as deep
        as it can.
        """
        first = self.text[start]
        if first == "\0":
            return NUL, None
        if first not in "{[":
            return not_json("Expecting '{' or '['", self.where(start, start)), None
        run = _OPENING.match(self.text, start).end()  # type: ignore[union-attr]
        depth = self.text.count("[", start, run) + self.text.count("{", start, run)
        if depth <= _DEEPEST:
            return None, None
        if run == len(self.text) and not self._source.done:
            return _GOES_ON, None
        if (end := value_end(self.text, start)) is not None:  # closed: go on after it
            return "not valid JSON here: nested too deeply", end
        # Go on at the run's last line: a document may start there, as the run ends.
        last_line = _last_line_end(self.text, run)
        return "not valid JSON here: nested too deeply", last_line if last_line > start else run

    def read_value(self, start: int, duplicate_keys: DuplicateKeys) -> tuple[Any, int]:
        """
        Read the value at *start*; return it and where it ends.

        Its first line is tried alone first: what breaks there is broken
        whatever follows, and the parser, which counts lines from the start
        of what it is given whenever it complains, counts one line only.

        Raises:
            _Broken: it is not JSON, at a position of `text`.
            ValidationError: as `read_json`.
        """
        found = _LINE_END.search(self.text, start)
        line = self.text[start : found.end() if found else len(self.text)]
        try:
            value, end = read_json(line, 0, duplicate_keys=duplicate_keys)
        except json.JSONDecodeError as error:
            if error.pos < len(line):
                raise _Broken(error.msg, start + error.pos) from None
        else:
            return value, start + end
        try:  # it goes on past its first line
            return read_json(self.text, start, duplicate_keys=duplicate_keys)
        except json.JSONDecodeError as error:
            raise _Broken(error.msg, error.pos) from None

    def value_end(self, start: int) -> int | None:
        """Return where the value at *start* closes its brackets, if it does in the text read."""
        return value_end(self.text, start)

    def broken(self, start: int, message: str, position: int) -> tuple[str, int | None]:
        """
        Say what is wrong with the value at *start*, and where to go on, as `not_a_start` does.

        `_GOES_ON` if it only goes on past what was read.  Where it broke may
        be the next document: a line that starts one, where the value could
        not go on (an object's cut member, an array's element with no comma).
        """
        if self.goes_on(start, position):
            return _GOES_ON, None
        if _past_space(self.text, position) == len(self.text):  # it ends: say where
            position = max(len(self.text[:position].rstrip(_SPACES)), start)
        if self.text.startswith("\0", position):
            return NUL, self._resume_before(start, position)
        problem = not_json(message, self.where(start, position))
        return problem, self._resume_before(start, position)

    def _resume_before(self, start: int, position: int) -> int | None:
        """
        Return where a document may start after the broken value at *start*, up to *position*.

        The parser may have read on into the next document, where it fits as
        a value: the second line is taken after a record cut at ``[`` on its
        first (a line that is ``[`` alone opens an array of elements a line),
        else the first place `_RESUME` finds, else where it broke, if a
        document starts there.
        """
        first = _LINE_END.search(self.text, start, position)
        if first is not None and self.starts_a_line(first.end()):
            record = self.text[start : first.start()].rstrip(_SPACES)
            if len(record) > 1 and record.endswith("["):
                return first.end()
        found = _RESUME.search(self.text, start + 1)
        if found is not None and found.end() <= position:
            return found.end()
        return position if position > start and self.starts_a_line(position) else None

    def starts_a_line(self, position: int) -> bool:
        """
        Tell whether a ``{`` or ``[`` first on its line is at *position* (past blanks and marks).

        A byte order mark before one starts a line wherever it is: it starts a
        file, and files are joined with cat.
        """
        marks = _past_space(self.text, position)
        if marks == len(self.text) or self.text[marks] not in "{[":
            return False
        if "\ufeff" in self.text[position:marks]:
            return True
        line = max(_last_line_end(self.text, position), 0)
        return _past_space(self.text, line) == marks

    def goes_on(self, start: int, position: int) -> bool:
        """
        Tell whether an error at *position* only means that the value at *start* goes on.

        It does if only white space follows, and more input may come; but not
        through more white space than the value holds otherwise (blank lines
        after a broken value are junk, read in bounded pieces, not held).
        """
        if self._source.done or _past_space(self.text, position) != len(self.text):
            return False
        held = len(self.text[start:].rstrip(_SPACES))
        return len(self.text) - start - held <= max(CHUNK, held)

    def grow(self) -> None:
        """Read as much again as the value being read holds, at the least: growth is geometric."""
        self._refill(keep=self.at, at_least=len(self.text) - self.at)

    def skip_to_resume(self, start: int) -> bool:
        """
        Go on where a document may start after *start* (see `_RESUME`), or at the end.

        A broken document with the junk up to there is one problem; the junk
        is read in bounded pieces.

        Returns whether the text skipped holds bytes that did not decode.
        """
        searched, undecodable = start, False
        while True:
            # Past a run of NUL bytes at once, but its last: the pattern would try each in turn.
            nuls = _NUL_RUN.match(self.text, searched).end()  # type: ignore[union-attr]
            found = _RESUME.search(self.text, max(nuls - 1, searched))
            if found is not None and found.end() == start:  # where the broken value begins
                found = _RESUME.search(self.text, start + 1)
            end = len(self.text) if found is None else found.end()
            undecodable = undecodable or self.undecodable(searched, end)
            if found is not None or self._source.done:
                self.at = end
                return undecodable
            # Keep the last character that is not white space, for the rule to see.
            keep = max(len(self.text.rstrip(_SPACES)) - 1, searched)
            self._squeeze(keep)
            self._refill(keep=keep)
            searched = 0

    def skip_problem(self, start: int, resume: int | None) -> bool:
        """
        Go on past the problem at *start*: at *resume*, past a run of NUL bytes, or at `_RESUME`.

        Returns whether the text skipped holds bytes that did not decode.
        """
        if resume is not None:
            self.at = resume
            return False
        if self.text.startswith("\0", start):
            self.skip_nuls()
            if self.text.startswith(("{", "["), self.at):
                return False
            start = self.at  # the rest of the hole's line is junk, in the same problem
        return self.skip_to_resume(start)

    def skip_nuls(self) -> None:
        """Go past the NUL bytes at `at`, and the white space among them, in bounded pieces."""
        while (end := _NULS.match(self.text, self.at).end()) == len(self.text):  # type: ignore[union-attr]
            self.at = end - 1  # its last character: a \r whose \n is still to come
            if not self._refill(keep=self.at):
                end = len(self.text)
                break
        self.at = end

    def _squeeze(self, keep: int) -> None:
        """Drop the white space after ``text[keep]`` but one line end, counting its lines."""
        if lines_in(self.text, keep + 1, len(self.text)) and not self.text[keep].isspace():
            self.line_of(len(self.text))
            self.text = self.text[: keep + 1] + "\n"
            self._counted = len(self.text)

    def undecodable(self, start: int, end: int) -> bool:
        return self.text.find(_MARK, start, end) != -1

    def line_of(self, offset: int) -> int:
        """Return the line of *offset*, which is never before the last one asked for."""
        if offset > self._counted:
            self._line += lines_in(self.text, self._counted, offset)
            self._counted = offset
        return self._line

    def where(self, start: int, position: int) -> str:
        """Name *position*: its column, and its line if the value at *start* began on another."""
        line = self.line_of(start)
        lines = lines_in(self.text, start, position)
        column = position - max(_last_line_end(self.text, position), 0) + 1
        return f"line {line + lines} column {column}" if lines else f"column {column}"

    def _refill(self, *, keep: int, at_least: int = 0) -> bool:
        """Drop the text before *keep* and append more; False at the end of the input."""
        self.line_of(keep)
        self.text, self._counted, self.at = self.text[keep:], self._counted - keep, self.at - keep
        more = self._source.more(at_least)
        self.text += more
        return bool(more)
