"""Valid by construction: an instance that exists writes a body that loads back equal."""

import datetime as dt
import enum
import re

import attrs
import pendulum
import pytest
from hypothesis import given
from hypothesis import strategies as st

from pat_models import (
    ABSENT,
    BulkUpdatePersonalAccessTokensRequest,
    CreatePersonalAccessTokenRequest,
    ErrorMessageDto,
    ErrorResponseDto,
    JsonPatchOperation,
    ListPersonalAccessTokensV1401Response,
    OwnerType,
    PatchOp,
    PatOwner,
    Secret,
    dumps,
    json_schema,
    loads,
    structure,
    unstructure,
)
from pat_models._fields import KEPT

from .payloads import SECRET, make_created, make_listed
from .strategies import instances, json_values

CREATED = pendulum.DateTime(2017, 7, 11, 18, 45, 37, 98000, tzinfo=pendulum.UTC)
OWNER = PatOwner(id="2c91")


def response(**changes):
    return make_created(**{"owner": OWNER, **changes})


def listed(**changes):
    return make_listed(**{"owner": OWNER, **changes})


def bulk(**changes):
    remove = JsonPatchOperation(op="remove", path="/expirationDate")
    return BulkUpdatePersonalAccessTokensRequest(**{"ids": ["a"], "patch": [remove], **changes})


@pytest.mark.parametrize(
    ("build", "error", "message"),
    [
        (
            lambda: CreatePersonalAccessTokenRequest(name=5),
            TypeError,
            "CreatePersonalAccessTokenRequest.name: expected a str, got int",
        ),
        *(
            (
                lambda seconds=seconds: CreatePersonalAccessTokenRequest(
                    name="x", access_token_validity_seconds=seconds
                ),
                TypeError,
                (
                    f"CreatePersonalAccessTokenRequest.access_token_validity_seconds: "
                    f"expected an int, got {type(seconds).__name__}"
                ),
            )
            for seconds in ("900", True, 900.0)
        ),
        (
            lambda: CreatePersonalAccessTokenRequest(name="x", scope=[1, 2]),
            TypeError,
            "CreatePersonalAccessTokenRequest.scope[0]: expected a str, got int",
        ),
        (
            lambda: CreatePersonalAccessTokenRequest(
                name="x", user_aware_token_never_expires="yes"
            ),
            TypeError,
            (
                "CreatePersonalAccessTokenRequest.user_aware_token_never_expires: "
                "expected a bool, got str"
            ),
        ),
        (lambda: PatOwner(id=1), TypeError, "PatOwner.id: expected a str, got int"),
        (lambda: PatOwner(name=False), TypeError, "PatOwner.name: expected a str, got bool"),
        (
            lambda: PatOwner(type=3),
            TypeError,
            "PatOwner.type: expected a OwnerType or a str, got int",
        ),
        (
            lambda: JsonPatchOperation(op=1, path="/x"),
            TypeError,
            "JsonPatchOperation.op: expected a PatchOp, got int",
        ),
        (
            lambda: listed(managed="yes"),
            TypeError,
            "GetPersonalAccessTokenResponse.managed: expected a bool, got str",
        ),
        (
            lambda: ErrorResponseDto(detail_code=403),
            TypeError,
            "ErrorResponseDto.detail_code: expected a str, got int",
        ),
        (
            lambda: response(secret=None),
            TypeError,
            "CreatePersonalAccessTokenResponse.secret: expected a str, got NoneType",
        ),
        (
            lambda: response(owner={"id": "x"}),
            TypeError,
            "CreatePersonalAccessTokenResponse.owner: expected a PatOwner, got dict",
        ),
        (
            lambda: response(id=b"a"),
            TypeError,
            "CreatePersonalAccessTokenResponse.id: expected a str, got bytes",
        ),
        (
            lambda: bulk(ids="abc"),
            TypeError,
            "BulkUpdatePersonalAccessTokensRequest.ids: expected an iterable of items, got str",
        ),
        (
            lambda: bulk(ids=[1, 2]),
            TypeError,
            "BulkUpdatePersonalAccessTokensRequest.ids[0]: expected a str, got int",
        ),
        (
            lambda: bulk(patch=[{"op": "remove", "path": "/expirationDate"}]),
            TypeError,
            "BulkUpdatePersonalAccessTokensRequest.patch[0]: expected a JsonPatchOperation, got dict",
        ),
        (
            lambda: ErrorResponseDto(messages=["x"]),
            TypeError,
            "ErrorResponseDto.messages[0]: expected a ErrorMessageDto, got str",
        ),
        (
            lambda: JsonPatchOperation(op="remove", path=5),
            TypeError,
            "JsonPatchOperation.path: expected a str, got int",
        ),
        (
            lambda: JsonPatchOperation(op=PatchOp.TEST, path="/x", value={1, 2}),
            TypeError,
            "JsonPatchOperation.value: a set is not a JSON value",
        ),
        (
            lambda: JsonPatchOperation(op=PatchOp.TEST, path="/x", value=float("nan")),
            ValueError,
            "JsonPatchOperation.value: NaN is not a JSON number",
        ),
        (
            lambda: JsonPatchOperation(op=PatchOp.TEST, path="/x", value=[float("inf")]),
            ValueError,
            "JsonPatchOperation.value: a number beyond the range of a double",
        ),
        (
            lambda: response(name="\ud83d\ude00"),
            ValueError,
            (
                "CreatePersonalAccessTokenResponse.name: holds a high and a low surrogate side by "
                "side, which JSON reads back as one character"
            ),
        ),
        (
            lambda: listed(access_token_validity_seconds=10**5000),
            ValueError,
            (
                "GetPersonalAccessTokenResponse.access_token_validity_seconds: "
                "has more digits than Python reads or writes in JSON text"
            ),
        ),
        (
            lambda: response(extra={"k": {1: 2}}),
            TypeError,
            "CreatePersonalAccessTokenResponse.extra: JSON object keys are strings, not int",
        ),
        (
            lambda: response(extra=[("k", 1)]),
            TypeError,
            "CreatePersonalAccessTokenResponse.extra: expected a mapping of unknown keys, got list",
        ),
        (
            lambda: response(extra={"name": "x"}),
            ValueError,
            (
                "CreatePersonalAccessTokenResponse.extra: 'name' is the wire name of a field; "
                "set the field instead"
            ),
        ),
        (
            lambda: response(created="2017-07-11T18:45:37.098Z"),
            TypeError,
            "CreatePersonalAccessTokenResponse.created: expected a timezone-aware datetime, got str",
        ),
        (
            lambda: response(
                created=dt.datetime(1, 1, 1, tzinfo=dt.timezone(dt.timedelta(hours=2)))
            ),
            ValueError,
            (
                "CreatePersonalAccessTokenResponse.created: "
                "the date-time is outside the years 1 to 9999 in UTC"
            ),
        ),
        (
            lambda: attrs.evolve(response(), name=None),
            TypeError,
            "CreatePersonalAccessTokenResponse.name: expected a str, got NoneType",
        ),
    ],
)
def test_a_value_the_wire_cannot_carry_is_refused_when_built(build, error, message):
    """Each wrong value is a TypeError or ValueError at construction, naming the attribute."""
    with pytest.raises(error, match=f"^{re.escape(message)}$"):
        build()


def test_errors_of_construction_never_show_the_value():
    """A secret passed where it does not belong is named by its type only."""
    with pytest.raises(TypeError) as info:
        response(scope=SECRET)

    assert SECRET not in str(info.value)


class Colour(str, enum.Enum):
    """A str enum of the caller's, as a value where a string belongs."""

    RED = "red"


@pytest.mark.parametrize(
    ("build", "attribute", "expected"),
    [
        (lambda: response(secret=Secret(SECRET)), "secret", SECRET),
        (lambda: response(name=Colour.RED), "name", "red"),
        (lambda: PatOwner(type="IDENTITY"), "type", OwnerType.IDENTITY),
        (lambda: PatOwner(type=Colour.RED), "type", "red"),
        (lambda: JsonPatchOperation(op="remove", path="/name"), "op", PatchOp.REMOVE),
        (lambda: response(scope=["a", Colour.RED]), "scope", ("a", "red")),
    ],
)
def test_values_are_stored_as_the_plain_types_loads_gives(build, attribute, expected):
    """A str subclass is kept as its text and a known enum value as its member, as loads does."""
    value = getattr(build(), attribute)

    assert value == expected
    assert type(value) is type(expected)


def test_rules_are_checked_when_an_object_is_evolved():
    """attrs.evolve builds through __init__, so a changed object keeps the rules too."""
    with pytest.raises(ValueError, match="ids: must hold 1 to 25 token ids, not 0"):
        attrs.evolve(bulk(), ids=[])


@pytest.mark.parametrize(
    ("cls", "name"),
    [
        (int, "int"),
        ("CreatePersonalAccessTokenResponse", "got a str"),  # text may be a document: not shown
        (None, "None"),
        (list[int], ""),
    ],
)
def test_a_schema_of_anything_but_a_model_is_the_caller_s_type_error(cls, name):
    """json_schema takes a model or a list of one, as loads does, and raises TypeError for the rest."""
    with pytest.raises(TypeError) as info:
        json_schema(cls)

    message = str(info.value)
    assert message.startswith(
        "expected a pat_models class, or list[...] or tuple[..., ...] of one; got "
    )
    assert not name or name in message


class _Unknown:
    """An object no JSON value is made of."""


_JUNK = st.one_of(
    st.none(),
    st.booleans(),
    st.integers() | st.sampled_from([2**64, -(2**63) - 1, 10**5000]),
    st.floats(),
    st.text(
        st.characters(codec=None, min_codepoint=0xD7F0, max_codepoint=0xE010) | st.characters()
    ),
    st.binary(max_size=3),
    st.just(ABSENT),
    st.sampled_from([Colour.RED, OwnerType.IDENTITY, PatchOp.ADD, Secret("s")]),
    st.datetimes(timezones=st.none() | st.timezones()),
    st.builds(_Unknown),
    st.sets(st.integers(), max_size=2),
    st.lists(json_values, max_size=3),
    st.dictionaries(st.text(max_size=3) | st.integers(), json_values, max_size=3),
    st.sampled_from([PatOwner(), OWNER, ErrorMessageDto(text="x")]),
)


_ANYTHING = (
    _JUNK | st.lists(_JUNK, max_size=3) | st.dictionaries(st.text(max_size=3), _JUNK, max_size=2)
)


@st.composite
def constructor_arguments(draw: st.DrawFn, cls: type) -> dict[str, object]:
    """The arguments of a valid instance of *cls*, some of them replaced by anything at all."""
    valid = draw(instances[cls])
    arguments = {field.name: getattr(valid, field.name) for field in attrs.fields(cls)}
    # One field at a time, mostly: a second wrong one would hide the first.
    for name in draw(st.lists(st.sampled_from(list(arguments)), min_size=1, max_size=2)):
        arguments[name] = draw(_ANYTHING)
    return arguments


@pytest.mark.parametrize("cls", list(instances), ids=lambda cls: cls.__name__)
@given(data=st.data())
def test_whatever_is_built_writes_what_loads_back_equal(cls, data):
    """Construction refuses with TypeError or ValueError, or the object round-trips exactly."""
    arguments = data.draw(constructor_arguments(cls))
    try:
        obj = cls(**arguments)
    except (TypeError, ValueError):
        return

    assert loads(dumps(obj), cls) == obj


@pytest.mark.parametrize("cls", list(instances), ids=lambda cls: cls.__name__)
@given(data=st.data())
def test_what_is_read_could_be_built(cls, data):
    """An object structure() returns passes every check of construction unchanged."""
    obj = structure(unstructure(data.draw(instances[cls])), cls)

    assert attrs.evolve(obj) == obj


_SAME_IN_PYTHON = [[1, True, 1.0, "1"], [0, False, None, 0.0, "", -0.0]]


@st.composite
def json_twins(draw: st.DrawFn) -> tuple[object, object]:
    """Two JSON values alike but for one leaf, swapped for one Python holds equal to it."""
    group = draw(st.sampled_from(_SAME_IN_PYTHON))
    first, second = draw(st.sampled_from(group)), draw(st.sampled_from(group))
    wrap = draw(st.sampled_from([lambda v: v, lambda v: [v], lambda v: {"k": [1, {"n": v}]}]))
    return wrap(first), wrap(second)


_HOLDERS = [
    lambda v: JsonPatchOperation(op="test", path="/x", value=v),
    lambda v: ListPersonalAccessTokensV1401Response(error=v),
    lambda v: response(extra={"future": v}),
    lambda v: listed(owner=PatOwner(extra={"deep": v})),
]


@given(st.sampled_from(_HOLDERS), json_twins())
def test_objects_are_equal_exactly_when_they_write_the_same_json(holder, twins):
    """1, true and 1.0 are three values on the wire, so the objects holding them differ too."""
    first, second = holder(twins[0]), holder(twins[1])

    assert (first == second) == (dumps(first) == dumps(second))
    if first == second:
        assert hash(first) == hash(second)


def test_a_set_keeps_objects_that_write_differently():
    """Hashing agrees with the wire: a set of three look-alike tests keeps all three."""
    tests = {JsonPatchOperation(op="test", path="/x", value=v) for v in (1, True, 1.0)}

    assert len(tests) == 3


@pytest.mark.parametrize("cls", list(instances), ids=lambda cls: cls.__name__)
@given(data=st.data())
def test_the_check_returns_every_value_a_model_holds_unchanged(cls, data):
    """Any value a model holds, its field's check returns as it is: evolve keeps what it is given."""
    obj = data.draw(instances[cls])
    for field in attrs.fields(cls):
        value = getattr(obj, field.name)
        if value is ABSENT or value is None:
            continue  # taken as they are where the field allows them; no check sees them
        checked = field.converter(value)

        assert checked == value
        assert type(checked) is type(value)


_ODD_VALUES = (
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True) | st.text()
    | st.text().map(OwnerType._value2member_map_.get) | st.lists(st.integers(), max_size=2)
    | st.integers(min_value=10**17, max_value=10**19) | st.integers().map(lambda n: n % 2 == 0)
    | st.sampled_from([10**600, -(10**600), "\ud800\udc00", "é", True, 1.0])
)  # fmt: skip


@pytest.mark.parametrize("check", list(KEPT), ids=lambda check: check.__name__)
@given(value=_ODD_VALUES)
def test_the_reader_s_in_line_test_passes_only_what_the_check_returns_as_it_is(check, value):
    """Where the reader skips a check on its in-line test, the check would have kept the value."""
    kept = eval(f"lambda v: {KEPT[check].format(v='v')}")  # noqa: S307 - our own expression

    if kept(value):
        assert check(value) is value
