"""PostgreSQL URLs and failures in the store's words, without importing psycopg.

``DATABASE_URL=postgresql://…`` selects PostgreSQL; these helpers let the store recognise such a
target, name it in logs without its password, and classify psycopg's errors by their SQLSTATE
(or, for a connection that failed before the server said anything, by their class).
"""

from __future__ import annotations

from bot.database_url import is_postgres_url, redact

__all__ = ["is_postgres_url", "is_psycopg_error", "pg_problem", "redact"]

# SQLSTATE codes (or their first two characters, the class) -> a key of bot.store.store.PROBLEMS
_BY_STATE = {
    "55P03": "locked",  # lock_not_available (lock_timeout)
    "40P01": "locked",  # deadlock_detected
    "40001": "locked",  # serialization_failure
    "25006": "read-only",  # read_only_sql_transaction (hot standby, default_transaction_read_only)
    "42501": "read-only",  # insufficient_privilege: a role that may read but not write
    "53100": "full",  # disk_full
    "57014": "slow",  # query_canceled (statement_timeout)
    "57P01": "unavailable",  # admin_shutdown
    "57P02": "unavailable",  # crash_shutdown
    "57P03": "unavailable",  # cannot_connect_now (starting up, shutting down)
    "3D000": "unavailable",  # invalid_catalog_name: no such database
    "XX001": "corrupt",  # data_corrupted
    "XX002": "corrupt",  # index_corrupted
}
_BY_CLASS = {"08": "unavailable", "28": "unavailable", "53": "full", "58": "io"}


def is_psycopg_error(exc: BaseException) -> bool:
    """True for an exception raised by psycopg (checked by module, so psycopg is not imported)."""
    return type(exc).__module__.split(".")[0] == "psycopg"


def pg_problem(exc: BaseException) -> str:
    """The kind (a key of ``PROBLEMS``) of a psycopg error."""
    state = str(getattr(exc, "sqlstate", None) or "")
    if state in _BY_STATE:
        return _BY_STATE[state]
    if state[:2] in _BY_CLASS:
        return _BY_CLASS[state[:2]]
    if not state and type(exc).__name__ in ("OperationalError", "InterfaceError"):
        return "unavailable"  # no answer from a server: refused, unreachable, connection lost
    message = str(exc).lower()
    if "read-only" in message:
        return "read-only"
    return "error"
