"""How the command line reads its files: framing, encodings, stdin, faults part way."""

import io
import json
import sys

import pytest

from pat_models.cli import main
from pat_models.cli._reading import UNDECODABLE

from ..payloads import SEED
from .console import EXAMPLE, TOKENS, console, run, write


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


def test_a_problem_after_progress_starts_on_a_line_of_its_own(tmp_path, monkeypatch):
    """The count on a terminal is wiped before a problem is printed there, not glued to it."""
    invalid, valid = '{"op": 1}\n', '{"op": "remove", "path": "/name"}\n'
    path = write(tmp_path / "many.ndjson", valid * 10_000 + invalid)
    terminal = _Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)

    assert main(["normalize", path]) == 1

    assert terminal.getvalue().endswith(
        f"\r10,000 documents\r\033[K{path}:10001: $: cannot tell which PAT object this is; "
        "name it with --type\n10000 valid, 1 invalid\n"
    )


def test_bytes_that_do_not_decode_part_way_cost_one_document(tmp_path, capsys):
    """Bytes that are not the encoding the file began in: that document, and every other read."""
    line = '{"op": "remove", "path": "/name"}\n'
    path = tmp_path / "broken.ndjson"
    path.write_bytes((line * 1000).encode("utf-16") + b"\x00\xd8" + line.encode("utf-16-le"))

    assert main(["check", str(path)]) == 1
    out, err = capsys.readouterr()

    assert out == f"{path}:1001: $: {UNDECODABLE}\n"
    assert err == "1000 valid, 1 invalid\n"


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
    """A failed download must not pass a CI gate: no document at all is reported, and fails."""
    result = run(command, "-", stdin=text)

    assert result.returncode == (3 if command == "audit" else 1)
    assert result.stdout == ""
    assert result.stderr.startswith("-: no JSON document\n")


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
    assert result.stdout == f"{path}:2: $: {UNDECODABLE}\n"


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
