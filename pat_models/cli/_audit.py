"""
The audit command: which tokens need attention, expired, expiring, never expiring, unused.

Each token gets the most urgent status that applies to it, and a report is
sorted by urgency, soonest expiry first.  A token is judged on its own, so a
report keeps what it prints of each token, never the tokens.
"""

from __future__ import annotations

import argparse
import datetime as dt
import itertools
import json
import re
import unicodedata
from typing import Any, TextIO

import attrs
import pendulum

from .. import (
    ABSENT,
    MASK,
    CreatePersonalAccessTokenResponse,
    GetPersonalAccessTokenResponse,
    Token,
    ValidationError,
    expires_at,
    format_timestamp,
    parse_timestamp,
    unstructure,
)
from ._commands import (
    EXIT_INCOMPLETE,
    EXIT_INVALID,
    EXIT_OK,
    EXIT_USAGE,
    Result,
    Run,
    Unread,
    json_line,
    owner_of,
    printable,
)
from ._reading import TYPES, detect

STATUSES = (
    "invalid",
    "expired",
    "expiring",
    "stale",
    "expiry-unknown",
    "never-expires",
    "managed",
    "ok",
)
"""Every status, most urgent first: a token that could not be fully read first of all."""

_DATED_YET_FLAGGED = (
    "userAwareTokenNeverExpires is true, yet an expirationDate is stated",
    "its date, though flagged never-expires",
)
_NULL_YET_UNFLAGGED = (
    "expirationDate is null, yet userAwareTokenNeverExpires is false",
    "no date, though not flagged never-expires",
)

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
    """
    Return *token*'s most urgent status within *horizon*, and when it expires.

    A stated date decides, whatever the never-expires flag says (see
    `contradiction`); ``never-expires`` is only where the API said so, a
    ``null`` date or the flag without a date; a token that says nothing of
    its expiry (from before July 2025) is ``expiry-unknown``.
    """
    expires = expires_at(token)
    if expires is not None and expires <= horizon.at:
        status = "expired"
    elif expires is not None and expires <= horizon.expiring_by:
        status = "expiring"
    elif _is_stale(token, horizon.unused_since):
        status = "stale"
    elif expires is None and token.expiration_date is ABSENT and not _flagged(token):
        status = "expiry-unknown"
    elif expires is None:
        status = "never-expires"
    elif isinstance(token, GetPersonalAccessTokenResponse) and token.managed is True:
        status = "managed"
    else:
        status = "ok"
    return status, expires


def contradiction(token: Token) -> tuple[str, str] | None:
    """
    Say what *token* says of its expiry that cannot hold, for JSON and for the table; or None.

    The API lets a PATCH set the date or the flag alone.  Either way the
    token is judged by its date (`judge`), and the contradiction named.
    """
    flag = getattr(token, "user_aware_token_never_expires", ABSENT)
    if flag is True and isinstance(token.expiration_date, dt.datetime):
        return _DATED_YET_FLAGGED
    if flag is False and token.expiration_date is None:
        return _NULL_YET_UNFLAGGED
    return None


def _flagged(token: Token) -> bool:
    return getattr(token, "user_aware_token_never_expires", ABSENT) is True


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


# The audit command: a report of every token read, most urgent first.


_Row = tuple[int, dt.datetime, str, int, str]
"""
What a report keeps of one token: where it sorts, and what it prints.

Its status (an index in `STATUSES`), its expiry and name, the order it was
read in (so that ties keep it), and its table cells or its JSON line: a
report keeps every row until it is sorted, so never the models.
"""


def run_audit(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    run = Run(args.paths, out, err, None)
    at = args.at or pendulum.now(pendulum.UTC)
    window = horizon(at, args.within, args.stale)
    rows: list[_Row] = []
    for _, _, results in run.results():
        for result in results:
            run.report(result, err)
            _add_rows(rows, result, run, window, as_json=args.json)
    rows.sort()
    if args.json:
        out.write("[")
        out.writelines(f"{',' if index else ''}\n  {row[-1]}" for index, row in enumerate(rows))
        out.write("\n]\n" if rows else "]\n")
    else:
        _table([row[-1] for row in rows], out)
    counts = dict.fromkeys(STATUSES, 0)
    for row in rows:
        counts[STATUSES[row[0]]] += 1
    tally = ", ".join(f"{count} {status}" for status, count in counts.items() if count)
    tokens = "1 token" if len(rows) == 1 else f"{len(rows)} tokens"
    run.say(f"{tokens} as of {format_timestamp(at)}: {tally or 'none'}")
    if run.unreadable:
        return EXIT_USAGE
    if run.invalid or run.empty:
        return EXIT_INCOMPLETE
    failing = ("expired", "expiring", *(("expiry-unknown",) if args.fail_unknown_expiry else ()))
    return EXIT_INVALID if any(counts[status] for status in failing) else EXIT_OK


def _add_rows(
    rows: list[_Row], result: Result, run: Run, window: Horizon, *, as_json: bool
) -> None:
    """Add a row for each token of *result*, one that did not load included."""
    if isinstance(result.obj, (CreatePersonalAccessTokenResponse, GetPersonalAccessTokenResponse)):
        rows.append(_audit_row(result.obj, window, len(rows), as_json=as_json))  # most documents
        return
    objs = result.obj if isinstance(result.obj, list) else [result.obj]
    for index, obj in enumerate(objs):
        if isinstance(obj, (CreatePersonalAccessTokenResponse, GetPersonalAccessTokenResponse)):
            rows.append(_audit_row(obj, window, len(rows), as_json=as_json))
        elif isinstance(obj, Unread):
            if _could_be_a_token(obj.value):
                rows.append(_unread_row(obj.value, len(rows), as_json=as_json))
        elif obj is not None:
            path = f"$[{index}]" if isinstance(result.obj, list) else "$"
            kind = next(name for name, model in TYPES.items() if model is type(obj))
            run.say(
                f"{result.where}: {path}: audit reads token and create-response "
                f"documents, not {kind}"
            )
            run.invalid += 1


def _audit_row(token: Token, window: Horizon, number: int, *, as_json: bool) -> _Row:
    status, expires = judge(token, window)
    rank, expiry, name = urgency(status, expires, token.name)
    contradicts = contradiction(token)
    if as_json:
        wire = unstructure(token)
        shown = {key: wire[key] for key in _JSON_KEYS if key in wire} | {"status": status}
        shown["owner"] |= dict.fromkeys(token.owner.extra, MASK)  # names yes, values no
        if contradicts:
            shown["contradiction"] = contradicts[0]
        return rank, expiry, name, number, _json_line(shown)
    last_used = getattr(token, "last_used", ABSENT)
    cells = (
        printable(token.name),
        printable(owner_of(token)),
        _when(token.created),
        "never" if last_used is None else _when(last_used),
        "never" if expires is None and token.expiration_date is not ABSENT else _when(expires),
        f"{status} ({contradicts[1]})" if contradicts else status,
    )
    return rank, expiry, name, number, _CELL.join(cells)


_JSON_KEYS = (
    "id",
    "name",
    "owner",
    "created",
    "lastUsed",
    "managed",
    "expirationDate",
    "userAwareTokenNeverExpires",
)
_OWNER_KEYS = ("type", "id", "name")


def _could_be_a_token(value: object) -> bool:
    """Tell whether an item that did not load was meant as a token: none of the other types."""
    if not isinstance(value, dict):
        return False
    try:
        cls = detect(value)
    except ValidationError:  # none, or several, of the types fit its keys
        return bool(value.keys() & {"id", "secret", "name", "owner", "created"})
    return cls in (CreatePersonalAccessTokenResponse, GetPersonalAccessTokenResponse)


def _unread_row(value: dict[str, Any], number: int, *, as_json: bool) -> _Row:
    """
    Return the row of a token that did not load: what of it could be read, status ``invalid``.

    Only keys the models know are shown, and only values of the type each
    takes; what could not be read is ``-`` in the table and left out of JSON.
    """
    name = value.get("name")
    name = name if isinstance(name, str) else ""
    owner = value.get("owner")
    owner = (
        {key: owner[key] for key in _OWNER_KEYS if isinstance(owner.get(key), str)}
        if isinstance(owner, dict)
        else {}
    )
    times = {
        key: _instant_or_none(value.get(key)) for key in ("created", "lastUsed", "expirationDate")
    }
    if as_json:
        shown: dict[str, Any] = {"id": value["id"]} if isinstance(value.get("id"), str) else {}
        shown |= {"name": name} if "name" in value and name else {}
        shown |= {"owner": owner} if owner else {}
        shown |= {key: format_timestamp(when) for key, when in times.items() if when is not None}
        if isinstance(value.get("managed"), bool):
            shown["managed"] = value["managed"]
        return 0, _EARLIEST, name, number, _json_line(shown | {"status": "invalid"})
    cells = (
        printable(name or "?"),
        printable(owner.get("name") or owner.get("id") or "?"),
        _when(times["created"]),
        "never" if "lastUsed" in value and value["lastUsed"] is None else _when(times["lastUsed"]),
        "never"
        if "expirationDate" in value and value["expirationDate"] is None
        else _when(times["expirationDate"]),
        "invalid",
    )
    return 0, _EARLIEST, name, number, _CELL.join(cells)


def _json_line(data: dict[str, Any]) -> str:
    """Write a row of ``--json``: what it holds came from models, strings and booleans only."""
    return json_line(json.dumps(data, ensure_ascii=False, separators=(",", ":")))[:-1]


def _minute(value: dt.datetime) -> str:
    """Write *value* to the minute, in UTC, for a table: ``YYYY-MM-DD HH:MM``."""
    return format_timestamp(value)[:16].replace("T", " ")


def _instant_or_none(value: object) -> pendulum.DateTime | None:
    try:
        return parse_timestamp(value)
    except ValueError:
        return None


_COLUMNS = ("NAME", "OWNER", "CREATED", "LAST USED", "EXPIRES", "STATUS")


# Cells are kept joined, one string a row: a report keeps every row until it is
# sorted.  No cell holds the separator, a control character `_printable` escapes.
_CELL = "\0"


def _table(rows: list[str], out: TextIO) -> None:
    if not rows:
        return
    widths = [len(title) for title in _COLUMNS[:-1]]
    for row in rows:
        widths = list(map(max, widths, map(columns, row.split(_CELL))))
    out.writelines(
        "  ".join([*map(_padded, cells, widths), cells[-1]]) + "\n"
        for cells in itertools.chain([_COLUMNS], (row.split(_CELL) for row in rows))
    )


def columns(text: str) -> int:
    """Count the terminal columns *text* takes: two a wide character, none a combining one."""
    if text.isascii():
        return len(text)
    return sum(
        0 if unicodedata.combining(char) else 2 if unicodedata.east_asian_width(char) in "WF" else 1
        for char in text
    )


def _padded(text: str, width: int) -> str:
    return text + " " * (width - columns(text))


def _when(value: object) -> str:
    """Write a timestamp for a table cell: to the minute, in UTC; "-" when unknown."""
    return _minute(value) if isinstance(value, dt.datetime) else "-"
