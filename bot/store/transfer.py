"""Every row of a store as plain data, and back: ``pacsbot db export`` / ``db import``.

Used to move an SQLite store to PostgreSQL (or back). Both backends have the same tables and
columns, so rows travel by column name. The salt that hashes askers travels too, so a person's
earlier votes still count as theirs. Bytes are written as ``{"base64": ...}``. An import goes
into a database without rows only, in one transaction, keeping every id.
"""

from __future__ import annotations

import base64
from typing import Any

TABLES = ("meta", "guild_settings", "questions", "feedback", "knowledge_changes")
IDENTITY_TABLES = ("questions", "knowledge_changes")  # their ``id`` is generated
FORMAT = "pacsbot-store"
VERSION = 1


class TransferError(ValueError):
    """An export that cannot be imported, or a database that is not empty."""


def dump(conn: Any) -> dict[str, Any]:
    """Every row of every table, by column name (``conn``: a DB-API connection)."""
    tables: dict[str, list[dict[str, Any]]] = {}
    for table in TABLES:
        cursor = conn.execute(f"SELECT * FROM {table}")
        names = [column[0] for column in cursor.description]
        tables[table] = [dict(zip(names, map(_plain, row), strict=True)) for row in cursor]
    return {"format": FORMAT, "version": VERSION, "tables": tables}


def load(conn: Any, data: Any, placeholder: str, postgres: bool) -> dict[str, int]:
    """Insert an export's rows (the caller holds a transaction); rows per table.

    Raises TransferError when ``data`` is no export of this format or the database has rows.
    """
    tables = _checked(data)
    for table in TABLES:
        if conn.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]:
            if table == "meta":  # a new store made its salt already: the export's replaces it
                conn.execute("DELETE FROM meta")
                continue
            raise TransferError(f"the database already has {table}: import into an empty one")
    counts = {}
    for table in TABLES:
        rows = tables.get(table) or []
        for row in rows:
            names = list(row)
            marks = ", ".join([placeholder] * len(names))
            values = [_value(v) for v in row.values()]
            conn.execute(f"INSERT INTO {table} ({', '.join(names)}) VALUES ({marks})", values)
        counts[table] = len(rows)
    if postgres:  # identity columns continue after the imported ids
        for table in IDENTITY_TABLES:
            conn.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                f"COALESCE((SELECT MAX(id) FROM {table}), 0) + 1, false)"
            )
    return counts


def _checked(data: Any) -> dict[str, list[dict[str, Any]]]:
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise TransferError("this is not a pacsbot store export")
    if data.get("version") != VERSION:
        raise TransferError(f"export version {data.get('version')!r}; this bot reads {VERSION}")
    tables = data.get("tables")
    if not isinstance(tables, dict) or not all(isinstance(v, list) for v in tables.values()):
        raise TransferError("the export's tables are damaged")
    unknown = set(tables) - set(TABLES)
    if unknown:
        raise TransferError(f"unknown tables in the export: {', '.join(sorted(unknown))}")
    return tables


def _plain(value: Any) -> Any:
    if isinstance(value, (bytes, bytearray, memoryview)):
        return {"base64": base64.b64encode(bytes(value)).decode("ascii")}
    return value


def _value(value: Any) -> Any:
    if isinstance(value, dict) and set(value) == {"base64"}:
        return base64.b64decode(value["base64"])
    return value
