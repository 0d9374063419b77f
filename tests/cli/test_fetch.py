"""pat-models fetch against a fake tenant on 127.0.0.1: what it writes, what it sends, how it exits."""

import contextlib
import json
import os
import socket
import subprocess
import sys
import threading
import time
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
    assert [token["id"] for token in json.loads(result.stdout)] == [CLIENT_ID, *ids]
    assert json.loads(result.stdout)[2]["lastUsed"] == "2026-11-14T02:00:00.000Z"
    assert [(r.method, urllib.parse.urlsplit(r.url).path) for r in tenant.requests] == [
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

    _, _, listed, query, _ = urllib.parse.urlsplit(tenant.sent("GET")[0].url)
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

    assert result.returncode == 0
    assert [token["id"] for token in json.loads(result.stdout)] == [CLIENT_ID]
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
        ({"SAIL_BASE_URL": "http://exa mple.com"}, "a character no URL carries"),
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

    assert {r.method for r in tenant.requests if not r.url.endswith("/oauth/token")} == {"GET"}


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


@pytest.fixture
def elsewhere():
    """Another host, on 127.0.0.2, that counts the connections made to it."""
    with socket.create_server(("127.0.0.2", 0)) as server:
        server.settimeout(0.05)
        accepted, stop = [], threading.Event()

        def listen():
            while not stop.is_set():
                with contextlib.suppress(TimeoutError):
                    accepted.append(server.accept()[0])

        thread = threading.Thread(target=listen, daemon=True)
        thread.start()
        yield f"http://127.0.0.2:{server.getsockname()[1]}", accepted
        stop.set()
        thread.join(5)
        for connection in accepted:
            connection.close()


@pytest.mark.parametrize("status", [301, 302, 303, 307, 308])
@pytest.mark.parametrize("path", ["/oauth/token", "/personal-access-tokens"])
def test_fetch_follows_no_redirect_so_credentials_reach_the_tenant_alone(
    tenant, elsewhere, status, path
):
    url, accepted = elsewhere
    tenant.fail(status, path=path, headers={"Location": f"{url}/x?secret={CLIENT_SECRET}"})

    result = fetch(tenant.base_url)

    assert (result.returncode, result.stdout) == (69, "")
    assert f"answered {status}, a redirect" in result.stderr
    assert CLIENT_SECRET not in result.stderr
    assert accepted == []


def test_fetch_to_another_scheme_s_redirect_is_an_answer_too(tenant):
    tenant.fail(302, path="/personal-access-tokens", headers={"Location": "ftp://127.0.0.2/x"})

    result = fetch(tenant.base_url)

    assert result.returncode == 69
    assert "Traceback" not in result.stderr


def serve_raw(answer):
    """A server on 127.0.0.1 that answers every connection with *answer*(connection)."""
    server = socket.create_server(("127.0.0.1", 0))

    def serve():
        with contextlib.suppress(OSError):
            while True:
                connection, _ = server.accept()
                threading.Thread(target=answer, args=(connection,), daemon=True).start()

    threading.Thread(target=serve, daemon=True).start()
    return server


def token_then(rest):
    """Answer the token request, then hand every other request to *rest*."""
    body = json.dumps({"access_token": "a", "token_type": "bearer", "expires_in": 749}).encode()

    def answer(connection):
        with contextlib.suppress(OSError), connection:
            request = connection.recv(65536)
            if request.startswith(b"POST /oauth/token"):
                connection.sendall(
                    b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nConnection: close\r\n"
                    b"Content-Length: %d\r\n\r\n%s" % (len(body), body)
                )
                return
            rest(connection)

    return answer


def drip(connection):
    connection.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n\r\n[")
    while True:
        time.sleep(0.2)
        connection.sendall(b" ")


def endless(connection):
    connection.sendall(b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n")
    chunk = b"[" * 65536
    while True:
        connection.sendall(b"%x\r\n%s\r\n" % (len(chunk), chunk))


def drip_headers(connection):
    for byte in b"HTTP/1.1 200 OK\r\nX-Slow: " + b"a" * 1000:
        connection.sendall(bytes([byte]))
        time.sleep(0.2)


@pytest.mark.parametrize("answer", [drip, drip_headers], ids=["body", "headers"])
def test_a_tenant_that_drips_its_answer_meets_one_deadline(answer):
    with serve_raw(token_then(answer)) as server:
        started = time.monotonic()
        result = fetch(f"http://127.0.0.1:{server.getsockname()[1]}", "--timeout", "2")
        took = time.monotonic() - started

    assert result.returncode == 69
    assert "no whole answer within 2 seconds" in result.stderr
    assert took < 10


def test_an_answer_without_end_is_read_up_to_the_cap_alone():
    with serve_raw(token_then(endless)) as server:
        result = fetch(f"http://127.0.0.1:{server.getsockname()[1]}", "--max-bytes", "4M")

    assert result.returncode == 69
    assert "over the 4194304 bytes allowed (see --max-bytes)" in result.stderr


@pytest.mark.parametrize(
    ("option", "value"),
    [
        ("--timeout", "0"),
        ("--timeout", "121"),
        ("--timeout", "nan"),
        ("--max-bytes", "0"),
        ("--max-bytes", "12Q"),
    ],
)
def test_fetch_s_bounds_are_refused_past_their_limits(option, value):
    result = fetch("http://127.0.0.1:9", option, value)

    assert result.returncode == 2
    assert option in result.stderr


@pytest.mark.parametrize(
    ("env", "said"),
    [
        (
            {"SAIL_CLIENT_SECRET": "s3cr3t\udcff"},
            "SAIL_CLIENT_SECRET holds a byte that is not UTF-8",
        ),
        ({"SAIL_CLIENT_ID": "\udce9id"}, "SAIL_CLIENT_ID holds a byte that is not UTF-8"),
        (
            {"SAIL_BASE_URL": "https://acme.api.identitynow.com/v3"},
            "SAIL_BASE_URL ends in an API version",
        ),
        (
            {"SAIL_BASE_URL": "https://acme.api.identitynow.com/v2025/"},
            "SAIL_BASE_URL ends in an API version",
        ),
        ({"SAIL_BASE_URL": "http://acme.api.identitynow.com"}, "SAIL_BASE_URL is plain http"),
        (
            {"SAIL_BASE_URL": "https://acme.api.identitynow.com/é"},
            "SAIL_BASE_URL holds a character",
        ),
        (
            {"SAIL_BASE_URL": f"https://{'a' * 64}.example.com"},
            "SAIL_BASE_URL names a host DNS cannot",
        ),
    ],
)
def test_settings_that_cannot_be_sent_are_the_settings_fault(env, said):
    result = subprocess.run(
        [sys.executable, "-m", "pat_models", "fetch"],
        capture_output=True, check=False,
        env={**os.environ, "SAIL_BASE_URL": "http://127.0.0.1:9", "SAIL_CLIENT_ID": CLIENT_ID,
             "SAIL_CLIENT_SECRET": CLIENT_SECRET,
             **{name: os.fsencode(value) for name, value in env.items()}},
    )  # fmt: skip

    assert result.returncode == 78
    assert said in result.stderr.decode()
    assert b"s3cr3t" not in result.stderr


@pytest.mark.parametrize(("status", "exit_status"), [(404, 69), (429, 69), (503, 69), (401, 77)])
def test_only_a_refusal_of_the_token_request_is_refused_credentials(tenant, status, exit_status):
    tenant.fail(status, path="/oauth/token", times=10, headers={"Retry-After": "0"})

    assert fetch(tenant.base_url).returncode == exit_status


def test_a_token_life_of_401_digits_is_a_broken_answer_not_a_traceback(tenant):
    tenant.fail(200, path="/oauth/token", body=b'{"access_token": "a", "token_type": "bearer", '
                b'"expires_in": 1' + b"0" * 400 + b"}")  # fmt: skip

    result = fetch(tenant.base_url)

    assert result.returncode == 69
    assert "$.expires_in: expected a number of seconds" in result.stderr


def test_one_unreadable_token_hides_none_of_the_others(tenant):
    ids = [
        tenant.add_token("a"),
        tenant.add_token("b", lastUsed=1767225600000),
        tenant.add_token("c"),
    ]

    result = fetch(tenant.base_url)

    assert result.returncode == 65
    assert [token["id"] for token in json.loads(result.stdout)] == [CLIENT_ID, ids[0], ids[2]]
    assert "$[2].lastUsed: " in result.stderr


def test_the_tenant_s_request_id_reaches_the_terminal_escaped(tenant):
    tenant.fail(403, method="GET", headers={"Slpt-Request-Id": "\x1b]0;owned\x07\x1b[2J"})

    result = fetch(tenant.base_url)

    assert result.returncode == 77
    assert "\x1b" not in result.stderr
    assert "request id \\u001b]0;owned\\u0007\\u001b[2J" in result.stderr


def test_fetch_masks_the_values_of_unknown_keys_unless_asked_not_to(tenant):
    tenant.add_token("ci", clientSecret="CANARY-31337", owner={"id": "x", "pin": 31337031337})

    masked, as_is = fetch(tenant.base_url), fetch(tenant.base_url, "--no-redact")

    assert masked.returncode == as_is.returncode == 0
    assert "CANARY-31337" not in masked.stdout
    assert "31337031337" not in masked.stdout
    assert json.loads(masked.stdout)[1]["clientSecret"] == "********"
    assert json.loads(as_is.stdout)[1]["clientSecret"] == "CANARY-31337"


def listing_of(*items):
    """A tenant whose listing is the text of *items*, each a token's JSON text, as it sends it."""
    body = ("[" + ",".join(items) + "]").encode()

    def answer(connection):
        connection.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: %d\r\n\r\n%s" % (len(body), body))

    return serve_raw(token_then(answer))


GOOD = json.dumps(
    {"id": "a", "name": "ci", "owner": {"id": "x"}, "created": "2026-01-01T00:00:00Z"}
)
LARGE = '{"x": [' + "[]," * 400_000 + "[]]}"


@pytest.mark.parametrize(
    ("bad", "said"),
    [
        ('{"id": NaN}', "$[1]: not valid JSON here: NaN is not a JSON number"),
        ('{"x": ' + "[" * 3000 + "]" * 3000 + "}", "$[1]: not valid JSON here: nested too deeply"),
        (
            LARGE,
            f"$[1]: a token of {len(LARGE)} characters, over the 1048576 read",
        ),
    ],
    ids=["nan", "deep", "large"],
)
def test_a_token_no_parser_should_read_is_its_own_problem(bad, said):
    with listing_of(GOOD, bad, GOOD) as server:
        result = fetch(f"http://127.0.0.1:{server.getsockname()[1]}")

    assert result.returncode == 65
    assert [token["id"] for token in json.loads(result.stdout)] == ["a", "a"]
    assert said in result.stderr


def test_an_answer_of_thousands_of_unreadable_tokens_is_no_listing():
    with listing_of(*["0"] * 100_000) as server:
        result = fetch(f"http://127.0.0.1:{server.getsockname()[1]}")

    assert (result.returncode, result.stdout) == (69, "")
    assert "over 1000 of its tokens are unreadable" in result.stderr


def test_a_token_answer_is_read_up_to_a_mebibyte():
    def huge_token(connection):
        connection.recv(65536)
        body = (
            b'{"access_token": "a", "token_type": "bearer", "expires_in": 749, "x": "'
            + b"y" * 2**21
            + b'"}'
        )
        with contextlib.suppress(OSError):
            connection.sendall(
                b"HTTP/1.1 200 OK\r\nContent-Length: %d\r\n\r\n%s" % (len(body), body)
            )
        connection.close()

    with serve_raw(huge_token) as server:
        result = fetch(f"http://127.0.0.1:{server.getsockname()[1]}")

    assert result.returncode == 69
    assert "over the 1048576 allowed" in result.stderr


def test_plain_http_to_this_machine_goes_through_no_proxy(tenant, elsewhere):
    url, accepted = elsewhere

    result = fetch(tenant.base_url, env={"http_proxy": url, "HTTP_PROXY": url, "no_proxy": None})

    assert result.returncode == 0
    assert accepted == []


@pytest.mark.parametrize("option", ["--owner-id", "--filters"])
def test_an_empty_owner_or_filter_is_a_usage_error(tenant, option):
    result = fetch(tenant.base_url, option, "")

    assert result.returncode == 2
    assert tenant.requests == []
