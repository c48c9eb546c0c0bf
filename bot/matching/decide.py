"""Decide what a question asks, how sure we are, and whether to answer, ask back or decline.

The rule follows RoboDanny's fuzzy helper: answer directly only when one reading clearly beats the
others; when two readings are close offer them as choices; when nothing known is asked, decline.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import pairwise

from bot.intents import (
    CAREER_PATH,
    CERT_QUESTION_INTENTS,
    CERTIFICATIONS,
    COMMAND_BY_NAME,
    COMPARISON,
    DEFAULT_INTENT,
    DEFINITION,
    DUTIES,
    GENERIC_INTENTS,
    HELP,
    LOCATION,
    NOT_COMPARED,
    PRIORITY,
    RESOURCES,
    ROLE,
    ROLE_INTENTS,
    SALARY,
)
from bot.knowledge.facts import short_name
from bot.knowledge.model import KnowledgeBase, Term
from bot.matching.analyse import Analysis, words_beside_heads
from bot.matching.context import Conversation
from bot.matching.english import CERT_WORDS, WHERE_I_AM
from bot.matching.index import MatchIndex
from bot.matching.normalise import normalise, tokenize

ANSWER_THRESHOLD = 0.55
MAX_OPTIONS = 5
# A reading scoring at least this share of the best one is too close to pick between.
MARGIN = 0.6

# "where" plus any pay word makes a question about the best-paying places.
WHERE_ABOUT_PAY = 1.0
# Short follow-ups ("and in boston?", "what certs does it need") reuse the last subject.
FOLLOW_UP_MAX_CONTENT = 6
ARTICLES_AND_FILLER = frozenset({"a", "an", "the", "one", "that", "this", "i", "mean", "meant"})
PLURAL_CERT_WORDS = frozenset({"certs", "certifications", "certificates", "credentials"})
LISTING_WORDS = frozenset({"list", "all", "which", "every", "available", "exist", "options"})
# A help question with more unknown words than this asks for help with something else.
HELP_UNKNOWN_WORDS = 2
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
    location = asked_place(knowledge, [p.entity_id for p in places])
    mentions = analysis.of_kind("role", "certification", "term", "resource")
    subjects = [m.entity_id for m in mentions]
    has_context = context is not None and bool(context.subjects or context.options)
    two_places = len({p.entity_id for p in places}) >= 2
    # a role beside a place is compared with the nation ("how much more than normal in SF")
    role_at_place = any(p.entity_id != knowledge.national for p in places) and any(
        m.kind == "role" for m in mentions
    )
    comparable = (
        len(mentions) >= 2 or bool(analysis.partial) or has_context or two_places or role_at_place
    )
    intent, explicit = _pick_intent(analysis, forced_intent, bool(subjects), comparable)
    if intent in (None, LOCATION, CERTIFICATIONS) and any(m.kind == "resource" for m in mentions):
        intent = RESOURCES  # naming a study resource asks about study resources
    if intent == COMPARISON and len(subjects) <= 1 and two_places:
        intent = SALARY  # "tennessee vs minnesota ris": places differ only in what they pay
    if (
        intent == COMPARISON
        and len(subjects) == 1
        and index.entity_kind[subjects[0]] == "term"
        and SALARY in dict(analysis.intents)
        and not any(index.entity_kind.get(e) == "role" for e, _ in analysis.partial)
    ):
        # "which national figure are the ris states compared against": one thing named, its
        # pay asked, and nothing to set beside it; what it is compared with is a pay figure
        intent = SALARY
    asked_term = _term_asked_what(analysis) if intent is None else None
    if asked_term is not None:
        # "what's syngo dynamics, I saw it in a cardio job ad": the thing a question opens by
        # asking about is its subject; a role named after it says where it came up
        intent, explicit, subjects = DEFINITION, True, [asked_term]
    if _asks_what_a_thing_does(knowledge, analysis, intent, subjects, forced_intent):
        intent, explicit = DEFINITION, True  # "what does PACS do": what the system is for
    subjects = _main_subjects(knowledge, subjects, intent)
    subject_score = min((m.score for m in mentions if m.entity_id in subjects), default=1.0)

    guessed = _from_partial(knowledge, analysis, intent)
    if not subjects and intent == COMPARISON:
        sides = _sides_by_head(knowledge, index, analysis)
        if sides:
            # "analyst or admin, who earns more": each head word names one side
            subjects, subject_score, guessed = sides, 0.75, []
    if context is not None and context.options:
        subjects = _pick_offered(knowledge, analysis, context.options, subjects)
        guessed = [g for g in guessed if g in context.options] or guessed
    if not subjects and len(guessed) == 1 and _only_reading(index, analysis, intent):
        subjects, subject_score = list(guessed), 0.75
    if not subjects and not guessed and intent in ROLE_INTENTS:
        whole = _whole_field(knowledge, index, analysis)
        if whole is not None:
            # "the lowest anyone in this field gets paid": the field is all of its roles
            subjects, subject_score = [whole], 0.75

    named_other = bool(guessed) and not subjects  # "and an analyst?": a new, vaguer subject
    if (
        not named_other
        and context is not None
        and _is_follow_up(analysis, context, subjects, explicit, location)
    ):
        if intent == COMPARISON and len(subjects) == 1:
            subjects = [*(s for s in context.subjects if s not in subjects), *subjects]
        if not subjects and _fits(knowledge, intent, context.subjects):
            subjects = list(context.subjects)
            subject_score = 0.9
        if not explicit:
            intent, explicit = context.intent, context.intent is not None
        if location is None and intent == context.intent and not places:
            location = context.location

    if guessed and intent in (COMPARISON, CAREER_PATH) and len(subjects) == 1:
        # "pacs analyst vs admin": the second side is named by its head word only.
        extra = [g for g in guessed if g not in subjects]
        if extra:
            subjects.append(extra[0])
    if not subjects and guessed and intent in ROLE_INTENTS | {None, CERTIFICATIONS, COMPARISON}:
        if analysis.unknown and (
            intent is None or words_beside_heads(index, analysis, set(analysis.unknown))
        ):
            # "aws solutions architect", "director of nursing", "manager salary at walmart": a
            # head word beside unknown words names some other job. Unknown words elsewhere in a
            # question that asks something ("an admin with years under the belt, typical comp")
            # say something about it.
            return Match("decline", 0.25, None, location=location, reason="unknown_subject")
        return _clarify(intent, location, guessed)

    if intent == CAREER_PATH and len(subjects) == 1 and dict(analysis.intents).get(SALARY):
        # "after manager, whats the next title and its pay": the path to the one next step,
        # whose card shows that step's pay
        role = knowledge.roles.get(subjects[0])
        if role is not None and len(role.career_next) == 1:
            subjects.append(role.career_next[0])

    issuer_options = _certs_to_pick(knowledge, analysis, intent, subjects)
    if issuer_options:
        return _clarify(intent, location, issuer_options)

    if (
        intent is None
        and not subjects
        and location is not None
        and not analysis.unknown
        and not any(
            WHERE_I_AM.intersection(analysis.tokens[max(0, p.start - 2) : p.start]) for p in places
        )
    ):
        # "what about boston": a place alone asks what it pays (places have only pay figures);
        # the reply asks which role's pay there
        intent, explicit = SALARY, True
    if intent is None:
        if not subjects:
            return Match("decline", 0.0, None, reason="off_topic")
        intent = DEFAULT_INTENT[index.entity_kind[subjects[0]]]
    intent = role_beside_place(
        knowledge, intent, subjects, location, unlisted_place=bool(analysis.unlisted_places)
    )
    intent = _fit_intent_to_subjects(index, intent, subjects)

    if not subjects:
        return _without_subject(intent, explicit, analysis, location)

    confidence = _confidence(subject_score, explicit, analysis)
    if confidence < ANSWER_THRESHOLD:
        return Match("decline", round(confidence, 2), None, reason="unsure")
    reason = "what_is" if asked_term is not None else ""
    return Match("answer", round(confidence, 2), intent, tuple(subjects), location, reason=reason)


def _only_reading(index: MatchIndex, analysis: Analysis, intent: str | None) -> bool:
    """Whether the one entry a lone head word hints at is what the question is about: no
    unknown words, or a question that asks something and whose unknown words do not stand
    beside the head word ("who is the boss of a manager", not "manager salary at walmart")."""
    if not analysis.unknown:
        return True
    return intent is not None and not words_beside_heads(index, analysis, set(analysis.unknown))


def role_beside_place(
    knowledge: KnowledgeBase,
    intent: str,
    subjects: Sequence[str],
    location: str | None,
    *,
    unlisted_place: bool = False,
) -> str:
    """The intent of a comparison of one role with a place: its pay there, against the nation's
    ("/compare pacs admin san francisco"; with ``unlisted_place``, a place the source gives no
    figures for, which the gap then says); any other reading keeps its intent."""
    if (
        intent == COMPARISON
        and len(subjects) == 1
        and (location not in (None, knowledge.national) or unlisted_place)
        and subjects[0] in knowledge.roles
    ):
        return SALARY
    return intent


def asked_place(knowledge: KnowledgeBase, places: list[str]) -> str | None:
    """The place a question asks about among those it names: the most specific one ("Atkinson,
    Nebraska" is Atkinson; "above the national number in SF" is San Francisco)."""
    named = set(places)
    inner = [
        p for p in places if not any(o != p and p in knowledge.place_and_parents(o) for o in named)
    ]
    return inner[0] if inner else (places[0] if places else None)


def _clarify(intent: str | None, location: str | None, options: list[str]) -> Match:
    confidence = round(0.2 + 0.45 / len(options), 2)
    return Match(
        "clarify",
        confidence,
        intent,
        location=location,
        options=tuple(options[:MAX_OPTIONS]),
        reason="ambiguous",
    )


def _pick_intent(
    analysis: Analysis, forced: str | None, has_subject: bool, comparable: bool
) -> tuple[str | None, bool]:
    if forced is not None:
        return forced, True
    if _names_a_command(analysis.tokens):
        return HELP, True  # "how do i use the salary command": how to use the bot
    # "what certifications help pacs admins": "help" asks for the bot's help only when nothing
    # else is asked; "or"/"better" compare only when two things are named.
    scores = intent_signals(analysis)
    scored = [(n, s) for n, s in scores.items() if n != HELP and (n != COMPARISON or comparable)]
    if not scored:
        # "compare iphone vs android": a comparison of things the knowledge does not know is
        # no request for the bot's help
        compares_unknown = analysis.unknown and all(n == COMPARISON for n, _ in analysis.intents)
        if analysis.intents and not has_subject and not compares_unknown:
            return HELP, True
        return None, False
    best = max(score for _, score in scored)
    tied = [name for name, score in scored if score == best]
    return min(tied, key=PRIORITY.index), True


def intent_signals(analysis: Analysis) -> dict[str, float]:
    """The intents a question's words signal, with how strongly: asking "where" about pay
    ("where do pacs analysts get paid the most") is asking for the best-paying places."""
    scores = dict(analysis.intents)
    if "where" in analysis.tokens and scores.get(SALARY):
        scores[LOCATION] = max(scores.get(LOCATION, 0.0), scores[SALARY]) + WHERE_ABOUT_PAY
    return scores


def _names_a_command(tokens: tuple[str, ...]) -> bool:
    """Whether the words name one of the bot's commands as a command ("the salary command")."""
    return any(
        word in COMMAND_BY_NAME and after in ("command", "commands")
        for word, after in itertools.pairwise(tokens)
    )


def _asks_what_a_thing_does(
    knowledge: KnowledgeBase,
    analysis: Analysis,
    intent: str | None,
    subjects: list[str],
    forced_intent: str | None,
) -> bool:
    """Whether "what does X do" asks about a thing, not the people named after it: X is one
    or more terms, named alone (no role hinted at), with the singular "does"."""
    return (
        intent == DUTIES
        and forced_intent is None
        and bool(subjects)
        and all(_kind(knowledge, s) == "term" for s in subjects)
        and not analysis.partial
        and "does" in analysis.tokens
    )


def _main_subjects(knowledge: KnowledgeBase, subjects: list[str], intent: str | None) -> list[str]:
    """What the question is about, once context words are set aside.

    A term beside a role is context ("consultant in pacs"), unless the question compares and
    the term stands for the second role ("cardiology vs ris"). A term alone in a role question
    stands for its role ("ris salary" -> the RIS analyst).
    """
    kinds = {s: _kind(knowledge, s) for s in subjects}
    main = [s for s in subjects if kinds[s] in ("role", "certification")]
    terms = [s for s in subjects if kinds[s] == "term"]
    resources = [s for s in subjects if kinds[s] == "resource"]
    if intent == RESOURCES:
        # "ciip study guide recommendations": everything that helps with the CIIP.
        return main or resources
    if intent == DEFINITION:
        return terms + main if terms else main or resources
    if intent in (CERTIFICATIONS, CAREER_PATH) and not main:
        # "what certifications are there for pacs": the field itself does not narrow the list;
        # an issuer ("parca certs") does.
        issuers = {c.issuer for c in knowledge.certifications.values()}
        if intent == CERTIFICATIONS:
            return [t for t in terms if t in issuers]
        # "/career ris": a term in the name of one role only stands for it ("pacs" names the
        # field)
        return [r for t in terms if (r := _only_role_named_after(knowledge, t))]
    if main:
        if intent == COMPARISON and len(main) == 1 and terms:
            converted, _ = _roles_for_terms(knowledge, terms)
            main += [c for c in converted if _kind(knowledge, c) == "role" and c not in main]
        return main
    if terms and intent in ROLE_INTENTS:
        converted, _ = _roles_for_terms(knowledge, terms)
        # "do i need to know hl7 for a ris job": the term that became a role is the subject,
        # the other terms are what the question says about it.
        roles = [c for c in converted if _kind(knowledge, c) == "role"]
        return roles or converted
    return terms or resources


# How a question opens when it asks what a thing is ("what is", "what's", "whats").
WHAT_IS_OPENINGS = (("what", "is"), ("whats",), ("what", "s"), ("what", "are"))
ARTICLES = frozenset({"a", "an", "the"})


def _term_asked_what(analysis: Analysis) -> str | None:
    """The glossary term a question opens by asking about ("what is a VNA, ..."), if any."""
    tokens = analysis.tokens
    for opening in WHAT_IS_OPENINGS:
        if tokens[: len(opening)] != opening:
            continue
        start = len(opening)
        if start < len(tokens) and tokens[start] in ARTICLES:
            start += 1
        first = min(analysis.mentions, key=lambda m: m.start, default=None)
        if first is not None and first.kind == "term" and first.start == start:
            return first.entity_id
    return None


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
    if context is None or not (context.subjects or context.options):
        return False
    content = analysis.known_content + len(analysis.unknown)
    short = content <= FOLLOW_UP_MAX_CONTENT and len(analysis.unknown) <= 1
    refers_back = bool(ANAPHORA.intersection(analysis.tokens)) or analysis.tokens[:1] == ("and",)
    if subjects:
        # "what about ris analysts?": a new subject, the old question. "how does that compare
        # to a pacs analyst?": the old subject is one side.
        return (not explicit and short) or (refers_back and short)
    if not context.subjects:
        return False
    if not explicit:
        # "and in boston?" - but not "whats the weather like in boston".
        return location is not None and not analysis.unknown and short
    return short or refers_back


def _fits(knowledge: KnowledgeBase, intent: str | None, subjects: tuple[str, ...]) -> bool:
    """Whether earlier subjects can carry this question: "salary" after "what is dicom" can't."""
    if intent not in ROLE_INTENTS:
        return True
    carried = _main_subjects(knowledge, list(subjects), intent)
    return bool(carried) and all(_kind(knowledge, s) == "role" for s in carried)


def _pick_offered(
    knowledge: KnowledgeBase,
    analysis: Analysis,
    offered: tuple[str, ...],
    subjects: list[str],
) -> list[str]:
    """Read a reply to a clarification: "pacs" picks "PACS Analyst" among the analyst roles."""
    if any(s in offered for s in subjects):
        return [s for s in subjects if s in offered]
    words = {t for t in analysis.tokens if t not in ARTICLES_AND_FILLER}
    fullest = named_most_fully(knowledge, words, offered)
    return [fullest] if fullest else subjects


def named_most_fully(
    knowledge: KnowledgeBase, words: set[str], offered: tuple[str, ...]
) -> str | None:
    """The option whose name these words say most fully, if one does alone ("admin": "PACS
    Administrator" rather than "Cardiology PACS Analyst / Administrator")."""
    if not words:
        return None
    # Each option that has an alias containing every word, with its shortest such alias: the
    # option the words name most fully wins, if it wins alone.
    fitting = []
    for option in offered:
        entity = knowledge.entity(option)
        sizes = [
            len(alias.split())
            for alias in getattr(entity, "aliases", ())
            if words <= set(alias.split())
        ]
        if sizes:
            # aliases alike in length: the entry's own name says it more fully or not at all
            name = normalise(short_name(getattr(entity, "name", ""))).split()
            fitting.append(((min(sizes), len(name) if words <= set(name) else 99), option))
    fitting.sort()
    if fitting and (len(fitting) == 1 or fitting[0][0] < fitting[1][0]):
        return fitting[0][1]
    return None


def _whole_field(knowledge: KnowledgeBase, index: MatchIndex, analysis: Analysis) -> str | None:
    """The whole field a question names by an on-topic word that ends one of its aliases and
    that its own summary uses for it ("this field": "pacs field", and "across the whole field"),
    if it names exactly one; not "this role" or "this job", which mean one job."""
    found = {
        owner
        for token in analysis.tokens
        if token in index.domain_words
        for owner, _, _ in index.heads(token)
        if owner in knowledge.parent_roles and token in tokenize(knowledge.roles[owner].summary)
    }
    return found.pop() if len(found) == 1 else None


def _sides_by_head(knowledge: KnowledgeBase, index: MatchIndex, analysis: Analysis) -> list[str]:
    """The two sides of a comparison named by head words only ("analyst vs admin"): for each
    head word, the role it names first (the one whose alias it ends most fully, then the most
    prominent), never one entry for both (the "Analyst / Administrator" ending both words)."""
    named = {at for m in analysis.mentions for at in range(m.start, m.end)}
    sides: list[str] = []
    seen: set[str] = set()
    for at, token in enumerate(analysis.tokens):
        if at in named or token in seen or token in index.domain_words:
            continue
        owners = [o for o, _, _ in index.heads(token) if _kind(knowledge, o) == "role"]
        if not owners:
            continue
        seen.add(token)
        side = next((o for o in owners if o not in sides), None)
        if side is not None:
            sides.append(side)
    return sides if len(sides) == 2 else []


def _from_partial(knowledge: KnowledgeBase, analysis: Analysis, intent: str | None) -> list[str]:
    """Entries hinted at by lone head words ("analyst" -> the analyst roles), best first."""
    if not analysis.partial:
        return []
    wanted = {"certification"} if intent == CERTIFICATIONS else {"role"}
    if intent in (None, COMPARISON, CERTIFICATIONS):
        wanted = {"role", "certification"}
    scored = [(e, s) for e, s in analysis.partial if _kind(knowledge, e) in wanted]
    if not scored:
        return []
    top = scored[0][1]
    return [e for e, s in scored if s >= top * MARGIN]


def _certs_to_pick(
    knowledge: KnowledgeBase, analysis: Analysis, intent: str | None, subjects: list[str]
) -> list[str]:
    """Certifications to choose from when a question says "the cert" without naming one.

    "what does the parca cert cover" means one PARCA certification; "parca certs" means them all.
    """
    if intent not in CERT_QUESTION_INTENTS or any(_kind(knowledge, s) != "term" for s in subjects):
        return []
    if analysis.unknown:
        return []  # "PMP certification requirements": some other certification
    singular = [t for t in analysis.tokens if t in CERT_WORDS]
    plural = [t for t in analysis.raw_words if t in PLURAL_CERT_WORDS]
    if not singular or plural or LISTING_WORDS.intersection(analysis.tokens):
        return []
    # "the parca cert": PARCA's certifications; "the pacs cert": any of them; "a syngo
    # dynamics certification": none (no certification is about it), which the gap says.
    issuers = {c.issuer for c in knowledge.certifications.values()} & set(subjects)
    terms = [m.entity_id for m in analysis.mentions if m.kind == "term"]
    if terms and not issuers and not any(certified_in(knowledge, t) for t in terms):
        return []
    return [c.id for c in knowledge.certifications.values() if not issuers or c.issuer in issuers]


def certified_in(knowledge: KnowledgeBase, term_id: str) -> bool:
    """Whether some certification's own words name the term (PACS, RIS: yes; a product: no)."""
    term = knowledge.terms.get(term_id)
    if term is None:
        return True
    names = {normalise(n) for n in (term.name, *term.aliases)}
    return any(
        any(f" {n} " in f" {normalise(' '.join((c.name, c.summary, *c.covers)))} " for n in names)
        for c in knowledge.certifications.values()
    )


def roles_named_after(knowledge: KnowledgeBase, term_id: str) -> tuple[str, ...]:
    """The related roles whose name holds the term's ("RIS": the RIS Analyst), which the term
    alone may stand for in a question about a job; not a product a role merely uses."""
    term = knowledge.terms.get(term_id)
    if term is None:
        return ()
    name = set(normalise(term.name).split())
    return tuple(
        r
        for r in term.related
        if r in knowledge.roles and name <= set(normalise(knowledge.roles[r].name).split())
    )


def _only_role_named_after(knowledge: KnowledgeBase, term_id: str) -> str | None:
    """The role named after a term when no other role's name holds the term's ("RIS": the RIS
    analyst; "PACS" is in most roles' names, so it names none)."""
    named = roles_named_after(knowledge, term_id)
    term = knowledge.terms.get(term_id)
    if len(named) != 1 or term is None:
        return None
    words = set(normalise(term.name).split())
    holding = [r for r in knowledge.roles.values() if words <= set(normalise(r.name).split())]
    return named[0] if len(holding) == 1 else None


def _roles_for_terms(
    knowledge: KnowledgeBase, subjects: list[str]
) -> tuple[list[str], tuple[str, ...]]:
    """A salary question about a term ("ris salary") is about the role that term names."""
    result: list[str] = []
    for subject in subjects:
        entity = knowledge.entity(subject)
        if not isinstance(entity, Term):
            result.append(subject)
            continue
        roles = [r for r in entity.related if r in knowledge.roles]
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
    if len(same_kind) >= 2 and len(set(same_kind)) == 1 and intent not in NOT_COMPARED:
        return COMPARISON
    if not kinds:
        return intent
    first = kinds[0]
    if intent in (DEFINITION, ROLE) and first == "certification":
        return CERTIFICATIONS
    if intent in (DEFINITION, ROLE) and first == "resource":
        return RESOURCES
    if intent == DEFINITION and first == "role":
        return ROLE
    if intent == ROLE and first == "term":
        return DEFINITION
    if intent == COMPARISON and len(subjects) == 1:
        return DEFAULT_INTENT.get(first, ROLE)
    if intent in ROLE_INTENTS and first != "role":
        return DEFAULT_INTENT.get(first, intent)
    return intent


def _without_subject(
    intent: str, explicit: bool, analysis: Analysis, location: str | None
) -> Match:
    if intent == HELP:
        # "can u help me file my tax return": "help" asks for help with something else
        # ...and so does "help me with my tinder bio": what follows "with" is not the bot
        tokens = analysis.tokens
        helped_with = bool(analysis.unknown) and (
            "with" in tokens or any(a == "help" and b == "me" for a, b in pairwise(tokens))
        )
        if len(analysis.unknown) > HELP_UNKNOWN_WORDS or helped_with:
            return Match("decline", 0.2, None, location=location, reason="off_topic")
        return Match("answer", 0.95, HELP)
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
