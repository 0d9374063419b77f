"""
What the API means by a key it left out, where its spec names a value.

A model keeps a key the API did not send as `ABSENT`, so that it is not
written back; `value_or_default` gives the value the API means by it, which
each field states beside it (see `_fields`).
"""

from __future__ import annotations

from typing import Any

from ._absent import ABSENT
from ._fields import fields_of_object


def value_or_default(obj: object, attribute: str) -> Any:
    """
    Return *obj*'s *attribute*, or the value the API means by its absence.

    ``value_or_default(token, "access_token_validity_seconds")`` is 43200 for
    a token from before October 2024, which has no such key.  An attribute
    the spec names no default for is returned as it is, `ABSENT` included.

    Raises:
        TypeError: *obj* is not a pat_models object, or *attribute* not a str.
        AttributeError: *obj* has no such attribute.
    """
    fields = fields_of_object(obj)
    value = getattr(obj, attribute)
    if value is not ABSENT:
        return value
    return next(field.api_default for field in fields if field.name == attribute)
