"""
Mutation testing of pat_models, every mutant in a fresh process.

    pip install '.[test]' mutmut
    python mutation/run.py                     # every module: hours on two cores
    python mutation/run.py _datetime _audit    # some of them

mutmut (configured in setup.cfg) writes the mutants into ``mutants/``: each
function of ``pat_models`` becomes a trampoline that runs the mutant named by
the ``MUTANT_UNDER_TEST`` environment variable.  ``mutmut run`` would then
fork its workers from a process that has already used pat_models, whose
hooks are generated and whose orjson is looked up once, at first use, so
that mutants there would be credited only to the tests that happened to run
first; and the command line is tested through subprocesses, which it does not
follow.  So each mutant runs here in a new interpreter, subprocesses included:
first against its module's own tests, stopping at the first failure; a
survivor then against the other fast tests, and last against the slow ones.

Every survivor is written to ``mutation/results/MODULE.txt``; one listed in
``mutation/equivalent.txt`` with the reason it cannot be told apart counts
as equivalent, and the score is of the others.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MUTANTS = ROOT / "mutants"
RESULTS = ROOT / "mutation" / "results"
TESTS = sorted(path.name for path in (ROOT / "tests").glob("test_*.py"))
SLOW = {"test_fuzz.py", "test_sdk.py", "test_benchmarks.py", "test_typing.py", "test_vendoring.py"}
OWN = {
    "_absent": ["test_models.py"],
    "_api": ["test_api.py", "test_rounding.py"],
    "_audit": ["test_audit.py", "test_cli.py"],
    "_checks": ["test_checks.py"],
    "_cli": ["test_cli.py"],
    "_converter": ["test_converter.py", "test_family.py"],
    "_errors": ["test_converter.py", "test_family.py"],
    "_expiry": ["test_expiry.py"],
    "_input": ["test_cli.py"],
    "_models": ["test_models.py", "test_checks.py"],
    "_redact": ["test_secrets.py", "test_cli.py"],
    "_rounding": ["test_rounding.py"],
    "_shapes": ["test_schema.py", "test_converter.py"],
}
"""The tests that exercise a module, where they are not simply test_MODULE.py."""
TIMEOUT = 300
"""Seconds a mutant may run a set of tests; one that hangs them is caught."""


def main() -> None:
    """Generate the mutants, run those of the modules asked for, and print each module's score."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("modules", nargs="*", help="modules of pat_models, as _datetime")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument(
        "--own", action="store_true", help="run each mutant against its module's tests alone"
    )
    args = parser.parse_args()
    _generate()
    modules = args.modules or sorted(path.name[: -len(".py.meta")] for path in _metas())
    equivalent = _equivalent()
    RESULTS.mkdir(exist_ok=True)
    print("| module | mutants | killed | equivalent | score |")
    print("|---|---:|---:|---:|---:|")
    for module in modules:
        names = _mutants(module)
        if not names:
            continue
        survivors = _survivors(module, names, args.jobs, own_only=args.own)
        (RESULTS / f"{module}.txt").write_text("".join(f"{name}\n" for name in survivors))
        known = [name for name in survivors if name in equivalent]
        killed = len(names) - len(survivors)
        score = killed / (len(names) - len(known)) if len(names) > len(known) else 1.0
        print(f"| {module} | {len(names)} | {killed} | {len(known)} | {score:.1%} |", flush=True)


def _generate() -> None:
    """Write the mutants with mutmut, and beside them what the tests read."""
    shutil.rmtree(MUTANTS, ignore_errors=True)
    # mutmut has no command that only generates; its run command starts here.
    code = "from mutmut.__main__ import create_mutants; create_mutants(os.cpu_count() or 1)"
    subprocess.run([sys.executable, "-c", f"import os; {code}"], cwd=ROOT, check=True)
    for name in ("tests", "examples", "benchmarks"):
        shutil.copytree(ROOT / name, MUTANTS / name)
    for name in ("setup.cfg", "pyproject.toml"):
        shutil.copy(ROOT / name, MUTANTS / name)


def _metas() -> list[Path]:
    return sorted((MUTANTS / "pat_models").glob("*.py.meta"))


def _mutants(module: str) -> list[str]:
    meta = MUTANTS / "pat_models" / f"{module}.py.meta"
    return sorted(json.loads(meta.read_text())["exit_code_by_key"], key=_natural)


def _natural(name: str) -> tuple[str, int]:
    function, _, number = name.rpartition("_")
    return function, int(number)


def _survivors(module: str, names: list[str], jobs: int, *, own_only: bool) -> list[str]:
    own = OWN.get(module, [f"test_{module.lstrip('_')}.py"])
    if _killed("no mutant", own):
        sys.exit(f"{module}: its tests fail with no mutant active; fix that first")
    rest = [name for name in TESTS if name not in own and name not in SLOW]
    slow = [name for name in TESTS if name in SLOW and name not in own]
    for tests in (own,) if own_only else (own, rest, slow):
        with ThreadPoolExecutor(jobs) as pool:
            outcomes = list(pool.map(lambda name, tests=tests: _killed(name, tests), names))
        names = [name for name, killed in zip(names, outcomes, strict=True) if not killed]
    return names


def _killed(name: str, tests: list[str]) -> bool:
    """Run *tests* in a new interpreter with mutant *name* active; tell whether one failed."""
    command = [sys.executable, "-m", "pytest", "-x", "-q", "-p", "no:cacheprovider"]
    environment = {**os.environ, "MUTANT_UNDER_TEST": name, "PYTHONDONTWRITEBYTECODE": "1"}
    try:
        done = subprocess.run(
            [*command, *(f"tests/{test}" for test in tests)],
            cwd=MUTANTS,
            env=environment,
            capture_output=True,
            timeout=TIMEOUT,
            check=False,
        )
    except subprocess.TimeoutExpired:
        return True
    return done.returncode not in (0, 5)  # 5: no test was collected


def _equivalent() -> set[str]:
    path = ROOT / "mutation" / "equivalent.txt"
    lines = path.read_text().splitlines() if path.exists() else []
    return {line.split()[0] for line in lines if line.strip() and not line.startswith("#")}


if __name__ == "__main__":
    main()
