"""
The access token a PAT is exchanged for, and when it must be renewed.

A PAT is an OAuth client: ``POST {base}/oauth/token`` with the client
credentials grant answers with an access token that lives ``expires_in``
seconds (the PAT's ``accessTokenValiditySeconds``, 15 to 43200), and no
refresh token: renewing is asking again.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any
from urllib.parse import urlencode

import attrs

from .. import ABSENT, Absent, JsonValue, Secret, ValidationError
from .._errors import key_path
from .._fields import kind_of
from .._json import parse
from .._values import freeze_mapping
from ._calls import JSON, Call
from ._http import Request, SettingError, is_loopback
from ._http import base_url as tenant_url

FORM = "application/x-www-form-urlencoded"

# The keys the token response is documented to hold, by wire name, with the
# core's one check of each kind of value and its JSON words.
_KEYS: Mapping[str, tuple[Any, str, str]] = {
    key: kind_of(kind)
    for key, kind in {
        "access_token": str,
        "token_type": str,
        "expires_in": int,
        "scope": str,
        "tenant_id": str,
        "pod": str,
        "org": str,
        "identity_id": str,
        "user_id": str,
        "strong_auth": bool,
        "jti": str,
        "accessType": str,
    }.items()
}
_ATTRIBUTES: Mapping[str, str] = {
    "accessType": "access_type"
}  # the others are named as on the wire
_REQUIRED = ("access_token", "token_type", "expires_in")
MAX_LIFETIME = 10**9
"""The longest life, in seconds, an access token is taken to have: past it, a broken answer."""
_BEARER = re.compile(r"[A-Za-z0-9\-._~+/]+=*", re.ASCII)
"""What an ``Authorization: Bearer`` header may carry (RFC 6750's b64token): no line end."""


def _keys_only(extra: Mapping[str, JsonValue]) -> str:
    return repr(list(extra))  # an unknown key may hold a secret: its name only


@attrs.frozen(kw_only=True)
class TokenResponse:
    """
    The answer of ``POST /oauth/token``: the documented keys typed, the others kept.

    Attributes:
        access_token: The bearer token, a `Secret`: its ``repr`` is masked.
        token_type: ``bearer``.
        expires_in: How many seconds the access token lives.
        scope: The scopes it carries, space-separated; `scopes` splits them.
        extra: The keys not documented, by wire name; ``repr`` shows names only.
    """

    access_token: Secret = attrs.field(converter=Secret)
    token_type: str
    expires_in: int
    scope: str | Absent | None = ABSENT
    tenant_id: str | Absent | None = ABSENT
    pod: str | Absent | None = ABSENT
    org: str | Absent | None = ABSENT
    identity_id: str | Absent | None = ABSENT
    user_id: str | Absent | None = ABSENT
    strong_auth: bool | Absent | None = ABSENT
    jti: str | Absent | None = ABSENT
    access_type: str | Absent | None = ABSENT
    extra: Mapping[str, JsonValue] = attrs.field(
        factory=dict, converter=freeze_mapping, repr=_keys_only
    )

    @property
    def scopes(self) -> tuple[str, ...]:
        """The scopes, one by one."""
        return tuple(self.scope.split()) if isinstance(self.scope, str) else ()

    @classmethod
    def from_body(cls, body: bytes) -> TokenResponse:
        """
        Read a token response: the required keys present, every documented one of its type.

        Raises:
            ValidationError: it is not JSON, or not such a response, with
                every problem's wire path and never a value.
        """
        data = parse(body)
        if not isinstance(data, dict):
            raise ValidationError([("$", "expected an object")], "token response")
        problems = [
            (key_path("$", key), "missing required key") for key in _REQUIRED if key not in data
        ]
        known: dict[str, Any] = {}
        for key, value in data.items():
            if key not in _KEYS:
                continue
            check, _, wire = _KEYS[key]
            attribute: str = _ATTRIBUTES.get(key, key)
            if value is None and key not in _REQUIRED:
                known[attribute] = None
                continue
            try:
                known[attribute] = check(value)
            except (TypeError, ValueError):
                problems.append((key_path("$", key), f"expected {wire}"))
        if not 1 <= known.get("expires_in", 1) <= MAX_LIFETIME:
            problems.append(("$.expires_in", f"expected a number of seconds, 1 to {MAX_LIFETIME}"))
        if "access_token" in known and not _BEARER.fullmatch(known["access_token"]):
            problems.append(("$.access_token", "expected a bearer token, of RFC 6750's characters"))
        if problems:
            raise ValidationError(problems, "token response")
        extra = {key: value for key, value in data.items() if key not in _KEYS}
        return cls(**known, extra=extra)


def margin(lifetime: float) -> float:
    """
    Return how long before its end an access token of *lifetime* seconds is renewed.

    A tenth of its life, at most five minutes: a 15-second token is used for
    13.5 seconds, a 12-hour one renewed five minutes before it ends.
    """
    return min(lifetime / 10, 300.0)


@attrs.frozen(repr=False)
class AccessToken:
    """
    An access token in use, and when to renew it.

    Attributes:
        value: The bearer token.
        obtained: The clock's reading when the token was asked for: its life
            is counted from before the server issued it, never after.
        lifetime: Its ``expires_in``, in seconds: more than 0, at most
            `MAX_LIFETIME`, so that when it is due is always a number.
    """

    value: Secret
    obtained: float
    lifetime: float = attrs.field()

    @lifetime.validator
    def _check_lifetime(self, _attribute: object, lifetime: float) -> None:
        if not 0 < lifetime <= MAX_LIFETIME:
            msg = f"an access token lives more than 0 seconds, at most {MAX_LIFETIME}"
            raise ValueError(msg)

    @property
    def renew_at(self) -> float:
        """The clock's reading from which the token is renewed before use."""
        return self.obtained + self.lifetime - margin(self.lifetime)

    def due(self, now: float) -> bool:
        """Tell whether the token must be renewed before a call made at *now*."""
        return now >= self.renew_at

    def authorization(self) -> Secret:
        """Return the ``Authorization`` header value: ``Bearer`` and the token."""
        return Secret(f"Bearer {self.value.reveal()}")

    def __repr__(self) -> str:
        return f"AccessToken(renew_at={self.renew_at!r}, lifetime={self.lifetime!r})"


def token_call(base_url: str, client_id: str, client_secret: str) -> Call[TokenResponse]:
    """
    Return the call that exchanges a PAT for an access token (``POST {base}/oauth/token``).

    The form holds the secret, sent as it is; the request's ``repr`` shows
    only the body's size.

    Raises:
        SettingError: *base_url* cannot be sent to (see `Session`), or
            *client_id* or *client_secret* is empty or not text that UTF-8
            encodes; the message never holds a value.
    """
    base = secure_url(base_url)
    form = {
        "grant_type": "client_credentials",
        "client_id": credential("client_id", client_id),
        "client_secret": credential("client_secret", client_secret).reveal(),
    }
    body = urlencode(form).encode()
    request = Request("POST", f"{base}/oauth/token", {"Accept": JSON, "Content-Type": FORM}, body)
    return Call(request, TokenResponse.from_body, repeatable=True)


def secure_url(url: str) -> str:
    """Return the tenant's API URL (see `base_url`), refused if credentials would go in clear."""
    base = tenant_url(url)
    if base.lower().startswith("http:") and not is_loopback(base):
        raise SettingError(
            argument="base_url", problem="is plain http: credentials go only over https"
        )
    return base


def credential(argument: str, value: str) -> Secret:
    """Return a client id or secret that can be sent, as a `Secret`; refuse one that cannot."""
    if not isinstance(value, str):
        msg = f"expected {argument} as a str, got {type(value).__name__}"
        raise TypeError(msg)
    if not value:
        raise SettingError(argument=argument, problem="is empty")
    # Looked for, not caught: a UnicodeEncodeError would hold the value, in args and as context.
    if not value.isascii() and any("\ud800" <= char <= "\udfff" for char in value):
        raise SettingError(
            argument=argument, problem="holds a byte that is not UTF-8 text (a lone surrogate)"
        )
    return Secret(value)
