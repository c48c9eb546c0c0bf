"""Honest gaps: notice when a question asks for something the knowledge base does not have.

Two kinds of gap are found:

- an attribute: an exam fee, a pass rate, hourly pay, remote work, benefits, a named employer...
  Each topic (``bot.matching.gap_topics``) says how people ask for it and what words in the
  knowledge would show that it is covered after all. Whether the knowledge covers it is
  read from the knowledge itself: hourly pay is a gap only while no figure of the role measures
  pay per hour, a bonus only while the role has no bonus figure, a named vendor only while the
  knowledge never mentions it.
- a place: a US state or city, or another country, that the knowledge base lists no figures for
  (``bot.matching.gazetteer``), or a listed place the asked role has no figure for.

The result is a few plain sentences ("The source gives no hourly pay for PACS Analyst.") that the
reply leads with, and the knowledge place to fall back to (the state of an asked city) if any.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

from rapidfuzz import fuzz, process

from bot.intents import COMPARISON, DEFAULT_INTENT, PAY_INTENTS, SALARY
from bot.knowledge.model import Certification, Entity, KnowledgeBase, Resource, Role, Term
from bot.matching.analyse import Analysis
from bot.matching.context import Conversation
from bot.matching.decide import PLURAL_CERT_WORDS, Match, certified_in
from bot.matching.english import CERT_WORDS, WHERE_I_AM
from bot.matching.gap_topics import (
    BACKGROUND,
    BEING,
    EMPLOYERS,
    EVERYDAY_NAMES,
    EXAM_WORDS,
    FIGURE_TOPICS,
    ORDINALS,
    OTHER_CERTIFICATIONS,
    OTHER_JOBS,
    OTHER_SYSTEMS,
    PAY,
    PAY_LEVELS,
    PLACE_ASKED,
    PLACE_BEFORE,
    SET_ASIDE,
    SET_ASIDE_REACH,
    SUBJECT_MARKERS,
    TOPICS,
    FigureTopic,
    Topic,
)
from bot.matching.gazetteer import GazetteerPlace, gazetteer
from bot.matching.index import MatchIndex
from bot.matching.normalise import normalise, tokenize
from bot.matching.phrases import PhraseSet, RuleTable, words_of

PLACE_TYPO_SCORE = 88
PLACE_TYPO_MIN_LENGTH = 5
# A follow-up naming only a place ("and in denver?") is at most this many words.
FOLLOW_UP_WORDS = 6
# A declined question naming one entry this exactly, and asking what the source does not give about
# it ("when does my ciip expire"), is answered with the gap and that entry's card.
NAMED_EXACTLY = 0.9
GAP_ANSWER_CONFIDENCE = 0.6
MAX_LEVEL_FIGURES = 4  # figures of the level asked for, from other roles, named in one sentence
# each topic's rules under its position in TOPICS, so the asked topics come in TOPICS' order
_TOPIC_RULES = RuleTable((at, r) for at, topic in enumerate(TOPICS) for r in topic.rules)


@dataclass(frozen=True, slots=True)
class Gap:
    """What the source does not give, as sentences to lead the reply with."""

    sentences: tuple[str, ...]
    instead: str  # a sentence pointing at what the reply shows instead, for an answer
    location: str | None = None  # a knowledge place to answer for instead (an asked city's state)
    follow_up: Match | None = None  # the earlier question, asked again for the new place

    def reading(self, match: Match) -> Match:
        """What to answer: the follow-up's reading, or the match with the fallback place."""
        if self.follow_up is not None:
            return self.follow_up
        if self.location is not None and match.outcome == "answer":
            return replace(match, location=self.location)
        return match


@dataclass(frozen=True, slots=True)
class _Found:
    sentence: str
    about_pay: bool  # the reply's pay figures are what the source gives instead
    shown: str = ""  # which figures those are: "yearly" (not hourly), "national" (not local)


class _UnsaidNames:
    """Names people use (employers, systems, jobs) that the knowledge's facts never use: a
    question naming one asks for something the source does not give, until a fact names it."""

    def __init__(self, names: Iterable[str], said: str) -> None:
        self._names = {
            words: name
            for name in names
            if f" {' '.join(words := words_of(name.lower()))} " not in said
        }
        self._phrases = PhraseSet(" ".join(words) for words in self._names)

    def found(self, words: Sequence[str]) -> list[tuple[int, str]]:
        """Where each name stands in the question's words, and the name as it is written."""
        return [(a, self._names[tuple(words[a:b])]) for a, b in self._phrases.spans(words)]


class GapFinder:
    """Finds gaps in questions about one knowledge base."""

    def __init__(self, knowledge: KnowledgeBase, index: MatchIndex) -> None:
        self.kb = knowledge
        self.index = index
        self._facts = {e.id: _fact_text(e) for e in knowledge.entities()}
        # Whether any fact at all covers a topic, per topic, found at its first question: with
        # 50,000 entries, searching every entry's facts for each question cost milliseconds.
        # (A NUL between entries: no evidence pattern can match across it.)
        self._all_facts = "\x00".join(self._facts.values())
        self._anywhere: dict[str, bool] = {}
        self._evidence = {t.label: _evidence(t.figure_evidence or t.evidence) for t in TOPICS}
        self._free = {r.id for r in knowledge.resources.values() if "free" in tokenize(r.title)}
        known = set(index.phrases)
        table = gazetteer()
        # A place the knowledge base lists is its own; the table speaks only for the others.
        self._places = {
            " ".join(words): place
            for alias, place in table.items()
            if (words := words_of(alias)) not in known
        }
        self._place_phrases = PhraseSet(self._places)
        self._topic_words = frozenset(
            word
            for topic in TOPICS
            for r in topic.rules
            for group in r.groups
            for phrase in group.phrases
            for word in phrase
        )
        self._place_words = [a for a in self._places if " " not in a and len(a) >= 4]
        self._kb_places = {
            place.name.lower(): index.phrases.get(words_of(place.name.lower()))
            for place in table.values()
        }
        said = f" {normalise(' '.join(self._facts.values()))} "
        self._employers = _UnsaidNames(EMPLOYERS, said)
        self._systems = _UnsaidNames((*OTHER_SYSTEMS, *OTHER_CERTIFICATIONS), said)
        self._jobs = _UnsaidNames(OTHER_JOBS, said)

    # ---- the question ------------------------------------------------------------------------
    def explain_places(
        self, question: str, analysis: Analysis, *, on_topic: bool = False
    ) -> Analysis:
        """The analysis with the words naming a place the source does not cover (Chicago,
        Texas, India) counted as understood when the question names someone the knowledge
        has, or is ``on_topic`` anyway (a slash command's options): "analyst salary in
        chicago" is on topic, and the gap says the source has no figures there ("is real
        madrid playing tonight" names no one, and stays off topic)."""
        named = analysis.partial or any(m.kind != "place" for m in analysis.mentions)
        if not analysis.unknown or not (named or on_topic):
            return analysis
        words = tokenize(question)
        place_words = {w for a, b, _ in self._place_spans(words) for w in words[a:b]}
        unknown = tuple(w for w in analysis.unknown if w not in place_words)
        if len(unknown) == len(analysis.unknown):
            return analysis
        return replace(
            analysis,
            unknown=unknown,
            known_content=analysis.known_content + len(analysis.unknown) - len(unknown),
            unlisted_places=frozenset(w for w in analysis.unknown if w in place_words),
        )

    def find(
        self,
        question: str,
        analysis: Analysis,
        match: Match,
        context: Conversation | None = None,
    ) -> Gap | None:
        """The gaps a question asks about, or None when the source covers what it asks."""
        words = tokenize(question)
        if not words:
            return None
        pay = match.intent in PAY_INTENTS or any(n in PAY_INTENTS for n, _ in analysis.intents)
        # Roles side by side are compared on pay too: a place there asks for local figures.
        pay = pay or (
            match.intent == COMPARISON and any(s in self.kb.roles for s in match.subjects)
        )
        if match.outcome == "decline" and not analysis.of_kind("role", "certification", "resource"):
            follow_up = self._place_follow_up(words, analysis, context)
            if follow_up is not None:
                gap = self.find(question, analysis, follow_up)
                if gap is not None:
                    reading = replace(follow_up, location=gap.location)
                    return replace(gap, follow_up=reading)
            # Off topic ("data analyst salary at google"): the plain decline says it all, unless
            # a place or what the source does not give is all the question leaves unexplained
            # ("how much in denver", "what's the exam fee").
            found, _ = self._places_asked(words, match, [], pay, analysis.unknown)
            if set(analysis.unknown) <= self._topic_words:
                marked = [*words, "|", *([PAY] if pay else [])]
                exam = not EXAM_WORDS.isdisjoint(words)
                kind = "certification" if exam else None
                found += self._attributes(marked, frozenset(marked), [], [], kind)
            sentences = tuple(dict.fromkeys(f.sentence for f in found))
            return Gap(sentences, "", None) if sentences else None
        unasked = self._unasked_place(words, match)
        if unasked is not None:
            match = unasked
        subjects = list(match.subjects)
        if not subjects and match.outcome != "answer":
            subjects = [m.entity_id for m in analysis.of_kind("role", "certification", "resource")]
        kinds = [self.index.entity_kind.get(s, "") for s in subjects]
        markers = [PAY] if pay else []
        markers += [SUBJECT_MARKERS[k] for k in dict.fromkeys(kinds) if k in SUBJECT_MARKERS]
        marked = [*words, "|", *markers]

        present = frozenset(marked)
        found = self._attributes(marked, present, subjects, kinds)
        found += self._figures(marked, present, subjects)
        found += self._employer_names(question, words, pay)
        found += self._other_systems(words)
        found += self._uncertified(words, subjects)
        found += self._other_jobs(words, pay)
        place_found, location = self._places_asked(words, match, subjects, pay, analysis.unknown)
        if not found + place_found:
            return None
        answer = self._gap_answer(match, analysis) if found else None
        if answer is None and unasked is not None:
            answer = unasked  # answered for no place rather than the one the asker set aside
        found += place_found
        sentences = tuple(dict.fromkeys(f.sentence for f in found))
        instead = self._instead(found, subjects, answer or match, location)
        return Gap(sentences, instead, location, answer)

    def _gap_answer(self, match: Match, analysis: Analysis) -> Match | None:
        """For a declined question about one named entry, the reading that shows its card."""
        named = analysis.of_kind("role", "certification", "resource")
        if match.outcome != "decline" or len(named) != 1:
            return None
        # "is cpsm costly": the word that made the matcher unsure is the gap's own word.
        explained = set(analysis.unknown) <= self._topic_words
        if named[0].score < NAMED_EXACTLY and not explained:
            return None
        intent = DEFAULT_INTENT[named[0].kind]
        return Match("answer", GAP_ANSWER_CONFIDENCE, intent, (named[0].entity_id,), match.location)

    def _attributes(
        self,
        marked: Sequence[str],
        present: frozenset[str],
        subjects: list[str],
        kinds: list[str],
        kind_asked: str | None = None,
    ) -> list[_Found]:
        """Topics asked for that the subjects' facts do not cover (``kind_asked``: the kind of
        entry the question is about when it names none, "the exam fee")."""
        found = []
        for topic in map(TOPICS.__getitem__, _TOPIC_RULES.firing(marked, present)):
            about = _asked_of(topic, subjects, kinds)
            if self._covered(topic, [about] if about else subjects):
                continue
            kind = kinds[subjects.index(about)] if about else kind_asked
            target = f" for {self._name(about)}" if about else ""
            sentence = f"The source gives no {topic.label_for(kind)}{target}."
            found.append(_Found(sentence, topic.about_pay, topic.shown))
        return found

    def _covered(self, topic: Topic, subjects: list[str]) -> bool:
        """Whether the subjects' facts (all facts, without a subject) show the topic is covered."""
        evidence = self._evidence[topic.label]
        if topic.figure_evidence:
            roles = [self.kb.roles[s] for s in subjects if s in self.kb.roles]
            figures = [f for r in roles or self.kb.roles.values() for f in r.salary]
            text = " ".join(f"{f.measures} {f.note or ''}" for f in figures).lower()
            return evidence.search(text) is not None
        if topic.label == "cost" and self._free.intersection(subjects):
            return True  # a free resource costs nothing: that is an answer
        if not subjects:
            covered = self._anywhere.get(topic.label)
            if covered is None:
                covered = self._anywhere[topic.label] = bool(evidence.search(self._all_facts))
            return covered
        return any(evidence.search(self._facts.get(s, "")) for s in subjects)

    def _figures(
        self, marked: Sequence[str], present: frozenset[str], subjects: list[str]
    ) -> list[_Found]:
        roles = [self.kb.roles[s] for s in subjects if s in self.kb.roles]
        found = []
        for topic in FIGURE_TOPICS:
            if not roles or not topic.asks.fires(marked, present):
                continue
            for role in roles:
                if not role.salary:
                    continue  # the reply already says the source gives no pay for it
                if not any(topic.given_by(f) for f in role.salary):
                    found.append(_Found(self._no_figure(topic, role, marked, present), True))
        return found

    def _no_figure(
        self, topic: FigureTopic, role: Role, marked: Sequence[str], present: frozenset[str]
    ) -> str:
        """ "The source gives no <figure> for <role>.", and for a level of pay the question names
        ("entry level pacs salary"), the figures of that level it gives for other roles."""
        asked = (lv for lv in PAY_LEVELS if topic.by_level and lv.asks.fires(marked, present))
        level = next(asked, None)
        if level is None:
            return f"The source gives no {topic.label} for {role.name}."
        sentence = f"The source gives no {level.label} for {role.name}."
        others = self._level_figures(level, role.id)
        return f"{sentence} For other roles it gives: {'; '.join(others)}." if others else sentence

    def _level_figures(self, level: FigureTopic, besides: str) -> list[str]:
        """ "PACS Administrator, $80,000 (starting pay for recent graduates)" for each national
        figure of this level of a role other than ``besides``, in the knowledge's order."""
        shown = []
        for role in self.kb.roles.values():
            for figure in role.salary if role.id != besides else ():
                place = self.kb.places.get(figure.place or "")
                national = place is None or place.national
                if level.given_by(figure) and figure.amount is not None and national:
                    shown.append(f"{role.name}, ${figure.amount:,} ({figure.measures})")
        return shown[:MAX_LEVEL_FIGURES]

    def _employer_names(self, question: str, words: Sequence[str], pay: bool) -> list[_Found]:
        names = [
            name
            for _, name in self._employers.found(words)
            if name not in EVERYDAY_NAMES or re.search(rf"\b{name}\b", question)
        ]
        if not names:
            return []
        named = _either(list(dict.fromkeys(names)))
        return [_Found(f"The source does not name {named}.", pay)]

    def _other_systems(self, words: Sequence[str]) -> list[_Found]:
        """Health-IT systems the knowledge never mentions ("RIS vs EMR")."""
        names = [name for _, name in self._systems.found(words)]
        if not names:
            return []
        return [_Found(f"The source does not cover {_either(list(dict.fromkeys(names)))}.", False)]

    def _uncertified(self, words: Sequence[str], subjects: list[str]) -> list[_Found]:
        """A certification asked for a term no certification is about ("a syngo dynamics
        certification"): the certifications the source names are for PACS and its neighbours."""
        if (CERT_WORDS | PLURAL_CERT_WORDS | {"certified"}).isdisjoint(words):
            return []
        issuers = {c.issuer for c in self.kb.certifications.values()}
        names = [
            self.kb.terms[s].name
            for s in subjects
            if s in self.kb.terms and s not in issuers and not certified_in(self.kb, s)
        ]
        if not names:
            return []
        return [_Found(f"The source names no certification for {_either(names)}.", False)]

    def _other_jobs(self, words: Sequence[str], pay: bool) -> list[_Found]:
        """Pay asked of a job next to PACS work ("rad tech salary vs pacs"); not the job the
        asker has or had ("as a rad tech, what would I make")."""
        if not pay:
            return []
        names = [
            name
            for at, name in self._jobs.found(words)
            if BEING.isdisjoint(words[max(0, at - 3) : at])
        ]
        if not names:
            return []
        return [_Found(f"The source gives no pay for {_either(list(dict.fromkeys(names)))}.", True)]

    # ---- places ------------------------------------------------------------------------------
    def _places_asked(
        self,
        words: Sequence[str],
        match: Match,
        subjects: list[str],
        pay: bool,
        unknown: Sequence[str],
    ) -> tuple[list[_Found], str | None]:
        role = self.kb.roles.get(subjects[0]) if len(subjects) == 1 else None
        spans = self._place_spans(words)
        asked_too = any(not WHERE_I_AM.intersection(words[max(0, a - 2) : a]) for a, _, _ in spans)
        if match.location is not None and (match.location != self.kb.national or not asked_too):
            # A listed place is named ("salary in the US, i am in india"): that is what is
            # asked; but "texas compared with the national figure" asks about Texas.
            return self._listed_place(match, role, pay), None
        hits = list(dict.fromkeys(place for _, _, place in spans))
        if not hits:
            return [], None
        # "denver colorado": the city says it all.
        hits = [p for p in hits if not any(h is not p and h.within == p.name for h in hits)]
        asked = pay or PLACE_ASKED.found_in(words)
        # "how much do nurses make in texas": about something else; "how much in denver": the
        # place is all the question leaves unexplained.
        place_words = {w for a, b, _ in spans for w in words[a:b]}
        elsewhere = not subjects and not set(unknown) <= place_words
        if not asked or (match.outcome == "decline" and elsewhere):
            return [], None
        found: list[_Found] = []
        location = None
        abroad = [p for p in hits if p.abroad]
        at_home = [p for p in hits if not p.abroad]
        if abroad:
            names = _either(list(dict.fromkeys(p.name for p in abroad)))
            if pay:
                sentence = f"The source gives no pay figures for {names}: its figures are US ones."
            else:
                sentence = f"The source does not cover {names}: it describes jobs in the US."
            found.append(_Found(sentence, pay, "national"))
        if at_home:
            names = _either([p.name for p in at_home])
            if not pay:
                sentence = f"The source does not cover {names}."
            elif role is not None:
                sentence = f"The source gives no {role.name} figures for {names}."
            else:
                sentence = f"The source gives no figures for {names}."
            found.append(_Found(sentence, pay, "national"))
            if not abroad:
                location = self._state_in_knowledge(at_home)
        return found, location

    def _unasked_place(self, words: Sequence[str], match: Match) -> Match | None:
        """The reading without its place, when the question sets that listed place aside ("for
        Texas, not SF or New York") and asks about a place the knowledge does not list."""
        if match.location is None:
            return None
        mentions = [
            (a, b)
            for a in range(len(words))
            for b in range(a + 1, min(len(words), a + 4) + 1)
            if self.index.phrases.get(tuple(words[a:b])) == match.location
        ]
        if not all(SET_ASIDE.found_in(words[max(0, a - SET_ASIDE_REACH) : a]) for a, _ in mentions):
            return None
        # Without a mention, the place was read from a word taken for a typo of it; a word that
        # names another place exactly ("houston", not "boston") is no typo.
        spans = self._place_spans(words)
        exact = [s for s in spans if " ".join(words[s[0] : s[1]]) in self._places]
        if not (exact if not mentions else spans):
            return None
        return replace(match, location=None)

    def _place_spans(self, words: Sequence[str]) -> list[tuple[int, int, GazetteerPlace]]:
        """Places of the table named in the words (not where the asker comes from)."""
        found = [
            (a, b, self._places[" ".join(words[a:b])])
            for a, b in self._place_phrases.spans(words)
            if not BACKGROUND.intersection(words[max(0, a - 2) : a])
        ]
        taken = {i for a, b, _ in found for i in range(a, b)}
        for at in range(1, len(words)):
            word = words[at]
            if (
                at in taken
                or len(word) < PLACE_TYPO_MIN_LENGTH
                or words[at - 1] not in PLACE_BEFORE
            ):
                continue
            if (word,) in self.index.phrases or self.index.correct(word) is not None:
                continue  # a word the knowledge knows is not a mistyped place
            close = process.extractOne(
                word, self._place_words, scorer=fuzz.ratio, score_cutoff=PLACE_TYPO_SCORE
            )
            if close is not None:
                found.append((at, at + 1, self._places[close[0]]))
        return found

    def _place_follow_up(
        self, words: Sequence[str], analysis: Analysis, context: Conversation | None
    ) -> Match | None:
        """ "and in denver?" after a pay answer: the same question for a place not listed."""
        if context is None or not context.subjects or context.intent not in PAY_INTENTS:
            return None
        spans = self._place_spans(words)
        place_words = {w for a, b, _ in spans for w in words[a:b]}
        if not spans or len(words) > FOLLOW_UP_WORDS or not set(analysis.unknown) <= place_words:
            return None
        return Match("answer", 0.8, context.intent, context.subjects)

    def _state_in_knowledge(self, places: list[GazetteerPlace]) -> str | None:
        """The knowledge place holding an asked city (Nashville -> Tennessee), if there is one."""
        for place in places:
            if place.place_kind == "city":
                found = self._kb_places.get(place.within.lower())
                if found is not None and self.index.entity_kind.get(found) == "place":
                    return found
        return None

    def _listed_place(self, match: Match, role: Role | None, pay: bool) -> list[_Found]:
        """A listed place the asked role has no figure for ("pacs analyst pay in seattle")."""
        place = self.kb.places.get(match.location or "")
        if (
            place is None
            or role is None
            or not role.salary
            or not pay
            or match.intent != SALARY  # the places-that-pay-more card shows the ranking
            or place.within is None  # the whole country: the national figures are its figures
        ):
            return []
        wanted = self.kb.places_around(place.id)
        # a yearly raise there ("2-3% in states such as New York") is no pay figure for it
        if any(f.place in wanted for f in role.salary if f.kind != "raise"):
            return []
        sentence = f"The source gives no {role.name} figure for {place.name}."
        ranking = role.paying_more.places if role.paying_more else ()
        # the place, or a city in it ("New York" asked, New York City ranked)
        ranked = [p for p in ranking if place.id in self.kb.place_and_parents(p)]
        if ranked:
            at = ranking.index(ranked[0])
            rank = f" {ORDINALS[at]}" if at < len(ORDINALS) else ""
            name = self.kb.places[ranked[0]].name
            sentence += f" It lists {name}{rank} among the places that pay more."
        return [_Found(sentence, True, "national")]

    # ---- wording -----------------------------------------------------------------------------
    def _instead(
        self, found: list[_Found], subjects: list[str], match: Match, location: str | None
    ) -> str:
        role = self.kb.roles.get(subjects[0]) if subjects else None
        shows_pay = match.intent in PAY_INTENTS or match.intent == COMPARISON
        if role is not None and shows_pay and all(f.about_pay for f in found):
            if not role.salary:
                return ""
            if location is not None:
                return f"What it gives for {self.kb.places[location].name} and the US is below."
            shown = {f.shown for f in found}
            if shown == {"yearly", "national"}:
                return "Its yearly national figures are below."
            if shown == {"yearly"}:
                return "Its yearly figures are below."
            if shown == {"national"}:
                return "The national figures are below."
            return "The figures it does give are below."
        if len(subjects) == 1:
            return f"What it does say about {self._name(subjects[0])} is below."
        return "What it does give is below."

    def _name(self, entity_id: str) -> str:
        entity = self.kb.entity(entity_id)
        if isinstance(entity, Certification):
            return f"the {entity.abbreviation}"
        if isinstance(entity, Resource):
            return entity.title
        return entity.name if entity is not None else entity_id


def _fact_text(entity: Entity) -> str:
    """Everything the knowledge says about an entry, lower-cased, for evidence look-ups."""
    parts: list[str] = []
    if isinstance(entity, Role):
        parts = [
            entity.summary,
            *entity.qualifications,
            *entity.skills,
            *entity.duties,
            *entity.career_notes,
            *entity.salary_notes,
        ]
    elif isinstance(entity, Certification):
        # a certification that builds on others has them as its prerequisites
        parts = [entity.summary, entity.level or "", *entity.covers]
        parts += ["builds on " + " ".join(entity.builds_on)] if entity.builds_on else []
    elif isinstance(entity, Term):
        parts = [entity.definition, entity.expansion or "", *entity.details]
    elif isinstance(entity, Resource):
        parts = [entity.title, entity.summary]
    return " ".join(parts).lower()


def _evidence(phrases: tuple[str, ...]) -> re.Pattern[str]:
    """Whole words or phrases (plural allowed); a trailing ``*`` matches any ending."""
    parts = [
        re.escape(p[:-1]) + r"\w*" if p.endswith("*") else re.escape(p) + "(?:e?s)?"
        for p in phrases
    ]
    return re.compile(r"\b(?:" + "|".join(parts or ["(?!)"]) + r")\b")


def _asked_of(topic: Topic, subjects: list[str], kinds: list[str]) -> str | None:
    """The entry a topic is asked of: "the CIIP" in "pacs admin salary and ciip exam fee?"."""
    fitting = [
        s
        for s, k in zip(subjects, kinds, strict=True)
        if k in topic.about or k in dict(topic.labels)
    ]
    if fitting:
        return fitting[0]
    return subjects[0] if len(subjects) == 1 and not topic.about else None


def _either(names: list[str]) -> str:
    """ "Kaiser", "Kaiser or Mayo", "Kaiser, Mayo or HCA"."""
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " or " + names[-1]
