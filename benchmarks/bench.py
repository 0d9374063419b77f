"""
Benchmarks, measured side by side in one process: pat_models against a hand-written floor.

The floor builds the same frozen classes from the same dict with no checks at
all, and writes them back the same way: what attrs itself costs.  Runs are
interleaved and the median of the repeats is reported, so that a noisy
machine moves both sides alike.

    python benchmarks/bench.py [--repeat N] [--number N]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import statistics
import sys
import timeit
from pathlib import Path
from typing import Any

import pendulum

import pat_models
from pat_models import CreatePersonalAccessTokenResponse, PatOwner

SEED = (Path(__file__).parent.parent / "examples" / "create-response.json").read_text()


def floor_timestamp(text: str) -> pendulum.DateTime:
    d = dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
    return pendulum.DateTime(
        d.year, d.month, d.day, d.hour, d.minute, d.second, d.microsecond, tzinfo=pendulum.UTC
    )


def floor_structure(d: dict[str, Any]) -> CreatePersonalAccessTokenResponse:
    o = d["owner"]
    return CreatePersonalAccessTokenResponse(
        id=d["id"],
        secret=d["secret"],
        scope=tuple(d["scope"]),
        name=d["name"],
        owner=PatOwner(type=o["type"], id=o["id"], name=o["name"]),
        created=floor_timestamp(d["created"]),
        access_token_validity_seconds=d["accessTokenValiditySeconds"],
        expiration_date=floor_timestamp(d["expirationDate"]),
    )


def floor_timestamp_out(value: dt.datetime) -> str:
    return dt.datetime.isoformat(value, "T", "milliseconds")[:23] + "Z"


def floor_unstructure(t: CreatePersonalAccessTokenResponse) -> dict[str, Any]:
    o = t.owner
    return {
        "id": t.id,
        "secret": t.secret,
        "scope": list(t.scope),  # type: ignore[arg-type]
        "name": t.name,
        "owner": {"type": o.type, "id": o.id, "name": o.name},
        "created": floor_timestamp_out(t.created),
        "accessTokenValiditySeconds": t.access_token_validity_seconds,
        "expirationDate": floor_timestamp_out(t.expiration_date),  # type: ignore[arg-type]
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument("--number", type=int, default=2000)
    args = parser.parse_args()

    data = json.loads(SEED)
    token = pat_models.loads(SEED, CreatePersonalAccessTokenResponse)
    assert floor_structure(data) == token
    assert floor_unstructure(token) == pat_models.unstructure(token)

    cases = {
        "structure": (
            lambda: pat_models.structure(data, CreatePersonalAccessTokenResponse),
            lambda: floor_structure(data),
        ),
        "unstructure": (lambda: pat_models.unstructure(token), lambda: floor_unstructure(token)),
        "loads": (
            lambda: pat_models.loads(SEED, CreatePersonalAccessTokenResponse),
            lambda: floor_structure(json.loads(SEED)),
        ),
        "dumps": (
            lambda: pat_models.dumps(token),
            lambda: json.dumps(floor_unstructure(token), separators=(",", ":"), ensure_ascii=False),
        ),
    }
    times: dict[str, tuple[list[float], list[float]]] = {name: ([], []) for name in cases}
    for _ in range(args.repeat):
        for name, (ours, floor) in cases.items():
            times[name][0].append(timeit.timeit(ours, number=args.number) / args.number * 1e6)
            times[name][1].append(timeit.timeit(floor, number=args.number) / args.number * 1e6)

    print(f"Python {sys.version.split()[0]}, median of {args.repeat} x {args.number} calls")
    print(f"{'seed create response':<22}{'pat_models µs':>15}{'floor µs':>10}{'ratio':>8}")
    for name, (ours, floor) in times.items():
        a, b = statistics.median(ours), statistics.median(floor)
        print(f"{name:<22}{a:>15.2f}{b:>10.2f}{a / b:>8.2f}")


if __name__ == "__main__":
    main()
