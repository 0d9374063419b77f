"""Open-ended JSON values are held frozen, as JSON means them, and only if JSON can carry them."""

import pytest

from pat_models import ListPersonalAccessTokensV1401Response, PatOwner, ValidationError, loads
from pat_models._frozen import MAX_DEPTH, FrozenDict, freeze


def _nested(levels):
    value = []
    for _ in range(levels - 1):
        value = [value]
    return value


def test_values_nest_exactly_as_deep_as_the_limit():
    assert MAX_DEPTH == 128
    assert freeze(_nested(MAX_DEPTH)) == freeze(_nested(MAX_DEPTH))

    with pytest.raises(ValueError, match=r"^nested deeper than 128 levels$"):
        freeze(_nested(MAX_DEPTH + 1))


def test_loads_holds_the_same_limit_inside_a_model():
    """The body of a 401 nests 128 arrays deep and loads; one level more is an error at its key."""
    deep = "[" * MAX_DEPTH + "]" * MAX_DEPTH

    assert loads(f'{{"error": {deep}}}', ListPersonalAccessTokensV1401Response).error

    with pytest.raises(ValidationError) as info:
        loads(f'{{"error": [{deep}]}}', ListPersonalAccessTokensV1401Response)
    assert info.value.problems == (("$.error", "nested deeper than 128 levels"),)


@pytest.mark.parametrize(
    ("extra", "error", "message"),
    [
        ({"x": float("nan")}, ValueError, "PatOwner.extra: NaN is not a JSON number"),
        ({"x": float("inf")}, ValueError, "PatOwner.extra: a number beyond the range of a double"),
        ({1: 2}, TypeError, "PatOwner.extra: JSON object keys are strings, not int"),
        ({"x": {1: 2}}, TypeError, "PatOwner.extra: JSON object keys are strings, not int"),
        ({"x": {1, 2}}, TypeError, "PatOwner.extra: a set is not a JSON value"),
    ],
)
def test_unknown_keys_hold_only_what_json_can_carry(extra, error, message):
    """Refused when built, so that dumps never meets a value it cannot write."""
    with pytest.raises(error) as info:
        PatOwner(id="a", extra=extra)

    assert str(info.value) == message


def test_unknown_keys_are_frozen_and_written_as_given():
    owner = PatOwner(id="a", extra={"tags": ["x", {"y": 1}]})

    assert owner.extra == FrozenDict({"tags": ("x", FrozenDict({"y": 1}))})
    assert hash(owner) == hash(PatOwner(id="a", extra={"tags": ["x", {"y": 1}]}))
