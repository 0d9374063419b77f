"""pat_models.testing: the fake tenant users test against, in process and over HTTP."""

import datetime as dt
import json
import os
import subprocess
import sys

import pytest
import requests

import pat_models as pm
from pat_models.sansio import Api, ApiError, Request, Response, Session, run_sync
from pat_models.testing import FakeTenant

LATER = dt.datetime(2027, 6, 1, tzinfo=dt.timezone.utc)


def connect(tenant, version="v2025", **options):
    return Api(tenant.base_url, version), Session(
        tenant.base_url, tenant.client_id, tenant.client_secret, **options
    )


def test_a_session_lists_creates_patches_and_deletes_against_it():
    tenant = FakeTenant()
    api, session = connect(tenant)

    created = run_sync(
        session.run(
            api.create_token(pm.CreatePersonalAccessTokenRequest(name="ci", expiration_date=LATER))
        ),
        tenant.send,
    )
    patched = run_sync(session.run(api.patch_token(created.id, pm.patch_name("ci-2"))), tenant.send)
    listed = run_sync(session.run(api.list_tokens(owner_id="me")), tenant.send)
    run_sync(session.run(api.delete_token(created.id)), tenant.send)

    assert created.secret
    assert created.expiration_date == LATER
    assert patched.name == "ci-2"
    assert {token.name for token in listed} == {"pat-models fake tenant", "ci-2"}
    assert [token.id for token in tenant.tokens] == [tenant.client_id]
    assert [request.method for request in tenant.requests] == [
        "POST",
        "POST",
        "PATCH",
        "GET",
        "DELETE",
    ]


def test_access_tokens_expire_on_the_tenant_s_clock_and_the_session_renews():
    now = [0.0]
    tenant = FakeTenant(token_life=60, clock=lambda: now[0])
    api = Api(tenant.base_url)
    session = Session(tenant.base_url, tenant.client_id, tenant.client_secret, clock=lambda: 0.0)
    run_sync(session.run(api.list_tokens()), tenant.send)

    now[0] = 61.0  # expired on the tenant, though the session thinks it live
    run_sync(session.run(api.list_tokens()), tenant.send)

    sent = [request.url.rpartition("/")[2] for request in tenant.requests]
    assert sent == [
        "token",
        "personal-access-tokens",
        "personal-access-tokens",
        "token",
        "personal-access-tokens",
    ]


@pytest.mark.parametrize(
    "authorization",
    [None, "Bearer not-one-it-issued", "Basic abc"],
    ids=["none", "unknown", "basic"],
)
def test_a_call_without_a_live_access_token_is_a_401(authorization):
    tenant = FakeTenant()
    request = Api(tenant.base_url).list_tokens().request
    if authorization:
        request = request.with_header("Authorization", authorization)

    assert tenant.send(request).status == 401


def test_wrong_credentials_are_refused_at_the_token_exchange():
    tenant = FakeTenant()
    session = Session(tenant.base_url, tenant.client_id, "not-the-secret")

    with pytest.raises(ApiError) as raised:
        run_sync(session.run(Api(tenant.base_url).list_tokens()), tenant.send)

    assert raised.value.status == 401


def test_a_name_the_owner_s_tokens_have_already_is_refused_in_the_api_s_error_shape():
    tenant = FakeTenant()
    tenant.add_token("ci")
    api, session = connect(tenant)

    with pytest.raises(ApiError) as raised:
        run_sync(
            session.run(
                api.create_token(
                    pm.CreatePersonalAccessTokenRequest(name="ci", expiration_date=LATER)
                )
            ),
            tenant.send,
        )

    assert raised.value.status == 400
    assert isinstance(raised.value.body, pm.ErrorResponseDto)
    assert "has that name already" in raised.value.body.messages[0].text


@pytest.mark.parametrize(
    "body",
    [
        b'{"name": "ci"}',
        b'{"name": ""}',
        b"{",
        b'{"name": "ci", "accessTokenValiditySeconds": "1"}',
    ],
    ids=["no-expiry-in-v2025", "empty-name", "not-json", "wrong-type"],
)
def test_a_create_the_version_refuses_is_a_400_even_sent_raw(body):
    tenant = FakeTenant()
    api, session = connect(tenant)
    token = run_sync(session.run(api.list_tokens()), tenant.send) and session.token
    request = Request(
        "POST", api.list_tokens().request.url, {"Content-Type": "application/json"}, body
    )

    answer = tenant.send(request.with_header("Authorization", token.authorization()))

    assert answer.status == 400
    assert isinstance(pm.load_error_response(400, answer.body), pm.ErrorResponseDto)


def test_a_delete_of_an_unknown_id_is_a_404():
    tenant = FakeTenant()
    api, session = connect(tenant)

    with pytest.raises(ApiError) as raised:
        run_sync(session.run(api.delete_token("no-such-token")), tenant.send)

    assert raised.value.status == 404


def test_the_listing_takes_owner_id_and_filters():
    tenant = FakeTenant()
    tenant.add_token("used", lastUsed="2026-03-01T00:00:00.000Z")
    tenant.add_token("recent", lastUsed="2026-11-01T00:00:00.000Z")
    tenant.add_token("theirs", owner={"type": "IDENTITY", "id": "someone-else", "name": "x"})
    api, session = connect(tenant)

    def names(**query):
        return sorted(
            token.name for token in run_sync(session.run(api.list_tokens(**query)), tenant.send)
        )

    june = dt.datetime(2026, 6, 1, tzinfo=dt.timezone.utc)
    assert names(filters=pm.sansio.last_used_le(june)) == ["used"]
    assert names(filters=pm.sansio.last_used_isnull()) == ["pat-models fake tenant", "theirs"]
    assert names(owner_id="someone-else") == ["theirs"]
    assert "theirs" not in names(owner_id="me")


def test_v1_has_the_bulk_update():
    tenant = FakeTenant(version="v1")
    ids = [tenant.add_token(name)[0] for name in ("a", "b")]
    api, session = connect(tenant, "v1")
    bulk = pm.BulkUpdatePersonalAccessTokensRequest(ids=ids, patch=pm.patch_expiration(LATER))

    changed = run_sync(session.run(api.bulk_update(bulk)), tenant.send)

    assert [token.expiration_date for token in changed] == [LATER, LATER]


def test_scripted_faults_answer_the_next_requests_and_the_session_waits_them_out():
    tenant = FakeTenant()
    tenant.fail(429, retry_after=3, path="/oauth/token")
    tenant.fail(503, times=2, method="GET")
    api, session = connect(tenant)
    slept = []

    listed = run_sync(session.run(api.list_tokens()), tenant.send, sleep=slept.append)

    assert [token.name for token in listed] == ["pat-models fake tenant"]
    assert slept == [
        3.0,
        2.0,
        4.0,
    ]  # its Retry-After, then backing off: the run's third wait is 4 s


def test_a_scripted_redirect_points_at_another_host():
    tenant = FakeTenant()
    tenant.fail(302)

    answer = tenant.send(Api(tenant.base_url).list_tokens().request)

    assert (answer.status, answer.header("Location")) == (302, "https://elsewhere.example/stolen")


def test_over_http_a_real_library_and_the_command_line_call_it():
    tenant = FakeTenant()
    tenant.add_token("ci")

    with tenant.serve() as url, requests.Session() as http:

        def send(request):
            answer = http.request(
                request.method, request.url, headers=request.headers, data=request.body,
                timeout=10, allow_redirects=False,
            )  # fmt: skip
            return Response(answer.status_code, answer.headers, answer.content)

        api, session = Api(url), Session(url, tenant.client_id, tenant.client_secret)
        listed = run_sync(session.run(api.list_tokens()), send)
        env = {**os.environ, "SAIL_BASE_URL": url, "SAIL_CLIENT_ID": tenant.client_id,
               "SAIL_CLIENT_SECRET": tenant.client_secret}  # fmt: skip
        fetched = subprocess.run(
            [sys.executable, "-m", "pat_models", "fetch"],
            capture_output=True,
            text=True,
            check=False,
            env=env,
        )

    assert [token.name for token in listed] == ["pat-models fake tenant", "ci"]
    assert [token["name"] for token in json.loads(fetched.stdout)] == [
        "pat-models fake tenant",
        "ci",
    ]


def test_a_user_s_suite_gets_the_fixture_from_the_plugin(tmp_path):
    (tmp_path / "test_theirs.py").write_text(
        'pytest_plugins = ["pat_models.testing"]\n'
        "from pat_models.sansio import Api, Session, run_sync\n"
        "def test_mine(fake_tenant):\n"
        "    session = Session(fake_tenant.base_url, fake_tenant.client_id, fake_tenant.client_secret)\n"
        "    tokens = run_sync(session.run(Api(fake_tenant.base_url).list_tokens()), fake_tenant.send)\n"
        "    assert [t.id for t in tokens] == [fake_tenant.client_id]\n"
    )

    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", str(tmp_path)],
        capture_output=True, text=True, check=False, cwd=tmp_path,
    )  # fmt: skip

    assert result.returncode == 0, result.stdout
    assert "1 passed" in result.stdout


def test_importing_it_loads_no_http_library_nor_pytest():
    code = (
        "import sys, pat_models.testing\n"
        "print([m for m in ('http.server', 'http.client', 'urllib.request', 'requests', 'httpx',"
        " 'aiohttp', 'socket', 'asyncio', 'pytest') if m in sys.modules])"
    )

    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )

    assert result.stdout.strip() == "[]"


def test_a_create_carried_out_whose_answer_is_lost_leaves_its_token():
    tenant = FakeTenant()
    tenant.fail(502, method="POST", path="/personal-access-tokens", carried_out=True)
    api, session = connect(tenant)
    request = pm.CreatePersonalAccessTokenRequest(name="ci", expiration_date=LATER)

    with pytest.raises(pm.sansio.RotationError) as raised:
        run_sync(session.rotate(api, tenant.client_id, request, lambda _: None), tenant.send)

    assert raised.value.new_token == "maybe created"
    assert [token.name for token in tenant.tokens] == ["pat-models fake tenant", "ci"]
