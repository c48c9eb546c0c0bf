"""The question-answering engine: one immutable object per knowledge base.

    engine = Engine.from_directory("knowledge")
    reply = engine.answer("what does a cardiology pacs analyst earn?")

The engine is a pure function of (knowledge base, question, optional conversation context). It
imports no discord code and does no I/O after loading, so the console, the Discord bot and the
tests all use it the same way.
"""

from __future__ import annotations

import time
from dataclasses import replace
from pathlib import Path

from rapidfuzz.distance import OSA

from bot.intents import COMMAND_BY_NAME, HELP, ROLE
from bot.knowledge.diagnostics import Diagnostic, KnowledgeError
from bot.knowledge.model import KnowledgeBase
from bot.matching.analyse import MAX_TOKENS
from bot.matching.context import Conversation
from bot.matching.decide import Match
from bot.matching.english import COMMON_WORDS
from bot.matching.fact_rank import FactIndex, build_fact_index
from bot.matching.gaps import GapFinder
from bot.matching.handed_back import context_fits, reading_fits
from bot.matching.index import MatchIndex, build_index
from bot.matching.long_text import (
    MAX_QUESTION_CHARS,
    asked_part,
    labelled_ask,
    last_question,
)
from bot.matching.normalise import strip_invisible, tokenize
from bot.matching.outcome import settle
from bot.matching.reading import Reader, Reading
from bot.matching.safety import exam_names, unsafe_kind
from bot.matching.suggest import Suggester
from bot.replies.compose import Composer
from bot.replies.honest import lead_with_gap, refusal
from bot.replies.long_message import with_long_message_notice
from bot.replies.reply import Choice, Reply


def _known_command(name: str, named: dict[str, str]) -> str:
    """A mistyped command read as the one it is one keystroke from: "/compre" is "/compare";
    a command named by its intent's name read as that intent's command: "/career" is "/path"
    (``named``: such words and their commands)."""
    if name in COMMAND_BY_NAME or len(name) < 4:
        return name
    if name in named:
        return named[name]
    close = [c for c in COMMAND_BY_NAME if OSA.distance(name, c) <= 1]
    close += [named[w] for w in named if OSA.distance(name, w) <= 1]
    close = list(dict.fromkeys(close))
    return close[0] if len(close) == 1 else name


def _commands_by_intent_name(knowledge: KnowledgeBase) -> dict[str, str]:
    """The first word of each intent's id and name, for the command answering that intent
    ("career" of "Career path and promotion": "path")."""
    named: dict[str, str] = {}
    for command in COMMAND_BY_NAME.values():
        intent = knowledge.intents.get(command.intent or "")
        if intent is None:
            continue
        for word in (intent.id.split("_")[0], *tokenize(intent.name)[:1]):
            if word not in COMMAND_BY_NAME and word not in COMMON_WORDS:
                named.setdefault(word, command.name)
    return named


class Engine:
    """Answers questions from one knowledge base."""

    def __init__(self, knowledge: KnowledgeBase) -> None:
        self.knowledge = knowledge
        self.index: MatchIndex = build_index(knowledge)
        self.facts: FactIndex = build_fact_index(knowledge, self.index)
        self.composer = Composer(knowledge, self.facts)
        self.gaps = GapFinder(knowledge, self.index)
        self.suggester = Suggester(knowledge, self.index)
        self.reader = Reader(knowledge, self.index, self.facts, self.gaps, self.suggester)
        self._exam_names = exam_names(knowledge)
        self._named_commands = _commands_by_intent_name(knowledge)

    @classmethod
    def from_directory(cls, path: str | Path) -> Engine:
        """Load, validate and index a knowledge folder; raises KnowledgeError on bad files.

        It runs every check ``pacsbot kb check`` and ``/kb reload`` run (also the ones that need
        the whole base, such as replies too long for Discord), so a folder a reload would refuse
        never starts the bot. The whole-base checks run once per exact folder content: a stamp
        in the user's cache folder (``bot.knowledge.checked``) lets later starts skip them. Even
        an unexpected failure is a KnowledgeError, as a reload reports it, so that start-up
        prints one line instead of a traceback. The finished engine is kept beside the stamp
        (``bot.engine_snapshot``), so the next start with the same folder and code skips
        loading and indexing too.
        """
        from bot.engine_snapshot import load_snapshot, save_snapshot
        from bot.knowledge.checked import fingerprint

        stamp = fingerprint(path)
        ready = load_snapshot(stamp, cls)
        if ready is not None:
            return ready
        from bot.knowledge.validate import check_knowledge  # imports the composer and renderer

        built: list[Engine] = []  # the engine whose composer checks every reply, if it does

        def composer_of(knowledge: KnowledgeBase) -> Composer:
            built.append(cls(knowledge))
            return built[-1].composer

        try:
            result = check_knowledge(path, warnings=False, stamp=stamp, composer_of=composer_of)
            if result.knowledge is None:
                raise KnowledgeError(result.diagnostics)
            engine = built[-1] if built else cls(result.knowledge)
        except KnowledgeError:
            raise
        except Exception as exc:  # a bug must read like bad content, not a traceback
            message = f"unexpected error while loading: {type(exc).__name__}: {exc}"
            raise KnowledgeError([Diagnostic(str(path), 1, 1, message)]) from exc
        if fingerprint(path) == stamp:  # not edited while it was being read
            save_snapshot(stamp, engine)
        return engine

    # ---- questions -----------------------------------------------------------------------------
    def answer(
        self, text: str, context: Conversation | None = None, *, now: float | None = None
    ) -> Reply:
        """Answer free text or a slash-style line such as ``/salary pacs admin sf``.

        Text longer than MAX_QUESTION_CHARS is not cut: its last question is answered, and the
        reply says so; with no question in it, the reply asks for a shorter one.
        """
        now = time.monotonic() if now is None else now
        if context is not None and not context_fits(
            self.index, self.knowledge.intents, self.knowledge.places, context
        ):
            context = None  # remembered before a knowledge reload
        question = strip_invisible(text).strip()
        if len(question) > MAX_QUESTION_CHARS or len(question.split()) > MAX_TOKENS:
            long_reply = self._answer_long(question, context, now)
            if long_reply is not None:
                return long_reply
        if question.startswith("/"):
            name, _, rest = question[1:].partition(" ")
            return self.answer_command(name.lower(), rest, context, now=now, question=question)
        unsafe = unsafe_kind(tokenize(question), self._exam_names)
        if unsafe is not None:
            return refusal(question, unsafe)
        parts = asked_part(question)
        if parts is not None:
            return self._answer_story(question, *parts, context, now)
        reading = self.reader.read(question, context)[0]
        if reading.match.outcome == "decline":
            # one sentence of background ("I'm a CT tech in Dubai. where do I begin?") read
            # with its ask may pull the reading off topic: the ask alone may still answer
            told = asked_part(question, backstory=1) or labelled_ask(question)
            if told is not None:
                story = self.reader.read_story(*told, context, now)
                if story.match.outcome == "answer":
                    reading = story
        return self._compose(question, reading, now)

    def _answer_story(
        self,
        question: str,
        background: str,
        asked: str,
        context: Conversation | None,
        now: float,
    ) -> Reply:
        """A message telling a story before it asks (see ``Reader.read_story``)."""
        return self._compose(question, self.reader.read_story(background, asked, context, now), now)

    def _answer_long(self, text: str, context: Conversation | None, now: float) -> Reply | None:
        """A message longer than the engine reads: its last question is answered, with a note.

        None when a message of readable length has no question sentence other than all of it
        (the matcher then reads its first MAX_TOKENS words, as for any message).
        """
        asked = last_question(text)
        if asked is not None and asked != text:
            return with_long_message_notice(self.answer(asked, context, now=now))
        if len(text) <= MAX_QUESTION_CHARS:
            return None
        match = Match("decline", 0.0, None, reason="too_long")
        return self.composer.compose(text[:MAX_QUESTION_CHARS].strip(), match, now=now)

    def answer_command(
        self,
        command: str,
        options: str = "",
        context: Conversation | None = None,
        *,
        now: float | None = None,
        question: str | None = None,
    ) -> Reply:
        """Answer a slash command whose options are given as free text."""
        now = time.monotonic() if now is None else now
        # Cleaned as answer() cleans free text: no lone surrogates (they cannot be encoded), and
        # the length is checked after NFKC, which can make a character into 18.
        options = strip_invisible(options).strip()
        if question is None:
            question = strip_invisible(f"/{command} {options}").strip()
        question = question[:MAX_QUESTION_CHARS].strip()
        command = _known_command(command, self._named_commands)
        if command not in COMMAND_BY_NAME:
            return self._not_a_command(question, command, options, context, now)
        if len(options) > MAX_QUESTION_CHARS and command != "ask":
            match = Match("decline", 0.0, None, reason="too_long")
            return self.composer.compose(question, match, now=now)
        if command == "ask":
            return (
                self.answer(options, context, now=now)
                if options.strip()
                else self._help(question, now)
            )
        if command == HELP:
            return self._help(question, now)
        unsafe = unsafe_kind(tokenize(options), self._exam_names)
        if unsafe is not None:
            return refusal(question, unsafe)
        reading = self.reader.read_command(COMMAND_BY_NAME[command], options, context)
        return self._compose(question, reading, now)

    def _not_a_command(
        self,
        question: str,
        command: str,
        options: str,
        context: Conversation | None,
        now: float,
    ) -> Reply:
        """ "/qualifications pacs analyst" is no command, but it is a question: answer it as one.

        Only when the words answer nothing does the reply say which commands there are.
        """
        words = f"{command} {options}".strip()
        if words and not words.startswith("/"):
            unsafe = unsafe_kind(tokenize(words), self._exam_names)
            if unsafe is not None:
                return refusal(question, unsafe)
            reply = self.answer(words, context, now=now)
            if reply.outcome != "decline":
                return replace(reply, question=question)
        match = Match("decline", 0.0, None, reason="unknown_command")
        return self.composer.compose(question, match, now=now)

    def _compose(self, question: str, reading: Reading, now: float) -> Reply:
        """The reply to a decided reading: what the source does not give first (an honest
        gap), then the facts that answer the question, then the card."""
        reply = self.composer.compose(question, reading.match, now=now, lead=reading.lead)
        return lead_with_gap(reply, reading.gap)

    def answer_choice(self, choice: Choice, *, now: float | None = None) -> Reply:
        """Answer the reading a clarification button carries."""
        now = time.monotonic() if now is None else now
        intents = self.composer_intents()
        if not reading_fits(self.index, intents, choice.intent, choice.subjects):
            match = Match("decline", 0.0, None, reason="stale_choice")
        else:
            location = choice.location if choice.location in self.knowledge.places else None
            match = Match("answer", 1.0, choice.intent, choice.subjects, location)
        question = strip_invisible(choice.command())[:MAX_QUESTION_CHARS].strip()
        return self.composer.compose(question, settle(self.knowledge, match), now=now)

    def composer_intents(self) -> frozenset[str]:
        """The intents this engine can answer."""
        return frozenset(self.knowledge.intents)

    def _help(self, question: str, now: float) -> Reply:
        return self.composer.compose(question, Match("answer", 1.0, HELP), now=now)

    # ---- autocomplete ------------------------------------------------------------------------
    def suggest(
        self, text: str, kinds: tuple[str, ...] = (ROLE,), limit: int = 25
    ) -> list[tuple[str, str]]:
        """Up to ``limit`` (id, name) pairs of the given kinds that best match partial text."""
        return self.suggester.suggest(text, kinds, limit)
