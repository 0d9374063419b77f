"""
Integers beyond 64 bits stay exact with orjson, which reads them as floats, at no cost to other input.

The text is read once by orjson; only a float that lands where an integer
would mean something else sends it to the standard library, and then the
standard library's reading is the answer.
"""

import json

import attrs
import pytest

from pat_models import (
    CreatePersonalAccessTokenResponse,
    GetPersonalAccessTokenResponse,
    JsonPatchOperation,
    ValidationError,
    _jsontext,
    dumps,
    loads,
    make_converter,
    structure,
)

from .payloads import LISTINGS, SEED
from .test_cli import run

pytest.importorskip("orjson", reason="the fast extra is part of the test dependencies")

BIG = 123456789012345678901234567890
EDGES = [2**64 - 1, 2**64, -(2**63), -(2**63) - 1, BIG, -BIG]


@pytest.fixture
def rereads(monkeypatch):
    """Count the texts read again by the standard library."""
    calls = []
    reread = _jsontext.parse_stdlib

    def counting(data, **options):
        calls.append(data)
        return reread(data, **options)

    monkeypatch.setattr(_jsontext, "parse_stdlib", counting)
    return calls


def _seed(**keys):
    return json.dumps({**json.loads(SEED), **keys})


def test_common_input_is_read_once_by_orjson(rereads):
    """A response, a listing and a patch with plain numbers never reach the standard library."""
    loads(SEED, CreatePersonalAccessTokenResponse)
    loads(json.dumps(LISTINGS["2025-07 expiry"]), list[GetPersonalAccessTokenResponse])
    loads('[{"op": "replace", "path": "/x", "value": [1, 2.5, 18446744073709551615]}]',
          list[JsonPatchOperation])  # fmt: skip
    _jsontext.parse(SEED, lambda value: value)  # as the command line reads, with the defaults
    loads(SEED.encode(), CreatePersonalAccessTokenResponse)

    assert rereads == []


@pytest.mark.parametrize("number", EDGES)
def test_an_integer_beyond_64_bits_in_an_unknown_key_stays_exact(number, rereads):
    """Read by orjson as a float, it is read again, and kept and written as the integer it is."""
    text = _seed(futureCounter=number)

    token = loads(text, CreatePersonalAccessTokenResponse)

    assert type(token.extra["futureCounter"]) is int
    assert token.extra["futureCounter"] == number
    assert json.loads(dumps(token))["futureCounter"] == number
    assert len(rereads) == (not -(2**63) <= number < 2**64)


def test_an_integer_beyond_64_bits_deep_in_a_patch_value_stays_exact():
    text = f'[{{"op": "add", "path": "/x", "value": {{"a": [1, {{"b": {BIG}}}]}}}}]'

    (operation,) = loads(text, list[JsonPatchOperation])

    assert operation.value["a"][1]["b"] == BIG
    assert f'"b":{BIG}' in dumps([operation])


def test_an_integer_beyond_64_bits_in_an_integer_field_is_that_integer():
    """The standard library reads it as an int, which the field takes."""
    token = loads(_seed(accessTokenValiditySeconds=2**70), CreatePersonalAccessTokenResponse)

    assert token.access_token_validity_seconds == 2**70


def test_an_integer_beyond_64_bits_where_a_string_belongs_is_called_an_integer():
    """The message names the JSON type the text has, not the float orjson made of it."""
    with pytest.raises(ValidationError) as info:
        loads(_seed(name=BIG), CreatePersonalAccessTokenResponse)

    assert info.value.problems == (("$.name", "expected a string, got integer"),)


def test_a_large_float_in_the_text_stays_a_float():
    """1e20 looks like a rounded integer: it is read again, and is a float both times."""
    token = loads(_seed(ratio=1e20, exact=1.5), CreatePersonalAccessTokenResponse)

    assert type(token.extra["ratio"]) is float
    assert '"ratio":1e+20,"exact":1.5' in dumps(token)


def test_a_large_float_built_in_python_is_not_mistaken_for_an_integer():
    """Outside a read, a float is what it is: structure and the constructor keep it."""
    data = {**json.loads(SEED), "ratio": 1e20}

    assert structure(data, CreatePersonalAccessTokenResponse).extra["ratio"] == 1e20
    token = attrs.evolve(structure(json.loads(SEED), CreatePersonalAccessTokenResponse),
                         extra={"ratio": 1e20})  # fmt: skip
    assert type(token.extra["ratio"]) is float


def test_the_same_holds_with_a_converter_of_ones_own():
    strict = make_converter(extra="forbid")

    with pytest.raises(ValidationError) as info:
        loads(_seed(futureCounter=BIG), CreatePersonalAccessTokenResponse, converter=strict)
    assert info.value.problems == (("$.futureCounter", "unknown key"),)

    token = loads(_seed(accessTokenValiditySeconds=BIG), CreatePersonalAccessTokenResponse,
                  converter=strict)  # fmt: skip
    assert token.access_token_validity_seconds == BIG


def test_a_converter_of_ones_own_reads_models_through_orjson_too(rereads):
    """Its model hooks count the floats as the shared ones do: no second reading is needed."""
    strict = make_converter(extra="forbid")

    loads(SEED, CreatePersonalAccessTokenResponse, converter=strict)
    loads(json.dumps(LISTINGS["2025-07 expiry"]), list[GetPersonalAccessTokenResponse],
          converter=strict)  # fmt: skip

    assert rereads == []


def test_a_host_class_is_read_by_the_standard_library(rereads):
    """A host's hooks count no floats (cattrs' int hook would truncate one): its text is read exactly."""

    @attrs.frozen
    class Envelope:
        count: int

    envelope = loads(f'{{"count": {BIG}}}', Envelope, converter=make_converter())

    assert envelope.count == BIG
    assert len(rereads) == 1


def test_the_command_line_keeps_integers_beyond_64_bits():
    """`normalize` writes what it read: the big integer, not the float orjson made of it."""
    done = run("normalize", stdin=_seed(futureCounter=BIG))

    assert done.returncode == 0
    assert json.loads(done.stdout)["futureCounter"] == BIG


def test_the_command_line_names_the_type_the_text_has():
    """`check` reports problems without raising: the float named in a message sends it back too."""
    done = run("check", stdin=_seed(name=BIG))

    assert "-: $.name: expected a string, got integer" in done.stdout
