"""
The README's recipes, run as shown with each HTTP library against a fake tenant on 127.0.0.1.

Real clients over real sockets: the token is asked for once and reused,
renewed when the tenant has forgotten it, a 429 waited out, a create never
sent twice, and rotation leaves the tenant with the new tokens only.
"""

import contextlib
import os
import re
import socket
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from pat_models import CreatePersonalAccessTokenRequest, patch_name
from pat_models.sansio import Api, ApiError, Session, run_sync

from .tenant import CLIENT_ID, CLIENT_SECRET, Tenant

README = (Path(__file__).parent.parent.parent / "README.md").read_text()
CALLING = re.search(r"^## Calling the API\n(.*?)^##[^#]", README, re.DOTALL | re.MULTILINE)[1]
BLOCKS = {
    block.split("\n", 1)[0]: block
    for block in re.findall(r"```python\n(.*?)```", CALLING, re.DOTALL)
}
SETUP = next(block for title, block in BLOCKS.items() if title.startswith("# Against a tenant"))
SENDS = {
    title.removeprefix("# With ").rstrip("."): block
    for title, block in BLOCKS.items()
    if title.startswith("# With ")
}
ROTATION = next(block for title, block in BLOCKS.items() if title.startswith("# Rotation"))


@pytest.fixture
def tenant(monkeypatch):
    with Tenant() as tenant:
        monkeypatch.setenv("SAIL_BASE_URL", tenant.base_url)
        monkeypatch.setenv("SAIL_CLIENT_ID", CLIENT_ID)
        monkeypatch.setenv("SAIL_CLIENT_SECRET", CLIENT_SECRET)
        yield tenant


def recipe(name):
    """Run the README's set-up and the recipe *name*; return what they defined."""
    namespace = {}
    exec(SETUP, namespace)  # noqa: S102 - the README's own code
    exec(SENDS[name], namespace)  # noqa: S102
    return namespace


def test_the_readme_has_a_recipe_for_each_library():
    assert set(SENDS) == {
        "urllib, from the standard library",
        "requests",
        "httpx",
        "httpx, asynchronously",
        "aiohttp",
    }


@pytest.mark.parametrize("name", sorted(SENDS))
def test_each_recipe_lists_the_tenant_s_tokens(tenant, name):
    ids = {tenant.add_token("ci"), tenant.add_token("nightly")}

    tokens = recipe(name)["tokens"]

    assert {token.id for token in tokens} == {CLIENT_ID, *ids}
    assert len(tenant.sent("POST", "/oauth/token")) == 1
    assert len(tenant.sent("GET", "/personal-access-tokens")) == 1


@pytest.mark.parametrize("name", sorted(SENDS))
def test_each_recipe_reuses_the_token_renews_it_when_refused_and_waits_out_a_429(tenant, name):
    tenant.add_token("ci")
    namespace = recipe(name)

    exec(SENDS[name], namespace)  # noqa: S102 - a second listing, the same session: reused
    tenant.expire_access_tokens()
    tenant.fail(
        429, path="/personal-access-tokens", headers={"Retry-After": "0"}, body={"message": "slow"}
    )
    exec(SENDS[name], namespace)  # noqa: S102 - a 429, then a 401: renewed once, listed

    assert len(namespace["tokens"]) == 2  # the tenant's own PAT, and ci
    assert len(tenant.sent("POST", "/oauth/token")) == 2
    assert len(tenant.sent("GET", "/personal-access-tokens")) == 5


def test_rotation_leaves_the_new_tokens_stored_and_the_old_ones_gone(tenant):
    unused = "2026-03-01T00:00:00.000Z"  # before June, as the README's filter asks
    old = {tenant.add_token("ci", lastUsed=unused), tenant.add_token("nightly", lastUsed=unused)}
    saved = {}

    class Vault:
        @staticmethod
        def save(created):
            saved[created.id] = created.secret

    namespace = recipe("urllib, from the standard library")
    namespace["vault"] = Vault
    exec(ROTATION, namespace)  # noqa: S102 - the README's own code

    held = {token.id: token.name for token in tenant.tokens if token.id != CLIENT_ID}
    assert set(held) == set(saved)
    assert sorted(held.values()) == ["ci", "nightly"]
    assert not old & set(held)
    for token_id, secret in saved.items():  # each new secret buys an access token
        assert run_sync(
            Session(tenant.base_url, token_id, secret).run(Api(tenant.base_url).list_tokens()),
            namespace["send"],
        )
    assert len(tenant.sent("POST", "/personal-access-tokens")) == 2


def test_a_create_the_tenant_failed_is_not_sent_again(tenant):
    namespace = recipe("requests")
    tenant.fail(
        502, method="POST", path="/personal-access-tokens", body=b"<html>502 Bad Gateway</html>"
    )
    call = namespace["api"].create_token(
        CreatePersonalAccessTokenRequest(name="ci", user_aware_token_never_expires=True)
    )
    with pytest.raises(ApiError) as raised:
        run_sync(namespace["session"].run(call), namespace["send"])

    assert raised.value.status == 502
    assert raised.value.request_id  # Slpt-Request-Id, for support
    assert len(tenant.sent("POST", "/personal-access-tokens")) == 1
    assert tenant.listed() == [CLIENT_ID]


@pytest.mark.parametrize("version", ["v3", "beta", "v2024", "v2025", "v2026", "v1"])
def test_every_call_of_every_version_against_the_tenant(tenant, version):
    namespace = recipe("requests")
    api, session, send = Api(tenant.base_url, version), namespace["session"], namespace["send"]
    fields = {"user_aware_token_never_expires": True} if version in ("v2025", "v2026", "v1") else {}

    created = run_sync(
        session.run(api.create_token(CreatePersonalAccessTokenRequest(name="ci", **fields))), send
    )
    patched = run_sync(session.run(api.patch_token(created.id, patch_name("renamed"))), send)
    listed = run_sync(session.run(api.list_tokens(owner_id="me")), send)
    deleted = run_sync(session.run(api.delete_token(created.id)), send)

    listed = [token for token in listed if token.id != CLIENT_ID]
    assert (patched.name, [token.name for token in listed], deleted) == (
        "renamed",
        ["renamed"],
        None,
    )
    assert tenant.listed() == [CLIENT_ID]


def test_a_refused_secret_is_one_api_error_with_no_secret_in_it(tenant):
    session = Session(tenant.base_url, CLIENT_ID, "wrong-secret")
    send = recipe("urllib, from the standard library")["send"]
    listed = len(tenant.sent("GET"))

    with pytest.raises(ApiError) as raised:
        run_sync(session.run(Api(tenant.base_url).list_tokens()), send)

    assert raised.value.status == 401
    assert "wrong-secret" not in str(raised.value) + repr(raised.value) + repr(session)
    assert len(tenant.sent("GET")) == listed  # nothing sent without a token


@pytest.fixture
def elsewhere():
    """Another host, on 127.0.0.2: every connection it accepts, and what came on it, is kept."""
    received = []
    with socket.create_server(("127.0.0.2", 0)) as server:
        server.settimeout(0.1)
        stop = threading.Event()

        def listen():
            while not stop.is_set():
                try:
                    connection, _ = server.accept()
                except TimeoutError:
                    continue
                with connection:
                    connection.settimeout(1)
                    with contextlib.suppress(OSError):
                        received.append(connection.recv(65536))

        thread = threading.Thread(target=listen, daemon=True)
        thread.start()
        yield f"http://127.0.0.2:{server.getsockname()[1]}", received
        stop.set()
        thread.join(5)


@pytest.mark.parametrize("name", sorted(SENDS))
@pytest.mark.parametrize(
    ("status", "method", "path"),
    [(302, "GET", "/personal-access-tokens"), (307, "POST", "/oauth/token"), (308, "GET", "")],
)
def test_no_recipe_follows_a_redirect_to_another_host(  # noqa: PLR0917 - fixtures and cases
    tenant, elsewhere, name, status, method, path
):
    """The token form and the bearer token go to the tenant alone: a redirect is its answer."""
    url, received = elsewhere
    tenant.fail(status, method=method, path=path, headers={"Location": f"{url}/stolen"})

    with pytest.raises(ApiError) as raised:
        recipe(name)

    assert raised.value.status == status
    assert received == []


FAKE_TENANT = next(block for title, block in BLOCKS.items() if title.startswith("# A test of"))
SCRIPT = next(block for title, block in BLOCKS.items() if title.startswith("# A complete script"))


@pytest.mark.parametrize("block", [FAKE_TENANT, SCRIPT], ids=["fake-tenant", "complete-script"])
def test_the_readme_s_fake_tenant_examples_run_as_written(block):
    exec(block, {"__name__": "readme"})  # noqa: S102 - the README's own code, its asserts included


@pytest.mark.tooling
def test_the_complete_script_passes_mypy_strict(tmp_path):
    path = tmp_path / "rotate_unused.py"
    path.write_text(SCRIPT)
    root = Path(__file__).parent.parent.parent
    env = {**os.environ, "MYPYPATH": str(root)}

    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-incremental", str(path)],
        capture_output=True, text=True, check=False, env=env, cwd=tmp_path,
    )  # fmt: skip

    assert result.returncode == 0, result.stdout
