"""
Hypothesis strategies: model instances, and the wire documents they come from.
"""

import datetime as dt
import json
from typing import Any

import pendulum
from hypothesis import strategies as st

from pat_models import ABSENT, CreatePersonalAccessTokenResponse, OwnerType, PatOwner

text = st.text(max_size=20)

# Every datetime Python can hold in UTC, at any precision and offset; the
# models keep it to the millisecond in UTC.
aware_datetimes = st.datetimes(
    min_value=dt.datetime(1, 1, 2),  # noqa: DTZ001
    max_value=dt.datetime(9999, 12, 30),  # noqa: DTZ001
    timezones=st.integers(-23 * 60 - 59, 23 * 60 + 59).map(
        lambda minutes: dt.timezone(dt.timedelta(minutes=minutes))
    ),
)

millis = st.datetimes(
    min_value=dt.datetime(1, 1, 1),  # noqa: DTZ001
    max_value=dt.datetime(9999, 12, 31, 23, 59, 59, 999000),  # noqa: DTZ001
).map(
    lambda d: pendulum.DateTime(
        d.year, d.month, d.day, d.hour, d.minute, d.second, d.microsecond // 1000 * 1000,
        tzinfo=pendulum.UTC,
    )
)  # fmt: skip
"""UTC instants to the millisecond: exactly what the wire carries."""


def wire_timestamp(value: pendulum.DateTime) -> str:
    """Write *value* the API's way, independently of the code under test."""
    date = f"{value.year:04d}-{value.month:02d}-{value.day:02d}"
    time = f"{value.hour:02d}:{value.minute:02d}:{value.second:02d}.{value.microsecond // 1000:03d}"
    return f"{date}T{time}Z"


json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(), children, max_size=4)
    ),
    max_leaves=10,
)
"""JSON values as `json.loads` returns them."""


def extra_keys(known: set[str]) -> st.SearchStrategy[dict[str, Any]]:
    """Unknown keys and their values, as a newer API version might send."""
    return st.dictionaries(text.filter(lambda key: key not in known), json_values, max_size=3)


def maybe(strategy: st.SearchStrategy[Any], *, nullable: bool = False) -> st.SearchStrategy[Any]:
    """A value, or ABSENT (and None, where the wire allows ``null``)."""
    alternatives = st.just(ABSENT) | strategy
    return alternatives | st.none() if nullable else alternatives


OWNER_KEYS = {"type", "id", "name"}
RESPONSE_KEYS = {
    "id", "secret", "scope", "name", "owner", "created", "accessTokenValiditySeconds",
    "expirationDate",
}  # fmt: skip

owner_types = st.sampled_from(OwnerType) | text

owners = st.builds(
    PatOwner,
    type=maybe(owner_types),
    id=maybe(text),
    name=maybe(text),
    extra=extra_keys(OWNER_KEYS),
)

create_responses = st.builds(
    CreatePersonalAccessTokenResponse,
    id=text,
    secret=text,
    scope=maybe(st.lists(text).map(tuple), nullable=True),
    name=text,
    owner=owners,
    created=aware_datetimes | millis,
    access_token_validity_seconds=maybe(st.integers()),
    expiration_date=maybe(aware_datetimes | millis, nullable=True),
    extra=extra_keys(RESPONSE_KEYS),
)


@st.composite
def _document(
    draw: st.DrawFn, fields: dict[str, tuple[st.SearchStrategy[Any], bool]], known: set[str]
) -> dict[str, Any]:
    doc = {}
    for key, (strategy, required) in fields.items():
        if required or draw(st.booleans()):
            doc[key] = draw(strategy)
    return {**doc, **draw(extra_keys(known))}


timestamps = millis.map(wire_timestamp)

owner_documents = _document(
    {
        "type": (st.sampled_from(["IDENTITY", "ACCOUNT"]) | text, False),
        "id": (text, False),
        "name": (text, False),
    },
    OWNER_KEYS,
)

create_response_documents = _document(
    {
        "id": (text, True),
        "secret": (text, True),
        "scope": (st.none() | st.lists(text), False),
        "name": (text, True),
        "owner": (owner_documents, True),
        "created": (timestamps, True),
        "accessTokenValiditySeconds": (st.integers(), False),
        "expirationDate": (st.none() | timestamps, False),
    },
    RESPONSE_KEYS,
).map(json.dumps)
"""Create responses as JSON text, in the API's canonical form."""
