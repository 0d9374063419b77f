"""
The tenant the tests of fetch and of the README's recipes call: `pat_models.testing.FakeTenant`.

Served on 127.0.0.1 for the length of a ``with`` block, its ``base_url`` the served one, and its
PAT's credentials fixed, so that these tests read as a user's would.  The library's own fake is
what they test against: it is as tested as the rest.
"""

import json
from urllib.parse import urlsplit

from pat_models.testing import FakeTenant

CLIENT_ID = "2c9180835d2e5168015d32f890ca1581"
CLIENT_SECRET = "c924417c85b19eda40e171935503d8e9747ca60ddb9b48ba4c6bb5a7145fb6c5"


class Tenant(FakeTenant):
    """A `FakeTenant` served while the ``with`` block runs, in the terms these tests use."""

    def __init__(self, lifetime=43200):
        super().__init__(
            version="v2026", token_life=lifetime, client_id=CLIENT_ID, client_secret=CLIENT_SECRET
        )
        self._serving = None

    def __enter__(self):
        self._serving = self.serve()
        self.base_url = self._serving.__enter__()
        return self

    def __exit__(self, *exc):
        self._serving.__exit__(*exc)

    def add_token(self, name="token", **fields):
        """Give the tenant a token; return its id."""
        return super().add_token(name, **fields)[0]

    def fail(self, status, *, body=None, **options):
        """`FakeTenant.fail`, a body given as JSON too."""
        if body is not None and not isinstance(body, bytes):
            body = json.dumps(body).encode()
        super().fail(status, body=body, **options)

    def sent(self, method=None, path=""):
        """The requests that arrived, or those of one method whose path holds *path*."""
        return [
            request
            for request in self.requests
            if method in (None, request.method) and path in urlsplit(request.url).path
        ]

    def listed(self):
        """The ids of the tokens the tenant holds, its own PAT's first."""
        return [token.id for token in self.tokens]
