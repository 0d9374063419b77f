import decimal
import importlib.util
import json

import attrs
import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from pat_models import (
    CreatePersonalAccessTokenResponse,
    GetPersonalAccessTokenResponse,
    JsonPatchOperation,
    ValidationError,
    _json,
    dumps,
    loads,
    make_converter,
    structure,
    unstructure,
)
from pat_models._json import parse, parse_stdlib, write, write_stdlib
from pat_models._values import freeze, json_key, thaw

from .cli.console import run
from .payloads import LISTINGS, SEED, nested_arrays, seed_text, standard_library_only
from .strategies import instances

needs_orjson = pytest.mark.skipif(
    importlib.util.find_spec("orjson") is None, reason="compares orjson with the standard library"
)

wide_json = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**80), max_value=2**80)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(alphabet=st.characters(codec=None, exclude_categories=())),
    lambda children: (
        st.lists(children, max_size=4)
        | st.dictionaries(
            st.text(alphabet=st.characters(codec=None, exclude_categories=())), children, max_size=4
        )
    ),
    max_leaves=12,
)
"""JSON values with integers beyond 64 bits, any float, lone surrogates and control characters."""


@needs_orjson
@given(wide_json)
@example(1e-05)
@example(1e16)
@example(2**64)
@example(-(2**63) - 1)
@example("\ud800")
@example({"é": "日本 🚀\u2028\x00\x7f"})
def test_both_writers_write_the_same_text(value):
    """With or without orjson, dumps writes the same characters for every value."""
    wire = thaw(freeze(value))

    assert write(wire) == write_stdlib(wire)
    assert json.loads(write(wire)) == value


@needs_orjson
@pytest.mark.parametrize("cls", list(instances), ids=lambda cls: cls.__name__)
@given(data=st.data())
def test_both_writers_agree_on_every_model(cls, data):
    """Every generated model is written to the same text by either backend."""
    wire = unstructure(data.draw(instances[cls]))

    assert write(wire) == write_stdlib(wire)


def test_without_orjson_the_standard_library_reads_and_writes():
    """Where orjson is not installed, everything works without it, to the same text."""
    with standard_library_only():
        assert write({"a": [1, 2.5, "日本"]}) == '{"a":[1,2.5,"日本"]}'
        assert parse('{"a": [1, 2.5, "日本"]}', _same) == {"a": [1, 2.5, "日本"]}


@needs_orjson
def test_orjson_writes_what_it_can_alone(monkeypatch):
    """A response, a float and non-ASCII text never reach the standard library's writer."""
    calls = []
    monkeypatch.setattr(_json, "write_stdlib", calls.append)
    wire = unstructure(loads(SEED, CreatePersonalAccessTokenResponse))

    assert json.loads(write(wire)) == json.loads(SEED)
    assert write({"rate": 2.5, "name": "日本"}) == '{"rate":2.5,"name":"日本"}'
    # A float read from the wire is written as Python writes it, through orjson too.
    assert write(thaw(freeze({"rate": 1e-05}))) == '{"rate":1e-05}'
    assert calls == []
    write({"big": 2**64})  # beyond orjson: the standard library writes it
    assert calls == [{"big": 2**64}]


def _outcome(read, text):
    try:
        return ("value", json_key(read(text)))
    except ValidationError as error:
        return ("error", error.problems)
    except ValueError as error:  # freeze: nested deeper than a model takes
        return ("refused", str(error))


@needs_orjson
@given(wide_json.map(json.dumps) | st.text() | st.binary())
@example("123456789012345678901234567890")
@example("-9223372036854775809")
@example("[18446744073709551615, 18446744073709551616, 1e19, 1.8446744073709552e19]")
@example("1e400")
@example("NaN")
@example('"\\ud800"')
@example("\ufeff{}")
@example(b"\xef\xbb\xbf{}")
@example('{"a": 1, "a": 2}')
@example("[" * 2000 + "]" * 2000)
@example(SEED)
def test_both_readers_read_the_same_values_and_errors(text):
    """
    With or without orjson, what is built keeps the same values of the same JSON types, or fails alike.

    `freeze` builds here, as it does every open-ended value of a model: json_key
    tells 1 from 1.0, so an integer orjson read as a float would show.
    """
    fast = _outcome(lambda text: parse(text, freeze), text)
    plain = _outcome(lambda text: freeze(parse_stdlib(text)), text)

    assert fast == plain


def _same(value):
    return value


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b'{"error": "\xed\xa0\x80"}', "not valid UTF-8 at byte 11"),
        ('{"error": "\ud800"}', "not Unicode text: a lone surrogate at character 11"),
    ],
)
def test_raw_surrogates_are_not_text(data, message):
    """A surrogate encoded in UTF-8, or raw in a str, is not Unicode text, so it is refused."""
    with pytest.raises(ValidationError) as info:
        parse(data, _same)

    assert info.value.problems == (("$", message),)


def test_escaped_lone_surrogates_round_trip_as_escapes():
    """An escaped lone surrogate is read as one and written back as the same escape."""
    value = parse('{"error": "\\ud800 and \\udfff\\ud800"}', _same)

    assert write(value) == '{"error":"\\ud800 and \\udfff\\ud800"}'
    assert parse(write(value), _same) == value


@pytest.mark.parametrize(
    ("text", "problems"),
    [
        ('{"a": 1, "b": 2, "a": 3}', [("$.a", "duplicate key")]),
        ('{"a": {"b": 1, "b": 2}, "c": [{"d": 1, "d": 1}]}',
         [("$.a.b", "duplicate key"), ("$.c[0].d", "duplicate key")]),
        ('{"a": 1, "a": 2, "a": 3}', [("$.a", "duplicate key")]),
    ],
)  # fmt: skip
def test_duplicate_keys_are_named_by_path_each_once(text, problems):
    with pytest.raises(ValidationError) as info:
        parse(text, _same, "reject")

    assert list(info.value.problems) == problems


DEEP = '{"a": ' + "[" * 100_000 + "]" * 100_000 + "}"


@pytest.mark.parametrize("duplicate_keys", ["last", "reject"])
@pytest.mark.parametrize(
    ("data", "problem"),
    [
        (
            "\ufeff{}",
            "not valid JSON: Unexpected UTF-8 BOM (decode using utf-8-sig) at line 1 column 1",
        ),
        ("{} x", "not valid JSON: Extra data at line 1 column 4"),
        (DEEP, "not valid JSON here: nested too deeply"),
        (5, "expected JSON text as str or bytes, got int"),
        (None, "expected JSON text as str or bytes, got NoneType"),
        (memoryview(b"{}"), "expected JSON text as str or bytes, got memoryview"),
    ],
    ids=["bom", "extra", "deep", "int", "none", "memoryview"],
)
def test_what_is_not_json_text_is_named_exactly(duplicate_keys, data, problem):
    """A stray BOM, a document too deep (for the duplicate scan too), or no text at all: at $."""
    with pytest.raises(ValidationError) as info:
        parse(data, _same, duplicate_keys)

    assert info.value.problems == (("$", problem),)


@pytest.mark.parametrize("depth", [1000, 1100, 1200, 1300, 1400])
def test_a_document_deeper_than_the_duplicate_scan_goes_is_refused_not_let_through(depth):
    """From Python 3.12 the parser nests deeper than the scan for duplicate keys can follow."""
    text = '{"a": ' + "[" * depth + "]" * depth + "}"
    try:
        parse(text, _same, "reject")
    except ValidationError as error:
        problems = error.problems
    else:
        problems = ()

    assert problems in [(), (("$", "not valid JSON here: nested too deeply"),)]


def test_the_duplicate_scan_running_out_of_stack_is_a_problem_at_the_root(monkeypatch):
    """Where the parser and the scan overflow alike (Python 3.11), the scan's own overflow."""

    def overflowing(*_):
        raise RecursionError

    monkeypatch.setattr(_json, "_duplicates", overflowing)

    with pytest.raises(ValidationError) as info:
        parse('{"a": [[]]}', _same, "reject")

    assert info.value.problems == (("$", "not valid JSON here: nested too deeply"),)


@pytest.mark.parametrize("writer", [write, write_stdlib])
@pytest.mark.parametrize(
    ("value", "problem"),
    [
        (nested_arrays(100_001), "nested too deeply to write"),
        (
            {"error": "\ud800\udc00"},
            "a string holds a high and a low surrogate apart, which JSON cannot",
        ),
    ],
    ids=["deep", "surrogates"],
)
def test_what_cannot_be_written_is_named_exactly(writer, value, problem):
    """Too deep, or surrogates JSON would read back as one character: refused, not changed."""
    with pytest.raises(ValidationError) as info:
        writer(value)

    assert info.value.problems == (("$", problem),)


@pytest.mark.parametrize("duplicate_keys", ["last", "reject"])
@pytest.mark.parametrize("constant", ["NaN", "Infinity", "-Infinity"])
def test_constants_that_are_not_json_are_refused_in_either_mode(duplicate_keys, constant):
    with pytest.raises(ValidationError) as info:
        parse(f'{{"error": {constant}}}', _same, duplicate_keys)

    assert info.value.problems == (("$", f"not valid JSON here: {constant} is not a JSON number"),)


@pytest.mark.parametrize("duplicate_keys", ["last", "reject"])
def test_a_number_beyond_a_double_reads_as_its_decimal_in_either_mode(duplicate_keys):
    """JSON text allows 1e400; it is kept as the number it is, for the model to judge at its key."""
    assert parse('{"error": 1e400}', _same, duplicate_keys) == {"error": decimal.Decimal("1e400")}


# orjson reads integers beyond 64 bits as floats: what it read is used only where
# it holds no float, so common input is read once and every result is exact.


BIG = 123456789012345678901234567890
EDGES = [2**64 - 1, 2**64, -(2**63), -(2**63) - 1, BIG, -BIG]


@pytest.fixture
def rereads(monkeypatch):
    """Count the texts read again by the standard library."""
    calls = []
    reread = _json.parse_stdlib

    def counting(data, **options):
        calls.append(data)
        return reread(data, **options)

    monkeypatch.setattr(_json, "parse_stdlib", counting)
    return calls


@needs_orjson
def test_common_input_is_read_once_by_orjson(rereads):
    """A response, a listing and a patch with plain numbers never reach the standard library."""
    loads(SEED, CreatePersonalAccessTokenResponse)
    loads(json.dumps(LISTINGS["2025-07 expiry"]), list[GetPersonalAccessTokenResponse])
    loads('[{"op": "replace", "path": "/x", "value": [1, 18446744073709551615]}]',
          list[JsonPatchOperation])  # fmt: skip
    _json.parse(SEED, lambda value: value)  # as the command line reads, with the defaults
    loads(SEED.encode(), CreatePersonalAccessTokenResponse)

    assert rereads == []


@needs_orjson
@pytest.mark.parametrize("number", EDGES)
def test_an_integer_beyond_64_bits_in_an_unknown_key_stays_exact(number, rereads):
    """Read by orjson as a float, it is read again, and kept and written as the integer it is."""
    text = seed_text(futureCounter=number)

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
    token = loads(seed_text(accessTokenValiditySeconds=2**70), CreatePersonalAccessTokenResponse)

    assert token.access_token_validity_seconds == 2**70


def test_an_integer_beyond_64_bits_where_a_string_belongs_is_called_an_integer():
    """The message names the JSON type the text has, not the float orjson made of it."""
    with pytest.raises(ValidationError) as info:
        loads(seed_text(name=BIG), CreatePersonalAccessTokenResponse)

    assert info.value.problems == (("$.name", "expected a string, got integer"),)


@needs_orjson
def test_a_float_in_an_open_ended_value_is_read_again_exactly(rereads):
    """Orjson may have rounded it: the standard library reads the text again, and keeps the float."""
    token = loads(seed_text(rate=2.5), CreatePersonalAccessTokenResponse)

    assert token.extra["rate"] == 2.5
    assert len(rereads) == 1


def test_a_large_float_in_the_text_stays_a_float():
    """1e20 looks like a rounded integer: it is read again, and is a float both times."""
    token = loads(seed_text(ratio=1e20, exact=1.5), CreatePersonalAccessTokenResponse)

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
        loads(seed_text(futureCounter=BIG), CreatePersonalAccessTokenResponse, converter=strict)
    assert info.value.problems == (("$.futureCounter", "unknown key"),)

    token = loads(seed_text(accessTokenValiditySeconds=BIG), CreatePersonalAccessTokenResponse,
                  converter=strict)  # fmt: skip
    assert token.access_token_validity_seconds == BIG


@needs_orjson
def test_a_converter_of_ones_own_reads_models_through_orjson_too(rereads):
    """Its model hooks refuse floats as the shared ones do: no second reading is needed."""
    strict = make_converter(extra="forbid")

    loads(SEED, CreatePersonalAccessTokenResponse, converter=strict)
    loads(json.dumps(LISTINGS["2025-07 expiry"]), list[GetPersonalAccessTokenResponse],
          converter=strict)  # fmt: skip

    assert rereads == []


def test_the_command_line_keeps_integers_beyond_64_bits():
    """`normalize` writes what it read: the big integer, not the float orjson made of it."""
    done = run("normalize", stdin=seed_text(futureCounter=BIG))

    assert done.returncode == 0
    assert json.loads(done.stdout)["futureCounter"] == BIG


def test_the_command_line_names_the_type_the_text_has():
    """`check` reports problems without raising: the float named in a message sends it back too."""
    done = run("check", stdin=seed_text(name=BIG))

    assert "-: $.name: expected a string, got integer" in done.stdout
