"""The one decision on a question: what it asks, settled once, with the facts that lead its reply.

The engine hands a question here and composes what comes back; neither it nor the composer
changes the decision afterwards. The steps, in order:

1. ``analyse`` the words, and explain the unknown ones;
2. ``decide`` the reading (intent, subjects, place; answer, clarify or decline), with the
   fragments that ask back ("the highest one?") and the groups of roles ("who makes 400k");
3. ``rescue`` a decline whose words one fact clearly holds, or ``focus`` an answer on the facts
   asked for (which may re-aim it at the entry whose fact answers); a place the question sets
   aside ("after SF, which city") asks for the rankings of the other places;
4. an honest gap ("The source gives no figure for Denver") may re-aim the reading at what the
   source does give;
5. ``settle`` it, so every reading is answerable as it stands.

A message telling a story before it asks is read by its asking sentences first (``read_story``);
a slash command fixes the intent and asks back with the closest entries when its subject is
missing or unknown (``read_command``).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, replace

from bot.intents import CERTIFICATIONS, HELP, Command
from bot.knowledge.facts import Fact
from bot.knowledge.model import KnowledgeBase
from bot.matching.analyse import Analysis, analyse, places_named
from bot.matching.cert_ranks import ranked_certifications
from bot.matching.context import Conversation
from bot.matching.decide import Match, asked_place, decide
from bot.matching.fact_rank import FactIndex
from bot.matching.focus import Focus, focus, said_in_order
from bot.matching.fragments import ask_back
from bot.matching.gaps import Gap, GapFinder
from bot.matching.index import MatchIndex
from bot.matching.ladder import ladder_of_roles
from bot.matching.long_text import last_sentences
from bot.matching.other_places import the_other_places
from bot.matching.outcome import for_command, settle
from bot.matching.rescue import explain_unknown, rescue
from bot.matching.role_groups import group_of_roles
from bot.matching.suggest import Suggester

# Sentences of a story read together with its ask: the ones next to it say what it is about.
RECENT_STORY = 3


@dataclass(frozen=True, slots=True)
class Reading:
    """The decision on one question: the settled match, the facts that lead, any gap."""

    match: Match  # settled: the reply's outcome, intent, subjects and place, as composed
    lead: tuple[Fact, ...] = ()  # the facts that answer the question, first
    gap: Gap | None = None  # what the source does not give, said before anything else


class Reader:
    """Reads questions against one knowledge base (stateless after construction)."""

    def __init__(
        self,
        knowledge: KnowledgeBase,
        index: MatchIndex,
        facts: FactIndex,
        gaps: GapFinder,
        suggester: Suggester,
    ) -> None:
        self.knowledge = knowledge
        self.index = index
        self.facts = facts
        self.gaps = gaps
        self.suggester = suggester

    # ---- free text -----------------------------------------------------------------------
    def read(
        self,
        text: str,
        context: Conversation | None = None,
        place: str | None = None,
        analysis: Analysis | None = None,
    ) -> tuple[Reading, Analysis]:
        """The reading of free text (``place``: where the asker is, if the text names none;
        ``analysis``: the text's analysis when it has been made already)."""
        analysis, match = self._decide(text, context, place, analysis)
        return self._finish(text, analysis, match, context), analysis

    def read_story(
        self,
        background: str,
        asked: str,
        context: Conversation | None,
        now: float,
    ) -> Reading:
        """A message telling a story before it asks: the sentences that ask are read first.

        Background words ("I was a pharmacy tech", "my boss", "in Lagos") otherwise pull the
        reading their way or make it decline. When the ask names nothing itself ("which one is
        that?"), what the background names is carried into it as a conversation would carry
        an earlier answer. When neither reading answers, the ask is read with the story's last
        sentences; a place the story names anywhere is where the asker is. The story is read
        once, its last sentences only: reading all of a long story again costs most.
        """
        place = asked_place(self.knowledge, places_named(self.index, background))
        reading, analysis = self.read(asked, context, place)
        nearby = f"{last_sentences(background, RECENT_STORY)} {asked}"
        # the ask read with the story's last sentences, decided at most once (it is the costly
        # part of a long message, and several steps below may need it)
        story_decided = functools.cache(lambda: self._decide(nearby, context, place))
        answered = reading.match.outcome == "answer" and bool(reading.match.subjects)
        if reading.match.outcome == "answer" and reading.match.intent == HELP:
            # "... salary start and raise each year? Please help": a plea closing the story
            # asks for the help the story's own question says
            story, match = story_decided()
            if match.outcome == "answer" and match.intent not in (None, HELP):
                return self._finish(nearby, story, match, context)
        # "What does the article list for that role's duties?": an ask naming no role ("that
        # role" hints at the whole field at most) is about the role its story names outright,
        # not about the role a bare question defaults to
        if answered and context is None and self._names_no_role(analysis, reading.match):
            story, told = story_decided()
            if self._names_roles(story, told, reading.match):
                whole = self._finish(nearby, story, told, context)
                if whole.match.subjects == told.subjects:
                    return whole
        if answered:
            if analysis.intents:
                return reading
            # "no IT degree. can I still be a PACS analyst?": the ask names whom, the
            # background what about them
            story, match = story_decided()
            if match.outcome != "answer" or not set(match.subjects) & set(reading.match.subjects):
                return reading  # that reading could not be about the same people
            whole = self._finish(nearby, story, match, context)
            same = whole.match.outcome == "answer" and set(whole.match.subjects) == set(
                reading.match.subjects
            )
            return whole if same else reading
        story, told = story_decided()
        if context is None and told.outcome == "answer" and told.subjects:
            carried = Conversation(told.intent, told.subjects, told.location or place, now)
            read, _ = self.read(asked, carried, place, analysis)
            if read.match.outcome == "answer" and read.match.subjects:
                return read
        if reading.match.outcome == "answer":
            return reading
        if dict(story.intents).get(CERTIFICATIONS, 0.0) > 0:
            # "...the 'entry' cert vs the 'top' one in the PARCA track. Give me the entry
            # one?": the ask's rank word picks among the certifications the story asks about
            asked_certs = replace(reading.match, outcome="clarify", intent=CERTIFICATIONS)
            ranked = ranked_certifications(self.knowledge, analysis, asked_certs)
            if ranked.outcome == "answer":
                return self._finish(asked, analysis, ranked, context)
        whole = self._finish(nearby, story, told, context)
        if whole.match.outcome == "decline" and context is None:
            # "...I do not understand what departments besides radiology use it. Which ones use
            # it?": the sentence just before an ask naming nothing says what "it" is, without
            # the earlier background's words ("I want to move to the informatics side")
            closest = f"{last_sentences(background, 1)} {asked}"
            if closest != nearby:
                near = self.read(closest, context, place)[0]
                if near.match.outcome == "answer" and near.match.subjects:
                    return near
        return whole

    def _names_no_role(self, analysis: Analysis, match: Match) -> bool:
        """Whether an ask answered about roles names none: no entry, and at most a word
        hinting at the whole field."""
        return (
            all(s in self.knowledge.roles for s in match.subjects)
            and all(m.kind == "place" for m in analysis.mentions)
            and all(e in self.knowledge.parent_roles for e, _ in analysis.partial)
        )

    def _names_roles(self, story: Analysis, told: Match, asked: Match) -> bool:
        """Whether a story read with its ask answers the same question about other roles,
        each named outright in it."""
        named = {m.entity_id for m in story.mentions if m.kind != "place" and m.score >= 1.0}
        return (
            told.outcome == "answer"
            and told.intent == asked.intent
            and bool(told.subjects)
            and set(told.subjects) != set(asked.subjects)
            and all(s in self.knowledge.roles and s in named for s in told.subjects)
        )

    # ---- slash commands --------------------------------------------------------------------
    def read_command(self, command: Command, options: str, context: Conversation | None) -> Reading:
        """The reading of a slash command's options, its intent fixed by the command.

        "/salary boston" after a question about RIS analysts is RIS analysts in Boston; a bare
        command ("/salary", "/path") is a fresh start: it offers choices or the overview.
        """
        analysis = self._analyse(options, command=True)
        if not options:
            context = None
        match = decide(
            self.knowledge, self.index, analysis, forced_intent=command.intent, context=context
        )
        match = for_command(
            command, options, match, self.suggester, place_words=analysis.unlisted_places
        )
        focused = focus(self.knowledge, self.index, self.facts, analysis, match, forced=True)
        return self._settle(options, analysis, focused, context)

    # ---- the steps -------------------------------------------------------------------------
    def _decide(
        self,
        text: str,
        context: Conversation | None,
        place: str | None = None,
        analysis: Analysis | None = None,
    ) -> tuple[Analysis, Match]:
        """Steps 1 and 2: the analysis of ``text`` and the decision on it."""
        if analysis is None:
            analysis = self._analyse(text)
        match = decide(self.knowledge, self.index, analysis, context=context)
        match = ask_back(self.knowledge, self.index, analysis, match, context) or match
        match = group_of_roles(self.knowledge, text, analysis, match) or match
        match = ladder_of_roles(self.knowledge, analysis, match, self.index) or match
        if place is not None and match.outcome == "answer" and match.location is None:
            match = replace(match, location=place)
        return analysis, match

    def _analyse(self, text: str, *, command: bool = False) -> Analysis:
        """Step 1: the words of ``text``, with those the facts or an unlisted place explain
        counted as understood (a ``command``'s options are on topic by construction)."""
        analysis = analyse(self.index, text)
        analysis = explain_unknown(self.knowledge, self.facts, analysis, self.index)
        return self.gaps.explain_places(text, analysis, on_topic=command)

    def _finish(
        self, text: str, analysis: Analysis, match: Match, context: Conversation | None
    ) -> Reading:
        """Steps 3 to 5: a decline rescued or an answer focused, the gap, the settled match."""
        ranked = ranked_certifications(self.knowledge, analysis, match)
        if match.outcome == "decline" and ranked != match:
            match = ranked  # "the niche cert": declined for a rank word it did not know
        aside = the_other_places(self.facts, analysis, Focus(match))
        if aside.match != match:
            focused = aside  # "after SF, which city for analysts": the one ranking listing SF
        elif match.outcome == "decline":
            focused = rescue(self.index, self.facts, analysis, match)
        else:
            focused = focus(self.knowledge, self.index, self.facts, analysis, match)
            if match.outcome == "clarify" and focused.match == match:
                # "which one takes just a diploma?": the one entry whose fact answers
                focused = rescue(self.index, self.facts, analysis, match)
            focused = the_other_places(self.facts, analysis, focused)
        return self._settle(text, analysis, focused, context)

    def _settle(
        self, text: str, analysis: Analysis, focused: Focus, context: Conversation | None
    ) -> Reading:
        """Steps 4 and 5: what the source does not give re-aims the reading; then settle it."""
        match, lead = focused.match, focused.lead
        gap = self.gaps.find(text, analysis, match, context)
        if gap is not None:
            if gap.follow_up is not None:
                lead = ()  # the earlier question, asked again for another place
            match = gap.reading(match)
        return Reading(settle(self.knowledge, match), said_in_order(lead), gap)
