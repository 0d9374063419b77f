"""
The models' field types taken apart, for everything derived from them.

The annotations of the models are the one statement of what each field holds.
The checks a model runs as it is built, the converter's generated functions
and the JSON Schema all read them through `Shape`, so the three cannot
disagree about a field.
"""

from __future__ import annotations

import enum
import types
import typing
from typing import Any, Union

from ._absent import Absent
from ._frozen import JsonValue

EXTRA = "extra"
"""The field that holds the keys a model does not know."""

SCALARS: dict[Any, str] = {str: "a string", int: "an integer", bool: "a boolean"}
"""The scalar field types, and how a message names them."""


def wire_name(attribute: str) -> str:
    """Return the camelCase wire key of a snake_case attribute name (``from_`` is ``from``)."""
    head, *rest = attribute.split("_")  # from_: the word after the last _ is empty
    return head + "".join(word.capitalize() for word in rest)


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
