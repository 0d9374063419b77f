"""
The hand-written floor: the fastest correct code for the benchmark's payloads.

`loads_create` and `loads_listing` read the payloads `bench.py` times, with
every check `loads` makes on them and nothing more: orjson (or the standard
library without it), exact types, the canonical timestamp form, no unknown
keys, slots set directly and timestamps made with ``fromisoformat`` and
`pendulum.DateTime`.  They give up on any other input, without a word of
why.  `bench.py` asserts that they return what `loads` returns before it
times them.

The writers build the wire dicts by hand; `UncheckedResponse` is what attrs
alone costs to build a response with no checks.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from typing import Any

import attrs
import pendulum

from pat_models import (
    CreatePersonalAccessTokenResponse,
    GetPersonalAccessTokenResponse,
    OwnerType,
    PatOwner,
)
from pat_models._values import EMPTY

try:
    import orjson
except ImportError:  # the floor reads as pat_models does: with what is installed
    orjson = None  # type: ignore[assignment]

_new = object.__new__
_UTC = pendulum.UTC
_DateTime = pendulum.DateTime
_fromisoformat = dt.datetime.fromisoformat
_CANONICAL = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z", re.ASCII).fullmatch
_OWNER_TYPES = OwnerType._value2member_map_
_read = orjson.loads if orjson is not None else json.loads


class NotTheBenchmarkPayloadError(ValueError):
    """The floor reads only what the benchmark sends."""


def _setters(cls: type) -> list[Any]:
    return [cls.__dict__[field.name].__set__ for field in attrs.fields(cls)]


def _time(value: Any) -> pendulum.DateTime:
    if type(value) is not str or not _CANONICAL(value):
        raise NotTheBenchmarkPayloadError
    p = _fromisoformat(value[:23])
    return _DateTime(p.year, p.month, p.day, p.hour, p.minute, p.second, p.microsecond, _UTC)


def _strings(value: Any) -> tuple[str, ...]:
    if type(value) is not list:
        raise NotTheBenchmarkPayloadError
    for item in value:
        if type(item) is not str:
            raise NotTheBenchmarkPayloadError
    return tuple(value)


_OWNER = _setters(PatOwner)


def _owner(d: Any) -> PatOwner:
    if type(d) is not dict or len(d) != 3:
        raise NotTheBenchmarkPayloadError
    kind, id_, name = d["type"], d["id"], d["name"]
    if type(kind) is not str or type(id_) is not str or type(name) is not str:
        raise NotTheBenchmarkPayloadError
    o = _new(PatOwner)
    _OWNER[0](o, _OWNER_TYPES.get(kind, kind))
    _OWNER[1](o, id_)
    _OWNER[2](o, name)
    _OWNER[3](o, EMPTY)
    return o


_CREATE = _setters(CreatePersonalAccessTokenResponse)


def loads_create(text: str) -> CreatePersonalAccessTokenResponse:
    d = _read(text)
    if type(d) is not dict or len(d) != 8:
        raise NotTheBenchmarkPayloadError
    id_, secret, name, seconds = d["id"], d["secret"], d["name"], d["accessTokenValiditySeconds"]
    if type(id_) is not str or type(secret) is not str or type(name) is not str:
        raise NotTheBenchmarkPayloadError
    if type(seconds) is not int:
        raise NotTheBenchmarkPayloadError
    o = _new(CreatePersonalAccessTokenResponse)
    _CREATE[0](o, id_)
    _CREATE[1](o, secret)
    _CREATE[2](o, _strings(d["scope"]))
    _CREATE[3](o, name)
    _CREATE[4](o, _owner(d["owner"]))
    _CREATE[5](o, _time(d["created"]))
    _CREATE[6](o, seconds)
    _CREATE[7](o, _time(d["expirationDate"]))
    _CREATE[8](o, EMPTY)
    return o


_ITEM = _setters(GetPersonalAccessTokenResponse)


def _item(d: Any) -> GetPersonalAccessTokenResponse:
    if type(d) is not dict or len(d) != 10:
        raise NotTheBenchmarkPayloadError
    id_, name, scope, last, managed = d["id"], d["name"], d["scope"], d["lastUsed"], d["managed"]
    seconds, expiry = d["accessTokenValiditySeconds"], d["expirationDate"]
    never = d["userAwareTokenNeverExpires"]
    if type(id_) is not str or type(name) is not str or type(seconds) is not int:
        raise NotTheBenchmarkPayloadError
    if type(managed) is not bool or type(never) is not bool:
        raise NotTheBenchmarkPayloadError
    o = _new(GetPersonalAccessTokenResponse)
    _ITEM[0](o, id_)
    _ITEM[1](o, name)
    _ITEM[2](o, None if scope is None else _strings(scope))
    _ITEM[3](o, _owner(d["owner"]))
    _ITEM[4](o, _time(d["created"]))
    _ITEM[5](o, None if last is None else _time(last))
    _ITEM[6](o, managed)
    _ITEM[7](o, seconds)
    _ITEM[8](o, None if expiry is None else _time(expiry))
    _ITEM[9](o, never)
    _ITEM[10](o, EMPTY)
    return o


def loads_listing(text: str) -> list[GetPersonalAccessTokenResponse]:
    items = _read(text)
    if type(items) is not list:
        raise NotTheBenchmarkPayloadError
    return [_item(d) for d in items]


def _time_out(value: dt.datetime) -> str:
    return "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ" % (  # noqa: UP031
        value.year, value.month, value.day, value.hour, value.minute, value.second,
        value.microsecond // 1000,
    )  # fmt: skip


def unstructure_create(t: Any) -> dict[str, Any]:
    o = t.owner
    return {
        "id": t.id, "secret": t.secret, "scope": list(t.scope), "name": t.name,
        "owner": {"type": str(o.type), "id": o.id, "name": o.name},
        "created": _time_out(t.created),
        "accessTokenValiditySeconds": t.access_token_validity_seconds,
        "expirationDate": _time_out(t.expiration_date),
    }  # fmt: skip


def unstructure_item(t: Any) -> dict[str, Any]:
    o = t.owner
    return {
        "id": t.id, "name": t.name, "scope": None if t.scope is None else list(t.scope),
        "owner": {"type": str(o.type), "id": o.id, "name": o.name},
        "created": _time_out(t.created),
        "lastUsed": None if t.last_used is None else _time_out(t.last_used),
        "managed": t.managed, "accessTokenValiditySeconds": t.access_token_validity_seconds,
        "expirationDate": None if t.expiration_date is None else _time_out(t.expiration_date),
        "userAwareTokenNeverExpires": t.user_aware_token_never_expires,
    }  # fmt: skip


def dumps_json(data: Any) -> str:
    if orjson is not None:
        return orjson.dumps(data).decode()
    return json.dumps(data, separators=(",", ":"), ensure_ascii=False)


@attrs.frozen(kw_only=True)
class UncheckedOwner:
    """PatOwner's fields without its checks: what attrs alone costs to build one."""

    type: Any = None
    id: Any = None
    name: Any = None
    extra: Any = None


@attrs.frozen(kw_only=True)
class UncheckedResponse:
    """CreatePersonalAccessTokenResponse's fields without its checks."""

    id: Any
    secret: Any
    scope: Any = attrs.field(converter=tuple)
    name: Any
    owner: Any
    created: Any
    access_token_validity_seconds: Any = None
    expiration_date: Any = None
    extra: Any = None
