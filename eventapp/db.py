"""Database helpers shared by every feature: UTC timestamps and SQLite's settings."""
import sqlite3
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import datetime, timezone

from sqlalchemy import DateTime, event
from sqlalchemy.engine import Engine
from sqlalchemy.types import TypeDecorator


def utcnow():
    return datetime.now(timezone.utc)


class UTCDateTime(TypeDecorator):
    """Stores naive UTC, returns aware UTC: the same on SQLite (which has no time zones) and PostgreSQL."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        return value.astimezone(timezone.utc).replace(tzinfo=None)

    def process_result_value(self, value, dialect):
        if value is None:
            return None
        return value.replace(tzinfo=timezone.utc)


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
