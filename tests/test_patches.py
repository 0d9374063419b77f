import datetime as dt
import json

import pytest

from pat_models import dumps, patch_expiration, patch_name, patch_scope


def test_rename():
    """patch_name replaces /name."""
    assert json.loads(dumps(patch_name("CI token"))) == [
        {"op": "replace", "path": "/name", "value": "CI token"}
    ]


def test_replace_scopes_as_in_the_spec_example():
    """patch_name and patch_scope combine into the spec's own PATCH example."""
    ops = patch_name("New name") + patch_scope(["sp:scopes:all"])

    assert json.loads(dumps(ops)) == [
        {"op": "replace", "path": "/name", "value": "New name"},
        {"op": "replace", "path": "/scope", "value": ["sp:scopes:all"]},
    ]


def test_a_single_string_is_not_a_scope_list():
    """patch_scope("sp:scopes:all") would send a list of characters; it is refused."""
    with pytest.raises(TypeError, match=r"^expected an iterable of scopes, got a single str$"):
        patch_scope("sp:scopes:all")


def test_set_expiration_writes_the_wire_timestamp_and_the_flag():
    """A date in any zone is sent in UTC to the millisecond, with the flag set false."""
    when = dt.datetime(2026, 8, 1, 2, 0, 0, 123456, dt.timezone(dt.timedelta(hours=2)))

    assert json.loads(dumps(patch_expiration(when))) == [
        {"op": "replace", "path": "/expirationDate", "value": "2026-08-01T00:00:00.123Z"},
        {"op": "replace", "path": "/userAwareTokenNeverExpires", "value": False},
    ]


def test_clear_expiration_acknowledges_first():
    """Never expiring sets the acknowledgement, then nulls the date."""
    assert json.loads(dumps(patch_expiration(None))) == [
        {"op": "replace", "path": "/userAwareTokenNeverExpires", "value": True},
        {"op": "replace", "path": "/expirationDate", "value": None},
    ]


def test_a_naive_expiration_is_refused():
    """Which instant a naive datetime means is a guess the helper will not make."""
    with pytest.raises(ValueError, match="naive"):
        patch_expiration(dt.datetime(2026, 8, 1))  # noqa: DTZ001


def test_a_set_of_scopes_is_patched_in_the_same_order_every_run():
    assert (
        dumps(patch_scope({"b", "c", "a"}))
        == '[{"op":"replace","path":"/scope","value":["a","b","c"]}]'
    )


@pytest.mark.parametrize(
    ("call", "error", "message"),
    [
        (lambda: patch_name(5), TypeError, "expected a str for the name, got int"),
        (lambda: patch_name(None), TypeError, "expected a str for the name, got NoneType"),
        (lambda: patch_name(""), ValueError, "a token's name must not be empty"),
        (lambda: patch_scope(["a", 1]), TypeError, "expected a str for the scope, got int"),
        (lambda: patch_scope([b"ab"]), TypeError, "expected a str for the scope, got bytes"),
        (
            lambda: patch_scope(b"ab"),
            TypeError,
            "expected an iterable of scopes, got a single bytes",
        ),
    ],
)
def test_what_the_api_would_refuse_is_refused_saying_what_was_expected(call, error, message):
    """No body the API would refuse is built, and the caller reads why in its own words."""
    with pytest.raises(error) as info:
        call()

    assert str(info.value) == message
