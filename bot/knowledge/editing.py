"""The knowledge-editing service: what moderators' ``/kb`` commands call.

It never talks to Discord and does no network: it names the editable files, reads uploads,
reviews a change with every check of ``pacsbot kb check`` (on a copy of the folder), applies a
reviewed change atomically, and writes a missed question into an entry's ``asks``.

Typical use: ``review = review_change(folder, path, text)``; show ``review.errors`` or
``review.summary.text()`` and ``review.diff``; on confirmation ``apply_change(folder, review)``
and reload the engine. An undo is ``review_change(folder, path, review.old_text)``.
"""

from __future__ import annotations

from bot.knowledge.edit_files import (
    MAX_UPLOAD_BYTES,
    Conflict,
    EditError,
    decode_upload,
    editable_files,
    resolve_target,
    target_for_upload,
)
from bot.knowledge.edit_review import ChangeSummary, Review, apply_change, review_change
from bot.knowledge.teach import teach

__all__ = [
    "MAX_UPLOAD_BYTES",
    "ChangeSummary",
    "Conflict",
    "EditError",
    "Review",
    "apply_change",
    "decode_upload",
    "editable_files",
    "resolve_target",
    "review_change",
    "target_for_upload",
    "teach",
]
