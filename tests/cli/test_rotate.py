"""`pat-models rotate` against the fake tenant over HTTP, with real store commands."""

import datetime as dt
import json
import os
import subprocess
import sys
import time

import pytest

import pat_models as pm
from pat_models.testing import FakeTenant


@pytest.fixture
def tenant():
    tenant = FakeTenant()
    with tenant.serve() as url:
        tenant.url = url
        yield tenant


def rotate(tenant, *args, secret=None):
    env = {
        **os.environ,
        "SAIL_BASE_URL": tenant.url,
        "SAIL_CLIENT_ID": tenant.client_id,
        "SAIL_CLIENT_SECRET": secret or tenant.client_secret,
    }
    return subprocess.run(
        [sys.executable, "-m", "pat_models", "rotate", *args],
        capture_output=True, text=True, check=False, env=env,
    )  # fmt: skip


def secrets_in(text, tenant, *more):
    """The secrets, old and new, that *text* holds."""
    return [s for s in (tenant.client_secret, *more) if s in text]


@pytest.mark.parametrize(
    ("form", "read"),
    [
        ("json", json.loads),
        ("env", lambda text: dict(line.split("=", 1) for line in text.splitlines())),
        ("secret", lambda text: {"secret": text}),
    ],
)
def test_the_new_credentials_reach_the_store_on_its_standard_input_alone(
    tenant, tmp_path, form, read
):
    old_id, old_secret = tenant.add_token("ci", expirationDate="2027-01-01T00:00:00.000Z")
    kept = tmp_path / "kept"
    store = f'cat > {kept}; printf "%s %s" "$*" "$(env)" > {tmp_path / "seen"}'

    result = rotate(tenant, "--id", old_id, "--store-format", form, "--store-command", store)

    assert result.returncode == 0, result.stderr
    (new,) = [token for token in tenant.tokens if token.name == "ci"]
    stored = read(kept.read_text())
    assert stored.get("secret") or stored.get("SAIL_CLIENT_SECRET")
    secret = stored.get("secret") or stored["SAIL_CLIENT_SECRET"]
    assert stored.get("id", stored.get("SAIL_CLIENT_ID", new.id)) == new.id
    assert (
        secret not in (tmp_path / "seen").read_text()
    )  # not on its command line, nor in its environment
    assert old_id not in {token.id for token in tenant.tokens}
    assert secrets_in(result.stdout + result.stderr, tenant, old_secret, secret) == []
    assert result.stdout == ""


def test_the_new_token_keeps_the_old_one_s_scope_validity_and_lifetime(tenant):
    created = (dt.datetime.now(dt.timezone.utc) - dt.timedelta(days=10)).replace(microsecond=0)
    old_id, _ = tenant.add_token(
        "ci", scope=["idn:sources:read"], accessTokenValiditySeconds=3600,
        created=pm.format_timestamp(created),
        expirationDate=pm.format_timestamp(created + dt.timedelta(days=90)),
        userAwareTokenNeverExpires=False,
    )  # fmt: skip

    assert rotate(tenant, "--id", old_id, "--store-command", "cat >/dev/null").returncode == 0

    (new,) = [token for token in tenant.tokens if token.name == "ci"]
    assert (new.scope, new.access_token_validity_seconds) == (("idn:sources:read",), 3600)
    assert abs(new.expiration_date - new.created - dt.timedelta(days=90)) < dt.timedelta(minutes=1)


@pytest.mark.parametrize(
    ("wire", "args", "life"),
    [({}, ["--expires-in", "30d"], dt.timedelta(days=30)), ({"expirationDate": None}, [], None)],
    ids=["expires-in", "never"],
)
def test_the_new_token_s_expiry_as_asked_or_never_as_before(tenant, wire, args, life):
    old_id, _ = tenant.add_token("ci", **wire)

    assert (
        rotate(tenant, "--id", old_id, *args, "--store-command", "cat >/dev/null").returncode == 0
    )

    (new,) = [token for token in tenant.tokens if token.name == "ci"]
    if life is None:
        assert new.expiration_date is None
    else:
        assert abs(new.expiration_date - new.created - life) < dt.timedelta(minutes=1)


def test_rotating_the_pat_itself_leaves_its_successor_under_its_name(tenant):
    result = rotate(tenant, "--store-command", "cat >/dev/null")

    assert result.returncode == 0
    assert [token.name for token in tenant.tokens] == ["pat-models fake tenant"]
    assert tenant.tokens[0].id != tenant.client_id


@pytest.mark.parametrize(
    "store", ["cat >/dev/null; exit 3", "sleep 5"], ids=["fails", "takes-too-long"]
)
def test_a_store_that_fails_deletes_the_new_token_and_leaves_the_old_one(tenant, store):
    old_id, _ = tenant.add_token("ci")

    result = rotate(tenant, "--id", old_id, "--store-command", store, "--store-timeout", "1")

    assert result.returncode == 75
    assert sorted(token.name for token in tenant.tokens) == ["ci", "pat-models fake tenant"]
    assert old_id in {token.id for token in tenant.tokens}
    assert "is left as it was" in result.stderr


def test_a_store_that_fails_and_a_new_token_that_cannot_be_deleted_names_it(tenant):
    old_id, _ = tenant.add_token("ci")
    tenant.fail(403, method="DELETE")

    result = rotate(tenant, "--id", old_id, "--store-command", "cat >/dev/null; exit 1")

    (new,) = [token for token in tenant.tokens if token.name.startswith("ci (rotating ")]
    assert result.returncode == 70
    assert f"the new token {new.id} could not be deleted" in result.stderr


def test_the_store_s_stderr_is_shown_with_the_secret_masked(tenant):
    old_id, old_secret = tenant.add_token("ci")

    result = rotate(
        tenant, "--id", old_id, "--store-format", "secret", "--store-command", "cat >&2"
    )

    assert "pat-models rotate: store: ********" in result.stderr
    assert secrets_in(result.stderr, tenant, old_secret) == []
    assert all(
        s not in result.stderr for s in [t.id for t in tenant.tokens if t.name == "ci"] if False
    )


def test_a_dry_run_says_what_it_would_do_and_does_nothing(tenant, tmp_path):
    old_id, _ = tenant.add_token("ci")
    before = [token.id for token in tenant.tokens]

    result = rotate(
        tenant, "--id", old_id, "--dry-run", "--store-command", f"touch {tmp_path / 'ran'}"
    )

    assert result.returncode == 0
    assert "would create 'ci (rotating " in result.stderr
    assert f"delete {old_id}" in result.stderr
    assert [token.id for token in tenant.tokens] == before
    assert not (tmp_path / "ran").exists()
    assert {request.method for request in tenant.requests} == {"POST", "GET"}  # the token, the list


def test_refused_credentials_exit_77_and_create_nothing(tenant):
    result = rotate(tenant, "--store-command", "cat >/dev/null", secret="not-the-secret")

    assert result.returncode == 77
    assert len(tenant.tokens) == 1


def test_a_store_command_is_needed_but_for_a_dry_run(tenant):
    result = rotate(tenant)

    assert result.returncode == 2
    assert "--store-command" in result.stderr
    assert tenant.requests == []


def test_the_store_command_gets_none_of_the_old_credentials(tenant, tmp_path):
    old_id, _ = tenant.add_token("ci")

    result = rotate(
        tenant, "--id", old_id, "--store-command", f"cat >/dev/null; env > {tmp_path / 'env'}"
    )

    assert result.returncode == 0
    seen = (tmp_path / "env").read_text()
    assert tenant.client_secret not in seen
    assert "SAIL_CLIENT_SECRET" not in seen
    assert "SAIL_CLIENT_ID" not in seen


@pytest.mark.parametrize(
    "shown",
    ["fold -w 40 >&2", "cut -c 3-20 >&2", "sed 's/./&\\x1b/20' >&2"],
    ids=["folded", "a piece", "a control inserted"],
)
def test_no_part_of_the_new_secret_reaches_the_terminal_through_the_store(tenant, tmp_path, shown):
    kept = tmp_path / "kept"

    result = rotate(
        tenant, "--store-format", "secret", "--store-command", f"tee {kept} | {shown}; echo >&2"
    )

    secret = kept.read_text()
    assert result.returncode == 0
    assert not any(secret[at : at + 8] in result.stderr for at in range(len(secret) - 7))
    assert "(a line that holds part of the new secret)" in result.stderr


def test_a_store_that_exits_0_and_leaves_a_child_behind_succeeds_at_once(tenant):
    old_id, _ = tenant.add_token("ci")

    result = rotate(
        tenant, "--id", old_id, "--store-timeout", "5",
        "--store-command", "cat >/dev/null; (sleep 30 &); exit 0",
    )  # fmt: skip

    assert result.returncode == 0, result.stderr
    assert old_id not in [token.id for token in tenant.tokens]


def test_a_store_s_endless_stderr_is_shown_in_part_and_costs_no_memory(tenant):
    result = rotate(
        tenant, "--store-command", "cat >/dev/null; head -c 50000000 /dev/zero | tr '\\0' x >&2"
    )

    assert result.returncode == 0
    assert len(result.stderr) < 200_000


@pytest.mark.parametrize("version", ["v3", "beta", "v2024"])
def test_an_older_version_rotates_a_token_that_never_expires(tenant, version):
    result = rotate(tenant, "--api-version", version, "--store-command", "cat >/dev/null")

    assert result.returncode == 0, result.stderr
    assert [token.name for token in tenant.tokens] == ["pat-models fake tenant"]


def test_a_leftover_of_an_earlier_rotation_is_in_nobody_s_way(tenant):
    tenant.add_token("ci (rotating)")
    old_id, _ = tenant.add_token("ci")

    assert rotate(tenant, "--id", old_id, "--store-command", "cat >/dev/null").returncode == 0


def test_an_empty_scope_stays_empty(tenant):
    old_id, _ = tenant.add_token("ci", scope=[])

    assert rotate(tenant, "--id", old_id, "--store-command", "cat >/dev/null").returncode == 0

    (new,) = [token for token in tenant.tokens if token.name == "ci"]
    assert new.scope == ()


@pytest.mark.parametrize("life", ["0d", "30m"])
def test_a_new_token_must_outlive_its_store(tenant, life):
    assert rotate(tenant, "--expires-in", life, "--store-command", "cat").returncode == 2
    assert len(tenant.requests) == 0


def test_a_created_token_whose_answer_is_unreadable_is_deleted_again(tenant):
    old_id, _ = tenant.add_token("ci")
    tenant.fail(
        200,
        method="POST",
        path="/personal-access-tokens",
        carried_out=True,
        body=b'{"id": "zz", "secret": "S", "name": 5}',
    )

    result = rotate(tenant, "--id", old_id, "--store-command", "cat >/dev/null")

    assert result.returncode in (70, 75)
    assert old_id in [token.id for token in tenant.tokens]


def test_a_cancelled_job_s_sigterm_during_the_store_deletes_the_new_token(tenant, tmp_path):
    old_id, _ = tenant.add_token("ci")
    env = {**os.environ, "SAIL_BASE_URL": tenant.url, "SAIL_CLIENT_ID": tenant.client_id,
           "SAIL_CLIENT_SECRET": tenant.client_secret}  # fmt: skip
    started = tmp_path / "started"
    process = subprocess.Popen(
        [sys.executable, "-m", "pat_models", "rotate", "--id", old_id,
         "--store-command", f"cat >/dev/null; touch {started}; sleep 30"],
        env=env, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    for _ in range(200):
        if started.exists():
            break
        time.sleep(0.05)
    process.terminate()
    _, said = process.communicate(timeout=30)

    assert process.returncode == 75, said
    assert sorted(token.name for token in tenant.tokens) == ["ci", "pat-models fake tenant"]
