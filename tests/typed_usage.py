"""A caller's code, checked with mypy --strict by test_typing.py: the types guide the reader."""

import pendulum

from pat_models import (
    ABSENT,
    CreatePersonalAccessTokenRequest,
    CreatePersonalAccessTokenResponse,
    PatOwner,
    dumps,
    loads,
)


def expires_before(text: str, instant: pendulum.DateTime) -> bool:
    token = loads(text, CreatePersonalAccessTokenResponse)
    expiry = token.expiration_date
    if expiry is ABSENT or expiry is None:
        return False
    return expiry < instant  # narrowed to pendulum.DateTime


def scopes(token: CreatePersonalAccessTokenResponse) -> tuple[str, ...]:
    if token.scope is ABSENT or token.scope is None:
        return ()
    return token.scope


def write_with_owner(token: CreatePersonalAccessTokenResponse) -> str:
    owner = PatOwner(type="IDENTITY", id="2c91")
    return dumps([token, owner])


def requests() -> list[CreatePersonalAccessTokenRequest]:
    # A list field takes any iterable, null where the API allows it, or ABSENT.
    return [
        CreatePersonalAccessTokenRequest(name="a", scope=["sp:scopes:all"]),
        CreatePersonalAccessTokenRequest(name="b", scope=None),
        CreatePersonalAccessTokenRequest(name="c", scope=ABSENT),
    ]
