import datetime as dt
import re

import pendulum
import pytest
from hypothesis import given
from hypothesis import strategies as st

from pat_models import CreatePersonalAccessTokenResponse, _timestamps, loads
from pat_models._timestamps import (
    _parse_rfc3339,
    format_timestamp,
    parse_timestamp,
    to_utc_millis,
)

from .payloads import SEED
from .strategies import aware_datetimes, millis, wire_timestamp


def utc(*parts: int) -> pendulum.DateTime:
    return pendulum.DateTime(*parts, tzinfo=pendulum.UTC)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2017-07-11T18:45:37.098Z", utc(2017, 7, 11, 18, 45, 37, 98000)),
        ("2017-07-11T18:45:37Z", utc(2017, 7, 11, 18, 45, 37)),
        ("2017-07-11T18:45:37.1Z", utc(2017, 7, 11, 18, 45, 37, 100000)),
        ("2017-07-11T18:45:37.098000Z", utc(2017, 7, 11, 18, 45, 37, 98000)),
        ("2017-07-11T18:45:37.098999999Z", utc(2017, 7, 11, 18, 45, 37, 98000)),
        ("2017-07-11t18:45:37.098z", utc(2017, 7, 11, 18, 45, 37, 98000)),
        ("2017-07-11T20:45:37.098+02:00", utc(2017, 7, 11, 18, 45, 37, 98000)),
        ("2017-07-11T13:15:37.098-05:30", utc(2017, 7, 11, 18, 45, 37, 98000)),
        ("2017-07-12T00:15:00+23:59", utc(2017, 7, 11, 0, 16)),
        ("2017-07-11T18:45:37.098-00:00", utc(2017, 7, 11, 18, 45, 37, 98000)),
        ("2016-02-29T23:59:59.999Z", utc(2016, 2, 29, 23, 59, 59, 999000)),
        ("0001-01-01T00:00:00.000Z", utc(1, 1, 1)),
        ("9999-12-31T23:59:59.999Z", utc(9999, 12, 31, 23, 59, 59, 999000)),
    ],
)
def test_parse_accepts_rfc3339(text, expected):
    """Any RFC 3339 date-time with a zone reads as the same UTC instant, to the millisecond."""
    value = parse_timestamp(text)

    assert value == expected
    assert type(value) is pendulum.DateTime
    assert value.tzinfo is pendulum.UTC


@pytest.mark.parametrize(
    "value",
    [
        "now",
        "today",
        "",
        "2017-07-11",
        "2017-07-11T18:45:37",
        "2017-07-11T18:45:37.098",
        "2017-07-11 18:45:37.098Z",
        "2017-07-11T18:45Z",
        "2017-07-11T18:45:37.Z",
        "2017-07-11T18:45:37.098+0200",
        "2017-07-11T18:45:37.098+02",
        "2017-07-11T18:45:37.098 Z",
        "2017-07-11T18:45:37.098Z\n",
        " 2017-07-11T18:45:37.098Z",
        "17-07-11T18:45:37.098Z",
        "+2017-07-11T18:45:37.098Z",
        "2017-7-11T18:45:37.098Z",
        "２０１７-07-11T18:45:37.098Z",
        "2017-07-11T18:45:37,098Z",
        "P1D",
        "PT12H",
        "1499798737098",
        "2017-W28-2T18:45:37Z",
        "2017-192T18:45:37Z",
        "20170711T184537Z",
        "2017-02-29T00:00:00Z",
        "2017-02-29T00:00:00.000Z",
        "2017-07-11T24:00:00.000Z",
        "2017-13-01T00:00:00Z",
        "2017-07-32T00:00:00Z",
        "2017-07-11T24:00:00Z",
        "2016-12-31T23:59:60Z",
        "2017-07-11T18:60:00Z",
        "2017-07-11T18:45:37+24:00",
        "2017-07-11T18:45:37+02:60",
        "0000-01-01T00:00:00Z",
        "0001-01-01T00:30:00+01:00",
        "9999-12-31T23:30:00-01:00",
        1499798737098,
        1499798737.098,
        None,
        True,
        ["2017-07-11T18:45:37.098Z"],
    ],
)
def test_parse_rejects_what_a_lenient_parser_would_guess_at(value):
    """Date-only, naive, relative, epoch, out-of-range and malformed values are errors."""
    with pytest.raises(ValueError, match=r"^(expected|not a valid|the )"):
        parse_timestamp(value)


RFC3339 = "expected an RFC 3339 date-time with a time zone, like 2017-07-11T18:45:37.098Z"


@pytest.mark.parametrize(
    ("value", "options", "message"),
    [
        ("now", {}, RFC3339),
        ("2017-07-11T18:45:37.0981", {}, RFC3339),
        (1499798737098, {}, RFC3339 + ", got integer"),
        (None, {}, RFC3339 + ", got null"),
        (True, {}, RFC3339 + ", got boolean"),
        (["2017-07-11T18:45:37.098Z"], {}, RFC3339 + ", got array"),
        ("2017-02-30T18:45:37.098Z", {},
         "not a valid date: no such month, or no such day in that month"),
        ("2017-13-01T18:45:37.098Z", {},
         "not a valid date: no such month, or no such day in that month"),
        ("2017-07-11T24:00:00.000Z", {},
         "not a valid time of day: there is no hour 24, no minute or second 60"),
        ("2017-07-11T23:59:60.000Z", {},
         "not a valid time of day: there is no hour 24, no minute or second 60"),
        ("2017-07-11T18:45:37.098+24:00", {}, "the UTC offset is not between -23:59 and +23:59"),
        ("2017-07-11T18:45:37.098-00:60", {}, "the UTC offset is not between -23:59 and +23:59"),
        ("0001-01-01T00:30:00.000+01:00", {}, "the date-time is outside the years 1 to 9999 in UTC"),
        ("2017-07-11T18:45:37.0981Z", {"sub_millisecond": "reject"},
         "the API's timestamps stop at milliseconds; this one has finer digits"),
    ],
)  # fmt: skip
def test_each_kind_of_bad_timestamp_has_its_own_exact_message(value, options, message):
    """The message says what is wrong with the value, word for word, and never repeats it."""
    with pytest.raises(ValueError, match=f"^{re.escape(message)}$"):
        parse_timestamp(value, **options)


@pytest.mark.parametrize(
    ("value", "error", "message"),
    [
        ("2017-07-11", TypeError, "expected a timezone-aware datetime, got str"),
        (dt.date(2017, 7, 11), TypeError, "expected a timezone-aware datetime, got date"),
        (dt.datetime(2017, 7, 11), ValueError,  # noqa: DTZ001 - the naive one is the point
         "a naive datetime names no instant; give it a time zone"),
    ],
)  # fmt: skip
def test_what_is_not_an_instant_is_refused_by_name(value, error, message):
    """A caller's wrong argument to a timestamp field is named exactly: the type, or naivety."""
    with pytest.raises(error, match=f"^{re.escape(message)}$"):
        to_utc_millis(value)


def test_parse_error_never_repeats_the_value():
    """The message describes the problem without echoing the input, which may be a secret."""
    secret = "1d1bef2b9f426383447f64f69349fc7cac176042578d205c256ba3f37c59adb9"

    with pytest.raises(ValueError, match="RFC 3339") as info:
        parse_timestamp(secret)

    assert secret not in str(info.value)


def test_reject_policy_refuses_digits_past_the_millisecond():
    """With sub_millisecond="reject", non-zero digits past the third are an error; zeros are not."""
    assert parse_timestamp("2017-07-11T18:45:37.098000Z", sub_millisecond="reject") == utc(
        2017, 7, 11, 18, 45, 37, 98000
    )
    with pytest.raises(ValueError, match="milliseconds"):
        parse_timestamp("2017-07-11T18:45:37.0981Z", sub_millisecond="reject")


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (utc(2017, 7, 11, 18, 45, 37, 98000), "2017-07-11T18:45:37.098Z"),
        (utc(2026, 8, 1), "2026-08-01T00:00:00.000Z"),
        (utc(1, 1, 1), "0001-01-01T00:00:00.000Z"),
        (utc(2017, 7, 11, 18, 45, 37, 98999), "2017-07-11T18:45:37.098Z"),
        (
            dt.datetime(2017, 7, 11, 20, 45, 37, 98000, dt.timezone(dt.timedelta(hours=2))),
            "2017-07-11T18:45:37.098Z",
        ),
        (
            pendulum.datetime(2017, 7, 11, 14, 45, 37, tz="America/New_York"),
            "2017-07-11T18:45:37.000Z",
        ),
    ],
)
def test_format_writes_the_api_form(value, expected):
    """Timestamps are written in UTC with exactly three fraction digits and a Z."""
    assert format_timestamp(value) == expected


@given(millis)
def test_parse_reads_what_format_writes(value):
    """Every millisecond instant survives format then parse."""
    text = format_timestamp(value)

    assert text == wire_timestamp(value)
    assert parse_timestamp(text) == value


@given(aware_datetimes)
def test_to_utc_millis_keeps_the_instant_to_the_millisecond(value):
    """Normalising moves to UTC and drops only the digits the wire cannot carry."""
    normal = to_utc_millis(value)

    assert normal.tzinfo is pendulum.UTC
    assert normal.microsecond % 1000 == 0
    plain = dt.datetime(*normal.timetuple()[:6], normal.microsecond, tzinfo=dt.timezone.utc)
    lost = value - plain
    assert dt.timedelta(0) <= lost < dt.timedelta(milliseconds=1)
    assert to_utc_millis(normal) is normal


@pytest.mark.parametrize(
    ("value", "error"),
    [
        (dt.datetime(2017, 7, 11, 18, 45, 37), ValueError),  # noqa: DTZ001
        (pendulum.naive(2017, 7, 11), ValueError),
        (dt.date(2017, 7, 11), TypeError),
        ("2017-07-11T18:45:37.098Z", TypeError),
    ],
)
def test_to_utc_millis_refuses_what_names_no_instant(value, error):
    """A naive datetime, a date or a string is not silently taken for a UTC instant."""
    with pytest.raises(error):
        to_utc_millis(value)


@pytest.mark.parametrize(
    "text",
    [
        "1447-12-04T11+22:15.146Z",
        "1117-02-10T01:08:14.-20Z",
        "1586-03-21T10:47:31.93ZZ",
        "2017-07-11T18:45:37.0981",
        "2017-07-11T18:45:3\u0667.098Z",  # an Arabic-Indic seven
        "2017-07-11T18:45:37\uff0e098Z",  # a full-width full stop
        "2017-W28-2T18:45:37.098Z",
        "2017-07-11 18:45:37.098Z",
    ],
)
def test_text_of_the_canonical_length_is_read_only_if_it_is_rfc3339(text):
    """Twenty-four characters with the right separators are not enough: every digit is checked."""
    with pytest.raises(ValueError, match=r"^expected an RFC 3339 date-time"):
        parse_timestamp(text)


_LOOK_ALIKES = "\u0660\u0667\u06f3\u0967\uff10\uff19\U0001d7ce\u00b9\u2082"
_SWAPS = st.sampled_from([*_LOOK_ALIKES, *"0123456789-:.+TtZz \x00"])


@st.composite
def near_canonical(draw: st.DrawFn) -> str:
    """A canonical timestamp with characters replaced, inserted or deleted."""
    chars = list(wire_timestamp(draw(millis)))
    for _ in range(draw(st.integers(1, 3))):
        index = draw(st.integers(0, len(chars)))
        kind = draw(st.sampled_from(["replace", "insert", "delete"]))
        if kind == "insert" or index == len(chars):
            chars.insert(index, draw(_SWAPS))
        elif kind == "replace":
            chars[index] = draw(_SWAPS)
        else:
            del chars[index]
    return "".join(chars)


def _outcome(parse, text):
    try:
        value = parse(text)
    except ValueError as error:
        return ("error", str(error))
    return ("value", value, format_timestamp(value))


@given(near_canonical() | millis.map(wire_timestamp))
def test_the_fast_path_and_the_general_parser_agree(text):
    """On every input the fast path reads what the RFC 3339 parser reads, or refuses it alike."""
    fast = _outcome(parse_timestamp, text)
    general = _outcome(lambda t: _parse_rfc3339(t, "truncate"), text)

    assert fast[:2] == general[:2]
    if fast[0] == "value":
        # The text kept for writing is the one format_timestamp writes for the instant.
        assert fast[2] == wire_timestamp(general[1])


def test_the_canonical_form_takes_the_fast_path():
    """A timestamp as the API writes it never reaches the general parser."""
    calls = []
    original = _timestamps._parse_rfc3339
    _timestamps._parse_rfc3339 = lambda *args: calls.append(args) or original(*args)
    try:
        parse_timestamp("2017-07-11T18:45:37.098Z")
        parse_timestamp("2017-07-11T18:45:37.098+00:00")
    finally:
        _timestamps._parse_rfc3339 = original

    assert [args[0] for args in calls] == ["2017-07-11T18:45:37.098+00:00"]


@pytest.mark.parametrize("micro", [0, 98000, 999000])
def test_a_utc_millisecond_datetime_is_taken_as_it_is(micro):
    """What the models hold already (UTC, whole milliseconds) is returned itself, not rebuilt."""
    value = utc(2017, 7, 11, 18, 45, 37, micro)

    assert to_utc_millis(value) is value


@pytest.mark.parametrize("micro", [1, 1001, 98500, 999999])
def test_a_utc_datetime_finer_than_a_millisecond_is_truncated(micro):
    """Only whole milliseconds pass as they are; finer digits are dropped, as when reading."""
    value = utc(2017, 7, 11, 18, 45, 37, micro)

    assert to_utc_millis(value) == utc(2017, 7, 11, 18, 45, 37, micro // 1000 * 1000)
    assert to_utc_millis(value).microsecond % 1000 == 0


@pytest.mark.parametrize(
    "value",
    [
        dt.datetime(1, 1, 1, tzinfo=dt.timezone(dt.timedelta(hours=1))),
        dt.datetime(9999, 12, 31, 23, tzinfo=dt.timezone(dt.timedelta(hours=-1))),
    ],
)
def test_instants_outside_the_years_the_wire_carries_are_refused(value):
    """An aware datetime that falls outside years 1 to 9999 in UTC is a ValueError, not an OverflowError."""
    with pytest.raises(ValueError, match=r"^the date-time is outside the years 1 to 9999 in UTC$"):
        to_utc_millis(value)


def test_a_loaded_timestamp_is_a_plain_pendulum_datetime():
    """Nothing is stored on it: it costs no more memory than any DateTime, and pickles as one."""
    token = loads(SEED, CreatePersonalAccessTokenResponse)

    assert vars(token.created) == {}
    assert vars(token.expiration_date) == {}
