"""The layers apart from the core (the command line, the calls) use its public names alone."""

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).parent.parent / "pat_models"
LAYERS = sorted([*PACKAGE.glob("cli/*.py"), *PACKAGE.glob("sansio/*.py")])


def private_imports(path):
    """Each import of *path* that reaches past its own layer into a private module or name."""
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom) and node.level == 1:
            continue  # the layer's own modules
        if isinstance(node, ast.ImportFrom):
            parts = (node.module or "").split(".")
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.Import):
            parts = [part for alias in node.names for part in alias.name.split(".")]
            names = []
            if "pat_models" not in parts:
                continue
        else:
            continue
        if isinstance(node, ast.ImportFrom) and node.level == 0 and parts[0] != "pat_models":
            continue  # another library's
        private = [
            part for part in [*parts, *names] if part.startswith("_") and not part.endswith("__")
        ]
        if private:
            yield f"{path.relative_to(PACKAGE.parent)}:{node.lineno}"


@pytest.mark.parametrize("path", LAYERS, ids=lambda path: f"{path.parent.name}/{path.name}")
def test_a_layer_imports_no_private_module_or_name_of_the_core(path):
    assert list(private_imports(path)) == []


def test_the_check_sees_a_private_import():
    """The rule itself, on what it must refuse and what it must let be."""
    probe = PACKAGE.parent / "tests" / "_layer_probe.py"
    probe.write_text(
        "from .._json import parse\nfrom ..sansio._http import x\nfrom .. import loads\n"
        "from ._own import y\nfrom attrs import _config\n"
    )
    try:
        found = list(private_imports(probe))
    finally:
        probe.unlink()

    assert found == ["tests/_layer_probe.py:1", "tests/_layer_probe.py:2"]
