"""Where a guest's data lies besides the guest row, found from the schema rather than listed by hand.

The tables this feature knows (badge prints, revoked badges, award recipients) are handled by
name; any other table with a foreign key to guest.id (check-in admissions and scans, added by the
check-in feature, or whatever comes later) is found by walking the metadata, so that an export
shows it and an erasure scrubs it without this module importing those features.
"""
from collections.abc import Callable, Iterable, Iterator, Mapping
from datetime import date, datetime
from typing import Any

from sqlalchemy import Column, String, Table, Text, select, update

from ..extensions import db

# Handled one by one in export.py and services.py.
KNOWN_TABLES = {"guest", "badge_print", "revoked_badge", "award_recipient"}
CHUNK = 500


def chunks(ids: Iterable[int]) -> Iterator[list[int]]:
    ids = sorted(ids)
    for start in range(0, len(ids), CHUNK):
        yield ids[start:start + CHUNK]


def other_tables() -> list[tuple[Table, Column[Any]]]:
    """[(table, column pointing at guest.id)] for the tables this feature does not know by name."""
    found = []
    for table in db.metadata.sorted_tables:
        if table.name in KNOWN_TABLES:
            continue
        for fk in table.foreign_keys:
            if fk.column.table.name == "guest" and fk.column.name == "id":
                found.append((table, fk.parent))
    return found


def plain(value: Any) -> Any:
    """A JSON-friendly copy of a column value (bytes are left out: files are not personal text)."""
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    if isinstance(value, (bytes, bytearray, memoryview)):
        return None
    return value


def rows_about(guest_id: int) -> dict[str, list[dict[str, Any]]]:
    """{table name: [row as dict]} of the other tables' rows that point at the guest."""
    result: dict[str, list[dict[str, Any]]] = {}
    for table, column in other_tables():
        rows = db.session.execute(select(table).where(column == guest_id).order_by(*table.primary_key.columns)) \
            .mappings().all()
        if rows:
            result.setdefault(table.name, []).extend({k: plain(v) for k, v in row.items()} for row in rows)
    return result


def _text_columns(table: Table) -> list[Column[Any]]:
    return [c for c in table.columns if isinstance(c.type, (String, Text)) and not c.foreign_keys]


def scrub_other_tables(personal_by_guest: Mapping[int, Any], redact: Callable[[str, Any], str | None]) -> None:
    """In the other tables' rows that point at these guests, text that contains the guest's own
    name, e-mail or phone is redacted (``redact(text, values)`` returns the new text or None)."""
    for table, column in other_tables():
        texts = _text_columns(table)
        keys = list(table.primary_key.columns)
        if not texts or not keys:
            continue
        for ids in chunks(personal_by_guest):
            rows = db.session.execute(select(column, *keys, *texts).where(column.in_(ids))).all()
            for row in rows:
                values = personal_by_guest[row[0]]
                changes: dict[str, str] = {}
                for col in texts:
                    current = getattr(row, col.name)
                    if isinstance(current, str):
                        new = redact(current, values)
                        if new is not None:
                            length = getattr(col.type, "length", None)
                            changes[col.name] = new[:length] if length else new
                if changes:
                    db.session.execute(update(table).where(*(k == getattr(row, k.name) for k in keys))
                                       .values(**changes))
