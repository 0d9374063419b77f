"""
The test suite on every Python pat_models supports, and without its optional orjson.

    pip install nox && nox                 # every session
    nox -s tests-3.13                      # one of them
    nox -s no_orjson -- -k datetime        # arguments after -- go to pytest

Each session installs the project into a fresh virtual environment and runs
the README's test command.  nox finds the interpreters by name
(``python3.10``); with pyenv, ``pyenv local 3.11.7 3.10.13 3.12.1 3.13.0``
(your versions) makes them all reachable.
"""

import nox

nox.options.default_venv_backend = "venv"
nox.options.error_on_missing_interpreters = True

PYTHONS = ["3.10", "3.11", "3.12", "3.13"]
"""Every Python setup.cfg accepts, oldest first."""


@nox.session(python=PYTHONS)
def tests(session: nox.Session) -> None:
    """Run the whole suite, orjson and the official SDK included."""
    session.install(".[test,sdk]")
    session.run("python", "-m", "pytest", *session.posargs)


@nox.session(python=PYTHONS[-1])
def no_orjson(session: nox.Session) -> None:
    """Run the whole suite with the standard library's JSON alone, as a user without the extra."""
    session.install(".[test]")
    session.run("python", "-m", "pip", "uninstall", "--yes", "--quiet", "orjson")
    session.run("python", "-c", "import importlib.util as u; assert not u.find_spec('orjson')")
    session.run("python", "-m", "pytest", *session.posargs)
