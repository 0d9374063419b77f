import json
import subprocess
import sys

import jsonschema
import pytest
from hypothesis import given
from hypothesis import strategies as st

from pat_models import unstructure
from pat_models._input import TYPES
from pat_models._schema import json_schema

from .payloads import (
    BULK_UPDATES,
    CREATE_REQUESTS,
    CREATE_RESPONSES,
    ERROR_BODIES,
    LISTINGS,
    PATCHES,
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


def validator(name):
    schema = json_schema(TYPES[name])
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


@pytest.mark.parametrize(("name", "doc"), VALID)
def test_every_valid_example_fits_its_schema(name, doc):
    """The spec's example bodies of every version validate against the generated schema."""
    validator(name).validate(doc)


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
        "created": (True, False), "lastUsed": (False, True), "managed": (False, False),
        "accessTokenValiditySeconds": (False, False), "expirationDate": (False, True),
        "userAwareTokenNeverExpires": (False, False),
    },
    "patch": {"op": (True, False), "path": (True, False), "value": (False, True), "from": (False, False)},
    "bulk-update": {"ids": (True, False), "patch": (True, False)},
    "error": {
        "detailCode": (False, False), "trackingId": (False, False),
        "messages": (False, False), "causes": (False, False),
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
