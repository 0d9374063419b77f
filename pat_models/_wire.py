"""
The module-level functions: JSON text and dicts in, models out, and back.

They use one shared converter, made with `make_converter` the first time it
is needed; pass ``converter=`` to use another (``extra="forbid"``, say).
"""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING, Any, TypeVar

from ._converter import make_converter
from ._errors import a_type
from ._fields import is_model, is_model_sequence, type_name
from ._json import DuplicateKeys, parse, write

if TYPE_CHECKING:
    import cattrs

_T = TypeVar("_T")


@functools.cache
def default_converter() -> cattrs.Converter:
    """Return the converter the module-level functions share."""
    return make_converter()


def _check_type(cls: object) -> None:
    """
    Refuse a *cls* that is not a model, or a list or tuple of one: no converter reads others here.

    Raises:
        TypeError: *cls* is anything else, the caller's mistake.
    """
    if not (is_model(cls) or is_model_sequence(cls)):
        name = type_name(cls)
        msg = f"expected a pat_models class, or list[...] or tuple[..., ...] of one; got {name}"
        raise TypeError(msg)


def structure(data: Any, cls: type[_T], *, converter: cattrs.BaseConverter | None = None) -> _T:
    """
    Build a *cls* from *data*, the wire form as `json.loads` returns it.

    Raises:
        ValidationError: *data* is not a valid *cls*.
        TypeError: *cls* is not a model, or a list or tuple of one.
    """
    _check_type(cls)
    return (converter or default_converter()).structure(data, cls)


def unstructure(obj: Any, *, converter: cattrs.BaseConverter | None = None) -> Any:
    """
    Return the wire form of *obj* as dicts and lists, ready for `json.dumps`.

    *obj* may be a model or a list or tuple of them (a PATCH body, a listing).
    Every model instance keeps the API's rules, so no body is written that
    the API would refuse.

    Raises:
        TypeError: *obj* is not a model, nor a list or tuple of them; the
            message names each stray item by its index.
    """
    converter = converter or default_converter()
    if is_model(type(obj)):
        return converter.unstructure(obj)
    if isinstance(obj, (list, tuple)):
        kinds = set(map(type, obj))
        if all(is_model(kind) for kind in kinds):
            # Each kind's hook looked up once, not once an item: a listing is one kind.
            hooks = {kind: converter.get_unstructure_hook(kind) for kind in kinds}
            return [hooks[type(item)](item) for item in obj]
        strays = [f"[{i}] is {a_type(item)}" for i, item in enumerate(obj)
                  if not is_model(type(item))]  # fmt: skip
        msg = f"expected pat_models objects: {', '.join(strays)}"
        raise TypeError(msg)
    msg = f"expected a pat_models object, or a list or tuple of them; got {type(obj).__name__}"
    raise TypeError(msg)


def loads(
    data: str | bytes,
    cls: type[_T],
    *,
    converter: cattrs.BaseConverter | None = None,
    duplicate_keys: DuplicateKeys = "last",
) -> _T:
    """
    Parse JSON text into a *cls*.

    Args:
        data: JSON text; bytes may be UTF-8, UTF-16 or UTF-32.
        cls: A model class, or a list of one (``list[JsonPatchOperation]``).
        converter: The converter to use instead of the shared default one.
        duplicate_keys: A key given twice in one object keeps its last value
            (``"last"``, as JSON parsers and the API's server do) or is an
            error (``"reject"``, which rules out values smuggled past a parser
            that keeps the first).

    Raises:
        ValidationError: *data* is not JSON (``NaN`` and ``Infinity`` are not
            JSON either), or not a valid *cls*.
        TypeError: *cls* is not a model, or a list or tuple of one; or *data*
            is neither str nor bytes (a dict already parsed wants `structure`).
        ValueError: *duplicate_keys* is neither ``"last"`` nor ``"reject"``.
    """
    _check_type(cls)
    return (converter or default_converter()).structure(parse(data, duplicate_keys), cls)


def dumps(obj: Any, *, converter: cattrs.BaseConverter | None = None) -> str:
    """
    Write *obj* as compact JSON text, as the API would send it.

    Non-ASCII text is written as is, not escaped.

    Raises:
        TypeError: *obj* is not a model, nor a list or tuple of them.
    """
    return write(unstructure(obj, converter=converter))
