"""
What the API means by a key it left out, where its spec names a value.

A model keeps a key the API did not send as `ABSENT`, so that it is not
written back; `value_or_default` gives the value the API means by it.
"""

from __future__ import annotations

from typing import Any

from ._absent import ABSENT
from ._models import (
    CreatePersonalAccessTokenRequest,
    CreatePersonalAccessTokenResponse,
    GetPersonalAccessTokenResponse,
)
from ._rules import MAX_VALIDITY_SECONDS

DEFAULTS: dict[tuple[type, str], Any] = {
    (CreatePersonalAccessTokenRequest, "scope"): ("sp:scopes:all",),
    (CreatePersonalAccessTokenRequest, "access_token_validity_seconds"): MAX_VALIDITY_SECONDS,
    (CreatePersonalAccessTokenRequest, "user_aware_token_never_expires"): False,
    (CreatePersonalAccessTokenResponse, "access_token_validity_seconds"): MAX_VALIDITY_SECONDS,
    (GetPersonalAccessTokenResponse, "managed"): False,
    (GetPersonalAccessTokenResponse, "access_token_validity_seconds"): MAX_VALIDITY_SECONDS,
    (GetPersonalAccessTokenResponse, "user_aware_token_never_expires"): False,
}
"""The spec's default of each key that has one, by model and attribute."""


def value_or_default(obj: object, attribute: str) -> Any:
    """
    Return *obj*'s *attribute*, or the value the API means by its absence.

    ``value_or_default(token, "access_token_validity_seconds")`` is 43200 for
    a token from before October 2024, which has no such key.  An attribute
    the spec names no default for is returned as it is, `ABSENT` included.

    Raises:
        AttributeError: *obj* has no such attribute.
    """
    value = getattr(obj, attribute)
    if value is ABSENT:
        return DEFAULTS.get((type(obj), attribute), ABSENT)
    return value
