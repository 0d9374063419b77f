"""Rotation through every failing step: what is true of each token, and no new secret lost."""

import asyncio
import concurrent.futures
import json
import pickle

import pytest

import pat_models as pm
from pat_models.sansio import Api, ApiError, Response, RotationError, Session, run_async, run_sync

from ..payloads import SEED
from .test_session import API, BASE, CREATED, LISTING, NEW, Tenant, status


def test_rotation_creates_stores_then_deletes_the_old_token():
    tenant = Tenant(calls=[Response(200, {}, SEED.encode()), Response(204)])
    stored = []

    def store(created):
        stored.append(created)
        assert tenant.call_requests("DELETE") == []  # not before the secret is kept

    created = tenant.run(tenant.session().rotate(API, "old-id", NEW, store))

    assert stored == [created]
    assert created.secret == CREATED["secret"]
    assert [r.method for r in tenant.call_requests()] == ["POST", "DELETE"]
    assert tenant.call_requests("DELETE")[0].url.endswith("/personal-access-tokens/old-id")


def test_rotation_of_the_session_s_own_token_goes_on_with_the_new_one():
    tenant = Tenant(calls=[Response(200, {}, SEED.encode()), Response(204), LISTING])
    session = Session(BASE, "old-id", "old-secret", clock=tenant.clock)

    tenant.run(session.rotate(API, "old-id", NEW, lambda _created: None))
    tenant.run(session.run(API.list_tokens()))

    last_form = tenant.token_requests()[-1].body.decode()
    assert session.client_id == CREATED["id"]
    assert f"client_secret={CREATED['secret']}" in last_form


def test_rotation_that_cannot_store_deletes_nothing_and_hands_back_the_new_token():
    tenant = Tenant(calls=[Response(200, {}, SEED.encode())])

    def store(_created):
        msg = "vault unavailable"
        raise OSError(msg)

    with pytest.raises(RotationError) as raised:
        tenant.run(tenant.session().rotate(API, "old-id", NEW, store))

    error = raised.value
    assert (error.step, error.old_id, error.created.id) == ("store", "old-id", CREATED["id"])
    assert str(error) == (
        f"rotation failed at store (OSError): both tokens exist: the old old-id and the new "
        f"{CREATED['id']}"
    )
    assert CREATED["secret"] not in str(error) + repr(error)
    assert tenant.call_requests("DELETE") == []


def test_rotation_whose_delete_fails_says_both_exist():
    tenant = Tenant(calls=[Response(200, {}, SEED.encode()), status(403)])

    with pytest.raises(RotationError, match=r"at delete .*both tokens exist") as raised:
        tenant.run(tenant.session().rotate(API, "old-id", NEW, lambda _created: None))

    assert raised.value.created.id == CREATED["id"]


def test_rotation_whose_create_is_refused_says_no_new_token_exists():
    tenant = Tenant(calls=[status(400)])

    with pytest.raises(RotationError, match="no new token was created; the old old-id exists"):
        tenant.run(tenant.session().rotate(API, "old-id", NEW, lambda _created: None))


def test_rotation_whose_create_got_no_answer_says_a_new_token_may_exist():
    tenant = Tenant(calls=[TimeoutError("timed out")])

    with pytest.raises(RotationError, match="a new token may have been created") as raised:
        tenant.run(tenant.session().rotate(API, "old-id", NEW, lambda _created: None))

    assert raised.value.created is None
    assert isinstance(raised.value.__cause__, TimeoutError)


CREATE = Response(200, {}, SEED.encode())


def rotate(tenant, store=lambda _created: None, old_id="old-id", session=None):
    return tenant.run((session or tenant.session()).rotate(API, old_id, NEW, store))


@pytest.mark.parametrize(
    ("old_id", "error"), [("", ValueError), (".", ValueError), ("..", ValueError), (7, TypeError)]
)
def test_an_old_id_that_is_none_is_refused_before_anything_is_created(old_id, error):
    tenant = Tenant(calls=[CREATE, Response(204)])

    with pytest.raises(error, match="token id"):
        rotate(tenant, old_id=old_id)

    assert tenant.sent == []


def test_a_request_the_version_refuses_creates_nothing_and_says_so():
    tenant = Tenant(calls=[CREATE])
    no_expiry = pm.CreatePersonalAccessTokenRequest(name="ci")  # v2025 wants one, or never

    with pytest.raises(RotationError, match="no new token was created") as raised:
        tenant.run(tenant.session().rotate(API, "old-id", no_expiry, lambda _created: None))

    assert (raised.value.step, raised.value.new_token) == ("create", "not created")
    assert tenant.sent == []


def test_a_refused_connection_to_the_token_endpoint_creates_nothing():
    tenant = Tenant()

    def send(request):
        if request.url.endswith("/oauth/token"):
            raise ConnectionRefusedError(111, "Connection refused")
        return tenant.send(request)

    with pytest.raises(RotationError, match="no new token was created") as raised:
        run_sync(tenant.session().rotate(API, "old-id", NEW, lambda _created: None), send)

    assert raised.value.new_token == "not created"


@pytest.mark.parametrize("code", [500, 502, 503, 504])
def test_a_create_answered_with_a_server_error_may_have_been_carried_out(code):
    tenant = Tenant(calls=[status(code)])

    with pytest.raises(RotationError, match="a new token may have been created") as raised:
        rotate(tenant)

    assert raised.value.new_token == "maybe created"
    assert tenant.call_requests("DELETE") == []


@pytest.mark.parametrize("code", [400, 403, 409])
def test_a_create_refused_with_a_client_error_was_not_carried_out(code):
    tenant = Tenant(calls=[status(code)])

    with pytest.raises(RotationError) as raised:
        rotate(tenant)

    assert raised.value.new_token == "not created"


@pytest.mark.parametrize(
    "change",
    [
        {"owner": None},
        {"created": "2017-07-11 18:45:37"},
        {"name": 5},
        {"accessTokenValiditySeconds": "1"},
    ],
)
def test_a_created_token_the_models_cannot_read_still_hands_back_its_id_and_secret(change):
    body = json.dumps({**CREATED, **change}).encode()
    tenant = Tenant(calls=[Response(201, {}, body)])
    stored = []

    with pytest.raises(RotationError) as raised:
        rotate(tenant, stored.append)

    error = raised.value
    assert (error.step, error.new_token, error.created) == ("create", "created", None)
    assert (error.new_id, error.new_secret) == (CREATED["id"], CREATED["secret"])
    assert CREATED["secret"] not in str(error) + repr(error) + repr(vars(error))
    assert "was created" in str(error)
    assert stored == []
    assert tenant.call_requests("DELETE") == []


def test_a_created_token_whose_answer_is_not_json_is_said_lost_not_uncreated():
    tenant = Tenant(calls=[Response(200, {}, b"<html>ok</html>")])

    with pytest.raises(RotationError, match="its secret was lost") as raised:
        rotate(tenant)

    assert raised.value.new_token == "created"


def test_an_asynchronous_store_is_awaited_before_the_delete():
    tenant = Tenant(calls=[CREATE, Response(204)])
    events = []

    async def store(created):
        await asyncio.sleep(0)
        events.append(("stored", created.id))

    async def send(request):
        events.append((request.method, request.url.rpartition("/")[2]))
        return tenant.send(request)

    created = asyncio.run(run_async(tenant.session().rotate(API, "old-id", NEW, store), send))

    assert events == [
        ("POST", "token"),
        ("POST", "personal-access-tokens"),
        ("stored", created.id),
        ("DELETE", "old-id"),
    ]


def test_an_asynchronous_store_under_run_sync_is_refused_and_nothing_is_deleted():
    tenant = Tenant(calls=[CREATE, Response(204)])

    async def store(_created):
        return None

    with pytest.raises(RotationError, match="at store") as raised:
        rotate(tenant, store)

    assert "run_async" in str(raised.value.__cause__)
    assert raised.value.created.id == CREATED["id"]
    assert tenant.call_requests("DELETE") == []


def test_a_delete_answered_504_then_404_was_carried_out():
    tenant = Tenant(calls=[CREATE, status(504), status(404)])

    created = rotate(tenant)

    assert created.id == CREATED["id"]
    assert len(tenant.call_requests("DELETE")) == 2


def test_a_delete_that_keeps_failing_with_server_errors_may_have_been_carried_out():
    tenant = Tenant(calls=[CREATE] + [status(503)] * 5)

    with pytest.raises(RotationError, match="may have been deleted") as raised:
        rotate(tenant)

    assert raised.value.old_token == "maybe deleted"
    assert raised.value.created.id == CREATED["id"]


def test_a_session_rotating_its_own_token_goes_on_with_the_new_one_whatever_the_delete():
    tenant = Tenant(calls=[CREATE, TimeoutError("the answer was lost"), LISTING])
    session = Session(BASE, "old-id", "old-secret", clock=tenant.clock)

    with pytest.raises(RotationError, match="at delete"):
        rotate(tenant, session=session)
    tenant.run(session.run(API.list_tokens()))

    assert session.client_id == CREATED["id"]
    assert f"client_secret={CREATED['secret']}" in tenant.token_requests()[-1].body.decode()


def _rotate_in_a_worker(body):
    tenant = Tenant(calls=[Response(200, {}, body)])

    def store(_created):
        msg = "vault unavailable"
        raise OSError(msg)

    rotate(tenant, store)


def _list_in_a_worker():
    Api(BASE).list_tokens().parse(Response(503, {"Slpt-Request-Id": "r-1"}, b"{}"))


def test_errors_come_back_whole_from_a_process_pool():
    with concurrent.futures.ProcessPoolExecutor(1) as pool:
        rotation = pool.submit(_rotate_in_a_worker, SEED.encode()).exception(60)
        api = pool.submit(_list_in_a_worker).exception(60)

    assert isinstance(rotation, RotationError)
    assert (rotation.step, rotation.old_id, rotation.new_token) == ("store", "old-id", "created")
    assert rotation.created.secret == CREATED["secret"]
    assert rotation.new_secret == CREATED["secret"]
    assert isinstance(api, ApiError)
    assert (api.status, api.request_id, api.method, api.retry_after) == (503, "r-1", "GET", None)
    assert api.url == Api(BASE).list_tokens().request.url
    assert str(api) == str(pickle.loads(pickle.dumps(api)))  # noqa: S301 - our own pickle


@pytest.mark.parametrize("answers", [[status(404)], [status(401), status(404)]])
def test_a_delete_answered_404_says_the_old_id_names_no_token(answers):
    tenant = Tenant(calls=[CREATE, *answers])

    with pytest.raises(RotationError, match="was not found: no token has that id") as raised:
        rotate(tenant)

    assert (raised.value.step, raised.value.old_token) == ("delete", "not found")
    assert raised.value.created.id == CREATED["id"]


@pytest.mark.parametrize(
    "body",
    [
        json.dumps(CREATED).encode() + b"\x00junk",
        json.dumps({**CREATED, "x": "[" * 5000 + "]" * 5000})
        .encode()
        .replace(b'"[', b"[")
        .replace(b']"', b"]"),
        json.dumps({**CREATED, "owner": None}).replace('"secret": "', '"secret" : "').encode(),
    ],
    ids=["junk-after", "too-deep", "spaced"],
)
def test_an_answer_no_parser_reads_whole_still_gives_the_id_and_secret(body):
    tenant = Tenant(calls=[Response(200, {}, body)])

    with pytest.raises(RotationError) as raised:
        rotate(tenant)

    assert (raised.value.new_id, raised.value.new_secret) == (CREATED["id"], CREATED["secret"])


def test_a_secret_that_is_no_string_is_given_as_its_json_text():
    tenant = Tenant(calls=[Response(200, {}, json.dumps({**CREATED, "secret": 123}).encode())])

    with pytest.raises(RotationError) as raised:
        rotate(tenant)

    assert raised.value.new_secret == "123"


@pytest.mark.parametrize("during", ["store", "delete"])
def test_a_rotation_cancelled_once_its_token_exists_raises_the_error_that_holds_it(during):
    tenant = Tenant(calls=[CREATE, Response(204)])

    async def store(_created):
        if during == "store":
            await asyncio.sleep(60)

    async def send(request):
        if during == "delete" and request.method == "DELETE":
            await asyncio.sleep(60)
        return tenant.send(request)

    async def main():
        flow = run_async(tenant.session().rotate(API, "old-id", NEW, store), send)
        return await asyncio.wait_for(flow, 0.2)

    with pytest.raises(RotationError, match=f"at {during}") as raised:
        asyncio.run(main())

    assert raised.value.new_secret == CREATED["secret"]
    assert isinstance(raised.value.__cause__, asyncio.CancelledError)


def test_a_rotation_cancelled_before_its_create_went_out_is_simply_cancelled():
    tenant = Tenant(calls=[CREATE])

    async def send(request):
        await asyncio.sleep(60)
        return tenant.send(request)

    async def main():
        flow = run_async(tenant.session().rotate(API, "old-id", NEW, lambda _: None), send)
        return await asyncio.wait_for(flow, 0.2)

    with pytest.raises(TimeoutError):
        asyncio.run(main())
