"""The one error: its message, its wire paths, and the JSON types it names instead of values."""

import pickle

import pytest

from pat_models import PatOwner, ValidationError, loads
from pat_models._errors import MAX_KEY, each, json_type, key_path, rerooted


@pytest.mark.parametrize(
    ("problems", "type_name", "message"),
    [
        (
            [("$.id", "missing required key")],
            "PatOwner",
            "invalid PatOwner: $.id: missing required key",
        ),
        ([("$", "not valid JSON")], None, "invalid input: $: not valid JSON"),
        ([("$.a", "x"), ("$.b", "y")], "T", "invalid T: 2 problems\n  $.a: x\n  $.b: y"),
        ([], None, "invalid input: 0 problems"),
    ],
)
def test_the_message_lists_every_problem_by_its_path(problems, type_name, message):
    error = ValidationError(problems, type_name)

    assert str(error) == message
    assert error.problems == tuple(problems)
    assert isinstance(error, ValueError)


def test_the_error_pickles_whole():
    error = ValidationError([("$.a", "x"), ("$.b", "y")], "T")

    again = pickle.loads(pickle.dumps(error))  # noqa: S301 - our own bytes

    assert (type(again), again.problems, again.type_name, str(again)) == (
        ValidationError, error.problems, "T", str(error),
    )  # fmt: skip


@pytest.mark.parametrize(
    ("key", "path"),
    [
        ("id", "$.id"),
        ("_a1", "$._a1"),
        ("a b", '$["a b"]'),
        ("1a", '$["1a"]'),
        ("", '$[""]'),
        ('a"b', '$["a\\"b"]'),
        ("日本", '$["\\u65e5\\u672c"]'),
        ("a" * MAX_KEY, "$." + "a" * MAX_KEY),
        ("a" * (MAX_KEY + 1), '$["' + "a" * MAX_KEY + '"…]'),
    ],
    ids=["name", "underscore", "space", "digit", "empty", "quote", "non-ascii", "longest",
         "too-long"],
)  # fmt: skip
def test_a_key_is_named_as_jsonpath_writes_it(key, path):
    """A key that is no identifier is quoted, escaped to ASCII; one too long for a line is cut."""
    assert key_path("$", key) == path


def test_loads_names_keys_by_the_same_paths():
    with pytest.raises(ValidationError) as info:
        loads('{"a b": 1, "a b": 2, "n": {"x": 1, "x": 2}}', PatOwner, duplicate_keys="reject")

    assert info.value.problems == (('$["a b"]', "duplicate key"), ("$.n.x", "duplicate key"))


@pytest.mark.parametrize(
    ("value", "name"),
    [(None, "null"), (True, "boolean"), (1, "integer"), (1.5, "number"), ("", "string"),
     ([], "array"), ((), "array"), ({}, "object"), (b"", "bytes"), (PatOwner(), "PatOwner")],
)  # fmt: skip
def test_a_value_is_named_by_its_json_type_never_shown(value, name):
    assert json_type(value) == name


def _positive(value):
    if type(value) is not int:
        raise TypeError
    if value < 0:
        raise ValidationError([("$", "negative")])
    return value * 2


@pytest.mark.parametrize("items", [[1, 2, 3], (1, 2, 3)], ids=["list", "tuple"])
def test_each_returns_every_result(items):
    assert each(_positive, items, expected="an integer") == [2, 4, 6]


def test_each_names_the_problems_of_every_item_by_index():
    with pytest.raises(ValidationError) as info:
        each(_positive, [1, -1, "2", -2], expected="an integer", type_name="list[int]")

    assert info.value.problems == (
        ("$[1]", "negative"), ("$[2]", "expected an integer, got string"), ("$[3]", "negative"),
    )  # fmt: skip
    assert info.value.type_name == "list[int]"


def test_problems_are_rerooted_under_the_document_that_holds_them():
    error = ValidationError([("$", "a"), ("$.owner.id", "b"), ("$[2]", "c")])

    assert rerooted("$.patch[1]", error) == [
        ("$.patch[1]", "a"), ("$.patch[1].owner.id", "b"), ("$.patch[1][2]", "c"),
    ]  # fmt: skip
