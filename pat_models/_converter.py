"""
The wire format, owned by one cattrs converter.

`configure_converter` teaches a cattrs converter the PAT API's JSON: camelCase
keys, millisecond UTC timestamps, strict scalars, absent keys distinct from
``null``, unknown keys kept.  The models stay plain attrs classes.

Each model gets a structuring and an unstructuring function generated for it,
as cattrs generates its own: the checks are inlined, so the success path costs
little more than building the objects by hand, and a failure is described in
full (every problem, with its wire path) in the same single pass.  To read
one: ``print(inspect.getsource(converter.get_structure_hook(PatOwner)))``.
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

from . import _models
from ._absent import ABSENT
from ._errors import Problem, ValidationError, each, json_type, key_path, rerooted
from ._fields import EXTRA, SCALARS, Shape, wire_name, wire_path
from ._models import is_model, is_model_sequence
from ._rules import RuleError
from ._timestamps import SubMillisecond, format_timestamp, parse_timestamp
from ._values import (
    EMPTY,
    SMALL_BITS,
    FrozenDict,
    JsonValue,
    freeze,
    integer_problem,
    text_problem,
    thaw,
)

if TYPE_CHECKING:
    import cattrs

UnknownKeys = Literal["keep", "ignore", "forbid"]
Nulls = Literal["tolerate", "reject"]

NULL_TOLERATED = frozenset(
    {
        (_models.PatOwner, "type"),
        (_models.PatOwner, "id"),
        (_models.PatOwner, "name"),
        (_models.GetPersonalAccessTokenResponse, "managed"),
        (_models.GetPersonalAccessTokenResponse, "access_token_validity_seconds"),
        (_models.GetPersonalAccessTokenResponse, "user_aware_token_never_expires"),
        (_models.JsonPatchOperation, "from_"),
        (_models.ErrorResponseDto, "detail_code"),
        (_models.ErrorResponseDto, "tracking_id"),
        (_models.ErrorResponseDto, "messages"),
        (_models.ErrorResponseDto, "causes"),
        (_models.ErrorMessageDto, "text"),
    }
)
"""
The fields that read ``null`` though the spec does not say they may be null.

The rule: a key the spec leaves optional may be ``null``, as the server
sends it (the spec lags its server: a token that never expires has
``"expirationDate": null`` in a create response the spec calls non-null).
A required key is ``null`` only where the spec says so, or where the
server's own answers are read as it sends them.  ``null="reject"`` refuses
the nulls of this table, to catch drift from the spec.
"""

OURS = "_pat_models_ours"
"""
Marks the hooks pat_models makes: they take the value alone, a structure
hook's result needs no model converter, and an unstructure hook's work may
be inlined.
"""


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

    Args:
        converter: The converter to configure.
        extra: Keys a model does not know are kept in its ``extra`` and
            written back (``"keep"``, the default: the API's schema grows),
            dropped (``"ignore"``), or an error (``"forbid"``).
        sub_millisecond: Fraction digits past the millisecond are dropped
            (``"truncate"``, the default, as a server with millisecond clocks
            does) or an error (``"reject"``).  Zeros there are always fine.
        null: ``null`` in a key the spec leaves optional but does not call
            nullable (`NULL_TOLERATED`) reads as `None` (``"tolerate"``, the
            default: the server sends it) or is an error (``"reject"``).
    """
    if extra not in ("keep", "ignore", "forbid"):
        msg = f"extra must be 'keep', 'ignore' or 'forbid', not {extra!r}"
        raise ValueError(msg)
    if sub_millisecond not in ("truncate", "reject"):
        msg = f"sub_millisecond must be 'truncate' or 'reject', not {sub_millisecond!r}"
        raise ValueError(msg)
    if null not in ("tolerate", "reject"):
        msg = f"null must be 'tolerate' or 'reject', not {null!r}"
        raise ValueError(msg)

    def parse_strictly(value: object, _type: object = None) -> pendulum.DateTime:
        return parse_timestamp(value, sub_millisecond="reject")

    setattr(parse_strictly, OURS, True)
    structure_timestamp = parse_strictly if sub_millisecond == "reject" else parse_timestamp

    converter.register_structure_hook(pendulum.DateTime, structure_timestamp)
    converter.register_unstructure_hook(pendulum.DateTime, format_timestamp)
    converter.register_structure_hook_factory(
        is_model, lambda cls: _structure_fn(cls, converter, extra, null)
    )
    converter.register_unstructure_hook_factory(
        is_model, lambda cls: _unstructure_fn(cls, converter)
    )
    converter.register_structure_hook_factory(
        is_model_sequence, lambda tp: _sequence_fn(tp, converter)
    )


def _structure_fn(
    cls: type, converter: cattrs.BaseConverter, extra: UnknownKeys, null: Nulls
) -> Any:
    """
    Generate the function that builds a *cls* from its wire dict.

    It checks every field as `_fields` would, collecting every problem with
    its wire path, then sets the slots directly: the values are checked
    already, and ``__init__`` would check them again.
    """
    fields = [field for field in attrs.fields(cls) if field.name != EXTRA]
    keys = {field.name: wire_name(field.name) for field in fields}
    namespace: dict[str, Any] = {
        "cls": cls,
        "name": cls.__name__,
        "new": object.__new__,
        "ABSENT": ABSENT,
        "EMPTY": EMPTY,
        "ValidationError": ValidationError,
        "RuleError": RuleError,
        "json_type": json_type,
        "rerooted": rerooted,
        "wire_path": wire_path,
        "known_keys": frozenset(keys.values()),
        "unknown_keys": _unknown_keys_fn(extra),
        "text_problem": text_problem,
        "integer_problem": integer_problem,
    }
    required = sum(1 for field in fields if not Shape.of(field.type).optional)
    lines = [
        "def structure(d, _=None):",
        "  if type(d) is not dict:",
        "    raise ValidationError([('$', 'expected an object, got ' + json_type(d))], name)",
        "  problems = []",
        "  # How many keys of d are known: all of them are when it equals len(d).",
        f"  found = {required}",
    ]
    for field in fields:
        shape = Shape.of(field.type)
        key, value = keys[field.name], f"v_{field.name}"
        namespace[f"path_{field.name}"] = key_path("$", key)
        if shape.optional:
            lines += [
                f"  {value} = d.get({key!r}, ABSENT)",
                f"  if {value} is not ABSENT:",
                "    found += 1",
            ]
        else:
            lines += [
                "  try:",
                f"    {value} = d[{key!r}]",
                "  except KeyError:",
                f"    problems.append((path_{field.name}, 'missing required key'))",
                "  else:",
            ]
        check = _structure_check(field, shape, converter, namespace)
        if shape.nullable and null == "reject" and (cls, field.name) in NULL_TOLERATED:
            refused = f"problems.append((path_{field.name}, {_NULL_REFUSED!r}))"
            check = [
                f"if {value} is None:",
                f"  {refused}",
                "else:",
                *("  " + line for line in check),
            ]
        elif shape.nullable:
            check = [f"if {value} is not None:", *("  " + line for line in check)]
        lines += ["    " + line for line in check]
    lines += [
        "  v_extra = EMPTY if found == len(d) else unknown_keys(d, known_keys, problems)",
        "  if problems:",
        "    raise ValidationError(problems, name)",
        "  o = new(cls)",
    ]
    for field in attrs.fields(cls):
        namespace[f"set_{field.name}"] = cls.__dict__[field.name].__set__
        lines += [f"  set_{field.name}(o, v_{field.name})"]
    if hasattr(cls, "__attrs_post_init__"):  # the rules it keeps
        lines += [
            "  try:",
            "    o.__attrs_post_init__()",
            "  except RuleError as error:",
            "    problems = [(wire_path(steps), text) for steps, text in error.violations]",
            "    raise ValidationError(problems, name) from None",
        ]
    lines += ["  return o"]
    structure = _compile(lines, namespace, "structure", cls)
    setattr(structure, OURS, True)
    return structure


def _structure_check(
    field: attrs.Attribute[Any],
    shape: Shape,
    converter: cattrs.BaseConverter,
    namespace: dict[str, Any],
) -> list[str]:
    """Return the lines that check and convert the value of *field*, in ``v_{name}``."""
    name = field.name
    value, path = f"v_{name}", f"path_{name}"
    namespace[f"expected_{name}"] = f"expected {shape.expected()}, got "
    wrong = f"problems.append(({path}, expected_{name} + json_type({value})))"
    # What JSON text cannot carry comes only from dicts built in Python:
    # a string with a surrogate pair in it, an integer of thousands of digits.
    text = [
        f"elif not {value}.isascii() and text_problem({value}):",
        f"  problems.append(({path}, text_problem({value})))",
    ]
    if shape.core is str:
        return [f"if type({value}) is not str:", f"  {wrong}", *text]
    if shape.core is int:
        return [
            f"if type({value}) is not int:",
            f"  {wrong}",
            f"elif {value}.bit_length() > {SMALL_BITS} and integer_problem({value}):",
            f"  problems.append(({path}, integer_problem({value})))",
        ]
    if shape.core is bool:
        return [f"if type({value}) is not bool:", f"  {wrong}"]
    if (known := shape.enum) is not None:
        members = f"members_{name}"
        namespace[members] = known._value2member_map_
        if shape.open:
            return [
                f"if type({value}) is not str:",
                f"  {wrong}",
                *text,
                "else:",
                f"  {value} = {members}.get({value}, {value})",
            ]
        test = f"if type({value}) is str and {value} in {members}:"
        return [test, f"  {value} = {members}[{value}]", "else:", f"  {wrong}"]
    hook = f"structure_{name}"
    call = f"{hook}({value})"
    if shape.sequence_of is str:
        namespace[hook] = _string_array
    elif shape.core is JsonValue:
        namespace[hook] = _json_value
    else:
        namespace[hook] = converter.get_structure_hook(shape.core)
        if namespace[hook] is not parse_timestamp and not getattr(namespace[hook], OURS, False):
            # A host's own hook: the model checks and normalizes what it returns.
            namespace[f"type_{name}"] = shape.core
            call = f"{hook}({value}, type_{name})"
            if field.converter is not None:
                namespace[f"convert_{name}"] = field.converter
                call = f"convert_{name}({call})"
    return [
        "try:",
        f"  {value} = {call}",
        "except ValidationError as error:",
        f"  problems.extend(rerooted({path}, error))",
        "except (TypeError, ValueError) as error:",
        f"  problems.append(({path}, str(error)))",
    ]


def _unknown_keys_fn(
    extra: UnknownKeys,
) -> Callable[[dict[str, Any], frozenset[str], list[Problem]], Any]:
    """Return what a generated function calls when a dict has keys it does not know."""

    def unknown(d: dict[str, Any], known: frozenset[str], problems: list[Problem]) -> Any:
        keys = [key for key in d if key not in known]
        if not keys or extra == "ignore":
            return EMPTY
        if extra == "forbid":
            problems += [(key_path("$", str(key)), "unknown key") for key in keys]
            return EMPTY
        kept = {}
        for key in keys:
            if type(key) is not str:  # a dict built in Python: no JSON text makes one
                problems.append(("$", f"JSON object keys are strings, not {type(key).__name__}"))
                continue
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
    keeps the API's rules (`_fields`, `_rules`), however it was made.
    """
    namespace: dict[str, Any] = {"ABSENT": ABSENT, "EMPTY": EMPTY, "thaw": thaw}
    lines = ["def unstructure(o):", "  wire = {}"]
    for field in attrs.fields(cls):
        if field.name == EXTRA:
            continue
        shape = Shape.of(field.type)
        key = wire_name(field.name)
        value = _unstructure_expr(shape, field.name, converter, namespace)
        if shape.nullable:
            value = f"None if v is None else {value}"
        lines += [f"  v = o.{field.name}"]
        if shape.optional:
            lines += ["  if v is not ABSENT:", f"    wire[{key!r}] = {value}"]
        else:
            lines += [f"  wire[{key!r}] = {value}"]
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
    shape: Shape, name: str, converter: cattrs.BaseConverter, namespace: dict[str, Any]
) -> str:
    """Return the expression that writes the value ``v`` of field *name*."""
    if shape.core in SCALARS:
        return "v"
    if shape.enum is not None:
        # _value_, not value: the property is ten times as slow as the attribute.
        return "v if type(v) is str else v._value_" if shape.open else "v._value_"
    if (item := shape.sequence_of) in SCALARS:
        return "list(v)"
    if shape.core is JsonValue:
        return "thaw(v)"
    hook = f"unstructure_{name}"
    if item is not None:
        namespace[hook] = converter.get_unstructure_hook(item)
        return f"[{hook}(x) for x in v]"
    namespace[hook] = converter.get_unstructure_hook(shape.core)
    return f"{hook}(v)"


_NULL_REFUSED = "null, which the spec does not allow here"

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
