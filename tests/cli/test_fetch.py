"""pat-models fetch against a fake tenant on 127.0.0.1: what it writes, what it sends, how it exits."""

import json
import os
import socket
import subprocess
import sys
import threading
import urllib.parse
from pathlib import Path

import pytest

from ..sansio.tenant import CLIENT_ID, CLIENT_SECRET, Tenant
from .console import PAT_MODELS


def fetch(tenant_url, *args, secret=CLIENT_SECRET, env=None):
    variables = {
        "SAIL_BASE_URL": tenant_url,
        "SAIL_CLIENT_ID": CLIENT_ID,
        "SAIL_CLIENT_SECRET": secret,
    }
    environment = {**os.environ, **variables, **(env or {})}
    environment = {name: value for name, value in environment.items() if value is not None}
    return subprocess.run(
        [sys.executable, "-m", "pat_models", "fetch", *args],
        capture_output=True, text=True, check=False, env=environment,
    )  # fmt: skip


@pytest.fixture
def tenant():
    with Tenant() as tenant:
        yield tenant


def test_fetch_writes_the_listing_as_a_json_array_with_one_token_request(tenant):
    ids = [tenant.add_token("ci"), tenant.add_token("nightly", lastUsed="2026-11-14T02:00:00.000Z")]

    result = fetch(tenant.base_url)

    assert (result.returncode, result.stderr) == (0, "")
    assert [token["id"] for token in json.loads(result.stdout)] == ids
    assert json.loads(result.stdout)[1]["lastUsed"] == "2026-11-14T02:00:00.000Z"
    assert [(method, path.partition("?")[0]) for method, path, _, _ in tenant.requests] == [
        ("POST", "/oauth/token"),
        ("GET", "/v2025/personal-access-tokens"),
    ]


@pytest.mark.parametrize(
    ("version", "path"),
    [("v3", "/v3/personal-access-tokens"), ("v1", "/personal-access-tokens/v1")],
)
def test_fetch_passes_the_version_owner_and_filters_through(tenant, version, path):
    result = fetch(
        tenant.base_url,
        "--api-version",
        version,
        "--owner-id",
        "me",
        "--filters",
        "lastUsed isnull",
    )

    listed, _, query = tenant.sent("GET")[0][1].partition("?")
    assert result.returncode == 0
    assert listed == path
    assert urllib.parse.parse_qs(query) == {"owner-id": ["me"], "filters": ["lastUsed isnull"]}


def test_fetch_piped_into_audit_gates_on_the_live_tenant(tenant):
    tenant.add_token("expired", expirationDate="2026-06-01T00:00:00.000Z")
    variables = {
        "SAIL_BASE_URL": tenant.base_url,
        "SAIL_CLIENT_ID": CLIENT_ID,
        "SAIL_CLIENT_SECRET": CLIENT_SECRET,
    }

    result = subprocess.run(
        ["sh", "-c", "pat-models fetch | pat-models audit --at 2026-12-01T00:00:00Z; echo $?"],  # noqa: S607
        capture_output=True, text=True, check=False,
        env={**os.environ, **variables, "PATH": f"{Path(PAT_MODELS).parent}:{os.environ['PATH']}"},
    )  # fmt: skip

    assert "expired" in result.stdout
    assert result.stdout.splitlines()[-1] == "1"


def test_fetch_waits_out_a_429_and_renews_a_forgotten_token(tenant):
    tenant.fail(
        429, method="GET", headers={"Retry-After": "0"}, body={"message": " Rate Limit Exceeded "}
    )
    tenant.fail(401, method="GET", body={"error": "JWT validation failed: JWT is expired"})

    result = fetch(tenant.base_url)

    assert (result.returncode, result.stdout) == (0, "[]\n")
    assert len(tenant.sent("POST", "/oauth/token")) == 2
    assert len(tenant.sent("GET")) == 3


def test_fetch_tries_a_gateway_s_html_502_again(tenant):
    tenant.fail(502, method="GET", headers={"Content-Type": "text/html"}, body=b"<html>502</html>")

    assert fetch(tenant.base_url).returncode == 0


@pytest.mark.parametrize(
    ("fault", "status", "said"),
    [
        ({"status": 403, "body": {"detailCode": "403 Forbidden"}}, 77, "may not list tokens (403)"),
        ({"status": 401, "times": 2, "body": {"error": "no"}}, 77, "refused the credentials (401)"),
        ({"status": 400, "body": {"detailCode": "400.1"}}, 2, "check --owner-id and --filters"),
        ({"status": 429, "headers": {"Retry-After": "3600"}, "body": {"message": "x"}}, 69, "429"),
        ({"status": 404, "body": b"<html>Not Found</html>"}, 69, "answered 404"),
    ],
)
def test_fetch_exits_with_the_status_each_refusal_promises(tenant, fault, status, said):
    tenant.fail(method="GET", **fault)

    result = fetch(tenant.base_url)

    assert (result.returncode, result.stdout) == (status, "")
    assert said in result.stderr
    assert "request id " in result.stderr
    assert CLIENT_SECRET not in result.stderr


def test_fetch_with_a_refused_secret_exits_77_and_never_prints_it(tenant):
    result = fetch(tenant.base_url, secret="not-the-secret-0123")

    assert result.returncode == 77
    assert "not-the-secret-0123" not in result.stdout + result.stderr
    assert tenant.sent("GET") == []


def test_fetch_of_a_tenant_that_cannot_be_reached_exits_69():
    with socket.socket() as closed:
        closed.bind(("127.0.0.1", 0))
        port = closed.getsockname()[1]

    result = fetch(f"http://127.0.0.1:{port}")

    assert result.returncode == 69
    assert result.stderr.startswith(f"pat-models fetch: cannot reach http://127.0.0.1:{port}: ")


@pytest.mark.parametrize(
    ("env", "said"),
    [
        ({"SAIL_CLIENT_SECRET": None}, "set SAIL_CLIENT_SECRET in the environment"),
        ({"SAIL_BASE_URL": None, "SAIL_CLIENT_ID": ""}, "set SAIL_BASE_URL, SAIL_CLIENT_ID in"),
        ({"SAIL_BASE_URL": "acme.api.identitynow.com"}, "not an http(s) URL with a host"),
        ({"SAIL_BASE_URL": "http://127.0.0.1:abc"}, "not an http(s) URL with a host"),
        ({"SAIL_BASE_URL": "http://exa mple.com"}, "not an http(s) URL with a host"),
        ({"SAIL_BASE_URL": "https://ci:hunter2@acme.api.identitynow.com"}, "user name or password"),
        ({"SAIL_BASE_URL": "https://acme.api.identitynow.com?x=1"}, "a query or a fragment"),
    ],
)
def test_fetch_without_its_settings_exits_78(env, said):
    result = fetch("http://127.0.0.1:9", env=env)

    assert result.returncode == 78
    assert said in result.stderr
    assert CLIENT_SECRET not in result.stderr
    assert "hunter2" not in result.stderr
    assert "Traceback" not in result.stderr


def test_fetch_never_writes_to_the_tenant(tenant):
    tenant.add_token("ci")

    fetch(tenant.base_url)

    assert {method for method, path, _, _ in tenant.requests if path != "/oauth/token"} == {"GET"}


@pytest.mark.parametrize(
    "answer",
    [
        b"HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\n[{",  # closed mid-body
        b"HTTP/1.1 2x0 OK\r\n\r\n",  # no status line
        b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n",  # no chunk size
        b"",  # closed at once
    ],
    ids=["closed-mid-body", "bad-status-line", "bad-chunk", "closed"],
)
def test_fetch_of_a_broken_answer_exits_69_without_a_traceback(answer):
    with socket.create_server(("127.0.0.1", 0)) as server:
        port = server.getsockname()[1]

        def answer_once():
            connection, _ = server.accept()
            with connection:
                connection.recv(65536)
                connection.sendall(answer)

        thread = threading.Thread(target=answer_once, daemon=True)
        thread.start()
        result = fetch(f"http://127.0.0.1:{port}")
        thread.join(5)

    assert result.returncode == 69
    assert "Traceback" not in result.stderr
    assert result.stderr.startswith("pat-models fetch: ")


def test_fetch_whose_token_request_is_refused_with_400_exits_77(tenant):
    tenant.fail(400, path="/oauth/token", body={"error": "invalid_grant"})

    result = fetch(tenant.base_url)

    assert result.returncode == 77
    assert "the tenant refused the credentials (400)" in result.stderr


def test_fetch_of_a_tenant_whose_tokens_go_in_a_header_badly_exits_69(tenant):
    """An access token with a line end in it is refused as it is read, never sent or printed."""
    body = {"access_token": "ACCESSTOK\r\nX: y", "token_type": "bearer", "expires_in": 60}
    tenant.fail(200, path="/oauth/token", body=body)

    result = fetch(tenant.base_url)

    assert result.returncode == 69
    assert "ACCESSTOK" not in result.stderr
    assert "$.access_token: expected a bearer token" in result.stderr
