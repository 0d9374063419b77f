import errno
import io
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import attrs
import pytest

import pat_models
from pat_models import CreatePersonalAccessTokenResponse, GetPersonalAccessTokenResponse, loads
from pat_models._cli import main
from pat_models._converter import wire_name

from .payloads import LISTINGS, SECRET, SEED

EXAMPLES = Path(__file__).parent.parent / "examples"
EXAMPLE = EXAMPLES / "create-response.json"
TOKENS = EXAMPLES / "tokens.json"
AT = "2026-12-01T00:00:00.000Z"


def run(*args, stdin="", env=None):
    return subprocess.run(
        [sys.executable, "-m", "pat_models", *args],
        input=stdin,
        capture_output=True,
        text=True,
        check=False,
        env=env,
    )


def write(path, text):
    path.write_text(text)
    return str(path)


def _token(name="T", expires="2027-06-01T00:00:00.000Z", owner="Support"):
    """A listed token used the day before AT, expiring when asked."""
    listed = LISTINGS["2025-07 expiry"][0]
    return {
        **listed,
        "name": name,
        "owner": {**listed["owner"], "name": owner},
        "lastUsed": "2026-11-30T00:00:00.000Z",
        "expirationDate": expires,
    }


def _table_rows(tmp_path, capsys, tokens):
    """The rows, without the header, of the audit table of *tokens* as of AT."""
    path = write(tmp_path / "tokens.json", json.dumps(tokens))
    main(["audit", "--at", AT, path])
    return capsys.readouterr().out.splitlines()[1:]


NDJSON = "\n".join(
    [
        json.dumps(LISTINGS["2025-07 expiry"][0]),
        '{"id": "broken", ',
        "",
        json.dumps({**json.loads(SEED), "owner": {"id": 7}}),
        json.dumps({"op": "add", "path": "/scope/-"}),
        json.dumps(json.loads(SEED)),
        json.dumps({"mystery": 1}),
        json.dumps({"secret": "s", "op": "add", "path": "/x", "value": 1}),
    ]
)


# check


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
        f"{path}:2: $: not valid JSON: Expecting property name enclosed in double quotes at column 18",
        f"{path}:4: $.owner.id: expected a string, got integer",
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
    assert result.stdout == f"{path}: $[1].owner.id: expected a string, got integer\n"
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


class _Terminal(io.StringIO):
    def isatty(self):
        return True


def test_a_terminal_sees_the_count_of_documents_read_every_ten_thousand(
    tmp_path, capsys, monkeypatch
):
    """Progress is for a person at a terminal: overwritten in place, and wiped before the summary."""
    invalid, valid = '{"op": 1}\n', '{"op": "remove", "path": "/name"}\n'
    path = write(tmp_path / "many.ndjson", invalid + valid * 9_999)  # ten thousand exactly

    assert main(["check", path]) == 1
    assert capsys.readouterr().err == "9999 valid, 1 invalid\n"  # not a terminal: no progress
    monkeypatch.setattr(sys, "stderr", _Terminal())
    assert main(["check", path]) == 1
    assert sys.stderr.getvalue() == "\r10,000 documents\r\033[K9999 valid, 1 invalid\n"


def test_input_that_fails_part_way_is_reported_after_what_was_read(tmp_path, capsys):
    """Bytes that are not the encoding the file began in: the documents before, then why it stopped."""
    line = '{"op": "remove", "path": "/name"}\n'
    path = tmp_path / "broken.ndjson"
    path.write_bytes((line * 1000).encode("utf-16") + b"\x00\xd8" + line.encode("utf-16-le"))

    assert main(["check", str(path)]) == 2
    reason, summary = capsys.readouterr().err.splitlines()

    assert reason == f"{path}: cannot read: not valid UTF-16-LE"
    assert int(summary.split()[0]) > 0  # what was decoded before the bad bytes
    path.write_bytes(line.encode("utf-16") + b"\x00\xd8")  # bad from its first bytes
    assert main(["check", str(path), str(EXAMPLE)]) == 2
    out, err = capsys.readouterr()

    assert err == f"{path}: cannot read: not valid UTF-16-LE\n1 valid, 0 invalid\n"
    assert out.startswith(f"{EXAMPLE}: ok: ")  # the next file is still read


def test_an_empty_file_is_reported_and_the_next_one_still_read(tmp_path, capsys):
    path = write(tmp_path / "empty.json", "\n")

    assert main(["check", path, str(EXAMPLE)]) == 1
    out, err = capsys.readouterr()

    assert out.startswith(f"{EXAMPLE}: ok: ")
    assert err == f"{path}: no JSON document\n1 valid, 0 invalid\n"


def test_check_reads_stdin_and_several_files(tmp_path):
    """- and no path at all read stdin; several paths are checked in turn."""
    other = write(tmp_path / "tokens.json", TOKENS.read_text())

    assert run("check", stdin=SEED).stdout.startswith("-: ok: token 86f1")
    result = run("check", "-", other, str(EXAMPLE), stdin=SEED)
    assert result.returncode == 0
    assert result.stderr == "9 valid, 0 invalid\n"


@pytest.mark.parametrize("command", ["check", "normalize", "audit"])
@pytest.mark.parametrize("text", ["", "\n\n", "  \n"])
def test_input_without_a_document_is_a_failure(command, text):
    """A failed download must not pass a CI gate: no document at all is reported, exit 1."""
    result = run(command, "-", stdin=text)

    assert result.returncode == 1
    assert result.stdout == ""
    assert result.stderr.startswith("-: no JSON document\n")


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


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda tmp: str(tmp / "missing.json"), "No such file or directory"),
        (str, "Is a directory"),
    ],
)
def test_unreadable_input_is_reported_with_status_2(tmp_path, make, message):
    """A missing file or a directory is one clear line on stderr and exit 2; other files still run."""
    path = make(tmp_path)

    result = run("check", path, str(EXAMPLE))

    assert result.returncode == 2
    assert f"{path}: cannot read: {message}\n" in result.stderr
    assert result.stdout.startswith(f"{EXAMPLE}: ok: ")
    assert "Traceback" not in result.stderr


def test_invalid_utf8_is_a_problem_of_its_line(tmp_path):
    """Bytes that are not UTF-8 make their line invalid, not the run."""
    path = tmp_path / "bad.ndjson"
    path.write_bytes(SEED.replace("\n", "").encode() + b"\n" + b'{"name": "\xff"}\n')

    result = run("check", str(path))

    assert result.returncode == 1
    assert result.stdout == f"{path}:2: $: not valid UTF-8 at byte 10\n"


# normalize


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
    assert f"{path}:4: $.owner.id: expected a string, got integer" in result.stderr


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


# audit


def test_audit_sorts_tokens_by_urgency():
    """Every status appears, most urgent first, and exit 1 flags expired and expiring tokens."""
    result = run("audit", "--at", AT, str(TOKENS))

    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        "NAME                  OWNER     CREATED           LAST USED         EXPIRES           STATUS",
        "Nightly export        Support   2026-05-15 09:00  2026-11-14 02:00  2026-11-15 09:00  expired",
        "Terraform             Platform  2026-06-10 12:30  2026-11-30 18:00  2026-12-10 12:30  expiring",
        "Never used            Security  2026-01-20 10:00  never             2027-01-20 10:00  stale",
        "Old reporting script  Support   2026-03-01 08:00  2026-06-01 08:00  2027-03-01 08:00  stale",
        "SIEM connector        Security  2026-02-02 16:45  2026-11-30 23:59  never             never-expires",
        "Workflow: onboarding  Platform  2026-09-01 07:00  2026-11-29 07:00  2027-03-01 07:00  managed",
        "CI pipeline           Platform  2026-10-01 07:00  2026-11-30 11:20  2027-04-01 07:00  ok",
    ]
    assert result.stderr == (
        "7 tokens as of 2026-12-01T00:00:00.000Z: 1 expired, 1 expiring, 2 stale, "
        "1 never-expires, 1 managed, 1 ok\n"
    )


def test_audit_windows_change_the_verdict():
    """--within and --stale move tokens between statuses; nothing urgent means exit 0."""
    result = run(
        "audit", "--at", "2026-10-01T00:00:00Z", "--within", "1d", "--stale", "52w", str(TOKENS)
    )

    assert result.returncode == 0
    statuses = [line.rsplit(maxsplit=1)[-1] for line in result.stdout.splitlines()[1:]]
    assert statuses == ["never-expires", "managed", "ok", "ok", "ok", "ok", "ok"]


def test_audit_json_is_for_machines_and_never_holds_a_secret():
    """--json writes the same findings as wire-form objects with a status, without secrets."""
    result = run("audit", "--json", "--at", AT, str(TOKENS), str(EXAMPLE))

    rows = json.loads(result.stdout)
    assert [row["status"] for row in rows][:3] == ["expired", "expired", "expiring"]
    assert rows[0]["name"] in {"NodeJS Integration", "Nightly export"}
    assert rows[0]["expirationDate"].endswith("Z")
    assert all("secret" not in row for row in rows)
    assert SECRET not in result.stdout + result.stderr


def test_audit_reports_documents_that_are_not_tokens():
    """A patch operation in an audit's input is reported, and the run exits 1."""
    result = run("audit", "--at", AT, stdin='{"op": "remove", "path": "/name"}')

    assert result.returncode == 1
    assert result.stderr.startswith("-: $: audit reads tokens, not JsonPatchOperation\n")


@pytest.mark.parametrize(
    ("args", "hint"),
    [
        (["audit", "--within", "30 days"], "expected a duration such as 30d"),
        (["audit", "--at", "tomorrow"], "RFC 3339"),
        (["check", "--type", "tokens"], "invalid choice: 'tokens'"),
        (["schema", "listing"], "invalid choice: 'listing'"),
        (["nonsense"], "invalid choice: 'nonsense'"),
        ([], "the following arguments are required: COMMAND"),
    ],
)
def test_usage_errors_say_what_to_type_and_exit_2(args, hint):
    """A wrong option is a usage error naming what is accepted."""
    result = run(*args)

    assert result.returncode == 2
    assert "usage: pat-models" in result.stderr
    assert hint in result.stderr


@pytest.mark.parametrize("command", ["check", "normalize", "audit", "schema"])
def test_every_command_has_help_with_an_example(capsys, command):
    """--help explains the command and shows an example."""
    with pytest.raises(SystemExit) as exit_:
        main([command, "--help"])

    assert exit_.value.code == 0
    assert f"example: pat-models {command}" in capsys.readouterr().out


# pipes and signals


def test_a_closed_pipe_ends_quietly(tmp_path):
    """| head: the reader goes away, the command stops with status 141 and no traceback."""
    path = write(tmp_path / "many.ndjson", (SEED.replace("\n", "") + "\n") * 20_000)
    process = subprocess.Popen(
        [sys.executable, "-m", "pat_models", "normalize", path],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert json.loads(process.stdout.readline())["id"] == "86f1dc6fe8f54414950454cbb11278fa"
    process.stdout.close()

    assert process.wait(timeout=60) == 141
    assert b"Traceback" not in process.stderr.read()
    process.stderr.close()


class _GoneReader(io.StringIO):
    """An output whose reader has gone, and that has no file descriptor, as when embedded."""

    def write(self, _text):
        raise BrokenPipeError(errno.EPIPE, "Broken pipe")


def test_a_gone_reader_of_an_output_without_a_descriptor_ends_quietly(monkeypatch):
    """main() called from Python, its stdout replaced: the same status 141, nothing raised."""
    monkeypatch.setattr(sys, "stdout", _GoneReader())

    assert main(["schema", "token"]) == 141


def test_ctrl_c_ends_quietly():
    """SIGINT while reading ends with status 130 and no traceback."""
    process = subprocess.Popen(
        [sys.executable, "-m", "pat_models", "check"],
        stdin=subprocess.PIPE,
        stderr=subprocess.PIPE,
        # A suite started in the background (`nox &`) ignores SIGINT, and so would the child.
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),  # noqa: PLW1509
    )
    try:
        process.stdin.write((SEED.replace("\n", "") + "\n").encode() * 3)
        process.stdin.flush()
        _wait_until_blocked_reading(process)
        process.send_signal(signal.SIGINT)

        assert process.wait(timeout=30) == 130
        assert b"Traceback" not in process.stderr.read()
    finally:
        process.kill()
        process.wait()
        process.stdin.close()
        process.stderr.close()


def _wait_until_blocked_reading(process, seconds=60):
    """
    Wait until *process* waits for input: started, and reading its pipe.

    A signal sent sooner, while a loaded machine is still starting the
    interpreter, tests Python's start-up instead.  Where /proc does not tell,
    a second is what it takes on an idle machine.
    """
    wchan = Path(f"/proc/{process.pid}/wchan")
    if not wchan.exists():
        time.sleep(1)
        return
    deadline = time.monotonic() + seconds
    while "pipe_read" not in wchan.read_text() and time.monotonic() < deadline:
        time.sleep(0.05)


def _peak_rss_kib(*args, statuses=(0,)):
    process = subprocess.Popen(
        [sys.executable, "-m", "pat_models", *args],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    _, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    assert process.returncode in statuses
    return usage.ru_maxrss


def test_checking_ndjson_keeps_memory_flat(tmp_path):
    """100,000 lines take no more memory than 1,000: NDJSON is streamed, not loaded whole."""
    line = SEED.replace("\n", "").encode() + b"\n"
    small, large = tmp_path / "small.ndjson", tmp_path / "large.ndjson"
    small.write_bytes(line * 1_000)
    large.write_bytes(line * 100_000)

    baseline = _peak_rss_kib("check", str(small))
    peak = _peak_rss_kib("check", str(large))

    assert large.stat().st_size > 40 * 1024 * 1024
    assert peak - baseline < 16 * 1024, (baseline, peak)


# every output, every fault: through the installed console script

PAT_MODELS = shutil.which("pat-models", path=str(Path(sys.executable).parent)) or "pat-models"

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


def console(*args, stdin="", shell=None):
    """Run the installed console script, or a shell line that does."""
    command = (
        ["sh", "-c", shell.replace("pat-models", PAT_MODELS)] if shell else [PAT_MODELS, *args]
    )
    return subprocess.run(command, input=stdin, capture_output=True, text=True, check=False)


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
    ("shell", "status", "message"),
    [
        ("pat-models check {path} <&- >&-", 74, ""),
        ("pat-models check {path} >&-", 74, "cannot write the output: standard output is closed"),
        ("pat-models check - <&-", 2, "-: cannot read: standard input is closed"),
        ("pat-models normalize {path} > /dev/full", 74, "No space left on device"),
        ("pat-models check {path} 2>&- >/dev/null", 74, ""),
        ("pat-models audit --within 99999999999d {path}", 2, "at most 999999999 days"),
        ("pat-models audit --stale 99999999999999999999w {path}", 2, "at most 999999999 days"),
    ],
)
def test_every_fault_is_a_message_and_a_documented_status(tmp_path, shell, status, message):
    """Closed streams, a full disk and options out of range: a status of their own, no traceback."""
    path = write(tmp_path / "token.json", SEED)

    result = console(shell=shell.format(path=path))

    assert result.returncode == status, result.stderr
    assert "Traceback" not in result.stderr
    assert message in result.stderr


def test_text_the_terminal_cannot_encode_is_escaped_not_a_traceback(tmp_path):
    path = write(tmp_path / "named.json", json.dumps(_token("日本")))

    result = run("audit", "--at", AT, path, env={**os.environ, "PYTHONIOENCODING": "ascii"})

    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[1].startswith("\\u65e5\\u672c  ")


@pytest.mark.parametrize("at", ["0001-01-01T00:00:00Z", "9999-12-31T23:59:59.999Z"])
def test_audit_at_the_ends_of_time_judges_without_overflowing(at):
    """--at near year 1 or 9999 still gives every token a status."""
    result = console("audit", "--at", at, str(TOKENS))

    assert result.returncode in (0, 1), result.stderr
    assert "Traceback" not in result.stderr
    assert "7 tokens as of" in result.stderr


def test_the_exit_statuses_are_in_the_help(capsys):
    """Scripts can tell the statuses apart: --help lists each one."""
    with pytest.raises(SystemExit):
        main(["--help"])
    text = capsys.readouterr().out

    for status in ("0 all well", "1 an invalid", "2 a usage error", "74 output", "130", "141"):
        assert status in " ".join(text.split())


def test_version():
    """--version names the installed version."""
    result = console("--version")

    assert (result.returncode, result.stdout) == (0, f"pat-models {pat_models.__version__}\n")


def test_normalize_keeps_the_valid_elements_of_an_array(tmp_path):
    """One bad element does not drop the array: the valid ones are written, the bad one named."""
    items = [json.loads(SEED), {**json.loads(SEED), "id": 5}, json.loads(SEED)]
    path = write(tmp_path / "array.json", json.dumps(items))

    result = console("normalize", path)

    assert result.returncode == 1
    assert [item["id"] for item in json.loads(result.stdout)] == [items[0]["id"]] * 2
    assert f"{path}: $[1].id: expected a string, got integer" in result.stderr
    assert result.stderr.endswith("2 valid, 1 invalid\n")


def test_audit_names_the_element_that_is_not_a_token(tmp_path):
    """An operation in an array of tokens is reported at its index."""
    items = [json.loads(SEED), {"op": "remove", "path": "/name"}]
    path = write(tmp_path / "array.json", json.dumps(items))

    result = console("audit", "--at", AT, path)

    assert f"{path}: $[1]: audit reads tokens, not JsonPatchOperation" in result.stderr
    assert result.returncode == 1


def test_what_jq_writes_is_read_value_by_value(tmp_path):
    """What jq '.[]' writes, pretty-printed values one after another: each is a document, by its line."""
    items = json.loads(TOKENS.read_text())
    pretty = "".join(json.dumps(item, indent=2) + "\n" for item in items)
    broken = pretty + '{\n  "id": 5\n}\n'
    path = write(tmp_path / "jq.json", broken)

    result = console("check", "--type", "token", path)

    line = len(pretty.splitlines()) + 1
    assert result.stderr == f"{len(items)} valid, 1 invalid\n"
    assert f"{path}:{line}: $.id: expected a string, got integer" in result.stdout
    normalized = console("normalize", path).stdout.splitlines()
    assert [json.loads(text)["id"] for text in normalized] == [item["id"] for item in items]


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-32", "utf-8-sig"])
def test_ndjson_in_utf16_and_utf32_is_read_by_its_byte_order_mark(tmp_path, encoding):
    """What PowerShell's > writes: three valid lines are three valid documents."""
    text = "\n".join(
        json.dumps(item, ensure_ascii=False) for item in json.loads(TOKENS.read_text())[:3]
    )
    path = tmp_path / "tokens.ndjson"
    path.write_bytes(text.replace("Support", "Suppört").encode(encoding))

    result = console("check", str(path))

    assert (result.returncode, result.stdout, result.stderr) == (0, "", "3 valid, 0 invalid\n")


def test_audit_keeps_what_it_prints_not_the_tokens(tmp_path):
    """Ten times the tokens costs the audit far less than ten times the models would."""
    item = json.dumps(LISTINGS["2025-07 expiry"][0])
    small, large = tmp_path / "small.ndjson", tmp_path / "large.ndjson"
    small.write_text((item + "\n") * 2_000)
    large.write_text((item + "\n") * 20_000)

    audit = ("audit", "--json", "--at", AT)
    growth = _peak_rss_kib(*audit, str(large), statuses=(0, 1)) - _peak_rss_kib(
        *audit, str(small), statuses=(0, 1)
    )

    # A kept model is about 1.5 KB a token: 18,000 of them would be 26 MiB.
    assert growth < 14 * 1024


@pytest.mark.parametrize(
    ("expires", "status", "code"),
    [
        ("2026-11-15T00:00:00.000Z", "expired", 1),
        ("2026-12-15T00:00:00.000Z", "expiring", 1),
        ("2027-06-01T00:00:00.000Z", "ok", 0),
    ],
)
def test_audit_exits_1_for_an_expired_or_an_expiring_token_alone(
    tmp_path, capsys, expires, status, code
):
    path = write(tmp_path / "one.json", json.dumps(_token(expires=expires)))

    assert main(["audit", "--at", AT, path]) == code
    assert capsys.readouterr().out.splitlines()[1].endswith(f"  {status}")


def test_audit_of_no_token_writes_an_empty_table_and_an_empty_array(tmp_path, capsys):
    path = write(tmp_path / "none.json", "[]")

    assert main(["audit", "--at", AT, path]) == 0
    assert capsys.readouterr() == ("", f"0 tokens as of {AT}: none\n")
    assert main(["audit", "--json", "--at", AT, path]) == 0
    assert capsys.readouterr() == ("[]\n", f"0 tokens as of {AT}: none\n")


def test_audit_json_writes_one_token_a_line(tmp_path, capsys):
    """Line tools (grep, wc -l) see a token a line, between the array's brackets."""
    tokens = [_token("a"), _token("b", expires="2026-12-15T00:00:00.000Z")]
    path = write(tmp_path / "two.json", json.dumps(tokens))

    main(["audit", "--json", "--at", AT, path])
    lines = capsys.readouterr().out.splitlines()

    assert (lines[0], lines[-1]) == ("[", "]")
    rows = [json.loads(line.strip().removesuffix(",")) for line in lines[1:-1]]
    assert [(row["name"], row["status"]) for row in rows] == [("b", "expiring"), ("a", "ok")]
    keys = ["id", "name", "owner", "created", "lastUsed", "managed", "expirationDate", "status"]
    assert [list(row) for row in rows] == [keys, keys]  # as the README lists them
    assert rows[1] == {key: tokens[0][key] for key in keys[:-1]} | {"status": "ok"}


def test_audit_sorts_a_status_by_expiry_then_by_name(tmp_path, capsys):
    soon, later = "2026-12-10T00:00:00.000Z", "2026-12-20T00:00:00.000Z"
    tokens = [_token("b", expires=later), _token("a", expires=later), _token("c", expires=soon)]

    names = [row.split()[0] for row in _table_rows(tmp_path, capsys, tokens)]

    assert names == ["c", "a", "b"]


def test_audit_shows_an_owner_without_name_or_id_as_a_question_mark(tmp_path, capsys):
    """The owner's name, else its id, else "?": the API may leave both out."""
    owners = [{"name": "Ann", "id": "a1"}, {"id": "b2"}, {"type": "IDENTITY"}]
    tokens = [{**_token(str(index)), "owner": owner} for index, owner in enumerate(owners)]

    rows = _table_rows(tmp_path, capsys, tokens)

    assert [row.split()[1] for row in rows] == ["Ann", "b2", "?"]


def test_audit_escapes_control_characters_so_that_a_name_cannot_break_the_table(tmp_path, capsys):
    rows = _table_rows(tmp_path, capsys, [_token("two\nlines\x1b[2J"), _token("日本")])

    assert [row.split()[0] for row in rows] == ["two\\u000alines\\u001b[2J", "日本"]


def test_audit_shows_an_unknown_last_use_apart_from_never(capsys):
    """A create response does not say when it was used: "-", not "never" (a listed null)."""
    assert main(["audit", "--at", AT, str(EXAMPLE)]) == 1
    header, row = capsys.readouterr().out.splitlines()

    assert row[header.index("LAST USED") :].split()[0] == "-"


def test_audit_reports_problems_on_stderr_and_counts_each_as_invalid(tmp_path, capsys):
    """The table holds tokens only; an invalid document and a non-token each make the exit 1."""
    lines = [{**_token(), "id": 1}, {"op": "remove", "path": "/name"}, _token()]
    path = write(tmp_path / "mixed.ndjson", "".join(json.dumps(line) + "\n" for line in lines))

    assert main(["audit", "--at", AT, path]) == 1
    out, err = capsys.readouterr()

    assert [line.split()[0] for line in out.splitlines()] == ["NAME", "T"]
    assert f"{path}:1: $.id: expected a string, got integer" in err.splitlines()
    assert f"{path}:2: $: audit reads tokens, not JsonPatchOperation" in err.splitlines()


def test_audit_keeps_the_input_order_of_tokens_that_tie(tmp_path, capsys):
    """Same status, expiry and name: the order they came in, whatever else differs."""
    rows = _table_rows(tmp_path, capsys, [_token(owner="Zed"), _token(owner="Ann")])

    owners = [row.split()[1] for row in rows]

    assert owners == ["Zed", "Ann"]
