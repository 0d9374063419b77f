"""The token exchange: its request, its answer read strictly, and when an access token is due."""

import json
import urllib.parse

import pytest

import pat_models as pm
from pat_models.sansio import AccessToken, TokenResponse, token_call

ANSWER = {
    "access_token": "eyJhbGciOiJIUzI1NiJ9.e30.c2lnbmF0dXJl",
    "token_type": "bearer",
    "expires_in": 749,
    "scope": "sp:scopes:default sp:scopes:all",
    "tenant_id": "2c91808458ae7a4f0158b1bbf8af0628",
    "pod": "stg01-useast1",
    "org": "acme",
    "identity_id": "2c9180a46faadee4016fb4e018c20639",
    "user_id": "ci",
    "strong_auth": True,
    "jti": "f84bdb33",
    "accessType": "OFFLINE",
    "internal": True,
    "claims": {"sessionKey": "s3cr3t"},
}


def test_the_token_request_is_the_client_credentials_form_posted_to_oauth_token():
    call = token_call("https://acme.api.identitynow.com/", "id1", pm.Secret("se&cret="))

    assert (call.request.method, call.request.url) == (
        "POST",
        "https://acme.api.identitynow.com/oauth/token",
    )
    assert call.request.headers["Content-Type"] == "application/x-www-form-urlencoded"
    assert urllib.parse.parse_qs(call.request.body.decode()) == {
        "grant_type": ["client_credentials"],
        "client_id": ["id1"],
        "client_secret": ["se&cret="],  # the secret's own characters, not its repr
    }
    assert "se&cret" not in repr(call.request)
    assert "cret%3D" not in repr(call.request)


def test_the_answer_reads_what_a_session_needs_typed_and_keeps_the_rest_by_name():
    answer = TokenResponse.from_body(json.dumps(ANSWER).encode())

    assert isinstance(answer.access_token, pm.Secret)
    assert answer.access_token == ANSWER["access_token"]
    assert (answer.token_type, answer.expires_in) == ("bearer", 749)
    assert answer.scopes == ("sp:scopes:default", "sp:scopes:all")
    assert dict(answer.extra) == {key: ANSWER[key] for key in list(ANSWER)[3:]}


def test_the_answer_s_repr_shows_neither_the_token_nor_unknown_values():
    shown = repr(TokenResponse.from_body(json.dumps(ANSWER).encode()))

    assert ANSWER["access_token"] not in shown
    assert "s3cr3t" not in shown
    assert "OFFLINE" not in shown
    assert "claims" in shown  # names yes, values no


def test_an_answer_with_only_the_required_keys_is_read_and_nulls_of_the_others_kept():
    answer = TokenResponse.from_body(
        b'{"access_token": "t", "token_type": "bearer", "expires_in": 15, "scope": null}'
    )

    assert (answer.expires_in, dict(answer.extra)) == (15, {"scope": None})
    assert answer.scopes == ()


@pytest.mark.parametrize(
    ("changes", "problems"),
    [
        ({"access_token": None}, [("$.access_token", "expected a string")]),
        (
            {"access_token": ""},
            [("$.access_token", "expected a bearer token, of RFC 6750's characters")],
        ),
        (
            {"access_token": "ab\r\nX: y"},
            [("$.access_token", "expected a bearer token, of RFC 6750's characters")],
        ),
        (
            {"access_token": "a\u2603"},
            [("$.access_token", "expected a bearer token, of RFC 6750's characters")],
        ),
        ({"expires_in": "749"}, [("$.expires_in", "expected an integer")]),
        ({"expires_in": True}, [("$.expires_in", "expected an integer")]),
        ({"expires_in": 7.5}, [("$.expires_in", "expected an integer")]),
        ({"expires_in": 0}, [("$.expires_in", "expected a number of seconds, 1 to 1000000000")]),
        (
            {"expires_in": 10**9 + 1},
            [("$.expires_in", "expected a number of seconds, 1 to 1000000000")],
        ),
        ({"token_type": None}, [("$.token_type", "expected a string")]),
        (
            {"access_token": 5, "token_type": 1},
            [("$.access_token", "expected a string"), ("$.token_type", "expected a string")],
        ),
    ],
)
def test_a_wrong_answer_is_one_error_naming_every_problem_and_no_value(changes, problems):
    body = json.dumps({**ANSWER, **changes}).encode()

    with pytest.raises(pm.ValidationError) as raised:
        TokenResponse.from_body(body)

    assert list(raised.value.problems) == problems
    assert ANSWER["access_token"] not in str(raised.value)


@pytest.mark.parametrize("missing", ["access_token", "token_type", "expires_in"])
def test_a_required_key_missing_is_named(missing):
    body = json.dumps({k: v for k, v in ANSWER.items() if k != missing}).encode()

    with pytest.raises(pm.ValidationError) as raised:
        TokenResponse.from_body(body)

    assert raised.value.problems == ((f"$.{missing}", "missing required key"),)


@pytest.mark.parametrize(
    "body", [b"[]", b'"token"', b"<html>", b"", b"\xff{}", b'{"expires_in": NaN}', b"{} {}"]
)
def test_an_answer_that_is_not_an_object_is_refused(body):
    with pytest.raises(pm.ValidationError):
        TokenResponse.from_body(body)


@pytest.mark.parametrize(
    ("lifetime", "renewed_after"),
    [(15, 13.5), (60, 54.0), (749, 674.1), (3000, 2700.0), (43200, 42900.0)],
)
def test_an_access_token_is_used_for_most_of_its_life_whatever_its_length(lifetime, renewed_after):
    token = AccessToken(pm.Secret("t"), obtained=100.0, lifetime=lifetime)

    assert token.renew_at == pytest.approx(100.0 + renewed_after)
    assert not token.due(100.0 + renewed_after - 0.01)
    assert token.due(100.0 + renewed_after)


def test_an_access_token_s_repr_hides_it_and_its_header_holds_it():
    token = AccessToken(pm.Secret("abc.def"), obtained=0.0, lifetime=15)

    assert "abc.def" not in repr(token)
    assert token.authorization().reveal() == "Bearer abc.def"
    assert "abc.def" not in repr(token.authorization())
