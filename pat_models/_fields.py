"""
A model's fields: the facts of each, stated beside it, and the one check of each kind of value.

A model states a field's facts once, in its declaration::

    type: OwnerType | str | Absent | None = attrs.field(default=ABSENT, metadata=SERVER_NULL)

The annotation says what the field holds, whether it may be absent
(``Absent``) and whether it may be null (``None``); the metadata says whether
that null is only the server's (the spec does not allow it), which rules
the value keeps and what the API means by the key left out; the wire name
is the attribute's name in camelCase.  `Field` gathers those facts;
building, reading, writing and the JSON Schema all read them from there.

Each kind of value (string, integer, boolean, enum, nested model, JSON value)
has one check.  Building runs it and raises at the first fault, a `TypeError`
or `ValueError` naming the attribute; the converter's reader runs the same
check on every field and collects every fault with its wire path.
"""

from __future__ import annotations

import enum
import types
import typing
from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import Any, Union

import attrs
import pendulum

from ._absent import ABSENT, Absent
from ._errors import a_type, key_path
from ._values import EMPTY, JsonValue, plain_integer, plain_text

EXTRA = "extra"
"""The field that holds the keys a model does not know."""

SERVER_NULL: Mapping[str, Any] = {"null": "server"}
"""The metadata of a field whose ``null`` is the server's, not the spec's (``null="reject"``)."""

API_DEFAULT = "api_default"
"""The metadata key of what the API means by a field's absent key, where its spec names it."""

Check = Callable[[Any], Any]
"""
Return a value as a model holds it.

Raise a `TypeError` without arguments for a value of the wrong type, a
`ValueError` without arguments for a value outside a closed enum (the caller
says what was expected, in its own words: `Field.python`, `Field.wire`), or
a `ValueError` that says what else is wrong with a value of the right type.
"""

Violation = tuple[tuple[str | int, ...], str]
"""A rule's violation: the attribute path below the value checked, and what is wrong."""


def wire_name(attribute: str) -> str:
    """Return the camelCase wire key of a snake_case attribute name (``from_`` is ``from``)."""
    head, *rest = attribute.split("_")  # from_: the word after the last _ is empty
    return head + "".join(word.capitalize() for word in rest)


def wire_path(steps: Iterable[str | int]) -> str:
    """Return the wire path of attributes: ``("patch", 1, "from_")`` is ``$.patch[1].from``."""
    path = "$"
    for step in steps:
        path = f"{path}[{step}]" if isinstance(step, int) else key_path(path, wire_name(step))
    return path


def attribute_path(steps: Iterable[str | int]) -> str:
    """Return the Python path of attributes: ``("patch", 1, "from_")`` is ``.patch[1].from_``."""
    return "".join(f"[{step}]" if isinstance(step, int) else f".{step}" for step in steps)


def check_boolean(value: object) -> bool:
    if type(value) is not bool:
        raise TypeError
    return value


def _enum_check(known: type[enum.Enum], *, is_open: bool) -> Check:
    """Check a closed enum (a member, or its value), or an open one (any other string too)."""
    members = known._value2member_map_

    def check_member(value: object) -> object:
        if type(value) is known:
            return value
        if not isinstance(value, str):
            raise TypeError
        found = members.get(value)
        if found is not None:
            return found
        text = plain_text(value)
        if is_open:
            return text
        raise ValueError

    return check_member


def _instance_check(cls: type) -> Check:
    def check_instance(value: object) -> object:
        if type(value) is not cls:
            raise TypeError
        return value

    return check_instance


class Field:
    """
    One field of a model: everything pat_models knows of it.

    A plain class, not an attrs one: attrs compiles methods for each class it
    makes, and this one is only ever built and read, a few dozen times.

    Attributes:
        name: The attribute's name.
        key: Its wire name.
        core: The annotation's type without ``Absent`` and ``None``.
        optional: Whether the key may be left out (`ABSENT`).
        nullable: Whether the value may be ``null`` (`None`).
        server_null: Whether that null is only the server's, not the spec's.
        api_default: What the API means by the key left out, where its
            spec says; else `ABSENT`.
        rules: What the value must keep beyond its type (see `_rules`).
        item: The item type of an array, or None.
        check: The check of the value (of each item, for an array); None
            for timestamps and JSON values, which the field's own converter
            (`to_utc_millis`, `freeze`) checks as they are built, and the
            converter's hooks as they are read.
        python, wire: What a value (an item, for an array) of the wrong
            type should have been, in the words of Python and of JSON.
    """

    def __init__(self, attribute: attrs.Attribute[Any]) -> None:
        self.name = attribute.name
        self.key = wire_name(attribute.name)
        args = typing.get_args(attribute.type)
        if typing.get_origin(attribute.type) not in (Union, types.UnionType):
            args = (attribute.type,)
        self.optional = Absent in args
        if set(typing.get_args(JsonValue)) <= set(args):
            self.core: Any = JsonValue
            self.nullable = False  # null is a JSON value like any other here
        else:
            rest = [arg for arg in args if arg not in (Absent, type(None))]
            self.core = rest[0] if len(rest) == 1 else Union[tuple(rest)]
            self.nullable = type(None) in args
        self.server_null = attribute.metadata.get("null") == "server"
        self.api_default = attribute.metadata.get(API_DEFAULT, ABSENT)
        self.rules: tuple[Any, ...] = attribute.metadata.get("rules", ())
        item_args = typing.get_args(self.core)
        is_array = typing.get_origin(self.core) is tuple and item_args[1:] == (...,)
        self.item = item_args[0] if is_array else None
        self.check, self.python, self.wire = kind_of(self.item or self.core)

    def expected(self) -> str:
        """Describe, in JSON's words, the values the field reads."""
        what = "an array" if self.item is not None else self.wire
        return f"{what} or null" if self.nullable else what

    def violations(self, value: Any) -> Iterator[Violation]:
        """Yield how *value* (not `ABSENT`, not `None`) breaks the field's rules."""
        for rule in self.rules:
            for steps, message in rule.violations(value):
                yield (self.name, *steps), message


KEPT: Mapping[Check, str] = {
    plain_text: "type({v}) is str and {v}.isascii()",
    # Far fewer bits than plain_integer's _ALWAYS_WRITTEN: no int/str limit refuses it.
    plain_integer: "type({v}) is int and -1e18 < {v} < 1e18",
    check_boolean: "type({v}) is bool",
}
"""
The values each scalar check returns as they are, as a test in ``{v}``.

The reader tests a value in line and calls the check only where this fails:
the values the API sends pass without a call.
"""

_SCALARS: Mapping[Any, tuple[Check | None, str, str]] = {
    str: (plain_text, "a str", "a string"),
    int: (plain_integer, "an int", "an integer"),
    bool: (check_boolean, "a bool", "a boolean"),
    pendulum.DateTime: (None, "a timezone-aware datetime", "an RFC 3339 date-time"),
    JsonValue: (None, "a JSON value", "a JSON value"),
}


def kind_of(core: Any) -> tuple[Check | None, str, str]:
    """Return the check of a value of type *core*, and what it expects (Python's, JSON's words)."""
    if core in _SCALARS:
        return _SCALARS[core]
    members = [arg for arg in typing.get_args(core) if arg is not str] or [core]
    known, is_open = members[0], str in typing.get_args(core)
    if isinstance(known, type) and issubclass(known, enum.Enum):
        check = _enum_check(known, is_open=is_open)
        if is_open:
            return check, f"a {known.__name__} or a str", "a string"
        values = "one of " + ", ".join(repr(member.value) for member in known)
        return check, f"a {known.__name__}", values
    return _instance_check(core), f"a {core.__name__}", "an object"


class Model:
    """
    The base of every model: what the converter owns, and what keeps its rules.

    A model is ``@attrs.frozen(kw_only=True, field_transformer=checked)``, so
    that type checkers see an attrs class, and sets ``__pat_rules__`` to what
    it keeps across its fields (see `_rules`), run as it is built and read.
    """

    __slots__ = ()
    __pat_rules__: Any = None

    def __attrs_post_init__(self) -> None:
        rules = self.__pat_rules__
        if rules is not None:
            for steps, message in rules(self):
                msg = f"{type(self).__name__}{attribute_path(steps)}: {message}"
                raise ValueError(msg)


_FIELDS: dict[type, tuple[Field, ...]] = {}


def fields_of(cls: type) -> tuple[Field, ...]:
    """Return the fields of a model *cls*, ``extra`` last."""
    fields = _FIELDS.get(cls)
    if fields is None:
        if not all("field" in a.metadata for a in attrs.fields(cls)):
            msg = f"{cls.__name__} adds fields to a pat_models class, which reads only its own"
            raise TypeError(msg)
        fields = _FIELDS[cls] = tuple(a.metadata["field"] for a in attrs.fields(cls))
    return fields


def fields_of_object(obj: object) -> tuple[Field, ...]:
    """
    Return the fields of *obj*'s model, for a helper that takes any model object.

    Raises:
        TypeError: *obj* is not a pat_models object, the caller's mistake.
    """
    if not is_model(type(obj)):
        msg = f"expected a pat_models object, got {type(obj).__name__}"
        raise TypeError(msg)
    return fields_of(type(obj))


def checked(cls: type, attributes: list[attrs.Attribute[Any]]) -> list[attrs.Attribute[Any]]:
    """Give each field of *cls* its facts and the converter that checks it (a field transformer)."""
    reserved = frozenset(wire_name(a.name) for a in attributes if a.name != EXTRA)
    checked = []
    for attribute in attributes:
        field = Field(attribute)
        own: Check | None = attribute.converter  # type: ignore[assignment]  # a plain function
        if attribute.name == EXTRA:
            convert = _extra_converter(cls.__name__, own, reserved)
        else:
            convert = _converter(cls.__name__, field, own)
        checked.append(
            attribute.evolve(converter=convert, metadata={**attribute.metadata, "field": field})
        )
    return checked


def _converter(owner: str, field: Field, own: Check | None) -> Check:
    """
    Return what checks a value of *field* as a model is built: the first fault raises.

    The field's own converter (``attrs.field(converter=...)``, which also
    tells type checkers what ``__init__`` takes) runs first.
    """
    label, check, item, rules = f"{owner}.{field.name}", field.check, field.item, field.rules
    optional, nullable = field.optional, field.nullable

    def convert(value: Any) -> Any:
        if (value is ABSENT and optional) or (value is None and nullable):
            return value
        try:
            if own is not None:
                value = own(value)
            if check is not None and item is None:
                value = check(value)
        except (TypeError, ValueError) as error:
            raise _fault(label, field, error, value) from None
        if check is not None and item is not None:
            value = _check_items(label, field, check, value)
        if rules:
            for steps, message in field.violations(value):
                msg = f"{owner}{attribute_path(steps)}: {message}"
                raise ValueError(msg)
        return value

    return convert


def _check_items(label: str, field: Field, check: Check, values: Iterable[Any]) -> tuple[Any, ...]:
    items = []
    for index, value in enumerate(values):
        try:
            items.append(check(value))
        except (TypeError, ValueError) as error:
            where = f"{label}[{index}]"
            raise _fault(where, field, error, value) from None
    return tuple(items)


def _fault(label: str, field: Field, error: Exception, value: object) -> Exception:
    """Return *error*, raised by a check of *value*, as it is raised to whoever built the model."""
    if error.args:
        return type(error)(f"{label}: {error}")
    if isinstance(error, ValueError):  # a closed enum's other value
        return ValueError(f"{label}: expected {field.wire}")
    return TypeError(f"{label}: expected {field.python}, got {type(value).__name__}")


def _extra_converter(owner: str, own: Check | None, reserved: frozenset[str]) -> Check:
    label = f"{owner}.{EXTRA}"

    def convert(extra: Any) -> Any:
        if extra is EMPTY:
            return extra
        try:
            extra = own(extra) if own is not None else extra
        except (TypeError, ValueError) as error:
            msg = f"{label}: {error}"
            raise type(error)(msg) from None
        taken = ", ".join(repr(key) for key in extra if key in reserved)
        if "," in taken:
            msg = f"{label}: {taken} are the wire names of fields; set the fields instead"
            raise ValueError(msg)
        if taken:
            msg = f"{label}: {taken} is the wire name of a field; set the field instead"
            raise ValueError(msg)
        return extra

    return convert


def type_name(tp: object) -> str:
    """
    Name what was passed where a type was expected, for a caller's error.

    A type or a type expression is named as it is written; anything else
    only by its type, for it may be the document itself, secret and all.
    """
    if isinstance(tp, type):
        return tp.__name__
    if tp is None or typing.get_origin(tp) is not None:
        return repr(tp)
    return a_type(tp)


def is_model(tp: object) -> bool:
    """Tell whether *tp* is a model class: the converter owns those, and no others."""
    return isinstance(tp, type) and issubclass(tp, Model) and hasattr(tp, "__attrs_attrs__")


def is_model_sequence(tp: object) -> bool:
    """Tell whether *tp* is ``list[Model]`` or ``tuple[Model, ...]``, a document of models."""
    origin, args = typing.get_origin(tp), typing.get_args(tp)
    if origin is list and len(args) == 1:
        return is_model(args[0])
    return origin is tuple and len(args) == 2 and args[1] is ... and is_model(args[0])  # noqa: PLR2004
