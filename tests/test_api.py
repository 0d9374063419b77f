import collections
import datetime as dt
import decimal
import json
import re
from typing import Literal

import pytest
from hypothesis import given

from pat_models import (
    ABSENT,
    CreatePersonalAccessTokenRequest,
    CreatePersonalAccessTokenResponse,
    ErrorResponseDto,
    GetPersonalAccessTokenResponse,
    JsonPatchOperation,
    PatOwner,
    UnreadableErrorBody,
    ValidationError,
    basic_authorization,
    check_version,
    client_credentials,
    configure_converter,
    dumps,
    error_body_type,
    expires_at,
    format_timestamp,
    is_expired,
    json_schema,
    load_error_response,
    loads,
    make_converter,
    read_json,
    redacted,
    structure,
    time_left,
    unstructure,
    value_or_default,
)

from .payloads import CREATE_RESPONSES, SECRET, SEED, make_listed, seed_text
from .strategies import create_response_documents, create_responses

Response = CreatePersonalAccessTokenResponse


@pytest.mark.parametrize("name", list(CREATE_RESPONSES))
def test_real_payloads_round_trip_exactly(name):
    """Every version's create response comes back with the same keys, nulls and timestamps."""
    text = CREATE_RESPONSES[name]

    assert json.loads(dumps(loads(text, Response))) == json.loads(text)


def test_the_seed_example_is_written_byte_for_byte():
    """Compact output keeps the API's key order, timestamp form and non-escaped text."""
    assert dumps(loads(SEED, Response)) == json.dumps(
        json.loads(SEED), separators=(",", ":"), ensure_ascii=False
    )


@given(create_response_documents)
def test_wire_documents_round_trip(text):
    """json.loads(dumps(loads(d))) == json.loads(d) for generated documents in the API's form."""
    assert json.loads(dumps(loads(text, Response))) == json.loads(text)


@given(create_responses)
def test_model_instances_round_trip(tok):
    """loads(dumps(x), type(x)) == x for every instance a caller can build."""
    assert loads(dumps(tok), type(tok)) == tok


def test_bytes_are_read_as_utf8():
    """A response body can be passed as the bytes it arrived as."""
    assert loads(SEED.encode(), Response) == loads(SEED, Response)


def test_non_canonical_timestamps_are_written_in_the_api_form():
    """An offset or extra digits on the way in become the API's UTC form on the way out."""
    text = SEED.replace("2017-07-11T18:45:37.098Z", "2017-07-11T20:45:37.098123+02:00")

    assert json.loads(dumps(loads(text, Response)))["created"] == "2017-07-11T18:45:37.098Z"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ("", "not valid JSON: Expecting value at line 1 column 1"),
        ('{"id": "x",', "not valid JSON"),
        (SEED[:-5], "not valid JSON"),
        (SEED + "x", "not valid JSON: Extra data"),
        ('{"a": NaN}', "NaN is not a JSON number"),
        ('{"a": Infinity}', "Infinity is not a JSON number"),
        ('{"a": -Infinity}', "-Infinity is not a JSON number"),
        (b'{"secret": "\xff"}', "not valid UTF-8 at byte"),
        ("[" * 100_000, "nested too deeply"),
    ],
)
def test_text_that_is_not_json_is_rejected(data, message):
    """Malformed text, non-standard constants and unreadable bytes raise the one error at $."""
    with pytest.raises(ValidationError) as info:
        loads(data, Response)

    assert info.value.problems[0][0] == "$"
    assert message in str(info.value)
    assert isinstance(info.value, ValueError)


def test_json_errors_carry_no_copy_of_the_text():
    """The parser's exception holds the whole document, so it is not chained to the error."""
    with pytest.raises(ValidationError) as info:
        loads(SEED.replace('"name"', "name"), Response)

    assert info.value.__cause__ is None
    assert info.value.__context__ is None
    assert SECRET not in str(info.value)


def test_validation_errors_pickle():
    """The error survives pickling, for process pools and task queues."""
    import pickle  # noqa: PLC0415

    with pytest.raises(ValidationError) as info:
        loads('{"id": 1}', Response)

    again = pickle.loads(pickle.dumps(info.value))  # noqa: S301

    assert again.problems == info.value.problems
    assert str(again) == str(info.value)


@pytest.mark.parametrize("number", ["1e400", "-1e400", "1E+999"])
def test_a_number_beyond_a_double_is_kept_where_any_value_goes(number):
    """
    1e400 is JSON text: a wrong number where an integer belongs, like 3.7.

    Under an unknown key it is kept as the number it is, and written back as such.
    """
    text = SEED.replace(
        '"accessTokenValiditySeconds": 36900', f'"accessTokenValiditySeconds": {number}'
    )
    text = text.replace('"expirationDate"', f'"future": [{number}], "expirationDate"')

    with pytest.raises(ValidationError) as info:
        loads(text, Response)
    assert info.value.problems == (
        ("$.accessTokenValiditySeconds", "expected an integer, got number"),
    )

    token = loads(text.replace(f'"accessTokenValiditySeconds": {number},', ""), Response)
    assert json.loads(dumps(token), parse_float=decimal.Decimal)["future"] == [
        decimal.Decimal(number)
    ]


@pytest.mark.parametrize(
    "number",
    ["9007199254740993.0", "0.30000000000000000001", "1e-400", "123456789012345678901234567890",
     "9" * 5000, "-0.0", "1e-05", "2.5"],
)  # fmt: skip
def test_a_number_under_an_unknown_key_is_written_back_as_the_same_number(number):
    """Where a double would change it, the number's own text is kept; else the float is exact."""
    token = loads(seed_text(amount=0).replace('"amount": 0', f'"amount": {number}'), Response)

    written = dumps(token)

    assert decimal.Decimal(written.split('"amount":')[1][:-1]) == decimal.Decimal(number)
    assert loads(written, Response) == token


R = "invalid CreatePersonalAccessTokenResponse: "
TIME = "expected an RFC 3339 date-time with a time zone, like 2017-07-11T18:45:37.098Z"


@pytest.mark.parametrize(
    ("text", "cls", "options", "message"),
    [
        (seed_text(id=None), Response, {}, R + "$.id: expected a string, got null"),
        (seed_text(secret=5), Response, {}, R + "$.secret: expected a string, got integer"),
        (seed_text(scope=[True]), Response, {}, R + "$.scope[0]: expected a string, got boolean"),
        (seed_text(scope="sp:scopes:all"), Response, {}, R + "$.scope: expected an array or null, got string"),
        (seed_text(owner="x"), Response, {}, R + "$.owner: expected an object, got string"),
        (seed_text(owner={"id": 5}), Response, {}, R + "$.owner.id: expected a string or null, got integer"),
        (seed_text(accessTokenValiditySeconds="36900"), Response, {},
         R + "$.accessTokenValiditySeconds: expected an integer, got string"),
        (seed_text(accessTokenValiditySeconds=36900.5), Response, {},
         R + "$.accessTokenValiditySeconds: expected an integer, got number"),
        (seed_text(created="2017-07-11"), Response, {}, R + "$.created: " + TIME),
        (seed_text(created="2017-02-30T18:45:37.098Z"), Response, {},
         R + "$.created: not a valid date: no such month, or no such day in that month"),
        (seed_text(created="2017-07-11T18:45:37.098+24:00"), Response, {},
         R + "$.created: the UTC offset is not between -23:59 and +23:59"),
        (seed_text(created="0001-01-01T00:30:00.000+01:00"), Response, {},
         R + "$.created: the date-time is outside the years 1 to 9999 in UTC"),
        ('{"id": "a"}', Response, {},
         R + "4 problems\n  $.secret: missing required key\n  $.name: missing required key\n"
         "  $.owner: missing required key\n  $.created: missing required key"),
        ("5", Response, {}, R + "$: expected an object, got integer"),
        ("", Response, {}, "invalid input: $: not valid JSON: Expecting value at line 1 column 1"),
        ('{"id": "a"} x', Response, {},
         "invalid input: $: not valid JSON: Extra data at line 1 column 13"),
        (b"\xff", Response, {}, "invalid input: $: not valid UTF-8 at byte 0"),
        ('{"id": "a", "id": "b"}', Response, {"duplicate_keys": "reject"},
         "invalid input: $.id: duplicate key"),
        ("{}", list[Response], {},
         "invalid list[CreatePersonalAccessTokenResponse]: $: expected an array, got object"),
        ('[{"id": []}, 1]', list[PatOwner], {},
         ("invalid list[PatOwner]: 2 problems\n"
          "  $[0].id: expected a string or null, got array\n  $[1]: expected an object, got integer")),
        ('[{"op": "jump", "path": "/name"}]', list[JsonPatchOperation], {},
         ("invalid list[JsonPatchOperation]: $[0].op: expected one of 'add', 'remove', 'replace',"
          " 'move', 'copy', 'test', got string")),
        ('[{"op": "replace", "path": "/name"}]', list[JsonPatchOperation], {},
         "invalid list[JsonPatchOperation]: $[0].value: missing: replace needs a value"),
        ('{"name": ""}', CreatePersonalAccessTokenRequest, {},
         "invalid CreatePersonalAccessTokenRequest: $.name: must not be empty"),
    ],
)  # fmt: skip
def test_the_common_messages_read_exactly_so(text, cls, options, message):
    """What a user reads for the common mistakes, word for word: wire path first, no value."""
    with pytest.raises(ValidationError) as info:
        loads(text, cls, **options)

    assert str(info.value) == message


@pytest.mark.parametrize("converter", [None, make_converter()], ids=["shared", "own"])
@pytest.mark.parametrize(
    ("obj", "problems"),
    [
        (5, "expected a pat_models object, or a list or tuple of them; got int"),
        ({"id": "a"}, "expected a pat_models object, or a list or tuple of them; got dict"),
        ([PatOwner(id="a"), "b", PatOwner(id="c"), None],
         "expected pat_models objects: [1] is a str, [3] is a NoneType"),
    ],
)  # fmt: skip
def test_writing_what_is_not_a_model_names_each_stray_by_its_index(converter, obj, problems):
    """The caller's mistake, not a bad document: a TypeError, alike with any converter."""
    for write in (unstructure, dumps):
        with pytest.raises(TypeError) as info:
            write(obj, converter=converter)

        assert str(info.value) == problems


def test_dumps_and_structure_use_the_converter_given():
    """A host's converter, with its own hook for a model, writes and reads through that hook."""
    host = make_converter()
    host.register_unstructure_hook(PatOwner, lambda owner: {"who": owner.id})
    host.register_structure_hook(PatOwner, lambda data, _: PatOwner(id=data["who"]))

    assert dumps(PatOwner(id="a"), converter=host) == '{"who":"a"}'
    assert structure({"who": "a"}, PatOwner, converter=host) == PatOwner(id="a")


@pytest.mark.parametrize(
    ("cls", "name"),
    [(dt.datetime, "datetime"), (dict, "dict"), (int, "int"), (Literal["a", "b"], "typing.Literal['a', 'b']"),
     (list[int], "list[int]"), (None, "None"), ([PatOwner], "a list"), ((PatOwner,), "a tuple"), (list, "list"),
     (SEED, "a str"), ({"secret": SECRET}, "a dict")],
)  # fmt: skip
def test_a_type_that_is_not_a_model_is_the_caller_s_type_error(cls, name):
    """The models and lists of them are read: any other type is named, not guessed, and never a document's fault."""
    message = f"expected a pat_models class, or list[...] or tuple[..., ...] of one; got {name}"
    for read in (
        lambda: structure("2017-07-11T18:45:37.098Z", cls),
        lambda: loads('{"a": 1}', cls),
        lambda: loads('{"a": 1}', cls, converter=make_converter()),
    ):
        with pytest.raises(TypeError) as info:
            read()
        assert str(info.value) == message


@pytest.mark.parametrize(
    ("call", "error", "message"),
    [
        (lambda: loads("{}", PatOwner, duplicate_keys="first"), ValueError,
         "duplicate_keys must be one of 'last', 'reject', not 'first'"),
        (lambda: read_json('{"a": 1, "a": 2}', duplicate_keys="bogus"), ValueError,
         "duplicate_keys must be one of 'last', 'reject', not 'bogus'"),
        (lambda: make_converter(extra="drop"), ValueError,
         "extra must be one of 'keep', 'ignore', 'forbid', not 'drop'"),
        (lambda: make_converter(null=None), ValueError,
         "null must be one of 'tolerate', 'reject', not None"),
        (lambda: make_converter(sub_millisecond=["reject"]), ValueError,
         "sub_millisecond must be one of 'truncate', 'reject', not ['reject']"),
        (lambda: redacted({"secret": "x"}), TypeError, "expected a pat_models object, got dict"),
        (lambda: format_timestamp("2017-07-11T18:45:37.098Z"), TypeError,
         "expected a timezone-aware datetime, got str"),
        (lambda: check_version('[{"op": "replace"}]', "v2025"), TypeError,
         ("expected a CreatePersonalAccessTokenRequest, a BulkUpdatePersonalAccessTokensRequest, "
         "a JsonPatchOperation or a list or tuple of them; got a str")),
        (lambda: check_version([{"op": "replace", "path": "/name"}], "v3"), TypeError,
         ("expected a CreatePersonalAccessTokenRequest, a BulkUpdatePersonalAccessTokensRequest, "
         "a JsonPatchOperation or a list or tuple of them; got a list")),
        (lambda: error_body_type("error"), TypeError, "expected the keys of an object, got a str"),
        (lambda: loads(Response, SEED), TypeError,
         "expected a pat_models class, or list[...] or tuple[..., ...] of one; got a str"),
        (lambda: format_timestamp(dt.datetime(2017, 7, 11)), ValueError,  # noqa: DTZ001 - naive on purpose
         "a naive datetime names no instant; give it a time zone"),
    ],
)  # fmt: skip
def test_a_wrong_argument_is_the_caller_s_error_saying_what_was_expected(call, error, message):
    """A helper given what it does not take says so in its own words, not in an AttributeError."""
    with pytest.raises(error) as info:
        call()

    assert str(info.value) == message
    assert not isinstance(info.value, ValidationError)


@pytest.mark.parametrize(
    ("document", "cls", "attribute", "meant"),
    [
        ({"id": "a", "name": "n", "owner": {}, "created": "2023-01-01T00:00:00Z"}, GetPersonalAccessTokenResponse, "managed", False),
        ({"id": "a", "name": "n", "owner": {}, "created": "2023-01-01T00:00:00Z"}, GetPersonalAccessTokenResponse, "access_token_validity_seconds", 43200),
        ({"id": "a", "name": "n", "owner": {}, "created": "2023-01-01T00:00:00Z", "managed": True}, GetPersonalAccessTokenResponse, "managed", True),
        ({"name": "ci"}, CreatePersonalAccessTokenRequest, "scope", ("sp:scopes:all",)),
        ({"name": "ci"}, CreatePersonalAccessTokenRequest, "expiration_date", ABSENT),
    ],
)  # fmt: skip
def test_value_or_default_gives_what_the_api_means_by_an_absent_key(
    document, cls, attribute, meant
):
    """The spec's default where it names one; the value itself, or ABSENT where it names none."""
    obj = loads(json.dumps(document), cls)

    assert value_or_default(obj, attribute) == meant
    assert (
        "managed" not in unstructure(obj) or document.get("managed") is not None
    )  # still not written


def test_a_converter_of_ones_own_reads_the_models_alone_too():
    """A host's converter given, loads and structure still raise nothing but this library's error."""
    host = make_converter()
    for read in (
        lambda: loads('"x"', int, converter=host),
        lambda: loads("{}", PatOwner | ErrorResponseDto, converter=host),  # type: ignore[arg-type]
        lambda: structure("2020-01-01T00:00:00Z", dt.datetime, converter=host),
    ):
        with pytest.raises(TypeError, match="expected a pat_models class, or list"):
            read()


def test_a_key_no_json_text_makes_is_refused_not_kept():
    """A dict built in Python with a key that is not a string: refused, so that dumps never fails."""
    doc = {"id": "a", "name": "n", "owner": {}, "created": "2023-01-01T00:00:00Z", 7: "x"}

    with pytest.raises(ValidationError) as info:
        structure(doc, GetPersonalAccessTokenResponse)
    assert info.value.problems == (("$", "JSON object keys are strings, not int"),)
    assert isinstance(load_error_response(400, {1: 2}), UnreadableErrorBody)


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: basic_authorization(None), "expected a CreatePersonalAccessTokenResponse, got NoneType"),
        (lambda: client_credentials({"id": "a"}), "expected a CreatePersonalAccessTokenResponse, got dict"),
        (lambda: basic_authorization(make_listed()), "expected a CreatePersonalAccessTokenResponse, got GetPersonalAccessTokenResponse"),
        (lambda: is_expired("2025-01-01"), "expected a created or a listed token, got str"),
        (lambda: time_left(None), "expected a created or a listed token, got NoneType"),
        (lambda: expires_at(PatOwner()), "expected a created or a listed token, got PatOwner"),
        (lambda: value_or_default({"managed": None}, "managed"), "expected a pat_models object, got dict"),
        (lambda: configure_converter(None), "expected a cattrs converter, got NoneType"),
        (lambda: json_schema(5), "expected a pat_models class, or list[...] or tuple[..., ...] of one; got an int"),
    ],
    ids=["basic None", "form dict", "basic listed", "expired str", "left None", "expires owner",
         "default dict", "configure None", "schema int"],
)  # fmt: skip
def test_a_helper_given_the_wrong_kind_of_object_raises_a_type_error_that_says_what_it_takes(
    call, message
):
    with pytest.raises(TypeError, match=f"^{re.escape(message)}$"):
        call()


def test_a_dict_subclass_is_read_as_the_object_it_is():
    """Json's object_pairs_hook may build an OrderedDict, or any dict of the caller's."""
    document = json.loads(dumps(make_listed()), object_pairs_hook=collections.OrderedDict)

    assert structure(document, GetPersonalAccessTokenResponse) == make_listed()
