"""
A created token as credentials: the Basic Auth header and the OAuth form.

A token's id and secret are a Basic Auth user name and password, and an OAuth
client id and secret.  What these helpers return holds a `Secret`: a `str`
that HTTP libraries send as it is, whose `repr` alone is masked, so that a
dict or an object logged with ``%r`` or shown in a traceback stays safe.
"""

from __future__ import annotations

import base64

from ._models import CreatePersonalAccessTokenResponse
from ._values import MASK


class Secret(str):
    """
    A `str` holding a credential, for HTTP libraries to send.

    It is the credential in every way a string is used: `str`, f-strings,
    ``+``, `urllib.parse.urlencode`, and the headers and forms of requests,
    httpx and aiohttp all give its characters, so it goes out on the wire
    as it is.  Only `repr` is masked: a dict of credentials, or an object
    that holds one, printed with ``%r``, in a traceback's locals or in a
    debugger, shows ``Secret('********')``.  Do not print it with ``%s``.
    """

    __slots__ = ()

    def __repr__(self) -> str:
        return f"Secret({MASK!r})"

    def reveal(self) -> str:
        """Return the credential as a plain `str`, which prints as it is."""
        return str.__str__(self)


def basic_authorization(token: CreatePersonalAccessTokenResponse) -> Secret:
    """
    Return the ``Authorization`` header value for *token*, per RFC 7617.

    ``Basic`` and the base64 of ``id:secret`` in UTF-8.

    Raises:
        ValueError: the id holds a colon, which RFC 7617 does not allow, or
            the id or secret a lone surrogate, which UTF-8 cannot encode.
            The message never holds either.
        TypeError: *token* is not a created token.
    """
    _check_created(token)
    if ":" in token.id:
        msg = "a Basic Auth user name (the token id) may not contain a colon"
        raise ValueError(msg)
    text = f"{token.id}:{token.secret}"
    # Looked for, not caught: a UnicodeEncodeError holds the text, in args and as __context__.
    if not text.isascii() and any("\ud800" <= char <= "\udfff" for char in text):
        msg = "the token id or secret holds a lone surrogate, which UTF-8 cannot encode"
        raise ValueError(msg)
    pair = text.encode()
    # The standard alphabet (+ and /), as RFC 7617 says; not the URL-safe one.
    return Secret("Basic " + base64.b64encode(pair).decode("ascii"))


def client_credentials(token: CreatePersonalAccessTokenResponse) -> dict[str, str]:
    """
    Return the OAuth 2.0 client-credentials form for *token*'s access token request.

    Post it form-encoded to the tenant's ``/oauth/token``; the secret is a
    `Secret`, so the dict prints without it.

    Raises:
        TypeError: *token* is not a created token.
    """
    _check_created(token)
    return {
        "grant_type": "client_credentials",
        "client_id": token.id,
        "client_secret": Secret(token.secret),
    }


def _check_created(token: object) -> None:
    # Only a created token holds a secret; a listed one has none to send.
    if not isinstance(token, CreatePersonalAccessTokenResponse):
        msg = f"expected a CreatePersonalAccessTokenResponse, got {type(token).__name__}"
        raise TypeError(msg)
