"""The layer does no I/O: using all of it loads no HTTP library, no socket and no event loop."""

import subprocess
import sys

NETWORK = ["socket", "ssl", "http.client", "urllib.request", "asyncio", "email.utils",
           "requests", "httpx", "aiohttp", "urllib3"]  # fmt: skip

USE = """
import json, sys
import pat_models as pm
from pat_models.sansio import Api, Response, Session, run_sync, last_used_le

answers = iter([
    Response(200, {}, b'{"access_token": "t", "token_type": "bearer", "expires_in": 60}'),
    Response(429, {"Retry-After": "1"}, b'{"message": "slow"}'),
    Response(
        429,
        {"Retry-After": "Wed, 21 Oct 2026 07:28:30 GMT", "Date": "Wed, 21 Oct 2026 07:28:29 GMT"},
        b'{"message": "slow"}',
    ),
    Response(401, {}, b'{"error": "expired"}'),
    Response(200, {}, b'{"access_token": "u", "token_type": "bearer", "expires_in": 60}'),
    Response(200, {}, b"[]"),
])
session = Session("https://acme.api.identitynow.com", "id", "secret", clock=lambda: 0.0)
api = Api("https://acme.api.identitynow.com", "v1")
at = pm.parse_timestamp("2026-06-01T00:00:00.000Z")
flow = session.run(api.list_tokens(owner_id="me", filters=last_used_le(at)))
assert run_sync(flow, lambda request: next(answers), sleep=lambda seconds: None) == []
api.patch_token("a", pm.patch_name("b")).request
loaded = [name for name in %r if name in sys.modules]
assert not loaded, loaded
"""


def test_using_every_part_of_the_layer_loads_no_network_module():
    subprocess.run([sys.executable, "-c", USE % NETWORK], check=True)
