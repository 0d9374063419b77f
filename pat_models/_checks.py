"""
What a model may hold: only what the wire can carry, checked as it is built.

An instance of a model is a valid wire document: `dumps` of anything that
exists succeeds, and what it writes loads back equal.  So every field is
checked when a model is built (``__init__`` and `attrs.evolve`), by a
converter derived from the field's annotation: a wrong type is a
`TypeError`, a value the wire cannot carry a `ValueError`, each naming the
attribute and never repeating the value.

The converter's generated structure functions check the same things on the
wire form and set the slots themselves; they do not come through here.
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Mapping
from typing import Any

import attrs
import pendulum

from ._absent import ABSENT
from ._frozen import EMPTY, JsonValue, plain_integer, plain_text
from ._shapes import EXTRA, Shape, wire_name

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

    def convert(value: Any) -> Any:
        if (value is ABSENT and optional) or (value is None and nullable):
            return value
        for step in steps:
            value = _labelled(label, step, value)
        return value

    return _with_fast_path(convert, shape, is_extra=field.name == EXTRA)


def _with_fast_path(convert: Check, shape: Shape, *, is_extra: bool) -> Check:
    """
    Put a test in front of *convert* that returns a value already as the model holds it.

    Most values a caller passes are (and every value `attrs.evolve` passes
    on is) of the exact type already: one inlined test instead of the general
    path makes building a model about twice as fast.
    """
    namespace: dict[str, Any] = {"convert": convert, "ABSENT": ABSENT, "EMPTY": EMPTY}
    core = shape.core
    tests = ["v is ABSENT"] if shape.optional else []
    tests += ["v is None"] if shape.nullable else []
    if is_extra:
        tests.append("v is EMPTY")
    elif core is str:
        tests.append("(type(v) is str and v.isascii())")
    elif core is int:
        tests.append("(type(v) is int and -0x8000000000000000 <= v <= 0x7FFFFFFFFFFFFFFF)")
    elif core is bool or shape.enum is not None or (isinstance(core, type) and attrs.has(core)):
        namespace["T"] = bool if core is bool else (shape.enum or core)
        tests.append("type(v) is T")
    elif core is pendulum.DateTime:
        # to_utc_millis' own first test, inlined: the value is returned as it is.
        namespace |= {"DateTime": pendulum.DateTime, "UTC": pendulum.UTC}
        tests.append("(type(v) is DateTime and v.tzinfo is UTC and not v.microsecond % 1000)")
    if not tests:
        return convert
    source = f"def fast(v):\n  if {' or '.join(tests)}:\n    return v\n  return convert(v)\n"
    exec(compile(source, "<pat_models checks>", "exec"), namespace)  # noqa: S102
    fast: Check = namespace["fast"]
    return fast


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
