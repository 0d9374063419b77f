import decimal
import json

import attrs
import pytest
from hypothesis import strategies as st

from pat_models import (
    CreatePersonalAccessTokenResponse,
    JsonPatchOperation,
    ListPersonalAccessTokensV1401Response,
    UnreadableErrorBody,
    ValidationError,
    dumps,
    load_error_response,
    loads,
    make_converter,
    structure,
)
from pat_models._json import parse, write

from .cli.console import run
from .payloads import SEED, nested_arrays, seed_text

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
        parse(data)

    assert info.value.problems == (("$", message),)


def test_escaped_lone_surrogates_round_trip_as_escapes():
    """An escaped lone surrogate is read as one and written back as the same escape."""
    value = parse('{"error": "\\ud800 and \\udfff\\ud800"}')

    assert write(value) == '{"error":"\\ud800 and \\udfff\\ud800"}'
    assert parse(write(value)) == value


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
        parse(text, "reject")

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
    ],
    ids=["bom", "extra", "deep"],
)
def test_what_is_not_json_text_is_named_exactly(duplicate_keys, data, problem):
    """A stray BOM, a document too deep (for the duplicate scan too), or no text at all: at $."""
    with pytest.raises(ValidationError) as info:
        parse(data, duplicate_keys)

    assert info.value.problems == (("$", problem),)


@pytest.mark.parametrize(
    ("data", "name"),
    [(5, "int"), (None, "NoneType"), (memoryview(b"{}"), "memoryview"), ({}, "dict")],
)
def test_what_is_not_text_is_the_caller_s_type_error(data, name):
    """No document is at fault when there is no text: a dict already parsed wants structure()."""
    with pytest.raises(TypeError, match=f"^expected JSON text as str or bytes, got {name}$"):
        parse(data)


@pytest.mark.parametrize("depth", [1000, 1100, 1200, 1300, 1400])
def test_a_document_deeper_than_python_recurses_is_refused_or_scanned_whole(depth):
    """From Python 3.12 the parser nests deeper than Python recurses: the scan is iterative."""
    text = '{"a": ' + "[" * depth + "]" * depth + "}"
    try:
        parse(text, "reject")
    except ValidationError as error:
        problems = error.problems
    else:
        problems = ()

    assert problems in [(), (("$", "not valid JSON here: nested too deeply"),)]


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
def test_what_cannot_be_written_is_named_exactly(value, problem):
    """Too deep, or surrogates JSON would read back as one character: refused, not changed."""
    with pytest.raises(ValidationError) as info:
        write(value)

    assert info.value.problems == (("$", problem),)


@pytest.mark.parametrize("duplicate_keys", ["last", "reject"])
@pytest.mark.parametrize("constant", ["NaN", "Infinity", "-Infinity"])
def test_constants_that_are_not_json_are_refused_in_either_mode(duplicate_keys, constant):
    with pytest.raises(ValidationError) as info:
        parse(f'{{"error": {constant}}}', duplicate_keys)

    assert info.value.problems == (("$", f"not valid JSON here: {constant} is not a JSON number"),)


@pytest.mark.parametrize("duplicate_keys", ["last", "reject"])
def test_a_number_beyond_a_double_reads_as_its_decimal_in_either_mode(duplicate_keys):
    """JSON text allows 1e400; it is kept as the number it is, for the model to judge at its key."""
    assert parse('{"error": 1e400}', duplicate_keys) == {"error": decimal.Decimal("1e400")}


# orjson reads integers beyond 64 bits as floats: what it read is used only where
# it holds no float, so common input is read once and every result is exact.


BIG = 123456789012345678901234567890
EDGES = [2**64 - 1, 2**64, -(2**63), -(2**63) - 1, BIG, -BIG]


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


def test_the_command_line_keeps_integers_beyond_64_bits():
    """`normalize` writes what it read: the big integer, not the float orjson made of it."""
    done = run("normalize", stdin=seed_text(futureCounter=BIG))

    assert done.returncode == 0
    assert json.loads(done.stdout)["futureCounter"] == BIG


def test_the_command_line_names_the_type_the_text_has():
    """`check` reports problems without raising: the float named in a message sends it back too."""
    done = run("check", stdin=seed_text(name=BIG))

    assert "-: $.name: expected a string, got integer" in done.stdout


@pytest.mark.parametrize(
    "number", ["1e9999999999999999999", "-1e-9999999999999999999", "1E+99999999999999999999"]
)
@pytest.mark.parametrize("duplicate_keys", ["last", "reject"])
def test_a_number_no_decimal_holds_is_one_problem_like_nan(number, duplicate_keys):
    """Its exponent is beyond a Decimal's: refused at its document, never an ArithmeticError."""
    with pytest.raises(ValidationError) as info:
        loads(
            f'{{"error": {number}}}',
            ListPersonalAccessTokensV1401Response,
            duplicate_keys=duplicate_keys,
        )

    assert info.value.problems == (
        (
            "$",
            "not valid JSON here: a number whose exponent is beyond what pat_models holds exactly",
        ),
    )


def test_a_number_no_decimal_holds_is_an_unreadable_error_body():
    body = load_error_response(500, '{"error": 1e9999999999999999999}')

    assert isinstance(body, UnreadableErrorBody)
    assert "exponent" in body.reason
