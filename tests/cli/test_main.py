"""The command line as a process: usage, help, exit statuses, closed and gone streams."""

import errno
import io
import json
import os
import signal
import subprocess
import sys

import pytest

import pat_models
from pat_models.cli import main

from ..payloads import SEED, listed_item
from .console import (
    AT,
    console,
    run,
    wait_until_blocked_reading,
    write,
)


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
        wait_until_blocked_reading(process)
        process.send_signal(signal.SIGINT)

        assert process.wait(timeout=30) == 130
        assert b"Traceback" not in process.stderr.read()
    finally:
        process.kill()
        process.wait()
        process.stdin.close()
        process.stderr.close()


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
    path = write(tmp_path / "named.json", json.dumps(listed_item("日本")))

    result = run("audit", "--at", AT, path, env={**os.environ, "PYTHONIOENCODING": "ascii"})

    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[1].startswith("\\u65e5\\u672c  ")


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


@pytest.mark.parametrize("args", [["--version"], ["--help"], ["check", "--help"]])
def test_help_and_version_to_a_full_disk_are_an_output_error(args):
    """Argparse would swallow the error and exit 0: here it is said, with status 74."""
    with open("/dev/full", "w") as full:
        result = subprocess.run(
            [sys.executable, "-m", "pat_models", *args],
            stdout=full,
            stderr=subprocess.PIPE,
            text=True,
            check=False,
        )

    assert result.returncode == 74
    assert result.stderr == "pat-models: cannot write the output: No space left on device\n"


@pytest.mark.parametrize("command", ["check", "normalize", "audit"])
def test_running_out_of_memory_is_a_message_and_status_71(tmp_path, command):
    """A document larger than the memory the process may take: no traceback, and not status 1."""
    resource = pytest.importorskip("resource")
    path = tmp_path / "huge.json"
    path.write_text('{"id": "a", "name": "' + "x" * (40 << 20) + '"}\n')

    def limit():
        resource.setrlimit(resource.RLIMIT_AS, (100 << 20, 100 << 20))

    done = subprocess.run(
        [sys.executable, "-m", "pat_models", command, str(path)],
        capture_output=True, text=True, check=False, preexec_fn=limit,
    )  # fmt: skip

    assert (done.returncode, done.stdout) == (71, "")
    assert (
        done.stderr == "pat-models: out of memory: a document larger than this machine can hold\n"
    )
