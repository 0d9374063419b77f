"""Whatever bytes arrive, pat_models returns a correct object or raises its one error."""

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from pat_models import (
    GetPersonalAccessTokenResponse,
    JsonPatchOperation,
    PatOwner,
    UnreadableErrorBody,
    ValidationError,
    dumps,
    load_error_response,
    loads,
    make_converter,
)

from .strategies import SECRET_MARK, instances, mutated_texts

TARGETS = [*instances, list[GetPersonalAccessTokenResponse], list[JsonPatchOperation]]
STRICT = make_converter(extra="forbid", sub_millisecond="reject")
FUZZ = settings(
    max_examples=300, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large]
)


def _assert_clean(error):
    """The error and everything chained to it is silent about the secret."""
    seen = error
    while seen is not None:
        assert SECRET_MARK not in str(seen)
        assert not any(SECRET_MARK in note for note in getattr(seen, "__notes__", ()))
        seen = seen.__cause__ or seen.__context__


def _round_trips(obj, cls, **options):
    text = dumps(obj, **options)
    again = loads(text, cls, **options)
    assert again == obj
    assert dumps(again, **options) == text


@FUZZ
@given(raw=mutated_texts(), cls=st.sampled_from(TARGETS))
@example(raw=b'{"id": "x", "k": "\\ud800\xed\xb0\x80"}', cls=PatOwner)  # found by the campaign
def test_mutated_documents_load_and_round_trip_or_raise_the_error(raw, cls):
    """Deleted, duplicated, swapped, truncated, nested, huge or mis-encoded: one outcome or the other."""
    try:
        obj = loads(raw, cls)
    except ValidationError as error:
        _assert_clean(error)
        return
    _round_trips(obj, cls)


@FUZZ
@given(raw=mutated_texts(), cls=st.sampled_from(TARGETS))
def test_the_strict_settings_hold_as_well(raw, cls):
    """Forbidding unknown keys, finer timestamps and duplicate keys changes what passes, not how it fails."""
    try:
        obj = loads(raw, cls, converter=STRICT, duplicate_keys="reject")
    except ValidationError as error:
        _assert_clean(error)
        return
    _round_trips(obj, cls, converter=STRICT)


def _outcome(raw, cls, loads, dumps):
    try:
        return ("value", dumps(loads(raw, cls)))
    except ValidationError as error:
        return ("error", error.problems)


@FUZZ
@given(raw=mutated_texts(), cls=st.sampled_from(TARGETS))
def test_with_or_without_orjson_the_outcome_is_the_same(raw, cls):
    """The same object, written to the same text, or the same problems: orjson changes only speed."""
    orjson = pytest.importorskip("pat_models.orjson")

    assert _outcome(raw, cls, orjson.loads, orjson.dumps) == _outcome(raw, cls, loads, dumps)


@FUZZ
@given(raw=mutated_texts(), status=st.sampled_from([400, 401, 403, 404, 429, 500, 502]))
def test_error_bodies_of_any_shape_are_read_or_returned_unread(raw, status):
    """load_error_response never raises: a body of no known shape is returned, without its text."""
    obj = load_error_response(status, raw)

    if isinstance(obj, UnreadableErrorBody):
        assert obj.status == status
        assert SECRET_MARK not in repr(obj)
    else:
        _round_trips(obj, type(obj))


@pytest.mark.parametrize("depth", [100, 128, 129, 990, 1000, 10_000, 100_000])
@pytest.mark.parametrize("duplicate_keys", ["last", "reject"])
def test_deep_nesting_is_the_library_error_not_a_recursion_error(depth, duplicate_keys):
    """Nesting that would exhaust Python's stack is rejected like any other bad input."""
    text = '{"error": ' + "[" * depth + "]" * depth + "}"

    try:
        obj = loads(text, _error_401(), duplicate_keys=duplicate_keys)
    except ValidationError as error:
        message = str(error)
    else:
        _round_trips(obj, type(obj))
        return
    assert "nested" in message


def _error_401():
    from pat_models import ListPersonalAccessTokensV1401Response  # noqa: PLC0415

    return ListPersonalAccessTokensV1401Response


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('{"secret": "a", "secret": "b"}', "$.secret: duplicate key"),
        ('{"owner": {"id": "a", "id": "b"}}', "$.owner.id: duplicate key"),
        ('[{"op": "add", "op": "remove", "path": "/x"}]', "$[0].op: duplicate key"),
    ],
)
def test_duplicate_keys_are_rejected_on_request_and_the_last_wins_otherwise(text, expected):
    """The policy is explicit: last wins by default, duplicate_keys="reject" names each one."""
    cls = list[JsonPatchOperation] if text.startswith("[") else _error_401()

    with pytest.raises(ValidationError) as info:
        loads(text, cls, duplicate_keys="reject")

    assert expected in str(info.value)
    assert loads(text, cls)  # the last one wins
