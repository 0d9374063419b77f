"""Files as real tools write them: holes of NULs, old Mac line ends, files joined with cat, cut arrays, pipes."""

import fcntl
import json
import os
import select
import subprocess
import sys
import time

import pytest

from .console import PAT_MODELS, wait_until_blocked_reading
from .console import TOKENS as LISTING

TOKENS = [json.dumps(token) for token in json.loads(LISTING.read_text())]
NDJSON = "".join(f"{token}\n" for token in TOKENS)
VALID = f"{len(TOKENS)} valid"


def _sh(line, cwd):
    """Run a shell line, the installed console script as pat-models."""
    return subprocess.run(
        ["sh", "-c", line.replace("pat-models", PAT_MODELS)],  # noqa: S607
        cwd=cwd, capture_output=True, text=True, check=False,
    )  # fmt: skip


def test_a_log_truncated_by_copytruncate_loses_only_its_hole(tmp_path):
    """
    A log that logrotate's copytruncate emptied while its writer held it open.

    The writer's next line lands at its old offset, past a hole of NUL bytes:
    the hole is one problem, and every token is read.
    """
    path = tmp_path / "tokens.log"
    with path.open("wb") as writer:  # not O_APPEND, as most loggers open their file
        writer.write(NDJSON.encode())
        writer.flush()
        os.truncate(path, 0)  # what copytruncate does once it has copied the log
        writer.write(NDJSON.encode())
    assert path.read_bytes().startswith(b"\0" * len(NDJSON))

    result = _sh("pat-models check --type token tokens.log", tmp_path)

    assert result.stdout.splitlines() == [
        "tokens.log:1: $: NUL bytes, not JSON: a hole such as logrotate's copytruncate leaves"
    ]
    assert result.stderr == f"{VALID}, 1 invalid\n"


def test_nul_bytes_between_lines_cost_one_problem_at_their_line(tmp_path):
    """Printf writes the NULs: the tokens before and after them are read, at their lines."""
    (tmp_path / "a").write_text(NDJSON)
    result = _sh(
        "{ cat a; printf '\\0\\0\\0\\0'; cat a; printf '\\0\\n'; cat a; } > mixed.ndjson"
        " && pat-models check --type token mixed.ndjson",
        tmp_path,
    )

    nul = "$: NUL bytes, not JSON: a hole such as logrotate's copytruncate leaves"
    count = len(TOKENS)
    assert result.stdout.splitlines() == [
        f"mixed.ndjson:{count + 1}: {nul}",
        f"mixed.ndjson:{2 * count + 1}: {nul}",
    ]
    assert result.stderr == f"{3 * count} valid, 2 invalid\n"


@pytest.mark.parametrize(
    "hole",
    [
        'printf \'{"id": "cut\\0\\0\\0"}\\n\'',  # NULs inside a record
        "printf '\\0\\n\\0\\r\\n\\0\\0\\n'",  # lines of NULs, as a preallocated file's
        "printf '\\0\\0'; head -c 100000 /dev/zero | tr '\\0' '\\n'; printf '\\0'",
    ],
    ids=["in-a-record", "nul-lines", "nuls-around-blank-lines"],
)
def test_nul_bytes_anywhere_on_their_lines_are_one_problem(tmp_path, hole):
    (tmp_path / "a").write_text(NDJSON)

    result = _sh(f"{{ cat a; {hole}; cat a; }} | pat-models check --type token", tmp_path)

    nul = "$: NUL bytes, not JSON: a hole such as logrotate's copytruncate leaves"
    assert result.stdout.splitlines() == [f"-:{len(TOKENS) + 1}: {nul}"]
    assert result.stderr == f"{2 * len(TOKENS)} valid, 1 invalid\n"


def test_a_hole_dd_punches_inside_a_record_is_that_record_s_problem(tmp_path):
    """Dd writes zeros over a stretch of a record: the record is lost, none of its pieces read."""
    (tmp_path / "a").write_text(NDJSON)
    inside = len(TOKENS[0]) + 1 + TOKENS[1].index('"scope": ')  # up to the record's own array

    result = _sh(
        f"dd if=/dev/zero of=a bs=1 seek={inside} count=9 conv=notrunc 2>/dev/null"
        " && pat-models check --type token a",
        tmp_path,
    )

    nul = "$: NUL bytes, not JSON: a hole such as logrotate's copytruncate leaves"
    assert result.stdout.splitlines() == [f"a:2: {nul}"]
    assert result.stderr == f"{len(TOKENS) - 1} valid, 1 invalid\n"


@pytest.mark.parametrize("indent", [2, 4, "\t"])
def test_cat_after_an_indented_array_cut_at_an_element_keeps_the_next_file(tmp_path, indent):
    """
    A writer killed between elements leaves ``},`` last; cat joins the next file after it.

    The cut array's elements are indented, so a value at column 0 is not one of them.
    """
    text = json.dumps([json.loads(token) for token in TOKENS[:2]], indent=indent)
    (tmp_path / "cut.json").write_text(text[: text.rindex("}") + 1] + ",\n")
    (tmp_path / "b.ndjson").write_text(NDJSON)

    result = _sh("cat cut.json b.ndjson | pat-models check --type token", tmp_path)

    assert result.stderr == f"{VALID}, 1 invalid\n"


@pytest.mark.parametrize("blank", ["''", "' '"], ids=["empty-lines", "lines-of-a-space"])
def test_a_record_cut_at_a_comma_then_many_blank_lines_loses_nothing_after_them(tmp_path, blank):
    """However much blank space yes writes after the cut, the next document is read."""
    (tmp_path / "a").write_text(NDJSON)

    result = _sh(
        f'{{ printf \'{{"id": "cut",\'; yes {blank} | head -n 200000; cat a; }}'
        " | pat-models check --type token",
        tmp_path,
    )

    assert result.stderr == f"{VALID}, 1 invalid\n"


@pytest.mark.parametrize("pretty", [False, True], ids=["ndjson", "indented"])
def test_old_mac_line_ends_count_lines_and_resume_after_a_broken_token(tmp_path, pretty):
    """What old Mac tools export (tr made it here): lines end at a lone carriage return."""
    tokens = [json.dumps(json.loads(token), indent=2 if pretty else None) for token in TOKENS]
    text = "\n".join([tokens[0], '{"id": "cut', *tokens[1:]]) + "\n"
    (tmp_path / "unix.json").write_text(text)

    result = _sh("tr '\\n' '\\r' < unix.json > mac.json && pat-models check --type token mac.json",
                 tmp_path)  # fmt: skip

    broken_line = tokens[0].count("\n") + 2
    assert result.stdout.splitlines() == [
        f"mac.json:{broken_line}: $: not valid JSON: Invalid control character at column 12"
    ]
    assert result.stderr == f"{VALID}, 1 invalid\n"


def test_files_joined_with_cat_each_with_a_byte_order_mark_resume_after_a_broken_one(tmp_path):
    """Windows tools start each file with a mark; cat leaves it at the start of a line."""
    (tmp_path / "cut.ndjson").write_bytes(b"\xef\xbb\xbf" + TOKENS[0][:40].encode() + b"\n")
    (tmp_path / "whole.ndjson").write_bytes(b"\xef\xbb\xbf" + NDJSON.encode())

    result = _sh("cat cut.ndjson whole.ndjson | pat-models normalize --type token", tmp_path)

    assert [json.loads(line)["id"] for line in result.stdout.splitlines()] == [
        json.loads(token)["id"] for token in TOKENS
    ]
    assert result.stderr.splitlines()[-1] == f"{VALID}, 1 invalid"


@pytest.mark.parametrize("end", ["\\n", ""], ids=["cut-line", "no-line-end"])
def test_cat_joins_a_file_cut_inside_an_object_to_one_with_a_mark(tmp_path, end):
    """The parser breaks at the next file's mark: that file starts there, line end or none."""
    (tmp_path / "whole.ndjson").write_bytes(b"\xef\xbb\xbf" + NDJSON.encode())

    size = 3 + TOKENS[0].index('"name"')  # the mark, then the record up to its second key

    result = _sh(
        f"{{ head -c {size} whole.ndjson; printf '{end}'; }} > cut"
        " && cat cut whole.ndjson | pat-models check --type token",
        tmp_path,
    )

    assert (tmp_path / "cut").read_bytes().rstrip(b"\n").endswith(b'", ')
    assert result.stderr == f"{VALID}, 1 invalid\n"


@pytest.mark.parametrize("cut", ['"name":', '"scope": ['])
def test_a_record_cut_where_the_next_line_fits_as_its_value_costs_only_itself(tmp_path, cut):
    """
    Head -c cuts a record after a colon or an array's bracket, and the export goes on.

    The next token fits where the cut one left off, so the parser reads on
    into it; that token starts a line, so it is read as a document of its own.
    """
    (tmp_path / "a").write_text(NDJSON)
    size = TOKENS[0].index(cut) + len(cut)

    result = _sh(f"{{ head -c {size} a; echo; cat a; }} | pat-models check --type token", tmp_path)

    assert result.stderr == f"{VALID}, 1 invalid\n"


def test_blank_lines_after_a_broken_record_keep_the_line_count(tmp_path):
    """Yes writes more blank lines than are held at once: the problems after them name their lines."""
    (tmp_path / "a").write_text(NDJSON)
    blank = 200_000

    result = _sh(
        f"{{ echo '{{\"id\": '; yes '' | head -n {blank}; echo '{{\"cut'; cat a; }} > b"
        " && pat-models check --type token b",
        tmp_path,
    )

    assert result.stdout.splitlines() == [
        "b:1: $: not valid JSON: Expecting value at column 7",
        f"b:{blank + 2}: $: not valid JSON: Invalid control character at column 6",
    ]
    assert result.stderr == f"{VALID}, 2 invalid\n"


def test_iconv_utf16_without_a_mark_is_read_and_a_hole_is_not_utf16(tmp_path):
    """Iconv -t UTF-16LE writes no mark: the zero bytes beside ASCII tell it, a run of NULs does not."""
    (tmp_path / "a").write_text(NDJSON)

    utf16 = _sh("iconv -f UTF-8 -t UTF-16LE a > b && pat-models check --type token b", tmp_path)
    hole = _sh("{ printf '\\0\\0\\0\\0\\0\\0\\0\\0'; cat a; } | pat-models check --type token",
               tmp_path)  # fmt: skip

    assert (utf16.stdout, utf16.stderr) == ("", f"{VALID}, 0 invalid\n")
    assert hole.stderr == f"{VALID}, 1 invalid\n"


@pytest.mark.parametrize(
    "write",
    [
        # A script that wraps NDJSON in brackets: [, then a line an element, each with a comma.
        lambda tokens: "[\n" + "".join(f"{token},\n" for token in tokens),
        # json.dumps(indent=0): objects open at column 0, every key on a line of its own.
        lambda tokens: json.dumps([json.loads(token) for token in tokens], indent=0)[:-40],
    ],
    ids=["bracketed-ndjson", "indent-0"],
)
def test_an_array_cut_short_is_one_problem_and_no_element_turns_into_a_document(tmp_path, write):
    """Head -c cuts an export; its complete elements go with the array, which is one problem."""
    (tmp_path / "full.json").write_text(write(TOKENS))

    check = _sh("head -c -5 full.json > cut.json && pat-models check --type token cut.json",
                tmp_path)  # fmt: skip
    normalize = _sh("pat-models normalize --type token cut.json", tmp_path)

    assert check.stderr == "0 valid, 1 invalid\n"
    assert len(check.stdout.splitlines()) == 1
    assert check.stdout.startswith("cut.json: $: not valid JSON: ")
    assert normalize.stdout == ""


def test_a_value_at_column_0_after_an_element_without_a_comma_starts_a_document(tmp_path):
    """The array that lost its closing bracket is one problem; what follows it is read."""
    text = "[\n" + ",\n".join(TOKENS) + "\n" + NDJSON
    (tmp_path / "a.json").write_text(text)

    result = _sh("pat-models check --type token a.json", tmp_path)

    assert result.stderr == f"{VALID}, 1 invalid\n"


def test_indent_0_output_whole_is_one_array(tmp_path):
    (tmp_path / "a.json").write_text(json.dumps([json.loads(t) for t in TOKENS], indent=0))

    result = _sh("pat-models check --type token a.json", tmp_path)

    assert (result.returncode, result.stderr) == (0, f"{VALID}, 0 invalid\n")


def _nonblocking_pipe():
    read_end, write_end = os.pipe()
    flags = fcntl.fcntl(read_end, fcntl.F_GETFL)
    fcntl.fcntl(read_end, fcntl.F_SETFL, flags | os.O_NONBLOCK)
    return read_end, write_end


def test_standard_input_with_o_nonblock_is_read_to_its_end():
    """A parent that set O_NONBLOCK on the pipe: no data for now is not the end of the input."""
    read_end, write_end = _nonblocking_pipe()
    process = subprocess.Popen(
        [sys.executable, "-m", "pat_models", "check", "--type", "token"],
        stdin=read_end, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    os.close(read_end)
    with os.fdopen(write_end, "w") as producer:
        time.sleep(1)  # it has started, and found no data yet
        for token in TOKENS:
            time.sleep(0.2)
            producer.write(f"{token}\n")
            producer.flush()

    out, err = process.communicate(timeout=60)

    assert (process.returncode, out, err) == (0, "", f"{VALID}, 0 invalid\n")


def _line_within(stream, seconds=30):
    """Read a line the process has written, failing (not hanging) if none comes."""
    ready, _, _ = select.select([stream], [], [], seconds)
    assert ready, "no line came while the producer waited"
    return stream.readline()


@pytest.mark.parametrize("command", ["normalize", "check"])
def test_a_live_stream_s_documents_are_reported_as_they_come(command):
    """A slow producer on a pipe: each document's line is out before the next document is sent."""
    process = subprocess.Popen(
        [sys.executable, "-m", "pat_models", command, "--type", "token"],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    broken = '{"id": 5}'
    seen = []
    # The document to see first: the first one sent, before a second one comes.
    order = [TOKENS[0], broken, TOKENS[1]] if command == "normalize" else [broken, *TOKENS[:2]]
    for text in order:
        process.stdin.write(f"{text}\n")
        process.stdin.flush()
        if command == "normalize" and text != broken:
            seen.append(json.loads(_line_within(process.stdout))["id"])
        elif command == "check" and text == broken:
            seen.append(_line_within(process.stdout).split(": ", 1)[1].strip())
        wait_until_blocked_reading(process)
    process.communicate(timeout=60)

    if command == "normalize":
        assert seen == [json.loads(TOKENS[0])["id"], json.loads(TOKENS[1])["id"]]
    else:
        assert seen == ["$.id: expected a string, got integer"]


def test_a_utf_16_file_cat_after_a_utf_8_one_ends_and_keeps_the_utf_8_documents(tmp_path):
    """Its zero bytes are NULs in UTF-8: problems, each read past, and no end to wait for."""
    (tmp_path / "a").write_text(NDJSON)

    result = _sh(
        "iconv -f UTF-8 -t UTF-16 a > b && cat a b | pat-models check --type token", tmp_path
    )

    valid, invalid = result.stderr.removesuffix(" invalid\n").split(" valid, ")
    assert int(valid) == len(TOKENS)
    assert int(invalid) >= 1
    assert "Traceback" not in result.stderr
