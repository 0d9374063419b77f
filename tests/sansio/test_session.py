"""The policy of every call, without a socket: tokens reused and renewed, waits, retries, rotation."""

import asyncio
import contextlib
import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import pat_models as pm
from pat_models.sansio import (
    MAX_TRIES,
    MAX_WAIT,
    Api,
    ApiError,
    Response,
    Session,
    SettingError,
    Sleep,
    run_async,
    run_sync,
)

from ..payloads import SEED, listed_item

BASE = "https://acme.api.identitynow.com"
API = Api(BASE, "v2025")
CREATED = json.loads(SEED)
LISTING = Response(200, {}, json.dumps([listed_item(name="one")]).encode())
NEW = pm.CreatePersonalAccessTokenRequest(name="ci-next", user_aware_token_never_expires=True)


def token_answer(lifetime=749, token="t1"):
    body = {"access_token": token, "token_type": "bearer", "expires_in": lifetime}
    return Response(200, {}, json.dumps(body).encode())


def status(code, retry_after=None):
    headers = {} if retry_after is None else {"Retry-After": str(retry_after)}
    return Response(code, headers, b'{"message": "no"}' if code == 429 else b"")


class Tenant:
    """Answers the token endpoint and the calls from two scripts, on a clock only sleeps move."""

    def __init__(self, calls=(), tokens=()):
        self.calls, self.tokens = list(calls), list(tokens)
        self.sent, self.slept, self.now = [], [], 0.0
        self._issued = 0

    def send(self, request):
        """Answer *request* from the scripts, or raise what the script holds."""
        self.sent.append(request)
        if request.url.endswith("/oauth/token"):
            if self.tokens:
                return self.tokens.pop(0)
            self._issued += 1
            return token_answer(token=f"t{self._issued}")
        answer = self.calls.pop(0)
        if isinstance(answer, Exception):
            raise answer
        return answer

    def sleep(self, seconds):
        """Move the clock."""
        self.slept.append(seconds)
        self.now += seconds

    def clock(self):
        """Read the clock."""
        return self.now

    def session(self, **options):
        """A session on this tenant's clock."""
        return Session(BASE, "client", "s3cr3t", clock=self.clock, **options)

    def run(self, flow):
        """Drive *flow* against this tenant."""
        return run_sync(flow, self.send, sleep=self.sleep)

    def token_requests(self):
        """The token requests sent."""
        return [r for r in self.sent if r.url.endswith("/oauth/token")]

    def call_requests(self, method=None):
        """The PAT calls sent, or those of one method."""
        return [
            r
            for r in self.sent
            if not r.url.endswith("/oauth/token") and method in (None, r.method)
        ]


def test_the_access_token_is_asked_for_once_and_sent_with_every_call():
    tenant = Tenant(calls=[LISTING, LISTING, LISTING])
    session = tenant.session()

    for _ in range(3):
        assert tenant.run(session.run(API.list_tokens()))[0].name == "one"

    assert len(tenant.token_requests()) == 1
    assert [r.headers["Authorization"] for r in tenant.call_requests()] == ["Bearer t1"] * 3


def test_a_token_due_is_renewed_before_the_call_not_after_a_401():
    tenant = Tenant(
        calls=[LISTING, LISTING], tokens=[token_answer(15, "short"), token_answer(15, "next")]
    )
    session = tenant.session()

    tenant.run(session.run(API.list_tokens()))
    tenant.now += 13.0  # still within its 15 seconds, less the margin
    tenant.run(session.run(API.list_tokens()))
    tenant.now += 0.6  # 13.6 seconds after it was asked for: due
    tenant.calls.append(LISTING)
    tenant.run(session.run(API.list_tokens()))

    assert [r.headers["Authorization"] for r in tenant.call_requests()] == [
        "Bearer short",
        "Bearer short",
        "Bearer next",
    ]


def test_the_life_of_a_token_counts_from_when_it_was_asked_for():
    """A slow answer does not stretch the token's life: the clock is read before it is sent."""
    tenant = Tenant(calls=[LISTING])
    session = tenant.session()
    tenant.tokens = [token_answer(100)]
    real_send = tenant.send

    def slow_send(request):
        answer = real_send(request)
        tenant.now += 30.0  # the answer takes 30 seconds to come
        return answer

    run_sync(session.run(API.list_tokens()), slow_send, sleep=tenant.sleep)

    assert session.token.renew_at == pytest.approx(90.0)


def test_a_401_renews_the_token_once_and_repeats_the_call():
    tenant = Tenant(calls=[status(401), LISTING])

    assert tenant.run(tenant.session().run(API.list_tokens()))[0].name == "one"
    assert [r.headers["Authorization"] for r in tenant.call_requests()] == [
        "Bearer t1",
        "Bearer t2",
    ]


def test_a_second_401_is_an_api_error_and_renews_no_more():
    tenant = Tenant(calls=[status(401), status(401)])

    with pytest.raises(ApiError) as raised:
        tenant.run(tenant.session().run(API.list_tokens()))

    assert raised.value.status == 401
    assert len(tenant.token_requests()) == 2


def test_a_429_waits_for_retry_after_and_sends_again():
    tenant = Tenant(calls=[status(429, 7), status(429, 3), LISTING])

    assert tenant.run(tenant.session().run(API.list_tokens()))
    assert tenant.slept == [7.0, 3.0]


def test_a_429_without_retry_after_backs_off():
    tenant = Tenant(calls=[status(429), status(429), LISTING])

    tenant.run(tenant.session().run(API.list_tokens()))

    assert tenant.slept == [1.0, 2.0]


def test_the_waits_of_the_token_request_count_in_the_call_s_max_wait():
    tenant = Tenant(
        calls=[status(429, 20), status(401), LISTING],
        tokens=[status(429, 20), token_answer(), status(429, 20), token_answer()],
    )

    with pytest.raises(ApiError) as raised:
        tenant.run(tenant.session(max_wait=50).run(API.list_tokens()))

    assert raised.value.url.endswith("/oauth/token")
    assert tenant.slept == [20.0, 20.0]


def test_a_server_error_s_retry_after_is_waited_for():
    tenant = Tenant(calls=[status(503, 9), LISTING])

    tenant.run(tenant.session().run(API.list_tokens()))

    assert tenant.slept == [9.0]


def test_a_429_asking_more_than_the_wait_allowed_gives_up_at_once():
    tenant = Tenant(calls=[status(429, 3600)])

    with pytest.raises(ApiError) as raised:
        tenant.run(tenant.session(max_wait=60).run(API.list_tokens()))

    assert (raised.value.status, raised.value.retry_after, tenant.slept) == (429, 3600.0, [])


def test_the_waits_of_one_call_stay_within_max_wait_in_all():
    tenant = Tenant(calls=[status(429, 25), status(429, 25), status(429, 25), LISTING])

    with pytest.raises(ApiError):
        tenant.run(tenant.session(max_wait=60).run(API.list_tokens()))

    assert tenant.slept == [25.0, 25.0]


@pytest.mark.parametrize("code", [500, 502, 503, 504])
def test_a_server_error_is_tried_again_for_a_list_and_a_delete(code):
    tenant = Tenant(calls=[status(code), LISTING, status(code), Response(204)])
    session = tenant.session()

    assert tenant.run(session.run(API.list_tokens()))
    assert tenant.run(session.run(API.delete_token("abc"))) is None
    assert tenant.slept == [1.0, 1.0]


@pytest.mark.parametrize("code", [500, 502, 503])
def test_a_create_is_never_sent_again_after_a_server_error(code):
    tenant = Tenant(calls=[status(code), Response(200, {}, SEED.encode())])
    create = API.create_token(
        pm.CreatePersonalAccessTokenRequest(name="ci", user_aware_token_never_expires=True)
    )

    with pytest.raises(ApiError) as raised:
        tenant.run(tenant.session().run(create))

    assert raised.value.status == code
    assert len(tenant.call_requests("POST")) == 1


def test_a_create_refused_with_401_or_429_was_not_carried_out_and_is_sent_again():
    tenant = Tenant(calls=[status(401), status(429, 0), Response(200, {}, SEED.encode())])
    create = API.create_token(
        pm.CreatePersonalAccessTokenRequest(name="ci", user_aware_token_never_expires=True)
    )

    assert tenant.run(tenant.session().run(create)).secret == CREATED["secret"]
    assert len(tenant.call_requests("POST")) == 3


@pytest.mark.parametrize("code", [400, 403, 404, 409, 422])
def test_a_client_error_is_not_tried_again(code):
    tenant = Tenant(calls=[status(code)])

    with pytest.raises(ApiError):
        tenant.run(tenant.session().run(API.delete_token("abc")))

    assert len(tenant.call_requests()) == 1


def test_the_token_request_waits_on_429_and_server_errors_and_a_refusal_raises():
    tenant = Tenant(calls=[LISTING], tokens=[status(503), status(429, 2), token_answer()])
    assert tenant.run(tenant.session().run(API.list_tokens()))
    assert tenant.slept == [1.0, 2.0]

    refused = Tenant(
        calls=[LISTING],
        tokens=[Response(401, {}, b'{"error": "invalid_client"}')],
    )
    with pytest.raises(ApiError) as raised:
        refused.run(refused.session().run(API.list_tokens()))
    assert raised.value.status == 401
    assert refused.call_requests() == []


@pytest.mark.parametrize("tries", [1, 3, MAX_TRIES])
def test_a_call_is_sent_at_most_tries_times(tries):
    tenant = Tenant(calls=[status(503)] * 20)

    with pytest.raises(ApiError):
        tenant.run(tenant.session(tries=tries, max_wait=10_000).run(API.list_tokens()))

    assert len(tenant.call_requests()) == tries


@pytest.mark.parametrize("tries", [0, MAX_TRIES + 1, 2.0, True])
def test_tries_is_a_count_from_1_to_10(tries):
    with pytest.raises(ValueError, match="tries"):
        Session(BASE, "id", "secret", tries=tries)


def test_what_send_raises_comes_out_unchanged():
    failure = TimeoutError("timed out")
    tenant = Tenant(calls=[failure])

    with pytest.raises(TimeoutError) as raised:
        tenant.run(tenant.session().run(API.list_tokens()))

    assert raised.value is failure


def test_send_must_give_back_a_response():
    with pytest.raises(
        TypeError, match=r"send must return a pat_models\.sansio\.Response, got dict"
    ):
        run_sync(Session(BASE, "id", "s").run(API.list_tokens()), lambda _request: {})


def test_a_session_s_repr_shows_no_secret_and_no_access_token():
    tenant = Tenant(calls=[LISTING])
    session = tenant.session()
    tenant.run(session.run(API.list_tokens()))

    assert "s3cr3t" not in repr(session)
    assert "t1" not in repr(session)
    assert "client" in repr(session)


def test_a_session_from_a_created_token_uses_its_id_and_secret():
    token = pm.loads(SEED, pm.CreatePersonalAccessTokenResponse)
    session = Session.from_token(BASE, token)
    flow = session.run(API.list_tokens())

    form = next(flow).body.decode()

    assert f"client_id={token.id}" in form
    assert f"client_secret={token.secret}" in form


def test_the_async_driver_runs_the_same_flow():
    tenant = Tenant(calls=[status(429, 2), LISTING])
    slept = []

    async def send(request):
        return tenant.send(request)

    async def sleep(seconds):
        slept.append(seconds)

    tokens = asyncio.run(run_async(tenant.session().run(API.list_tokens()), send, sleep=sleep))

    assert tokens[0].name == "one"
    assert slept == [2.0]


def test_the_async_driver_gives_back_what_send_raises_unchanged():
    failure = ConnectionResetError("reset")

    async def send(_request):
        raise failure

    with pytest.raises(ConnectionResetError) as raised:
        asyncio.run(run_async(Session(BASE, "id", "s").run(API.list_tokens()), send))

    assert raised.value is failure


def test_the_async_driver_sleeps_with_asyncio_by_default():
    tenant = Tenant(calls=[status(429, 0), LISTING])

    async def send(request):
        return tenant.send(request)

    assert asyncio.run(run_async(tenant.session().run(API.list_tokens()), send))


# Whatever the tenant answers, the policy keeps its bounds.

ANSWERS = st.one_of(
    st.just(LISTING),
    st.sampled_from([status(401), status(500), status(502), status(503), status(400)]),
    st.builds(status, st.just(429), st.one_of(st.none(), st.integers(0, 120))),
)


@settings(max_examples=300, deadline=None)
@given(
    answers=st.lists(ANSWERS, max_size=15),
    tries=st.integers(1, MAX_TRIES),
    max_wait=st.floats(0, 200),
    create=st.booleans(),
)
def test_no_answers_make_the_policy_send_or_wait_more_than_allowed(
    answers, tries, max_wait, create
):
    tenant = Tenant(calls=[*answers, *[LISTING] * 20])
    session = tenant.session(tries=tries, max_wait=max_wait)
    call = API.create_token(NEW) if create else API.list_tokens()
    if create:
        tenant.calls = [
            Response(200, {}, SEED.encode()) if a is LISTING else a for a in tenant.calls
        ]

    with contextlib.suppress(ApiError):  # giving up is allowed; going past the bounds is not
        tenant.run(session.run(call))

    sent = tenant.call_requests()
    answered = [a.status for a in (answers + [LISTING] * 20)[: len(sent)]]
    assert len(sent) <= tries
    assert sum(tenant.slept) <= max_wait
    assert len(tenant.token_requests()) <= 2  # the first, and one renewal for a 401
    assert answered[:-1].count(401) <= 1
    if create:  # never sent again after a server error, which may have followed the create
        assert all(code < 500 for code in answered[:-1])
    assert all(isinstance(s, float) and s >= 0 for s in tenant.slept)
    assert not any(isinstance(r, Sleep) for r in sent)


# What a session is given: refused when it is made, never repeated.


@pytest.mark.parametrize(
    ("arguments", "argument", "said"),
    [
        ((BASE, "client", "s3cr3t\udcff"), "client_secret", "not UTF-8 text"),
        ((BASE, "\udce9client", "s3cr3t"), "client_id", "not UTF-8 text"),
        ((BASE, "client", ""), "client_secret", "is empty"),
        (("http://acme.api.identitynow.com", "client", "s3cr3t"), "base_url", "plain http"),
        (("http://10.0.0.8:8080", "client", "s3cr3t"), "base_url", "plain http"),
        ((f"{BASE}/v3", "client", "s3cr3t"), "base_url", "ends in an API version"),
    ],
)
def test_settings_that_cannot_be_sent_are_refused_when_the_session_is_made(
    arguments, argument, said
):
    with pytest.raises(SettingError, match=said) as raised:
        Session(*arguments)

    error = raised.value
    assert error.argument == argument
    held = (
        repr(error.args)
        + repr(error)
        + str(error)
        + repr(error.__context__)
        + repr(error.__cause__)
    )
    assert "s3cr3t" not in held
    assert "client" not in held.replace("client_", "")


@pytest.mark.parametrize(
    "url", ["http://localhost:8080", "http://127.0.0.1", "http://127.8.9.10:1", "http://[::1]:9"]
)
def test_plain_http_is_taken_for_this_machine_alone(url):
    assert Session(url, "client", "s3cr3t").base_url == url


def test_the_session_holds_its_secret_masked_in_vars_and_a_traceback_s_locals():
    session = Session(BASE, "client", "s3cr3t")

    assert "s3cr3t" not in repr(vars(session))


@pytest.mark.parametrize(
    "url", ["https://elsewhere.example", "http://acme.api.identitynow.com", f"{BASE}:8443"]
)
def test_a_call_for_another_host_is_refused_before_it_is_sent(url):
    tenant = Tenant(calls=[LISTING])

    with pytest.raises(ValueError, match="another scheme, host or port"):
        tenant.run(tenant.session().run(Api(url).list_tokens()))

    assert tenant.sent == []


def test_retry_after_0_sends_again_at_once():
    tenant = Tenant(calls=[status(429, 0), LISTING])

    tenant.run(tenant.session().run(API.list_tokens()))

    assert tenant.slept == []
    assert len(tenant.call_requests()) == 2


@pytest.mark.parametrize("seconds", ["9" * 400, "1" + "0" * 20])
def test_a_retry_after_no_sleep_could_take_is_the_429_s_error(seconds):
    tenant = Tenant(calls=[status(429, seconds)])

    with pytest.raises(ApiError) as raised:
        tenant.run(tenant.session(max_wait=MAX_WAIT).run(API.list_tokens()))

    assert raised.value.status == 429
    assert tenant.slept == []


@pytest.mark.parametrize("max_wait", [float("inf"), float("nan"), -1, "60", 10**400, MAX_WAIT + 1])
def test_max_wait_is_a_finite_number_of_seconds(max_wait):
    with pytest.raises(ValueError, match="max_wait"):
        Session(BASE, "client", "s3cr3t", max_wait=max_wait)


def test_a_token_life_of_401_digits_is_a_broken_answer_and_the_session_lives_on():
    huge = Response(
        200,
        {},
        b'{"access_token": "a", "token_type": "bearer", "expires_in": 1' + b"0" * 400 + b"}",
    )
    tenant = Tenant(tokens=[huge], calls=[LISTING])
    session = tenant.session()

    with pytest.raises(pm.ValidationError, match="expires_in"):
        tenant.run(session.run(API.list_tokens()))

    assert "Session(" in repr(session)
    assert tenant.run(session.run(API.list_tokens()))[0].name == "one"


@pytest.mark.parametrize("driver", ["sync", "async"])
def test_a_flow_is_driven_once(driver):
    tenant = Tenant(calls=[LISTING])
    flow = tenant.session().run(API.list_tokens())
    tenant.run(flow)

    async def send(request):
        return tenant.send(request)

    def again():
        return tenant.run(flow) if driver == "sync" else asyncio.run(run_async(flow, send))

    with pytest.raises(RuntimeError, match="driven already"):
        again()


def test_a_flow_being_driven_elsewhere_is_refused():
    tenant = Tenant(calls=[LISTING])
    flow = tenant.session().run(API.list_tokens())
    next(flow)  # another driver has it, suspended at its token request

    with pytest.raises(RuntimeError, match="driven already"):
        tenant.run(flow)


@pytest.mark.parametrize(
    "url",
    [
        "https://elsewhere.example\\@acme.api.identitynow.com/v2025/personal-access-tokens",
        "https://acme.api.identitynow.com@elsewhere.example/v2025/personal-access-tokens",
        "https://acme.api.identitynow.com.elsewhere.example/v2025/personal-access-tokens",
    ],
)
def test_a_call_whose_url_clients_read_apart_is_refused(url):
    tenant = Tenant(calls=[LISTING])
    call = pm.sansio.Call(pm.sansio.Request("GET", url), bytes)

    with pytest.raises(ValueError, match="another scheme, host or port"):
        tenant.run(tenant.session().run(call))

    assert tenant.sent == []
