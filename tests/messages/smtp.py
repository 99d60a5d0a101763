"""A real SMTP server for the tests (aiosmtpd in a thread on 127.0.0.1), recording the raw bytes
of every message it accepts. Its mode says how it answers:

- "accept": 250 to everything;
- "refuse": 550 to every RCPT and DATA;
- "slow": sleeps `delay` seconds before answering DATA (then accepts);
- down()/up(): the port closed, then open again (same port).
"""
import asyncio
import socket
import threading

from aiosmtpd.controller import Controller


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class _Handler:
    def __init__(self, server):
        self.server = server

    async def handle_RCPT(self, smtp, session, envelope, address, rcpt_options):
        if self.server.mode == "refuse":
            return "550 5.1.1 Mailbox unavailable"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, smtp, session, envelope):
        if self.server.mode == "refuse":
            return "550 5.7.1 Message refused"
        if self.server.mode == "slow":
            await asyncio.sleep(self.server.delay)
        with self.server.lock:
            self.server.received.append(envelope.original_content)
        return "250 Message accepted for delivery"


class SmtpServer:
    def __init__(self, mode: str = "accept", delay: float = 0.0, port: int | None = None):
        self.mode, self.delay = mode, delay
        self.port = port or free_port()
        self.host = "127.0.0.1"
        self.received: list[bytes] = []
        self.lock = threading.Lock()
        self._controller = None

    def up(self) -> "SmtpServer":
        if self._controller is None:
            self._controller = Controller(_Handler(self), hostname=self.host, port=self.port, ready_timeout=10)
            self._controller.start()
        return self

    def down(self) -> None:
        if self._controller is not None:
            self._controller.stop()
            self._controller = None

    @property
    def is_up(self) -> bool:
        return self._controller is not None

    def count(self) -> int:
        with self.lock:
            return len(self.received)
