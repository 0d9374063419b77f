"""
Rules that differ between API versions, checked only when a caller asks.

A body one version accepts may be refused by another; refusing it everywhere
would break callers of the versions that accept it.  `check_version` checks
an object against the version a caller is about to send it to.
"""

from __future__ import annotations

import typing
from collections.abc import Iterator, Sequence
from typing import Literal

from ._absent import ABSENT
from ._errors import ValidationError, a_type
from ._fields import Violation, wire_path
from ._models import CreatePersonalAccessTokenRequest
from ._patches import BulkUpdatePersonalAccessTokensRequest, JsonPatchOperation

ApiVersion = Literal["v3", "beta", "v2024", "v2025", "v2026", "v1"]

_VERSIONS = typing.get_args(ApiVersion)

_NEVER_EXPIRING = frozenset({"v2025", "v2026", "v1"})
_PATCHABLE_ALWAYS = frozenset({"/name", "/scope"})
_PATCHABLE_SINCE_V2025 = frozenset({"/expirationDate", "/userAwareTokenNeverExpires"})


def check_version(
    obj: CreatePersonalAccessTokenRequest
    | BulkUpdatePersonalAccessTokensRequest
    | JsonPatchOperation
    | Sequence[JsonPatchOperation],
    version: ApiVersion,
) -> None:
    """
    Check *obj* against the rules of one API *version* that not all share.

    - A create request to v2025, v2026 or v1 without an expiration date
      (null or absent) must set ``userAwareTokenNeverExpires`` to true; older
      versions do not know that key.
    - A PATCH body may patch ``/name`` and ``/scope`` everywhere, and
      ``/expirationDate`` and ``/userAwareTokenNeverExpires`` from v2025 on.
    - The bulk update exists in v1 only.

    Raises:
        ValidationError: *obj* breaks a rule of *version*, with every
            problem's wire path.
        ValueError: *version* is not one of the API's versions.
        TypeError: *obj* is none of those bodies (its dict or its text, say).
    """
    if version not in _VERSIONS:
        msg = f"unknown API version {version!r}; one of {', '.join(_VERSIONS)}"
        raise ValueError(msg)
    _check_kind(obj)
    problems = [(wire_path(steps), message) for steps, message in _violations(obj, version)]
    if problems:
        raise ValidationError(problems, f"{type(obj).__name__} for {version}")


def _violations(
    obj: CreatePersonalAccessTokenRequest
    | BulkUpdatePersonalAccessTokensRequest
    | JsonPatchOperation
    | Sequence[JsonPatchOperation],
    version: str,
) -> Iterator[Violation]:
    modern = version in _NEVER_EXPIRING
    if isinstance(obj, CreatePersonalAccessTokenRequest):
        acknowledged = obj.user_aware_token_never_expires
        if not modern and acknowledged is not ABSENT:
            yield ("user_aware_token_never_expires",), f"{version} does not know this key"
        if modern and obj.expiration_date in (None, ABSENT) and acknowledged is not True:
            yield (
                ("user_aware_token_never_expires",),
                f"must be true in {version} when expirationDate is null or absent",
            )
    elif isinstance(obj, BulkUpdatePersonalAccessTokensRequest):
        if version != "v1":
            yield (), f"the bulk update exists in v1 only, not in {version}"
    elif isinstance(obj, JsonPatchOperation):
        patchable = _PATCHABLE_ALWAYS | (_PATCHABLE_SINCE_V2025 if modern else frozenset())
        if obj.path not in patchable:
            yield ("path",), f"{version} patches only " + ", ".join(sorted(patchable))
    else:
        for index, operation in enumerate(obj):
            for steps, message in _violations(operation, version):
                yield (index, *steps), message


def _check_kind(obj: object) -> None:
    """Refuse what `check_version` does not check: a caller's mistake, not a document's."""
    bodies = (CreatePersonalAccessTokenRequest, BulkUpdatePersonalAccessTokensRequest)
    if isinstance(obj, (*bodies, JsonPatchOperation)):
        return
    if isinstance(obj, (list, tuple)) and all(type(op) is JsonPatchOperation for op in obj):
        return
    msg = (
        "expected a CreatePersonalAccessTokenRequest, a BulkUpdatePersonalAccessTokensRequest,"
        f" a JsonPatchOperation or a list or tuple of them; got {a_type(obj)}"
    )
    raise TypeError(msg)
