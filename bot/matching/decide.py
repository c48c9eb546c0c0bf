"""Decide what a question asks, how sure we are, and whether to answer, ask back or decline.

The rule follows RoboDanny's fuzzy helper: answer directly only when one reading clearly beats the
others; when two readings are close offer them as choices; when nothing known is asked, decline.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from bot.knowledge.model import KnowledgeBase
from bot.matching.analyse import Analysis
from bot.matching.context import Conversation
from bot.matching.index import MatchIndex

ANSWER_THRESHOLD = 0.55
MAX_OPTIONS = 5
# Two partial readings whose scores differ by less than this are too close to pick between.
MARGIN = 0.5

ROLE_INTENTS = frozenset({"salary", "location", "qualifications", "duties", "career_path", "role"})
GENERIC_INTENTS = frozenset({"certifications", "resources", "career_path", "help"})
# Ties between intent scores go to the more specific intent.
PRIORITY = (
    "help",
    "comparison",
    "location",
    "salary",
    "certifications",
    "qualifications",
    "duties",
    "career_path",
    "resources",
    "definition",
    "role",
)
DEFAULT_INTENT = {
    "role": "role",
    "certification": "certifications",
    "term": "definition",
    "resource": "resources",
}
# Short follow-ups ("and in boston?", "what certs does it need") reuse the last subject.
FOLLOW_UP_MAX_CONTENT = 6
ANAPHORA = frozenset({"it", "they", "them", "that", "this", "those", "these", "one", "there", "he"})


@dataclass(frozen=True, slots=True)
class Match:
    """The decision for one question."""

    outcome: str  # "answer" | "clarify" | "decline"
    confidence: float
    intent: str | None
    subjects: tuple[str, ...] = ()
    location: str | None = None
    options: tuple[str, ...] = ()
    reason: str = ""


def decide(
    knowledge: KnowledgeBase,
    index: MatchIndex,
    analysis: Analysis,
    *,
    forced_intent: str | None = None,
    context: Conversation | None = None,
) -> Match:
    """Turn an analysis into an outcome; ``forced_intent`` comes from a slash command."""
    if analysis.empty and forced_intent is None:
        return Match("decline", 0.0, None, reason="empty")

    places = analysis.of_kind("place")
    location = places[0].entity_id if places else None
    intent, explicit = _pick_intent(analysis, forced_intent)
    mentions = analysis.of_kind("role", "certification", "term", "resource")
    subjects = [m.entity_id for m in mentions]
    subject_score = min((m.score for m in mentions), default=1.0)
    if intent in ROLE_INTENTS | {"comparison"} and any(
        _kind(knowledge, s) in ("role", "certification") for s in subjects
    ):
        subjects, _ = _roles_for_terms(knowledge, subjects)
    subjects = _drop_side_mentions(knowledge, subjects, intent)

    follow_up = _is_follow_up(analysis, context, subjects, explicit, location)
    if follow_up and context is not None:
        if not subjects:
            subjects = list(context.subjects)
            subject_score = 0.9
        if not explicit:
            intent, explicit = context.intent, True
        if location is None and intent == context.intent and not places:
            location = context.location

    if not subjects and intent in ROLE_INTENTS | {None, "certifications", "comparison"}:
        guessed = _from_partial(knowledge, analysis, intent)
        if len(guessed) == 1:
            subjects, subject_score = guessed, 0.75
        elif len(guessed) > 1:
            return Match(
                "clarify",
                round(0.45 / len(guessed) + 0.2, 2),
                intent,
                location=location,
                options=tuple(guessed[:MAX_OPTIONS]),
                reason="ambiguous",
            )

    if subjects and intent in ROLE_INTENTS | {"comparison"}:
        subjects, options = _roles_for_terms(knowledge, subjects)
        if options:
            return Match(
                "clarify", 0.4, intent, location=location, options=options, reason="ambiguous"
            )

    if intent is None:
        if not subjects:
            return Match("decline", 0.1 if location else 0.0, None, reason="off_topic")
        intent = DEFAULT_INTENT[knowledge_kind(index, subjects[0])]
    intent = _fit_intent_to_subjects(index, intent, subjects)

    if not subjects:
        return _without_subject(intent, explicit, analysis, location, forced_intent)

    confidence = _confidence(subject_score, explicit, analysis)
    if confidence < ANSWER_THRESHOLD:
        return Match("decline", round(confidence, 2), None, reason="unsure")
    return Match("answer", round(confidence, 2), intent, tuple(subjects), location)


def knowledge_kind(index: MatchIndex, entity_id: str) -> str:
    """The kind of an entry: role, certification, term, place or resource."""
    return index.entity_kind[entity_id]


def _pick_intent(analysis: Analysis, forced: str | None) -> tuple[str | None, bool]:
    if forced is not None:
        return forced, True
    if not analysis.intents:
        return None, False
    best = analysis.intents[0][1]
    tied = [name for name, score in analysis.intents if score == best]
    return min(tied, key=PRIORITY.index), True


def _drop_side_mentions(
    knowledge: KnowledgeBase, subjects: list[str], intent: str | None
) -> list[str]:
    """Keep what the question is about: a term or resource beside a role or cert is context."""
    kinds = {s: _kind(knowledge, s) for s in subjects}
    main = [s for s in subjects if kinds[s] in ("role", "certification")]
    if not main:
        if intent == "resources":
            return subjects
        terms = [s for s in subjects if kinds[s] == "term"]
        return terms or subjects
    if intent == "definition":
        return subjects
    if intent == "resources":
        return main + [s for s in subjects if kinds[s] == "resource"]
    return main


def _kind(knowledge: KnowledgeBase, entity_id: str) -> str:
    entity = knowledge.entity(entity_id)
    return entity.kind if entity else "unknown"


def _is_follow_up(
    analysis: Analysis,
    context: Conversation | None,
    subjects: list[str],
    explicit: bool,
    location: str | None,
) -> bool:
    if context is None or not context.subjects:
        return False
    content = analysis.known_content + len(analysis.unknown)
    short = content <= FOLLOW_UP_MAX_CONTENT and len(analysis.unknown) <= 1
    refers_back = bool(ANAPHORA.intersection(analysis.tokens)) or analysis.tokens[:1] == ("and",)
    if subjects:
        # "what about ris analysts?": a new subject, the old question.
        return not explicit and short
    return (explicit or location is not None) and (short or refers_back)


def _from_partial(knowledge: KnowledgeBase, analysis: Analysis, intent: str | None) -> list[str]:
    """Entries hinted at by lone head words ("analyst" -> the analyst roles), best first."""
    if not analysis.partial:
        return []
    wanted = {"certification"} if intent == "certifications" else {"role"}
    if intent in (None, "comparison", "certifications"):
        wanted = {"role", "certification"}
    scored = [(e, s) for e, s in analysis.partial if _kind(knowledge, e) in wanted]
    if not scored:
        return []
    top = scored[0][1]
    close = [e for e, s in scored if top - s < MARGIN]
    return close


def _roles_for_terms(
    knowledge: KnowledgeBase, subjects: list[str]
) -> tuple[list[str], tuple[str, ...]]:
    """A salary question about a term ("ris salary") is about the role that term names."""
    result: list[str] = []
    for subject in subjects:
        entity = knowledge.entity(subject)
        if entity is None or entity.kind != "term":
            result.append(subject)
            continue
        roles = [r for r in entity.related if r in knowledge.roles]  # type: ignore[union-attr]
        if len(roles) == 1:
            result.append(roles[0])
        elif len(roles) > 1 and len(subjects) == 1:
            return [], tuple(roles[:MAX_OPTIONS])
        else:
            result.append(subject)
    return list(dict.fromkeys(result)), ()


def _fit_intent_to_subjects(index: MatchIndex, intent: str, subjects: list[str]) -> str:
    kinds = [index.entity_kind[s] for s in subjects]
    same_kind = [k for k in kinds if k in ("role", "certification")]
    if len(same_kind) >= 2 and len(set(same_kind)) == 1 and intent not in ("resources", "help"):
        return "comparison"
    if not kinds:
        return intent
    first = kinds[0]
    if intent in ("definition", "role") and first == "certification":
        return "certifications"
    if intent in ("definition", "role") and first == "resource":
        return "resources"
    if intent == "definition" and first == "role":
        return "role"
    if intent == "role" and first == "term":
        return "definition"
    if intent == "comparison" and len(subjects) == 1:
        return DEFAULT_INTENT.get(first, "role")
    if intent in ROLE_INTENTS and first != "role":
        return DEFAULT_INTENT.get(first, intent)
    return intent


def _without_subject(
    intent: str,
    explicit: bool,
    analysis: Analysis,
    location: str | None,
    forced: str | None,
) -> Match:
    if intent == "help":
        return Match("answer", 0.95, "help")
    if analysis.unknown:
        return Match("decline", 0.2, None, location=location, reason="unknown_subject")
    if intent in GENERIC_INTENTS:
        return Match("answer", 0.8 if explicit else 0.6, intent, location=location)
    return Match("clarify", 0.35, intent, location=location, reason="no_subject")


def _confidence(subject_score: float, explicit: bool, analysis: Analysis) -> float:
    intent_factor = 1.0 if explicit else 0.85
    unknown = len(analysis.unknown)
    if explicit:
        ratio = unknown / max(1, unknown + analysis.known_content)
        unknown_factor = 1.0 - 0.35 * ratio
    else:
        unknown_factor = 0.75**unknown
    return max(0.0, min(1.0, subject_score * intent_factor * unknown_factor))


def with_options(match: Match, options: tuple[str, ...]) -> Match:
    """The same match turned into a clarification offering these options."""
    return replace(match, outcome="clarify", options=options[:MAX_OPTIONS])
