"""Database URLs: which targets are PostgreSQL, and how to show one without its password.

Its own small module (no imports from the package) so that the settings and the store both use
it, and reading the settings never loads the store.
"""

from __future__ import annotations

import re

SCHEMES = ("postgresql://", "postgres://")
_PASSWORD_IN_NETLOC = re.compile(r"^([a-z]+://[^:/@?#]*):[^@/?#]*@", re.IGNORECASE)
_PASSWORD_IN_QUERY = re.compile(r"(password=)[^&]*", re.IGNORECASE)


def is_postgres_url(target: str) -> bool:
    """True when ``target`` is a PostgreSQL connection URL rather than an SQLite path."""
    return target.lower().startswith(SCHEMES)


def redact(url: str) -> str:
    """The URL with any password replaced by ``***``, for logs and messages (a path comes back
    as it is)."""
    return _PASSWORD_IN_QUERY.sub(r"\1***", _PASSWORD_IN_NETLOC.sub(r"\1:***@", url))
