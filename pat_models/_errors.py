"""
The one error pat_models raises for bad input, and the wire paths it speaks.
"""

from __future__ import annotations

import decimal
import json
import re
import typing
from collections.abc import Callable, Iterable
from typing import Any, TypeVar

_T = TypeVar("_T")

Problem = tuple[str, str]
"""A wire path such as ``$.owner.id``, and what is wrong there."""


class ValidationError(ValueError):
    """
    Input that is not a valid wire document of the requested type.

    Raised for every rejection: malformed JSON text, a wrong type, a missing
    key, a bad timestamp, a broken rule.  The message lists every problem
    found, each with its wire path; it names JSON types but never repeats
    an input value, so a secret cannot leak through it or through anything
    chained to it.

    Attributes:
        problems: ``(path, message)`` pairs in document order, the path in
            the JSONPath form ``$.scope[1]`` that names wire keys.
        type_name: The name of the type that was being read, if any.
    """

    problems: tuple[Problem, ...]
    type_name: str | None

    def __init__(self, problems: Iterable[Problem], type_name: str | None = None) -> None:
        self.problems = tuple(problems)
        self.type_name = type_name
        super().__init__(self._message())

    def _message(self) -> str:
        what = f"invalid {self.type_name}" if self.type_name else "invalid input"
        if len(self.problems) == 1:
            path, message = self.problems[0]
            return f"{what}: {path}: {message}"
        lines = [f"{what}: {len(self.problems)} problems"]
        lines += [f"  {path}: {message}" for path, message in self.problems]
        return "\n".join(lines)

    def __reduce__(self) -> tuple[type[ValidationError], tuple[tuple[Problem, ...], str | None]]:
        return (type(self), (self.problems, self.type_name))


def rerooted(prefix: str, error: ValidationError) -> list[Problem]:
    """Return *error*'s problems as seen from a document that holds it at *prefix*."""
    return [(prefix + path[1:], message) for path, message in error.problems]


def each(
    fn: Callable[[Any], _T],
    items: list[Any] | tuple[Any, ...],
    *,
    expected: str,
    type_name: str | None = None,
) -> list[_T]:
    """
    Return *fn* of every item, or raise one error with every item's problems.

    The fast pass stops at the first fault; only then does a second pass
    collect the problems of all items, each at its index (``$[3].owner.id``).
    A plain `TypeError` or `ValueError` is told as `fault` tells it.
    """
    try:
        return [fn(item) for item in items]
    except (TypeError, ValueError):
        pass
    problems = []
    for index, item in enumerate(items):
        try:
            fn(item)
        except ValidationError as error:
            problems += rerooted(f"$[{index}]", error)
        except (TypeError, ValueError) as error:
            problems.append((f"$[{index}]", fault(error, item, expected)))
    raise ValidationError(problems, type_name)


def fault(error: Exception, value: object, expected: str) -> str:
    """Say what is wrong with *value*, read where *expected* was, as its check raised *error*."""
    return str(error) if error.args else f"expected {expected}, got {json_type(value)}"


_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*", re.ASCII)


def key_path(parent: str, key: str) -> str:
    """
    Return the path of *key* in the object at *parent*: ``$.id`` or ``$["a b"]``.

    A key longer than `MAX_KEY` is cut short, so that a message stays a line.
    """
    if len(key) > MAX_KEY:
        return f"{parent}[{json.dumps(key[:MAX_KEY])}…]"
    if _NAME.fullmatch(key):
        return f"{parent}.{key}"
    return f"{parent}[{json.dumps(key)}]"


MAX_KEY = 64


def json_type(value: object) -> str:
    """Name the JSON type of *value*, for messages that must not show it."""
    if isinstance(value, decimal.Decimal) and value.as_tuple().exponent == 0:
        return "integer of more digits than Python reads as an int"
    return _JSON_TYPES.get(type(value), type(value).__name__)


_JSON_TYPES = {
    type(None): "null",
    bool: "boolean",
    int: "integer",
    float: "number",
    decimal.Decimal: "number",
    str: "string",
    list: "array",
    tuple: "array",
    dict: "object",
}


def a_type(value: object) -> str:
    """Name the type of *value* with its article, for a caller's error: ``an int``, ``a str``."""
    name = type(value).__name__
    return f"{'an' if name[0] in 'aeiouAEIO' else 'a'} {name}"


def check_choice(name: str, value: object, choices: Any) -> None:
    """
    Refuse a *value* of the option *name* that is not one of *choices*, a `typing.Literal`.

    Raises:
        ValueError: *value* is not one of them, the caller's mistake.
    """
    allowed = typing.get_args(choices)
    if value not in allowed:
        msg = f"{name} must be one of {', '.join(map(repr, allowed))}, not {value!r}"
        raise ValueError(msg)
