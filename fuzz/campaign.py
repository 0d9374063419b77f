"""
A long fuzz campaign: the tests' mutation strategies, run for as long as you like.

Every input must either load (and then round-trip exactly) or raise
`pat_models.ValidationError` without the secret in it, within a second.

    python fuzz/campaign.py --minutes 30

Prints how many inputs were tried, how many loaded and were rejected, the slowest
one, and every failure (which hypothesis also shrinks and keeps in .hypothesis/).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

sys.path.insert(0, str(Path(__file__).parent.parent))

from pat_models import (
    GetPersonalAccessTokenResponse,
    JsonPatchOperation,
    ValidationError,
    dumps,
    loads,
)
from tests.strategies import SECRET_MARK, instances, mutated_texts

TARGETS = [*instances, list[GetPersonalAccessTokenResponse], list[JsonPatchOperation]]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--minutes", type=float, default=5.0)
    args = parser.parse_args()
    deadline = time.monotonic() + args.minutes * 60
    tally = {"tried": 0, "loaded": 0, "rejected": 0}
    slowest = [0.0]

    @settings(
        max_examples=1000,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(raw=mutated_texts(), cls=st.sampled_from(TARGETS), strict=st.booleans())
    def campaign(raw: bytes, cls: object, strict: bool) -> None:
        tally["tried"] += 1
        start = time.perf_counter()
        try:
            obj = loads(raw, cls, duplicate_keys="reject" if strict else "last")  # type: ignore[call-overload]
        except ValidationError as error:
            tally["rejected"] += 1
            message = str(error)
        else:
            tally["loaded"] += 1
            message = ""
            text = dumps(obj)
            assert loads(text, cls) == obj, "the round trip changed the object"  # type: ignore[call-overload]
        assert SECRET_MARK not in message, "the secret is in an error message"
        slowest[0] = max(slowest[0], time.perf_counter() - start)
        assert slowest[0] < 1.0, "an input took over a second"

    try:
        while time.monotonic() < deadline:
            campaign()  # a thousand fresh inputs a round; a failure raises with its input
    finally:
        print(
            f"{tally['tried']:,} inputs: {tally['loaded']:,} loaded and round-tripped, "
            f"{tally['rejected']:,} rejected with ValidationError; "
            f"slowest {slowest[0] * 1000:.1f} ms"
        )


if __name__ == "__main__":
    main()
