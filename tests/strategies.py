"""
Hypothesis strategies: model instances, and the wire documents they come from.
"""

import datetime as dt
import json
from typing import Any

import pendulum
from hypothesis import strategies as st

from pat_models import (
    ABSENT,
    BulkUpdatePersonalAccessTokensRequest,
    CreatePersonalAccessTokenRequest,
    CreatePersonalAccessTokenResponse,
    ErrorMessageDto,
    ErrorResponseDto,
    GetPersonalAccessTokenResponse,
    JsonPatchOperation,
    ListPersonalAccessTokensV1401Response,
    ListPersonalAccessTokensV1429Response,
    LocaleOrigin,
    OwnerType,
    PatchOp,
    PatOwner,
    unstructure,
)
from pat_models._values import freeze

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


# The rest of the API's objects, valid under every rule.

names = st.text(min_size=1, max_size=20)
pointers = st.lists(
    st.text(max_size=5).map(lambda token: token.replace("~", "~0").replace("/", "~1")), max_size=3
).map(lambda tokens: "".join("/" + token for token in tokens))
frozen_json = json_values.map(freeze)

create_requests = st.builds(
    CreatePersonalAccessTokenRequest,
    name=names,
    scope=maybe(st.lists(text).map(tuple), nullable=True),
    access_token_validity_seconds=maybe(st.integers(15, 43200), nullable=True),
    expiration_date=maybe(aware_datetimes | millis, nullable=True),
    user_aware_token_never_expires=maybe(st.booleans(), nullable=True),
    extra=extra_keys(
        {
            "name",
            "scope",
            "accessTokenValiditySeconds",
            "expirationDate",
            "userAwareTokenNeverExpires",
        }
    ),
)

get_responses = st.builds(
    GetPersonalAccessTokenResponse,
    id=text,
    name=text,
    scope=maybe(st.lists(text).map(tuple), nullable=True),
    owner=owners,
    created=millis,
    last_used=maybe(millis, nullable=True),
    managed=maybe(st.booleans()),
    access_token_validity_seconds=maybe(st.integers()),
    expiration_date=maybe(millis, nullable=True),
    user_aware_token_never_expires=maybe(st.booleans()),
    extra=extra_keys(GET_KEYS := {
        "id", "name", "scope", "owner", "created", "lastUsed", "managed",
        "accessTokenValiditySeconds", "expirationDate", "userAwareTokenNeverExpires",
    }),
)  # fmt: skip


@st.composite
def patch_operations(
    draw: st.DrawFn, paths: st.SearchStrategy[str] = pointers
) -> JsonPatchOperation:
    op = draw(st.sampled_from(PatchOp))
    needs_value = op in (PatchOp.ADD, PatchOp.REPLACE, PatchOp.TEST)
    needs_from = op in (PatchOp.MOVE, PatchOp.COPY)
    return JsonPatchOperation(
        op=op,
        path=draw(paths),
        value=draw(frozen_json if needs_value else maybe(frozen_json)),
        from_=draw(pointers if needs_from else maybe(pointers)),
        extra=draw(extra_keys({"op", "path", "value", "from"})),
    )


bulk_operations = st.one_of(
    st.builds(
        JsonPatchOperation,
        op=st.just(PatchOp.REPLACE),
        path=st.just("/expirationDate"),
        value=st.none() | timestamps,
    ),
    st.builds(JsonPatchOperation, op=st.just(PatchOp.REMOVE), path=st.just("/expirationDate")),
    st.builds(
        JsonPatchOperation,
        op=st.sampled_from([PatchOp.ADD, PatchOp.REPLACE, PatchOp.REMOVE]),
        path=st.just("/userAwareTokenNeverExpires"),
        value=st.booleans(),
    ),
)

bulk_requests = st.builds(
    BulkUpdatePersonalAccessTokensRequest,
    ids=st.lists(names.filter(str.strip), min_size=1, max_size=25, unique=True),
    patch=st.lists(bulk_operations, min_size=1, max_size=3),
    extra=extra_keys({"ids", "patch"}),
)

error_messages = st.builds(
    ErrorMessageDto,
    locale=maybe(text, nullable=True),
    locale_origin=maybe(st.sampled_from(LocaleOrigin) | text, nullable=True),
    text=maybe(text),
    extra=extra_keys({"locale", "localeOrigin", "text"}),
)

error_responses = st.builds(
    ErrorResponseDto,
    detail_code=maybe(text),
    tracking_id=maybe(text),
    messages=maybe(st.lists(error_messages, max_size=3)),
    causes=maybe(st.lists(error_messages, max_size=3)),
    extra=extra_keys({"detailCode", "trackingId", "messages", "causes"}),
)

instances = {
    PatOwner: owners,
    CreatePersonalAccessTokenResponse: create_responses,
    CreatePersonalAccessTokenRequest: create_requests,
    GetPersonalAccessTokenResponse: get_responses,
    JsonPatchOperation: patch_operations(),
    BulkUpdatePersonalAccessTokensRequest: bulk_requests,
    ErrorMessageDto: error_messages,
    ErrorResponseDto: error_responses,
    ListPersonalAccessTokensV1401Response: st.builds(
        ListPersonalAccessTokensV1401Response, error=maybe(frozen_json), extra=extra_keys({"error"})
    ),
    ListPersonalAccessTokensV1429Response: st.builds(
        ListPersonalAccessTokensV1429Response,
        message=maybe(frozen_json),
        extra=extra_keys({"message"}),
    ),
}
"""A strategy of valid instances for every model."""

get_response_documents = _document(
    {
        "id": (text, True),
        "name": (text, True),
        "scope": (st.none() | st.lists(text), False),
        "owner": (owner_documents, True),
        "created": (timestamps, True),
        "lastUsed": (st.none() | timestamps, False),
        "managed": (st.booleans(), False),
        "accessTokenValiditySeconds": (st.integers(), False),
        "expirationDate": (st.none() | timestamps, False),
        "userAwareTokenNeverExpires": (st.booleans(), False),
    },
    GET_KEYS,
)

listing_documents = st.lists(get_response_documents, max_size=5).map(json.dumps)
"""``GET /personal-access-tokens`` bodies as JSON text."""

error_message_documents = _document(
    {
        "locale": (st.none() | text, False),
        "localeOrigin": (st.none() | st.sampled_from(["DEFAULT", "REQUEST"]) | text, False),
        "text": (text, False),
    },
    {"locale", "localeOrigin", "text"},
)

error_response_documents = _document(
    {
        "detailCode": (text, False),
        "trackingId": (text, False),
        "messages": (st.lists(error_message_documents, max_size=3), False),
        "causes": (st.lists(error_message_documents, max_size=3), False),
    },
    {"detailCode", "trackingId", "messages", "causes"},
).map(json.dumps)


# Mutations of valid documents, for fuzzing: every input must either load (and
# then round-trip) or raise the library's one error.

SECRET_MARK = "S3CR3T-do-not-print-0123456789abcdef"

valid_texts = st.one_of(
    create_response_documents.map(
        lambda text: json.dumps({**json.loads(text), "secret": SECRET_MARK})
    ),
    listing_documents,
    error_response_documents,
    *(strategy.map(lambda obj: json.dumps(unstructure(obj))) for strategy in instances.values()),
)
"""Valid wire documents of every model, with a known secret in the create responses."""

nasty_values = st.sampled_from(
    [
        "1e400", "-1e400", "-0", "-0.0", "NaN", "Infinity", "-Infinity", "9" * 5000, "1" * 25,
        '"\\ud800"', '"\\udfff\\ud800"', '"\\u0000"', "[" * 3000 + "]" * 3000, "{}", "[]", "null",
        "true", '"now"', '"2017-07-11"', '"2017-07-11T18:45:37"', "1499798737098", '"' + "x" * 5000 + '"',
    ]
)  # fmt: skip


_JSON_MUTATIONS = ("delete", "duplicate", "swap", "nasty")
_BYTE_MUTATIONS = ("garbage", "truncate", "nest", "utf8", "bom")


@st.composite
def mutated_texts(draw: st.DrawFn) -> bytes:
    """A valid document, then broken or bent in one of the ways parsers get attacked."""
    text = draw(valid_texts)
    kind = draw(st.sampled_from([*_JSON_MUTATIONS, *_BYTE_MUTATIONS, "keep"]))
    if kind in _JSON_MUTATIONS:
        text = _mutate_json(draw, text, kind)
    raw = text.encode("utf-8", "surrogatepass")
    return _mutate_bytes(draw, raw, kind) if kind in _BYTE_MUTATIONS else raw


def _mutate_json(draw: st.DrawFn, text: str, kind: str) -> str:
    value = json.loads(text)
    target = _pick_object(draw, value)
    if not target:
        return text
    key = draw(st.sampled_from(sorted(target)))
    if kind == "delete":
        del target[key]
    elif kind == "swap":
        target[key] = draw(json_values)
    elif kind == "nasty":
        target[key] = "\0NASTY\0"
    text = json.dumps(value)
    if kind == "duplicate":
        again = draw(st.sampled_from(['"x"', "1", "null", json.dumps(SECRET_MARK)]))
        text = text.replace("{", "{" + json.dumps(key) + ": " + again + ", ", 1)
    if kind == "nasty":
        text = text.replace('"\\u0000NASTY\\u0000"', draw(nasty_values))
    return text


def _mutate_bytes(draw: st.DrawFn, raw: bytes, kind: str) -> bytes:
    at = draw(st.integers(0, len(raw)))
    if kind == "garbage":
        return raw[:at] + draw(st.binary(min_size=1, max_size=8)) + raw[at:]
    if kind == "truncate":
        return raw[: min(at, len(raw) - 1)]
    if kind == "nest":
        depth = draw(st.sampled_from([10, 127, 128, 129, 500, 999, 1000, 5000]))
        return raw.replace(b"{", b'{"deep": ' + b"[" * depth + b"]" * depth + b", ", 1)
    if kind == "utf8":
        bad = draw(st.sampled_from([b"\xff", b"\xc3", b"\xed\xa0\x80", b"\xf4\x90\x80\x80"]))
        return raw[:at] + bad + raw[at:]
    return b"\xef\xbb\xbf" + raw


def _pick_object(draw: st.DrawFn, value: Any) -> dict[str, Any] | None:
    """Some object inside *value*, at any depth, or None if it holds none."""
    found: list[dict[str, Any]] = []

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            if node:
                found.append(node)
            for item in node.values():
                walk(item)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    walk(value)
    return draw(st.sampled_from(found)) if found else None
