"""
JSON values as the models hold them: frozen, and only what JSON text can carry.

Models are frozen and hashable, so values that come from open-ended JSON
(unknown keys, a patch operation's ``value``) are stored deeply frozen:
objects as `FrozenDict`, arrays as tuples; `thaw` gives them back as the
dicts and lists `json` writes.  Strings, integers and floats that JSON text
cannot carry are refused here, for the models' fields too.
"""

from __future__ import annotations

import decimal
import math
import re
from collections.abc import Iterator, Mapping
from typing import Any, TypeVar, Union

from ._errors import a_type

_V = TypeVar("_V")

JsonValue = Union[
    None,
    bool,
    int,
    float,
    decimal.Decimal,
    str,
    tuple["JsonValue", ...],
    Mapping[str, "JsonValue"],
]
"""
Any JSON value, frozen: arrays are tuples and objects read-only mappings.

A number is an `int`, a `float`, or, where a float would change it (more
digits than a double holds), the `decimal.Decimal` of its text.
"""


class FrozenDict(Mapping[str, _V]):
    """
    A read-only, hashable mapping that pickles.

    `types.MappingProxyType` is neither hashable nor picklable, which would
    make every model that holds one unhashable and unpicklable.
    """

    __slots__ = ("_data",)

    _data: dict[str, _V]

    def __init__(self, data: Mapping[str, _V] | None = None) -> None:
        object.__setattr__(self, "_data", dict(data) if data else {})

    def __setattr__(self, name: str, value: object) -> None:
        msg = "FrozenDict is immutable"
        raise AttributeError(msg)

    def __getitem__(self, key: str) -> _V:
        return self._data[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._data)

    def __len__(self) -> int:
        return len(self._data)

    def __hash__(self) -> int:
        return hash(frozenset(self._data.items()))

    def __repr__(self) -> str:
        return f"FrozenDict({self._data!r})"

    def __reduce__(self) -> tuple[type[FrozenDict[_V]], tuple[dict[str, _V]]]:
        return (FrozenDict, (self._data,))


EMPTY: FrozenDict[Any] = FrozenDict()


MAX_DEPTH = 128
"""How deeply a JSON value may nest: far beyond any payload, far within Python's stack."""

BEYOND_DOUBLE = "a number beyond the range of a double"

_SURROGATE_PAIR = re.compile("[\ud800-\udbff][\udc00-\udfff]")


# The fewest digits Python's int/str limit may be set to is 640: an integer of
# no more bits than this has fewer digits, and is written whatever the limit.
_ALWAYS_WRITTEN = 2000


def freeze(value: object, _depth: int = 0) -> JsonValue:
    """
    Return *value*, a JSON value as `json.loads` builds it, deeply frozen.

    Subclasses of `str`, `int` and `float` (a `str` enum member, say) become
    the plain type, so that a frozen value is written and compared as the
    JSON it stands for.

    Raises:
        TypeError: *value* holds something that is not a JSON value, or an
            object key that is not a string.
        ValueError: *value* holds what JSON text cannot: NaN, an infinity, a
            string `plain_text` refuses, an integer `plain_integer`
            refuses, or nesting deeper than `MAX_DEPTH`.
    """
    if value is None or value is True or value is False:
        return value
    if isinstance(value, str):
        return plain_text(value)
    if isinstance(value, int):
        return plain_integer(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            raise ValueError("NaN is not a JSON number" if math.isnan(value) else BEYOND_DOUBLE)
        return float(value)
    if isinstance(value, decimal.Decimal):
        if not value.is_finite():
            raise ValueError("NaN is not a JSON number" if value.is_nan() else BEYOND_DOUBLE)
        return _as_read(str(value))
    return _freeze_container(value, _depth)


def _as_read(text: str) -> int | float | decimal.Decimal:
    """Return the number JSON text *text* reads as: what is written then reads back equal."""
    if "." in text or "E" in text:  # str() of a Decimal writes its exponent with E
        return exact_number(text)
    return exact_integer(text)


def _freeze_container(value: object, depth: int) -> JsonValue:
    if depth >= MAX_DEPTH:
        msg = f"nested deeper than {MAX_DEPTH} levels"
        raise ValueError(msg)
    if isinstance(value, (list, tuple)):
        return tuple([freeze(item, depth + 1) for item in value])
    if isinstance(value, Mapping):
        frozen = {}
        for key, item in value.items():
            if not isinstance(key, str):
                msg = f"JSON object keys are strings, not {type(key).__name__}"
                raise TypeError(msg)
            frozen[plain_text(key)] = freeze(item, depth + 1)
        return FrozenDict(frozen)
    msg = f"{a_type(value)} is not a JSON value"
    raise TypeError(msg)


def plain_text(value: object) -> str:
    r"""
    Return *value*, a `str`, as a plain `str` JSON can carry.

    A lone surrogate is carried, as a ``\ud800`` escape; a high and a low
    surrogate side by side are not: JSON reads their two escapes back as
    the one character they would make, a different string.

    Raises:
        TypeError: *value* is not a `str`; without a message, for the
            caller says what it expected.
        ValueError: *value* holds such a pair.
    """
    if type(value) is not str:
        if not isinstance(value, str):
            raise TypeError
        value = str.__str__(value)  # not str(): a subclass may mask its text there
    if not value.isascii() and _SURROGATE_PAIR.search(value):
        msg = (
            "holds a high and a low surrogate side by side, which JSON reads back as one character"
        )
        raise ValueError(msg)
    return value


def plain_integer(value: object) -> int:
    """
    Return *value*, an `int`, as a plain `int` JSON can carry; never a `bool`.

    Raises:
        TypeError: *value* is not an `int`, or is a `bool`, which JSON tells
            apart from a number; without a message, as for `plain_text`.
        ValueError: *value* has more digits than Python reads or writes
            (`sys.get_int_max_str_digits`), which reading enforces too.
    """
    if type(value) is not int:
        if type(value) is bool or not isinstance(value, int):
            raise TypeError
        value = int.__index__(value)
    if value.bit_length() > _ALWAYS_WRITTEN:
        try:
            str(value)
        except ValueError:
            msg = "has more digits than Python reads or writes in JSON text"
            raise ValueError(msg) from None
    return value


def freeze_mapping(value: Mapping[str, object]) -> Mapping[str, JsonValue]:
    """
    Return *value* as a `FrozenDict` of frozen JSON values.

    The models' converter for their mapping of unknown keys: a caller may pass
    a plain dict, the instance still holds nothing mutable.

    Raises:
        TypeError: *value* is not a mapping, or holds what `freeze` refuses.
        ValueError: *value* holds what `freeze` refuses.
    """
    if value is EMPTY:
        return value
    if not isinstance(value, Mapping):
        msg = f"expected a mapping of unknown keys, got {type(value).__name__}"
        raise TypeError(msg)
    if not value:
        return EMPTY
    return freeze(value)  # type: ignore[return-value]


_TAGS = {bool: "boolean", int: "integer"}


def json_key(value: JsonValue) -> object:  # noqa: PLR0911 - a return for each JSON type
    """
    Return what a frozen JSON value is compared and hashed by: its JSON meaning.

    Python holds ``1 == True == 1.0``; JSON writes ``1``, ``true`` and ``1.0``.
    Models compare their open-ended values by this key, so that two objects
    are equal exactly when they write the same JSON (the key order of
    objects aside).  A float is known by its shortest text, the one written,
    so ``-0.0`` and ``0.0`` differ too.
    """
    kind = type(value)
    if kind is str or value is None:
        return value
    if kind in _TAGS:
        return (_TAGS[kind], value)
    if kind is float:
        return ("number", float.__repr__(value))
    if kind is decimal.Decimal:
        return ("number", str(value))
    if kind is tuple:
        return ("array", tuple([json_key(item) for item in value]))  # type: ignore[union-attr]
    if isinstance(value, Mapping):
        return ("object", frozenset([(key, json_key(item)) for key, item in value.items()]))
    return value  # ABSENT: a key that is not there is only ever equal to itself


MASK = "********"
"""What a secret, or a value that may be one, looks like wherever it is shown."""


def thaw(value: JsonValue) -> Any:
    """Return a frozen JSON value as the lists and dicts `json` writes."""
    if type(value) is tuple:
        return [thaw(item) for item in value]
    if isinstance(value, Mapping):
        return {key: thaw(item) for key, item in value.items()}
    return value


def exact_number(text: str) -> float | decimal.Decimal:
    """
    Read a JSON number with a fraction or an exponent: a float if the float is the same number.

    A float writes back as the shortest text that reads as it: where that is
    another number (``0.30000000000000000001``, ``1e-400``, ``1e400``), the
    `decimal.Decimal` of the text is kept instead.
    """
    value = float(text)
    if value == 0 and not text.lower().partition("e")[0].strip("-+0."):
        return value  # zero whatever its exponent, past what a Decimal holds: 0e999999999999999999
    exact = _decimal(text)
    if math.isfinite(value) and decimal.Decimal(float.__repr__(value)) == exact:
        return value
    return exact


def exact_integer(text: str) -> int | decimal.Decimal:
    """Read a JSON integer: an `int`, or a `decimal.Decimal` beyond the digits `int` reads."""
    try:
        return int(text)
    except ValueError:  # beyond sys.get_int_max_str_digits()
        return _decimal(text)


def _decimal(text: str) -> decimal.Decimal:
    try:
        return decimal.Decimal(text)
    except decimal.InvalidOperation:  # an exponent beyond a Decimal's: 1e9999999999999999999
        msg = "a number whose exponent is beyond what pat_models holds exactly"
        raise ValueError(msg) from None
