"""
What each shortcut in pat_models buys: the code as it is against a copy with that shortcut undone.

Each trick below is a textual change to a copy of the package that puts the
plain code in its place; that copy and one as it is are imported in this
process under their own names and timed side by side, in rounds that alternate which goes
first.  The gain is how much longer the plain code takes (median of the
rounds' ratios).  A change that no longer applies to the source is an error:
the trick moved, and this table must follow it.

    python benchmarks/tricks.py          # prints the table of BENCHMARKS.md
"""

from __future__ import annotations

import importlib
import shutil
import statistics
import sys
import tempfile
import timeit
from collections.abc import Callable
from pathlib import Path
from typing import Any, NamedTuple

sys.path.insert(0, str(Path(__file__).parent))
from bench import SEED, listing_text

ROOT = Path(__file__).parent.parent
LISTING = listing_text(100)


class Trick(NamedTuple):
    """A shortcut: where it is, how to undo it, and the benchmarks it is meant to speed up."""

    name: str
    module: str
    changes: list[tuple[str, str]]  # (the trick's text, the plain code's)
    jobs: tuple[str, ...]


TRICKS = [
    Trick(
        "known keys counted, not every key looked up (`_converter`)",
        "_converter.py",
        [("EMPTY if found == len(d) else read_unknown(d)", "read_unknown(d)")],
        ("loads create", "loads listing"),
    ),
    Trick(
        "generated readers set the slots, not `__init__` (`_converter`)",
        "_converter.py",
        [
            ('"  o = new(cls)",', '"  kw = {}",'),
            ('f"set_{field.name}(o, v)"', 'f"kw[{field.name!r}] = v"'),
            ('"    set_extra(o, EMPTY', "\"    kw['extra'] = (EMPTY"),
            ('else read_unknown(d))",', 'else read_unknown(d))", "    o = cls(**kw)",'),
        ],
        ("loads create", "loads listing"),
    ),
    Trick(
        "scalars tested in line before their check is called (`_converter`)",
        "_converter.py",
        [("kept = KEPT.get(field.check)  # type: ignore[arg-type]", "kept = None")],
        ("loads create", "loads listing"),
    ),
    Trick(
        "`YYYY-MM-DDTHH:MM:SS.mmmZ` read by `fromisoformat` (`_timestamps`)",
        "_timestamps.py",
        [("        type(value) is str\n        and len(value) == 24", "        False")],
        ("loads create", "loads listing"),
    ),
    Trick(
        "timestamps written from lookup tables (`_timestamps`)",
        "_timestamps.py",
        [
            (
                "_YEARS[value.year]}{_TWO[value.month]}-{_TWO[value.day]}T{_TWO[value.hour]}",
                "value.year:04d}-{value.month:02d}-{value.day:02d}T{value.hour:02d}",
            ),
            (
                "_TWO[value.minute]}:{_TWO[value.second]}{_MILLIS[value.microsecond // 1000]}",
                "value.minute:02d}:{value.second:02d}.{value.microsecond // 1000:03d}Z",
            ),
        ],
        ("dumps create", "dumps listing"),
    ),
    Trick(
        "a list's writers looked up once a kind of item, not once an item (`_wire`)",
        "_wire.py",
        [
            (
                "kinds = set(map(type, obj))\n        if all(is_model(kind) for kind in kinds):",
                "if all(is_model(type(item)) for item in obj):",
            ),
            ("hooks = {kind: converter.get_unstructure_hook(kind) for kind in kinds}", "pass"),
            (
                "return [hooks[type(item)](item) for item in obj]",
                "return [converter.unstructure(item) for item in obj]",
            ),
        ],
        ("dumps listing",),
    ),
    Trick(
        "the shared converter's writer of a model looked up once a class (`orjson`)",
        "orjson.py",
        [("write = _writer(obj.__class__) if converter is None else None", "write = None")],
        ("orjson dumps create",),
    ),
]


def _jobs(pm: Any) -> dict[str, Callable[[], Any]]:
    listing = list[pm.GetPersonalAccessTokenResponse]
    token = pm.loads(SEED, pm.CreatePersonalAccessTokenResponse)
    tokens = pm.loads(LISTING, listing)
    return {
        "loads create": lambda: pm.loads(SEED, pm.CreatePersonalAccessTokenResponse),
        "loads listing": lambda: pm.loads(LISTING, listing),
        "dumps create": lambda: pm.dumps(token),
        "dumps listing": lambda: pm.dumps(tokens),
        "orjson dumps create": lambda: pm.orjson.dumps(token),
    }


def _copy(trick: Trick | None, into: Path, name: str) -> Any:
    """Import a copy of pat_models as *name*: the trick undone, or (None) as it is."""
    shutil.copytree(ROOT / "pat_models", into / name, ignore=shutil.ignore_patterns("cli"))
    if trick is not None:
        path = into / name / trick.module
        source = path.read_text()
        for old, new in trick.changes:
            if source.count(old) != 1:
                msg = f"{trick.name}: the trick's text is not in {trick.module} once"
                raise SystemExit(msg)
            source = source.replace(old, new)
        path.write_text(source)
    importlib.import_module(f"{name}.orjson")
    return importlib.import_module(name)


def _gain(as_is: Callable[[], Any], plain: Callable[[], Any], listing: bool) -> float:
    number = 20 if listing else 400
    ratios = []
    for round_ in range(21):
        first, second = (as_is, plain) if round_ % 2 else (plain, as_is)
        a, b = timeit.timeit(first, number=number), timeit.timeit(second, number=number)
        t_as_is, t_plain = (a, b) if round_ % 2 else (b, a)
        ratios.append(t_plain / t_as_is)
    return statistics.median(ratios) - 1


def main() -> None:
    print("| trick | benchmark | gain |")
    print("|---|---|---:|")
    with tempfile.TemporaryDirectory() as folder:
        sys.path.insert(0, folder)
        # A copy as it is, not the package itself: where a module was imported
        # from moves its timings by a few percent.
        ours = _jobs(_copy(None, Path(folder), "pat_models_as_is"))
        for index, trick in enumerate(TRICKS):
            plain = _jobs(_copy(trick, Path(folder), f"pat_models_plain{index}"))
            for job in trick.jobs:
                gain = _gain(ours[job], plain[job], "listing" in job)
                print(f"| {trick.name} | {job} | {gain:+.0%} |")


if __name__ == "__main__":
    main()
