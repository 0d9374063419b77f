"""
Masking for logs and for sharing: an allowlist, not a denylist.

What the models know is printed: ids, names, scopes, timestamps, owner
fields, patch operations, error messages.  The secret is masked.  A key the
models do not know keeps its name, but its value is masked whatever its JSON
type, at every depth: a list of secret-looking names can never be complete,
and the next key the API adds may well be the next secret.  Inside an
open-ended value (a patch operation's ``value``, the 401 ``error``, the 429
``message``) every object key is one the models do not know, so the same
holds there: its name is shown, its value masked.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import attrs

from ._fields import EXTRA, fields_of_object, is_model
from ._values import MASK, FrozenDict, JsonValue


def redacted(obj: Any) -> Any:
    """
    Return *obj*, a model, with its secret and every unknown value masked, at any depth.

    What comes back is a model of the same type, so a redacted document
    still loads as what it was: for logs, and for sharing a document.

    Raises:
        TypeError: *obj* is not a model.
    """
    changes: dict[str, Any] = {}
    for field in fields_of_object(obj):
        value = getattr(obj, field.name)
        if field.name == EXTRA:
            if value:
                changes[EXTRA] = dict.fromkeys(value, MASK)
        elif field.name == "secret":
            changes["secret"] = MASK
        elif field.core is JsonValue:
            changes[field.name] = masked_objects(value)
        elif is_model(type(value)):
            changes[field.name] = redacted(value)
        elif type(value) is tuple and value and is_model(type(value[0])):
            changes[field.name] = tuple(redacted(item) for item in value)
    return attrs.evolve(obj, **changes) if changes else obj


def masked_objects(value: JsonValue) -> JsonValue:
    """
    Return an open-ended value with the value of every object key in it replaced by `MASK`.

    Every key of an object there is one the models do not know: its name is
    shown, its value may be a secret.
    """
    if isinstance(value, Mapping):
        return FrozenDict(dict.fromkeys(value, MASK))
    if type(value) is tuple:
        return tuple([masked_objects(item) for item in value])
    return value
