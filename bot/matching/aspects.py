"""The intent whose card shows an aspect of an entry (the tables are in ``bot.intents``).

Facts carry an aspect (pay, place, requirements, duties, path, certification, definition,
resource); questions are read as intents (salary, qualifications...).
"""

from __future__ import annotations

from bot.intents import ASPECT_INTENT, CERTIFICATIONS, DEFAULT_INTENT, DEFINITION, RESOURCES


def target_intent(kind: str, aspect: str) -> str:
    """The intent whose card shows this aspect of an entry of this kind."""
    if kind == "term":
        return DEFINITION
    if kind == "resource":
        return RESOURCES
    if kind == "certification":
        return RESOURCES if aspect == "resource" else CERTIFICATIONS
    return ASPECT_INTENT.get(aspect) or DEFAULT_INTENT.get(kind, DEFINITION)
