"""One redaction policy for every output: names of unknown keys yes, their values no."""

import json

import pytest

from pat_models import CreatePersonalAccessTokenResponse, GetPersonalAccessTokenResponse, loads

from ..payloads import LISTINGS, SECRET, SEED
from .console import AT, console, run


def test_normalize_redact_masks_every_secret():
    """--redact replaces the secret and unknown values, and what it writes still loads back."""
    doc = {**json.loads(SEED), "owner": {"id": "x", "clientSecret": SECRET}}

    plain = run("normalize", stdin=json.dumps(doc))
    redacted = run("normalize", "--redact", stdin=json.dumps(doc))

    assert SECRET in plain.stdout
    assert SECRET not in redacted.stdout + redacted.stderr
    token = loads(redacted.stdout, CreatePersonalAccessTokenResponse)
    assert token.secret == "********"
    assert token.owner.extra["clientSecret"] == "********"
    assert token.created == loads(SEED, CreatePersonalAccessTokenResponse).created


HIDDEN = ["h1dden-string", "987654321123", "h1dden-in-object", "h1dden-in-array", "424242424242"]


def _with_hidden_values():
    """Tokens carrying values under unknown keys of every JSON type, name and depth."""
    seed = json.loads(SEED)
    listed = LISTINGS["2025-07 expiry"][0]
    unknown = {
        "note": HIDDEN[0],
        "pin": int(HIDDEN[1]),
        "clientSecret": {"value": HIDDEN[2]},
        "passwords": [HIDDEN[3]],
        "flag": True,
    }
    return [
        {**seed, **unknown, "owner": {**seed["owner"], "apiToken": {"deep": [int(HIDDEN[4])]}}},
        {**listed, **unknown, "owner": {**listed["owner"], "privateKey": HIDDEN[0]}},
        {"op": "replace", "path": "/name", "value": "x", "auth": {"bearer": HIDDEN[2]}},
    ]


@pytest.mark.parametrize(
    "args",
    [
        ["check"],
        ["check", "--strict"],
        ["normalize", "--redact"],
        ["audit", "--at", AT],
        ["audit", "--json", "--at", AT],
    ],
)
def test_no_output_but_plain_normalize_shows_a_value_under_an_unknown_key(args):
    """Unknown keys keep their names everywhere, and their values nowhere, whatever their type."""
    documents = _with_hidden_values()
    for stdin in (json.dumps(documents), "\n".join(json.dumps(doc) for doc in documents)):
        result = console(*args, stdin=stdin)

        shown = result.stdout + result.stderr
        assert not [value for value in HIDDEN if value in shown], shown
        assert SECRET not in shown
    assert "clientSecret" in console("normalize", "--redact", stdin=stdin).stdout


def test_plain_normalize_writes_the_data_as_it_is():
    """Without --redact, normalize is a lossless rewrite: the hidden values are all there."""
    result = console("normalize", stdin=json.dumps(_with_hidden_values()))

    assert all(value in result.stdout for value in HIDDEN)


def test_redacted_output_loads_as_the_same_models():
    """--redact masks values in place, so each document is still the model it was."""
    result = console("normalize", "--redact", stdin=json.dumps(_with_hidden_values()[:2]))

    first, second = json.loads(result.stdout)
    assert loads(json.dumps(first), CreatePersonalAccessTokenResponse).owner.extra == {
        "apiToken": "********"
    }
    assert loads(json.dumps(second), GetPersonalAccessTokenResponse).extra["pin"] == "********"


@pytest.mark.parametrize(
    "document",
    [
        {"op": "add", "path": "/x", "value": {"secret": "CANARY-1", "deep": [{"p": "CANARY-2"}]}},
        {"op": "replace", "path": "/x", "value": [1, {"password": "CANARY-3"}]},
        {"message": {"password": "CANARY-4"}},
        {"error": ["expired", {"token": "CANARY-5"}]},
    ],
    ids=["patch-object", "patch-array", "429", "401"],
)
def test_redact_masks_every_key_inside_an_open_ended_value(document):
    """Every object key there is one the models do not know: its name stays, its value goes."""
    result = run("normalize", "--redact", stdin=json.dumps(document))

    assert result.returncode == 0
    assert "CANARY" not in result.stdout + result.stderr
    written = json.loads(result.stdout)
    shown = json.dumps(written)
    assert all(f'"{key}": "********"' in shown for key in ("secret", "password", "token", "deep")
               if key in json.dumps(document))  # fmt: skip


def test_redact_keeps_what_the_models_know_of_an_open_ended_value():
    """A patch's new name, a 429's text: values the models know are printed as they are."""
    body = [{"op": "replace", "path": "/name", "value": "New name"}]

    result = run(
        "normalize", "--redact", stdin=json.dumps(body) + '\n{"message": "Rate Limit Exceeded"}'
    )

    assert result.stdout.splitlines() == [
        '[{"op":"replace","path":"/name","value":"New name"}]',
        '{"message":"Rate Limit Exceeded"}',
    ]


LISTED = '"id": "i1", "name": "n", "owner": {"type": "IDENTITY", "id": "o"}, "created": "2026-11-01T00:00:00Z"'


@pytest.mark.parametrize(
    ("document", "shown"),
    [
        (f'{{{LISTED}, "sessions": {{"SEKRET123": 1, "SEKRET123": 2}}}}', "$.sessions"),
        (f'{{{LISTED}, "sessions": [{{"SEKRET123": 1, "SEKRET123": 2}}]}}', "$.sessions"),
        (
            (
                '{"id": "i", "name": "n", "created": "2026-11-01T00:00:00Z",'
                ' "owner": {"id": "o", "x": {"SEKRET123": 1, "SEKRET123": 2}}}'
            ),
            "$.owner.x",
        ),
        ('{"op": "add", "path": "/name", "value": {"SEKRET123": 1, "SEKRET123": 2}}', "$.value"),
        ('{"error": {"SEKRET123": 1, "SEKRET123": 2}}', "$.error"),
        (f'{{{LISTED}, "a b": {{"SEKRET123": 1, "SEKRET123": 2}}}}', '$["a b"]'),
    ],
    ids=["unknown-object", "unknown-array", "nested-unknown", "patch-value", "401-error", "quoted"],
)
def test_check_strict_names_a_duplicate_inside_an_unknown_value_by_that_value_alone(
    document, shown
):
    """A key name inside a value the models do not know is part of that value: never printed."""
    result = run("check", "--strict", stdin=document + "\n")

    assert result.stdout == f"-: {shown}: a key given twice inside this value\n"
    assert "SEKRET123" not in result.stdout + result.stderr


def test_check_strict_names_a_duplicate_the_models_know_or_that_sits_beside_them():
    """Names of keys in an object the models know are printed: names yes, values no."""
    result = run("check", "--strict", stdin=f'{{{LISTED}, "name": "x", "extra": 1, "extra": 2}}\n')

    assert result.stdout == "-: $.name: duplicate key\n-: $.extra: duplicate key\n"
