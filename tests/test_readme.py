"""The README shows what happens: its Python runs, its command lines print what it says."""

import importlib.util
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from pat_models.cli import main

pytestmark = pytest.mark.tooling

ROOT = Path(__file__).parent.parent
README = (ROOT / "README.md").read_text()


# The recipes that call a tenant run against a fake one, in tests/sansio/test_recipes.py.
CALLING = re.search(r"^## Calling the API\n(.*?)^##[^#]", README, re.DOTALL | re.MULTILINE)[1]


def test_python_examples_run(monkeypatch):
    """Every Python example in the README runs as shown, from the project's folder."""
    monkeypatch.chdir(ROOT)
    blocks = re.findall(r"```python\n(.*?)```", README.replace(CALLING, ""), re.DOTALL)

    assert blocks
    for block in blocks:
        if "pat_models.orjson" in block and importlib.util.find_spec("orjson") is None:
            continue  # the extra's own example, for those who installed it
        exec(block, {})  # noqa: S102


def _sessions():
    """Each console block's commands, with the output shown after each."""
    for block in re.findall(r"```console\n(.*?)```", README, re.DOTALL):
        commands = re.split(r"^\$ ", block, flags=re.MULTILINE)[1:]
        yield [tuple(command.split("\n", maxsplit=1)) for command in commands]


# The test command itself, and the install of what is under test already.
SKIPPED = ["pip install '.[test]' && python -m pytest"]
INSTALLED = "pip install . && "
SESSIONS = [s for s in _sessions() if s[0][0] not in SKIPPED]
HELP = [command for session in SESSIONS for command in session if command[0].endswith("--help")]


@pytest.mark.parametrize(
    "session",
    [s for s in SESSIONS if not any(command in HELP for command in s)],
    ids=lambda s: s[-1][0][:40],
)
def test_console_sessions_print_what_the_readme_shows(tmp_path, session):
    """
    Each console session, run in a folder with the examples, prints what the README shows.

    ``cat FILE`` shows a file the project ships, as it is.  Standard error is
    shown where it comes, as on a terminal.
    """
    shutil.copytree(ROOT / "examples", tmp_path / "examples")
    environment = {**os.environ, "PYTHONPATH": str(ROOT), "PYTHONUNBUFFERED": "1"}
    command_line = f'"{sys.executable}" -m pat_models'
    for command, shown in session:
        if command.startswith("cat "):
            name = command.removeprefix("cat ")
            assert (ROOT / name).read_text() == shown, f"{name} is shipped as the README shows it"
            continue
        line = command.removeprefix(INSTALLED).replace("pat-models", command_line)
        done = subprocess.run(
            ["sh", "-c", line],  # noqa: S607 - the shell the README is written for
            cwd=tmp_path,
            env=environment,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            check=False,
        )

        assert done.stdout.rstrip("\n") == shown.rstrip("\n"), command


@pytest.mark.parametrize(("command", "shown"), HELP, ids=[command for command, _ in HELP])
def test_the_help_is_what_the_readme_shows(monkeypatch, capsys, command, shown):
    """
    Each command's help is word for word what the README shows.

    The words, whatever the terminal's width (the help is laid out at 100
    columns), not the layout: argparse lays out a list of commands
    differently from one Python to the next.
    """
    monkeypatch.setenv("COLUMNS", "40")

    with pytest.raises(SystemExit) as exit_:
        main(command.split()[1:])

    assert exit_.value.code == 0
    assert capsys.readouterr().out.split() == shown.split()
