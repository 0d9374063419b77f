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
from pat_models._datetime import format_timestamp

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


@pytest.mark.parametrize("text", ["1000000000d", "142857143w", "9" * 5000 + "s"])
def test_a_duration_longer_than_python_holds_is_refused_by_name(text):
    with pytest.raises(ValueError, match=r"^expected a duration of at most 999999999 days$"):
        parse_duration(text)


END = pendulum.datetime(9999, 12, 31, 23)
START = pendulum.datetime(1, 1, 1, 1)


@pytest.mark.parametrize(
    ("at", "expires", "within", "expected"),
    [
        (END, END + dt.timedelta(minutes=30), dt.timedelta(hours=2), "expiring"),
        (END, END + dt.timedelta(minutes=30), dt.timedelta(days=30), "expiring"),
        (END, END + dt.timedelta(minutes=30), dt.timedelta(minutes=10), "ok"),
    ],
)
def test_a_window_past_the_end_of_time_ends_there(at, expires, within, expected):
    """An hour before year 10000, a two-hour window holds every later instant, not none."""
    token = listed(expirationDate=format_timestamp(expires), lastUsed=format_timestamp(at))

    assert judge(token, at, within, STALE)[0] == expected


@pytest.mark.parametrize(
    ("last_used", "stale", "expected"),
    [
        (START - dt.timedelta(minutes=30), dt.timedelta(hours=2), "ok"),
        (START - dt.timedelta(minutes=30), dt.timedelta(days=90), "ok"),
        (START - dt.timedelta(minutes=30), dt.timedelta(minutes=10), "stale"),
    ],
)
def test_a_staleness_reaching_before_the_start_of_time_is_never_reached(last_used, stale, expected):
    """An hour after year 1 began, nothing can have been unused for two hours yet."""
    created, last_used = START - dt.timedelta(hours=1), format_timestamp(last_used)
    token = listed(created=format_timestamp(created), lastUsed=last_used)

    assert judge(token, START, WITHIN, stale)[0] == expected


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
