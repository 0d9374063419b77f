"""
Cost grows linearly with size: ten times the input takes about ten times the time and memory.

A quadratic step would cost a hundred times as much; the bounds leave room for
caches and allocators (output buffers grow by doubling), which make big inputs
somewhat dearer per byte.
"""

import gc
import json
import time
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
    # Within the processor's caches: beyond them, a tenfold input times the memory bus too.
    "scope of 10,000 and 100,000 entries": (_scope, 10_000, CreatePersonalAccessTokenResponse),
    "name of 200 kB and 2 MB": (_name, 200_000, CreatePersonalAccessTokenResponse),
    "listing of 1,000 and 10,000 tokens": (_listing, 1_000, list[GetPersonalAccessTokenResponse]),
}


def _cost(text, cls):
    """
    Best of three seconds for loads and dumps, and the peak traced memory of one.

    The garbage collector is paused while timing: its full passes over every
    live object are the interpreter's cost, the same for any library.
    """
    seconds = []
    gc.disable()
    try:
        for _ in range(3):
            start = time.perf_counter()
            dumps(loads(text, cls))
            seconds.append(time.perf_counter() - start)
    finally:
        gc.enable()
    tracemalloc.start()
    dumps(loads(text, cls))
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return min(seconds), peak


@pytest.mark.parametrize("case", list(CASES))
def test_ten_times_the_input_costs_about_ten_times(case):
    """The 10x input costs well under the 100x of a quadratic step, in time and in memory."""
    make, size, cls = CASES[case]
    small_time, small_memory = _cost(make(size), cls)
    large_time, large_memory = _cost(make(size * 10), cls)

    assert large_time / small_time < 25, (small_time, large_time)
    assert large_memory / small_memory < 25, (small_memory, large_memory)
