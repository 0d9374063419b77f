"""
The calls around the bodies, as data: for any HTTP library, sync or async.

In the manner of h11: nothing here does I/O or imports an HTTP library.
`Api` turns each PAT call into a `Call` (a `Request`, and how to read its
`Response`); a `Session` holds the PAT's credentials and the policy every
call needs (the access token and its renewal, 429 waits, retries) as a
generator, which `run_sync` or `run_async` drives with the caller's
``send``.  One session may be shared by concurrent tasks and threads.  The
core never imports this package: a vendoring project may leave it behind.
"""

from ._calls import Api, Call, last_used_isnull, last_used_le
from ._http import ApiError, Await, Request, Response, SettingError, Sleep, Wait
from ._rotation import RotationError
from ._session import MAX_TRIES, MAX_WAIT, Flow, Session, Store, run_async, run_sync
from ._tokens import MAX_LIFETIME, AccessToken, TokenResponse, token_call

__all__ = [
    "MAX_LIFETIME",
    "MAX_TRIES",
    "MAX_WAIT",
    "AccessToken",
    "Api",
    "ApiError",
    "Await",
    "Call",
    "Flow",
    "Request",
    "Response",
    "RotationError",
    "Session",
    "SettingError",
    "Sleep",
    "Store",
    "TokenResponse",
    "Wait",
    "last_used_isnull",
    "last_used_le",
    "run_async",
    "run_sync",
    "token_call",
]
