"""gunicorn settings: `gunicorn -c gunicorn.conf.py wsgi:app`. Every value can be set from the environment."""
import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("GUNICORN_WORKERS", str(min(4, multiprocessing.cpu_count() * 2))))
# Sync workers, one request at a time each: door devices post small JSON and nginx in front buffers
# slow clients, so a worker never waits on one. Measured with bench/checkin.py on 2 cores, sync
# workers admitted about twice as many scans a second as gthread with 4 threads on SQLite (threads of
# one process take turns at its write lock and at Python's GIL) and as many on PostgreSQL.
# GUNICORN_THREADS above 1 switches to gthread workers (without nginx in front, for example).
threads = int(os.environ.get("GUNICORN_THREADS", "1"))
worker_class = "gthread" if threads > 1 else "sync"
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))
graceful_timeout = 20
keepalive = 5
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "5000"))
max_requests_jitter = 500
accesslog = os.environ.get("GUNICORN_ACCESSLOG", "-")
# The access log writes paths with guests' private links and set-password links redacted.
logger_class = "eventapp.gunicorn_logging.RedactingLogger"
errorlog = "-"
# Behind nginx on the same host: trust its X-Forwarded-* headers (see PROXY_FIX_HOPS too).
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
# Each worker opens its own database connections after the fork.
preload_app = False


def post_worker_init(worker):
    """Moves everything the app allocated while loading into the permanent generation: a full
    collection of Python's garbage collector then skips those objects. Without this, each worker
    stopped for about 100 ms a few times per few thousand requests, walking some 190,000 objects
    (measured on 2 cores); every request waiting on that worker waited as long."""
    import gc

    gc.freeze()
