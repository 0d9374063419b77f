"""A copy of the library under another name, without its command line, works and type-checks."""

import importlib
import shutil
import subprocess
import sys
import venv
from pathlib import Path

import pytest

import pat_models

from .payloads import SEED

pytestmark = pytest.mark.tooling

SCRIPT = """
import json, sys
from acme._vendor import patm

tok = patm.loads(sys.stdin.read(), patm.CreatePersonalAccessTokenResponse)
assert "pat_models" not in sys.modules, "the copy imported the installed package"
print(patm.dumps(tok))
"""

LIBRARY = Path(pat_models.__file__).parent
LEFT_BEHIND = shutil.ignore_patterns("cli", "sansio", "__main__.py", "__pycache__")
"""What the README's Vendoring section says a library-only copy leaves out."""


def _vendor(root, ignore=LEFT_BEHIND):
    """Copy the library as the README says, into acme/_vendor/patm under *root*."""
    vendor = root / "acme" / "_vendor"
    shutil.copytree(LIBRARY, vendor / "patm", ignore=ignore)
    (root / "acme" / "__init__.py").touch()
    (vendor / "__init__.py").touch()
    return vendor / "patm"


def test_a_vendored_copy_without_the_command_line_works_under_another_name(tmp_path):
    """The copy round-trips the seed with no command line and no original to fall back on."""
    copy = _vendor(tmp_path)
    assert not (copy / "cli").exists()
    assert not (copy / "sansio").exists()

    result = subprocess.run(
        [sys.executable, "-c", SCRIPT],
        input=SEED,
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env={"PYTHONPATH": str(tmp_path)},
        check=True,
    )

    assert (
        result.stdout
        == pat_models.dumps(pat_models.loads(SEED, pat_models.CreatePersonalAccessTokenResponse))
        + "\n"
    )


def test_the_library_never_imports_its_command_line_nor_its_calls():
    """Importing pat_models and using all of it leaves pat_models.cli and .sansio unimported."""
    code = (
        "import sys, pat_models as pm\n"
        "pm.json_schema(pm.CreatePersonalAccessTokenResponse)\n"
        "pm.check_version(pm.patch_name('x'), 'v2025')\n"
        "assert 'pat_models.cli' not in sys.modules, sorted(sys.modules)\n"
        "assert 'pat_models.sansio' not in sys.modules, sorted(sys.modules)\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_mypy_strict_passes_on_a_vendored_copy_without_orjson(tmp_path):
    """The copy without its command line type-checks where only attrs, cattrs and pendulum are."""
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
    assert not (site / "orjson").exists()
    copy = _vendor(tmp_path / "src", shutil.ignore_patterns("cli", "__main__.py", "__pycache__"))
    assert (copy / "sansio").exists()  # the calls, which need nothing more

    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-incremental",
         "--python-executable", str(python), "-p", "acme"],
        capture_output=True,
        text=True,
        cwd=copy.parent.parent.parent,
        check=False,
    )  # fmt: skip

    assert result.returncode == 0, result.stdout


def test_the_version_is_a_literal():
    """A vendored copy has no metadata to look its version up in."""
    assert isinstance(pat_models.__version__, str)
    assert pat_models.__version__[0].isdigit()


def test_every_package_of_the_library_is_shipped():
    """An installed copy that missed a subpackage could not start its command line."""
    setup = (LIBRARY.parent / "setup.cfg").read_text()
    shipped = {
        name.strip() for name in setup.split("packages =", 1)[1].split("\n", 1)[0].split(",")
    }
    packages = {
        ".".join(init.parent.relative_to(LIBRARY.parent).parts)
        for init in LIBRARY.rglob("__init__.py")
    }

    assert shipped == packages
