"""
Which tokens need attention: expired, expiring, never expiring, unused.

Each token gets the most urgent status that applies to it, and a listing is
sorted by urgency, soonest expiry first.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable

import attrs
import pendulum

from ._absent import ABSENT
from ._expiry import Token, expires_at
from ._models import GetPersonalAccessTokenResponse

STATUSES = ("expired", "expiring", "stale", "never-expires", "managed", "ok")
"""Every status, most urgent first."""

_DURATION = re.compile(r"(?:\d+[wdhms])+", re.ASCII)
_PART = re.compile(r"(\d+)([wdhms])", re.ASCII)
_UNITS = {"w": "weeks", "d": "days", "h": "hours", "m": "minutes", "s": "seconds"}


def parse_duration(text: str) -> dt.timedelta:
    """
    Read a duration such as ``30d``, ``12h`` or ``1w2d``.

    Raises:
        ValueError: *text* is not such a duration.
    """
    if not _DURATION.fullmatch(text):
        msg = "expected a duration such as 30d, 12h, 90m or 1w2d (w, d, h, m, s)"
        raise ValueError(msg)
    return sum(
        (dt.timedelta(**{_UNITS[unit]: int(count)}) for count, unit in _PART.findall(text)),
        dt.timedelta(0),
    )


@attrs.frozen
class Finding:
    """
    A token and what its audit found.

    Attributes:
        token: The token, as listed or as created.
        status: Its most urgent status, one of `STATUSES`.
        expires: When it expires, or None if it never does.
    """

    token: Token
    status: str
    expires: pendulum.DateTime | None


def audit(
    tokens: Iterable[Token], at: dt.datetime, within: dt.timedelta, stale: dt.timedelta
) -> list[Finding]:
    """
    Give each token a status as of *at*, most urgent first.

    Args:
        tokens: The tokens to audit.
        at: The instant to judge them at.
        within: A token expiring no later than this after *at* is
            ``expiring``.
        stale: A listed token not used for this long (or never used, and
            created this long ago) is ``stale``.
    """
    findings = [_finding(token, at, within, stale) for token in tokens]
    latest = pendulum.DateTime.max.replace(tzinfo=pendulum.UTC)
    findings.sort(key=lambda f: (STATUSES.index(f.status), f.expires or latest, str(f.token.name)))
    return findings


def _finding(token: Token, at: dt.datetime, within: dt.timedelta, stale: dt.timedelta) -> Finding:
    expires = expires_at(token)
    if expires is not None and expires <= at:
        status = "expired"
    elif expires is not None and expires <= at + within:
        status = "expiring"
    elif _is_stale(token, at - stale):
        status = "stale"
    elif expires is None:
        status = "never-expires"
    elif isinstance(token, GetPersonalAccessTokenResponse) and token.managed is True:
        status = "managed"
    else:
        status = "ok"
    return Finding(token, status, expires)


def _is_stale(token: Token, since: dt.datetime) -> bool:
    if not isinstance(token, GetPersonalAccessTokenResponse) or token.last_used is ABSENT:
        return False
    last = token.last_used if token.last_used is not None else token.created
    return last < since
