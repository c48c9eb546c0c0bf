"""``pacsbot db migrate | export | import``: look after the store outside the bot.

The database is the one ``pacsbot run`` would use (``DATABASE_URL``, else ``DATABASE_PATH``,
else ``STATE_DIR/pacsbot.sqlite3``, from the environment or ``.env``), or ``--database`` (a
``postgresql://`` URL or an SQLite file). Moving an SQLite store to PostgreSQL::

    pacsbot db export --database .pacsbot/pacsbot.sqlite3 store.json
    DATABASE_URL=postgresql://bot@db/pacsbot pacsbot db import store.json
"""

from __future__ import annotations

import asyncio
import json
import os
import sys
from pathlib import Path
from typing import Any

EXIT_OK, EXIT_ERRORS, EXIT_USAGE = 0, 1, 2


def database_of(option: str | None) -> tuple[str, str]:
    """(what the store opens, how to show it) for ``--database`` or the bot's settings."""
    from bot.config import Settings

    settings = Settings.from_env(os.environ)
    if option:
        shown = (
            Settings.from_env({"DATABASE_URL": option}, None).database_shown
            if ("://" in option)
            else option
        )
        return option, shown
    return settings.database, settings.database_shown


def cmd_db(action: str, database: str | None, file: str | None) -> int:
    """Run one ``pacsbot db`` action; the exit status."""
    from bot.config import SettingsError

    try:
        target, shown = database_of(database)
    except SettingsError as exc:
        print(exc, file=sys.stderr)
        return EXIT_USAGE
    return asyncio.run(_run(action, target, shown, file))


async def _run(action: str, target: str, shown: str, file: str | None) -> int:
    from bot.store import Store
    from bot.store.store import StoreUnavailable
    from bot.store.transfer import TransferError

    async with Store(target) as store:
        if not store.available:
            print(f"Cannot use the database {shown}: {store.problem}", file=sys.stderr)
            return EXIT_ERRORS
        if action == "migrate":
            kind = "PostgreSQL" if store.postgres else "SQLite"
            print(f"{kind} database {shown}: up to date (migrations applied)")
            return EXIT_OK
        if action == "export":
            data = await store.export_data()
            if data is None:
                print(f"Could not read {shown}: {store.problem}", file=sys.stderr)
                return EXIT_ERRORS
            _write(file or "-", data)
            print(f"Exported {_counts(data['tables'])} from {shown}", file=sys.stderr)
            return EXIT_OK
        try:
            data = _read(file or "-")
            counts = await store.import_data(data)
        except (OSError, ValueError, TransferError, StoreUnavailable) as exc:
            print(f"Nothing imported into {shown}: {exc}", file=sys.stderr)
            return EXIT_ERRORS
        print(f"Imported {_counts(counts)} into {shown}", file=sys.stderr)
        return EXIT_OK


def _counts(tables: dict[str, Any]) -> str:
    sizes = {name: len(rows) if isinstance(rows, list) else rows for name, rows in tables.items()}
    return ", ".join(f"{n} {name}" for name, n in sizes.items() if name != "meta")


def _write(file: str, data: dict[str, Any]) -> None:
    text = json.dumps(data, ensure_ascii=False, indent=1)
    if file == "-":
        sys.stdout.write(text + "\n")
    else:
        Path(file).write_text(text + "\n", encoding="utf-8")


def _read(file: str) -> Any:
    text = sys.stdin.read() if file == "-" else Path(file).read_text(encoding="utf-8")
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise ValueError(f"not JSON ({exc})") from None
