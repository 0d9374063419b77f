"""The API's rules, word for word: read from the wire at wire paths, or refused when built."""

import json
import re

import pytest

from pat_models import (
    BulkUpdatePersonalAccessTokensRequest,
    CreatePersonalAccessTokenRequest,
    JsonPatchOperation,
    ValidationError,
    loads,
)

Request = CreatePersonalAccessTokenRequest
Bulk = BulkUpdatePersonalAccessTokensRequest
Patch = list[JsonPatchOperation]
REMOVE = [{"op": "remove", "path": "/expirationDate"}]
POINTER = "must be a JSON Pointer, such as /name"


def _bulk(ids, patch=REMOVE):
    return json.dumps({"ids": ids, "patch": patch})


@pytest.mark.parametrize(
    ("text", "cls", "problems"),
    [
        ('{"name": ""}', Request, [("$.name", "must not be empty")]),
        ('{"name": "a", "accessTokenValiditySeconds": 14}', Request,
         [("$.accessTokenValiditySeconds", "must be between 15 and 43200 seconds")]),
        ('{"name": "a", "accessTokenValiditySeconds": 43201}', Request,
         [("$.accessTokenValiditySeconds", "must be between 15 and 43200 seconds")]),
        ('[{"op": "replace", "path": "name", "value": 1}]', Patch, [("$[0].path", POINTER)]),
        ('[{"op": "copy", "path": "/a~2", "from": "/b"}]', Patch, [("$[0].path", POINTER)]),
        ('[{"op": "move", "path": "/a", "from": "x"}]', Patch, [("$[0].from", POINTER)]),
        ('[{"op": "move", "path": "/a"}]', Patch, [("$[0].from", "missing: move needs from")]),
        ('[{"op": "copy", "path": "/a"}]', Patch, [("$[0].from", "missing: copy needs from")]),
        ('[{"op": "add", "path": "/a"}]', Patch, [("$[0].value", "missing: add needs a value")]),
        ('[{"op": "test", "path": "/a"}]', Patch, [("$[0].value", "missing: test needs a value")]),
        (_bulk([]), Bulk, [("$.ids", "must hold 1 to 25 token ids, not 0")]),
        (_bulk([str(i) for i in range(26)]), Bulk, [("$.ids", "must hold 1 to 25 token ids, not 26")]),
        (_bulk(["a", " ", "b", "a", "b"], []), Bulk,
         [("$.ids[1]", "must not be blank"), ("$.ids[3]", "repeats ids[0]"),
          ("$.ids[4]", "repeats ids[2]"), ("$.patch", "must hold at least one operation")]),
        (_bulk(["a"], [{"op": "replace", "path": "/name", "value": "x"},
                       {"op": "add", "path": "/expirationDate", "value": "x"},
                       {"op": "copy", "path": "/userAwareTokenNeverExpires", "from": "/a"}]),
         Bulk,
         [("$.patch[0].path",
           "the bulk update patches only /expirationDate and /userAwareTokenNeverExpires"),
          ("$.patch[1].op", "/expirationDate takes remove or replace here"),
          ("$.patch[2].op", "/userAwareTokenNeverExpires takes add or remove or replace here")]),
    ],
)  # fmt: skip
def test_each_rule_is_reported_at_its_wire_path(text, cls, problems):
    with pytest.raises(ValidationError) as info:
        loads(text, cls)

    assert list(info.value.problems) == problems


@pytest.mark.parametrize(
    ("text", "cls"),
    [
        ('{"name": "a", "accessTokenValiditySeconds": 15}', Request),
        ('{"name": "a", "accessTokenValiditySeconds": 43200}', Request),
        ('[{"op": "remove", "path": ""}, {"op": "test", "path": "/a/~0~1", "value": null}]', Patch),
        ('[{"op": "move", "path": "/", "from": "/b//c"}]', Patch),
        (_bulk([str(i) for i in range(25)]), Bulk),
        (_bulk(["a"], [{"op": "replace", "path": "/expirationDate", "value": None},
                       {"op": "add", "path": "/userAwareTokenNeverExpires", "value": True}]),
         Bulk),
    ],
)  # fmt: skip
def test_what_the_rules_allow_at_their_edges_loads(text, cls):
    """15 and 43,200 seconds, 25 ids, the empty pointer and escapes, a null value: all allowed."""
    assert loads(text, cls)


@pytest.mark.parametrize(
    ("build", "message"),
    [
        (lambda: Request(name=""), "CreatePersonalAccessTokenRequest.name: must not be empty"),
        (lambda: Bulk(ids=["a", "a"], patch=[]),
         "BulkUpdatePersonalAccessTokensRequest.ids[1]: repeats ids[0]"),
        (lambda: Bulk(ids=["a"], patch=[]),
         "BulkUpdatePersonalAccessTokensRequest.patch: must hold at least one operation"),
        (lambda: JsonPatchOperation(op="move", path="/a"),
         "JsonPatchOperation.from_: missing: move needs from"),
    ],
)  # fmt: skip
def test_building_against_a_rule_names_the_attribute_path(build, message):
    """Built by hand, the error speaks Python: attribute names and indexes, the first fault."""
    with pytest.raises(ValueError, match=f"^{re.escape(message)}$"):
        build()
