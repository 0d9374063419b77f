"""
A fake tenant: the PAT API and its token endpoint on 127.0.0.1, for real HTTP clients to call.

It issues access tokens that live as long as a test says, forgets them when
a test expires them, answers with whatever faults a test queues (429 with
``Retry-After``, 5xx, an HTML 502 from a gateway), and records every request
that arrives, so that a test can count what was sent.
"""

import json
import secrets
import threading
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

VERSIONS = ("v3", "beta", "v2024", "v2025", "v2026")
CLIENT_ID = "2c9180835d2e5168015d32f890ca1581"
CLIENT_SECRET = "c924417c85b19eda40e171935503d8e9747ca60ddb9b48ba4c6bb5a7145fb6c5"


class Tenant:
    """The state of the fake tenant, and what tests tell it to do."""

    def __init__(self, lifetime=43200):
        self.lifetime = lifetime
        self.clients = {CLIENT_ID: CLIENT_SECRET}
        self.access_tokens = set()
        self.tokens = {}
        self.faults = []  # (method, path part, status, headers, body), answered once each, in order
        self.requests = []  # (method, path, headers, body)
        self._lock = threading.Lock()
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(self))
        self.base_url = f"http://127.0.0.1:{self.server.server_port}"
        self._thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()

    def fail(self, status, *, method=None, path="", headers=None, body=b"", times=1):
        """Answer the next *times* requests that match with *status*, before anything else."""
        body = body if isinstance(body, bytes) else json.dumps(body).encode()
        self.faults += [(method, path, status, headers or {}, body)] * times

    def expire_access_tokens(self):
        """Forget every access token issued: the next call with one gets a 401."""
        self.access_tokens.clear()

    def sent(self, method=None, path=""):
        """The requests that arrived, or those of one method whose path holds *path*."""
        return [r for r in self.requests if method in (None, r[0]) and path in r[1]]

    def add_token(self, name="token", **fields):
        """Give the tenant a token as it lists them; return its id."""
        token_id = secrets.token_hex(16)
        self.tokens[token_id] = {
            "id": token_id,
            "name": name,
            "scope": ["sp:scopes:all"],
            "owner": {"type": "IDENTITY", "id": "2c9180a46faadee4016fb4e018c20639", "name": "ci"},
            "created": "2026-06-01T00:00:00.000Z",
            "lastUsed": None,
            "managed": False,
            "accessTokenValiditySeconds": 43200,
            "expirationDate": "2026-12-01T00:00:00.000Z",
            "userAwareTokenNeverExpires": False,
            **fields,
        }
        return token_id

    # What the handler asks of the state, under the lock.

    def answer(self, method, path, headers, body):
        """Record a request, and return the status, headers and body it is answered with."""
        with self._lock:
            self.requests.append((method, path, headers, body))
            for index, (want, part, status, fault_headers, fault_body) in enumerate(self.faults):
                if want in (None, method) and part in path:
                    del self.faults[index]
                    return status, fault_headers, fault_body
            if path == "/oauth/token":
                return self._token(headers, body)
            if headers.get("authorization", "").removeprefix("Bearer ") not in self.access_tokens:
                return 401, {}, json.dumps({"error": "JWT validation failed"}).encode()
            return self._pat_call(method, path, body)

    def _token(self, headers, body):
        form = dict(urllib.parse.parse_qsl(body.decode()))
        if headers.get("content-type") != "application/x-www-form-urlencoded":
            return 400, {}, b'{"error": "invalid_request"}'
        if form.get("grant_type") != "client_credentials" or self.clients.get(
            form.get("client_id")
        ) != form.get("client_secret"):
            return 401, {}, b'{"error": "invalid_client", "error_description": "Bad credentials"}'
        access_token = secrets.token_urlsafe(24)
        self.access_tokens.add(access_token)
        answer = {
            "access_token": access_token,
            "token_type": "bearer",
            "expires_in": self.lifetime,
            "scope": "sp:scopes:all",
            "tenant_id": "2c91808458ae7a4f0158b1bbf8af0628",
            "pod": "stg01-useast1",
            "org": "acme",
            "identity_id": "2c9180a46faadee4016fb4e018c20639",
            "user_id": "ci",
            "strong_auth": True,
            "jti": secrets.token_hex(8),
            "accessType": "OFFLINE",
        }
        return 200, {}, json.dumps(answer).encode()

    def _pat_call(self, method, path, body):  # noqa: PLR0911 - an answer a route
        path, _, _query = path.partition("?")
        parts = path.strip("/").split("/")
        if parts[0] in VERSIONS and parts[1:2] == ["personal-access-tokens"]:
            rest = parts[2:]
        elif parts[:2] == ["personal-access-tokens", "v1"]:
            rest = parts[2:]
            if rest == ["bulk-update"] and method in ("POST", "PATCH"):
                return self._bulk(json.loads(body))
        else:
            return 404, {"Content-Type": "text/html"}, b"<html><body>Not Found</body></html>"
        if not rest and method == "GET":
            return 200, {}, json.dumps(list(self.tokens.values())).encode()
        if not rest and method == "POST":
            request = json.loads(body)
            token_id = self.add_token(
                request["name"], scope=request.get("scope") or ["sp:scopes:all"]
            )
            secret = secrets.token_hex(32)
            self.clients[token_id] = secret
            created = {
                k: v for k, v in self.tokens[token_id].items() if k not in ("lastUsed", "managed")
            }
            return 200, {}, json.dumps({**created, "secret": secret}).encode()
        token_id = urllib.parse.unquote(rest[0]) if len(rest) == 1 else None
        if token_id not in self.tokens:
            return 404, {}, json.dumps(_error("404", "not found")).encode()
        if method == "DELETE":
            del self.tokens[token_id]
            self.clients.pop(token_id, None)
            return 204, {}, b""
        if method == "PATCH":
            for operation in json.loads(body):
                self.tokens[token_id][operation["path"].lstrip("/")] = operation.get("value")
            return 200, {}, json.dumps(self.tokens[token_id]).encode()
        return 405, {}, b""

    def _bulk(self, request):
        changed = []
        for token_id in sorted(request["ids"]):
            for operation in request["patch"]:
                self.tokens[token_id][operation["path"].lstrip("/")] = operation.get("value")
            changed.append(self.tokens[token_id])
        return 200, {}, json.dumps(changed).encode()


def _error(code, text):
    return {
        "detailCode": code,
        "trackingId": secrets.token_hex(8),
        "messages": [{"locale": "en-US", "localeOrigin": "DEFAULT", "text": text}],
    }


def _handler(tenant):
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def _serve(self):
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length)
            headers = {name.lower(): value for name, value in self.headers.items()}
            status, answer_headers, answer = tenant.answer(self.command, self.path, headers, body)
            self.send_response(status)
            answer_headers = {"Content-Type": "application/json", **answer_headers}
            answer_headers.setdefault("Slpt-Request-Id", secrets.token_hex(8))
            for name, value in answer_headers.items():
                self.send_header(name, value)
            if status != 204:
                self.send_header("Content-Length", str(len(answer)))
            self.end_headers()
            if status != 204:
                self.wfile.write(answer)

        do_GET = do_POST = do_PATCH = do_DELETE = _serve  # noqa: N815 - http.server's names

        def log_message(self, *args):
            pass

    return Handler
