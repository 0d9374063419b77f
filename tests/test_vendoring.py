import shutil
import subprocess
import sys
from pathlib import Path

import pat_models

from .payloads import SEED

SCRIPT = """
import json, sys
from acme._vendor import patm

tok = patm.loads(sys.stdin.read(), patm.CreatePersonalAccessTokenResponse)
assert "pat_models" not in sys.modules, "the copy imported the installed package"
print(patm.dumps(tok))
"""


def test_a_vendored_copy_works_under_another_name(tmp_path):
    """A copy inside another package round-trips the seed without the original."""
    vendor = tmp_path / "acme" / "_vendor"
    shutil.copytree(Path(pat_models.__file__).parent, vendor / "patm")
    (tmp_path / "acme" / "__init__.py").touch()
    (vendor / "__init__.py").touch()

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


def test_the_version_is_a_literal():
    """A vendored copy has no metadata to look its version up in."""
    assert isinstance(pat_models.__version__, str)
    assert pat_models.__version__[0].isdigit()
