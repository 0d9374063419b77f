import datetime as dt

import pendulum
import pytest

from pat_models import (
    ABSENT,
    expires_at,
    is_expired,
    time_left,
)

from .payloads import make_created, make_listed

EXPIRY = pendulum.datetime(2026, 8, 1, 12)
CREATED = pendulum.datetime(2026, 2, 1)


def created(expiration_date):
    return make_created(created=CREATED, expiration_date=expiration_date)


@pytest.mark.parametrize(
    ("at", "expired", "left"),
    [
        (pendulum.datetime(2026, 8, 1, 11), False, dt.timedelta(hours=1)),
        (pendulum.datetime(2026, 8, 1, 11, 59, 59, 999000), False, dt.timedelta(milliseconds=1)),
        (EXPIRY, True, dt.timedelta(0)),
        (pendulum.datetime(2027, 1, 1), True, dt.timedelta(0)),
        (
            dt.datetime(2026, 8, 1, 13, 30, tzinfo=dt.timezone(dt.timedelta(hours=2))),
            False,
            dt.timedelta(minutes=30),
        ),
    ],
)
def test_expiry_at_an_instant(at, expired, left):
    """A token is expired from its expiration instant on, and has the difference left before."""
    for token in (make_listed(created=CREATED, expiration_date=EXPIRY), created(EXPIRY)):
        assert is_expired(token, at) is expired
        assert time_left(token, at) == left
        assert type(time_left(token, at)) is dt.timedelta


@pytest.mark.parametrize(
    "token",
    [
        make_listed(created=CREATED, expiration_date=None),
        make_listed(created=CREATED, user_aware_token_never_expires=True),
        make_listed(
            created=CREATED,
        ),
        created(None),
        created(ABSENT),
    ],
)
def test_tokens_without_an_expiry_never_expire(token):
    """null, the acknowledgement flag, or no date on record: no expiry, no time to count."""
    assert expires_at(token) is None
    assert is_expired(token, pendulum.datetime(9999, 1, 1)) is False
    assert time_left(token, pendulum.datetime(9999, 1, 1)) is None


@pytest.mark.parametrize("flag", [True, False, None, ABSENT])
def test_a_stated_date_is_when_a_token_expires_whatever_the_flag_says(flag):
    """The flag acknowledges a token without a date; a PATCH may set the date alone, and it holds."""
    token = make_listed(
        created=CREATED, expiration_date=EXPIRY, user_aware_token_never_expires=flag
    )

    assert expires_at(token) == EXPIRY
    assert is_expired(token, pendulum.datetime(2026, 12, 1)) is True
    assert time_left(token, CREATED) == EXPIRY - CREATED


def test_now_is_the_default_instant():
    """Without an instant, the check is made against the current time."""
    assert is_expired(make_listed(created=CREATED, expiration_date=pendulum.datetime(2000, 1, 1)))
    assert not is_expired(
        make_listed(created=CREATED, expiration_date=pendulum.datetime(9000, 1, 1))
    )


def test_a_naive_instant_is_refused():
    """Comparing against a naive datetime would guess its zone."""
    with pytest.raises(ValueError, match="naive"):
        is_expired(make_listed(created=CREATED, expiration_date=EXPIRY), dt.datetime(2026, 1, 1))  # noqa: DTZ001
