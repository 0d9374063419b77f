"""
Every call of the PAT API as data: the request to send, and how to read what comes back.

`Api` knows the paths of each version and the content type of each body;
each of its methods returns a `Call`, whose `Call.parse` reads a success as
the model(s) the API sends and raises `ApiError` for anything else.  Bodies
are checked against the version (`check_version`) before they are sent,
so that the API never has to refuse what could be told here.
"""

from __future__ import annotations

import datetime as dt
import typing
from collections.abc import Callable, Sequence
from typing import Generic, TypeVar
from urllib.parse import quote, urlencode

import attrs

from .. import (
    ApiVersion,
    BulkUpdatePersonalAccessTokensRequest,
    CreatePersonalAccessTokenRequest,
    CreatePersonalAccessTokenResponse,
    GetPersonalAccessTokenResponse,
    JsonPatchOperation,
    check_version,
    dumps,
    format_timestamp,
    loads,
)
from ._http import ApiError, Request, Response, base_url

_T = TypeVar("_T")

JSON = "application/json"
JSON_PATCH = "application/json-patch+json"


@attrs.frozen
class Call(Generic[_T]):
    """
    One call: the request to send, and what its success holds.

    Attributes:
        request: What to send (a `Session` adds the ``Authorization`` header).
        repeatable: Whether sending it twice does no more than sending it
            once (a list, a delete, the token request): only such a call is
            sent again after a server error, which may have come after the
            call was carried out.
    """

    request: Request
    read: Callable[[bytes], _T] = attrs.field(repr=False)
    repeatable: bool = False

    def parse(self, response: Response) -> _T:
        """
        Return what a success holds: the model, the list of them, or None (a delete).

        Raises:
            ApiError: *response* is not a success (2xx).
            ValidationError: it is, and its body is not what the call returns.
        """
        if not 200 <= response.status < 300:  # noqa: PLR2004 - the successes
            raise ApiError(self.request, response)
        return self.read(response.body)


# The per-API v1 puts its version after the path; the others before it.
_PATHS = {
    version: ("", f"/personal-access-tokens/{version}")
    if version == "v1"
    else (f"/{version}", "/personal-access-tokens")
    for version in typing.get_args(ApiVersion)
}


def _nothing(_body: bytes) -> None:
    return None


def _listing(body: bytes) -> list[GetPersonalAccessTokenResponse]:
    return loads(body, list[GetPersonalAccessTokenResponse])


def _token(body: bytes) -> GetPersonalAccessTokenResponse:
    return loads(body, GetPersonalAccessTokenResponse)


def _created(body: bytes) -> CreatePersonalAccessTokenResponse:
    return loads(body, CreatePersonalAccessTokenResponse)


@attrs.frozen
class Api:
    """
    The PAT calls of one tenant and one API version.

    Args:
        base_url: The tenant's API URL (``https://{tenant}.api.identitynow.com``).
        version: ``v3``, ``beta``, ``v2024``, ``v2025``, ``v2026``, or ``v1``,
            the per-API form (``/personal-access-tokens/v1``), the only one
            with a bulk update.
    """

    base_url: str = attrs.field(converter=base_url)
    version: ApiVersion = "v2025"

    def __attrs_post_init__(self) -> None:
        if self.version not in _PATHS:
            msg = f"unknown API version {self.version!r}; one of {', '.join(_PATHS)}"
            raise ValueError(msg)

    def _url(self, tail: str = "") -> str:
        before, path = _PATHS[self.version]
        return f"{self.base_url}{before}{path}{tail}"

    def _request(
        self, method: str, tail: str = "", body: str | None = None, kind: str = JSON
    ) -> Request:
        headers = {"Accept": JSON}
        if body is not None:
            headers["Content-Type"] = kind
        return Request(method, self._url(tail), headers, None if body is None else body.encode())

    def list_tokens(
        self, owner_id: str | None = None, filters: str | None = None
    ) -> Call[list[GetPersonalAccessTokenResponse]]:
        """
        List the tenant's tokens (all of them: the call has no paging).

        Args:
            owner_id: An identity's id, or ``me``: only the tokens it owns.
            filters: Which tokens, in the API's syntax: `last_used_le`,
                `last_used_isnull`.
        """
        query = {
            name: value
            for name, value in (("owner-id", owner_id), ("filters", filters))
            if value is not None
        }
        if not all(isinstance(value, str) and value for value in query.values()):
            msg = "owner_id and filters are non-empty strs, or None"
            raise ValueError(msg)
        url = self._url() + ("?" + urlencode(query, quote_via=quote) if query else "")
        return Call(Request("GET", url, {"Accept": JSON}), _listing, repeatable=True)

    def create_token(
        self, request: CreatePersonalAccessTokenRequest
    ) -> Call[CreatePersonalAccessTokenResponse]:
        """
        Create a token; its success holds the only copy of the new secret.

        Raises:
            ValidationError: *request* breaks a rule of this version.
        """
        check_version(request, self.version)
        return Call(self._request("POST", body=dumps(request)), _created)

    def patch_token(
        self, token_id: str, operations: Sequence[JsonPatchOperation]
    ) -> Call[GetPersonalAccessTokenResponse]:
        """
        Change a token's name, scope or expiry (`patch_name`, `patch_scope`, `patch_expiration`).

        Raises:
            ValidationError: *operations* break a rule of this version.
        """
        operations = list(operations)
        check_version(operations, self.version)
        body = dumps(operations)
        return Call(self._request("PATCH", self._id(token_id), body, JSON_PATCH), _token)

    def delete_token(self, token_id: str) -> Call[None]:
        """Delete a token: its success (204) holds nothing."""
        return Call(self._request("DELETE", self._id(token_id)), _nothing, repeatable=True)

    def _id(self, token_id: str) -> str:
        """Return the path segment of a token's id: all of it, encoded."""
        if not isinstance(token_id, str):
            msg = f"expected a token id, a str; got {type(token_id).__name__}"
            raise TypeError(msg)
        # Clients drop the segments . and .., and v1's bulk-update is a path of its own.
        if token_id in ("", ".", "..") or (self.version == "v1" and token_id == "bulk-update"):  # noqa: S105
            msg = "a token id may not be empty, . or .., nor bulk-update in v1"
            raise ValueError(msg)
        return "/" + quote(token_id, safe="")

    def bulk_update(
        self, request: BulkUpdatePersonalAccessTokensRequest
    ) -> Call[list[GetPersonalAccessTokenResponse]]:
        """
        Change the expiry of many tokens at once (v1 only); its success lists them by id.

        Raises:
            ValidationError: this version has no bulk update, or *request*
                breaks one of its rules.
        """
        check_version(request, self.version)
        return Call(self._request("POST", "/bulk-update", dumps(request)), _listing)


def last_used_le(at: dt.datetime) -> str:
    """Return the filter of the tokens last used at or before *at* (``lastUsed le …``)."""
    return f"lastUsed le {format_timestamp(at)}"


def last_used_isnull() -> str:
    """Return the filter of the tokens never used (``lastUsed isnull``)."""
    return "lastUsed isnull"
