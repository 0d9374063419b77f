"""
Which tokens need attention: expired, expiring, never expiring, unused.

Each token gets the most urgent status that applies to it, and a report is
sorted by urgency, soonest expiry first.  A token is judged on its own, so a
report keeps what it prints of each token, never the tokens.
"""

from __future__ import annotations

import datetime as dt
import re

import attrs
import pendulum

from .._absent import ABSENT
from .._expiry import Token, expires_at
from .._models import GetPersonalAccessTokenResponse

STATUSES = ("expired", "expiring", "stale", "never-expires", "managed", "ok")
"""Every status, most urgent first."""

_DURATION = re.compile(r"(?:\d+[wdhms])+", re.ASCII)
_PART = re.compile(r"(\d+)([wdhms])", re.ASCII)
_UNITS = {"w": "weeks", "d": "days", "h": "hours", "m": "minutes", "s": "seconds"}


def parse_duration(text: str) -> dt.timedelta:
    """
    Read a duration such as ``30d``, ``12h`` or ``1w2d``.

    Raises:
        ValueError: *text* is not such a duration, or is longer than a
            `datetime.timedelta` holds (999,999,999 days).
    """
    if not _DURATION.fullmatch(text):
        msg = "expected a duration such as 30d, 12h, 90m or 1w2d (w, d, h, m, s)"
        raise ValueError(msg)
    try:
        return sum(
            (dt.timedelta(**{_UNITS[unit]: int(count)}) for count, unit in _PART.findall(text)),
            dt.timedelta(0),
        )
    except (OverflowError, ValueError):  # beyond a timedelta, or digits beyond int's limit
        msg = "expected a duration of at most 999999999 days"
        raise ValueError(msg) from None


@attrs.frozen
class Horizon:
    """
    The instants a report judges every token against, worked out once.

    Attributes:
        at: The instant judged at.
        expiring_by: A token that expires no later than this is ``expiring``.
        unused_since: A listed token last used (or, never used, created)
            before this is ``stale``.
    """

    at: dt.datetime
    expiring_by: dt.datetime
    unused_since: dt.datetime


def horizon(at: dt.datetime, within: dt.timedelta, stale: dt.timedelta) -> Horizon:
    """Return the `Horizon` of a report as of *at*, held within the years a datetime has."""
    return Horizon(at, _shifted(at, within), _shifted(at, -stale))


def judge(token: Token, horizon: Horizon) -> tuple[str, pendulum.DateTime | None]:
    """Return *token*'s most urgent status within *horizon*, and when it expires."""
    expires = expires_at(token)
    if expires is not None and expires <= horizon.at:
        status = "expired"
    elif expires is not None and expires <= horizon.expiring_by:
        status = "expiring"
    elif _is_stale(token, horizon.unused_since):
        status = "stale"
    elif expires is None:
        status = "never-expires"
    elif isinstance(token, GetPersonalAccessTokenResponse) and token.managed is True:
        status = "managed"
    else:
        status = "ok"
    return status, expires


def _shifted(at: dt.datetime, by: dt.timedelta) -> dt.datetime:
    """Return *at* moved *by*, held within the years a datetime has."""
    try:
        return at + by
    except OverflowError:
        return _LATEST if by > dt.timedelta(0) else _EARLIEST


_LATEST = pendulum.DateTime.max.replace(tzinfo=pendulum.UTC)
_EARLIEST = pendulum.DateTime.min.replace(tzinfo=pendulum.UTC)


def urgency(status: str, expires: dt.datetime | None, name: str) -> tuple[int, dt.datetime, str]:
    """Return a finding's sort key: most urgent status first, then soonest expiry, then name."""
    return STATUSES.index(status), expires or _LATEST, name


def _is_stale(token: Token, since: dt.datetime) -> bool:
    if not isinstance(token, GetPersonalAccessTokenResponse) or token.last_used is ABSENT:
        return False
    last = token.last_used if token.last_used is not None else token.created
    return last < since
