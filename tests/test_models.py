import ast
import copy
import datetime as dt
import pickle
import re
import sys
from pathlib import Path

import attrs
import pendulum
import pytest
from hypothesis import given

from pat_models import (
    ABSENT,
    BulkUpdatePersonalAccessTokensRequest,
    CreatePersonalAccessTokenRequest,
    CreatePersonalAccessTokenResponse,
    JsonPatchOperation,
    OwnerType,
    PatOwner,
)

from .payloads import SECRET, make_created
from .strategies import create_responses

CREATED = pendulum.DateTime(2017, 7, 11, 18, 45, 37, 98000, tzinfo=pendulum.UTC)


def token(**changes):
    fields = {
        "id": "86f1dc6fe8f54414950454cbb11278fa",
        "secret": SECRET,
        "scope": ("sp:scopes:all",),
        "name": "NodeJS Integration",
        "owner": PatOwner(type=OwnerType.IDENTITY, id="2c91", name="Support"),
        "created": CREATED,
        "extra": {"futureKey": {"nested": [1, 2]}},
    }
    return CreatePersonalAccessTokenResponse(**{**fields, **changes})


@pytest.mark.parametrize("show", [repr, str, format, "{}".format, "{!r}".format, lambda t: f"{t=}"])
def test_secret_never_shows_in_text(show):
    """repr, str, format and f-strings of a token leave the secret out."""
    text = show(token())

    assert SECRET not in text
    assert "NodeJS Integration" in text


def test_repr_shows_unknown_key_names_only():
    """An unknown key may be a new secret: repr names it but hides its value."""
    text = repr(token(extra={"refreshSecret": SECRET}))

    assert "refreshSecret" in text
    assert SECRET not in text


def test_models_are_frozen_all_the_way_down():
    """No attribute, scope entry or unknown value can be changed after construction."""
    tok = token(scope=["a", "b"])

    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        tok.name = "other"  # type: ignore[misc]
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        tok.owner.id = "other"  # type: ignore[misc]
    assert tok.scope == ("a", "b")
    with pytest.raises(TypeError):
        tok.extra["futureKey"] = 1  # type: ignore[index]
    assert tok.extra["futureKey"]["nested"] == (1, 2)
    with pytest.raises(TypeError):
        tok.extra["futureKey"]["nested"] = []


def test_fields_are_keyword_only():
    """Positional arguments are refused, so new fields never shift old calls."""
    with pytest.raises(TypeError):
        PatOwner("IDENTITY", "2c91", "Support")  # type: ignore[misc]


def test_a_bare_string_is_not_a_scope_list():
    """``scope="sp:scopes:all"`` would otherwise become a tuple of characters."""
    with pytest.raises(TypeError) as info:
        token(scope="sp:scopes:all")

    assert str(info.value) == (
        "CreatePersonalAccessTokenResponse.scope: expected an iterable of items, got str"
    )


@pytest.mark.parametrize(
    ("build", "message"),
    [
        (lambda: BulkUpdatePersonalAccessTokensRequest(ids=None, patch=[]),
         "BulkUpdatePersonalAccessTokensRequest.ids: expected an iterable of items, got NoneType"),
        (lambda: BulkUpdatePersonalAccessTokensRequest(ids=["a"], patch=ABSENT),
         "BulkUpdatePersonalAccessTokensRequest.patch: expected an iterable of items, got Absent"),
    ],
)  # fmt: skip
def test_null_where_a_list_cannot_be_null_is_named_as_such(build, message):
    """Not Python's "'NoneType' object is not iterable": the field, and what it got."""
    with pytest.raises(TypeError, match=f"^{re.escape(message)}$"):
        build()


@given(create_responses)
def test_tokens_hash_compare_copy_and_pickle(tok):
    """Equal tokens hash alike, and pickling or copying gives an equal token."""
    again = attrs.evolve(tok)

    assert again == tok
    assert hash(again) == hash(tok)
    assert pickle.loads(pickle.dumps(tok)) == tok  # noqa: S301
    assert copy.deepcopy(tok) == tok


def test_pickling_keeps_absent_and_the_secret():
    """ABSENT stays the same object, and the secret is data that pickles with the token."""
    tok = token(access_token_validity_seconds=ABSENT)

    again = pickle.loads(pickle.dumps(tok))  # noqa: S301

    assert again.access_token_validity_seconds is ABSENT
    assert again.secret == SECRET


def test_timestamps_are_kept_in_utc_to_the_millisecond():
    """An aware datetime of any zone and precision is stored as the UTC millisecond it falls in."""
    paris = dt.datetime(2017, 7, 11, 20, 45, 37, 98765, dt.timezone(dt.timedelta(hours=2)))

    tok = token(created=paris, expiration_date=paris)

    assert tok.created == CREATED
    assert tok.created.tzinfo is pendulum.UTC
    assert type(tok.expiration_date) is pendulum.DateTime
    assert tok.expiration_date == CREATED


def test_naive_timestamps_are_refused():
    """A naive datetime names no instant, so a model will not guess one."""
    with pytest.raises(ValueError, match="naive"):
        token(created=dt.datetime(2017, 7, 11))  # noqa: DTZ001


def test_absent_and_null_are_different():
    """A never-expiring token (None) is not the same as one from before expiry existed (ABSENT)."""
    assert token(expiration_date=None) != token(expiration_date=ABSENT)
    assert token().expiration_date is ABSENT
    assert repr(ABSENT) == str(ABSENT) == "ABSENT"


def test_owner_type_is_an_open_enum():
    """The known type is an enum member equal to its string; other types stay strings."""
    assert OwnerType.IDENTITY == "IDENTITY"
    assert str(OwnerType.IDENTITY) == "IDENTITY"
    assert PatOwner(type="IDENTITY") == PatOwner(type=OwnerType.IDENTITY)
    assert PatOwner(type="ACCOUNT").type == "ACCOUNT"


def _imports(path: Path, seen: set[Path] | None = None) -> set[str]:
    """Top-level names of the absolute imports in *path*, following its relative imports."""
    seen = set() if seen is None else seen
    if path in seen:
        return set()
    seen.add(path)
    names: set[str] = set()
    tree = ast.parse(path.read_text())
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and not node.level:
            names.add(node.module.split(".")[0])
        elif isinstance(node, ast.ImportFrom):
            modules = [node.module] if node.module else [alias.name for alias in node.names]
            for module in modules:
                names |= _imports(path.parent / f"{module}.py", seen)
    return names


def test_models_import_only_attrs_pendulum_and_the_standard_library():
    """The models know nothing of cattrs; the converter owns the wire."""
    import pat_models._models  # noqa: PLC0415

    imported = _imports(Path(pat_models._models.__file__))

    assert imported - set(sys.stdlib_module_names) == {"attrs", "pendulum"}


def test_a_set_of_scopes_is_written_the_same_way_every_run():
    """A set has no order: its strings are sorted, so the bytes written never depend on hashing."""
    scopes = {"sp:scopes:all", "idn:all", "a:b"}

    request = CreatePersonalAccessTokenRequest(name="ci", scope=scopes)

    assert request.scope == ("a:b", "idn:all", "sp:scopes:all")
    with pytest.raises(
        TypeError, match=r"^BulkUpdatePersonalAccessTokensRequest\.patch: a set has no order"
    ):
        BulkUpdatePersonalAccessTokensRequest(
            ids=["a"], patch={JsonPatchOperation(op="remove", path="/expirationDate")}
        )


def test_absent_reads_false_and_stays_itself():
    """`if token.managed:` means there is a true value; ABSENT keeps its identity through pickling."""
    assert not ABSENT
    assert bool(ABSENT) is False
    assert pickle.loads(pickle.dumps(ABSENT)) is ABSENT  # noqa: S301 - our own bytes
    assert copy.deepcopy(ABSENT) is ABSENT


def test_public_classes_pickle_by_their_public_name():
    """A pickle names pat_models.PatOwner, not the private module it is defined in."""
    data = pickle.dumps([make_created(), PatOwner(type=OwnerType.IDENTITY), ABSENT])

    assert b"pat_models._models" not in data
    assert b"pat_models._absent" not in data
    assert pickle.loads(data) == [make_created(), PatOwner(type=OwnerType.IDENTITY), ABSENT]  # noqa: S301
    assert repr(PatOwner) == "<class 'pat_models.PatOwner'>"
