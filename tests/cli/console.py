"""Running the command line as a user does, and what every command test shares."""

import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

from ..payloads import LISTINGS, SEED

EXAMPLES = Path(__file__).parent.parent.parent / "examples"


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


PAT_MODELS = shutil.which("pat-models", path=str(Path(sys.executable).parent)) or "pat-models"


def console(*args, stdin="", shell=None):
    """Run the installed console script, or a shell line that does."""
    command = (
        ["sh", "-c", shell.replace("pat-models", PAT_MODELS)] if shell else [PAT_MODELS, *args]
    )
    return subprocess.run(command, input=stdin, capture_output=True, text=True, check=False)


def wait_until_blocked_reading(process, seconds=60):
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


def peak_rss_kib(*args, statuses=(0,)):
    process = subprocess.Popen(
        [sys.executable, "-m", "pat_models", *args],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    _, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    assert process.returncode in statuses
    return usage.ru_maxrss


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
