"""
Memory grows linearly with size: ten times the input takes about ten times the memory.

A quadratic step would take a hundred times as much; the bound leaves room for
allocators (output buffers grow by doubling).  Time is not measured here, where
a loaded machine makes it fail by chance: ``benchmarks/bench.py`` prints what ten
times the input costs.
"""

import json
import tracemalloc

import pytest

from pat_models import (
    CreatePersonalAccessTokenResponse,
    GetPersonalAccessTokenResponse,
    dumps,
    loads,
)

from .payloads import LISTINGS, SEED


def _scope(n):
    return json.dumps({**json.loads(SEED), "scope": [f"s{i:08d}" for i in range(n)]})


def _name(n):
    return json.dumps({**json.loads(SEED), "name": "x" * n})


def _listing(n):
    item = LISTINGS["2025-07 expiry"][0]
    return json.dumps([{**item, "id": str(i)} for i in range(n)])


CASES = {
    "scope of 10,000 and 100,000 entries": (_scope, 10_000, CreatePersonalAccessTokenResponse),
    "name of 200 kB and 2 MB": (_name, 200_000, CreatePersonalAccessTokenResponse),
    "listing of 1,000 and 10,000 tokens": (_listing, 1_000, list[GetPersonalAccessTokenResponse]),
}


def _peak_memory(text, cls):
    """The peak traced memory of one round trip."""
    tracemalloc.start()
    try:
        dumps(loads(text, cls))
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


@pytest.mark.parametrize("case", list(CASES))
def test_ten_times_the_input_takes_about_ten_times_the_memory(case):
    """The 10x input takes well under the 100x of a quadratic step in memory; time is benchmarked."""
    make, size, cls = CASES[case]

    small, large = _peak_memory(make(size), cls), _peak_memory(make(size * 10), cls)

    assert large / small < 25, (small, large)
