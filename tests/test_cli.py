import json
import subprocess
import sys
from pathlib import Path

import pytest

from .payloads import SECRET, SEED

EXAMPLE = Path(__file__).parent.parent / "examples" / "create-response.json"


def run(*args, stdin=""):
    return subprocess.run(
        [sys.executable, "-m", "pat_models", *args],
        input=stdin,
        capture_output=True,
        text=True,
        check=False,
    )


def test_check_summarises_a_valid_response():
    """A valid file gets one line naming the token, exit 0, and no secret."""
    result = run("check", str(EXAMPLE))

    assert result.returncode == 0
    assert result.stdout == (
        f"{EXAMPLE}: ok: token 86f1dc6fe8f54414950454cbb11278fa 'NodeJS Integration' of Support, "
        "created 2017-07-11T18:45:37.098Z, expires 2018-01-11T18:45:37.098Z\n"
    )
    assert SECRET not in result.stdout + result.stderr


def test_check_reads_stdin():
    """``-`` reads the document from standard input."""
    doc = {**json.loads(SEED), "expirationDate": None}

    result = run("check", "-", stdin=json.dumps(doc))

    assert result.returncode == 0
    assert result.stdout.startswith("-: ok: ")
    assert result.stdout.endswith(", never expires\n")


def test_check_lists_every_problem_with_its_path():
    """An invalid file gets a line per problem and exit 1, and never shows the secret."""
    doc = {**json.loads(SEED), "secret": [SECRET], "owner": {"id": 1}}

    result = run("check", "-", stdin=json.dumps(doc))

    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        "-: $.secret: expected a string, got array",
        "-: $.owner.id: expected a string, got integer",
    ]
    assert SECRET not in result.stdout + result.stderr


def test_check_reports_an_unreadable_file_with_status_2(tmp_path):
    """A missing file is a usage problem, reported on stderr, not a traceback."""
    result = run("check", str(tmp_path / "missing.json"))

    assert result.returncode == 2
    assert result.stderr == f"{tmp_path / 'missing.json'}: cannot read: No such file or directory\n"


@pytest.mark.parametrize("args", [[], ["check"], ["nonsense"]])
def test_usage_errors_exit_2(args):
    """A missing command or file is a usage error."""
    result = run(*args)

    assert result.returncode == 2
    assert "usage: pat-models" in result.stderr
