"""`pat-models normalize`: the canonical wire form, invalid documents left out."""

import decimal
import json

import attrs
import pytest

from pat_models import GetPersonalAccessTokenResponse, loads
from pat_models._fields import wire_name
from pat_models.cli import main

from ..payloads import SEED
from .console import NDJSON, TOKENS, console, run, write


def test_normalize_writes_the_canonical_form_in_the_input_framing(tmp_path):
    """Offsets become UTC Z, keys take the spec's order, unknown keys stay; NDJSON stays NDJSON."""
    doc = {**json.loads(SEED), "created": "2017-07-11T20:45:37.098123+02:00", "later": [1]}
    reordered = dict(reversed(list(doc.items())))
    path = write(
        tmp_path / "in.ndjson", json.dumps(reordered) + "\n" + json.dumps(reordered) + "\n"
    )

    result = run("normalize", path)

    assert result.returncode == 0
    expected = json.dumps(
        {**json.loads(SEED), "later": [1]}, separators=(",", ":"), ensure_ascii=False
    )
    assert result.stdout == expected + "\n" + expected + "\n"


def test_normalize_keeps_a_single_value_single_and_arrays_arrays():
    """A file that is one JSON value is written as one JSON value."""
    result = run("normalize", str(TOKENS))

    assert result.returncode == 0
    assert result.stdout.count("\n") == 1
    tokens = loads(result.stdout, list[GetPersonalAccessTokenResponse])
    assert tokens == loads(TOKENS.read_text(), list[GetPersonalAccessTokenResponse])


def test_normalize_leaves_out_invalid_documents(tmp_path):
    """Invalid lines go to stderr with their path; the output is still valid NDJSON."""
    path = write(tmp_path / "mixed.ndjson", NDJSON)

    result = run("normalize", path)

    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert len(lines) == 2
    assert all(json.loads(line) for line in lines)
    assert f"{path}:4: $.owner.id: expected a string or null, got integer" in result.stderr


def test_normalize_type_overrides_detection(tmp_path, capsys):
    """--type reads a create response as a listed token: its keys in the listing's order."""
    path = write(tmp_path / "created.json", SEED)
    listed_order = [
        wire_name(field.name)
        for field in attrs.fields(GetPersonalAccessTokenResponse)
        if field.name != "extra"
    ]

    assert main(["normalize", "--type", "token", path]) == 0
    written = list(json.loads(capsys.readouterr().out))

    unknown = [key for key in json.loads(SEED) if key not in listed_order]  # kept, at the end
    assert unknown
    assert written == [key for key in listed_order if key in written] + unknown
    assert main(["normalize", "--type", "patch", path]) == 1
    assert capsys.readouterr().out == ""


def test_normalize_keeps_the_valid_elements_of_an_array(tmp_path):
    """One bad element does not drop the array: the valid ones are written, the bad one named."""
    items = [json.loads(SEED), {**json.loads(SEED), "id": 5}, json.loads(SEED)]
    path = write(tmp_path / "array.json", json.dumps(items))

    result = console("normalize", path)

    assert result.returncode == 1
    assert [item["id"] for item in json.loads(result.stdout)] == [items[0]["id"]] * 2
    assert f"{path}: $[1].id: expected a string, got integer" in result.stderr
    assert result.stderr.endswith("2 valid, 1 invalid\n")


@pytest.mark.parametrize(
    "number",
    ["9007199254740993.0", "0.30000000000000000001", "1e-400", "1E+400", "9" * 5000, "1e-05"],
)
def test_normalize_writes_every_number_back_as_the_same_number(number):
    """A number under an unknown key or in a patch value: the same number, its text where a double would change it."""
    text = SEED.replace('"name"', f'"amount": {number}, "name"', 1)
    patch = f'[{{"op": "add", "path": "/x", "value": [{number}]}}]'

    result = run("normalize", stdin=f"{text}\n{patch}\n")

    assert result.returncode == 0, result.stderr
    exactly = {"parse_float": decimal.Decimal, "parse_int": decimal.Decimal}
    first, second = (json.loads(line, **exactly) for line in result.stdout.splitlines())
    assert first["amount"] == second[0]["value"][0] == decimal.Decimal(number)


def test_json_output_escapes_what_a_terminal_would_act_on():
    """C1 controls, DEL and bidi controls are written as escapes: the same JSON, nothing acted on."""
    value = "a\u009b2J\u202e\u007fb日本"
    body = json.dumps([{"op": "replace", "path": "/name", "value": value}])

    result = run("normalize", stdin=body)

    assert (
        result.stdout
        == '[{"op":"replace","path":"/name","value":"a\\u009b2J\\u202e\\u007fb日本"}]\n'
    )
    assert json.loads(result.stdout)[0]["value"] == value
