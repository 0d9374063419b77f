"""Which tokens need attention: each boundary of each status, and the order of a report."""

import datetime as dt
import json

import attrs
import pendulum
import pytest

from pat_models import (
    ABSENT,
    CreatePersonalAccessTokenResponse,
    GetPersonalAccessTokenResponse,
    loads,
)
from pat_models._audit import judge, parse_duration, urgency

from .payloads import LISTINGS, SEED

AT = pendulum.datetime(2026, 12, 1)
MS = dt.timedelta(milliseconds=1)
WITHIN = dt.timedelta(days=30)
STALE = dt.timedelta(days=90)
FAR = "2030-01-01T00:00:00.000Z"


def _stamp(moment):
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"


def listed(**keys):
    item = {
        **LISTINGS["2025-07 expiry"][0],
        "created": "2026-11-01T00:00:00.000Z",
        "lastUsed": "2026-11-30T00:00:00.000Z",
        "managed": False,
        "expirationDate": FAR,
        "userAwareTokenNeverExpires": False,
        **keys,
    }
    return loads(json.dumps(item), GetPersonalAccessTokenResponse)


def created(**keys):
    return loads(json.dumps({**json.loads(SEED), **keys}), CreatePersonalAccessTokenResponse)


def status(token):
    return judge(token, AT, WITHIN, STALE)[0]


@pytest.mark.parametrize(
    ("expires", "expected"),
    [
        (AT - MS, "expired"),
        (AT, "expired"),  # expiring at the very instant judged: gone
        (AT + MS, "expiring"),
        (AT + WITHIN, "expiring"),  # the last instant of the window is in it
        (AT + WITHIN + MS, "ok"),
    ],
)
def test_expiry_boundaries(expires, expected):
    assert status(listed(expirationDate=_stamp(expires))) == expected
    assert status(created(expirationDate=_stamp(expires))) == expected


@pytest.mark.parametrize(
    ("last_used", "expected"),
    [
        (AT - STALE + MS, "ok"),
        (AT - STALE, "ok"),  # used exactly the stale window ago: not yet stale
        (AT - STALE - MS, "stale"),
    ],
)
def test_staleness_boundary(last_used, expected):
    assert status(listed(lastUsed=_stamp(last_used))) == expected


def test_a_token_never_used_is_stale_by_its_creation():
    old = _stamp(AT - STALE - MS)

    assert status(listed(lastUsed=None, created=old)) == "stale"
    assert status(listed(lastUsed=None, created=_stamp(AT - STALE))) == "ok"


def test_a_token_whose_use_is_not_on_record_is_never_stale():
    """Versions before lastUsed existed say nothing of use: no guess is made."""
    token = listed(created="2000-01-01T00:00:00.000Z", lastUsed=None)
    unrecorded = attrs.evolve(token, last_used=ABSENT)

    assert status(token) == "stale"
    assert status(unrecorded) == "ok"


def test_a_created_token_is_judged_by_expiry_alone():
    """A create response has no lastUsed: old and unexpired, it is ok, never stale."""
    assert status(created(created="2000-01-01T00:00:00.000Z", expirationDate=FAR)) == "ok"


def test_the_remaining_statuses():
    assert status(listed(userAwareTokenNeverExpires=True)) == "never-expires"
    assert status(listed(expirationDate=None)) == "never-expires"
    assert status(listed(managed=True)) == "managed"
    assert status(listed(managed=True, expirationDate=_stamp(AT))) == "expired"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("30d", dt.timedelta(days=30)),
        ("12h", dt.timedelta(hours=12)),
        ("90m", dt.timedelta(minutes=90)),
        ("45s", dt.timedelta(seconds=45)),
        ("2w", dt.timedelta(weeks=2)),
        ("1w2d3h4m5s", dt.timedelta(weeks=1, days=2, hours=3, minutes=4, seconds=5)),
    ],
)
def test_durations_in_every_unit(text, expected):
    assert parse_duration(text) == expected


@pytest.mark.parametrize("text", ["", "30", "d", "1y", "1.5d", "-1d", "1d ", "１d"])
def test_what_is_not_a_duration(text):
    with pytest.raises(ValueError, match=r"^expected a duration such as 30d, 12h, 90m or 1w2d"):
        parse_duration(text)


def test_a_report_sorts_by_status_then_soonest_expiry_then_name():
    soon, later = AT + dt.timedelta(days=1), AT + dt.timedelta(days=2)
    findings = [
        ("ok", later, "a"),
        ("expiring", later, "a"),
        ("expiring", soon, "z"),
        ("expired", later, "b"),
        ("expiring", soon, "m"),
        ("never-expires", None, "c"),
        ("expired", later, "a"),
    ]

    ordered = sorted(findings, key=lambda finding: urgency(*finding))

    assert ordered == [
        ("expired", later, "a"),
        ("expired", later, "b"),
        ("expiring", soon, "m"),
        ("expiring", soon, "z"),
        ("expiring", later, "a"),
        ("never-expires", None, "c"),
        ("ok", later, "a"),
    ]
