"""
Reading PAT payloads from files: framing, and which model a document is.

A file holds one JSON value (an object, or an array of objects) or NDJSON,
one value per line; which, is told from the text.  NDJSON is read a line at
a time, so memory stays flat whatever the size of the file.
"""

from __future__ import annotations

import io
import itertools
from collections.abc import Iterable, Iterator, Mapping
from typing import Any, BinaryIO

import attrs

from ._errors import ValidationError
from ._jsontext import DuplicateKeys, parse
from ._models import (
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
    keys = set(document)
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
        line: The line it is on, for NDJSON; None for a file that is one value.
        value: What `json.loads` made of it, if it is JSON.
        error: Why it could not be read, if it is not.
    """

    line: int | None
    value: Any = None
    error: ValidationError | None = None


@attrs.frozen
class Source:
    """A file's documents, and how they were framed: json, ndjson or empty."""

    framing: str
    documents: Iterator[Document]


def read(stream: BinaryIO, duplicate_keys: DuplicateKeys = "last") -> Source:
    """
    Frame the bytes of *stream* and yield its documents.

    Two non-blank lines of which the first is a whole JSON value on its own
    make NDJSON, streamed; anything else is read whole as one JSON value
    (and as NDJSON after all if the parser finds a second value after it).
    """
    head: list[bytes] = []
    filled = 0
    for line in stream:
        head.append(line)
        filled += bool(line.strip())
        if filled == 2:  # noqa: PLR2004
            break
    if not filled:
        return Source("empty", iter(()))
    first = next(line for line in head if line.strip()).strip()
    if filled == 2 and first[:1] in b"{[" and first[-1:] in b"}]":  # noqa: PLR2004
        return Source("ndjson", _ndjson(itertools.chain(head, stream), duplicate_keys))
    text = b"".join(head) + stream.read()
    try:
        value = parse(text, duplicate_keys)
    except ValidationError as error:
        if "Extra data" in error.problems[0][1]:
            return Source("ndjson", _ndjson(io.BytesIO(text), duplicate_keys))
        return Source("json", iter([Document(None, error=error)]))
    return Source("json", iter([Document(None, value)]))


def _ndjson(lines: Iterable[bytes], duplicate_keys: DuplicateKeys) -> Iterator[Document]:
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            yield Document(number, parse(line.rstrip(b"\r\n"), duplicate_keys))
        except ValidationError as error:
            # The line is the file's; the parser's "line 1" would only confuse.
            problems = [
                (path, m.replace(" at line 1 column ", " at column ")) for path, m in error.problems
            ]
            yield Document(number, error=ValidationError(problems))
