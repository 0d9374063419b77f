"""
`pat-models check` on files real tools write, at one size and four times it: time and memory must grow alike.

    python benchmarks/reading.py        # prints the table of BENCHMARKS.md

Each input is written to a temporary file; the command runs in a process of
its own, whose peak RSS is its own.  Time or memory growing faster than the
input shows as a ratio far beyond 4.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

TOKEN = {
    "id": "2c9180867b2ea5f9017b3b34d7b5082a",
    "name": "Nightly export",
    "scope": ["sp:scopes:all"],
    "owner": {"type": "IDENTITY", "id": "2c9180a46faadee4016fb4e018c20639", "name": "Support"},
    "created": "2026-05-15T09:00:00.000Z",
    "lastUsed": "2026-11-14T02:00:00.000Z",
    "managed": False,
    "accessTokenValiditySeconds": 43200,
    "expirationDate": "2026-11-15T09:00:00.000Z",
    "userAwareTokenNeverExpires": False,
}
LINE = json.dumps(TOKEN)


def junk_after_a_large_document(mb: int) -> str:
    """A pretty-printed listing of *mb* MB, then broken lines: each was once costly."""
    listing = json.dumps([TOKEN] * (mb * 1024 * 1024 // 500), indent=2)
    return listing + "\n" + '{"id": "cut\n' * (mb * 2000)


def cr_only_ndjson(mb: int) -> str:
    """NDJSON ended by lone carriage returns, a broken record among them."""
    lines = [LINE] * (mb * 1024 * 1024 // len(LINE))
    lines[len(lines) // 2] = '{"id": "cut'
    return "\r".join(lines) + "\r"


def blank_lines_after_a_broken_value(mb: int) -> str:
    """A value cut after a comma, then a run of blank lines, then a token."""
    return '{"id": "a",\n' + "\n" * (mb * 1024 * 1024) + LINE + "\n"


def nul_lines_between_tokens(mb: int) -> str:
    """Tokens around lines of NUL bytes, as a preallocated or crash-recovered log holds them."""
    return LINE + "\n" + "\0\n" * (mb * 1024 * 1024 // 2) + LINE + "\n"


def _run(case: str, mb: int) -> tuple[float, int, int]:
    """Time ``check`` of case *case* at *mb*; the file is written by a process of its own."""
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as file:
        pass
    # Written apart: a child forked from a process holding the text would count it as its own.
    subprocess.run([sys.executable, __file__, "--write", case, str(mb), file.name], check=True)
    size = Path(file.name).stat().st_size
    try:
        start = time.perf_counter()
        process = subprocess.Popen(
            [sys.executable, "-m", "pat_models", "check", "--type", "token", file.name],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        _, _, usage = os.wait4(process.pid, 0)
        return time.perf_counter() - start, usage.ru_maxrss // 1024, size
    finally:
        Path(file.name).unlink()


CASES: dict[str, Callable[[int], str]] = {
    "junk after a large document": junk_after_a_large_document,
    "CR-only NDJSON": cr_only_ndjson,
    "blank lines after a broken value": blank_lines_after_a_broken_value,
    "NUL lines between tokens": nul_lines_between_tokens,
}


def main() -> None:
    if sys.argv[1:2] == ["--write"]:
        case, mb, path = sys.argv[2:]
        Path(path).write_text(CASES[case](int(mb)))
        return
    print("| input | MB | seconds | peak RSS MiB | MB | seconds | peak RSS MiB | time ratio |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    for name in CASES:
        (t1, m1, s1), (t4, m4, s4) = _run(name, 8), _run(name, 32)
        print(
            f"| {name} | {s1 >> 20} | {t1:.2f} | {m1} | {s4 >> 20} | {t4:.2f} | {m4} "
            f"| {t4 / t1:.1f} |"
        )


if __name__ == "__main__":
    main()
