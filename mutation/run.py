"""
Mutation testing of pat_models, every mutant in a fresh process.

    pip install '.[test]' mutmut
    python mutation/run.py                     # every module
    python mutation/run.py _timestamps cli._audit    # some of them
    python mutation/run.py --again             # the last run's survivors only
    python mutation/run.py --show pat_models._timestamps.x_parse_timestamp__mutmut_25

mutmut (configured in setup.cfg) writes the mutants into ``mutants/``: each
function of ``pat_models`` becomes a trampoline that runs the mutant named by
the ``MUTANT_UNDER_TEST`` environment variable.  ``mutmut run`` would fork
its workers from a process that has already used pat_models, whose hooks are
generated and whose orjson is looked up once, at first use, so that mutants
there would be credited only to the tests that happened to run first; and
the command line is tested through subprocesses, which it does not follow.
So here each mutant's tests run in a child forked before pat_models is
imported, with the mutant named in its environment, subprocesses included.

Which tests run is read from coverage, measured once per state of the tree
on the unmutated code, every test file in a process of its own and every
subprocess under the test that started it: the tests that ran the mutated
function, fastest first, stopping at the first failure.  The slow files
(the fuzz, the official SDK, the benchmarks, mypy, vendoring) are left to
``--whole-files``, which runs each survivor again against every test file
that ran its function, whole: a test that only used what another test built
(a generated hook) does not run the function that built it.  Properties try
10 examples each instead of 100 (the ``mutation`` hypothesis profile): a
mutant most often breaks every example.  Left out: the tests that fail among
the trampolines with no mutant active (the import-time check, mypy).

A function that no test runs leaves its mutants alive.  Every survivor is
written to ``mutation/results/MODULE.txt``; one listed in
``mutation/equivalent.txt`` with the reason it cannot be told apart counts
as equivalent, and the score is of the others.  These are lower bounds of
what the whole suite kills: a fuller run can only kill more.
"""

from __future__ import annotations

import argparse
import ast
import difflib
import hashlib
import json
import os
import queue
import re
import shutil
import subprocess
import sys
import tempfile
from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import TextIO, cast
from xml.etree import ElementTree as ET

ROOT = Path(__file__).resolve().parent.parent
MUTANTS = ROOT / "mutants"
RESULTS = ROOT / "mutation" / "results"
TESTS = sorted(
    str(path.relative_to(ROOT / "tests")) for path in (ROOT / "tests").rglob("test_*.py")
)
SLOW = {"test_fuzz.py", "test_sdk.py", "test_benchmarks.py", "test_typing.py", "test_vendoring.py"}
"""Test files that take long: left to --whole-files."""
TIMEOUT = 600
"""Seconds a mutant may run a set of tests; one that hangs them is caught."""
FIRST = 4
"""Tests run first on their own, the fastest of those that ran a mutant's function."""
_MUTATED = {**os.environ, "PYTHONPATH": str(MUTANTS), "PYTHONDONTWRITEBYTECODE": "1"}
"""
The environment of the mutants' tests: the installed ``pat-models`` script
they start imports pat_models from ``mutants/`` too, not the project's own.
"""

COVERAGE_RC = """\
[run]
source = pat_models
parallel = true
data_file = {data_file}
dynamic_context = test_function
context = ${{PYTEST_CURRENT_TEST-}}
"""
"""Coverage of a test file: a subprocess takes the test that started it as its context."""

CONFTEST = """
from hypothesis import HealthCheck, settings

settings.register_profile(
    "mutation",
    max_examples=10,
    deadline=None,
    database=None,
    suppress_health_check=list(HealthCheck),
)
settings.load_profile("mutation")
"""
"""Fewer examples per property among the mutants: a mutant most often breaks every one."""

Selection = dict[str, tuple[list[str], list[str]]]
"""
For each function, by mutmut's name for it: what to run first (the quick tests
that ran it, then the quick files that ran it at import), and every file that ran it.
"""


def main() -> None:
    """Generate the mutants, run those of the modules asked for, and print each module's score."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "modules", nargs="*", help="modules of pat_models, as _timestamps or cli._audit"
    )
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument(
        "--again",
        action="store_true",
        help="run only the survivors of the last run again, but those listed as equivalent",
    )
    parser.add_argument(
        "--whole-files",
        action="store_true",
        help="run each survivor once more against every test file that ran its function",
    )
    parser.add_argument("--show", metavar="MUTANT", help="print a mutant's change, and stop")
    args = parser.parse_args()
    if args.show:
        print(_diff(args.show))
        return
    selection = _selection(args.jobs)
    _generate()
    modules = args.modules or sorted(_module_of(path) for path in _metas())
    equivalent = _equivalent()
    RESULTS.mkdir(exist_ok=True)
    _baseline(args.whole_files)
    print("| module | mutants | killed | equivalent | score |")
    print("|---|---:|---:|---:|---:|")
    for module in modules:
        every = _mutants(module)
        if not every:
            continue
        names, kept = every, []
        if args.again and (RESULTS / f"{module}.txt").exists():
            last = (RESULTS / f"{module}.txt").read_text().split()
            names = [name for name in last if name not in equivalent]
            kept = [name for name in last if name in equivalent]  # known: not run again
        with ThreadPoolExecutor(args.jobs) as pool:
            outcomes = list(
                pool.map(lambda name: _survives(name, selection, args.whole_files), names)
            )
        survivors = kept + [name for name, alive in zip(names, outcomes, strict=True) if alive]
        survivors.sort(key=_natural)
        (RESULTS / f"{module}.txt").write_text("".join(f"{name}\n" for name in survivors))
        known = [name for name in survivors if name in equivalent]
        killed = len(every) - len(survivors)
        score = killed / (len(every) - len(known)) if len(every) > len(known) else 1.0
        print(f"| {module} | {len(every)} | {killed} | {len(known)} | {score:.1%} |", flush=True)


def _survives(name: str, selection: Selection, whole_files: bool) -> bool:
    tests, files = selection.get(_function(name), ([], []))
    quick = tests or [file for file in files if not _is_slow(file)]
    # Most mutants fail one of the first tests: running those alone first
    # spares collecting every test file for them.
    first, rest = quick[:FIRST], quick[FIRST:]
    survived = not files or not ((first and _killed(name, first)) or (rest and _killed(name, rest)))
    if survived and whole_files and files:
        survived = not _killed(name, files)
    print(f"{'survived' if survived else 'killed'} {name}", file=sys.stderr, flush=True)
    return survived


def _function(mutant: str) -> str:
    """``pat_models._api.x_loads__mutmut_3`` -> ``pat_models._api.x_loads``."""
    return mutant.rpartition("__mutmut_")[0]


def _generate() -> None:
    """Write the mutants with mutmut, compiled, and beside them what the tests read."""
    shutil.rmtree(MUTANTS, ignore_errors=True)
    # mutmut has no command that only generates; its run command starts here.
    code = "from mutmut.__main__ import create_mutants; create_mutants(os.cpu_count() or 1)"
    subprocess.run([sys.executable, "-c", f"import os; {code}"], cwd=ROOT, check=True)
    # Every interpreter started for a mutant would otherwise compile five
    # megabytes of trampolines again: the command line's tests start hundreds.
    compile_all = [sys.executable, "-m", "compileall", "-q", "pat_models"]
    subprocess.run(compile_all, cwd=MUTANTS, check=True)
    for name in ("tests", "examples", "benchmarks"):
        shutil.copytree(ROOT / name, MUTANTS / name)
    for path in [ROOT / "setup.cfg", ROOT / "pyproject.toml", *ROOT.glob("*.md")]:
        shutil.copy(path, MUTANTS / path.name)
    (MUTANTS / "conftest.py").write_text(CONFTEST)


def _metas() -> list[Path]:
    return sorted((MUTANTS / "pat_models").rglob("*.py.meta"))


def _module_of(meta: Path) -> str:
    """``mutants/pat_models/cli/_audit.py.meta`` -> ``cli._audit``."""
    relative = meta.relative_to(MUTANTS / "pat_models").as_posix()
    return relative.removesuffix(".py.meta").replace("/", ".")


def _mutants(module: str) -> list[str]:
    meta = MUTANTS / "pat_models" / f"{module.replace('.', '/')}.py.meta"
    return sorted(json.loads(meta.read_text())["exit_code_by_key"], key=_natural)


def _natural(name: str) -> tuple[str, int]:
    function, _, number = name.rpartition("_")
    return function, int(number)


DESELECTED: list[str] = []
"""Tests left out of every run: those that fail with no mutant active."""


def _baseline(whole_files: bool) -> None:
    """Find the tests that cannot pass among the trampolines, to leave them out."""
    tests = [f"tests/{name}" for name in TESTS if whole_files or name not in SLOW]
    command = [sys.executable, "-m", "pytest", "-q", "-rf", "-p", "no:cacheprovider", *DESELECTED]
    command += tests
    environment = {**_MUTATED, "MUTANT_UNDER_TEST": "no mutant"}
    done = subprocess.run(
        command, cwd=MUTANTS, env=environment, capture_output=True, text=True, check=False
    )
    failed = re.findall(r"^FAILED (\S+)", done.stdout, re.MULTILINE)
    for test in failed:
        print(f"left out, fails with no mutant: {test}", file=sys.stderr)
        DESELECTED.extend(["--deselect", test])


SERVER = """
import os, signal, sys
sys.path.insert(0, os.getcwd())
# What every run imports, once: each mutant's run is forked from here.
import attrs, cattrs, pendulum, pytest, mutmut.mutation.trampoline  # not hypothesis: a plugin
for line in sys.stdin:
    name, timeout, *tests = line.rstrip("\\n").split("\\t")
    child = os.fork()
    if child == 0:
        os.setpgid(0, 0)
        os.environ["MUTANT_UNDER_TEST"] = name
        quiet = os.open(os.devnull, os.O_WRONLY)
        os.dup2(quiet, 1)
        os.dup2(quiet, 2)
        signal.alarm(int(timeout))
        os._exit(int(pytest.main(["-x", "-q", "-p", "no:cacheprovider", *tests])))
    _, status = os.waitpid(child, 0)
    try:
        os.killpg(child, signal.SIGKILL)  # what a hung test started
    except OSError:
        pass
    print(os.waitstatus_to_exitcode(status), flush=True)
"""
"""Runs tests for one mutant after another, each in a child forked before pat_models is imported."""

_servers: queue.SimpleQueue[subprocess.Popen[str]] = queue.SimpleQueue()


def _killed(name: str, tests: list[str]) -> bool:
    """Run *tests* with mutant *name* active in a new process; tell whether one failed."""
    try:
        server = _servers.get_nowait()
    except queue.Empty:
        server = subprocess.Popen(
            [sys.executable, "-c", SERVER],
            cwd=MUTANTS,
            env=_MUTATED,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
    stdin, stdout = cast("TextIO", server.stdin), cast("TextIO", server.stdout)
    stdin.write("\t".join([name, str(TIMEOUT), *DESELECTED, *tests]) + "\n")
    stdin.flush()
    code = int(stdout.readline())
    _servers.put(server)
    return code not in (0, 5)  # 5: no test was collected; a timeout kills by SIGALRM


def _selection(jobs: int) -> Selection:
    """Measure the tests and test files that run each function, once per state of the tree."""
    sources = sorted((ROOT / "pat_models").rglob("*.py")) + sorted((ROOT / "tests").rglob("*.py"))
    digest = hashlib.sha256(b"".join(path.read_bytes() for path in sources)).hexdigest()[:16]
    cached = RESULTS / f"selection-{digest}.json"
    if cached.exists():
        return {key: tuple(value) for key, value in json.loads(cached.read_text()).items()}
    lines = _function_lines()
    tests: defaultdict[str, set[str]] = defaultdict(set)
    files: defaultdict[str, set[str]] = defaultdict(set)
    outside: defaultdict[str, set[str]] = defaultdict(set)  # files that ran it outside a test
    seconds: dict[str, float] = {}
    with ThreadPoolExecutor(jobs) as pool:
        for test_file, (ran, took) in zip(TESTS, pool.map(_coverage, TESTS), strict=True):
            seconds |= took
            seconds[f"tests/{test_file}"] = sum(took.values())
            for (path, line), contexts in ran.items():
                for function in lines.get(path, {}).get(line, ()):
                    files[function].add(f"tests/{test_file}")
                    tests[function].update(filter(None, map(_node, contexts)))
                    if any(not _node(context) for context in contexts):
                        outside[function].add(f"tests/{test_file}")

    def fastest_first(tests: set[str]) -> list[str]:
        return sorted(tests, key=lambda test: (seconds.get(test, 0.0), test))

    # What runs at import (a class body's field, a transformer) is credited to
    # no test: the whole files that imported it come after the tests that did.
    selection = {
        function: (
            fastest_first({test for test in tests[function] if not _is_slow(test)})
            + fastest_first({file for file in outside[function] if not _is_slow(file)}),
            fastest_first(files[function]),
        )
        for function in files
    }
    RESULTS.mkdir(parents=True, exist_ok=True)
    cached.write_text(json.dumps(selection, indent=1))
    return selection


def _is_slow(test: str) -> bool:
    return test.split("::", maxsplit=1)[0].removeprefix("tests/") in SLOW


def _function_lines() -> dict[str, dict[int, list[str]]]:
    """For each source file, the lines of each function's body, by mutmut's name of it."""
    lines: dict[str, dict[int, list[str]]] = {}
    for path in sorted((ROOT / "pat_models").rglob("*.py")):
        module = ".".join(path.relative_to(ROOT).with_suffix("").parts)
        by_line: defaultdict[int, list[str]] = defaultdict(list)
        tree = ast.parse(path.read_text())
        for node in tree.body:
            functions = [(f"x_{node.name}", node)] if isinstance(node, ast.FunctionDef) else []
            if isinstance(node, ast.ClassDef):
                functions = [
                    (f"x\u01c1{node.name}\u01c1{method.name}", method)
                    for method in node.body
                    if isinstance(method, ast.FunctionDef)
                ]
            for name, function in functions:
                for line in range(function.body[0].lineno, (function.end_lineno or 0) + 1):
                    by_line[line].append(f"{module}.{name}")
        lines[str(path)] = dict(by_line)
    return lines


def _coverage(test_file: str) -> tuple[dict[tuple[str, int], set[str]], dict[str, float]]:
    """
    Run one test file under coverage.

    Return, for each line of pat_models it ran, the tests that did, and the
    seconds each test function took.
    """
    import coverage  # noqa: PLC0415 - only the measurement needs it

    with tempfile.TemporaryDirectory() as scratch:
        rc = Path(scratch) / "coveragerc"
        data_file = Path(scratch) / "data"
        rc.write_text(COVERAGE_RC.format(data_file=data_file))
        # The subprocesses start coverage from COVERAGE_PROCESS_START, reading
        # the configuration anew, so that their context is their test.
        environment = {**os.environ, "COVERAGE_RCFILE": str(rc), "COVERAGE_PROCESS_START": str(rc)}
        environment.pop("MUTANT_UNDER_TEST", None)
        junit = Path(scratch) / "junit.xml"
        command = ["-m", "pytest", "-q", "-p", "no:cacheprovider", f"--junitxml={junit}"]
        command.append(f"tests/{test_file}")
        subprocess.run(
            [sys.executable, "-m", "coverage", "run", *command],
            cwd=ROOT,
            env=environment,
            capture_output=True,
            check=False,
        )
        subprocess.run(
            [sys.executable, "-m", "coverage", "combine", scratch],
            cwd=ROOT,
            env=environment,
            capture_output=True,
            check=True,
        )
        data = coverage.CoverageData(basename=str(data_file))
        data.read()
        ran: dict[tuple[str, int], set[str]] = {}
        for path in data.measured_files():
            for line, contexts in (data.contexts_by_lineno(path) or {}).items():
                ran[(path, line)] = set(contexts)
        took: defaultdict[str, float] = defaultdict(float)
        for case in ET.parse(junit).iter("testcase"):  # noqa: S314 - pytest's own report
            module, _, name = case.get("classname", "").rpartition(".")
            node = (
                f"{module.replace('.', '/')}.py::{name}::{case.get('name')}"
                if name[:1].isupper()
                else f"{case.get('classname', '').replace('.', '/')}.py::{case.get('name')}"
            )
            took[node.split("[", maxsplit=1)[0]] += float(case.get("time", 0))
        return ran, dict(took)


def _node(context: str) -> str:
    """Return the pytest node id of the test function a coverage context names, or ''."""
    for part in context.split("|"):
        if "::" in part:  # a subprocess's: "tests/test_cli.py::test_x[case] (call)"
            return part.split(" (")[0].split("[")[0]
        if part.startswith("tests."):  # the test process's: "tests.test_cli.test_x"
            module, *names = part.removeprefix("tests.").split(".")
            return "::".join([f"tests/{module}.py", *names])
    return ""


def _diff(mutant: str) -> str:
    """Return the change *mutant* makes, as a diff of its function in ``mutants/``."""
    module, _, name = mutant.rpartition(".")
    source = (MUTANTS / f"{module.replace('.', '/')}.py").read_text()
    original_name = f"{_function(mutant).rpartition('.')[2]}__mutmut_orig"
    functions = {
        node.name: ast.get_source_segment(source, node) or ""
        for node in ast.walk(ast.parse(source))
        # Each segment costs a pass over the source: only the two wanted.
        if isinstance(node, ast.FunctionDef) and node.name in (original_name, name)
    }
    original, changed = functions[original_name], functions[name]
    return "".join(
        difflib.unified_diff(
            original.splitlines(keepends=True), changed.splitlines(keepends=True), n=1
        )
    )


def _equivalent() -> set[str]:
    path = ROOT / "mutation" / "equivalent.txt"
    lines = path.read_text().splitlines() if path.exists() else []
    return {line.split()[0] for line in lines if line.strip() and not line.startswith("#")}


if __name__ == "__main__":
    main()
