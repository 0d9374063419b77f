"""
When a token expires, and how long it has left.

A token expires at its ``expirationDate``, whatever ``userAwareTokenNeverExpires``
says: the flag acknowledges a token without a date, it does not stop one (a
PATCH may set the date alone).  A token never expires when its date is
``null``, or absent beside the flag.  A payload from before expiry existed
(July 2025) has no date at all: these helpers treat it as having none to
reach.
"""

from __future__ import annotations

import datetime as dt

import pendulum

from ._absent import ABSENT
from ._models import CreatePersonalAccessTokenResponse, GetPersonalAccessTokenResponse
from ._timestamps import to_utc_millis

Token = CreatePersonalAccessTokenResponse | GetPersonalAccessTokenResponse
"""A token as the API returns it: created, or listed."""


def expires_at(token: Token) -> pendulum.DateTime | None:
    """
    Return when *token* expires, or `None` if it never does (or has no date on record).

    Raises:
        TypeError: *token* is not a created or a listed token.
    """
    if not isinstance(token, (CreatePersonalAccessTokenResponse, GetPersonalAccessTokenResponse)):
        msg = f"expected a created or a listed token, got {type(token).__name__}"
        raise TypeError(msg)
    expiry = token.expiration_date
    return None if expiry is None or expiry is ABSENT else expiry


def is_expired(token: Token, at: dt.datetime | None = None) -> bool:
    """
    Tell whether *token* has expired at the instant *at* (default: now).

    A token is expired from its expiration instant on.

    Raises:
        TypeError: *token* is not a created or a listed token.
        ValueError: *at* is a naive datetime.
    """
    instant = _instant(at)  # first: a naive *at* is refused whatever the token
    expiry = expires_at(token)
    return expiry is not None and instant >= expiry


def time_left(token: Token, at: dt.datetime | None = None) -> dt.timedelta | None:
    """
    Return how long *token* has left at *at* (default: now), zero once expired.

    `None` for a token that never expires.

    Raises:
        TypeError: *token* is not a created or a listed token.
        ValueError: *at* is a naive datetime.
    """
    instant = _instant(at)
    expiry = expires_at(token)
    if expiry is None:
        return None
    return max(dt.datetime.__sub__(expiry, instant), dt.timedelta(0))


def _instant(at: dt.datetime | None) -> dt.datetime:
    return pendulum.now(pendulum.UTC) if at is None else to_utc_millis(at)
