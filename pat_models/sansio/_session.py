"""
One policy for every call: the access token, its renewal, 429 waits, retries, and rotation.

A `Session` does no I/O.  `Session.run` is a generator that yields what it
needs done (a `Request` to send, a `Sleep`) and is sent what came of it (a
`Response`, or None after a sleep), so the same code serves a blocking
client and an asynchronous one: `run_sync` and `run_async` drive it with
the caller's ``send``, a few lines for any HTTP library.  What ``send``
raises (a timeout, a refused connection) is thrown into the flow, which
gives it back unchanged, or, while rotating, says which tokens exist.
"""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable, Generator
from typing import Any, TypeVar, Union

from .. import CreatePersonalAccessTokenRequest, CreatePersonalAccessTokenResponse
from ._calls import Api, Call
from ._http import ApiError, Request, Response, Sleep
from ._http import base_url as tenant_url
from ._tokens import AccessToken, token_call

_T = TypeVar("_T")

Step = Union[Request, Sleep]
Flow = Generator[Step, Union[Response, None], _T]
"""What `Session.run` returns: yields requests and sleeps, is sent responses, returns the result."""

MAX_TRIES = 10
"""The most times one call is ever sent."""


class Session:
    """
    A PAT's client credentials, the access token they buy, and the policy of every call.

    Args:
        base_url: The tenant's API URL.
        client_id, client_secret: The PAT's id and secret.
        clock: Seconds, for when the access token is due; `time.monotonic`
            unless a test passes its own.
        tries: How many times a call is sent at most, 1 to `MAX_TRIES`.
        max_wait: How many seconds of waiting (``Retry-After``, backing off
            after a server error) one call may take, in all: the token
            request's waits on its behalf included.

    The policy:

    - An access token is asked for when there is none or it is due (see
      `AccessToken.due`), and is reused until then.
    - A 401 renews it once, and the call is sent again.
    - A 429 waits for ``Retry-After`` (or backs off, without one), and a
      server error (5xx) waits for its ``Retry-After`` or backs off, for a
      call that is `Call.repeatable` only: a create is never sent again
      after one, which may have come after it was carried out.  The waits
      of one call stay within *max_wait*, its sends (and the token
      request's) within *tries*.
    - Anything else is an `ApiError`, as is the last failure once the
      tries or the wait are spent.
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
        if not max_wait >= 0:
            msg = "max_wait is a number of seconds, at least 0"
            raise ValueError(msg)
        self.base_url, self.client_id = tenant_url(base_url), client_id
        self._secret = client_secret
        self._clock, self.tries, self.max_wait = clock, tries, float(max_wait)
        self.token: AccessToken | None = None

    @classmethod
    def from_token(
        cls, base_url: str, token: CreatePersonalAccessTokenResponse, **options: Any
    ) -> Session:
        """Return a session that uses a created *token* as its client credentials."""
        return cls(base_url, token.id, token.secret, **options)

    def __repr__(self) -> str:
        return (
            f"Session(base_url={self.base_url!r}, client_id={self.client_id!r}, "
            f"token={self.token!r})"
        )

    def run(self, call: Call[_T]) -> Flow[_T]:
        """
        Send *call* under the policy, and return what its success holds.

        Raises:
            ApiError: the API refused the call, or kept failing.
            ValidationError: the success's body is not what the call returns.
        """
        budget = _Budget(self.tries, self.max_wait)
        renewed = False
        while True:
            if self.token is None or self.token.due(self._clock()):
                self.token = yield from self._access_token(budget)
            request = call.request.with_header("Authorization", self.token.authorization())
            response = yield from _send(request)
            try:
                return call.parse(response)
            except ApiError as error:
                if error.status == 401 and not renewed and budget.spend(0, "call"):  # noqa: PLR2004
                    renewed, self.token = True, None
                    continue
                yield from budget.wait_or_raise(error, "call", repeatable=call.repeatable)

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

    def rotate(
        self,
        api: Api,
        old_id: str,
        request: CreatePersonalAccessTokenRequest,
        store: Callable[[CreatePersonalAccessTokenResponse], object],
    ) -> Flow[CreatePersonalAccessTokenResponse]:
        """
        Replace the token *old_id* by a new one made from *request*.

        The new token is created, handed to *store* (which keeps its secret
        where its users read it), and only once *store* has returned is the
        old one deleted.  If the old token is this session's own, the
        session goes on with the new one.

        Raises:
            RotationError: a step failed; it says which tokens exist, and
                holds the new one, if there is one, so that it is not lost.
        """
        try:
            created = yield from self.run(api.create_token(request))
        except ApiError as error:
            raise RotationError(step="create", old_id=old_id, cause=error) from error
        except Exception as error:  # the transport's: the create may have been carried out
            raise RotationError(
                step="create", old_id=old_id, cause=error, maybe_created=True
            ) from error
        try:
            store(created)
        except Exception as error:
            raise RotationError(
                step="store", old_id=old_id, cause=error, created=created
            ) from error
        try:
            yield from self.run(api.delete_token(old_id))
        except Exception as error:
            raise RotationError(
                step="delete", old_id=old_id, cause=error, created=created
            ) from error
        if old_id == self.client_id:
            self.client_id, self._secret, self.token = created.id, created.secret, None
        return created


class RotationError(Exception):
    """
    A rotation that stopped part way, and which tokens exist because of it.

    Attributes:
        step: ``create``, ``store`` or ``delete``: the one that failed.
        old_id: The old token's id; it exists still.
        created: The new token, with its secret, if it was created (its
            ``repr`` leaves the secret out); None otherwise.
    """

    def __init__(
        self,
        *,
        step: str,
        old_id: str,
        cause: Exception,
        created: CreatePersonalAccessTokenResponse | None = None,
        maybe_created: bool = False,
    ) -> None:
        self.step, self.old_id, self.created = step, old_id, created
        if created is not None:
            exist = f"both tokens exist: the old {old_id} and the new {created.id}"
        elif maybe_created:
            exist = f"the old token {old_id} exists, and a new one may have been created"
        else:
            exist = f"no new token was created; the old {old_id} exists still"
        super().__init__(f"rotation failed at {step} ({type(cause).__name__}): {exist}")


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
        if self.sends[kind] < 1 or wait > self.seconds:
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


def run_sync(
    flow: Flow[_T],
    send: Callable[[Request], Response],
    *,
    sleep: Callable[[float], object] = time.sleep,
) -> _T:
    """
    Drive *flow* with a blocking *send*: return its result, or raise its error.

    What *send* raises is thrown into the flow.
    """
    try:
        step = next(flow)
        while True:
            try:
                if isinstance(step, Sleep):
                    sleep(step.seconds)
                    reply = None
                else:
                    reply = send(step)
            except Exception as error:  # noqa: BLE001 - the transport's, for the flow to judge
                step = flow.throw(error)
            else:
                step = flow.send(reply)
    except StopIteration as done:
        return done.value  # type: ignore[no-any-return]


async def run_async(
    flow: Flow[_T],
    send: Callable[[Request], Awaitable[Response]],
    *,
    sleep: Callable[[float], Awaitable[object]] | None = None,
) -> _T:
    """
    Drive *flow* with an asynchronous *send*: return its result, or raise its error.

    *sleep* is `asyncio.sleep` unless given (imported here: asyncio imports socket).
    """
    if sleep is None:
        import asyncio  # noqa: PLC0415 - it imports socket

        sleep = asyncio.sleep
    try:
        step = next(flow)
        while True:
            try:
                if isinstance(step, Sleep):
                    await sleep(step.seconds)
                    reply = None
                else:
                    reply = await send(step)
            except Exception as error:  # noqa: BLE001 - the transport's, for the flow to judge
                step = flow.throw(error)
            else:
                step = flow.send(reply)
    except StopIteration as done:
        return done.value  # type: ignore[no-any-return]
