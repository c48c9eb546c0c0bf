"""Which aspects of an entry each intent's card shows, and the intent that shows each aspect.

Facts carry an aspect (pay, place, requirements, duties, path, certification, definition,
resource); questions are read as intents (salary, qualifications...). These tables connect the two.
"""

from __future__ import annotations

from bot.knowledge.model import KnowledgeBase

# Which aspects each intent's card is about.
INTENT_ASPECTS: dict[str, tuple[str, ...]] = {
    "salary": ("pay", "place"),
    "location": ("place", "pay"),
    "role": ("definition",),
    "qualifications": ("requirements",),
    "duties": ("duties",),
    "certifications": ("certification",),
    "career_path": ("path",),
    "definition": ("definition",),
    "resources": ("resource",),
}
# The intent whose card shows an aspect, and the one showing an entry's overview, by its kind.
ASPECT_INTENT = {
    "pay": "salary",
    "place": "location",
    "requirements": "qualifications",
    "duties": "duties",
    "path": "career_path",
    "certification": "certifications",
    "resource": "resources",
}
DEFINITION_INTENT = {
    "role": "role",
    "certification": "certifications",
    "term": "definition",
    "resource": "resources",
}
# Entries searched when a question names none, by intent.
KINDS_WITHOUT_SUBJECT = {
    "certifications": ("certification",),
    "resources": ("resource",),
    "career_path": ("role",),
    "definition": ("term",),
}


def target_intent(kind: str, aspect: str) -> str:
    """The intent whose card shows this aspect of an entry of this kind."""
    if kind == "term":
        return "definition"
    if kind == "resource":
        return "resources"
    if kind == "certification":
        return "resources" if aspect == "resource" else "certifications"
    return ASPECT_INTENT.get(aspect) or DEFINITION_INTENT.get(kind, "definition")


def entity_kind(knowledge: KnowledgeBase, entity_id: str) -> str:
    """The kind of an entry: role, certification, term, place or resource (unknown: a term)."""
    entity = knowledge.entity(entity_id)
    return entity.kind if entity else "term"
