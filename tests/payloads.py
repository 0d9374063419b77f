"""
Real wire documents, in the shape of every API version that sent them.

Each is JSON text as the API wrote it (canonical ``…mmmZ`` timestamps), so a
round trip must give back the same document.  The version history is in the
project's spec notes: ``scope`` arrived in 2022-11, ``owner`` became a
PatOwner in 2023-11, ``accessTokenValiditySeconds`` in 2024-10,
``expirationDate`` in 2025-07 and became nullable in 2026-02.
"""

import json
from pathlib import Path

import pendulum

from pat_models import (
    CreatePersonalAccessTokenResponse,
    GetPersonalAccessTokenResponse,
    PatOwner,
)

SECRET = "1d1bef2b9f426383447f64f69349fc7cac176042578d205c256ba3f37c59adb9"

SEED = (Path(__file__).parent.parent / "examples" / "create-response.json").read_text()

_OWNER = {"type": "IDENTITY", "id": "2c9180a46faadee4016fb4e018c20639", "name": "Support"}
_FIRST = {
    "id": "86f1dc6fe8f54414950454cbb11278fa",
    "secret": SECRET,
    "name": "NodeJS Integration",
    "owner": _OWNER,
    "created": "2022-09-14T08:00:00.000Z",
}


def _v(**keys: object) -> str:
    return json.dumps({**_FIRST, **keys})


CREATE_RESPONSES = {
    "seed": SEED,
    "2022-09 first version": _v(),
    "2022-09 owner of another type": _v(
        owner={"type": "ACCOUNT", "id": "2c9180835d191a86015d28455b4a2329", "name": "svc"}
    ),
    "2022-11 scope": _v(scope=["sp:scopes:all"]),
    "2022-11 scope null": _v(scope=None),
    "2023-11 PatOwner without name": _v(scope=[], owner={"type": "IDENTITY", "id": "x"}),
    "2024-10 validity": _v(scope=["sp:scopes:default"], accessTokenValiditySeconds=43200),
    "2025-07 expiry": _v(
        scope=["sp:scopes:all"],
        accessTokenValiditySeconds=15,
        expirationDate="2026-01-14T08:00:00.000Z",
    ),
    "2026-02 never expires": _v(
        scope=["sp:scopes:all"], accessTokenValiditySeconds=43200, expirationDate=None
    ),
    "future keys": _v(
        scope=["sp:scopes:all"],
        accessTokenValiditySeconds=43200,
        expirationDate="2027-01-14T08:00:00.000Z",
        userAwareTokenNeverExpires=False,
        rotation={"policy": "P90D", "notify": [1, 2.5, None, True, "x"]},
        owner={**_OWNER, "email": "support@example.com"},
    ),
    "non-ASCII text": _v(name="Intégration – 日本 🚀", scope=["sp:scopes:all"]),
}


def _get(**keys: object) -> dict[str, object]:
    first = {k: v for k, v in _FIRST.items() if k != "secret"}
    return {**first, **keys}


LISTINGS = {
    "2022-09 first version": [_get()],
    "2022-11 scope": [_get(scope=["sp:scopes:all"])],
    "2023-02 lastUsed": [
        _get(scope=["sp:scopes:all"], lastUsed="2023-02-05T10:59:27.214Z"),
        _get(id="b", scope=None, lastUsed=None),
    ],
    "2024-02 managed": [_get(scope=["sp:scopes:all"], lastUsed=None, managed=True)],
    "2024-10 validity": [
        _get(scope=["sp:scopes:all"], managed=False, accessTokenValiditySeconds=36900)
    ],
    "2025-07 expiry": [
        _get(
            scope=["demo:personal-access-token-scope:first"],
            lastUsed="2023-02-05T10:59:27.214Z",
            managed=False,
            accessTokenValiditySeconds=36900,
            expirationDate="2018-01-11T18:45:37.098Z",
        )
    ],
    "2026-02 never expires": [
        _get(
            scope=["sp:scopes:all"],
            managed=False,
            accessTokenValiditySeconds=43200,
            expirationDate=None,
            userAwareTokenNeverExpires=True,
        )
    ],
    "empty": [],
}
"""``GET /personal-access-tokens`` bodies: JSON arrays of GetPersonalAccessTokenResponse."""

CREATE_REQUESTS = {
    "name only": {"name": "NodeJS Integration"},
    "2022-11 scope": {"name": "x", "scope": ["demo:personal-access-token-scope:first"]},
    "scope null": {"name": "x", "scope": None},
    "2024-10 validity": {
        "name": "x",
        "scope": ["sp:scopes:all"],
        "accessTokenValiditySeconds": 36900,
    },
    "2025-07 expiry": {
        "name": "x",
        "accessTokenValiditySeconds": 15,
        "expirationDate": "2018-01-11T18:45:37.098Z",
    },
    "2026-02 never expires": {
        "name": "x",
        "expirationDate": None,
        "userAwareTokenNeverExpires": True,
    },
    "nulls everywhere": {
        "name": "x",
        "scope": None,
        "accessTokenValiditySeconds": None,
        "expirationDate": None,
        "userAwareTokenNeverExpires": None,
    },
}

PATCHES = {
    "spec example": [
        {"op": "replace", "path": "/name", "value": "New name"},
        {"op": "replace", "path": "/scope", "value": ["sp:scopes:all"]},
    ],
    "replace with null": [{"op": "replace", "path": "/expirationDate", "value": None}],
    "never expires": [
        {"op": "replace", "path": "/userAwareTokenNeverExpires", "value": True},
        {"op": "remove", "path": "/expirationDate"},
    ],
    "every op": [
        {"op": "add", "path": "/scope/-", "value": "sp:scopes:default"},
        {"op": "remove", "path": "/scope/0"},
        {"op": "replace", "path": "/name", "value": {"nested": [1, 2.5, False, None]}},
        {"op": "move", "from": "/a~1b", "path": "/c~0d"},
        {"op": "copy", "from": "/name", "path": ""},
        {"op": "test", "path": "/managed", "value": False},
    ],
}

BULK_UPDATES = {
    "set expiry": {
        "ids": ["2c9180835d191a86015d28455b4a2329", "2c5680835d191a85765d28455b4a9823"],
        "patch": [
            {"op": "replace", "path": "/expirationDate", "value": "2026-08-01T00:00:00.000Z"}
        ],
    },
    "never expires": {
        "ids": ["a"],
        "patch": [
            {"op": "replace", "path": "/userAwareTokenNeverExpires", "value": True},
            {"op": "remove", "path": "/expirationDate"},
        ],
    },
    "25 ids": {
        "ids": [f"id{i}" for i in range(25)],
        "patch": [{"op": "replace", "path": "/userAwareTokenNeverExpires", "value": False}],
    },
}

ERROR_BODIES = {
    "403": (
        403,
        {
            "detailCode": "403 Forbidden",
            "trackingId": "b21b1f7ce4da4d639f2c62a57171b427",
            "messages": [
                {
                    "locale": "en-US",
                    "localeOrigin": "DEFAULT",
                    "text": "The server understood the request but refuses to authorize it.",
                }
            ],
        },
    ),
    "400 with causes and nulls": (
        400,
        {
            "detailCode": "400.1 Bad Request Content",
            "trackingId": "e7eab60924f64aa284175b9fa3309599",
            "messages": [
                {"locale": "en-US", "localeOrigin": "DEFAULT", "text": "The request was bad."},
                {"locale": None, "localeOrigin": None, "text": "..."},
                {"locale": "fr-FR", "localeOrigin": "SOMEWHERE_NEW", "text": "mauvais"},
            ],
            "causes": [],
        },
    ),
    "401": (401, {"error": "JWT validation failed: JWT is expired"}),
    "429": (429, {"message": "Rate Limit Exceeded"}),
}


def listed_item(name="T", expires="2027-06-01T00:00:00.000Z", owner="Support"):
    """A listed token, used on 2026-11-30, expiring when asked."""
    listed = LISTINGS["2025-07 expiry"][0]
    return {
        **listed,
        "name": name,
        "owner": {**listed["owner"], "name": owner},
        "lastUsed": "2026-11-30T00:00:00.000Z",
        "expirationDate": expires,
    }


def seed(**changes: object) -> dict[str, object]:
    """The seed document as a dict, with some keys changed; a value of ... removes the key."""
    doc = {**json.loads(SEED), **changes}
    return {key: value for key, value in doc.items() if value is not ...}


def seed_text(**changes: object) -> str:
    """The seed document as JSON text, with some keys changed as for `seed`."""
    return json.dumps(seed(**changes))


CREATED = pendulum.DateTime(2017, 7, 11, 18, 45, 37, 98000, tzinfo=pendulum.UTC)


def make_created(**fields: object) -> CreatePersonalAccessTokenResponse:
    """A create response built by hand: the fields given, and plain ones for the rest it needs."""
    needed = {"id": "a", "secret": SECRET, "name": "n", "owner": PatOwner(), "created": CREATED}
    return CreatePersonalAccessTokenResponse(**{**needed, **fields})  # type: ignore[arg-type]


def make_listed(**fields: object) -> GetPersonalAccessTokenResponse:
    """A listed token built by hand: the fields given, and plain ones for the rest it needs."""
    needed = {"id": "a", "name": "n", "owner": PatOwner(), "created": CREATED}
    return GetPersonalAccessTokenResponse(**{**needed, **fields})  # type: ignore[arg-type]


def nested_arrays(levels: int) -> list[object]:
    """An array *levels* deep: ``[]`` is one level, ``[[]]`` two."""
    value: list[object] = []
    for _ in range(levels - 1):
        value = [value]
    return value
