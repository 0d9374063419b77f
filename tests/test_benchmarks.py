"""The benchmark suite runs, so that its full run is known to work."""

import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.tooling

BENCH = Path(__file__).parent.parent / "benchmarks" / "bench.py"


def test_the_benchmark_suite_runs(tmp_path):
    """A tiny run of the suite prints every table, so the full run is known to work."""
    result = subprocess.run(
        [sys.executable, str(BENCH), "--smoke", "--output", str(tmp_path / "out.md")],
        capture_output=True,
        text=True,
        check=False,
        timeout=600,
    )

    assert result.returncode == 0, result.stderr
    for heading in [
        "## Against the hand-written floor",
        "## loads and dumps: create response",
        "## loads and dumps: 20-token listing",
        "## Import time",
        "## Ten times the input",
        "## Memory per loaded token",
        "## `pat-models check` on NDJSON",
        "## `pat-models audit` against `check`",
        "## Long tokens",
    ]:
        assert heading in result.stdout
    assert "| pat_models | yes |" in result.stdout
    assert not (tmp_path / "out.md").exists()
