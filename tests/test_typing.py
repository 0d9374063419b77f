import importlib
import shutil
import subprocess
import sys
import venv
from pathlib import Path

import pytest

ROOT = Path(__file__).parent.parent
MYPY = [sys.executable, "-m", "mypy", "--strict", "--no-incremental"]


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


def test_mypy_strict_passes_without_the_optional_orjson(tmp_path):
    """A vendored copy type-checks where only attrs, cattrs and pendulum are installed."""
    bare = tmp_path / "venv"
    venv.create(bare, with_pip=False)
    python = bare / "bin" / "python"
    site = Path(
        subprocess.check_output(
            [python, "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"], text=True
        ).strip()
    )
    for name in ("attr", "attrs", "cattrs", "pendulum"):
        package = Path(importlib.import_module(name).__file__).parent
        (site / name).symlink_to(package)
    shutil.copytree(ROOT / "pat_models", tmp_path / "vendored")
    assert not (site / "orjson").exists()

    result = subprocess.run(
        [*MYPY, "--python-executable", str(python), "vendored"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        check=False,
    )

    assert result.returncode == 0, result.stdout
