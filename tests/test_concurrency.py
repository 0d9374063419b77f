"""Threads and processes get the same results as a single thread."""

import json
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor

import pytest

from pat_models import (
    CreatePersonalAccessTokenResponse,
    GetPersonalAccessTokenResponse,
    ValidationError,
    dumps,
    loads,
    make_converter,
)

from .payloads import CREATE_RESPONSES, LISTINGS

JOBS = [
    *((text, CreatePersonalAccessTokenResponse) for text in CREATE_RESPONSES.values()),
    *((json.dumps(items), list[GetPersonalAccessTokenResponse]) for items in LISTINGS.values()),
    ('{"id": 1}', CreatePersonalAccessTokenResponse),
    ("not json", CreatePersonalAccessTokenResponse),
] * 8


def work(job, converter=None):
    """Load and dump one document; an error is a result too."""
    text, cls = job
    try:
        obj = loads(text, cls, converter=converter)
    except ValidationError as error:
        return ("error", error.problems)
    return ("ok", obj, dumps(obj, converter=converter))


EXPECTED = [work(job) for job in JOBS]


@pytest.mark.parametrize("warm", [False, True], ids=["cold converter", "warm converter"])
def test_sixteen_threads_agree_with_one(warm):
    """A converter shared by 16 threads, from its first use on, gives the single-threaded results."""
    converter = make_converter()
    if warm:
        work(JOBS[0], converter)

    with ThreadPoolExecutor(max_workers=16) as pool:
        results = list(pool.map(lambda job: work(job, converter), JOBS))

    assert results == EXPECTED


def test_a_process_pool_agrees_and_models_and_errors_pickle():
    """Results, models and errors cross process boundaries unchanged."""
    with ProcessPoolExecutor(max_workers=2) as pool:
        results = list(pool.map(work, JOBS, chunksize=4))

    assert results == EXPECTED
