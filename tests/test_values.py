"""Open-ended JSON values are held frozen, as JSON means them, and only if JSON can carry them."""

import decimal
import re

import pytest

from pat_models import ListPersonalAccessTokensV1401Response, PatOwner, ValidationError, loads
from pat_models._values import (
    EMPTY,
    MAX_DEPTH,
    FrozenDict,
    freeze,
    freeze_mapping,
    plain_integer,
    plain_text,
)

from .payloads import nested_arrays


def test_values_nest_exactly_as_deep_as_the_limit():
    assert MAX_DEPTH == 128
    assert freeze(nested_arrays(MAX_DEPTH)) == freeze(nested_arrays(MAX_DEPTH))

    with pytest.raises(ValueError, match=r"^nested deeper than 128 levels$"):
        freeze(nested_arrays(MAX_DEPTH + 1))


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


class _Text(str):  # noqa: SLOT000
    def __str__(self):
        return "masked"


class _Count(int):
    pass


class _Rate(float):
    pass


@pytest.mark.parametrize(
    ("value", "frozen"),
    [(None, None), (True, True), (False, False), (2.5, 2.5), (_Rate(2.5), 2.5), (7, 7),
     (_Count(7), 7), ("日本", "日本"), (_Text("secret"), "secret"), ("\ud800", "\ud800")],
)  # fmt: skip
def test_scalars_freeze_to_the_plain_type_json_means(value, frozen):
    """A subclass of str, int or float is held as the plain type, its own text unmasked."""
    assert freeze(value) == frozen
    assert type(freeze(value)) is type(frozen)
    assert freeze([value]) == (frozen,)


def test_objects_nest_exactly_as_deep_as_the_limit():
    value = {}
    for _ in range(MAX_DEPTH - 1):
        value = {"a": value}

    assert freeze(value) == freeze(value)
    with pytest.raises(ValueError, match=r"^nested deeper than 128 levels$"):
        freeze({"a": value})


def test_a_mapping_of_unknown_keys_is_frozen_and_checked_whatever_its_type():
    """Even a FrozenDict a caller made is checked: only what JSON carries is ever held."""
    frozen = freeze_mapping({"a": [1]})

    assert freeze_mapping(frozen) == frozen
    assert freeze_mapping({}) is EMPTY
    with pytest.raises(ValueError, match="NaN is not a JSON number"):
        freeze_mapping(FrozenDict({"x": float("nan")}))
    with pytest.raises(TypeError, match="a set is not a JSON value"):
        PatOwner(extra=FrozenDict({"x": {1, 2}}))
    assert hash(frozen) == hash(FrozenDict({"a": (1,)}))
    assert FrozenDict() == {}


@pytest.mark.parametrize(
    ("convert", "value", "error", "message"),
    [
        (freeze_mapping, [("a", 1)], TypeError, "expected a mapping of unknown keys, got list"),
        (plain_integer, True, TypeError, ""),
        (plain_integer, 10**5000, ValueError,
         "has more digits than Python reads or writes in JSON text"),
        (plain_text, "\ud800\udc00", ValueError,
         "holds a high and a low surrogate side by side, which JSON reads back as one character"),
        (plain_text, _Text("\ud83d\ude00"), ValueError,
         "holds a high and a low surrogate side by side, which JSON reads back as one character"),
    ],
    ids=["list", "bool", "digits", "pair", "pair in a subclass"],
)  # fmt: skip
def test_what_json_cannot_carry_is_named_exactly(convert, value, error, message):
    """A bool is no number, an integer Python cannot write is none, and a surrogate pair is none."""
    with pytest.raises(error, match=f"^{re.escape(message)}$"):
        convert(value)


@pytest.mark.parametrize(
    "value", [2**14000, -(2**14000), 10**4299], ids=["2^14000", "-", "10^4299"]
)
def test_integers_of_as_many_digits_as_python_writes_are_carried(value):
    """Integers up to Python's limit of 4,300 digits are carried, however many bits they take."""
    assert plain_integer(value) == value


@pytest.mark.parametrize(
    "values",
    [
        [1, True, 1.0, "1"],
        [0.0, -0.0, 0, False, None],
        [[1], [True], {"0": 1}, [[1]]],
        [{"a": 1}, {"a": True}, {"a": 1.0}, {"a": [1]}, {"b": 1}],
    ],
)
def test_frozen_values_are_equal_exactly_when_json_writes_them_alike(values):
    """1, true and 1.0 differ in JSON, as do 0.0 and -0.0, arrays and objects: so do the models."""
    owners = {PatOwner(id="a", extra={"x": value}) for value in values}

    assert len(owners) == len(values)
    assert PatOwner(id="a", extra={"x": values[0]}) in owners


@pytest.mark.parametrize(
    ("number", "frozen"),
    [(decimal.Decimal(3), 3), (decimal.Decimal("-0"), 0), (decimal.Decimal("1E+2"), 100.0),
     (decimal.Decimal("2.50"), 2.5), (decimal.Decimal("0.30000000000000000001"),
                                      decimal.Decimal("0.30000000000000000001"))],
)  # fmt: skip
def test_a_decimal_built_in_python_is_frozen_as_its_json_text_reads(number, frozen):
    """Decimal('3') is the integer 3, Decimal('1E+2') the float 100.0: what loads reads of its text."""
    read = loads(f'{{"error": {number}}}', ListPersonalAccessTokensV1401Response).error

    assert freeze(number) == frozen == read
    assert type(freeze(number)) is type(frozen) is type(read)
