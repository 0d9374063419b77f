"""Every PAT call of every version as data: the request it makes, and what its answer reads as."""

import datetime as dt
import json
import re
import urllib.parse

import pytest

import pat_models as pm
from pat_models.sansio import Api, ApiError, Response, SettingError, last_used_isnull, last_used_le

from ..payloads import SEED, listed_item

BASE = "https://acme.api.identitynow.com"
LEGACY = ["v3", "beta", "v2024", "v2025", "v2026"]
VERSIONS = [*LEGACY, "v1"]


def collection(version):
    """The path of the token collection, as the specs write it for *version*."""
    if version == "v1":
        return f"{BASE}/personal-access-tokens/v1"
    return f"{BASE}/{version}/personal-access-tokens"


def request_for(version, **changes):
    fields = {"name": "ci", "scope": ["sp:scopes:all"]}
    if version in ("v2025", "v2026", "v1"):
        fields["user_aware_token_never_expires"] = True
    return pm.CreatePersonalAccessTokenRequest(**{**fields, **changes})


@pytest.mark.parametrize("version", VERSIONS)
def test_list_is_a_get_of_the_collection_with_its_query_encoded(version):
    call = Api(BASE + "/", version).list_tokens(
        owner_id="me", filters=last_used_le(dt.datetime(2026, 11, 1, tzinfo=dt.timezone.utc))
    )

    url, _, query = call.request.url.partition("?")
    assert (call.request.method, url, call.request.body) == ("GET", collection(version), None)
    assert urllib.parse.parse_qs(query) == {
        "owner-id": ["me"],
        "filters": ["lastUsed le 2026-11-01T00:00:00.000Z"],
    }
    assert "+" not in query  # spaces as %20, which every server reads as spaces
    assert call.request.headers == {"Accept": "application/json"}
    assert call.repeatable


def test_list_without_a_query_has_none():
    assert Api(BASE).list_tokens().request.url == collection("v2025")


@pytest.mark.parametrize("version", VERSIONS)
def test_create_posts_the_request_as_json_checked_against_the_version(version):
    body = request_for(version)
    call = Api(BASE, version).create_token(body)

    assert (call.request.method, call.request.url) == ("POST", collection(version))
    assert call.request.headers["Content-Type"] == "application/json"
    assert json.loads(call.request.body) == json.loads(pm.dumps(body))
    assert not call.repeatable  # a create sent twice mints two tokens


@pytest.mark.parametrize("version", ["v2025", "v2026", "v1"])
def test_create_refuses_a_body_its_version_refuses_before_anything_is_sent(version):
    with pytest.raises(pm.ValidationError, match=r"\$\.userAwareTokenNeverExpires: must be true"):
        Api(BASE, version).create_token(pm.CreatePersonalAccessTokenRequest(name="ci"))


@pytest.mark.parametrize("version", VERSIONS)
def test_patch_sends_json_patch_to_the_token_s_own_path(version):
    call = Api(BASE, version).patch_token("2c9180/86 x", pm.patch_name("renamed"))

    assert call.request.method == "PATCH"
    assert call.request.url == collection(version) + "/2c9180%2F86%20x"
    assert call.request.headers["Content-Type"] == "application/json-patch+json"
    assert json.loads(call.request.body) == [{"op": "replace", "path": "/name", "value": "renamed"}]
    assert not call.repeatable


@pytest.mark.parametrize("version", ["v3", "beta", "v2024"])
def test_patch_of_the_expiry_is_refused_where_the_version_cannot_patch_it(version):
    at = dt.datetime(2027, 1, 1, tzinfo=dt.timezone.utc)
    with pytest.raises(pm.ValidationError, match=r"\$\[0\]\.path"):
        Api(BASE, version).patch_token("a", pm.patch_expiration(at))


@pytest.mark.parametrize("version", VERSIONS)
def test_delete_is_a_delete_of_the_token_and_its_204_reads_as_none(version):
    call = Api(BASE, version).delete_token("abc")

    assert (call.request.method, call.request.url, call.request.body) == (
        "DELETE",
        collection(version) + "/abc",
        None,
    )
    assert call.parse(Response(204, {}, b"")) is None
    assert call.repeatable


BULK = pm.BulkUpdatePersonalAccessTokensRequest(
    ids=["a", "b"], patch=[pm.JsonPatchOperation(op="remove", path="/expirationDate")]
)


def test_bulk_update_exists_in_v1_and_lists_what_it_changed():
    call = Api(BASE, "v1").bulk_update(BULK)
    answer = json.dumps([listed_item(name="a"), listed_item(name="b")]).encode()

    assert (call.request.method, call.request.url) == ("POST", collection("v1") + "/bulk-update")
    assert call.request.headers["Content-Type"] == "application/json"
    assert json.loads(call.request.body) == json.loads(pm.dumps(BULK))
    assert [token.name for token in call.parse(Response(200, {}, answer))] == ["a", "b"]


@pytest.mark.parametrize("version", LEGACY)
def test_bulk_update_is_refused_where_there_is_none(version):
    with pytest.raises(pm.ValidationError, match="the bulk update exists in v1 only"):
        Api(BASE, version).bulk_update(BULK)


def test_a_success_reads_as_the_models_the_call_returns():
    api = Api(BASE)
    listing = json.dumps([listed_item(name="one")]).encode()

    assert api.list_tokens().parse(Response(200, [], listing))[0].name == "one"
    assert api.create_token(request_for("v2025")).parse(Response(200, {}, SEED.encode())).secret
    assert (
        api.patch_token("a", pm.patch_name("x"))
        .parse(Response(200, {}, json.dumps(listed_item(name="x")).encode()))
        .name
        == "x"
    )


def test_a_success_whose_body_is_not_the_model_is_a_validation_error():
    with pytest.raises(pm.ValidationError, match=r"\$\[0\]\.created: missing required key"):
        Api(BASE).list_tokens().parse(Response(200, {}, b'[{"id": "a", "name": "n", "owner": {}}]'))


@pytest.mark.parametrize(
    ("status", "body", "shape"),
    [
        (400, {"detailCode": "400.1 Bad Request Content", "messages": []}, pm.ErrorResponseDto),
        (
            401,
            {"error": "JWT validation failed: JWT is expired"},
            pm.ListPersonalAccessTokensV1401Response,
        ),
        (403, {"detailCode": "403 Forbidden", "trackingId": "t"}, pm.ErrorResponseDto),
        (404, {"detailCode": "404 Not found", "trackingId": "t"}, pm.ErrorResponseDto),
        (429, {"message": " Rate Limit Exceeded "}, pm.ListPersonalAccessTokensV1429Response),
        (500, {"errorName": "NullPointerException", "errorMessage": "oops"}, pm.ErrorResponseDto),
        (502, "<html><body>502 Bad Gateway</body></html>", pm.UnreadableErrorBody),
        (503, "", pm.UnreadableErrorBody),
    ],
)
def test_an_error_is_one_api_error_with_its_body_read_in_any_shape(status, body, shape):
    text = body if isinstance(body, str) else json.dumps(body)
    headers = {"slpt-request-id": "5e1a3f", "Retry-After": "7"}

    with pytest.raises(ApiError) as raised:
        Api(BASE).delete_token("abc").parse(Response(status, headers, text.encode()))

    error = raised.value
    assert (error.status, error.retry_after, error.request_id) == (status, 7.0, "5e1a3f")
    assert isinstance(error.body, shape)
    assert str(error) == f"DELETE {collection('v2025')}/abc answered {status} (request id 5e1a3f)"


@pytest.mark.parametrize(
    ("headers", "seconds"),
    [
        ({}, None),
        ({"Retry-After": "0"}, 0.0),
        ({"retry-after": " 12 "}, 12.0),
        ({"Retry-After": "soon"}, None),
        ({"Retry-After": "-3"}, None),
        ({"Retry-After": "1.5"}, None),  # RFC 9110: whole seconds
        ({"Retry-After": "٣"}, None),  # an Arabic-Indic digit is no HTTP digit
        (
            {
                "Retry-After": "Wed, 21 Oct 2026 07:28:30 GMT",
                "Date": "Wed, 21 Oct 2026 07:28:00 GMT",
            },
            30.0,
        ),
        ({"Retry-After": "Wed, 21 Oct 2026 07:28:30 GMT"}, None),  # no Date to count from
        (
            {
                "Retry-After": "Wed, 21 Oct 2026 07:27:00 GMT",
                "Date": "Wed, 21 Oct 2026 07:28:00 GMT",
            },
            0.0,
        ),
    ],
)
def test_retry_after_in_seconds_or_as_a_date_counted_from_the_response_s(headers, seconds):
    with pytest.raises(ApiError) as raised:
        Api(BASE).list_tokens().parse(Response(429, headers, b'{"message": "slow down"}'))

    assert raised.value.retry_after == seconds


def test_filters_write_the_api_s_syntax_with_millisecond_utc_timestamps():
    at = dt.datetime(2026, 11, 1, 2, 0, 0, 5_000, tzinfo=dt.timezone(dt.timedelta(hours=2)))

    assert last_used_le(at) == "lastUsed le 2026-11-01T00:00:00.005Z"
    assert last_used_isnull() == "lastUsed isnull"
    with pytest.raises(ValueError, match="naive"):
        last_used_le(dt.datetime(2026, 11, 1))  # noqa: DTZ001 - what is refused


@pytest.mark.parametrize(
    ("token_id", "error"), [("", ValueError), (5, TypeError), (None, TypeError)]
)
def test_a_token_id_is_a_non_empty_string(token_id, error):
    with pytest.raises(error, match="token id"):
        Api(BASE).delete_token(token_id)


@pytest.mark.parametrize(
    "url",
    [
        "https://user:pw@acme.api.identitynow.com",
        "https://acme.api.identitynow.com?x=1",
        "https://acme.api.identitynow.com/#top",
        "https://acme.api.identitynow.com:abc",
        "ftp://acme.api.identitynow.com",
        "acme.api.identitynow.com",
        "https://",
        "http://[::1",
    ],
)
def test_a_base_url_that_is_no_tenant_s_is_refused_without_repeating_it(url):
    with pytest.raises(ValueError, match=r"^base_url ") as raised:
        Api(url)

    assert "pw" not in str(raised.value)
    assert "acme" not in str(raised.value)


@pytest.mark.parametrize(
    "url",
    ["HTTPS://acme.api.identitynow.com/", "http://127.0.0.1:8080/proxy/", "https://[::1]:8443"],
)
def test_a_base_url_is_any_http_url_of_a_host_its_trailing_slash_dropped(url):
    assert Api(url).list_tokens().request.url == url.rstrip("/") + "/v2025/personal-access-tokens"


@pytest.mark.parametrize(
    ("version", "token_id"), [("v2025", "."), ("v3", ".."), ("v1", "bulk-update")]
)
def test_an_id_that_clients_would_turn_into_another_path_is_refused(version, token_id):
    with pytest.raises(ValueError, match="a token id may not be"):
        Api(BASE, version).delete_token(token_id)


def test_bulk_update_is_an_id_like_any_other_outside_v1():
    assert (
        Api(BASE)
        .delete_token("bulk-update")
        .request.url.endswith("/personal-access-tokens/bulk-update")
    )


@pytest.mark.parametrize("query", [{"owner_id": ""}, {"filters": ""}, {"owner_id": 5}])
def test_an_empty_owner_or_filter_is_refused(query):
    with pytest.raises(ValueError, match="non-empty strs"):
        Api(BASE).list_tokens(**query)


def test_a_response_takes_headers_as_clients_give_them_raw():
    raw = Response(429, [(b"Retry-After", b"3"), (b"X-Note", "caf\xe9".encode("latin-1"))], None)

    assert raw.header("retry-after") == "3"
    assert raw.header("X-Note") == "caf\xe9"
    assert raw.body == b""


@pytest.mark.parametrize(
    ("arguments", "said"),
    [
        (("200", {}, b""), "expected the status as an int, got str"),
        ((True, {}, b""), "expected the status as an int, got bool"),
        (
            (200, {"Retry-After": ["3"]}, b""),
            "expected a header name or value as str or bytes, got list",
        ),
        ((200, {}, "text"), "expected the body as bytes, got str"),
    ],
)
def test_a_response_refuses_what_it_could_only_misread(arguments, said):
    with pytest.raises(TypeError, match=re.escape(said)):
        Response(*arguments)


def test_an_unknown_version_is_refused():
    with pytest.raises(ValueError, match="unknown API version 'v4'"):
        Api(BASE, "v4")


def test_reprs_show_no_body_and_no_credential():
    request = (
        Api(BASE)
        .create_token(request_for("v2025"))
        .request.with_header("Authorization", pm.Secret("Bearer abc.def"))
    )
    response = Response(200, {"Set-Cookie": "session=s3cr3t"}, SEED.encode())
    secret = json.loads(SEED)["secret"]

    assert "abc.def" not in repr(request)
    assert "********" in repr(request)
    assert '"ci"' not in repr(request)
    assert f"<{len(request.body)} bytes>" in repr(request)
    assert secret not in repr(response)
    assert "s3cr3t" not in repr(response)
    assert request.headers["Authorization"] == "Bearer abc.def"  # sent as it is


@pytest.mark.parametrize(
    ("url", "said"),
    [
        *[(f"{BASE}/{version}", "ends in an API version") for version in ("v3", "beta", "v2024")],
        (f"{BASE}/v2025/", "ends in an API version"),
        (f"{BASE}/v2026", "ends in an API version"),
        (f"{BASE}/caf\u00e9", "a character no URL carries"),
        (f"https://{'a' * 64}.identitynow.com", "a label is empty, over 63"),
        ("https://acme..identitynow.com", "a label is empty, over 63"),
    ],
)
def test_a_base_url_that_cannot_be_sent_to_is_the_setting_s_fault(url, said):
    with pytest.raises(SettingError, match=said) as raised:
        Api(url)

    assert raised.value.argument == "base_url"
    assert raised.value.__context__ is None
    assert url not in str(raised.value) + repr(raised.value)


@pytest.mark.parametrize(
    "spelling",
    [
        "Authorization",
        "AUTHORIZATION",
        "aUtHoRiZaTiOn",
        "Cookie",
        "X-Api-Key",
        "proxy-AUTHORIZATION",
    ],
)
def test_a_credential_header_is_masked_in_repr_however_its_name_is_spelled(spelling):
    request = Api(BASE).list_tokens().request.with_header(spelling, "Bearer abc.def")

    assert "abc.def" not in repr(request)
    assert f"'{spelling}': '********'" in repr(request)


@pytest.mark.parametrize("status", [301, 302, 303, 307, 308])
def test_a_redirect_is_an_api_error_not_a_success(status):
    answer = Response(status, {"Location": "https://elsewhere.example/x"}, b"")

    with pytest.raises(ApiError) as raised:
        Api(BASE).list_tokens().parse(answer)

    assert raised.value.status == status


def test_an_api_error_s_message_escapes_the_tenant_s_request_id():
    answer = Response(503, {"Slpt-Request-Id": "\x1b]0;owned\x07"}, b"")

    with pytest.raises(ApiError) as raised:
        Api(BASE).list_tokens().parse(answer)

    assert raised.value.request_id == "\x1b]0;owned\x07"  # kept as sent, for support
    assert "\x1b" not in str(raised.value)
    assert "\\x1b]0;owned\\x07" in str(raised.value)
