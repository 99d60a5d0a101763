"""What the benchmarks share: the database lanes they run on.

Every database benchmark runs on SQLite (a file in a temporary folder) and, when PostgreSQL answers,
on PostgreSQL too: BENCH_DATABASE_URL (default postgresql+psycopg://postgres@127.0.0.1:5432/bench,
created if missing; its tables are dropped and recreated). BENCH_LANES=sqlite or =postgresql runs one.
"""
import os
from pathlib import Path

PG_URL = os.environ.get("BENCH_DATABASE_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/bench")


def ensure_pg_database(url):
    """Creates the benchmark database when missing; False when PostgreSQL does not answer."""
    from sqlalchemy import create_engine, text
    from sqlalchemy.exc import OperationalError

    base, name = url.rsplit("/", 1)
    admin = create_engine(f"{base}/postgres", isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            if not conn.execute(text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": name}).scalar():
                conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
    except OperationalError:
        return False
    finally:
        admin.dispose()
    return True


def lanes(folder, name):
    """([(label, database URL)], [table rows for the lanes skipped]) for a benchmark called `name`."""
    wanted = os.environ.get("BENCH_LANES", "sqlite,postgresql").split(",")
    found, skipped = [], []
    if "sqlite" in wanted:
        found.append(("SQLite", f"sqlite:///{Path(folder) / 'bench.sqlite3'}"))
    if "postgresql" in wanted:
        if ensure_pg_database(PG_URL):
            found.append(("PostgreSQL", PG_URL))
        else:
            print(f"PostgreSQL at {PG_URL} does not answer: that lane is skipped.", flush=True)
            skipped.append({"name": f"{name} (PostgreSQL)", "figure": "skipped: no PostgreSQL", "target": "-",
                            "met": False})
    return found, skipped


def machine_speed():
    """Seconds of CPU a fixed pure-Python loop takes now: this shared machine's speed varies over the
    day (by 2x and more), and latency figures are comparable only next to this one."""
    import time

    started = time.process_time()
    total = 0
    for number in range(2_000_000):
        total += number
    return time.process_time() - started


def free_port():
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def app_with_real_queue(folder, url, smtp_port):
    """The app on `url`, sending to an SMTP server on the loopback, with a real task queue (a
    SqliteHuey file in `folder`) instead of the tests' immediate one: what `flask worker` consumes."""
    from eventapp import create_app
    from eventapp.messages.queue import task_queue

    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": url, "RATELIMIT_ENABLED": False,
                      "MAIL_SERVER": "127.0.0.1", "MAIL_PORT": smtp_port, "MAIL_USE_TLS": False,
                      "MAIL_USE_SSL": False, "MAIL_USERNAME": None})
    # TESTING builds an immediate in-process queue; the real one is built while TESTING is off.
    app.instance_path = str(folder)
    app.config["TESTING"], app.config["TASK_QUEUE_URL"] = False, ""
    task_queue(app)
    app.config["TESTING"] = True
    return app


def print_rows(rows):
    """A benchmark's rows, one line each: what, figure, target, met."""
    for row in rows:
        print(f"{row['name']:<60} {row['figure']:>32}   target {row['target']:<20} "
              f"{'met' if row['met'] else 'NOT MET'}")
