"""Starting the app under gunicorn for tests that need real worker processes."""
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def gunicorn(database_url, workers=2, env=None, instance_path=None):
    """Runs `gunicorn wsgi:app` on a free port; yields (base_url, process)."""
    port = free_port()
    environment = {
        **os.environ, "DATABASE_URL": database_url, "APP_ENV": "development",
        "INSTANCE_PATH": str(instance_path or ROOT / "instance"), **(env or {}),
    }
    # The server's error output goes to a file: a pipe nobody reads fills up and stalls the server, and
    # reading it before the server has stopped would wait for ever.
    log = tempfile.TemporaryFile()  # noqa: SIM115  (closed when the server has stopped)
    process = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-w", str(workers), "-b", f"127.0.0.1:{port}",
         "--access-logfile", "/dev/null", "wsgi:app"],
        cwd=ROOT, env=environment, stdout=subprocess.DEVNULL, stderr=log,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 90  # a loaded machine starts Python slowly
        while True:
            try:
                urllib.request.urlopen(base + "/healthz", timeout=2)
                break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    _stop(process)
                    log.seek(0)
                    raise RuntimeError("gunicorn did not start: " + log.read().decode()[-2000:]) from None
                time.sleep(0.2)
        yield base, process
    finally:
        _stop(process)
        log.close()


def _stop(process):
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
