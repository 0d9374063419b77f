"""
Timestamps as the PAT API writes them: RFC 3339, UTC, to the millisecond.

Every date-time the API has ever sent is ``YYYY-MM-DDTHH:MM:SS.mmmZ``.  Reading
is strict about the shape (no date-only strings, no naive times, no ``"now"``)
and tolerant where RFC 3339 is: any numeric offset, any number of fractional
digits.  ``pendulum.parse`` is not used: it is slow and guesses.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Literal

import pendulum

from ._errors import json_type

SubMillisecond = Literal["truncate", "reject"]

_UTC = pendulum.UTC

# RFC 3339, section 5.6.  ``T`` and ``Z`` may be lower case there; the
# seconds fraction has any number of digits.  [0-9], not \d, which is any
# script's digit in Python's regular expressions.
_TIME = "([0-9]{2}):([0-9]{2}):([0-9]{2})(?:[.]([0-9]+))?"
_OFFSET = "(?:[Zz]|([+-])([0-9]{2}):([0-9]{2}))"
_RFC3339 = re.compile(f"([0-9]{{4}})-([0-9]{{2}})-([0-9]{{2}})[Tt]{_TIME}{_OFFSET}")

# The same for JSON Schema, where no code runs: the calendar and the clock
# spelled out (no month 13, no 30 February, 29 February in leap years only,
# no hour 24 or second 60, offsets up to 23:59), and the end "nothing
# follows", not $, which Python lets a final newline follow.
_YEAR = "(?!0000)[0-9]{4}"
_LEAP_YEAR = "(?!0000)(?:[0-9]{2}(?:0[48]|[2468][048]|[13579][26])|(?:[02468][048]|[13579][26])00)"
_DATE = (
    f"(?:{_YEAR}-(?:0[1-9]|1[0-2])-(?:0[1-9]|1[0-9]|2[0-8])"
    f"|{_YEAR}-(?:0[13-9]|1[0-2])-(?:29|30)"
    f"|{_YEAR}-(?:0[13578]|1[02])-31"
    f"|{_LEAP_YEAR}-02-29)"
)
_CLOCK = "(?:[01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](?:[.][0-9]+)?"
_ZONE = "(?:[Zz]|[+-](?:[01][0-9]|2[0-3]):[0-5][0-9])"
PATTERN = f"^{_DATE}[Tt]{_CLOCK}{_ZONE}(?![\\s\\S])"
"""The date-times `parse_timestamp` reads, as a JSON Schema pattern."""

_DateTime = pendulum.DateTime
_fromisoformat = dt.datetime.fromisoformat

_OUT_OF_RANGE = "the date-time is outside the years 1 to 9999 in UTC"
EXPECTED = "expected an RFC 3339 date-time with a time zone, like 2017-07-11T18:45:37.098Z"


def parse_timestamp(
    value: object, _type: object = None, *, sub_millisecond: SubMillisecond = "truncate"
) -> pendulum.DateTime:
    """
    Parse an RFC 3339 timestamp into a UTC `pendulum.DateTime` in milliseconds.

    Args:
        value: The wire value; anything but a string is rejected.
        _type: Ignored: the type cattrs passes to a structure hook.
        sub_millisecond: What to do with non-zero digits past the third of the
            fraction: ``"truncate"`` drops them (as a server with millisecond
            clocks does), ``"reject"`` refuses the value.

    Raises:
        ValueError: *value* is not such a timestamp.  The message never
            repeats the value, which may be anything the sender put there.
    """
    # The form every API version writes, YYYY-MM-DDTHH:MM:SS.mmmZ in ASCII,
    # is read by the C parser, five times faster than the general one.  The
    # separators are checked here (--T::. every third character from the
    # fifth, and Z) and so are the fraction's digits, where fromisoformat
    # would take a UTC offset; it reads only digits in the other places.
    # Together they take what \d in a regular expression would, at half the
    # cost.
    if (
        type(value) is str
        and len(value) == 24  # noqa: PLR2004
        and value[4:20:3] == "--T::."
        and value[23] == "Z"
        and value.isascii()
        and value[20:23].isdigit()
        and value[11:13] != "24"  # some Pythons read 24:00 as the next midnight
    ):
        try:
            parts = _fromisoformat(value[:23])
        except ValueError:
            pass  # not digits, or no such day: the general parser says which
        else:
            return _DateTime(
                parts.year, parts.month, parts.day, parts.hour, parts.minute, parts.second,
                parts.microsecond, _UTC,
            )  # fmt: skip
    if type(value) is not str:
        msg = f"{EXPECTED}, got {json_type(value)}"
        raise ValueError(msg)
    return _parse_rfc3339(value, sub_millisecond)


def _parse_rfc3339(value: str, sub_millisecond: SubMillisecond) -> pendulum.DateTime:
    """Parse any RFC 3339 date-time, or say precisely why it is not one."""
    match = _RFC3339.fullmatch(value)
    if match is None:
        raise ValueError(EXPECTED)
    year, month, day, hour, minute, second, fraction, sign, off_h, off_m = match.groups()
    micro = 0
    if fraction:
        micro = int(fraction[:3].ljust(3, "0")) * 1000
        if sub_millisecond == "reject" and fraction[3:].strip("0"):
            msg = "the API's timestamps stop at milliseconds; this one has finer digits"
            raise ValueError(msg)
    zone: dt.tzinfo = _UTC
    if sign is not None:
        if int(off_h) > 23 or int(off_m) > 59:  # noqa: PLR2004
            msg = "the UTC offset is not between -23:59 and +23:59"
            raise ValueError(msg)
        minutes = int(off_h) * 60 + int(off_m)
        zone = dt.timezone(dt.timedelta(minutes=minutes if sign == "+" else -minutes))
    try:
        moment = pendulum.DateTime(
            int(year), int(month), int(day), int(hour), int(minute), int(second), micro, zone
        )
    except ValueError:
        try:
            dt.date(int(year), int(month), int(day))
        except ValueError:
            msg = "not a valid date: no such month, or no such day in that month"
        else:
            msg = "not a valid time of day: there is no hour 24, no minute or second 60"
        raise ValueError(msg) from None
    if zone is _UTC:
        return moment
    return to_utc_millis(moment)


def format_timestamp(value: dt.datetime) -> str:
    """
    Write *value* as the API does: ``YYYY-MM-DDTHH:MM:SS.mmmZ``, in UTC.

    Three fraction digits always, ``.000`` included; digits past the
    millisecond are dropped, as when reading.

    Raises:
        TypeError: *value* is not a `datetime.datetime`.
        ValueError: *value* is naive.
    """
    if type(value) is not _DateTime or value.tzinfo is not _UTC:
        value = to_utc_millis(value)
    # Looking the fields' texts up is three times as fast as formatting them
    # (%02d), and isoformat() is slower still: it asks pendulum's
    # Python-level tzinfo for the offset.
    return (
        f"{_YEARS[value.year]}{_TWO[value.month]}-{_TWO[value.day]}T{_TWO[value.hour]}:"
        f"{_TWO[value.minute]}:{_TWO[value.second]}{_MILLIS[value.microsecond // 1000]}"
    )


class _Years(dict[int, str]):
    """``YYYY-`` by year, made the first time a year is written."""

    def __missing__(self, year: int) -> str:
        text = self[year] = f"{year:04d}-"
        return text


_YEARS = _Years()
_TWO = [f"{number:02d}" for number in range(100)]
_MILLIS = [f".{number:03d}Z" for number in range(1000)]


def to_utc_millis(value: dt.datetime) -> pendulum.DateTime:
    """
    Return *value* as a UTC `pendulum.DateTime` truncated to the millisecond.

    The models pass every timestamp through this, so an instance only ever
    holds what the wire can carry and ``loads(dumps(x)) == x`` always holds.

    Raises:
        TypeError: *value* is not a `datetime.datetime`.
        ValueError: *value* is naive (which instant it means is a guess), or
            outside the years 1 to 9999 in UTC.
    """
    if type(value) is pendulum.DateTime and value.tzinfo is _UTC and not value.microsecond % 1000:
        return value
    if not isinstance(value, dt.datetime):
        msg = f"expected a timezone-aware datetime, got {type(value).__name__}"
        raise TypeError(msg)
    offset = value.utcoffset()
    if offset is None:
        msg = "a naive datetime names no instant; give it a time zone"
        raise ValueError(msg)
    try:
        return _from_naive_utc(value.replace(tzinfo=None) - offset)
    except OverflowError:
        raise ValueError(_OUT_OF_RANGE) from None


def _from_naive_utc(value: dt.datetime) -> pendulum.DateTime:
    return pendulum.DateTime(
        value.year, value.month, value.day, value.hour, value.minute, value.second,
        value.microsecond // 1000 * 1000, tzinfo=_UTC,
    )  # fmt: skip
