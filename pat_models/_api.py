"""
The module-level functions: JSON text and dicts in, models out, and back.

They use one shared converter made with `make_converter` the first time it is
needed; pass ``converter=`` to use another (``extra="forbid"``, say).
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Hashable, Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from ._converter import is_model, make_converter
from ._errors import Problem, ValidationError
from ._jsontext import DuplicateKeys, parse, write
from ._models import (
    ErrorResponseDto,
    ListPersonalAccessTokensV1401Response,
    ListPersonalAccessTokensV1429Response,
)

if TYPE_CHECKING:
    import cattrs

_T = TypeVar("_T")


@functools.cache
def _default_converter() -> cattrs.Converter:
    return make_converter()


# The shared converter's hooks, by type: cattrs' own dispatch costs as much as
# structuring a small model.
@functools.cache
def _structure_hook(cls: Hashable) -> Callable[[Any, Any], Any]:
    return _default_converter().get_structure_hook(cls)


@functools.cache
def _unstructure_hook(cls: Hashable) -> Callable[[Any], Any]:
    if not is_model(cls):
        return _refuse
    return _default_converter().get_unstructure_hook(cls)


def _refuse(obj: object) -> Any:
    raise ValidationError([("$", _not_a_model(obj))])


def _unstructure_default(obj: Any) -> Any:
    return _unstructure_hook(obj.__class__)(obj)


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
        return _structure_hook(cls)(data, cls)  # type: ignore[no-any-return, arg-type]
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
    if converter is not None and (problems := _not_models(obj)):
        raise ValidationError(problems)
    hook = converter.unstructure if converter is not None else _unstructure_default
    if not isinstance(obj, (list, tuple)):
        return hook(obj)
    try:
        return [hook(item) for item in obj]
    except ValidationError:  # an item that is not a model: name every one by its index
        raise ValidationError(_not_models(obj)) from None


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
    value = parse(data, duplicate_keys)
    if converter is None:
        return _structure_hook(cls)(value, cls)  # type: ignore[no-any-return, arg-type]
    return converter.structure(value, cls)


def dumps(obj: Any, *, converter: cattrs.BaseConverter | None = None) -> str:
    """
    Write *obj* as compact JSON text, as the API would send it.

    Non-ASCII text is written as is, not escaped.

    Raises:
        ValidationError: *obj* is not a model or a list or tuple of them.
    """
    return write(unstructure(obj, converter=converter))


ErrorBody = (
    ErrorResponseDto | ListPersonalAccessTokensV1401Response | ListPersonalAccessTokensV1429Response
)

_DTO_KEYS = frozenset({"detailCode", "trackingId", "messages", "causes"})
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
    with none of them.

    Args:
        status: The HTTP status code.
        body: The body as JSON text, or as the dict `json.loads` made of it.
        converter: The converter to use instead of the shared default one.

    Raises:
        ValidationError: *body* is not JSON, or not a JSON object of any of
            the three shapes.
    """
    data = parse(body) if isinstance(body, (str, bytes)) else body
    cls = _BY_STATUS.get(status, ErrorResponseDto)
    if isinstance(data, Mapping):
        if _DTO_KEYS.intersection(data):
            cls = ErrorResponseDto
        elif "error" in data:
            cls = ListPersonalAccessTokensV1401Response
        elif "message" in data:
            cls = ListPersonalAccessTokensV1429Response
    return structure(data, cls, converter=converter)
