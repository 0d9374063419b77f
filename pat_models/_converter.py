"""
The wire format, owned by one cattrs converter.

`configure_converter` teaches a cattrs converter the PAT API's JSON: camelCase
keys, millisecond UTC timestamps, strict scalars, absent keys distinct from
``null``, unknown keys kept.  The models stay plain attrs classes.

Each model gets a structuring and an unstructuring function generated from
its fields' facts (`_fields.Field`), as cattrs generates its own.  Reading a
field runs the same check that building it runs, but on every field, so that
a failure is described in full (every problem, with its wire path) in one
pass.  To read one: ``print(inspect.getsource(converter.get_structure_hook(PatOwner)))``.
"""

from __future__ import annotations

import itertools
import linecache
import typing
import weakref
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Literal

import attrs
import pendulum

from ._absent import ABSENT
from ._errors import (
    Problem,
    ValidationError,
    check_choice,
    each,
    fault,
    json_type,
    key_path,
    rerooted,
)
from ._fields import EXTRA, KEPT, Field, fields_of, is_model, is_model_sequence, wire_path
from ._timestamps import SubMillisecond, format_timestamp, parse_timestamp
from ._values import EMPTY, FrozenDict, JsonValue, freeze, plain_text, thaw

if TYPE_CHECKING:
    import cattrs

UnknownKeys = Literal["keep", "ignore", "forbid"]
Nulls = Literal["tolerate", "reject"]

OURS = "_pat_models_ours"
"""Marks the hooks pat_models makes: they take the value alone, and need no model check after."""


def make_converter(
    *,
    extra: UnknownKeys = "keep",
    sub_millisecond: SubMillisecond = "truncate",
    null: Nulls = "tolerate",
) -> cattrs.Converter:
    """
    Return a new cattrs converter that speaks the PAT API's wire format.

    Args:
        extra: What to do with keys a model does not know, as for
            `configure_converter`.
        sub_millisecond: What to do with timestamps finer than a
            millisecond, as for `configure_converter`.
        null: What to do with ``null`` in a key the spec leaves optional
            but does not call nullable, as for `configure_converter`.
    """
    # Imported here, not at the top: cattrs takes longer to import than the rest
    # of pat_models, and a program that only builds models never needs it.
    import cattrs  # noqa: PLC0415

    converter = cattrs.Converter()
    configure_converter(converter, extra=extra, sub_millisecond=sub_millisecond, null=null)
    return converter


def configure_converter(
    converter: cattrs.BaseConverter,
    *,
    extra: UnknownKeys = "keep",
    sub_millisecond: SubMillisecond = "truncate",
    null: Nulls = "tolerate",
) -> None:
    """
    Teach *converter* the PAT API's wire format for the pat_models classes.

    Only hooks for the pat_models classes, sequences of them and
    `pendulum.DateTime` are registered; the host's other hooks are untouched.
    The wire decisions:

    - Keys are camelCase (``accessTokenValiditySeconds``), attributes
      snake_case; a trailing underscore is dropped (``from_`` is ``from``).
    - Scalars are strict: a string is only a string, an integer only an
      integer (not ``true``, not ``3.0``, not ``"3"``), a boolean only a
      boolean, and ``null`` only where the API allows it.
    - A key the API may leave out is `ABSENT` when it is missing, and stays
      missing when written; ``null`` stays ``null``.
    - Timestamps are written ``YYYY-MM-DDTHH:MM:SS.mmmZ`` in UTC, and read as
      any RFC 3339 date-time with ``Z`` or a numeric offset.
    - Errors are `ValidationError`, with every problem and its wire path.

    Raises:
        TypeError: *converter* is not a cattrs converter.
        ValueError: an option is none of its choices.

    Args:
        converter: The converter to configure.
        extra: Keys a model does not know are kept in its ``extra`` and
            written back (``"keep"``, the default: the API's schema grows),
            dropped (``"ignore"``), or an error (``"forbid"``).
        sub_millisecond: Fraction digits past the millisecond are dropped
            (``"truncate"``, the default, as a server with millisecond clocks
            does) or an error (``"reject"``).  Zeros there are always fine.
        null: ``null`` in a key the spec leaves optional but does not call
            nullable (the fields marked `SERVER_NULL`) reads as `None`
            (``"tolerate"``, the default: the server sends it) or is an
            error (``"reject"``).
    """
    import cattrs  # noqa: PLC0415 - the caller has imported it already

    if not isinstance(converter, cattrs.BaseConverter):
        msg = f"expected a cattrs converter, got {type(converter).__name__}"
        raise TypeError(msg)
    check_choice("extra", extra, UnknownKeys)
    check_choice("sub_millisecond", sub_millisecond, SubMillisecond)
    check_choice("null", null, Nulls)

    def parse_strictly(value: object, _type: object = None) -> pendulum.DateTime:
        return parse_timestamp(value, sub_millisecond="reject")

    structure_timestamp = parse_strictly if sub_millisecond == "reject" else parse_timestamp
    setattr(structure_timestamp, OURS, True)

    converter.register_structure_hook(pendulum.DateTime, structure_timestamp)
    converter.register_unstructure_hook(pendulum.DateTime, format_timestamp)
    register_json_hooks(converter, structure=json_value, unstructure=thaw)
    converter.register_structure_hook_factory(
        is_model, lambda cls: _structure_fn(cls, converter, extra, null)
    )
    converter.register_unstructure_hook_factory(
        is_model, lambda cls: _unstructure_fn(cls, converter)
    )
    converter.register_structure_hook_factory(
        is_model_sequence, lambda tp: _sequence_fn(tp, converter)
    )


def register_json_hooks(
    converter: cattrs.BaseConverter,
    *,
    structure: Callable[..., JsonValue],
    unstructure: Callable[[JsonValue], Any],
) -> None:
    """
    Register how *converter* reads and writes open-ended JSON values (`JsonValue`).

    Both take the value alone: the fields that hold such values, and the
    unknown keys, call them.
    """
    setattr(structure, OURS, True)
    converter.register_structure_hook_func(lambda tp: tp is JsonValue, structure)
    converter.register_unstructure_hook_func(lambda tp: tp is JsonValue, unstructure)


def json_value(value: object, _type: object = None) -> JsonValue:
    try:
        return freeze(value)
    except TypeError as error:  # a value no JSON text makes: structure() of a dict built in Python
        raise ValueError(str(error)) from None


def _structure_fn(
    cls: type, converter: cattrs.BaseConverter, extra: UnknownKeys, null: Nulls
) -> Any:
    """
    Generate the function that builds a *cls* from its wire dict.

    It reads each field with the field's check and sets the slots directly:
    the values are checked already, and ``__init__`` would check them again.
    At the first fault it stops, and `_problems` reads the dict again to name
    every problem with its wire path.
    """
    fields = [field for field in fields_of(cls) if field.name != EXTRA]
    readers = {field.name: _reader(field, cls, converter) for field in fields}
    read_unknown = _unknown_keys_fn(
        extra, _hook(converter, JsonValue, freeze), frozenset(field.key for field in fields)
    )
    refuse_null = null == "reject"
    namespace: dict[str, Any] = {
        "cls": cls,
        "name": cls.__name__,
        "new": object.__new__,
        "ABSENT": ABSENT,
        "MISSING": _MISSING,
        "EMPTY": EMPTY,
        "ValidationError": ValidationError,
        "json_type": json_type,
        "wire_path": wire_path,
        "read_unknown": read_unknown,
        "problems": lambda d: _problems(d, fields, readers, read_unknown, refuse_null),
        "rules": cls.__pat_rules__,  # type: ignore[attr-defined]
    }
    lines = [
        "def structure(d, _=None):",
        "  if type(d) is not dict:",
        "    if not isinstance(d, dict):",
        "      raise ValidationError([('$', 'expected an object, got ' + json_type(d))], name)",
        # A copy of what it holds: a subclass may answer d[key], len(d) and
        # iter(d) in its own way, and dict's own items() reads past them.
        "    d = dict(dict.items(d))",
        "  o = new(cls)",
        "  try:",
        # How many keys of d are known; d has no others when this is len(d).
        f"    found = {sum(not field.optional for field in fields)}",
    ]
    for field in fields:
        namespace[f"read_{field.name}"] = readers[field.name]
        namespace[f"set_{field.name}"] = getattr(cls, field.name).__set__
        read = [f"v = read_{field.name}(v)"]
        kept = KEPT.get(field.check)  # type: ignore[arg-type]
        if kept is not None and field.item is None:
            read = [f"if not ({kept.format(v='v')}):", *_indented(read)]
        elif kept is not None:
            read = [
                "if type(v) is list:",
                "  for x in v:",
                f"    if not ({kept.format(v='x')}):",
                *_indented(read, 6),
                "      break",
                "  else:",
                "    v = tuple(v)",
                "else:",
                *_indented(read),
            ]
        if field.rules:
            namespace[f"violations_{field.name}"] = field.violations
            read += [f"for _ in violations_{field.name}(v):", "  raise ValueError"]
        if field.nullable and field.server_null and refuse_null:
            read = ["if v is None:", "  raise TypeError", *read]
        elif field.nullable:
            read = ["if v is not None:", *_indented(read)]
        if field.optional:
            read = [f"v = d.get({field.key!r}, MISSING)", "if v is MISSING:", "  v = ABSENT",
                    "else:", "  found += 1", *_indented(read)]  # fmt: skip
        else:
            read = [f"v = d[{field.key!r}]", *read]
        lines += _indented([*read, f"set_{field.name}(o, v)"], 4)
    namespace["set_extra"] = getattr(cls, EXTRA).__set__
    lines += [
        "    set_extra(o, EMPTY if found == len(d) else read_unknown(d))",
        "  except (KeyError, TypeError, ValueError):",
        "    pass",  # raised outside the handler, so that no error of a value is chained to it
        "  else:",
    ]
    if cls.__pat_rules__ is not None:  # type: ignore[attr-defined]
        lines += [
            "    broken = [(wire_path(steps), text) for steps, text in rules(o)]",
            "    if broken:",
            "      raise ValidationError(broken, name)",
        ]
    lines += ["    return o", "  raise ValidationError(problems(d), name)"]
    structure = _compile(lines, namespace, "structure", cls)
    setattr(structure, OURS, True)
    return structure


def _indented(lines: list[str], by: int = 2) -> list[str]:
    return [" " * by + line for line in lines]


def _problems(
    d: dict[str, Any],
    fields: list[Field],
    readers: dict[str, Callable[[Any], Any]],
    read_unknown: Callable[[dict[str, Any]], Any],
    refuse_null: bool,
) -> list[Problem]:
    """Name every problem of the wire dict *d*, each at its wire path: what a fault reads again."""
    problems: list[Problem] = []
    for field in fields:
        path, value = key_path("$", field.key), d.get(field.key, _MISSING)
        if value is _MISSING:
            if not field.optional:
                problems.append((path, "missing required key"))
        elif value is None and field.nullable:
            if field.server_null and refuse_null:
                problems.append((path, _NULL_REFUSED))
        else:
            try:
                value = readers[field.name](value)
            except ValidationError as error:
                problems += rerooted(path, error)
            except (TypeError, ValueError) as error:
                problems.append((path, fault(error, value, field.expected())))
            else:
                problems += [(wire_path(steps), text) for steps, text in field.violations(value)]
    try:
        read_unknown(d)
    except ValidationError as error:
        problems += error.problems
    return problems


def _reader(field: Field, cls: type, converter: cattrs.BaseConverter) -> Callable[[Any], Any]:
    """Return what reads the wire value of *field* (not absent, not null) as the model holds it."""
    tp = field.item or field.core
    if field.check is not None and not is_model(tp):
        read = field.check  # a scalar or an enum: the check that building runs
    else:  # a model, a timestamp or a JSON value: what the converter reads it with
        # What a host's own hook returns is checked as if it were built.
        settle = field.check if field.item else attrs.fields_dict(cls)[field.name].converter
        read = _hook(converter, tp, settle)  # type: ignore[arg-type]
    if field.item is None:
        return read

    def read_array(value: object) -> tuple[Any, ...]:
        if type(value) is not list and type(value) is not tuple:
            raise TypeError
        return tuple(each(read, value, expected=field.wire))

    return read_array


def _hook(
    converter: cattrs.BaseConverter, tp: Any, settle: Callable[[Any], Any] | None = None
) -> Callable[[Any], Any]:
    """
    Return what reads a *tp* with *converter*'s hook, taking the value alone.

    One of ours is returned as it is.  A host's own is called with the type,
    what it returns is passed to *settle*, and whatever it raises is told in
    words of ours: its own may quote the value.
    """
    hook = converter.get_structure_hook(tp)
    if getattr(hook, OURS, False):
        return hook  # type: ignore[return-value]
    what = tp.__name__ if isinstance(tp, type) else "JSON values"
    refused = f"refused by the converter's own hook for {what}"

    def read_by_host(value: object) -> Any:
        try:
            produced = hook(value, tp)
        except ValidationError:
            raise
        except Exception:  # noqa: BLE001 - any failure of a hook not ours is the value's
            produced = ABSENT
        if produced is ABSENT:  # its failure, or a key it says was not sent
            raise ValueError(refused)  # out of the handler: nothing of its error is chained
        return produced if settle is None else settle(produced)

    return read_by_host


def _unknown_keys_fn(
    extra: UnknownKeys, read_value: Callable[[Any], Any], known: frozenset[str]
) -> Callable[[dict[str, Any]], Any]:
    """Return what a generated function calls when a dict has keys it does not know."""

    def read_unknown(d: dict[str, Any]) -> Any:
        keys = [key for key in d if key not in known]
        if strays := [key for key in keys if type(key) is not str]:  # a dict built in Python
            kinds = ", ".join(sorted({type(key).__name__ for key in strays}))
            raise ValidationError([("$", f"JSON object keys are strings, not {kinds}")])
        if not keys or extra == "ignore":
            return EMPTY
        if extra == "forbid":
            raise ValidationError([(key_path("$", key), "unknown key") for key in keys])
        kept, problems = {}, []
        for key in keys:
            value = d[key]
            try:
                name = plain_text(key)
            except ValueError as error:
                problems.append((key_path("$", key), f"the key {error}"))
                continue
            try:
                kept[name] = read_value(value)
            except (TypeError, ValueError) as error:
                problems.append((key_path("$", key), fault(error, value, "a JSON value")))
        if problems:
            raise ValidationError(problems)
        return FrozenDict(kept)

    return read_unknown


def _sequence_fn(tp: Any, converter: cattrs.BaseConverter) -> Any:
    """Return the hook for a ``list[Model]`` or ``tuple[Model, ...]`` document."""
    item = typing.get_args(tp)[0]
    out = typing.get_origin(tp)
    structure_item = _hook(converter, item)
    name = f"{out.__name__}[{item.__name__}]"

    def structure_sequence(value: object, _: object = None) -> Any:
        if type(value) is not list and type(value) is not tuple:
            problem = f"expected an array, got {json_type(value)}"
            raise ValidationError([("$", problem)], name)
        return out(each(structure_item, value, expected="an object", type_name=name))

    setattr(structure_sequence, OURS, True)
    return structure_sequence


def _unstructure_fn(cls: type, converter: cattrs.BaseConverter) -> Any:
    """
    Generate the function that writes a *cls* as its wire dict.

    It checks nothing: every instance holds only what the wire carries and
    keeps the API's rules (`_fields`, `_rules`), however it was made.
    """
    namespace: dict[str, Any] = {
        "ABSENT": ABSENT,
        "EMPTY": EMPTY,
        "thaw": converter.get_unstructure_hook(JsonValue),
    }
    lines = ["def unstructure(o):", "  wire = {}"]
    for field in fields_of(cls):
        if field.name == EXTRA:
            continue
        value = _unstructure_expr(field, converter, namespace)
        if field.nullable:
            value = f"None if v is None else {value}"
        lines += [f"  v = o.{field.name}"]
        if field.optional:
            lines += ["  if v is not ABSENT:", f"    wire[{field.key!r}] = {value}"]
        else:
            lines += [f"  wire[{field.key!r}] = {value}"]
    lines += [
        "  if o.extra is not EMPTY:",  # an empty FrozenDict of its own writes nothing
        "    for key, v in o.extra.items():",
        "      wire[key] = thaw(v)",
        "  return wire",
    ]
    unstructure = _compile(lines, namespace, "unstructure", cls)
    setattr(unstructure, OURS, True)
    return unstructure


def _unstructure_expr(
    field: Field, converter: cattrs.BaseConverter, namespace: dict[str, Any]
) -> str:
    """Return the expression that writes the value ``v`` of *field*."""
    tp = field.item or field.core
    if tp in (str, int, bool):
        return "list(v)" if field.item else "v"
    if field.check is not None and not is_model(tp):  # an enum member, or an open enum's str
        # _value_, not value: the property is ten times as slow as the attribute.
        return "v if type(v) is str else v._value_"
    hook = f"unstructure_{field.name}"
    namespace[hook] = converter.get_unstructure_hook(tp)
    return f"[{hook}(x) for x in v]" if field.item else f"{hook}(v)"


_NULL_REFUSED = "null, which the spec does not allow here"

# A key not in a dict; not ABSENT, which a dict built in Python may hold, and
# which is then read as any other value that is not JSON.
_MISSING: Any = object()

_GENERATED = itertools.count(1)


def _compile(lines: list[str], namespace: dict[str, Any], kind: str, cls: type) -> Any:
    """
    Compile a generated function, its source kept where tracebacks and `inspect` find it.

    Each gets a file name of its own, as each converter generates its own, and
    its source is forgotten with it.
    """
    name = f"{kind}_{cls.__name__}"
    source = "\n".join([lines[0].replace(f"def {kind}(", f"def {name}(", 1), *lines[1:]]) + "\n"
    filename = f"<pat_models generated {name} #{next(_GENERATED)}>"
    exec(compile(source, filename, "exec"), namespace)  # noqa: S102
    linecache.cache[filename] = (len(source), None, source.splitlines(True), filename)
    fn = namespace[name]
    fn.__module__ = __name__
    weakref.finalize(fn, linecache.cache.pop, filename, None)
    return fn
