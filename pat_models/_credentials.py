"""
A created token as credentials: the Basic Auth header and the OAuth form.

A token's id and secret are a Basic Auth user name and password, and an OAuth
client id and secret.  What these helpers return is a `Secret`, which HTTP
libraries send as its text but which never prints.
"""

from __future__ import annotations

import base64

from ._models import CreatePersonalAccessTokenResponse

MASK = "********"
"""What a credential looks like wherever it is shown."""


class Secret(str):
    """
    A `str` holding a credential, for HTTP libraries to send.

    Its characters are the credential, so a header or form built from it
    works as any string does; but `repr`, `str`, `format` and f-strings show a
    mask, so a log line or a traceback never holds it.  `reveal` returns the
    plain string when you do need to print it.
    """

    __slots__ = ()

    def __repr__(self) -> str:
        return f"Secret({MASK!r})"

    def __str__(self) -> str:
        return MASK

    def __format__(self, spec: str) -> str:
        return format(MASK, spec)

    def reveal(self) -> str:
        """Return the credential as a plain `str`."""
        return str.__str__(self)


def basic_authorization(token: CreatePersonalAccessTokenResponse) -> Secret:
    """
    Return the ``Authorization`` header value for *token*, per RFC 7617.

    ``Basic`` and the base64 of ``id:secret`` in UTF-8.

    Raises:
        ValueError: the id holds a colon, which RFC 7617 does not allow.
    """
    if ":" in token.id:
        msg = "a Basic Auth user name (the token id) may not contain a colon"
        raise ValueError(msg)
    pair = f"{token.id}:{token.secret}".encode()
    return Secret("Basic " + base64.b64encode(pair).decode("ascii"))


def client_credentials(token: CreatePersonalAccessTokenResponse) -> dict[str, str]:
    """
    Return the OAuth 2.0 client-credentials form for *token*'s access token request.

    Post it form-encoded to the tenant's ``/oauth/token``; the secret is a
    `Secret`, so the dict prints without it.
    """
    return {
        "grant_type": "client_credentials",
        "client_id": token.id,
        "client_secret": Secret(token.secret),
    }
