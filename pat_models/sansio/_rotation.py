"""
Rotation: a new token created, stored, and only then the old one deleted, with no secret lost.

Each step can fail, and the error says what is true of the tenant then,
from what was sent and what came back: a refusal before sending creates
nothing; a 4xx to the create was not carried out; a 5xx, or no answer, may
have been; any 2xx is a created token, whose id and secret reach the
caller even when the rest of its answer is not what the models read.
"""

from __future__ import annotations

import contextlib
import json
import re
from collections.abc import Awaitable
from typing import TYPE_CHECKING, Literal

from .. import (
    CreatePersonalAccessTokenRequest,
    CreatePersonalAccessTokenResponse,
    Secret,
    ValidationError,
)
from ._calls import Api, Call
from ._http import ApiError, Await, PicklableError

if TYPE_CHECKING:
    from ._session import Flow, Session, Store

NewToken = Literal["created", "not created", "maybe created"]
"""What is known of the new token: the words of `RotationError.new_token`."""
CREATED: NewToken = "created"
NOT_CREATED: NewToken = "not created"
MAYBE_CREATED: NewToken = "maybe created"

OldToken = Literal["exists", "maybe deleted", "not found"]
"""What is known of the old token: the words of `RotationError.old_token`."""
EXISTS: OldToken = "exists"
MAYBE_DELETED: OldToken = "maybe deleted"
NOT_FOUND: OldToken = "not found"


def rotate(
    session: Session,
    api: Api,
    old_id: str,
    request: CreatePersonalAccessTokenRequest,
    store: Store,
) -> Flow[CreatePersonalAccessTokenResponse]:
    """`Session.rotate`: the checks made before anything is sent, then the flow."""
    delete = api.delete_token(old_id)  # a TypeError or ValueError for an id that is none
    session.check_origin(delete.request.url)
    return _rotation(session, api, old_id, request, store, delete=delete)


def _rotation(
    session: Session,
    api: Api,
    old_id: str,
    request: CreatePersonalAccessTokenRequest,
    store: Store,
    *,
    delete: Call[None],
) -> Flow[CreatePersonalAccessTokenResponse]:
    created = yield from _create(session, api, old_id, request)
    # From here on the new secret exists: whatever stops the rotation (a cancelled task, ^C)
    # is a RotationError that holds it.
    try:
        kept = store(created)
        if isinstance(kept, Awaitable):
            yield Await(kept)
    except BaseException as error:
        raise RotationError(step="store", old_id=old_id, cause=error, created=created) from error
    own = old_id == session.client_id
    answers: list[int | None] = []
    try:
        yield from session._run(delete, answers)  # noqa: SLF001
    except ApiError as error:
        if error.status != 404:  # noqa: PLR2004
            raise _delete_failed(old_id, error, created, answers) from error
        if not _unsure(answers[:-1]):  # a 404 to a delete sent again after a 5xx: it was done
            raise RotationError(
                step="delete", old_id=old_id, cause=error, created=created, old_token=NOT_FOUND
            ) from error
    except BaseException as error:
        raise _delete_failed(old_id, error, created, answers) from error
    finally:
        if own:
            session.use(created.id, created.secret)
    return created


def _create(
    session: Session, api: Api, old_id: str, request: CreatePersonalAccessTokenRequest
) -> Flow[CreatePersonalAccessTokenResponse]:
    """Create the new token; what stops it says whether one may exist, with its secret if so."""
    try:
        create = api.create_token(request)
    except ValidationError as error:  # refused here: nothing was sent
        raise RotationError(
            step="create", old_id=old_id, cause=error, new_token=NOT_CREATED
        ) from error
    answers: list[int | None] = []
    try:
        body = yield from session._run(Call(create.request, bytes), answers)  # noqa: SLF001
    except BaseException as error:
        # Interrupted before the create went out: nothing to tell, so nothing in the way.
        if not isinstance(error, Exception) and not answers:
            raise
        new_token = MAYBE_CREATED if _unsure(answers) else NOT_CREATED
        raise RotationError(
            step="create", old_id=old_id, cause=error, new_token=new_token
        ) from error
    try:
        created = create.read(body)
    except ValidationError as error:  # a 2xx is a created token, read or not
        new_id, secret = _id_and_secret(body)
        raise RotationError(
            step="create",
            old_id=old_id,
            cause=error,
            new_token=CREATED,
            new_id=new_id,
            new_secret=secret,
        ) from error
    return created


def _unsure(answers: list[int | None]) -> bool:
    """Tell whether a call sent with these answers may have been carried out: a 5xx, or none."""
    return any(status is None or status >= 500 for status in answers)  # noqa: PLR2004


def _delete_failed(
    old_id: str,
    error: BaseException,
    created: CreatePersonalAccessTokenResponse,
    answers: list[int | None],
) -> RotationError:
    old_token = MAYBE_DELETED if _unsure(answers) else EXISTS
    return RotationError(
        step="delete", old_id=old_id, cause=error, created=created, old_token=old_token
    )


_ID = re.compile(r'"id"\s*:\s*("(?:[^"\\]|\\.)*")')
_SECRET = re.compile(r'"secret"\s*:\s*("(?:[^"\\]|\\.)*"|[^,}\]\s]+)')


def _id_and_secret(body: bytes) -> tuple[str | None, Secret | None]:
    """
    Read what can be read of a created token's answer that the model refused: id and secret.

    As JSON if it is (junk after it aside); else the first of each key in the text, so that
    an answer too deep or broken elsewhere still gives them.  A secret that is no string is
    given as its JSON text.
    """
    text = body.decode("utf-8", "replace")
    try:
        data, _ = json.JSONDecoder().raw_decode(text.lstrip())
    except (ValueError, RecursionError):
        data = None
    if not isinstance(data, dict):
        data = {}
        for key, pattern in (("id", _ID), ("secret", _SECRET)):
            if (found := pattern.search(text)) is not None:
                with contextlib.suppress(ValueError):
                    data[key] = json.loads(found[1])
    new_id, secret = data.get("id"), data.get("secret")
    if secret is not None and not isinstance(secret, str):
        secret = json.dumps(secret)
    return (
        new_id if isinstance(new_id, str) else None,
        Secret(secret) if isinstance(secret, str) else None,
    )


class RotationError(PicklableError):
    """
    A rotation that stopped part way, and which tokens exist because of it.

    Attributes:
        step: ``create``, ``store`` or ``delete``: the one that failed.
        old_id: The old token's id.
        new_token: ``created``, ``not created`` or ``maybe created`` (the
            create was answered with a server error, or not at all).
        created: The new token, with its secret, if it was created and
            read (its ``repr`` leaves the secret out); None otherwise.
        new_id, new_secret: The new token's id and secret (a `Secret`)
            whenever they are known: from *created*, or from a created
            token's answer that the model refused.
        old_token: ``exists``, ``maybe deleted`` (the delete was answered
            with a server error, or not at all) or ``not found`` (the tenant
            has no token of that id: it answered the delete 404).

    It pickles with every attribute, the new secret included: a pickle is data.
    """

    def __init__(
        self,
        *,
        step: str,
        old_id: str,
        cause: BaseException,
        new_token: NewToken = CREATED,
        created: CreatePersonalAccessTokenResponse | None = None,
        new_id: str | None = None,
        new_secret: Secret | None = None,
        old_token: OldToken = EXISTS,
    ) -> None:
        self.step, self.old_id, self.new_token, self.created = step, old_id, new_token, created
        self.new_id = created.id if created is not None else new_id
        self.new_secret = Secret(created.secret) if created is not None else new_secret
        self.old_token = old_token
        super().__init__(f"rotation failed at {step} ({type(cause).__name__}): {self._exist()}")

    def _exist(self) -> str:
        old = f"the old {self.old_id}"
        if self.new_token == NOT_CREATED:
            return f"no new token was created; {old} exists still"
        if self.new_token == MAYBE_CREATED:
            return f"a new token may have been created; {old} exists still"
        new = f"the new {self.new_id}" if self.new_id is not None else "a new one, its id unread"
        if self.created is None:
            lost = "" if self.new_secret is not None else ", and its secret was lost"
            return f"{new} was created but its answer is not a token's{lost}; {old} exists still"
        if self.old_token == MAYBE_DELETED:
            return f"{new} exists and is stored; {old} may have been deleted"
        if self.old_token == NOT_FOUND:
            return f"{new} exists and is stored; {old} was not found: no token has that id"
        return f"both tokens exist: {old} and {new}"
