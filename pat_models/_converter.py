"""
The wire format, owned by one cattrs converter.

`configure_converter` teaches a cattrs converter the PAT API's JSON: camelCase
keys, millisecond UTC timestamps, strict scalars, absent keys distinct from
``null``, unknown keys kept.  The models stay plain attrs classes.

Each model gets a structuring and an unstructuring function generated for it,
as cattrs generates its own: the checks are inlined, so the success path costs
little more than building the objects by hand, and a failure is described in
full (every problem, with its wire path) in the same single pass.
"""

from __future__ import annotations

import linecache
import typing
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any, Literal

import attrs
import pendulum

from . import _models
from ._absent import ABSENT
from ._datetime import SubMillisecond, format_timestamp, parse_timestamp
from ._errors import Problem, ValidationError, each, json_type, key_path, rerooted
from ._frozen import (
    EMPTY,
    SMALL_BITS,
    FrozenDict,
    JsonValue,
    freeze,
    integer_problem,
    text_problem,
)
from ._jsontext import WireFloat
from ._models import RULES
from ._shapes import EXTRA, SCALARS, Shape, wire_name

if TYPE_CHECKING:
    import cattrs

UnknownKeys = Literal["keep", "ignore", "forbid"]

OURS = "_pat_models_ours"
"""
Marks the hooks pat_models makes: they take the value alone, a structure
hook's result needs no model converter, and an unstructure hook's work may
be inlined.
"""


def make_converter(
    *, extra: UnknownKeys = "keep", sub_millisecond: SubMillisecond = "truncate"
) -> cattrs.Converter:
    """
    Return a new cattrs converter that speaks the PAT API's wire format.

    Args:
        extra: What to do with keys a model does not know, as for
            `configure_converter`.
        sub_millisecond: What to do with timestamps finer than a
            millisecond, as for `configure_converter`.
    """
    # Imported here, not at the top: cattrs takes longer to import than the rest
    # of pat_models, and a program that only builds models never needs it.
    import cattrs  # noqa: PLC0415

    converter = cattrs.Converter()
    configure_converter(converter, extra=extra, sub_millisecond=sub_millisecond)
    return converter


def configure_converter(
    converter: cattrs.BaseConverter,
    *,
    extra: UnknownKeys = "keep",
    sub_millisecond: SubMillisecond = "truncate",
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

    Args:
        converter: The converter to configure.
        extra: Keys a model does not know are kept in its ``extra`` and
            written back (``"keep"``, the default: the API's schema grows),
            dropped (``"ignore"``), or an error (``"forbid"``).
        sub_millisecond: Fraction digits past the millisecond are dropped
            (``"truncate"``, the default, as a server with millisecond clocks
            does) or an error (``"reject"``).  Zeros there are always fine.
    """
    if extra not in ("keep", "ignore", "forbid"):
        msg = f"extra must be 'keep', 'ignore' or 'forbid', not {extra!r}"
        raise ValueError(msg)
    if sub_millisecond not in ("truncate", "reject"):
        msg = f"sub_millisecond must be 'truncate' or 'reject', not {sub_millisecond!r}"
        raise ValueError(msg)

    def parse_strictly(value: object, _type: object = None) -> pendulum.DateTime:
        return parse_timestamp(value, sub_millisecond="reject")

    setattr(parse_strictly, OURS, True)
    structure_timestamp = parse_strictly if sub_millisecond == "reject" else parse_timestamp

    converter.register_structure_hook(pendulum.DateTime, structure_timestamp)
    converter.register_unstructure_hook(pendulum.DateTime, format_timestamp)
    converter.register_structure_hook_factory(
        is_model, lambda cls: _structure_fn(cls, converter, extra)
    )
    converter.register_unstructure_hook_factory(
        is_model, lambda cls: _unstructure_fn(cls, converter)
    )
    converter.register_structure_hook_factory(
        is_model_sequence, lambda tp: _sequence_fn(tp, converter)
    )


def is_model(tp: object) -> bool:
    """Tell whether *tp* is a pat_models class: this converter owns those, and no others."""
    return isinstance(tp, type) and attrs.has(tp) and tp.__module__ == _models.__name__


def is_model_sequence(tp: object) -> bool:
    """Tell whether *tp* is ``list[Model]`` or ``tuple[Model, ...]``, a document of models."""
    origin, args = typing.get_origin(tp), typing.get_args(tp)
    if origin is list and len(args) == 1:
        return is_model(args[0])
    return origin is tuple and len(args) == 2 and args[1] is ... and is_model(args[0])  # noqa: PLR2004


def wire_path(steps: tuple[str | int, ...]) -> str:
    """Return the wire path of attributes: ``("patch", 1, "from_")`` is ``$.patch[1].from``."""
    path = "$"
    for step in steps:
        path = f"{path}[{step}]" if isinstance(step, int) else key_path(path, wire_name(step))
    return path


def _structure_fn(cls: type, converter: cattrs.BaseConverter, extra: UnknownKeys) -> Any:
    """Generate the function that builds a *cls* from its wire dict."""
    fields = [field for field in attrs.fields(cls) if field.name != EXTRA]
    has_extra = len(fields) < len(attrs.fields(cls))
    names = {field.name: wire_name(field.name) for field in fields}
    namespace: dict[str, Any] = {
        "_cls": cls,
        "_name": cls.__name__,
        "ABSENT": ABSENT,
        "EMPTY": EMPTY,
        "ValidationError": ValidationError,
        "_jt": json_type,
        "_reroot": rerooted,
        "_known": frozenset(names.values()),
        "_unknown": _unknown_keys_fn(extra if has_extra else "ignore"),
        "_rules": _rules_fn(cls),
        "_tp": text_problem,
        "_ip": integer_problem,
    }
    lines = [
        "def structure(d, _=None):",
        "  if type(d) is not dict:",
        "    raise ValidationError([('$', 'expected an object, got ' + _jt(d))], _name)",
        "  p = []",
        f"  n = {sum(1 for field in fields if not Shape.of(field.type).optional)}",
    ]
    for i, field in enumerate(fields):
        shape = Shape.of(field.type)
        key, var = names[field.name], f"f{i}"
        namespace[f"P{i}"] = key_path("$", key)
        if shape.optional:
            lines += [
                f"  {var} = d.get({key!r}, ABSENT)",
                f"  if {var} is not ABSENT:",
                "    n += 1",
            ]
        else:
            lines += [
                "  try:",
                f"    {var} = d[{key!r}]",
                "  except KeyError:",
                f"    p.append((P{i}, 'missing required key'))",
                "  else:",
            ]
        check = _structure_check(field, shape, i, converter, namespace)
        if shape.nullable:
            check = [f"if {var} is not None:", *("  " + line for line in check)]
        lines += ["    " + line for line in check]
    # The values are checked and normalized already: setting the slots
    # directly skips __init__'s converters, a third of the cost of a model.
    namespace["_new"] = object.__new__
    lines += [
        "  x = EMPTY if len(d) == n and not p else _unknown(d, _known, p)",
        "  if p:",
        "    raise ValidationError(p, _name)",
        "  o = _new(_cls)",
    ]
    variables = {field.name: f"f{i}" for i, field in enumerate(fields)} | {EXTRA: "x"}
    for field in attrs.fields(cls):
        namespace[f"S_{field.name}"] = cls.__dict__[field.name].__set__
        lines += [f"  S_{field.name}(o, {variables[field.name]})"]
    if namespace["_rules"] is not None:
        lines += ["  p = _rules(o)", "  if p:", "    raise ValidationError(p, _name)"]
    lines += ["  return o"]
    structure = _compile(lines, namespace, "structure", cls)
    setattr(structure, OURS, True)
    return structure


def _structure_check(
    field: attrs.Attribute[Any],
    shape: Shape,
    i: int,
    converter: cattrs.BaseConverter,
    namespace: dict[str, Any],
) -> list[str]:
    """Return the lines that check and convert the value of field *i*, in ``f{i}``."""
    var = f"f{i}"
    namespace[f"W{i}"] = f"expected {shape.expected()}, got "
    wrong = f"p.append((P{i}, W{i} + _jt({var})))"
    # What JSON text cannot carry comes only from dicts built in Python:
    # a string with a surrogate pair in it, an integer of thousands of digits.
    text = [f"elif not {var}.isascii() and _tp({var}):", f"  p.append((P{i}, _tp({var})))"]
    if shape.core is str:
        return [f"if type({var}) is not str:", f"  {wrong}", *text]
    if shape.core is int:
        return [
            f"if type({var}) is not int:",
            f"  {wrong}",
            f"elif {var}.bit_length() > {SMALL_BITS} and _ip({var}):",
            f"  p.append((P{i}, _ip({var})))",
        ]
    if shape.core is bool:
        return [f"if type({var}) is not bool:", f"  {wrong}"]
    if (known := shape.enum) is not None:
        namespace[f"E{i}"] = known._value2member_map_
        if shape.open:
            return [
                f"if type({var}) is not str:",
                f"  {wrong}",
                *text,
                "else:",
                f"  {var} = E{i}.get({var}, {var})",
            ]
        test = f"if type({var}) is str and {var} in E{i}:"
        return [test, f"  {var} = E{i}[{var}]", "else:", f"  {wrong}"]
    if shape.sequence_of is str:
        namespace[f"H{i}"] = _string_array
        call = f"H{i}({var})"
    elif shape.core is JsonValue:
        namespace[f"H{i}"] = _json_value
        call = f"H{i}({var})"
    else:
        hook = converter.get_structure_hook(shape.core)
        namespace[f"H{i}"] = hook
        call = f"H{i}({var})"  # ours need no type: one argument less to pass
        if hook is not parse_timestamp and not getattr(hook, OURS, False):
            # A host's own hook: the model checks and normalizes what it returns.
            namespace[f"T{i}"] = shape.core
            call = f"H{i}({var}, T{i})"
            if field.converter is not None:
                namespace[f"C{i}"] = field.converter
                call = f"C{i}({call})"
    return [
        "try:",
        f"  {var} = {call}",
        "except ValidationError as e:",
        f"  p.extend(_reroot(P{i}, e))",
        "except (TypeError, ValueError) as e:",
        f"  p.append((P{i}, str(e)))",
    ]


def _rules_fn(cls: type) -> Callable[[Any], list[Problem]] | None:
    """Return the check of *cls*'s rules, reporting wire paths, if it has any."""
    rules = RULES.get(cls)
    if rules is None:
        return None
    return lambda obj: [(wire_path(steps), message) for steps, message in rules(obj)]


def _unknown_keys_fn(
    extra: UnknownKeys,
) -> Callable[[dict[str, Any], frozenset[str], list[Problem]], Any]:
    """Return what a generated function calls when a dict has keys it does not know."""

    def unknown(d: dict[str, Any], known: frozenset[str], problems: list[Problem]) -> Any:
        keys = [key for key in d if key not in known]
        if not keys or extra == "ignore":
            return EMPTY
        if extra == "forbid":
            problems += [(key_path("$", key), "unknown key") for key in keys]
            return EMPTY
        kept = {}
        for key in keys:
            try:
                kept[key] = _json_value(d[key])
            except ValueError as error:
                problems.append((key_path("$", key), str(error)))
        return FrozenDict(kept)

    return unknown


def _string_array(value: Any) -> tuple[str, ...]:
    if type(value) is not list and type(value) is not tuple:
        msg = f"expected an array, got {json_type(value)}"
        raise ValueError(msg)
    for element in value:
        if type(element) is not str or not element.isascii():
            break
    else:
        return tuple(value)
    problems = [
        (f"$[{index}]", problem)
        for index, element in enumerate(value)
        if (problem := _string_problem(element)) is not None
    ]
    if problems:
        raise ValidationError(problems)
    return tuple(value)


def _string_problem(value: object) -> str | None:
    if type(value) is not str:
        return f"expected a string, got {json_type(value)}"
    return text_problem(value)


def _json_value(value: object) -> JsonValue:
    problem = None
    try:
        return freeze(value)
    except TypeError as error:  # a value no JSON text makes: structure() of a dict built in Python
        problem = str(error)
    raise ValueError(problem)


def _sequence_fn(tp: Any, converter: cattrs.BaseConverter) -> Any:
    """Return the hook for a ``list[Model]`` or ``tuple[Model, ...]`` document."""
    item = typing.get_args(tp)[0]
    out = typing.get_origin(tp)
    hook = converter.get_structure_hook(item)
    structure_item: Callable[[Any], Any] = (
        hook if getattr(hook, OURS, False) else lambda value: hook(value, item)  # type: ignore[assignment]
    )
    name = f"{out.__name__}[{item.__name__}]"

    def structure_sequence(value: object, _: object = None) -> Any:
        if type(value) is not list and type(value) is not tuple:
            problem = f"expected an array, got {json_type(value)}"
            raise ValidationError([("$", problem)], name)
        return out(each(structure_item, value, name))

    setattr(structure_sequence, OURS, True)
    return structure_sequence


def _unstructure_fn(cls: type, converter: cattrs.BaseConverter) -> Any:
    """
    Generate the function that writes a *cls* as its wire dict.

    It checks nothing: every instance holds only what the wire carries and
    keeps the API's rules (`_checks`, `_rules`), however it was made.
    """
    namespace: dict[str, Any] = {"ABSENT": ABSENT, "EMPTY": EMPTY, "_thaw": thaw}
    lines = ["def unstructure(o):", *_writing(cls, "o", "r", converter, namespace), "  return r"]
    unstructure = _compile(lines, namespace, "unstructure", cls)
    setattr(unstructure, OURS, True)
    return unstructure


def _writing(
    cls: type, obj: str, out: str, converter: cattrs.BaseConverter, namespace: dict[str, Any]
) -> list[str]:
    """
    Return the lines that write the *cls* in variable *obj* as a dict in *out*.

    The first fields every instance has are written as one dict display.  A
    model in one of them (the owner) is written inline, just before: a call
    costs as much as writing its three fields.
    """
    nested: list[str] = []
    leading: list[str] = []
    body: list[str] = []
    for i, field in enumerate(attrs.fields(cls)):
        if field.name == EXTRA:
            continue
        shape = Shape.of(field.type)
        key, name = wire_name(field.name), f"{out}_{i}"
        plain = not (shape.nullable or shape.optional)
        if plain and _writes_inline(shape.core, converter):
            inner = f"{obj}_{i}"
            nested += [f"  {inner} = {obj}.{field.name}"]
            nested += _writing(shape.core, inner, name, converter, namespace)
            value = name
        else:
            source = f"{obj}.{field.name}" if plain else "v"
            value = _unstructure_expr(shape, name, converter, namespace, source)
        if plain and not body:
            leading.append(f"{key!r}: {value}")
            continue
        if shape.nullable:
            value = f"None if v is None else {value}"
        if not plain:
            body += [f"  v = {obj}.{field.name}"]
        if shape.optional:
            body += ["  if v is not ABSENT:", f"    {out}[{key!r}] = {value}"]
        else:
            body += [f"  {out}[{key!r}] = {value}"]
    lines = [*nested, f"  {out} = {{" + ", ".join(leading) + "}", *body]
    if any(field.name == EXTRA for field in attrs.fields(cls)):
        lines += [
            f"  if {obj}.extra is not EMPTY:",  # an empty FrozenDict of its own writes nothing
            f"    for k, v in {obj}.extra.items():",
            f"      {out}[k] = _thaw(v)",
        ]
    return lines


def _writes_inline(tp: object, converter: cattrs.BaseConverter) -> bool:
    """Tell whether a *tp* is a model the converter writes with a function of ours."""
    return is_model(tp) and getattr(converter.get_unstructure_hook(tp), OURS, False)


def _unstructure_expr(
    shape: Shape, name: str, converter: cattrs.BaseConverter, namespace: dict[str, Any], v: str
) -> str:
    """Return the expression that writes *v*; *name* names what it needs in *namespace*."""
    if shape.core in SCALARS:
        return v
    if shape.enum is not None:
        # _value_, not value: the property is ten times as slow as the attribute.
        return f"{v} if type({v}) is str else {v}._value_" if shape.open else f"{v}._value_"
    if (item := shape.sequence_of) in SCALARS:
        return f"list({v})"
    if shape.core is JsonValue:
        return f"_thaw({v})"
    hook = f"U{name}"
    if item is not None:
        namespace[hook] = converter.get_unstructure_hook(item)
        return f"[{hook}(x) for x in {v}]"
    namespace[hook] = converter.get_unstructure_hook(shape.core)
    return f"{hook}({v})"


def thaw(value: JsonValue) -> Any:
    """Return a frozen JSON value as the lists and dicts `json` writes."""
    if type(value) is tuple:
        return [thaw(item) for item in value]
    if isinstance(value, Mapping):
        return {key: thaw(item) for key, item in value.items()}
    if type(value) is float:
        return WireFloat(value)
    return value


def _compile(lines: list[str], namespace: dict[str, Any], kind: str, cls: type) -> Any:
    """Compile a generated function, its source kept for tracebacks."""
    source = "\n".join(lines) + "\n"
    filename = f"<pat_models {kind} {cls.__module__}.{cls.__qualname__}>"
    exec(compile(source, filename, "exec"), namespace)  # noqa: S102
    linecache.cache[filename] = (len(source), None, source.splitlines(True), filename)
    fn = namespace[kind]
    fn.__qualname__ = fn.__name__ = f"{kind}_{cls.__name__}"
    return fn
