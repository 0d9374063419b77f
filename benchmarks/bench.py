"""
pat_models against a hand-written floor and the libraries users would otherwise pick.

Every library does the same job on the same payloads in one process; runs are
interleaved and the median of the repeats is reported, so that a noisy machine
moves all sides alike.  Ratios are what to read, not absolute times.

    pip install '.[bench]' && python benchmarks/bench.py            # writes BENCHMARKS.md
    python benchmarks/bench.py --smoke                                # a tiny run, to see it works

The floor (`floor.py`) is the fastest correct code for these payloads: it
makes the same checks `loads` makes on them, and gives up on any other input.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import timeit
import tracemalloc
from collections.abc import Callable
from importlib import metadata
from pathlib import Path
from typing import Any

import pat_models
from pat_models import (
    CreatePersonalAccessTokenResponse,
    GetPersonalAccessTokenResponse,
    PatOwner,
)

try:
    from pat_models import orjson as fast
except ImportError:  # the fast extra is not installed
    fast = None  # type: ignore[assignment]

sys.path.insert(0, str(Path(__file__).parent))
import floor
from peers import PEERS

ROOT = Path(__file__).parent.parent
SEED = (ROOT / "examples" / "create-response.json").read_text()
SEED = json.dumps(json.loads(SEED), separators=(",", ":"))
Listing = list[GetPersonalAccessTokenResponse]


def listing_text(count: int) -> str:
    """A listing of *count* tokens of every shape the API sends today."""
    items = []
    for i in range(count):
        item: dict[str, Any] = {
            "id": f"2c9180867b2ea5f9017b3b34{i:08x}",
            "name": f"token {i}",
            "scope": ["sp:scopes:all"] if i % 7 else None,
            "owner": {
                "type": "IDENTITY",
                "id": "2c9180a46faadee4016fb4e018c20639",
                "name": "Support",
            },
            "created": f"2026-0{1 + i % 9}-1{i % 10}T08:{i % 60:02d}:00.{i % 1000:03d}Z",
            "lastUsed": None if i % 5 == 0 else "2026-11-14T02:00:00.000Z",
            "managed": i % 11 == 0,
            "accessTokenValiditySeconds": 43200,
            "expirationDate": None if i % 13 == 0 else "2027-05-15T09:00:00.000Z",
            "userAwareTokenNeverExpires": i % 13 == 0,
        }
        items.append(item)
    return json.dumps(items, separators=(",", ":"))


def build_by_hand(response: Any, owner: Any, token: Any) -> Callable[[], Any]:
    """Build a create response from keyword arguments, as a caller writes it."""
    created, expires, secret = token.created, token.expiration_date, token.secret
    return lambda: response(
        id="86f1dc6fe8f54414950454cbb11278fa", secret=secret, scope=["sp:scopes:all"],
        name="NodeJS Integration", owner=owner(type="IDENTITY", id="2c91", name="Support"),
        created=created, access_token_validity_seconds=36900, expiration_date=expires,
    )  # fmt: skip


def linearity(repeat: int, scale: float) -> list[tuple[str, float, float]]:
    """Median µs of a round trip of each input and of ten times it, measured side by side."""
    seed = json.loads(SEED)
    cases = {
        "scope of 10,000 entries": (
            lambda n: json.dumps({**seed, "scope": [f"s{i:08d}" for i in range(n)]}),
            10_000,
            CreatePersonalAccessTokenResponse,
        ),
        "name of 200 kB": (
            lambda n: json.dumps({**seed, "name": "x" * n}),
            200_000,
            CreatePersonalAccessTokenResponse,
        ),
        "listing of 1,000 tokens": (listing_text, 1_000, Listing),
    }
    rows = []
    for name, (make, size, cls) in cases.items():
        texts = {"small": make(int(size * scale)), "large": make(int(size * scale) * 10)}
        medians = time_cases(
            {
                which: lambda text=text, cls=cls: pat_models.dumps(pat_models.loads(text, cls))
                for which, text in texts.items()
            },
            repeat,
            number=1,
        )
        rows.append((name, medians["small"], medians["large"]))
    return rows


def median_us(fn: Callable[[], Any], number: int) -> float:
    return timeit.timeit(fn, number=number) / number * 1e6


def time_cases(
    cases: dict[str, Callable[[], Any]], repeat: int, number: int, listing: int = 1
) -> dict[str, float]:
    """
    Median µs per call of each case, the cases interleaved within every repeat.

    A case named for a listing runs a *listing*-th as many calls (twice as
    many, at least one): each reads *listing* tokens.
    """
    samples: dict[str, list[float]] = {name: [] for name in cases}
    fewer = max(1, number * 2 // listing)
    for _ in range(repeat):
        for name, fn in cases.items():
            samples[name].append(median_us(fn, fewer if "listing" in name else number))
    return {name: statistics.median(values) for name, values in samples.items()}


def round_trips_exactly(load: Callable[[str], Any], dump: Callable[[Any], str], text: str) -> bool:
    try:
        return json.loads(dump(load(text))) == json.loads(text)
    except Exception:  # noqa: BLE001 - a peer that crashes is not exact
        return False


def import_times(runs: int) -> dict[str, float]:
    """Median seconds to import, each in a fresh interpreter, interleaved."""
    statements = {
        "pat_models": "import pat_models",
        "attrs and pendulum alone (its dependencies)": "import attrs, pendulum",
    }
    if PEERS["sailpoint SDK"]() is not None:
        statements["sailpoint SDK (PAT response model)"] = (
            "from sailpoint.personal_access_tokens.models.create_personal_access_token_response"
            " import CreatePersonalAccessTokenResponse"
        )
    samples: dict[str, list[float]] = {name: [] for name in statements}
    for _ in range(runs):
        for name, statement in statements.items():
            code = (
                f"import time; t = time.perf_counter(); {statement}; print(time.perf_counter() - t)"
            )
            out = subprocess.run(
                [sys.executable, "-c", code], capture_output=True, text=True, check=True
            )
            samples[name].append(float(out.stdout))
    return {name: statistics.median(values) for name, values in samples.items()}


def memory_per_object(load: Callable[[str], Any], text: str, count: int) -> float:
    """Bytes held per loaded token, by tracemalloc."""
    tracemalloc.start()
    before = tracemalloc.get_traced_memory()[0]
    objects = load(text)
    after = tracemalloc.get_traced_memory()[0]
    tracemalloc.stop()
    del objects
    return (after - before) / count


def cli_throughput(sizes: list[int]) -> list[tuple[int, float, float, int]]:
    """
    ``pat-models check`` on NDJSON: (tokens, seconds, µs per token net of start-up, peak RSS KiB).

    Start-up is timed on a file of one token, so that it includes the imports and the
    generated functions the first token costs.
    """
    line = (SEED + "\n").encode()
    results = []
    with tempfile.TemporaryDirectory() as folder:
        one = Path(folder) / "one.ndjson"
        one.write_bytes(line)
        startup = statistics.median(_run(one)[0] for _ in range(5))
        for size in sizes:
            path = Path(folder) / f"{size}.ndjson"
            with path.open("wb") as file:
                for _ in range(size // 1000):
                    file.write(line * 1000)
                file.write(line * (size % 1000))
            seconds, rss = _run(path)
            results.append((size, seconds, (seconds - startup) / size * 1e6, rss))
            path.unlink()
    return results


def listing_memory(size: int) -> list[tuple[str, str, float, int]]:
    """
    ``check`` and ``audit`` of *size* listed tokens: (layout, command, seconds, peak RSS KiB).

    As one JSON array (what the API sends and ``fetch`` writes), and as NDJSON.
    """
    items = json.loads(listing_text(size))
    layouts = {
        "one JSON array": json.dumps(items),
        "NDJSON": "".join(json.dumps(item) + "\n" for item in items),
    }
    at = ("--at", "2026-12-01T00:00:00Z")
    commands = {
        "check": ("check",),
        "audit": ("audit", *at),
        "audit --json": ("audit", "--json", *at),
    }
    rows = []
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "listing.json"
        for layout, text in layouts.items():
            path.write_text(text)
            for name, command in commands.items():
                rows.append((layout, name, *_run(path, *command)))
    return rows


_TENANT = """
import contextlib, socket, sys, threading
listing = open(sys.argv[1], "rb").read()
token = b'{"access_token": "a", "token_type": "bearer", "expires_in": 749}'
def answer(connection):
    with contextlib.suppress(OSError), connection:
        body = token if connection.recv(65536).startswith(b"POST /oauth/token") else listing
        connection.sendall(b"HTTP/1.1 200 OK\\r\\nContent-Length: %d\\r\\n\\r\\n" % len(body) + body)
server = socket.create_server(("127.0.0.1", 0))
print(server.getsockname()[1], flush=True)
while True:
    threading.Thread(target=answer, args=(server.accept()[0],), daemon=True).start()
"""


def fetch_memory(sizes: list[int]) -> list[tuple[int, float, float, int]]:
    """``pat-models fetch`` of a listing from a tenant on 127.0.0.1: (tokens, MB, seconds, KiB)."""
    rows = []
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "listing.json"
        for size in sizes:
            path.write_text(listing_text(size))
            tenant = subprocess.Popen(
                [sys.executable, "-c", _TENANT, str(path)], stdout=subprocess.PIPE, text=True
            )
            try:
                port = tenant.stdout.readline().strip()  # type: ignore[union-attr]
                os.environ.update(
                    SAIL_BASE_URL=f"http://127.0.0.1:{port}",
                    SAIL_CLIENT_ID="i",
                    SAIL_CLIENT_SECRET="s",  # noqa: S106 - the fake tenant takes any
                )
                seconds, rss = _run_command("fetch")
            finally:
                tenant.kill()
            rows.append((size, path.stat().st_size / 1e6, seconds, rss))
    return rows


def audit_against_check(size: int, rounds: int) -> tuple[float, float, float, float]:
    """
    ``audit`` and ``check`` of the same listing, as NDJSON, run alternately *rounds* times.

    Returns the median seconds of each and of each on one token (start-up), for
    µs per token net of start-up.
    """
    with tempfile.TemporaryDirectory() as folder:
        path, one = Path(folder) / "listing.ndjson", Path(folder) / "one.ndjson"
        items = json.loads(listing_text(size))
        path.write_text("".join(json.dumps(item) + "\n" for item in items))
        one.write_text(json.dumps(items[0]) + "\n")
        at = ("--at", "2026-12-01T00:00:00Z")
        samples: dict[str, list[float]] = {"check": [], "audit": [], "check 1": [], "audit 1": []}
        for _ in range(rounds):
            samples["check"].append(_run(path)[0])
            samples["audit"].append(_run(path, "audit", *at)[0])
            samples["check 1"].append(_run(one)[0])
            samples["audit 1"].append(_run(one, "audit", *at)[0])
    medians = {name: statistics.median(values) for name, values in samples.items()}
    return medians["check"], medians["audit"], medians["check 1"], medians["audit 1"]


def long_inputs(sizes_mb: list[float]) -> list[tuple[str, float, float, int]]:
    """
    ``pat-models check`` of inputs with one long token: (what, MB, seconds, peak RSS KiB).

    Each kind once per size: a value whose cost would grow faster than its
    length shows as a time or memory ratio far beyond the size ratio.
    """
    seed = json.loads(SEED)
    kinds = {
        "a string in a pretty-printed token": lambda n: json.dumps(
            {**seed, "name": "x" * n}, indent=2
        ),
        "a JSON Pointer in a patch, NDJSON": lambda n: json.dumps(
            {"op": "remove", "path": "/" + "a" * n}
        ),
        "nested brackets, then a token": lambda n: "[" * n + "\n" + SEED,
        "blank lines between two tokens": lambda n: SEED + "\n" * n + SEED,
        "a pretty-printed array of scopes": lambda n: json.dumps(
            {**seed, "scope": [f"s{i:07d}" for i in range(n // 14)]}, indent=2
        ),
        "an unterminated string, then lines": lambda n: '"' + "abc\n" * (n // 4) + SEED,
    }
    rows = []
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "long.json"
        for kind, make in kinds.items():
            for megabytes in sizes_mb:
                path.write_text(make(int(megabytes * 1_000_000)))
                seconds, rss = _run(path)
                rows.append((kind, megabytes, seconds, rss))
    return rows


def many_documents(count: int) -> list[tuple[str, float, int]]:
    """``pat-models check`` of *count* listed tokens: NDJSON and as jq writes them."""
    items = json.loads(listing_text(count))
    layouts = {
        "NDJSON": "".join(json.dumps(item) + "\n" for item in items),
        "pretty-printed, one after another (jq)": "".join(
            json.dumps(item, indent=2) + "\n" for item in items
        ),
    }
    rows = []
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "many.json"
        for layout, text in layouts.items():
            path.write_text(text)
            seconds, rss = _run(path)
            rows.append((layout, seconds, rss))
    return rows


# A child's peak RSS counts the pages it had before exec, a copy of its
# parent's: so the command runs under this small helper, not under the
# benchmark, which holds hundreds of MiB by then.
_MEASURE = """
import os, subprocess, sys, time
start = time.perf_counter()
process = subprocess.Popen(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
_, status, usage = os.wait4(process.pid, 0)
print(time.perf_counter() - start, usage.ru_maxrss)
"""


def _run(path: Path, *command: str) -> tuple[float, int]:
    """Run ``pat-models COMMAND PATH`` (default: check); return its seconds and peak RSS KiB."""
    return _run_command(*(command or ["check"]), str(path))


def _run_command(*args: str) -> tuple[float, int]:
    """Run ``pat-models ARGS``; return its seconds and peak RSS KiB."""
    command = [sys.executable, "-m", "pat_models", *args]
    seconds, rss = subprocess.check_output([sys.executable, "-c", _MEASURE, *command]).split()
    return float(seconds), int(rss)


def report_imports(say: Callable[..., None], runs: int) -> None:
    """Say the import-time table: pat_models, its dependencies alone, the SDK, and ratios."""
    imports = import_times(runs)
    say()
    say("## Import time (fresh interpreters, median)")
    say()
    say("| import | ms |")
    say("|---|---:|")
    for name, seconds in imports.items():
        say(f"| {name} | {seconds * 1000:.1f} |")
    sdk_import = imports.get("sailpoint SDK (PAT response model)")
    if sdk_import:
        for name, seconds in imports.items():
            if not name.startswith("sailpoint"):
                say(f"| {name}, over the SDK's | {seconds / sdk_import:.2f} |")


def main() -> None:  # noqa: C901, PLR0912, PLR0915
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--smoke", action="store_true", help="a tiny run that only shows it works")
    parser.add_argument("--repeat", type=int, default=41)
    parser.add_argument("--output", type=Path, default=ROOT / "BENCHMARKS.md")
    args = parser.parse_args()
    repeat, scale = (3, 0.01) if args.smoke else (args.repeat, 1.0)
    number = max(1, int(500 * scale))
    count = 250 if not args.smoke else 20
    listing = listing_text(count)

    peers = {name: make() for name, make in PEERS.items()}
    available = {name: peer for name, peer in peers.items() if peer is not None}
    token = pat_models.loads(SEED, CreatePersonalAccessTokenResponse)
    tokens = pat_models.loads(listing, Listing)
    item = tokens[0]
    assert floor.loads_create(SEED) == token
    assert floor.loads_listing(listing) == tokens
    assert floor.unstructure_create(token) == pat_models.unstructure(token)
    assert [floor.unstructure_item(t) for t in tokens] == pat_models.unstructure(tokens)

    lines: list[str] = []

    def say(text: str = "") -> None:
        print(text)
        lines.append(text)

    versions = ", ".join(
        f"{dist} {metadata.version(dist)}"
        for dist in (
            "attrs",
            "cattrs",
            "pendulum",
            "orjson",
            "sailpoint",
            "pydantic",
            "mashumaro",
            "msgspec",
        )
        if _installed(dist)
    )
    say("# Benchmarks")
    say()
    say(f"Measured by `python benchmarks/bench.py` on {platform.machine()}, {os.cpu_count()} cores, "
        f"{platform.system()} {platform.release()}, Python {platform.python_version()}; {versions}. "
        "`pat_models` is the top-level loads and dumps (the standard library's json); "
        "`pat_models.orjson` the same functions from that module. Median of {repeat} interleaved repeats of {number} calls; "
        "µs per call. A noisy shared machine: read the ratios.")  # fmt: skip

    # against the floor, which parses with orjson where it is installed, as pat_models.orjson does
    best: Any = fast or pat_models
    cases = {
        "loads create": lambda: best.loads(SEED, CreatePersonalAccessTokenResponse),
        "floor loads create": lambda: floor.loads_create(SEED),
        f"loads {count}-token listing": lambda: best.loads(listing, Listing),
        f"floor loads {count}-token listing": lambda: floor.loads_listing(listing),
        "unstructure create": lambda: pat_models.unstructure(token),
        "floor unstructure create": lambda: floor.unstructure_create(token),
        "unstructure item": lambda: pat_models.unstructure(item),
        "floor unstructure item": lambda: floor.unstructure_item(item),
        "build create by hand": build_by_hand(CreatePersonalAccessTokenResponse, PatOwner, token),
        "floor build create by hand": build_by_hand(
            floor.UncheckedResponse, floor.UncheckedOwner, token
        ),
    }
    times = time_cases(cases, repeat, number, listing=count)
    say()
    say("## Against the hand-written floor")
    say()
    say("| job | pat_models µs | floor µs | ratio |")
    say("|---|---:|---:|---:|")
    for job in [name for name in cases if not name.startswith("floor ")]:
        ours, least = times[job], times[f"floor {job}"]
        say(f"| {job} | {ours:.2f} | {least:.2f} | {ours / least:.2f} |")

    # loads / dumps against the peers
    for workload, text, scale_count in (
        ("create response", SEED, 1),
        (f"{count}-token listing", listing, count),
    ):
        single = scale_count == 1
        n = number if single else max(1, number // count * 2)
        cls: Any = CreatePersonalAccessTokenResponse if single else Listing
        obj = token if single else tokens
        fl_loads = floor.loads_create if single else floor.loads_listing
        fl_unstruct = (
            floor.unstructure_create
            if single
            else (lambda t: [floor.unstructure_item(i) for i in t])
        )
        cases = {
            "pat_models loads": lambda text=text, cls=cls: pat_models.loads(text, cls),
            "pat_models dumps": lambda obj=obj: pat_models.dumps(obj),
            "floor loads": lambda text=text, f=fl_loads: f(text),
            "floor dumps": lambda obj=obj, f=fl_unstruct: floor.dumps_json(f(obj)),
        }
        if single:
            built = build_by_hand(CreatePersonalAccessTokenResponse, PatOwner, token)()
            assert pat_models.dumps(built) != pat_models.dumps(token)
            cases["pat_models built by hand dumps"] = lambda built=built: pat_models.dumps(built)
        exact = {
            "pat_models": round_trips_exactly(
                lambda t, cls=cls: pat_models.loads(t, cls), pat_models.dumps, text
            )
        }
        if fast is not None:
            cases["pat_models.orjson loads"] = lambda text=text, cls=cls: fast.loads(text, cls)
            cases["pat_models.orjson dumps"] = lambda obj=obj: fast.dumps(obj)
            exact["pat_models.orjson"] = round_trips_exactly(
                lambda t, cls=cls: fast.loads(t, cls), fast.dumps, text
            )
        exact["floor"] = True
        for name, peer in available.items():
            load, dump = (
                (peer["loads"], peer["dumps"])
                if single
                else (peer["loads_listing"], peer["dumps_listing"])
            )
            loaded = load(text)
            cases[f"{name} loads"] = lambda load=load, text=text: load(text)
            cases[f"{name} dumps"] = lambda dump=dump, loaded=loaded: dump(loaded)
            exact[name] = round_trips_exactly(load, dump, text)
            if single and "validate_json" in peer:
                cases[f"{name} model_validate_json loads"] = (
                    lambda v=peer["validate_json"], text=text: v(text)
                )
        times = time_cases(cases, repeat, n)
        sdk_loads, sdk_dumps = times.get("sailpoint SDK loads"), times.get("sailpoint SDK dumps")
        say()
        say(f"## loads and dumps: {workload}")
        say()
        say(
            "| library | exact round trip | loads µs | dumps µs | loads+dumps µs | loads vs SDK | dumps vs SDK |"
        )
        say("|---|---|---:|---:|---:|---:|---:|")
        names = ["pat_models", *(["pat_models.orjson"] if fast else []), "floor", *available]
        for name in names:
            lo, du = times[f"{name} loads"], times[f"{name} dumps"]
            vs = (
                (f"{sdk_loads / lo:.2f}x faster", f"{sdk_dumps / du:.2f}x faster")
                if sdk_loads and sdk_dumps
                else ("", "")
            )
            say(
                f"| {name} | {'yes' if exact[name] else '**no**'} | {lo:.1f} | {du:.1f} | {lo + du:.1f} | {vs[0]} | {vs[1]} |"
            )
        if single:
            built = times["pat_models built by hand dumps"]
            say(f"| pat_models, objects built by hand | yes | | {built:.1f} | | | "
                + (f"{sdk_dumps / built:.2f}x faster |" if sdk_dumps else "|"))  # fmt: skip
        if "sailpoint SDK model_validate_json loads" in times:
            v = times["sailpoint SDK model_validate_json loads"]
            say(
                f"| sailpoint SDK model_validate_json (Rust) | | {v:.1f} | | | {sdk_loads / v:.2f}x faster | |"
            )  # type: ignore[operator]

    # Import time, in fresh interpreters
    report_imports(say, 3 if args.smoke else 15)

    # linearity: what ten times the input costs, a quadratic step would be 100x
    say()
    say("## Ten times the input (median of loads and dumps)")
    say()
    say("| input | small | 10x | time ratio |")
    say("|---|---:|---:|---:|")
    for name, small, large in linearity(3 if args.smoke else 11, 0.1 if args.smoke else 1.0):
        say(f"| {name} | {small:,.0f} µs | {large:,.0f} µs | {large / small:.1f} |")

    # memory
    say()
    say(f"## Memory per loaded token ({count}-token listing, tracemalloc)")
    say()
    say("| library | bytes per token |")
    say("|---|---:|")
    say(
        f"| pat_models | {memory_per_object(lambda t: pat_models.loads(t, Listing), listing, count):.0f} |"
    )
    for name, peer in available.items():
        say(f"| {name} | {memory_per_object(peer['loads_listing'], listing, count):.0f} |")

    # the command line
    sizes = [1_000, 10_000] if args.smoke else [10_000, 100_000, 1_000_000]
    say()
    say("## `pat-models check` on NDJSON create responses")
    say()
    say("| tokens | seconds | tokens/s | µs per token, net of start-up | peak RSS MiB |")
    say("|---:|---:|---:|---:|---:|")
    for size, seconds, per_token, rss in cli_throughput(sizes):
        say(
            f"| {size:,} | {seconds:.2f} | {size / seconds:,.0f} | {per_token:.1f} | {rss / 1024:.1f} |"
        )

    listed = 2_000 if args.smoke else 200_000
    say()
    say(f"## `check` and `audit` of {listed:,} listed tokens: one JSON array, and NDJSON")
    say()
    say("| layout | command | seconds | peak RSS MiB |")
    say("|---|---|---:|---:|")
    for layout, command, seconds, rss in listing_memory(listed):
        say(f"| {layout} | {command} | {seconds:.2f} | {rss / 1024:.1f} |")

    say()
    say("## `pat-models fetch` of a listing from a tenant on 127.0.0.1")
    say()
    say("| tokens | MB | seconds | peak RSS MiB |")
    say("|---:|---:|---:|---:|")
    for size, megabytes, seconds, rss in fetch_memory([1_000] if args.smoke else [10_000, 100_000]):
        say(f"| {size:,} | {megabytes:.1f} | {seconds:.2f} | {rss / 1024:.1f} |")

    say()
    say("## Long tokens: `pat-models check`, seconds and peak RSS")
    say()
    say("| input | MB | seconds | peak RSS MiB |")
    say("|---|---:|---:|---:|")
    for kind, megabytes, seconds, rss in long_inputs([0.1, 0.4] if args.smoke else [1, 16, 64]):
        say(f"| {kind} | {megabytes:g} | {seconds:.2f} | {rss / 1024:.1f} |")
    count_many = 2_000 if args.smoke else 200_000
    say()
    say(f"## {count_many:,} listed tokens in one file: `pat-models check`")
    say()
    say("| layout | seconds | peak RSS MiB |")
    say("|---|---:|---:|")
    for layout, seconds, rss in many_documents(count_many):
        say(f"| {layout} | {seconds:.2f} | {rss / 1024:.1f} |")

    size = 2_000 if args.smoke else 200_000
    check_s, audit_s, check_1, audit_1 = audit_against_check(size, 3 if args.smoke else 5)
    check_us, audit_us = (check_s - check_1) / size * 1e6, (audit_s - audit_1) / size * 1e6
    say()
    say(f"## `pat-models audit` against `check`, {size:,} listed tokens as NDJSON")
    say()
    say("| command | seconds | µs per token, net of start-up | over check |")
    say("|---|---:|---:|---:|")
    say(f"| check | {check_s:.2f} | {check_us:.1f} | 1.00 |")
    say(f"| audit | {audit_s:.2f} | {audit_us:.1f} | {audit_us / check_us:.2f} |")

    say()
    say("## How to read this")
    say()
    say("- The floor (`benchmarks/floor.py`) reads these payloads with orjson and the checks")
    say(
        "  `loads` makes on them, sets the slots directly and makes timestamps with `fromisoformat`;"
    )
    say("  it gives up on any other input without saying why. It is asserted to return what")
    say("  `loads` returns before it is timed. Its writers build the wire dicts by hand.")
    say("- 'build create by hand' times the models' `__init__` against an attrs class of the same")
    say("  fields with no checks: the price of refusing, at once, what the wire cannot carry.")
    say(
        "- 'objects built by hand' dumps a token made by its constructor, with timestamps of its own:"
    )
    say("  nothing read is kept to write it faster.")
    say("- 'exact round trip' is measured: the SDK writes `.098000Z`, msgspec too.")
    say(
        "- `check` µs per token are net of a one-token run's time (start-up, imports, generated code)."
    )
    say("- `audit` sorts, so it keeps what it prints of each token (a table row or a JSON line),")
    say("  not the models: its memory grows with the tokens, by about 0.5 KB each. One JSON")
    say("  array is read as one value, its items held as Python objects until each is checked:")
    say("  several times its text, where NDJSON holds one line at a time.")
    say("- `fetch` holds the answer's text and each token's own text, not the models.")
    say("- Long tokens: each kind at 1, 16 and 64 MB; time or memory growing faster than the")
    say("  input would show as a ratio far beyond 16 and 4. A pretty-printed array holds its")
    say("  items as Python objects, which take more room than their text.")
    if not args.smoke:
        kept = _kept_sections(args.output)
        args.output.write_text("\n".join(lines) + "\n" + kept)
        print(f"\nwritten to {args.output}")


KEPT = "## Tricks, and what each buys"
"""Where the hand-written part of BENCHMARKS.md starts: a run keeps it as it is."""


def _kept_sections(path: Path) -> str:
    text = path.read_text() if path.exists() else ""
    return "\n" + text[text.index(KEPT) :] if KEPT in text else ""


def _installed(dist: str) -> bool:
    try:
        metadata.version(dist)
    except metadata.PackageNotFoundError:
        return False
    return True


if __name__ == "__main__":
    main()
