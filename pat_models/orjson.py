"""
`loads` and `dumps` with orjson: the same signatures, the same results, faster.

    from pat_models.orjson import dumps, loads

orjson (the ``fast`` extra) parses and writes several times faster than the
standard library, but it reads an integer beyond 64 bits or a long fraction
as a rounded float, writes floats in its own spelling (``0.00001`` for
``1e-05``), and refuses a few values the standard library takes (integers
beyond 64 bits, lone surrogates).  So a model made of orjson's value that
holds a float is read again by the standard library, and this module's
converter writes every float and `decimal.Decimal` as the standard library
does; whatever orjson cannot do exactly, the top-level
`pat_models.loads` and `pat_models.dumps` do.  The objects, the errors and
the text are always theirs.

A converter of your own: make it with this module's `make_converter` (or
`configure_converter`), or `loads` reads with the standard library alone.
Such a converter serves the top-level functions too: what it unstructures is
plain JSON, each float a `float` subclass that orjson hands back to be
spelled as the standard library spells it.
"""

from __future__ import annotations

import contextvars
import decimal
import functools
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any, TypeVar

# A vendored copy type-checks where orjson is not installed.
import orjson  # type: ignore[import-not-found, unused-ignore]

from . import _wire
from ._converter import Nulls, UnknownKeys, json_value, register_json_hooks
from ._converter import configure_converter as _configure_converter
from ._converter import make_converter as _make_converter
from ._errors import ValidationError
from ._fields import is_model
from ._json import DuplicateKeys
from ._timestamps import SubMillisecond
from ._values import JsonValue

if TYPE_CHECKING:
    import cattrs

__all__ = ["configure_converter", "dumps", "loads", "make_converter"]

_T = TypeVar("_T")


def configure_converter(
    converter: cattrs.BaseConverter,
    *,
    extra: UnknownKeys = "keep",
    sub_millisecond: SubMillisecond = "truncate",
    null: Nulls = "tolerate",
) -> None:
    """Do what `pat_models.configure_converter` does, for values orjson read and will write."""
    _configure_converter(converter, extra=extra, sub_millisecond=sub_millisecond, null=null)
    register_json_hooks(converter, structure=_json_value, unstructure=_thaw)


def make_converter(
    *,
    extra: UnknownKeys = "keep",
    sub_millisecond: SubMillisecond = "truncate",
    null: Nulls = "tolerate",
) -> cattrs.Converter:
    """Do what `pat_models.make_converter` does, for values orjson read and will write."""
    converter = _make_converter(extra=extra, sub_millisecond=sub_millisecond, null=null)
    register_json_hooks(converter, structure=_json_value, unstructure=_thaw)
    return converter


_READ_BY_ORJSON = contextvars.ContextVar("_READ_BY_ORJSON", default=False)


def _json_value(value: object, _type: object = None) -> JsonValue:
    """Read a JSON value, but none holding a float orjson read: it may have rounded it."""
    frozen = json_value(value)
    if _READ_BY_ORJSON.get() and _float_in(frozen):
        raise ValueError  # a number orjson may have rounded: the standard library reads it again
    return frozen


@functools.cache
def _default_converter() -> cattrs.Converter:
    return make_converter()


def _ours(converter: cattrs.BaseConverter) -> bool:
    return converter.get_unstructure_hook(JsonValue) is _thaw


def loads(
    data: str | bytes,
    cls: type[_T],
    *,
    converter: cattrs.BaseConverter | None = None,
    duplicate_keys: DuplicateKeys = "last",
) -> _T:
    """
    Do what `pat_models.loads` does, with orjson's parser wherever its reading is exact.

    The standard library reads what orjson cannot tell apart (``duplicate_keys="reject"``),
    and reads again whatever orjson's value did not make a model: the
    result, and any error, are the standard library's.
    """
    ours = converter is None or _ours(converter)
    converter = converter or _default_converter()
    # Exact str and bytes only: orjson takes more types, and what is accepted
    # must not depend on which parser read it.
    if duplicate_keys == "last" and (type(data) is str or type(data) is bytes) and ours:
        try:
            value = orjson.loads(data)
        except orjson.JSONDecodeError:
            pass
        else:
            reading = _READ_BY_ORJSON.set(True)
            try:
                return _wire.structure(value, cls, converter=converter)
            except ValidationError:
                pass  # a bad document, or a number orjson rounded: the standard library says which
            finally:
                _READ_BY_ORJSON.reset(reading)
    return _wire.loads(data, cls, converter=converter, duplicate_keys=duplicate_keys)


def dumps(obj: Any, *, converter: cattrs.BaseConverter | None = None) -> str:
    """Do what `pat_models.dumps` does, with orjson's writer wherever it writes the same text."""
    if converter is not None and not _ours(converter):
        return _wire.dumps(obj, converter=converter)
    mine = converter or _default_converter()
    write = _writer(obj.__class__) if converter is None else None
    data = write(obj) if write is not None else _wire.unstructure(obj, converter=mine)
    try:
        text: str = orjson.dumps(data, default=_spelled).decode()
    except TypeError:
        pass  # integers beyond 64 bits, lone surrogates, depth: the standard library decides
    else:
        return text
    return _wire.dumps(obj, converter=mine)


@functools.cache
def _writer(cls: type) -> Callable[[Any], Any] | None:
    # The shared converter's hook of a model, looked up once: cattrs' lookup
    # costs more than a tenth of writing a token with orjson.
    return _default_converter().get_unstructure_hook(cls) if is_model(cls) else None


def _float_in(value: JsonValue) -> bool:
    if type(value) is float:
        return True
    if type(value) is tuple:
        return any(_float_in(item) for item in value)
    if isinstance(value, Mapping):
        return any(_float_in(item) for item in value.values())
    return False


class _Float(float):
    """A float of a frozen value, to be written as the standard library spells it."""

    __slots__ = ()


def _thaw(value: JsonValue) -> Any:
    """
    Thaw a frozen value, each float as a `_Float`.

    orjson writes a float in its own spelling but hands a float subclass to
    `_spelled`; the standard library writes one as any float.  So what this
    converter unstructures writes the same text through either.
    """
    if type(value) is float:
        return _Float(value)
    if type(value) is tuple:
        return [_thaw(item) for item in value]
    if isinstance(value, Mapping):
        return {key: _thaw(item) for key, item in value.items()}
    return value


def _spelled(value: object) -> Any:
    """Write a `_Float` or a `decimal.Decimal` as the standard library does (orjson's default)."""
    if isinstance(value, float):
        return orjson.Fragment(float.__repr__(value))
    if isinstance(value, decimal.Decimal):
        return orjson.Fragment(str(value))
    raise TypeError
