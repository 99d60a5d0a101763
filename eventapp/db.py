"""Database helpers shared by every feature: UTC timestamps, SQLite's settings and checkpoints, and
when a pooled connection is pinged."""
import os
import sqlite3
import threading
import time
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import UTC, datetime

from sqlalchemy import DateTime, event
from sqlalchemy.engine import Engine
from sqlalchemy.exc import DisconnectionError
from sqlalchemy.pool import Pool
from sqlalchemy.types import TypeDecorator


def utcnow():
    return datetime.now(UTC)


class UTCDateTime(TypeDecorator):
    """Stores naive UTC, returns aware UTC: the same on SQLite (which has no time zones) and PostgreSQL."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value, dialect):
        if value is None:
            return None
        return value.replace(tzinfo=UTC)


SQLITE_BUSY_TIMEOUT_MS = 15000
_READ_SNAPSHOT = ContextVar("sqlite_read_snapshot", default=False)


@contextmanager
def read_snapshot():
    """Transactions begun inside start DEFERRED on SQLite: reads under a WAL snapshot, without
    taking the write lock. End such a transaction before writing anything: a deferred transaction
    that reads and then writes fails when another worker wrote meanwhile. No effect elsewhere.
    (A scan at the door turns its snapshot into the write transaction: eventapp.checkin.services.)
    """
    token = _READ_SNAPSHOT.set(True)
    try:
        yield
    finally:
        _READ_SNAPSHOT.reset(token)


def in_read_snapshot(session):
    """True when the session's transaction (a Session or a scoped session) is a SQLite read snapshot."""
    session = session() if callable(session) else session
    return session.in_transaction() and bool(session.connection().info.get("read_snapshot"))


def end_read_snapshot(session):
    """Ends the session's transaction if it is a read snapshot: to be called before writing."""
    if in_read_snapshot(session):
        session.rollback()


@event.listens_for(Engine, "connect")
def _sqlite_on_connect(dbapi_connection, connection_record):
    if not isinstance(dbapi_connection, sqlite3.Connection):
        return
    # Let SQLAlchemy's "begin" event below issue BEGIN itself (pysqlite's own BEGIN is deferred).
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute(f"PRAGMA busy_timeout = {SQLITE_BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA foreign_keys = ON")
    cursor.execute("PRAGMA journal_mode = WAL")
    cursor.execute("PRAGMA synchronous = NORMAL")
    cursor.execute(f"PRAGMA wal_autocheckpoint = {WAL_AUTOCHECKPOINT_PAGES}")  # see checkpoint_soon()
    # Deleted rows (an erased guest's name and contacts) are overwritten in the file, whatever
    # the SQLite build's default is.
    cursor.execute("PRAGMA secure_delete = ON")
    cursor.close()


@event.listens_for(Engine, "begin")
def _sqlite_on_begin(conn):
    if conn.dialect.name != "sqlite":
        return
    # Take the write lock up front: a deferred transaction that reads and then writes fails with
    # "database is locked" when another worker wrote meanwhile, whatever the busy timeout.
    # Read-only work may ask for a snapshot instead (read_snapshot()).
    snapshot = _READ_SNAPSHOT.get()
    conn.info["read_snapshot"] = snapshot
    conn.exec_driver_sql("BEGIN" if snapshot else "BEGIN IMMEDIATE")


# ----- SQLite: the write-ahead log copied back beside the requests -----------------------------
# SQLite copies its write-ahead log into the database file (a checkpoint: up to 1,000 pages and two
# fsyncs) inside the COMMIT that makes the log reach 1,000 pages: about every hundredth scan's commit
# took 25-90 ms while every other scan of both server processes waited for the scans' lock
# (eventapp.checkin.services). Instead, every process that writes has a checkpointer thread, woken
# after its commits: a passive checkpoint takes no lock a writer or a reader waits for, and the thread
# waits for the disk without holding Python's GIL. Once the log is all copied, the next writer starts
# it again from the beginning, so it stays small. SQLite's own checkpoint in a COMMIT remains only as a
# safety net (WAL_AUTOCHECKPOINT_PAGES, 40 MB) should the thread fall behind.
WAL_AUTOCHECKPOINT_PAGES = 10_000
CHECKPOINT_PAUSE_S = 0.25  # after a wake-up: the commits meanwhile go into the same checkpoint
CHECKPOINTER_IDLE_S = 10.0  # a thread with nothing to do for this long ends (tests open many files)
_checkpointers: dict[tuple[int, str], threading.Event] = {}
_checkpointers_lock = threading.Lock()


def checkpoint_soon(database):
    """Asks this process's checkpointer of the SQLite database file `database` for a checkpoint,
    starting the thread when there is none. Returns at once."""
    if not database or database == ":memory:" or database.startswith("file:"):
        return
    key = (os.getpid(), database)
    with _checkpointers_lock:
        wake = _checkpointers.get(key)
        if wake is None:
            wake = _checkpointers[key] = threading.Event()
            threading.Thread(target=_checkpointer, args=(key, wake), name="sqlite-checkpoint", daemon=True).start()
        wake.set()


def _checkpointer(key, wake):
    connection = None
    try:
        connection = sqlite3.connect(key[1], isolation_level=None, check_same_thread=False)
        while True:
            if not wake.wait(CHECKPOINTER_IDLE_S):
                with _checkpointers_lock:
                    if not wake.is_set():
                        return
            time.sleep(CHECKPOINT_PAUSE_S)
            wake.clear()
            for _attempt in range(5):
                busy, logged, copied = connection.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchone()
                if busy or logged == copied:  # another process's checkpointer is at it, or all copied
                    break
    except sqlite3.Error:
        return  # the file went away (a test's); the commits' own checkpoints remain
    finally:
        with _checkpointers_lock:
            if _checkpointers.get(key) is wake:
                del _checkpointers[key]
        if connection is not None:
            connection.close()


@event.listens_for(Engine, "commit")
def _sqlite_on_commit(conn):
    if conn.dialect.name == "sqlite":
        checkpoint_soon(conn.engine.url.database)


# ----- PostgreSQL: a pooled connection is pinged only after sitting idle -----------------------
# A ping before every checkout (pool_pre_ping) was one round trip more for every request: a third of
# a device's scan. A connection handed back less than IDLE_PING_S ago was working then; one idle for
# longer (the database restarted, a firewall dropped it) is pinged, and replaced when the ping fails.
# A database restarted while requests flow fails one request per server process, which reconnects.
IDLE_PING_S = 10.0


@event.listens_for(Pool, "checkin")
def _note_idle_since(dbapi_connection, connection_record):
    connection_record.info["idle_since"] = time.monotonic()


@event.listens_for(Pool, "checkout")
def _ping_after_idle(dbapi_connection, connection_record, connection_proxy):
    if isinstance(dbapi_connection, sqlite3.Connection):
        return  # a file on this machine: nothing to lose on the way
    idle_since = connection_record.info.get("idle_since")
    if idle_since is None or time.monotonic() - idle_since < IDLE_PING_S:
        return
    try:
        autocommit = dbapi_connection.autocommit
        dbapi_connection.autocommit = True  # no transaction left open by the ping
        cursor = dbapi_connection.cursor()
        cursor.execute("SELECT 1")
        cursor.close()
        dbapi_connection.autocommit = autocommit
    except Exception as exc:  # the DBAPI's own errors: the pool retries with a new connection
        raise DisconnectionError() from exc
