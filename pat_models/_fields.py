"""
A model's fields: what each may hold, its wire name, and the check that holds it to that.

The annotations of the models are the one statement of what each field holds.
`Shape` takes one apart; the checks a model runs as it is built, the
converter's generated functions and the JSON Schema all read it, so the three
cannot disagree about a field.

An instance of a model is a valid wire document: `dumps` of anything that
exists succeeds, and what it writes loads back equal.  So every field is
checked when a model is built (``__init__`` and `attrs.evolve`), by a
converter derived from its annotation: a wrong type is a `TypeError`, a value
the wire cannot carry a `ValueError`, each naming the attribute and never
repeating the value.  The converter's structure functions check the same
things on the wire form and set the slots themselves.
"""

from __future__ import annotations

import enum
import types
import typing
from collections.abc import Callable, Mapping
from typing import Any, Union

import attrs
import pendulum

from ._absent import ABSENT, Absent
from ._errors import key_path
from ._values import EMPTY, JsonValue, plain_integer, plain_text

EXTRA = "extra"
"""The field that holds the keys a model does not know."""

SCALARS: dict[Any, str] = {str: "a string", int: "an integer", bool: "a boolean"}
"""The scalar field types, and how a message names them."""


def wire_name(attribute: str) -> str:
    """Return the camelCase wire key of a snake_case attribute name (``from_`` is ``from``)."""
    head, *rest = attribute.split("_")  # from_: the word after the last _ is empty
    return head + "".join(word.capitalize() for word in rest)


def wire_path(steps: tuple[str | int, ...]) -> str:
    """Return the wire path of attributes: ``("patch", 1, "from_")`` is ``$.patch[1].from``."""
    path = "$"
    for step in steps:
        path = f"{path}[{step}]" if isinstance(step, int) else key_path(path, wire_name(step))
    return path


class Shape:
    """
    A field's type taken apart: the core type, and whether null or absence is allowed.

    A plain class, not an attrs one: attrs compiles methods for each class it
    makes, and this one is only ever built and read.
    """

    __slots__ = ("core", "nullable", "optional")

    def __init__(self, core: Any, *, nullable: bool, optional: bool) -> None:
        self.core = core
        self.nullable = nullable
        self.optional = optional

    @classmethod
    def of(cls, tp: Any) -> Shape:
        if typing.get_origin(tp) not in (Union, types.UnionType):
            return cls(tp, nullable=False, optional=False)
        args = typing.get_args(tp)
        optional = Absent in args
        if set(typing.get_args(JsonValue)) <= set(args):
            return cls(JsonValue, nullable=False, optional=optional)
        rest = [arg for arg in args if arg not in (Absent, type(None))]
        core = rest[0] if len(rest) == 1 else Union[tuple(rest)]
        return cls(core, nullable=type(None) in args, optional=optional)

    @property
    def enum(self) -> type[enum.Enum] | None:
        """The enum of an enum core type, or of an open ``E | str`` one."""
        args = [arg for arg in typing.get_args(self.core) if arg is not str] or [self.core]
        known = args[0]
        if len(args) == 1 and isinstance(known, type) and issubclass(known, enum.Enum):
            return known
        return None

    @property
    def open(self) -> bool:
        """Whether values outside the enum are kept as strings."""
        return str in typing.get_args(self.core)

    @property
    def sequence_of(self) -> Any:
        """The item type of a ``tuple[T, ...]`` core type, or None."""
        args = typing.get_args(self.core)
        if typing.get_origin(self.core) is tuple and len(args) == 2 and args[1] is ...:  # noqa: PLR2004
            return args[0]
        return None

    def expected(self) -> str:
        """Describe the accepted wire values for a message."""
        if self.core in SCALARS:
            what = SCALARS[self.core]
        elif self.enum is not None and not self.open:
            what = "one of " + ", ".join(repr(member.value) for member in self.enum)
        else:
            what = "a string"
        return f"{what} or null" if self.nullable else what


Check = Callable[[Any], Any]
"""Return a field's value as the model holds it, or raise TypeError or ValueError."""


def check_fields(cls: type, fields: list[attrs.Attribute[Any]]) -> list[attrs.Attribute[Any]]:
    """
    Give every field of *cls* a converter that checks it; an attrs field transformer.

    A field's own converter (``attrs.field(converter=...)``, which also tells
    type checkers what ``__init__`` takes) runs first, then the check of the
    annotation's core type.
    """
    reserved = frozenset(wire_name(field.name) for field in fields if field.name != EXTRA)
    return [
        field.evolve(converter=_converter(f"{cls.__name__}.{field.name}", field, reserved))
        for field in fields
    ]


def _converter(label: str, field: attrs.Attribute[Any], reserved: frozenset[str]) -> Check:
    shape = Shape.of(field.type)
    check: Check | None
    if field.name == EXTRA:
        check = _not_reserved(reserved)
    elif (item := shape.sequence_of) is not None:
        check = _each(_core_check(item))
    else:
        check = _core_check(shape.core)
    own: Check | None = field.converter  # type: ignore[assignment]  # a plain function here
    steps = [step for step in (own, check) if step is not None]
    optional, nullable = shape.optional, shape.nullable
    ready = _ready(shape, is_extra=field.name == EXTRA)

    def check_value(value: Any) -> Any:
        for step in steps:
            value = _labelled(label, step, value)
        return value

    def convert(value: Any) -> Any:
        if ready(value) or (value is ABSENT and optional) or (value is None and nullable):
            return value
        return check_value(value)

    convert.__wrapped__ = check_value  # type: ignore[attr-defined]  # what ready() spares
    return convert


def _ready(shape: Shape, *, is_extra: bool) -> Callable[[Any], bool]:
    """
    Return the test that a value is held as the model holds it already, and needs no check.

    Most values a caller passes are (and every value `attrs.evolve` passes
    on is) of the exact type already: one test spares the general path.
    """
    core = shape.core
    if is_extra:
        return lambda value: value is EMPTY
    if core is str:
        return lambda value: type(value) is str and value.isascii()
    if core is int:
        return lambda value: type(value) is int and -_INT64 <= value < _INT64
    if core is pendulum.DateTime:
        return lambda value: (
            type(value) is pendulum.DateTime
            and value.tzinfo is pendulum.UTC
            and not value.microsecond % 1000
        )
    exact = bool if core is bool else shape.enum or core
    if exact is bool or shape.enum is not None or (isinstance(exact, type) and attrs.has(exact)):
        return lambda value: type(value) is exact
    return lambda _value: False


_INT64 = 1 << 63


def _labelled(label: str, check: Check, value: Any) -> Any:
    """Return ``check(value)``, its error prefixed with *label*: ``PatOwner.id: ``, ``[2]``."""
    try:
        return check(value)
    except (TypeError, ValueError) as error:
        message = str(error)
        message = f"{label}{message}" if message.startswith("[") else f"{label}: {message}"
        raise (TypeError if isinstance(error, TypeError) else ValueError)(message) from None


def _core_check(core: Any) -> Check | None:
    """
    Return the check of one value of type *core*.

    None for timestamps and open-ended JSON values: the field's own converter
    (`to_utc_millis`, `freeze`) is their check.
    """
    if core is str:
        return _text
    if core is int:
        return _integer
    if core is bool:
        return _boolean
    shape = Shape(core, nullable=False, optional=False)
    if (known := shape.enum) is not None:
        return _member(known, is_open=shape.open)
    if isinstance(core, type) and attrs.has(core):
        return _instance(core)
    return None


def _text(value: object) -> str:
    if not isinstance(value, str):
        msg = f"expected a str, got {type(value).__name__}"
        raise TypeError(msg)
    return plain_text(value)


def _integer(value: object) -> int:
    if not isinstance(value, int):
        msg = f"expected an int, got {type(value).__name__}"
        raise TypeError(msg)
    return plain_integer(value)


def _boolean(value: object) -> bool:
    if type(value) is not bool:
        msg = f"expected a bool, got {type(value).__name__}"
        raise TypeError(msg)
    return value


def _member(known: type[enum.Enum], *, is_open: bool) -> Check:
    """Check a closed enum (a member, or its value), or an open one (any other string too)."""
    members = known._value2member_map_
    values = ", ".join(repr(member.value) for member in known)

    def member(value: object) -> object:
        if type(value) is known:
            return value
        if not isinstance(value, str):
            what = f"a {known.__name__} or a str" if is_open else f"a {known.__name__}"
            msg = f"expected {what}, got {type(value).__name__}"
            raise TypeError(msg)
        text = plain_text(value)
        found = members.get(text)
        if found is not None:
            return found
        if is_open:
            return text
        msg = f"expected one of {values}"
        raise ValueError(msg)

    return member


def _instance(cls: type) -> Check:
    def instance(value: object) -> object:
        if type(value) is not cls:
            msg = f"expected a {cls.__name__}, got {type(value).__name__}"
            raise TypeError(msg)
        return value

    return instance


def _each(check: Check | None) -> Check | None:
    if check is None:
        return None

    def each(values: tuple[Any, ...]) -> tuple[Any, ...]:
        return tuple([_labelled(f"[{index}]", check, value) for index, value in enumerate(values)])

    return each


def _not_reserved(reserved: frozenset[str]) -> Check:
    def not_reserved(extra: Mapping[str, JsonValue]) -> Mapping[str, JsonValue]:
        taken = [key for key in extra if key in reserved]
        if taken:
            msg = f"{', '.join(map(repr, taken))} is a field's wire name; set the field instead"
            raise ValueError(msg)
        return extra

    return not_reserved
