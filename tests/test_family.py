"""Every body of the PAT API: round trips, absent keys, and the rules every version enforces."""

import json
import re

import attrs
import pytest
from hypothesis import given

from pat_models import (
    ABSENT,
    BulkUpdatePersonalAccessTokensRequest,
    CreatePersonalAccessTokenRequest,
    ErrorResponseDto,
    GetPersonalAccessTokenResponse,
    JsonPatchOperation,
    ListPersonalAccessTokensV1401Response,
    ListPersonalAccessTokensV1429Response,
    LocaleOrigin,
    PatchOp,
    UnreadableErrorBody,
    ValidationError,
    dumps,
    load_error_response,
    loads,
    make_converter,
    structure,
    unstructure,
)

from .payloads import BULK_UPDATES, CREATE_REQUESTS, ERROR_BODIES, LISTINGS, PATCHES, SECRET
from .strategies import error_response_documents, instances, listing_documents

CASES = [
    *(
        (f"listing {name}", list[GetPersonalAccessTokenResponse], doc)
        for name, doc in LISTINGS.items()
    ),
    *(
        (f"request {name}", CreatePersonalAccessTokenRequest, doc)
        for name, doc in CREATE_REQUESTS.items()
    ),
    *((f"patch {name}", list[JsonPatchOperation], doc) for name, doc in PATCHES.items()),
    *(
        (f"bulk {name}", BulkUpdatePersonalAccessTokensRequest, doc)
        for name, doc in BULK_UPDATES.items()
    ),
    *((f"error {name}", None, doc) for name, doc in ERROR_BODIES.items()),
]


@pytest.mark.parametrize(
    ("cls", "doc"), [case[1:] for case in CASES], ids=[case[0] for case in CASES]
)
def test_every_example_body_round_trips_exactly(cls, doc):
    """Each example of every version comes back with no key added, lost or changed."""
    if cls is None:
        status, doc = doc
        obj = load_error_response(status, json.dumps(doc))
    else:
        obj = loads(json.dumps(doc), cls)

    assert json.loads(dumps(obj)) == doc


def test_a_minimal_request_is_written_as_given():
    """{"name": "x"} stays {"name": "x"}: no defaults are sent on the caller's behalf."""
    assert dumps(CreatePersonalAccessTokenRequest(name="x")) == '{"name":"x"}'


def test_listing_keys_that_did_not_exist_yet_are_absent():
    """A 2022 listing item loads with ABSENT for every key added since."""
    (item,) = loads(
        json.dumps(LISTINGS["2022-09 first version"]), list[GetPersonalAccessTokenResponse]
    )

    assert item.scope is item.last_used is item.managed is ABSENT
    assert item.access_token_validity_seconds is item.expiration_date is ABSENT
    assert item.user_aware_token_never_expires is ABSENT


def test_a_null_patch_value_is_kept_and_an_absent_one_is_not_written():
    """A null value is a value; a remove without one writes no value key."""
    (replace,) = loads(json.dumps(PATCHES["replace with null"]), list[JsonPatchOperation])
    acknowledge, remove = loads(json.dumps(PATCHES["never expires"]), list[JsonPatchOperation])

    assert replace.value is None
    assert unstructure(replace) == {"op": "replace", "path": "/expirationDate", "value": None}
    assert acknowledge.value is True
    assert remove.op is PatchOp.REMOVE
    assert remove.value is ABSENT
    assert unstructure(remove) == {"op": "remove", "path": "/expirationDate"}


def test_open_enums_keep_new_values():
    """An unknown localeOrigin is kept as a string, a known one becomes the enum member."""
    status, body = ERROR_BODIES["400 with causes and nulls"]

    error = load_error_response(status, body)

    assert isinstance(error, ErrorResponseDto)
    origins = [message.locale_origin for message in error.messages]
    assert origins == [LocaleOrigin.DEFAULT, None, "SOMEWHERE_NEW"]
    assert error.causes == ()


@pytest.mark.parametrize(
    ("status", "body", "cls"),
    [
        (
            401,
            {"error": "JWT validation failed: JWT is expired"},
            ListPersonalAccessTokensV1401Response,
        ),
        (429, {"message": "Rate Limit Exceeded"}, ListPersonalAccessTokensV1429Response),
        (403, ERROR_BODIES["403"][1], ErrorResponseDto),
        (500, {}, ErrorResponseDto),
        (401, {}, ListPersonalAccessTokensV1401Response),
        (429, {}, ListPersonalAccessTokensV1429Response),
        (502, {"error": "Bad gateway"}, ListPersonalAccessTokensV1401Response),
        (401, ERROR_BODIES["403"][1], ErrorResponseDto),
        (400, {"message": "x", "messages": []}, ErrorResponseDto),
        (502, {"message": "Too many requests"}, ListPersonalAccessTokensV1429Response),
    ],
)
def test_error_responses_are_read_by_their_shape(status, body, cls):
    """The keys pick the model, the status only when the keys do not tell."""
    assert type(load_error_response(status, json.dumps(body))) is cls
    assert type(load_error_response(status, body)) is cls


@pytest.mark.parametrize("body", ['{"error": "x", "hint": 1}', {"error": "x", "hint": 1}])
def test_an_error_body_is_read_with_the_converter_given(body):
    strict = make_converter(extra="forbid")

    assert load_error_response(401, body).extra == {"hint": 1}
    unread = load_error_response(401, body, converter=strict)
    assert unread == UnreadableErrorBody(
        status=401, reason="$.hint: unknown key", size=len(body) if isinstance(body, str) else 0
    )


@pytest.mark.parametrize(
    ("body", "reason"),
    [
        ("<html>Bad Gateway</html>", "$: not valid JSON: Expecting value at line 1 column 1"),
        ("[]", "$: expected an object, got array"),
        (b"\xff", "$: not valid UTF-8 at byte 0"),
        (b"", "the body is empty"),
        ("  \r\n", "the body is empty"),
        ('{"detailCode": 5, "secret-ish": "s3cr3t"}', "$.detailCode: expected a string or null, got integer"),
    ],
    ids=["html", "array", "bytes-not-utf-8", "empty", "blank", "wrong-type"],
)  # fmt: skip
def test_an_error_body_of_no_known_shape_is_returned_not_raised(body, reason):
    """An error handler needs no second one: the body's status, reason and size, never its text."""
    error = load_error_response(502, body)

    assert error == UnreadableErrorBody(status=502, reason=reason, size=len(body))
    assert "s3cr3t" not in repr(error)


REJECTIONS = [
    (CreatePersonalAccessTokenRequest, {"name": ""}, "$.name", "must not be empty"),
    (CreatePersonalAccessTokenRequest, {}, "$.name", "missing required key"),
    (CreatePersonalAccessTokenRequest, {"name": None}, "$.name", "expected a string, got null"),
    (
        CreatePersonalAccessTokenRequest,
        {"name": "x", "accessTokenValiditySeconds": 14},
        "$.accessTokenValiditySeconds",
        "between 15 and 43200",
    ),
    (
        CreatePersonalAccessTokenRequest,
        {"name": "x", "accessTokenValiditySeconds": 43201},
        "$.accessTokenValiditySeconds",
        "between 15 and 43200",
    ),
    (
        CreatePersonalAccessTokenRequest,
        {"name": "x", "accessTokenValiditySeconds": "900"},
        "$.accessTokenValiditySeconds",
        "expected an integer or null, got string",
    ),
    (
        CreatePersonalAccessTokenRequest,
        {"name": "x", "userAwareTokenNeverExpires": "true"},
        "$.userAwareTokenNeverExpires",
        "expected a boolean or null, got string",
    ),
    (
        CreatePersonalAccessTokenRequest,
        {"name": "x", "userAwareTokenNeverExpires": 1},
        "$.userAwareTokenNeverExpires",
        "expected a boolean or null, got integer",
    ),
    (
        CreatePersonalAccessTokenRequest,
        {"name": "x", "expirationDate": "2026-08-01"},
        "$.expirationDate",
        "RFC 3339",
    ),
    (
        GetPersonalAccessTokenResponse,
        {
            "id": "a",
            "name": "n",
            "owner": {},
            "created": "2023-01-01T00:00:00.000Z",
            "managed": "yes",
        },
        "$.managed",
        "expected a boolean or null, got string",
    ),
    (
        GetPersonalAccessTokenResponse,
        {
            "id": "a",
            "name": "n",
            "owner": {},
            "created": "2023-01-01T00:00:00.000Z",
            "lastUsed": "yesterday",
        },
        "$.lastUsed",
        "RFC 3339",
    ),
    (JsonPatchOperation, {"op": "add", "path": "/scope/-"}, "$.value", "add needs a value"),
    (JsonPatchOperation, {"op": "replace", "path": "/name"}, "$.value", "replace needs a value"),
    (JsonPatchOperation, {"op": "test", "path": "/name"}, "$.value", "test needs a value"),
    (JsonPatchOperation, {"op": "move", "path": "/name"}, "$.from", "move needs from"),
    (JsonPatchOperation, {"op": "copy", "path": "/name", "value": 1}, "$.from", "copy needs from"),
    (
        JsonPatchOperation,
        {"op": "merge", "path": "/name", "value": 1},
        "$.op",
        "expected one of 'add', 'remove'",
    ),
    (JsonPatchOperation, {"op": "REPLACE", "path": "/name", "value": 1}, "$.op", "expected one of"),
    (JsonPatchOperation, {"op": "remove", "path": "name"}, "$.path", "JSON Pointer"),
    (JsonPatchOperation, {"op": "remove", "path": "/a~2"}, "$.path", "JSON Pointer"),
    (JsonPatchOperation, {"op": "move", "path": "/a", "from": "b"}, "$.from", "JSON Pointer"),
    (JsonPatchOperation, {"op": "remove", "path": None}, "$.path", "expected a string, got null"),
    (
        BulkUpdatePersonalAccessTokensRequest,
        {"ids": [], "patch": BULK_UPDATES["set expiry"]["patch"]},
        "$.ids",
        "1 to 25",
    ),
    (
        BulkUpdatePersonalAccessTokensRequest,
        {"ids": [f"{i}" for i in range(26)], "patch": BULK_UPDATES["set expiry"]["patch"]},
        "$.ids",
        "1 to 25",
    ),
    (
        BulkUpdatePersonalAccessTokensRequest,
        {"ids": ["a", "b", "a"], "patch": BULK_UPDATES["set expiry"]["patch"]},
        "$.ids[2]",
        "repeats ids[0]",
    ),
    (
        BulkUpdatePersonalAccessTokensRequest,
        {"ids": ["a", " "], "patch": BULK_UPDATES["set expiry"]["patch"]},
        "$.ids[1]",
        "blank",
    ),
    (
        BulkUpdatePersonalAccessTokensRequest,
        {"ids": ["a", ""], "patch": BULK_UPDATES["set expiry"]["patch"]},
        "$.ids[1]",
        "blank",
    ),
    (
        BulkUpdatePersonalAccessTokensRequest,
        {"ids": ["a", 1], "patch": BULK_UPDATES["set expiry"]["patch"]},
        "$.ids[1]",
        "expected a string, got integer",
    ),
    (BulkUpdatePersonalAccessTokensRequest, {"ids": ["a"], "patch": []}, "$.patch", "at least one"),
    (
        BulkUpdatePersonalAccessTokensRequest,
        {"ids": ["a"], "patch": PATCHES["spec example"]},
        "$.patch[0].path",
        "patches only /expirationDate and /userAwareTokenNeverExpires",
    ),
    (
        BulkUpdatePersonalAccessTokensRequest,
        {"ids": ["a"], "patch": [{"op": "add", "path": "/expirationDate", "value": None}]},
        "$.patch[0].op",
        "/expirationDate takes remove or replace",
    ),
    (
        BulkUpdatePersonalAccessTokensRequest,
        {"ids": ["a"], "patch": [{"op": "replace", "path": "/expirationDate"}]},
        "$.patch[0].value",
        "replace needs a value",
    ),
    (
        BulkUpdatePersonalAccessTokensRequest,
        {"ids": ["a"], "patch": {"op": "remove", "path": "/expirationDate"}},
        "$.patch",
        "expected an array, got object",
    ),
    (
        ErrorResponseDto,
        {"messages": [{"text": 1}]},
        "$.messages[0].text",
        "expected a string or null, got integer",
    ),
    (
        ErrorResponseDto,
        {"messages": [{"localeOrigin": 1}]},
        "$.messages[0].localeOrigin",
        "expected a string or null, got integer",
    ),
    (ErrorResponseDto, {"causes": "boom"}, "$.causes", "expected an array or null, got string"),
]


@pytest.mark.parametrize(("cls", "doc", "path", "message"), REJECTIONS)
def test_every_rule_is_enforced_with_its_wire_path(cls, doc, path, message):
    """A body that every API version refuses is rejected with the path and the rule."""
    with pytest.raises(ValidationError) as info:
        structure(doc, cls)

    assert [problem for problem in info.value.problems if problem[0] == path], info.value
    assert message in str(info.value)


@pytest.mark.parametrize(
    ("build", "message"),
    [
        (
            lambda: CreatePersonalAccessTokenRequest(name=""),
            "CreatePersonalAccessTokenRequest.name: must not be empty",
        ),
        (
            lambda: CreatePersonalAccessTokenRequest(name="x", access_token_validity_seconds=0),
            "CreatePersonalAccessTokenRequest.access_token_validity_seconds: must be between 15 and 43200 seconds",
        ),
        (
            lambda: JsonPatchOperation(op="add", path="/name"),
            "JsonPatchOperation.value: missing: add needs a value",
        ),
        (
            lambda: BulkUpdatePersonalAccessTokensRequest(
                ids=["a", "a"], patch=[JsonPatchOperation(op="remove", path="/expirationDate")]
            ),
            "BulkUpdatePersonalAccessTokensRequest.ids[1]: repeats ids[0]",
        ),
        (
            lambda: BulkUpdatePersonalAccessTokensRequest(
                ids=["a"], patch=[JsonPatchOperation(op="add", path="/expirationDate", value=None)]
            ),
            "BulkUpdatePersonalAccessTokensRequest.patch[0].op: /expirationDate takes remove or replace here",
        ),
        (
            lambda: attrs.evolve(CreatePersonalAccessTokenRequest(name="x"), name=""),
            "CreatePersonalAccessTokenRequest.name: must not be empty",
        ),
    ],
)
def test_a_body_the_api_refuses_cannot_be_built(build, message):
    """
    Objects built in Python keep the rules too, so no body the API refuses is ever written.

    A broken rule is named as a wrong type is: the class, the attribute, what is wrong.
    """
    with pytest.raises(ValueError, match=f"^{re.escape(message)}$"):
        build()


def test_patch_operation_ops_are_a_closed_enum():
    """A misspelt op is refused when the operation is built, not when the server sees it."""
    assert JsonPatchOperation(op="replace", path="/name", value="x").op is PatchOp.REPLACE
    message = (
        "JsonPatchOperation.op: expected one of 'add', 'remove', 'replace', 'move', 'copy', 'test'"
    )
    with pytest.raises(ValueError, match=f"^{re.escape(message)}$"):
        JsonPatchOperation(op="rename", path="/name", value="x")


@pytest.mark.parametrize("cls", list(instances), ids=lambda cls: cls.__name__)
@given(data=__import__("hypothesis").strategies.data())
def test_every_model_round_trips(cls, data):
    """loads(dumps(x), type(x)) == x for generated instances of every model."""
    obj = data.draw(instances[cls])

    assert loads(dumps(obj), cls) == obj


@given(listing_documents)
def test_listing_documents_round_trip(text):
    """Generated listings of every version's shape come back unchanged."""
    assert json.loads(dumps(loads(text, list[GetPersonalAccessTokenResponse]))) == json.loads(text)


@given(error_response_documents)
def test_error_documents_round_trip(text):
    """Generated error bodies, nulls and new locale origins included, come back unchanged."""
    assert json.loads(dumps(load_error_response(400, text))) == json.loads(text)


def test_unknown_keys_of_a_request_show_by_name_only():
    """A request carrying a secret under a key this version does not know keeps it out of repr."""
    request = CreatePersonalAccessTokenRequest(name="x", extra={"clientSecret": SECRET})

    assert SECRET not in repr(request)
    assert json.loads(dumps(request)) == {"name": "x", "clientSecret": SECRET}
