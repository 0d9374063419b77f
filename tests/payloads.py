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
