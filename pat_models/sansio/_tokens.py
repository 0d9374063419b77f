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
from types import MappingProxyType
from urllib.parse import urlencode

import attrs

from .. import JsonValue, Secret, ValidationError, read_json
from ._calls import JSON, Call
from ._http import Request, SettingError, is_loopback
from ._http import base_url as tenant_url

FORM = "application/x-www-form-urlencoded"

MAX_LIFETIME = 10**9
"""The longest life, in seconds, an access token is taken to have: past it, a broken answer."""

_BEARER = re.compile(r"[A-Za-z0-9\-._~+/]+=*", re.ASCII)
"""What an ``Authorization: Bearer`` header may carry (RFC 6750's b64token): no line end."""

_READ = ("access_token", "token_type", "expires_in")
"""The keys a session reads; the others (``scope``, ``tenant_id``, …) are kept by name."""


def _keys_only(extra: Mapping[str, JsonValue]) -> str:
    return repr(list(extra))  # an unknown key may hold a secret: its name only


@attrs.frozen(kw_only=True)
class TokenResponse:
    """
    The answer of ``POST /oauth/token``: what a session reads typed, the rest kept by name.

    Attributes:
        access_token: The bearer token, a `Secret`: its ``repr`` is masked.
        token_type: ``bearer``.
        expires_in: How many seconds the access token lives, 1 to `MAX_LIFETIME`.
        extra: Every other key (``scope``, ``tenant_id``, ``pod``, …), by wire name and as
            sent; ``repr`` shows names only.
    """

    access_token: Secret = attrs.field(converter=Secret)
    token_type: str
    expires_in: int
    extra: Mapping[str, JsonValue] = attrs.field(
        factory=dict, converter=MappingProxyType, repr=_keys_only, eq=False, hash=False
    )

    @property
    def scopes(self) -> tuple[str, ...]:
        """The scopes the token carries (``scope``, space-separated), one by one."""
        scope = self.extra.get("scope")
        return tuple(scope.split()) if isinstance(scope, str) else ()

    @classmethod
    def from_body(cls, body: bytes) -> TokenResponse:
        """
        Read a token response: the keys a session reads present, and each of its type.

        Raises:
            ValidationError: it is not JSON, or not such a response, with
                every problem's wire path and never a value.
        """
        try:
            text = body.decode()
            data, end = read_json(text, len(text) - len(text.lstrip()))
        except ValueError:  # a decoding error too; its messages may hold the text: none of it
            data, end = None, 0
        if not isinstance(data, dict) or text[end:].strip():
            raise ValidationError([("$", "expected a JSON object")], "token response")
        problems = [(f"$.{key}", problem) for key in _READ if (problem := _problem(key, data))]
        if problems:
            raise ValidationError(problems, "token response")
        extra = {key: value for key, value in data.items() if key not in _READ}
        return cls(**{key: data[key] for key in _READ}, extra=extra)


def _problem(key: str, data: dict[str, object]) -> str | None:
    """Say what is wrong with *data*'s *key*, one a session reads, or None."""
    if key not in data:
        return "missing required key"
    value = data[key]
    if key == "expires_in":
        if type(value) is not int:
            return "expected an integer"
        return (
            None
            if 1 <= value <= MAX_LIFETIME
            else f"expected a number of seconds, 1 to {MAX_LIFETIME}"
        )
    if not isinstance(value, str):
        return "expected a string"
    if key == "access_token" and not _BEARER.fullmatch(value):
        return "expected a bearer token, of RFC 6750's characters"
    return None


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
