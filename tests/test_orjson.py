"""pat_models.orjson: the same objects, the same errors and the same text as the top level, read and written by orjson."""

import decimal
import json
import re
import subprocess
import sys

import cattrs
import pytest
from hypothesis import example, given
from hypothesis import strategies as st

pytest.importorskip("orjson")

import pat_models
import pat_models.orjson
from pat_models import (
    CreatePersonalAccessTokenResponse,
    GetPersonalAccessTokenResponse,
    JsonPatchOperation,
    ListPersonalAccessTokensV1401Response,
    PatOwner,
    ValidationError,
    _wire,
    dumps,
    loads,
)
from pat_models._values import json_key

from .payloads import LISTINGS, SEED, seed_text
from .strategies import instances
from .test_json import wide_json

BIG = 123456789012345678901234567890
EDGES = [2**64 - 1, 2**64, -(2**63), -(2**63) - 1, BIG, -BIG]
Error401 = ListPersonalAccessTokensV1401Response


def _outcome(read, text):
    try:
        obj = read(text, Error401)
    except ValidationError as error:
        return ("error", error.problems)
    return ("value", json_key(obj.error))


@given(wide_json.map(lambda value: json.dumps({"error": value})) | st.text() | st.binary())
@example('{"error": 123456789012345678901234567890}')
@example('{"error": -9223372036854775809}')
@example('{"error": [18446744073709551615, 18446744073709551616, 1e19, 1.8446744073709552e19]}')
@example('{"error": 1e400}')
@example('{"error": NaN}')
@example('{"error": "\\ud800"}')
@example('\ufeff{"error": 1}')
@example(b'\xef\xbb\xbf{"error": 1}')
@example('{"error": 1, "error": 2}')
@example('{"error": ' + "[" * 2000 + "]" * 2000 + "}")
@example('{"error": 1e9999999999999999999}')
def test_both_read_the_same_values_and_errors(text):
    """json_key tells 1 from 1.0: an integer orjson read as a float would show."""
    assert _outcome(pat_models.orjson.loads, text) == _outcome(loads, text)


@pytest.mark.parametrize("cls", list(instances), ids=lambda cls: cls.__name__)
@given(data=st.data())
def test_both_write_every_model_to_the_same_text_and_read_it_back_alike(cls, data):
    obj = data.draw(instances[cls])
    text = dumps(obj)

    assert pat_models.orjson.dumps(obj) == text
    assert pat_models.orjson.loads(text, cls) == loads(text, cls)


@given(wide_json)
@example(1e-05)
@example(1e16)
@example(2**64)
@example(-(2**63) - 1)
@example("\ud800")
@example({"é": "日本 🚀\u2028\x00\x7f"})
def test_both_write_every_open_value_to_the_same_text(value):
    obj = Error401(error=value)

    assert pat_models.orjson.dumps(obj) == dumps(obj)


@pytest.fixture
def rereads(monkeypatch):
    """Count the texts read again by the standard library."""
    calls = []
    reread = _wire.loads

    def counting(data, *args, **options):
        calls.append(data)
        return reread(data, *args, **options)

    monkeypatch.setattr(_wire, "loads", counting)
    return calls


def test_common_input_is_read_once_by_orjson(rereads):
    """A response, a listing and a patch with plain numbers never reach the standard library."""
    read = pat_models.orjson.loads
    read(SEED, CreatePersonalAccessTokenResponse)
    read(json.dumps(LISTINGS["2025-07 expiry"]), list[GetPersonalAccessTokenResponse])
    read('[{"op": "replace", "path": "/x", "value": [1, 18446744073709551615]}]',
         list[JsonPatchOperation])  # fmt: skip
    read(SEED.encode(), CreatePersonalAccessTokenResponse)

    assert rereads == []


@pytest.mark.parametrize("number", EDGES)
def test_an_integer_beyond_64_bits_in_an_unknown_key_stays_exact(number, rereads):
    """Read by orjson as a float, it is read again, and kept and written as the integer it is."""
    token = pat_models.orjson.loads(
        seed_text(futureCounter=number), CreatePersonalAccessTokenResponse
    )

    assert type(token.extra["futureCounter"]) is int
    assert token.extra["futureCounter"] == number
    assert json.loads(pat_models.orjson.dumps(token))["futureCounter"] == number
    assert len(rereads) == (not -(2**63) <= number < 2**64)


def test_a_float_in_an_open_ended_value_is_read_again_exactly(rereads):
    """Orjson may have rounded it: the standard library reads the text again, and keeps the float."""
    token = pat_models.orjson.loads(seed_text(rate=2.5), CreatePersonalAccessTokenResponse)

    assert token.extra["rate"] == 2.5
    assert len(rereads) == 1


def test_a_float_anywhere_in_a_document_is_read_again_exactly(rereads):
    """Deep in a listing's nested unknown key, or a patch's value: the float is the standard library's."""
    listing = json.loads(json.dumps(LISTINGS["2025-07 expiry"]))
    listing[-1]["owner"]["weight"] = {"of": [1, "NUMBER"]}
    text = json.dumps(listing).replace('"NUMBER"', "0.30000000000000000001")
    tokens = pat_models.orjson.loads(text, list[GetPersonalAccessTokenResponse])
    patch = pat_models.orjson.loads('[{"op": "test", "path": "/x", "value": [0.1]}]',
                                    list[JsonPatchOperation])  # fmt: skip

    assert tokens == loads(text, list[GetPersonalAccessTokenResponse])
    assert str(tokens[-1].owner.extra["weight"]["of"][1]) == "0.30000000000000000001"
    assert patch[0].value == (0.1,)
    assert len(rereads) == 2


def test_floats_from_other_readers_are_taken_by_its_converter():
    """Only what orjson read is read again: structure() and the top level take a float as it is."""
    mine = pat_models.orjson.make_converter()
    pat_models.orjson.loads(seed_text(rate=2.5), CreatePersonalAccessTokenResponse)

    assert pat_models.structure({"error": 2.5}, Error401, converter=mine).error == 2.5
    assert loads('{"error": [2.5]}', Error401, converter=mine).error == (2.5,)


@pytest.mark.parametrize("number", ["1e+16", "1e-05", "-0.0", "0.30000000000000000001", "1E-400"])
def test_its_converter_writes_through_the_top_level_too(number):
    """A converter of its own handed to pat_models.dumps writes every number, spelled alike."""
    mine = pat_models.orjson.make_converter()
    obj = loads('{"error": [' + number + "]}", Error401)

    assert dumps(obj, converter=mine) == dumps(obj) == pat_models.orjson.dumps(obj, converter=mine)
    assert dumps(obj, converter=mine) == '{"error":[' + number + "]}"


@pytest.mark.parametrize("number", [1e16, 1e-05, -0.0, 2.5])
def test_what_its_converter_unstructures_json_writes_as_the_top_level_does(number):
    """Plain JSON values, not orjson's own objects: json.dumps takes them and spells each float alike."""
    mine = pat_models.orjson.make_converter()
    obj = Error401(error={"rate": [number]})

    data = pat_models.unstructure(obj, converter=mine)
    assert json.dumps(data, separators=(",", ":")) == dumps(obj)


def test_a_converter_of_its_own_reads_through_orjson_and_a_foreign_one_does_not(rereads):
    mine = pat_models.orjson.make_converter(extra="forbid")
    foreign = pat_models.make_converter(extra="forbid")

    pat_models.orjson.loads(SEED, CreatePersonalAccessTokenResponse, converter=mine)
    assert rereads == []
    pat_models.orjson.loads(SEED, CreatePersonalAccessTokenResponse, converter=foreign)
    assert rereads == [SEED]
    with pytest.raises(ValidationError, match=r"\$\.futureCounter: unknown key"):
        pat_models.orjson.loads(seed_text(futureCounter=BIG), CreatePersonalAccessTokenResponse,
                                converter=mine)  # fmt: skip


def test_the_core_holds_no_trace_of_orjson():
    """Orjson is a module apart: importing pat_models imports no orjson."""
    code = "import sys, pat_models; pat_models.loads; print('orjson' in sys.modules)"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)

    assert done.stdout.strip() == "False"


@pytest.fixture
def rewrites(monkeypatch):
    """Count the objects written again by the standard library."""
    calls = []
    rewrite = _wire.dumps

    def counting(obj, **options):
        calls.append(obj)
        return rewrite(obj, **options)

    monkeypatch.setattr(_wire, "dumps", counting)
    return calls


@pytest.mark.parametrize("number", [1e16, 1e-05, 2.5, decimal.Decimal("0.30000000000000000001")])
def test_orjson_writes_floats_and_decimals_itself_spelled_as_the_standard_library(number, rewrites):
    """No second writer for a float: orjson is handed its text, the standard library's spelling."""
    obj = Error401(error={"rate": [number]})

    assert pat_models.orjson.dumps(obj) == dumps(obj)
    assert rewrites == []


def test_configure_converter_gives_a_converter_of_its_own_every_policy_included(rereads):
    """A host's cattrs converter, configured here: read by orjson, each policy kept."""
    host = cattrs.Converter()
    pat_models.orjson.configure_converter(host, extra="forbid", sub_millisecond="reject",
                                          null="reject")  # fmt: skip
    read = pat_models.orjson.loads

    assert read(SEED, CreatePersonalAccessTokenResponse, converter=host).name
    assert rereads == []
    for text, problem in [
        (seed_text(futureCounter=1), "$.futureCounter: unknown key"),
        (seed_text(created="2017-07-11T18:45:37.0981Z"), "$.created: the API's timestamps stop"),
        (seed_text(owner={"type": None}), "$.owner.type: null, which the spec does not allow"),
    ]:
        with pytest.raises(ValidationError, match=re.escape(problem)):
            read(text, CreatePersonalAccessTokenResponse, converter=host)
    assert (
        type(pat_models.unstructure(Error401(error=[2.5]), converter=host)["error"][0]) is not int
    )


@pytest.mark.parametrize(
    ("options", "text", "problem"),
    [
        ({"sub_millisecond": "reject"}, seed_text(created="2017-07-11T18:45:37.0981Z"),
         "$.created: the API's timestamps stop"),
        ({"null": "reject"}, seed_text(owner={"type": None}), "$.owner.type: null, which"),
        ({"extra": "forbid"}, seed_text(futureCounter=1), "$.futureCounter: unknown key"),
    ],
)  # fmt: skip
def test_make_converter_keeps_each_policy(options, text, problem):
    mine = pat_models.orjson.make_converter(**options)

    with pytest.raises(ValidationError, match=re.escape(problem)):
        pat_models.orjson.loads(text, CreatePersonalAccessTokenResponse, converter=mine)


def test_duplicate_keys_are_refused_when_asked():
    with pytest.raises(ValidationError, match=r"\$\.error: duplicate key"):
        pat_models.orjson.loads('{"error": 1, "error": 2}', Error401, duplicate_keys="reject")


def test_a_host_s_writers_are_used_by_its_converter_and_a_foreign_one():
    """Writing through orjson or the standard library, a converter's own hooks write."""
    mine, foreign = pat_models.orjson.make_converter(), pat_models.make_converter()
    for converter in (mine, foreign):
        converter.register_unstructure_hook(PatOwner, lambda owner: {"who": owner.id})
    big = PatOwner(id="a", extra={"n": 2**70})  # beyond orjson: the standard library writes it

    for converter in (mine, foreign):
        assert pat_models.orjson.dumps(PatOwner(id="a"), converter=converter) == '{"who":"a"}'
        assert pat_models.orjson.dumps(big, converter=converter) == '{"who":"a"}'


def test_configure_converter_s_defaults_are_the_top_level_s():
    """Unknown keys kept, finer digits dropped, the server's nulls read: as pat_models.configure_converter."""
    host = cattrs.Converter()
    pat_models.orjson.configure_converter(host)

    def read(text):
        return pat_models.orjson.loads(text, CreatePersonalAccessTokenResponse, converter=host)

    assert read(seed_text(futureCounter=1)).extra == {"futureCounter": 1}
    assert read(seed_text(created="2017-07-11T18:45:37.0981Z")).created.microsecond == 98000
    assert read(seed_text(owner={"type": None})).owner.type is None


def test_a_foreign_converter_s_floats_are_spelled_as_the_standard_library_spells_them():
    owner = PatOwner(extra={"x": 1e-05, "y": 1e16})

    assert pat_models.orjson.dumps(owner, converter=pat_models.make_converter()) == dumps(owner)
    assert dumps(owner) == '{"x":1e-05,"y":1e+16}'


def test_what_orjson_cannot_write_its_converter_writes_with_its_own_hooks():
    """Past orjson's reach (an integer beyond 64 bits), the standard library writes, with the same hooks."""
    mine = pat_models.orjson.make_converter()
    mine.register_unstructure_hook(PatOwner, lambda owner: {"who": owner.id, "n": 2**70})

    assert pat_models.orjson.dumps(PatOwner(id="a"), converter=mine) == (
        '{"who":"a","n":1180591620717411303424}'
    )
