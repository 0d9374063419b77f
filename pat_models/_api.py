"""
The module-level functions: JSON text and dicts in, models out, and back.

They use one shared converter made with `make_converter` the first time it is
needed; pass ``converter=`` to use another (``extra="forbid"``, say).
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Hashable, Mapping
from typing import TYPE_CHECKING, Any, TypeVar

import attrs

from ._converter import make_converter
from ._errors import Problem, ValidationError
from ._fields import EXTRA, wire_name
from ._json import DuplicateKeys, parse, write
from ._models import (
    ErrorResponseDto,
    ListPersonalAccessTokensV1401Response,
    ListPersonalAccessTokensV1429Response,
    is_model,
    is_model_sequence,
)

if TYPE_CHECKING:
    import cattrs

_T = TypeVar("_T")


@functools.cache
def _default_converter() -> cattrs.Converter:
    return make_converter()


# The shared converter's functions by type, looked up once: cattrs' dispatch
# costs as much as structuring a small model.
@functools.cache
def _builder(cls: Hashable) -> Callable[[Any], Any]:
    """Return what builds a *cls* from its wire value with the shared converter."""
    _refuse_type(cls)
    return _default_converter().get_structure_hook(cls)  # type: ignore[return-value]  # ours take the value alone


def _refuse_type(cls: object) -> None:
    """
    Refuse a *cls* that is not a model or a list or tuple of one: no converter reads others here.

    Raises:
        ValidationError: *cls* is another type.
    """
    if not (is_model(cls) or is_model_sequence(cls)):
        name = cls.__name__ if isinstance(cls, type) else repr(cls)
        problem = f"expected a pat_models class or a list of one, got {name}"
        raise ValidationError([("$", problem)])


@functools.cache
def _model_writer(cls: Hashable) -> Callable[[Any], Any]:
    """Return what writes a *cls*: its hook if it is a model, else a refusal."""
    if not is_model(cls):
        return _refuse
    return _default_converter().get_unstructure_hook(cls)


def _refuse(obj: object) -> Any:
    raise ValidationError([("$", _not_a_model(obj))])


def _unstructure_items(items: list[Any] | tuple[Any, ...]) -> list[Any]:
    try:
        return [_model_writer(item.__class__)(item) for item in items]
    except ValidationError:  # an item that is not a model: name every one by its index
        raise ValidationError(_not_models(items)) from None


def _not_models(obj: object) -> list[Problem]:
    """Return a problem for *obj*, or for each of its items, that is not a pat_models object."""
    if isinstance(obj, (list, tuple)):
        return [
            (f"$[{index}]", _not_a_model(item))
            for index, item in enumerate(obj)
            if not is_model(type(item))
        ]
    return [] if is_model(type(obj)) else [("$", _not_a_model(obj))]


def _not_a_model(obj: object) -> str:
    return f"expected a pat_models object, got {type(obj).__name__}"


def structure(data: Any, cls: type[_T], *, converter: cattrs.BaseConverter | None = None) -> _T:
    """
    Build a *cls* from *data*, the wire form as `json.loads` returns it.

    Raises:
        ValidationError: *data* is not a valid *cls*.
    """
    if converter is None:
        return _builder(cls)(data)  # type: ignore[no-any-return, arg-type]
    _refuse_type(cls)
    return converter.structure(data, cls)


def unstructure(obj: Any, *, converter: cattrs.BaseConverter | None = None) -> Any:
    """
    Return the wire form of *obj* as dicts and lists, ready for `json.dumps`.

    *obj* may be a model or a list or tuple of them (a PATCH body, a listing).
    Every model instance keeps the API's rules, so no body is written that
    the API would refuse.

    Raises:
        ValidationError: *obj* is not a model, or not a list or tuple of
            them; each stray item is named by its path (``$[2]``).
    """
    if converter is None:
        if isinstance(obj, (list, tuple)):
            return _unstructure_items(obj)
        return _model_writer(obj.__class__)(obj)
    if problems := _not_models(obj):
        raise ValidationError(problems)
    if isinstance(obj, (list, tuple)):
        return [converter.unstructure(item) for item in obj]
    return converter.unstructure(obj)


def loads(
    data: str | bytes,
    cls: type[_T],
    *,
    converter: cattrs.BaseConverter | None = None,
    duplicate_keys: DuplicateKeys = "last",
) -> _T:
    """
    Parse JSON text into a *cls*.

    Args:
        data: JSON text; bytes may be UTF-8, UTF-16 or UTF-32.
        cls: A model class, or a list of one (``list[JsonPatchOperation]``).
        converter: The converter to use instead of the shared default one.
        duplicate_keys: A key given twice in one object keeps its last value
            (``"last"``, as JSON parsers and the API's server do) or is an
            error (``"reject"``, which rules out values smuggled past a parser
            that keeps the first).

    Raises:
        ValidationError: *data* is not JSON (``NaN`` and ``Infinity`` are not
            JSON either), or not a valid *cls*.
    """
    if converter is None:
        build = _builder(cls)  # type: ignore[arg-type]
    else:
        _refuse_type(cls)
        build = lambda value: converter.structure(value, cls)  # noqa: E731
    return parse(data, build, duplicate_keys)  # type: ignore[no-any-return]


def dumps(obj: Any, *, converter: cattrs.BaseConverter | None = None) -> str:
    """
    Write *obj* as compact JSON text, as the API would send it.

    Non-ASCII text is written as is, not escaped.

    Raises:
        ValidationError: *obj* is not a model or a list or tuple of them.
    """
    if converter is None and not isinstance(obj, (list, tuple)):
        return write(_model_writer(obj.__class__)(obj))  # unstructure(), one call less
    return write(unstructure(obj, converter=converter))


@attrs.frozen(kw_only=True)
class UnreadableErrorBody:
    """
    An error response whose body is none of the API's three shapes: a gateway's HTML page, say.

    `load_error_response` returns it instead of raising, so that an error
    handler needs no handler of its own.  It never holds the body, which
    may echo a credential; only what a log needs.

    Attributes:
        status: The HTTP status code.
        reason: Why the body could not be read, by wire paths and JSON types
            (``the body is empty``, ``not valid JSON: Expecting value at line
            1 column 1``).
        size: The length of the body, in bytes or characters as given.
    """

    status: int
    reason: str
    size: int


ErrorBody = (
    ErrorResponseDto
    | ListPersonalAccessTokensV1401Response
    | ListPersonalAccessTokensV1429Response
    | UnreadableErrorBody
)

ERROR_DTO_KEYS = frozenset(
    wire_name(field.name) for field in attrs.fields(ErrorResponseDto) if field.name != EXTRA
)
"""The keys that make an object an `ErrorResponseDto`, whatever the status says."""

_BY_STATUS: dict[int, type[ErrorBody]] = {
    401: ListPersonalAccessTokensV1401Response,
    429: ListPersonalAccessTokensV1429Response,
}


def load_error_response(
    status: int,
    body: str | bytes | Mapping[str, Any],
    *,
    converter: cattrs.BaseConverter | None = None,
) -> ErrorBody:
    """
    Read an error response of the PAT API, whichever of its three shapes it has.

    400, 403, 404 and 500 send an `ErrorResponseDto`, 401 ``{"error": ...}``
    and 429 ``{"message": ...}``.  The keys decide, since proxies and
    gateways do not always keep to the status; the status decides for a body
    with none of them.  A body that is none of them (empty, HTML, JSON of
    another shape) is an `UnreadableErrorBody`: this never raises for a body.

    Args:
        status: The HTTP status code.
        body: The body as JSON text, or as the dict `json.loads` made of it.
        converter: The converter to use instead of the shared default one.
    """

    def build(data: object) -> ErrorBody:
        cls = _BY_STATUS.get(status, ErrorResponseDto)
        if isinstance(data, Mapping):
            if ERROR_DTO_KEYS.intersection(data):
                cls = ErrorResponseDto
            elif "error" in data:
                cls = ListPersonalAccessTokensV1401Response
            elif "message" in data:
                cls = ListPersonalAccessTokensV1429Response
        return structure(data, cls, converter=converter)

    size = len(body) if isinstance(body, (str, bytes)) else 0
    if isinstance(body, (str, bytes)) and not body.strip():
        return UnreadableErrorBody(status=status, reason="the body is empty", size=size)
    try:
        return parse(body, build) if isinstance(body, (str, bytes)) else build(body)
    except ValidationError as error:
        reason = "; ".join(f"{path}: {message}" for path, message in error.problems)
        return UnreadableErrorBody(status=status, reason=reason, size=size)
