"""Every byte of data written, or an error: a full disk is 74, a reader gone 141, JSON always UTF-8."""

import contextlib
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from ..payloads import listed_item
from .console import AT, TOKENS, run, write

UNICODE = listed_item(name="caf\u00e9 \U0001f600 \u4e2d")


@pytest.fixture(scope="module")
def listing(tmp_path_factory):
    """A listing of 12,000 tokens: about 4.6 MB, written in one piece."""
    path = tmp_path_factory.mktemp("listing") / "listing.json"
    path.write_text(json.dumps([listed_item(name=f"t{i}") for i in range(12_000)]))
    return path


@pytest.fixture
def small_disk():
    """A real file system of 1 MiB (tmpfs), where a large write is cut short."""
    where = Path(tempfile.mkdtemp())
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", str(where)],  # noqa: S607
        capture_output=True, check=False,
    )  # fmt: skip
    if mounted.returncode:
        pytest.skip(f"no tmpfs can be mounted here: {mounted.stderr.decode().strip()}")
    yield where
    subprocess.run(["umount", str(where)], check=False)  # noqa: S607
    with contextlib.suppress(OSError):
        where.rmdir()


def into(path, *args):
    """Run a command with its standard output sent to *path*, as a shell's > does."""
    with open(path, "wb") as out:
        return subprocess.run(
            [sys.executable, "-m", "pat_models", *args],
            stdout=out, stderr=subprocess.PIPE, text=True, check=False,
        )  # fmt: skip


def test_a_listing_cut_short_by_a_full_disk_is_exit_74_not_a_short_file(small_disk, listing):
    result = into(small_disk / "out.json", "normalize", str(listing))

    assert result.returncode == 74
    assert "cannot write the output: No space left on device" in result.stderr
    assert (small_disk / "out.json").stat().st_size < listing.stat().st_size


@pytest.mark.parametrize(
    "args",
    [("normalize", str(TOKENS)), ("audit", "--json", "--at", AT, str(TOKENS)), ("schema", "token")],
    ids=["normalize", "audit", "schema"],
)
def test_every_data_output_to_a_full_device_is_exit_74(args):
    assert into("/dev/full", *args).returncode == 74


def test_a_reader_that_leaves_is_exit_141(listing):
    shell = f"{sys.executable} -m pat_models normalize {listing} | head -c 10 >/dev/null"
    result = subprocess.run(
        ["bash", "-c", f"{shell}; echo ${{PIPESTATUS[0]}}"],  # noqa: S607
        capture_output=True, text=True, check=False,
    )  # fmt: skip

    assert result.stdout.strip() == "141"
    assert result.stderr == ""


@pytest.mark.parametrize("encoding", ["cp1252", "ascii", "latin-1"])
@pytest.mark.parametrize(
    "args",
    [("normalize",), ("audit", "--json", "--at", AT)],
    ids=["normalize", "audit"],
)
def test_json_is_written_as_utf_8_whatever_the_locale(tmp_path, encoding, args):
    path = write(tmp_path / "in.json", json.dumps([UNICODE]))
    env = {**os.environ, "PYTHONIOENCODING": encoding}

    result = subprocess.run(
        [sys.executable, "-m", "pat_models", *args, path], capture_output=True, check=False, env=env
    )

    written = json.loads(result.stdout.decode("utf-8"))
    assert written[0]["name"] == UNICODE["name"]
    assert "caf\u00e9".encode() in result.stdout
    assert run("check", stdin=result.stdout.decode("utf-8")).returncode == 0


def test_the_human_report_escapes_what_the_terminal_cannot_show(tmp_path):
    path = write(tmp_path / "in.json", json.dumps(UNICODE))
    env = {**os.environ, "PYTHONIOENCODING": "ascii"}

    result = subprocess.run(
        [sys.executable, "-m", "pat_models", "check", path],
        capture_output=True,
        check=False,
        env=env,
    )

    assert result.returncode == 0
    assert b"caf\\xe9 \\U0001f600" in result.stdout
    result.stdout.decode("ascii")  # nothing the terminal cannot show


@pytest.mark.parametrize("encoding", ["cp1252", "ascii"])
def test_fetch_writes_utf_8_whatever_the_locale(encoding):
    from ..sansio.tenant import CLIENT_ID, CLIENT_SECRET, Tenant  # noqa: PLC0415

    with Tenant() as tenant:
        tenant.add_token(UNICODE["name"])
        env = {
            **os.environ,
            "PYTHONIOENCODING": encoding,
            "SAIL_BASE_URL": tenant.base_url,
            "SAIL_CLIENT_ID": CLIENT_ID,
            "SAIL_CLIENT_SECRET": CLIENT_SECRET,
        }
        result = subprocess.run(
            [sys.executable, "-m", "pat_models", "fetch"], capture_output=True, check=False, env=env
        )

    assert result.returncode == 0
    assert json.loads(result.stdout.decode("utf-8"))[1]["name"] == UNICODE["name"]


def test_a_standard_output_left_non_blocking_still_gets_every_byte(listing):
    """A parent that set O_NONBLOCK on the pipe (Node does): the writer waits for the reader."""
    code = (
        "import fcntl, os, sys\n"
        "fcntl.fcntl(1, fcntl.F_SETFL, fcntl.fcntl(1, fcntl.F_GETFL) | os.O_NONBLOCK)\n"
        "os.execv(sys.executable, [sys.executable, '-m', 'pat_models', 'normalize', sys.argv[1]])\n"
    )
    shell = (
        f'{sys.executable} -c "$CODE" {listing} | {{ sleep 1; wc -c; }}; echo ${{PIPESTATUS[0]}}'
    )

    result = subprocess.run(
        ["bash", "-c", shell],  # noqa: S607 - the shell, as a user runs it
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "CODE": code},
    )

    size, status = result.stdout.split()
    expected = subprocess.run(
        [sys.executable, "-m", "pat_models", "normalize", str(listing)],
        capture_output=True,
        check=False,
    )
    assert (int(size), status) == (len(expected.stdout), "0")


def test_a_report_for_people_gets_every_byte_too(listing):
    """The audit table goes through the same writer: a full device is 74, a non-blocking pipe waits."""
    full = into("/dev/full", "audit", "--at", AT, str(listing))
    code = (
        "import fcntl, os, sys\n"
        "fcntl.fcntl(1, fcntl.F_SETFL, fcntl.fcntl(1, fcntl.F_GETFL) | os.O_NONBLOCK)\n"
        "os.execv(sys.executable, [sys.executable, '-m', 'pat_models', 'audit', '--at', sys.argv[2], sys.argv[1]])\n"
    )
    shell = f'{sys.executable} -c "$CODE" {listing} {AT} | {{ sleep 1; wc -c; }}'
    waited = subprocess.run(
        ["bash", "-c", shell],  # noqa: S607 - the shell, as a user runs it
        capture_output=True, text=True, check=False, env={**os.environ, "CODE": code},
    )  # fmt: skip
    expected = subprocess.run(
        [sys.executable, "-m", "pat_models", "audit", "--at", AT, str(listing)],
        capture_output=True, check=False,
    )  # fmt: skip

    assert full.returncode == 74
    assert int(waited.stdout) == len(expected.stdout)
