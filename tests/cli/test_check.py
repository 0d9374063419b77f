"""`pat-models check`: every problem with its place and wire path, a summary, a tally."""

import json

import pytest

from pat_models.cli import main

from ..payloads import LISTINGS, SECRET, SEED
from .console import EXAMPLE, NDJSON, peak_rss_kib, run, write


def test_check_summarises_a_valid_response():
    """A file that is one valid object gets one line naming the token, exit 0, and no secret."""
    result = run("check", str(EXAMPLE))

    assert result.returncode == 0
    assert result.stdout == (
        f"{EXAMPLE}: ok: token 86f1dc6fe8f54414950454cbb11278fa 'NodeJS Integration' of Support, "
        "created 2017-07-11T18:45:37.098Z, expires 2018-01-11T18:45:37.098Z\n"
    )
    assert result.stderr == "1 valid, 0 invalid\n"
    assert SECRET not in result.stdout + result.stderr


def test_check_reports_ndjson_problems_by_line_and_keeps_going(tmp_path):
    """Bad lines in the middle are reported as PATH:LINE: $.path: message; the rest are checked."""
    path = write(tmp_path / "mixed.ndjson", NDJSON)

    result = run("check", path)

    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        f"{path}:2: $: not valid JSON: Expecting property name enclosed in double quotes at line 4 column 1",
        f"{path}:4: $.owner.id: expected a string or null, got integer",
        f"{path}:5: $.value: missing: add needs a value",
        f"{path}:7: $: cannot tell which PAT object this is; name it with --type",
        f"{path}:8: $: ambiguous: it could be create-response, patch; name one with --type",
    ]
    assert result.stderr == "2 valid, 5 invalid\n"


def test_check_reports_array_items_by_index(tmp_path):
    """In a JSON array each problem carries the item's index: PATH: $[1].owner.id: ..."""
    items = [*LISTINGS["2025-07 expiry"], {**LISTINGS["2025-07 expiry"][0], "owner": {"id": 1}}]
    path = write(tmp_path / "listing.json", json.dumps(items, indent=2))

    result = run("check", path)

    assert result.returncode == 1
    assert result.stdout == f"{path}: $[1].owner.id: expected a string or null, got integer\n"
    assert result.stderr == "1 valid, 1 invalid\n"


def test_check_names_each_item_of_an_array_that_is_not_an_object(tmp_path, capsys):
    path = write(tmp_path / "mixed.json", '[{"op": "remove", "path": "/name"}, 5, ["x"]]')

    assert main(["check", path]) == 1
    out, err = capsys.readouterr()

    assert out.splitlines() == [
        f"{path}: $[1]: expected an object, got integer",
        f"{path}: $[2]: expected an object, got array",
    ]
    assert err == "1 valid, 2 invalid\n"


def test_check_summarises_each_kind_of_expiry_and_names_other_objects(tmp_path, capsys):
    """One valid object a file gets its one-line summary: stated, null and absent expiry differ."""
    seed = json.loads(SEED)
    documents = {
        "stated": seed,
        "null": {**seed, "expirationDate": None},
        "absent": {key: value for key, value in seed.items() if key != "expirationDate"},
        "patch": {"op": "remove", "path": "/name"},
    }
    paths = [write(tmp_path / f"{name}.json", json.dumps(doc)) for name, doc in documents.items()]

    assert main(["check", *paths]) == 0
    endings = [line.rsplit(", ", 1)[-1] for line in capsys.readouterr().out.splitlines()]

    assert endings == [
        f"expires {seed['expirationDate']}",
        "never expires",
        "expiry not stated",
        f"{paths[3]}: ok: JsonPatchOperation",
    ]


def test_check_strict_forbids_a_key_given_twice(tmp_path, capsys):
    """JSON lets the last of two equal keys win; --strict makes it a problem, as its help says."""
    text = SEED.replace('"name":', '"name": "first", "name":', 1)
    path = write(tmp_path / "twice.json", text)

    assert main(["check", path]) == 0
    assert "NodeJS Integration" in capsys.readouterr().out
    assert main(["check", "--strict", path]) == 1
    assert capsys.readouterr().out.startswith(f"{path}: $.name: ")


def test_check_type_overrides_detection():
    """--type reads every document as the named model instead of guessing from keys."""
    result = run("check", "--type", "token", stdin=SEED)

    assert result.returncode == 0
    assert result.stdout.startswith("-: ok: token 86f1")


def test_check_strict_forbids_unknown_keys():
    """--strict makes every key the models do not know an error, with its path."""
    doc = {**json.loads(SEED), "newKey": 1, "owner": {"id": "x", "email": "e"}}

    assert run("check", stdin=json.dumps(doc)).returncode == 0
    result = run("check", "--strict", stdin=json.dumps(doc))
    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        "-: $.owner.email: unknown key",
        "-: $.newKey: unknown key",
    ]


def test_check_never_prints_a_secret_even_when_it_is_the_problem():
    """The secret's path is reported, its value never."""
    doc = {**json.loads(SEED), "secret": [SECRET]}

    result = run("check", stdin=json.dumps(doc))

    assert result.stdout == "-: $.secret: expected a string, got array\n"
    assert SECRET not in result.stderr


def test_checking_ndjson_keeps_memory_flat(tmp_path):
    """100,000 lines take no more memory than 1,000: NDJSON is streamed, not loaded whole."""
    line = SEED.replace("\n", "").encode() + b"\n"
    small, large = tmp_path / "small.ndjson", tmp_path / "large.ndjson"
    small.write_bytes(line * 1_000)
    large.write_bytes(line * 100_000)

    baseline = peak_rss_kib("check", str(small))
    peak = peak_rss_kib("check", str(large))

    assert large.stat().st_size > 40 * 1024 * 1024
    assert peak - baseline < 16 * 1024, (baseline, peak)


@pytest.mark.parametrize(
    "hostile",
    ["a\nforged: ok", "a\rb", "\x1b[31mred\x1b[0m", "\x1b]0;title\x07", "\u202egnp.exe", "\x00"],
    ids=["newline", "carriage-return", "ansi", "osc-title", "bidi", "nul"],
)
def test_nothing_from_the_input_reaches_the_terminal_as_a_control_character(hostile):
    """The one-line summary escapes an id, a name and an owner as the audit table does."""
    doc = {**json.loads(SEED), "id": hostile, "name": hostile, "owner": {"name": hostile}}

    result = run("check", "-", stdin=json.dumps(doc))

    assert result.returncode == 0
    shown = result.stdout + result.stderr
    assert not [char for char in shown if not char.isprintable() and char != "\n"]
    assert shown.count("\n") == 2  # the summary and the tally, no forged line
