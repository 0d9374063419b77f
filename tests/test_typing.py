import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).parent.parent
MYPY = [sys.executable, "-m", "mypy", "--strict", "--no-incremental"]

pytestmark = pytest.mark.tooling


@pytest.mark.parametrize("target", ["pat_models", "tests/typed_usage.py"])
def test_mypy_strict_passes(target):
    """The package and a caller's code type-check under mypy --strict."""
    result = subprocess.run(
        [*MYPY, target],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )

    assert result.returncode == 0, result.stdout
