"""Where the official SDK can parse a payload at all, it reads the same values as pat_models."""

import json
from collections.abc import Mapping

import attrs
import pytest

from pat_models import (
    ABSENT,
    CreatePersonalAccessTokenRequest,
    CreatePersonalAccessTokenResponse,
    ErrorResponseDto,
    GetPersonalAccessTokenResponse,
    JsonPatchOperation,
    loads,
)

from .payloads import CREATE_REQUESTS, CREATE_RESPONSES, ERROR_BODIES, LISTINGS, PATCHES

sdk = pytest.importorskip("sailpoint.personal_access_tokens.models")


def _sdk_defect(sdk_name, doc):
    """Why the SDK cannot read *doc*, where the spec notes record a defect it has; else None."""
    if sdk_name == "CreatePersonalAccessTokenResponse":
        if "expirationDate" not in doc or "accessTokenValiditySeconds" not in doc:
            return "the SDK requires keys that payloads from before October 2024 and July 2025 lack"
        if doc["expirationDate"] is None:
            return "the SDK rejects a create response whose expirationDate is null (never expires)"
    if sdk_name == "JsonPatchOperation" and isinstance(doc.get("value"), list):
        return "the SDK's JsonPatchOperationValue cannot hold an array: the spec's own example"
    return None


def _case(cls, sdk_name, doc):
    reason = _sdk_defect(sdk_name, doc)
    marks = [pytest.mark.xfail(reason=reason, strict=True)] if reason else []
    return pytest.param(cls, sdk_name, doc, marks=marks)


CASES = [
    *(
        _case(
            CreatePersonalAccessTokenResponse, "CreatePersonalAccessTokenResponse", json.loads(text)
        )
        for text in CREATE_RESPONSES.values()
    ),
    *(
        _case(GetPersonalAccessTokenResponse, "GetPersonalAccessTokenResponse", item)
        for items in LISTINGS.values()
        for item in items
    ),
    *(
        _case(CreatePersonalAccessTokenRequest, "CreatePersonalAccessTokenRequest", doc)
        for doc in CREATE_REQUESTS.values()
    ),
    *(
        _case(JsonPatchOperation, "JsonPatchOperation", op)
        for ops in PATCHES.values()
        for op in ops
    ),
    *(
        _case(ErrorResponseDto, "ErrorResponseDto", body)
        for status, body in ERROR_BODIES.values()
        if status < 401
    ),
]


def _plain(value):  # noqa: PLR0911
    """A value as the SDK's model_dump holds it: dicts, lists, plain strings, None for absent."""
    if value is ABSENT:
        return None
    if isinstance(value, (tuple, list)):
        return [_plain(item) for item in value]
    if attrs.has(type(value)):
        return {
            f.name: _plain(getattr(value, f.name))
            for f in attrs.fields(type(value))
            if f.name != "extra"
        }
    if hasattr(value, "actual_instance"):  # the SDK's one-of wrappers
        return _plain(value.actual_instance)
    if hasattr(value, "model_dump"):
        return _plain(value.model_dump())
    if isinstance(value, Mapping):
        return {key: _plain(item) for key, item in value.items()}
    if isinstance(value, str):
        return str.__str__(value)
    return value


@pytest.mark.parametrize(("cls", "sdk_name", "doc"), CASES)
def test_the_sdk_reads_the_same_values(cls, sdk_name, doc):
    """
    Every non-null key of the payload has the same value in both, timestamps to the millisecond.

    Null keys are left out: the SDK replaces some of them with its defaults.  Where the
    SDK cannot read a payload at all, the case is a strict xfail that names its defect.
    """
    theirs = getattr(sdk, sdk_name).from_json(json.dumps(doc))
    ours = loads(json.dumps(doc), cls)

    compared = 0
    for name, field in type(theirs).model_fields.items():
        if doc.get(field.alias or name) is not None:
            assert _plain(getattr(ours, name)) == _plain(getattr(theirs, name)), name
            compared += 1
    assert compared
