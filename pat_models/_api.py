"""
The module-level functions: JSON text and dicts in, models out, and back.

They use one shared converter made with `make_converter` the first time it is
needed; pass ``converter=`` to use another (``extra="forbid"``, say).
"""

from __future__ import annotations

import functools
import json
import math
from collections.abc import Mapping
from typing import Any, TypeVar

import cattrs

from ._converter import make_converter
from ._errors import ValidationError, rerooted
from ._models import ErrorResponseDto, ListAccessProfiles401Response, ListAccessProfiles429Response

_T = TypeVar("_T")


@functools.cache
def _default_converter() -> cattrs.Converter:
    return make_converter()


def structure(data: Any, cls: type[_T], *, converter: cattrs.BaseConverter | None = None) -> _T:
    """
    Build a *cls* from *data*, the wire form as `json.loads` returns it.

    Raises:
        ValidationError: *data* is not a valid *cls*.
    """
    return (converter or _default_converter()).structure(data, cls)


def unstructure(obj: Any, *, converter: cattrs.BaseConverter | None = None) -> Any:
    """
    Return the wire form of *obj* as dicts and lists, ready for `json.dumps`.

    *obj* may be a model or a list or tuple of them (a PATCH body, a listing).

    Raises:
        ValidationError: *obj* breaks a rule of the API, so no body is
            written that the API would refuse.
    """
    hook = (converter or _default_converter()).unstructure
    if not isinstance(obj, (list, tuple)):
        return hook(obj)
    try:
        return [hook(item) for item in obj]
    except ValidationError:
        pass
    problems = []
    for index, item in enumerate(obj):
        try:
            hook(item)
        except ValidationError as error:
            problems += rerooted(f"$[{index}]", error)
    raise ValidationError(problems, f"{type(obj).__name__} of {len(obj)} items")


def loads(data: str | bytes, cls: type[_T], *, converter: cattrs.BaseConverter | None = None) -> _T:
    """
    Parse JSON text into a *cls*.

    Args:
        data: JSON text; bytes may be UTF-8, UTF-16 or UTF-32.
        cls: A model class, or a list of one (``list[JsonPatchOperation]``).
        converter: The converter to use instead of the shared default one.

    Raises:
        ValidationError: *data* is not JSON (``NaN`` and ``Infinity`` are not
            JSON either), or not a valid *cls*.
    """
    return structure(parse_json(data), cls, converter=converter)


def dumps(obj: Any, *, converter: cattrs.BaseConverter | None = None) -> str:
    """
    Write *obj* as compact JSON text, as the API would send it.

    Non-ASCII text is written as is, not escaped.
    """
    return json.dumps(
        unstructure(obj, converter=converter),
        ensure_ascii=False,
        separators=(",", ":"),
        allow_nan=False,
    )


ErrorBody = ErrorResponseDto | ListAccessProfiles401Response | ListAccessProfiles429Response

_DTO_KEYS = frozenset({"detailCode", "trackingId", "messages", "causes"})
_BY_STATUS: dict[int, type[ErrorBody]] = {
    401: ListAccessProfiles401Response,
    429: ListAccessProfiles429Response,
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
    data = parse_json(body) if isinstance(body, (str, bytes)) else body
    cls = _BY_STATUS.get(status, ErrorResponseDto)
    if isinstance(data, Mapping):
        if _DTO_KEYS.intersection(data):
            cls = ErrorResponseDto
        elif "error" in data:
            cls = ListAccessProfiles401Response
        elif "message" in data:
            cls = ListAccessProfiles429Response
    return structure(data, cls, converter=converter)


def parse_json(data: str | bytes) -> Any:
    """
    Return the value of the JSON text *data*, strictly.

    Raises:
        ValidationError: *data* is not JSON.  The message gives the position,
            never the text, which may hold a secret.
    """
    problem = None
    try:
        return json.loads(data, parse_constant=_reject_constant, parse_float=_finite_float)
    except json.JSONDecodeError as error:
        problem = f"not valid JSON: {error.msg} at line {error.lineno} column {error.colno}"
    except UnicodeDecodeError as error:
        problem = f"not valid {error.encoding.upper()} at byte {error.start}"
    except RecursionError:
        problem = "not valid JSON here: nested too deeply"
    except ValueError as error:  # too many digits, a constant, not text
        problem = f"not valid JSON here: {error}"
    except TypeError:
        problem = f"expected JSON text as str or bytes, got {type(data).__name__}"
    raise ValidationError([("$", problem)])


def _finite_float(text: str) -> float:
    value = float(text)
    if math.isinf(value):
        msg = "a number beyond the range of a double"
        raise ValueError(msg)
    return value


def _reject_constant(name: str) -> Any:
    msg = f"{name} is not a JSON number"
    raise ValueError(msg)
