"""
loads and dumps against an older copy of pat_models, side by side in one process.

    mkdir -p /tmp/old && git archive b611458 pat_models | tar -x -C /tmp/old \
        && mv /tmp/old/pat_models /tmp/old/pat_models_old
    python benchmarks/against_old.py /tmp/old

The old copy must be one whose orjson switch is ``_json.ORJSON`` (before
pat_models.orjson); medians of 31 rounds, each timing both sides
back to back; the ratio is the median of the rounds' ratios.
"""

import statistics
import sys
import timeit
from pathlib import Path

sys.path.insert(0, sys.argv[1])
sys.path.insert(0, str(Path(__file__).parent))
import pat_models_old as old  # type: ignore[import-not-found]
from bench import SEED, listing_text

import pat_models
import pat_models.orjson as fast

L = listing_text(100)
Listing = list[pat_models.GetPersonalAccessTokenResponse]
OldListing = list[old.GetPersonalAccessTokenResponse]
new_t = pat_models.loads(SEED, pat_models.CreatePersonalAccessTokenResponse)
old_t = old.loads(SEED, old.CreatePersonalAccessTokenResponse)
new_l, old_l = pat_models.loads(L, Listing), old.loads(L, OldListing)
saved = old._json.ORJSON


def stdlib(fn):
    """Run *fn* of the old copy without orjson."""

    def run():
        old._json.ORJSON = None
        try:
            return fn()
        finally:
            old._json.ORJSON = saved

    return run


def build(m):
    owner = m.PatOwner(type="IDENTITY", id="i", name="n")
    return lambda: m.CreatePersonalAccessTokenResponse(
        id="a", secret=new_t.secret, scope=["x"], name="n", owner=owner,
        created=new_t.created, access_token_validity_seconds=36900, expiration_date=new_t.created,
    )  # fmt: skip


cases = {
    ("default install", "loads create"): (
        stdlib(lambda: old.loads(SEED, old.CreatePersonalAccessTokenResponse)),
        lambda: pat_models.loads(SEED, pat_models.CreatePersonalAccessTokenResponse),
    ),
    ("default install", "dumps create"): (stdlib(lambda: old.dumps(old_t)), lambda: pat_models.dumps(new_t)),
    ("default install", "loads 100-token listing"): (
        stdlib(lambda: old.loads(L, OldListing)), lambda: pat_models.loads(L, Listing),
    ),
    ("default install", "dumps 100-token listing"): (stdlib(lambda: old.dumps(old_l)), lambda: pat_models.dumps(new_l)),
    ("with orjson", "loads create"): (
        lambda: old.loads(SEED, old.CreatePersonalAccessTokenResponse),
        lambda: fast.loads(SEED, pat_models.CreatePersonalAccessTokenResponse),
    ),
    ("with orjson", "dumps create"): (lambda: old.dumps(old_t), lambda: fast.dumps(new_t)),
    ("with orjson", "loads 100-token listing"): (lambda: old.loads(L, OldListing), lambda: fast.loads(L, Listing)),
    ("with orjson", "dumps 100-token listing"): (lambda: old.dumps(old_l), lambda: fast.dumps(new_l)),
    ("either", "build create by hand"): (build(old), build(pat_models)),
}  # fmt: skip
res = {k: ([], [], []) for k in cases}
for round_ in range(31):
    for k, (o, n) in cases.items():
        num = 40 if "listing" in k[1] else 400
        # Each round times both sides back to back, in turns which goes first,
        # so that a noisy neighbour moves the two alike: the ratio is per round.
        first, second = (o, n) if round_ % 2 else (n, o)
        a, b = timeit.timeit(first, number=num), timeit.timeit(second, number=num)
        t_old, t_new = (a, b) if round_ % 2 else (b, a)
        res[k][0].append(t_old / num * 1e6)
        res[k][1].append(t_new / num * 1e6)
        res[k][2].append(t_new / t_old)
print("| install | job | old µs | new µs | new / old |")
print("|---|---|---:|---:|---:|")
for (inst, job), (o, n, ratios) in res.items():
    mo, mn, ratio = statistics.median(o), statistics.median(n), statistics.median(ratios)
    print(f"| {inst} | {job} | {mo:.2f} | {mn:.2f} | {ratio:.2f} |")
