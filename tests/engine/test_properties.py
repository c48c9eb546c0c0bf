"""Whatever anyone sends, the engine answers with a reply Discord accepts and that pings nobody.

Property-based: hypothesis writes the questions, slash commands and button clicks, from random
Unicode and from pieces known to be hostile (characters NFKC expands, links, markup, mentions,
lone surrogates, line separators). Every reply must serialise to JSON and UTF-8, keep every
Discord limit, ping nobody, and render on a terminal. How long a question takes is a benchmark
figure (benchmarks/bench_hostile.py), not checked here.

The number of examples comes from the hypothesis profile (tests/conftest.py): small in the
suite, ``HYPOTHESIS_PROFILE=soak`` for a long run.
"""

from __future__ import annotations

import json

from hypothesis import given, settings
from hypothesis import strategies as st

from bot.engine import Engine
from bot.intents import COMMAND_BY_NAME, PLACE_KINDS
from bot.matching.context import Conversation
from bot.render.discord_body import render_message
from bot.render.terminal import render_text
from bot.replies.reply import CHOICE_PREFIX, Choice, Reply, parse_choice_id
from tests.conftest import KNOWLEDGE
from tests.e2e.discord_limits import check_message
from tests.reply_contract import check_reply_object

OPTION_KINDS = sorted(
    {c.kinds for c in COMMAND_BY_NAME.values()} | {PLACE_KINDS}
)  # autocompleted options
ENGINE = Engine.from_directory(KNOWLEDGE)  # hypothesis runs a test many times: one engine
ASKER = 123456789012345678

HOSTILE = [
    *("\u33d8", "\ufdfa", "p.m.", "a.", "u.s.", ".", "..."),  # NFKC expansions, dotted runs
    *("https://", "http://x.", "www.", ".com", ".io/", "/", "example.org/a?b=c"),  # links
    *("<@123456789012345678>", "<@!1>", "<@&1>", "<#1>", "<:x:1>", "<a:y:2>", "<t:1:R>", "</a:1>"),
    *("@everyone", "@here", "<", ">", "[", "](", ")", "[x](https://y.com)"),
    *("**", "__", "_", "`", "```", "~~", "||", "> ", "# ", "\\", "'", "’"),
    *("\n", "\r", "\t", " ", "   ", "\u2028", "\u2029", "\x85", "\x00", "\x1b[31m"),
    *("\ud800", "\udfff", "\udbff\udc00", "\u200b", "\u00ad", "\u202e", "\ufeff", "\U000e0001"),
    *("😀", "🇺🇸", "👩‍⚕️", "\u0301", "ＰＡＣＳ", "ß", "İ"),
    *("$", "$$", "100k", "?", "!", "/salary ", "/ask ", "/compare ", "vs"),
    *("pacs", "admin", "administrator", "analyst", "salary", "dicom", "hl7", "cpsm", "ciip"),
    *("what is", "how much does a", "make", "in", "san francisco", "texas", "become"),
]
piece = st.one_of(st.sampled_from(HOSTILE), st.text(max_size=6))
# Random Unicode; mixtures of hostile pieces; one piece repeated up to past the 2,000-character
# limit (the shape of the inputs that once took quadratic time).
texts = st.one_of(
    st.text(max_size=300),
    st.lists(piece, max_size=60).map("".join),
    st.builds(lambda p, n: p * n, st.sampled_from(HOSTILE), st.integers(1, 2100)),
)
entity_ids = sorted(e.id for e in ENGINE.knowledge.entities())
known_or_not = st.one_of(st.sampled_from(entity_ids), texts)
choices = st.builds(
    Choice,
    label=texts,
    intent=st.one_of(st.sampled_from(sorted(ENGINE.knowledge.intents)), texts),
    subjects=st.lists(known_or_not, max_size=6).map(tuple),
    location=st.one_of(st.none(), st.sampled_from(sorted(ENGINE.knowledge.places)), texts),
)


def check(reply: Reply) -> None:
    """Everything a reply must be, whatever the input was."""
    data = reply.to_dict()
    check_reply_object(data)
    line = json.dumps(data, ensure_ascii=False)
    line.encode("utf-8")  # raises on a lone surrogate
    assert json.loads(line) == data
    for message in (data["message"], render_message(reply, ASKER)):
        assert check_message(message) == []
        assert message["allowed_mentions"] == {"parse": []}
    render_text(reply).encode("utf-8")


def followed_up(first: Reply, text: str) -> Reply:
    """The answer to ``text`` asked right after ``first`` in the same conversation."""
    return ENGINE.answer(text, first.conversation, now=1.0)


@settings(deadline=None)
@given(texts)
def test_any_text_gets_a_valid_reply(text: str) -> None:
    check(ENGINE.answer(text, now=0.0))


@settings(deadline=None)
@given(texts, texts)
def test_any_follow_up_gets_a_valid_reply(first: str, second: str) -> None:
    check(followed_up(ENGINE.answer(first, now=0.0), second))


@settings(deadline=None)
@given(st.one_of(st.sampled_from(sorted(COMMAND_BY_NAME)), texts), texts)
def test_any_slash_command_with_any_options_gets_a_valid_reply(command: str, options: str) -> None:
    check(ENGINE.answer_command(command, options, now=0.0))
    check(ENGINE.answer("/" + command + " " + options, now=0.0))


@settings(deadline=None)
@given(st.sampled_from(sorted(COMMAND_BY_NAME)), texts, texts)
def test_any_slash_command_in_a_conversation_gets_a_valid_reply(
    command: str, first: str, options: str
) -> None:
    context = ENGINE.answer(first, now=0.0).conversation
    check(ENGINE.answer_command(command, options, context, now=1.0))


@settings(deadline=None)
@given(choices)
def test_any_clarification_click_gets_a_valid_reply(choice: Choice) -> None:
    check(ENGINE.answer_choice(choice, now=0.0))


@settings(deadline=None)
@given(texts)
def test_any_button_id_is_refused_or_answered_validly(custom_id: str) -> None:
    choice = parse_choice_id(CHOICE_PREFIX + custom_id)
    if choice is not None:
        check(ENGINE.answer_choice(choice, now=0.0))


@settings(deadline=None)
@given(choices, texts)
def test_a_question_after_any_click_gets_a_valid_reply(choice: Choice, text: str) -> None:
    clicked = ENGINE.answer_choice(choice, now=0.0)
    check(followed_up(clicked, text))


@settings(deadline=None)
@given(
    st.lists(known_or_not, max_size=4).map(tuple),
    st.one_of(st.none(), st.sampled_from(sorted(ENGINE.knowledge.intents)), texts),
    st.lists(known_or_not, max_size=6).map(tuple),
    texts,
)
def test_any_conversation_context_gets_a_valid_reply(
    subjects: tuple[str, ...], intent: str | None, options: tuple[str, ...], text: str
) -> None:
    """The context comes back from the caller's memory; a stale or odd one must not break."""
    context = Conversation(intent, subjects, None, 0.0, options)
    check(ENGINE.answer(text, context, now=1.0))


@settings(deadline=None)
@given(texts, st.sampled_from(OPTION_KINDS), st.integers(-5, 40))
def test_autocomplete_of_any_text_offers_known_entries_within_discord_limits(
    text: str, kinds: tuple[str, ...], limit: int
) -> None:
    found = ENGINE.suggest(text, kinds, limit)
    assert len(found) <= max(1, min(limit, 25))
    for entity_id, name in found:
        entity = ENGINE.knowledge.entity(entity_id)
        assert entity is not None and entity.kind in kinds
        assert name == entity.name
        (entity_id + name).encode("utf-8")
