"""
The credential helpers put the real credential on the wire, with each HTTP library as its docs use it.

A local server records what arrives; the reprs of what was sent never show it.
"""

import asyncio
import base64
import http.server
import threading
import urllib.parse
import urllib.request
from typing import ClassVar

import pytest

from pat_models import basic_authorization, client_credentials

from .payloads import SECRET, make_created

TOKEN = make_created(id="86f1dc6fe8f54414950454cbb11278fa", secret=SECRET)
BASIC = "Basic " + base64.b64encode(f"{TOKEN.id}:{SECRET}".encode()).decode()
FORM = {"grant_type": "client_credentials", "client_id": TOKEN.id, "client_secret": SECRET}


class _Recorder(http.server.BaseHTTPRequestHandler):
    received: ClassVar[list[tuple[str | None, dict[str, str]]]] = []

    def do_POST(self):
        body = self.rfile.read(int(self.headers["Content-Length"])).decode()
        form = dict(urllib.parse.parse_qsl(body))
        self.received.append((self.headers["Authorization"], form))
        self.send_response(200)
        self.send_header("Content-Length", "2")
        self.end_headers()
        self.wfile.write(b"{}")

    def log_message(self, *_):
        pass


@pytest.fixture
def server():
    """A server on the loopback that records the Authorization header and form of each POST."""
    _Recorder.received = []
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Recorder)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_port}/oauth/token", _Recorder.received
    httpd.shutdown()
    httpd.server_close()


def _send_urllib(url, headers, form):
    data = urllib.parse.urlencode(form).encode()
    request = urllib.request.Request(url, data=data, headers=headers, method="POST")  # noqa: S310
    with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
        response.read()


def _send_requests(url, headers, form):
    requests = pytest.importorskip("requests")
    requests.post(url, data=form, headers=headers, timeout=10).raise_for_status()


def _send_httpx(url, headers, form):
    httpx = pytest.importorskip("httpx")
    httpx.post(url, data=form, headers=headers, timeout=10).raise_for_status()


def _send_aiohttp(url, headers, form):
    aiohttp = pytest.importorskip("aiohttp")

    async def send():
        async with (
            aiohttp.ClientSession() as session,
            session.post(url, data=form, headers=headers) as response,
        ):
            response.raise_for_status()

    asyncio.run(send())


@pytest.mark.parametrize(
    "send",
    [_send_urllib, _send_requests, _send_httpx, _send_aiohttp],
    ids=["urllib", "requests", "httpx", "aiohttp"],
)
def test_the_real_credential_goes_out_with_each_http_library(server, send):
    """The header and the form as each library sends them carry the secret itself, not a mask."""
    url, received = server

    send(url, {"Authorization": basic_authorization(TOKEN)}, client_credentials(TOKEN))

    assert received == [(BASIC, FORM)]


def test_urlencode_carries_the_secret():
    """What OAuth clients build by hand: the form, urlencoded, holds the secret."""
    form = urllib.parse.urlencode(client_credentials(TOKEN))

    assert "client_secret=" + urllib.parse.quote_plus(SECRET) in form
