"""
How much code a reader of pat_models meets: code lines on the loads/dumps path, and in the library.

Code lines are those left once blank lines, comments and docstrings are
taken out.  The path is every module whose functions run from ``import
pat_models`` through `loads` and `dumps` of the create response; the library is every module but ``cli/``, ``orjson.py``,
``__main__.py``, ``sansio/`` and ``testing.py``.

    python benchmarks/weight.py [package-folder]
"""

from __future__ import annotations

import ast
import io
import subprocess
import sys
import tokenize
from pathlib import Path

ROOT = Path(__file__).parent.parent
_TRACE = """
import sys
seen = set()
def trace(frame, event, arg):
    if event == "call" and frame.f_code.co_flags & 1:  # CO_OPTIMIZED: a function, not a body
        seen.add(frame.f_code.co_filename)
sys.setprofile(trace)
import {name} as pm
text = open({seed!r}).read()
pm.dumps(pm.loads(text, pm.CreatePersonalAccessTokenResponse))
sys.setprofile(None)
print("\\n".join(sorted(seen)))
"""


def code_lines(path: Path) -> int:
    """Count the lines of *path* that hold code: not blank, not a comment, not a docstring."""
    source = path.read_text()
    docstrings: set[int] = set()
    for node in ast.walk(ast.parse(source)):
        value = node.value if isinstance(node, ast.Expr) else None
        if isinstance(value, ast.Constant) and isinstance(value.value, str):
            docstrings.update(range(node.lineno, (node.end_lineno or node.lineno) + 1))
    lines = set()
    for token in tokenize.generate_tokens(io.StringIO(source).readline):
        if token.type in (tokenize.COMMENT, tokenize.NL, tokenize.NEWLINE, tokenize.ENCODING):
            continue
        if token.type in (tokenize.INDENT, tokenize.DEDENT, tokenize.ENDMARKER):
            continue
        lines.update(range(token.start[0], token.end[0] + 1))
    return len(lines - docstrings)


def _library(package: Path) -> list[Path]:
    left_out = {"cli", "sansio"}
    return [
        path
        for path in sorted(package.rglob("*.py"))
        if not left_out & set(path.relative_to(package).parts[:-1])
        and path.name not in ("orjson.py", "__main__.py", "testing.py")
    ]


def _on_path(package: Path) -> list[Path]:
    script = _TRACE.format(name=package.name, seed=str(ROOT / "examples" / "create-response.json"))
    out = subprocess.run(
        [sys.executable, "-c", script],
        cwd=package.parent,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    files = {Path(line).resolve() for line in out.splitlines()}
    return [path for path in sorted(package.rglob("*.py")) if path.resolve() in files]


def main() -> None:
    package = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "pat_models"
    on_path = _on_path(package.resolve())
    for path in on_path:
        print(f"  {code_lines(path):5d}  {path.relative_to(package)}")
    print(f"loads/dumps path: {sum(map(code_lines, on_path))} code lines in {len(on_path)} modules")
    print(f"library:          {sum(map(code_lines, _library(package)))} code lines")


if __name__ == "__main__":
    main()
