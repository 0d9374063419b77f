"""One Session shared by many runs, asyncio tasks and threads: one token request between them."""

import asyncio
import threading
import time
import tracemalloc

from pat_models.sansio import Api, ApiError, Response, Session, Wait, run_async, run_sync

from .test_session import BASE, LISTING, token_answer

API = Api(BASE, "v2025")


class Counting:
    """A tenant that counts token requests, answers each call after a pause, and can be scripted."""

    def __init__(self, lifetime=749, token_faults=(), call_faults=()):
        self.lifetime = lifetime
        self.token_faults, self.call_faults = list(token_faults), list(call_faults)
        self.token_requests = self.calls = 0
        self.issued = []
        self._lock = threading.Lock()

    def answer(self, request):
        """Answer *request*: a token, a scripted fault, or the listing."""
        with self._lock:
            if request.url.endswith("/oauth/token"):
                self.token_requests += 1
                if self.token_faults:
                    return self.token_faults.pop(0)
                self.issued.append(f"t{self.token_requests}")
                return token_answer(self.lifetime, self.issued[-1])
            if self.call_faults and request.headers["Authorization"] == self.call_faults[0][0]:
                return self.call_faults[0][1]
            return LISTING

    async def send_async(self, request):
        """Answer after 1 to 20 ms, staggered: some refusals come after a renewal."""
        self.calls += 1
        await asyncio.sleep(0.001 * (1 + self.calls % 20))
        return self.answer(request)

    def send_sync(self, request):
        """Answer after 5 ms."""
        time.sleep(0.005)
        return self.answer(request)


async def gather(session, tenant, count):
    flows = [run_async(session.run(API.list_tokens()), tenant.send_async) for _ in range(count)]
    return await asyncio.gather(*flows)


def test_a_hundred_tasks_on_a_fresh_session_send_one_token_request():
    tenant, session = Counting(), Session(BASE, "client", "s3cr3t")

    listings = asyncio.run(gather(session, tenant, 100))

    assert tenant.token_requests == 1
    assert all(listing[0].name == "one" for listing in listings)


def test_sixteen_threads_on_a_fresh_session_send_one_token_request():
    tenant, session = Counting(), Session(BASE, "client", "s3cr3t")
    start, results = threading.Barrier(16), []

    def work():
        start.wait()
        results.append(run_sync(session.run(API.list_tokens()), tenant.send_sync))

    threads = [threading.Thread(target=work) for _ in range(16)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)

    assert tenant.token_requests == 1
    assert len(results) == 16


def test_a_wave_after_the_token_falls_due_sends_one_more():
    now = [0.0]
    tenant = Counting(lifetime=100)
    session = Session(BASE, "client", "s3cr3t", clock=lambda: now[0])
    asyncio.run(gather(session, tenant, 100))

    now[0] = 95.0  # past its renewal, a tenth of its life before it ends
    asyncio.run(gather(session, tenant, 100))

    assert tenant.token_requests == 2


def test_a_wave_refused_with_401_renews_once():
    tenant, session = Counting(), Session(BASE, "client", "s3cr3t")
    asyncio.run(gather(session, tenant, 1))
    tenant.call_faults = [("Bearer t1", Response(401, {}, b'{"error": "JWT is expired"}'))]

    listings = asyncio.run(gather(session, tenant, 100))

    assert tenant.token_requests == 2
    assert len(listings) == 100


def test_a_hundred_runs_behind_one_429_cost_two_token_requests_and_all_succeed():
    busy = Response(429, {"Retry-After": "0"}, b'{"message": "Rate Limit Exceeded"}')
    tenant, session = Counting(token_faults=[busy]), Session(BASE, "client", "s3cr3t", tries=2)

    listings = asyncio.run(gather(session, tenant, 100))

    assert tenant.token_requests == 2
    assert len(listings) == 100


def test_waiting_for_another_run_s_token_request_spends_none_of_a_run_s_tries():
    """Each run may send once; the 429 costs the run that asked, and the others still succeed."""
    busy = Response(429, {"Retry-After": "0"}, b'{"message": "Rate Limit Exceeded"}')
    tenant, session = Counting(token_faults=[busy]), Session(BASE, "client", "s3cr3t", tries=2)

    async def main():
        first = asyncio.ensure_future(gather(session, tenant, 1))
        await asyncio.sleep(0)
        return await asyncio.gather(first, gather(session, tenant, 50))

    asyncio.run(main())

    assert tenant.token_requests == 2


def test_only_a_final_failure_reaches_every_run_that_waited():
    refused = Response(401, {}, b'{"error": "invalid_client"}')
    tenant, session = Counting(token_faults=[refused]), Session(BASE, "client", "s3cr3t")

    async def main():
        flows = [run_async(session.run(API.list_tokens()), tenant.send_async) for _ in range(20)]
        return await asyncio.gather(*flows, return_exceptions=True)

    outcomes = asyncio.run(main())

    assert tenant.token_requests == 1
    assert all(isinstance(outcome, ApiError) and outcome.status == 401 for outcome in outcomes)


def test_a_task_cancelled_while_it_asks_for_the_token_strands_no_other():
    tenant, session = Counting(), Session(BASE, "client", "s3cr3t")
    asking = asyncio.Event()

    async def slow_send(request):
        if request.url.endswith("/oauth/token") and not asking.is_set():
            asking.set()
            await asyncio.sleep(60)  # the first token request never comes back
        return await tenant.send_async(request)

    async def main():
        first = asyncio.ensure_future(run_async(session.run(API.list_tokens()), slow_send))
        await asking.wait()
        others = [run_async(session.run(API.list_tokens()), slow_send) for _ in range(10)]
        waiting = asyncio.ensure_future(asyncio.gather(*others))
        await asyncio.sleep(0.01)
        first.cancel()
        return await asyncio.wait_for(waiting, 10)

    assert len(asyncio.run(main())) == 10
    assert tenant.token_requests == 1  # the cancelled one's was never answered


def test_a_run_that_waits_yields_a_wait_for_any_driver():
    session = Session(BASE, "client", "s3cr3t")
    first, second = session.run(API.list_tokens()), session.run(API.list_tokens())

    assert next(first).url.endswith("/oauth/token")
    step = next(second)
    assert isinstance(step, Wait)
    first.send(token_answer())  # the first gets its token, and sends its call
    step.wait()  # at once: the token request has ended
    assert second.send(None).headers["Authorization"] == "Bearer t1"


def test_twenty_thousand_calls_in_a_row_send_one_token_request_in_flat_memory():
    tenant, session = Counting(), Session(BASE, "client", "s3cr3t")
    empty = Response(200, {}, b"[]")

    def send(request):
        return tenant.answer(request) if request.url.endswith("/oauth/token") else empty

    def calls(count):
        for _ in range(count):
            run_sync(session.run(API.list_tokens()), send)

    calls(1000)
    tracemalloc.start()
    calls(2000)
    early = tracemalloc.get_traced_memory()[0]
    calls(17000)
    late = tracemalloc.get_traced_memory()[0]
    tracemalloc.stop()

    assert tenant.token_requests == 1
    assert late - early < 64 * 1024


def test_a_shared_session_s_threads_never_see_a_token_half_made():
    """Threads renewing on 401s while others call: no AttributeError, every call answered."""
    tenant = Counting()
    session = Session(BASE, "client", "s3cr3t")
    refusing = Response(401, {}, b'{"error": "expired"}')
    errors, done = [], []

    def send(request):
        if not request.url.endswith("/oauth/token") and len(done) % 7 == 0:
            time.sleep(0.001)
            return refusing if request.headers["Authorization"] == "Bearer t1" else LISTING
        return tenant.answer(request)

    def work():
        try:
            for _ in range(20):
                run_sync(session.run(API.list_tokens()), send)
                done.append(1)
        except Exception as error:  # noqa: BLE001 - collected for the assertion
            errors.append(error)

    threads = [threading.Thread(target=work) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)

    assert errors == []
    assert len(done) == 160
    assert tenant.token_requests == 2  # t1, refused, renewed once between them
