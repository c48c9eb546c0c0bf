"""Which knowledge folder to use: ``--knowledge DIR``, else ``KNOWLEDGE_DIR``, else the shipped one.

The repository keeps the knowledge in ``knowledge/`` at its top; a wheel installs the same files
as the data package ``bot.shipped_knowledge`` (the mapping is in pyproject.toml).
"""

from __future__ import annotations

from pathlib import Path

# A checkout (or an editable install) has the folder beside bot/.
REPOSITORY_KNOWLEDGE = Path(__file__).resolve().parents[2] / "knowledge"


def shipped_knowledge() -> Path:
    """The knowledge folder that comes with pacsbot: the installed copy, else the repository's."""
    from importlib import resources  # about 15 ms; only the commands that need it pay

    installed = resources.files("bot").joinpath("shipped_knowledge")
    # The loader reads a real directory, so only a filesystem path will do (a zipped install
    # would give a zipfile.Path). An editable install maps bot.shipped_knowledge to knowledge/
    # through setuptools' import finder, which cannot import a package without __init__.py, so
    # importlib.resources sees nothing there: that case reads the repository's folder.
    if isinstance(installed, Path) and installed.is_dir():
        return installed
    return REPOSITORY_KNOWLEDGE


def choose_knowledge(given: str | Path | None = None, setting: str | Path | None = None) -> Path:
    """``given`` (``--knowledge DIR``) wins, then ``setting`` (``KNOWLEDGE_DIR``), then shipped."""
    for choice in (given, setting):
        if choice is not None and str(choice).strip():
            return Path(choice)
    return shipped_knowledge()
