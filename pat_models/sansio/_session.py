"""
One policy for every call: the access token, its renewal, 429 waits and retries.

A `Session` does no I/O.  `Session.run` is a generator that yields what it
needs done (a `Request` to send, a `Sleep`, a `Wait` for another run's token
request) and is sent what came of it (a `Response`, or None), so the same
code serves a blocking client and an asynchronous one: `run_sync` and
`run_async` drive it with the caller's ``send``, a few lines for any HTTP
library.  What ``send`` raises (a timeout, a refused connection) is thrown
into the flow, which gives it back unchanged.

One session may be shared by any number of concurrent runs, asyncio tasks
and threads alike: they share one token request, and one renewal per 401.
"""

from __future__ import annotations

import concurrent.futures
import inspect
import threading
import time
from collections.abc import Awaitable, Callable, Generator
from typing import Any, TypeVar, Union

from .. import CreatePersonalAccessTokenRequest, CreatePersonalAccessTokenResponse
from ._calls import Api, Call
from ._http import ApiError, Await, Request, Response, Sleep, Wait
from ._tokens import AccessToken, credential, secure_url, token_call

_T = TypeVar("_T")

Step = Union[Request, Sleep, Wait, Await]
Flow = Generator[Step, Union[Response, None], _T]
"""What `Session.run` returns: yields steps, is sent responses (None after a pause), returns."""

Store = Callable[[CreatePersonalAccessTokenResponse], Union[Awaitable[object], object]]
"""What keeps a new token: asynchronous (awaited) where the rotation runs under `run_async`."""

MAX_TRIES = 10
"""The most times one call is ever sent."""

MAX_WAIT = 86_400
"""The most seconds one call may wait, in all: a day."""


class Session:
    """
    A PAT's client credentials, the access token they buy, and the policy of every call.

    Args:
        base_url: The tenant's API URL: ``https``, or ``http`` to this
            machine alone (``localhost``, 127.0.0.0/8, ``::1``), for tests.
        client_id, client_secret: The PAT's id and secret; the secret is
            held as a `Secret`, so that ``vars(session)`` and a traceback's
            locals show it masked.
        clock: Seconds, for when the access token is due; `time.monotonic`
            unless a test passes its own.
        tries: How many times a call is sent at most, 1 to `MAX_TRIES`.
        max_wait: How many seconds of waiting (``Retry-After``, backing off
            after a server error) one call may take, in all: the token
            request's waits on its behalf included.

    Raises:
        SettingError: a setting cannot be sent (see `base_url`), or the id
            or secret is empty or not UTF-8 text; the message never holds it.

    The policy:

    - An access token is asked for when there is none or it is due (see
      `AccessToken.due`), and is reused until then.  Runs that need one
      while another run asks wait for that run's answer, which costs them
      none of their tries or waiting: one token request serves them all.
    - A 401 renews it once, and the call is sent again; runs refused with
      the same token renew it once between them.
    - A 429 waits for ``Retry-After`` (or backs off, without one), and a
      server error (5xx) waits for its ``Retry-After`` or backs off, for a
      call that is `Call.repeatable` only: a create is never sent again
      after one, which may have come after it was carried out.  The waits
      of one call stay within *max_wait*, its sends (and the token
      request's) within *tries*.
    - Anything else is an `ApiError` (a redirect too: a credential never
      follows one), as is the last failure once the tries or the wait are
      spent.  A call for another scheme, host or port than the session's
      is refused before it is sent: its access token goes to its tenant
      alone.
    """

    def __init__(
        self,
        base_url: str,
        client_id: str,
        client_secret: str,
        *,
        clock: Callable[[], float] = time.monotonic,
        tries: int = 5,
        max_wait: float = 60.0,
    ) -> None:
        if type(tries) is not int or not 1 <= tries <= MAX_TRIES:
            msg = f"tries is a number from 1 to {MAX_TRIES}"
            raise ValueError(msg)
        if not (isinstance(max_wait, (int, float)) and 0 <= max_wait <= MAX_WAIT):
            msg = f"max_wait is a number of seconds, from 0 to {MAX_WAIT}"
            raise ValueError(msg)
        self.base_url = secure_url(base_url)
        self.client_id = str(credential("client_id", client_id))
        self._secret = credential("client_secret", client_secret)
        self._clock, self.tries, self.max_wait = clock, tries, float(max_wait)
        self._lock = threading.Lock()
        self._token: AccessToken | None = None
        self._asking: concurrent.futures.Future[object] | None = None

    @classmethod
    def from_token(
        cls, base_url: str, token: CreatePersonalAccessTokenResponse, **options: Any
    ) -> Session:
        """Return a session that uses a created *token* as its client credentials."""
        return cls(base_url, token.id, token.secret, **options)

    @property
    def token(self) -> AccessToken | None:
        """The access token in use, or None before the first call and after a refusal."""
        return self._token

    def __repr__(self) -> str:
        return (
            f"Session(base_url={self.base_url!r}, client_id={self.client_id!r}, "
            f"token={self._token!r})"
        )

    def run(self, call: Call[_T]) -> Flow[_T]:
        """
        Send *call* under the policy, and return what its success holds.

        Raises:
            ValueError: *call* is for another scheme, host or port than the
                session's base URL: nothing is sent.
            ApiError: the API refused the call, or kept failing.
            ValidationError: the success's body is not what the call returns.
        """
        self.check_origin(call.request.url)
        return self._run(call, [])

    def check_origin(self, url: str) -> None:
        """
        Refuse *url* unless it is under the session's base URL: its scheme, host and port.

        The text itself is compared, so that no parser's reading of a strange
        URL (a backslash, a user name) can take the token elsewhere.

        Raises:
            ValueError: it is not: the access token would go elsewhere.
        """
        if not (isinstance(url, str) and url.lower().startswith(self.base_url.lower() + "/")):
            msg = "the call is for another scheme, host or port than the session's: not sent"
            raise ValueError(msg)

    def _run(self, call: Call[_T], answers: list[int | None]) -> Flow[_T]:
        """`run`, noting in *answers* each send of *call*: its status, or None while none came."""
        budget = _Budget(self.tries, self.max_wait)
        renewed = False
        while True:
            token = yield from self._current_token(budget)
            request = call.request.with_header("Authorization", token.authorization())
            answers.append(None)
            response = yield from _send(request)
            answers[-1] = response.status
            try:
                return call.parse(response)
            except ApiError as error:
                if error.status == 401 and not renewed and budget.spend(0, "call"):  # noqa: PLR2004
                    renewed = True
                    self._refused(token)
                    continue
                yield from budget.wait_or_raise(error, "call", repeatable=call.repeatable)

    def _refused(self, token: AccessToken) -> None:
        """Forget *token*, refused with a 401, unless another run has renewed it already."""
        with self._lock:
            if self._token is token:
                self._token = None

    def _current_token(self, budget: _Budget) -> Flow[AccessToken]:
        """Return the token to send: the one held, another run's answer, or one asked for now."""
        while True:
            with self._lock:
                token, asking = self._token, self._asking
                if token is not None and not token.due(self._clock()):
                    return token
                mine = asking is None
                if asking is None:
                    asking = self._asking = concurrent.futures.Future()
            if mine:
                return (yield from self._ask(asking, budget))
            yield Wait(asking)
            outcome = asking.result()
            if isinstance(outcome, AccessToken):
                return outcome
            if isinstance(outcome, Exception):  # the final failure reaches every run that waited
                raise outcome
            # The run that asked was abandoned: one of those that waited asks again.

    def _ask(self, asking: concurrent.futures.Future[object], budget: _Budget) -> Flow[AccessToken]:
        """Ask for a token for every run waiting on *asking*; settle it whatever comes."""
        outcome: object = None
        try:
            token = yield from self._access_token(budget)
        except Exception as error:
            outcome = error
            raise
        else:
            outcome = token
            return token
        finally:  # a run abandoned part way (cancelled, closed) settles it with None
            with self._lock:
                if isinstance(outcome, AccessToken):
                    self._token = outcome
                self._asking = None
            asking.set_result(outcome)

    def _access_token(self, budget: _Budget) -> Flow[AccessToken]:
        """Ask for an access token: a 429 or 5xx waits, within *budget*; a refusal raises."""
        call = token_call(self.base_url, self.client_id, self._secret)
        while True:
            asked = self._clock()
            response = yield from _send(call.request)
            try:
                answer = call.parse(response)
            except ApiError as error:
                yield from budget.wait_or_raise(error, "token", repeatable=True)
            else:
                return AccessToken(answer.access_token, asked, answer.expires_in)

    def use(self, client_id: str, client_secret: str) -> None:
        """Go on with other client credentials (a rotated token's): the next call asks anew."""
        client_id = str(credential("client_id", client_id))
        secret = credential("client_secret", client_secret)
        with self._lock:
            self.client_id, self._secret, self._token = client_id, secret, None

    def rotate(
        self,
        api: Api,
        old_id: str,
        request: CreatePersonalAccessTokenRequest,
        store: Store,
    ) -> Flow[CreatePersonalAccessTokenResponse]:
        """
        Replace the token *old_id* by a new one made from *request*.

        The new token is created, handed to *store* (which keeps its secret
        where its users read it; under `run_async` it may be asynchronous,
        and is awaited), and only once *store* has returned is the old one
        deleted.  If the old token is this session's own, the session goes
        on with the new one once it is stored, whatever the delete's
        outcome.  *old_id* and *request* are checked before anything is
        sent.

        Raises:
            TypeError, ValueError: *old_id* is no token id (as
                `Api.delete_token` says): nothing is sent.
            RotationError: a step failed; it says which tokens exist, and
                holds the new one, if there is one, so that it is not lost.
        """
        from ._rotation import rotate  # noqa: PLC0415 - a module apart, as a rotation is

        return rotate(self, api, old_id, request, store)


def _send(request: Request) -> Flow[Response]:
    response = yield request
    if not isinstance(response, Response):
        msg = f"send must return a pat_models.sansio.Response, got {type(response).__name__}"
        raise TypeError(msg)
    return response


class _Budget:
    """
    What one run has left: sends again of the call and of the token request, and seconds of waiting.

    The seconds are the run's in all, the token request's waits included.
    """

    def __init__(self, tries: int, max_wait: float) -> None:
        self.sends = {"call": tries - 1, "token": tries - 1}
        self.seconds, self._failures = max_wait, 0

    def spend(self, wait: float, kind: str) -> bool:
        """Take one more send of *kind*, after *wait* seconds, if both are left."""
        if self.sends[kind] < 1 or not wait <= self.seconds:
            return False
        self.sends[kind] -= 1
        self.seconds -= wait
        return True

    def wait_or_raise(self, error: ApiError, kind: str, *, repeatable: bool) -> Flow[None]:
        """Wait before the next send of *kind*, as *error* allows; or raise it."""
        if error.status != 429 and not (error.status >= 500 and repeatable):  # noqa: PLR2004
            raise error
        backoff = float(2**self._failures)  # 1, 2, 4 …: seconds
        self._failures += 1
        wait = backoff if error.retry_after is None else error.retry_after
        if not self.spend(wait, kind):
            raise error
        if wait > 0:
            yield Sleep(wait)


def _start(flow: Flow[_T]) -> Step:
    """Return *flow*'s first step; refuse a flow that has begun, or ended, elsewhere."""
    if inspect.isgenerator(flow) and inspect.getgeneratorstate(flow) != inspect.GEN_CREATED:
        msg = "this flow has been driven already: a flow is driven once, from its start"
        raise RuntimeError(msg)
    try:
        return next(flow)
    except StopIteration:
        msg = "this flow ended without a step: a flow is driven once, from its start"
        raise RuntimeError(msg) from None


def run_sync(
    flow: Flow[_T],
    send: Callable[[Request], Response],
    *,
    sleep: Callable[[float], object] = time.sleep,
) -> _T:
    """
    Drive *flow* with a blocking *send*: return its result, or raise its error.

    What *send* raises is thrown into the flow, ``KeyboardInterrupt`` too (a
    rotation that has created its token then says so, with the token).  An
    asynchronous ``store`` cannot be awaited here: it is refused, so a
    rotation deletes nothing.

    Raises:
        RuntimeError: *flow* has been driven already, or is being driven.
    """
    step = _start(flow)
    try:
        while True:
            try:
                if isinstance(step, Request):
                    reply = send(step)
                elif isinstance(step, Sleep):
                    sleep(step.seconds)
                    reply = None
                elif isinstance(step, Wait):
                    step.wait()
                    reply = None
                else:
                    _refuse(step)
            except BaseException as error:  # noqa: BLE001 - the transport's, a cancel too: the flow judges
                step = flow.throw(error)
            else:
                step = flow.send(reply)
    except StopIteration as done:
        return done.value  # type: ignore[no-any-return]
    finally:  # an interrupted run gives back what it shares (the token request under way)
        flow.close()


async def run_async(
    flow: Flow[_T],
    send: Callable[[Request], Awaitable[Response]],
    *,
    sleep: Callable[[float], Awaitable[object]] | None = None,
) -> _T:
    """
    Drive *flow* with an asynchronous *send*: return its result, or raise its error.

    *sleep* is `asyncio.sleep` unless given (imported here: asyncio imports
    socket).  What *send* raises is thrown into the flow, a cancel too: a
    cancelled run gives back what it shares with other runs, and a rotation
    cancelled once its new token exists raises the `RotationError` that
    holds the token, not `asyncio.CancelledError`, so that its secret is
    not lost.

    Raises:
        RuntimeError: *flow* has been driven already, or is being driven.
    """
    import asyncio  # noqa: PLC0415 - it imports socket

    sleep = asyncio.sleep if sleep is None else sleep
    step = _start(flow)
    try:
        while True:
            try:
                if isinstance(step, Request):
                    reply = await send(step)
                elif isinstance(step, Sleep):
                    await sleep(step.seconds)
                    reply = None
                elif isinstance(step, Wait):
                    await _woken(step)
                    reply = None
                else:
                    await step.awaitable
                    reply = None
            except BaseException as error:  # noqa: BLE001 - the transport's, a cancel too: the flow judges
                step = flow.throw(error)
            else:
                step = flow.send(reply)
    except StopIteration as done:
        return done.value  # type: ignore[no-any-return]
    finally:
        flow.close()


async def _woken(step: Wait) -> None:
    """Wait for *step* in asyncio, whatever thread it ends in; cancelling this cancels no other."""
    import asyncio  # noqa: PLC0415

    loop = asyncio.get_running_loop()
    woken: asyncio.Future[None] = loop.create_future()

    def wake() -> None:
        if not woken.done():
            woken.set_result(None)

    step.on_done(lambda: loop.call_soon_threadsafe(wake) if not loop.is_closed() else None)
    await woken


def _refuse(step: Await) -> None:
    """Refuse to await *step* in a blocking driver; close a coroutine, so none goes unawaited."""
    close = getattr(step.awaitable, "close", None)
    if callable(close):
        close()
    msg = "store returned an awaitable: drive an asynchronous store with run_async"
    raise TypeError(msg)
