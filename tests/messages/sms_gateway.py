"""A real HTTP SMS gateway for the tests (http.server in a thread on 127.0.0.1), recording every
request it gets. Its mode says how it answers:

- "accept": 200 with a small JSON body;
- "fail": 500 with an error text;
- "slow": sleeps `delay` seconds, then accepts;
- down(): the port closed (nothing listens), up() opens it again on the same port.

up() first: the gateway's port is known from then on.
"""
import json
import threading
import time
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest


@dataclass
class Request:
    method: str
    path: str
    headers: dict
    raw: bytes

    @property
    def json(self):
        return json.loads(self.raw.decode("utf-8"))


class _Handler(BaseHTTPRequestHandler):
    def do_POST(self):  # noqa: N802 (http.server's naming)
        gateway = self.server.gateway
        raw = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        with gateway.lock:
            gateway.requests.append(Request("POST", self.path, dict(self.headers), raw))
        if gateway.mode == "slow":
            time.sleep(gateway.delay)
        status, body = (500, b"internal error: route unavailable") if gateway.mode == "fail" else \
            (200, b'{"status": "queued"}')
        self.send_response(status)
        self.send_header("Content-Type", "application/json" if status == 200 else "text/plain")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):  # keep the test output quiet
        pass


class SmsGateway:
    def __init__(self, mode: str = "accept", delay: float = 0.0):
        self.mode, self.delay = mode, delay
        self.host, self.port = "127.0.0.1", 0  # the port: chosen by the system on the first up()
        self.requests: list[Request] = []
        self.lock = threading.Lock()
        self._server = None

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}/api/sms"

    def up(self) -> "SmsGateway":
        if self._server is None:
            # Bound straight away on port 0 (no probe-then-bind race with other tests); up() after
            # down() binds the same port again.
            self._server = ThreadingHTTPServer((self.host, self.port), _Handler)
            self.port = self._server.server_address[1]
            self._server.gateway = self
            self._server.daemon_threads = True
            threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return self

    def down(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    def texts(self, to: str | None = None) -> list[str]:
        """The texts received, oldest first (only those to this number, when given)."""
        with self.lock:
            return [r.json["text"] for r in self.requests if to is None or r.json["to"] == to]


@pytest.fixture
def sms_gateway(app):
    """An accepting gateway, and the app's SMS settings pointing at it (a bearer token, a sender)."""
    gateway = SmsGateway().up()
    app.config.update(SMS_GATEWAY_URL=gateway.url, SMS_GATEWAY_TOKEN="sms-test-token", SMS_SENDER="NGAYHOIHTX",
                      SMS_GATEWAY_TIMEOUT=2)
    yield gateway
    gateway.down()
