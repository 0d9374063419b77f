"""
Immutable, hashable stand-ins for JSON objects and arrays.

Models are frozen and hashable, so values that come from open-ended JSON
(unknown keys, a patch operation's ``value``) are stored deeply frozen:
objects as `FrozenDict`, arrays as tuples.
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Mapping
from typing import Any, TypeVar, Union

_V = TypeVar("_V")

JsonValue = Union[None, bool, int, float, str, tuple["JsonValue", ...], Mapping[str, "JsonValue"]]
"""Any JSON value, frozen: arrays are tuples and objects read-only mappings."""


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


def freeze(value: object, _depth: int = 0) -> JsonValue:
    """
    Return *value*, a JSON value as `json.loads` builds it, deeply frozen.

    Raises:
        TypeError: *value* holds something that is not a JSON value, a float
            that is not finite, or nests deeper than `MAX_DEPTH`.
    """
    if isinstance(value, float):
        if not math.isfinite(value):
            msg = "NaN and infinities are not JSON numbers"
            raise TypeError(msg)
        return float(value)
    if value is None or type(value) in _SCALARS:
        return value  # type: ignore[return-value]
    if _depth >= MAX_DEPTH:
        msg = f"nested deeper than {MAX_DEPTH} levels"
        raise TypeError(msg)
    if isinstance(value, (list, tuple)):
        return tuple([freeze(item, _depth + 1) for item in value])
    if isinstance(value, Mapping):
        frozen = {}
        for key, item in value.items():
            if type(key) is not str:
                msg = "JSON object keys are strings"
                raise TypeError(msg)
            frozen[key] = freeze(item, _depth + 1)
        return FrozenDict(frozen)
    msg = f"a {type(value).__name__} is not a JSON value"
    raise TypeError(msg)


def freeze_mapping(value: Mapping[str, object]) -> Mapping[str, JsonValue]:
    """
    Return *value* as a `FrozenDict` of frozen JSON values.

    The models' converter for their mapping of unknown keys: a caller may pass
    a plain dict, the instance still holds nothing mutable.
    """
    if type(value) is FrozenDict:
        return value
    if not value:
        return EMPTY
    return freeze(value)  # type: ignore[return-value]


_SCALARS = frozenset({bool, int, str})
