import datetime as dt
import functools
import json
import re
import subprocess
import sys

import jsonschema
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from hypothesis_jsonschema import from_schema

import pat_models
from pat_models import (
    BulkUpdatePersonalAccessTokensRequest,
    GetPersonalAccessTokenResponse,
    JsonPatchOperation,
    ValidationError,
    loads,
    unstructure,
)
from pat_models._schema import json_schema
from pat_models.cli._reading import TYPES

from .payloads import (
    BULK_UPDATES,
    CREATE_REQUESTS,
    CREATE_RESPONSES,
    ERROR_BODIES,
    LISTINGS,
    PATCHES,
    nested_arrays,
    seed,
)
from .strategies import instances
from .test_family import REJECTIONS

VALID = [
    *(("create-response", json.loads(text)) for text in CREATE_RESPONSES.values()),
    *(("token", item) for listing in LISTINGS.values() for item in listing),
    *(("create-request", doc) for doc in CREATE_REQUESTS.values()),
    *(("patch", op) for ops in PATCHES.values() for op in ops),
    *(("bulk-update", doc) for doc in BULK_UPDATES.values()),
    ("error", ERROR_BODIES["403"][1]),
    ("error", ERROR_BODIES["400 with causes and nulls"][1]),
    ("error-401", ERROR_BODIES["401"][1]),
    ("error-429", ERROR_BODIES["429"][1]),
]
NAMES = {cls: name for name, cls in TYPES.items()}


LISTED = {
    "id": "a", "name": "n", "owner": {}, "created": "2025-01-01T00:00:00.000Z", "managed": True,
    "accessTokenValiditySeconds": 900, "userAwareTokenNeverExpires": True,
}  # fmt: skip


def validator(name):
    schema = json_schema(TYPES[name])
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


@pytest.mark.parametrize(("name", "doc"), VALID)
def test_every_valid_example_fits_its_schema(name, doc):
    """The spec's example bodies of every version validate against the generated schema."""
    validator(name).validate(doc)


@pytest.mark.parametrize("tp", [list[GetPersonalAccessTokenResponse], list[JsonPatchOperation]])
def test_a_list_of_models_has_the_schema_of_an_array_of_them(tp):
    """The list endpoint's body (and a PATCH body) is an array, each item held to its model's schema."""
    item = tp.__args__[0]
    schema = json_schema(tp)
    jsonschema.Draft202012Validator.check_schema(schema)
    array = jsonschema.Draft202012Validator(schema)
    good = [doc for name, doc in VALID if TYPES[name] is item]

    assert schema["title"] == f"list[{item.__name__}]"
    assert array.is_valid(good)
    assert array.is_valid([])
    assert not array.is_valid(good[0])
    assert not array.is_valid([good[0], {**good[0], "name": 5, "op": 5}])


@pytest.mark.parametrize(
    ("cls", "doc"),
    [(cls, doc) for cls, doc, _, _ in REJECTIONS if "not a valid date" not in str(doc)],
)
def test_every_malformed_example_breaks_its_schema(cls, doc):
    """What the converter rejects, the schema rejects too: types, nulls, bounds, rules."""
    assert not validator(NAMES[cls]).is_valid(doc)


@pytest.mark.parametrize("cls", list(NAMES), ids=lambda cls: cls.__name__)
@given(data=st.data())
def test_generated_objects_fit_their_schema(cls, data):
    """Whatever a valid object is written as, the schema accepts."""
    validator(NAMES[cls]).validate(unstructure(data.draw(instances[cls])))


# From the spec's tables: key -> (required, nullable).  One knowing departure: a create
# response's expirationDate is null for never-expiring tokens, though the spec says non-null.
SPEC = {
    "create-response": {
        "id": (True, False), "secret": (True, False), "scope": (True, True),
        "name": (True, False), "owner": (True, False), "created": (True, False),
        "accessTokenValiditySeconds": (True, False), "expirationDate": (True, True),
    },
    "create-request": {
        "name": (True, False), "scope": (False, True), "accessTokenValiditySeconds": (False, True),
        "expirationDate": (False, True), "userAwareTokenNeverExpires": (False, True),
    },
    "token": {
        "id": (True, False), "name": (True, False), "scope": (True, True), "owner": (True, False),
        "created": (True, False), "lastUsed": (False, True), "managed": (False, True),
        "accessTokenValiditySeconds": (False, True), "expirationDate": (False, True),
        "userAwareTokenNeverExpires": (False, True),
    },
    "patch": {"op": (True, False), "path": (True, False), "value": (False, True), "from": (False, True)},
    "bulk-update": {"ids": (True, False), "patch": (True, False)},
    "error": {
        "detailCode": (False, True), "trackingId": (False, True),
        "messages": (False, True), "causes": (False, True),
    },
}  # fmt: skip
# Keys the spec calls required but that payloads of older versions lack.
LATER = {
    "create-response": {"scope", "accessTokenValiditySeconds", "expirationDate"},
    "token": {"scope"},
}


@pytest.mark.parametrize("name", list(SPEC))
def test_schema_keys_and_nullability_follow_the_spec(name):
    """Every key of the spec is in the schema, required where every version sends it, null where allowed."""
    schema = json_schema(TYPES[name])

    assert list(schema["properties"]) == list(SPEC[name])
    for key, (required, nullable) in SPEC[name].items():
        fits_null = jsonschema.Draft202012Validator(
            {**schema, "required": [], "properties": {key: schema["properties"][key]}}
        ).is_valid({key: None})
        assert fits_null is nullable, key
        assert (key in schema.get("required", [])) is (
            required and key not in LATER.get(name, ())
        ), key


def test_schema_command_prints_the_schema():
    """pat-models schema TYPE writes the same schema as JSON."""
    result = subprocess.run(
        [sys.executable, "-m", "pat_models", "schema", "create-response"],
        capture_output=True, text=True, check=True,
    )  # fmt: skip

    assert json.loads(result.stdout) == json_schema(TYPES["create-response"])


_STAMP = re.compile(
    r"([0-9]{4})-([0-9]{2})-([0-9]{2})[Tt]([0-9]{2}):([0-9]{2}):([0-9]{2})(?:[.][0-9]+)?"
    r"(?:[Zz]|([+-])([0-9]{2}):([0-9]{2}))"
)


def _outside_utc_years(doc):
    """Tell whether a date-time in *doc* leaves the years 1 to 9999 once its offset is applied."""
    for match in _STAMP.finditer(json.dumps(doc)):
        year, month, day, hour, minute, second, sign, off_h, off_m = match.groups()
        if sign is None:
            continue
        local = dt.datetime(
            int(year),
            int(month),
            int(day),
            int(hour),
            int(minute),
            int(second),
            tzinfo=dt.timezone.utc,
        )
        offset = dt.timedelta(hours=int(off_h), minutes=int(off_m))
        try:
            local - offset if sign == "+" else local + offset
        except OverflowError:
            return True
    return False


_RESPONSE = json.loads(CREATE_RESPONSES["seed"])

# What JSON Schema cannot say: each of these fits its schema and does not load.
BEYOND_SCHEMA = {
    "900.0 is an integer to JSON Schema, a number with a fraction to the API": (
        "create-request",
        {"name": "n", "accessTokenValiditySeconds": 900.0},
    ),
    "an offset that takes a date-time outside the years 1 to 9999 in UTC": (
        "create-response",
        {**_RESPONSE, "created": "0001-01-01T00:30:00+01:00"},
    ),
    "an open value nested deeper than 128 levels": ("error-401", {"error": nested_arrays(130)}),
}


@pytest.mark.parametrize(("name", "doc"), BEYOND_SCHEMA.values(), ids=list(BEYOND_SCHEMA))
def test_what_json_schema_cannot_say_is_all_that_separates_it_from_loads(name, doc):
    """The documented differences are real: the schema accepts each, loads refuses it."""
    assert validator(name).is_valid(doc)

    with pytest.raises(ValidationError):
        loads(json.dumps(doc), TYPES[name])


@functools.cache
def _documents(cls):
    return from_schema(json_schema(cls))


# hypothesis-jsonschema takes half a minute to draft bulk updates, which have
# rules within rules: `python -m pytest -m slow` runs that case.
@pytest.mark.parametrize(
    "cls",
    [
        pytest.param(
            cls, marks=[pytest.mark.slow] if cls is BulkUpdatePersonalAccessTokensRequest else []
        )
        for cls in NAMES
    ],
    ids=lambda cls: cls.__name__,
)
@settings(
    max_examples=30,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)
@given(data=st.data())
def test_every_document_the_schema_accepts_loads(cls, data):
    """A gateway that validates with the schema lets through only what the library accepts."""
    doc = data.draw(_documents(cls))
    assume(not _outside_utc_years(doc))  # the one difference examples here can reach

    loads(json.dumps(doc), cls)


@pytest.mark.parametrize(
    "stamp",
    [
        "2026-13-45T00:00:00.000Z",  # no month 13, no day 45
        "2017-07-11T24:61:00.000Z",  # no hour 24, no minute 61
        "2017-07-11T18:45:37.098+24:00",  # offsets stop at 23:59
        "2016-12-31T23:59:60.000Z",  # a leap second
        "0000-01-01T00:00:00.000Z",  # no year 0
        "2023-02-29T00:00:00.000Z",  # not a leap year
        "1900-02-29T00:00:00.000Z",  # nor is a century, unless by 400
        "2017-04-31T00:00:00.000Z",  # April has 30 days
        "２０１７-07-11T18:45:37.098Z",  # full-width digits
        "2017-07-11T18:45:37.098Z\n",  # a newline after the end
        "2017-07-11T18:45:37.098",  # no time zone
    ],
)
def test_the_schema_refuses_every_date_time_loads_refuses(stamp):
    """Where a regular expression can tell, the schema's date-time is the one loads reads."""
    doc = {**_RESPONSE, "created": stamp}

    assert not validator("create-response").is_valid(doc)
    with pytest.raises(ValidationError):
        loads(json.dumps(doc), TYPES["create-response"])


@pytest.mark.parametrize(
    "stamp",
    ["2024-02-29T00:00:00Z", "2000-02-29T23:59:59.999999+23:59", "9999-12-31t23:59:59.1z"],
)
def test_the_schema_takes_every_date_time_loads_takes(stamp):
    doc = {**_RESPONSE, "created": stamp}

    assert validator("create-response").is_valid(doc)
    loads(json.dumps(doc), TYPES["create-response"])


def test_a_newline_that_is_no_pointer_breaks_the_schema_as_it_breaks_loads():
    """Python's pattern $ lets a final newline follow; the pointer's pattern does not."""
    doc = {"op": "remove", "path": "\n"}
    assert not validator("patch").is_valid(doc)
    with pytest.raises(pat_models.ValidationError):
        pat_models.structure(doc, pat_models.JsonPatchOperation)


@pytest.mark.parametrize(
    ("document", "cls", "attribute", "key", "default"),
    [
        ({"name": "ci"}, pat_models.CreatePersonalAccessTokenRequest, "scope", "scope",
         ["sp:scopes:all"]),
        ({"name": "ci"}, pat_models.CreatePersonalAccessTokenRequest,
         "access_token_validity_seconds", "accessTokenValiditySeconds", 43200),
        ({"name": "ci"}, pat_models.CreatePersonalAccessTokenRequest,
         "user_aware_token_never_expires", "userAwareTokenNeverExpires", False),
        (seed(), pat_models.CreatePersonalAccessTokenResponse,
         "access_token_validity_seconds", "accessTokenValiditySeconds", 43200),
        (LISTED, pat_models.GetPersonalAccessTokenResponse, "managed", "managed", False),
        (LISTED, pat_models.GetPersonalAccessTokenResponse,
         "access_token_validity_seconds", "accessTokenValiditySeconds", 43200),
        (LISTED, pat_models.GetPersonalAccessTokenResponse,
         "user_aware_token_never_expires", "userAwareTokenNeverExpires", False),
    ],
)  # fmt: skip
def test_the_schema_states_the_spec_s_defaults_as_value_or_default_gives_them(
    document, cls, attribute, key, default
):
    """One statement beside the field serves both: the schema's default and value_or_default's."""
    obj = pat_models.structure({k: v for k, v in document.items() if k != key}, cls)

    assert json_schema(cls)["properties"][key]["default"] == default
    assert pat_models.value_or_default(obj, attribute) == (
        tuple(default) if isinstance(default, list) else default
    )


def test_a_field_without_a_default_in_the_spec_has_none_in_the_schema():
    properties = json_schema(pat_models.GetPersonalAccessTokenResponse)["properties"]

    assert [key for key, schema in properties.items() if "default" in schema] == [
        "managed", "accessTokenValiditySeconds", "userAwareTokenNeverExpires",
    ]  # fmt: skip
