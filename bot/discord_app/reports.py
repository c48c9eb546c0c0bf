"""Embeds for moderators: reload and check results, unanswered questions, stats, settings.

Every embed stays within Discord's limits (a 4096-character description, 6000 characters in
all). Question wordings are written by users, so they are shown as inline code (no markdown, no
links, no mentions) and mentions are escaped as well; the bot pings nobody anyway.
"""

from __future__ import annotations

from collections.abc import Iterable

import discord

from bot.knowledge.model import KnowledgeBase
from bot.knowledge.reload import ReloadResult
from bot.render import limits
from bot.render.limits import clamp
from bot.store import GapGroup, GapsPage, GuildSettings, Stats

OK_COLOUR = 0x3BA55C
WARN_COLOUR = 0xE3A33B
ERROR_COLOUR = 0xD83C3E
INFO_COLOUR = 0x2B7BB9
DESCRIPTION_ROOM = 3900  # below the 4096 limit, leaving room for "and N more"
LINE_MAX = 400  # one diagnostic line, at most
WORDING_MAX = 150
OTHER_WORDING_MAX = 70
GROUP_MAX = 420  # one group of /kb gaps, at most
OUTCOME_WORDS = {"decline": "declined", "clarify": "asked back", "answer": "unsure"}


def user_text(text: str, limit: int = WORDING_MAX) -> str:
    """User-written text, safe to show: one line, inline code, mentions escaped."""
    flat = " ".join(text.replace("`", "'").split()) or "(empty)"
    return f"`{discord.utils.escape_mentions(clamp(flat, limit))}`"


def _plain(text: str, limit: int) -> str:
    flat = " ".join(text.split())
    return discord.utils.escape_mentions(discord.utils.escape_markdown(clamp(flat, limit)))


def code_block(lines: Iterable[str], room: int = DESCRIPTION_ROOM) -> str:
    """Lines in a code block of at most ``room`` characters; ``… and N more`` when cut."""
    shown: list[str] = []
    all_lines = [clamp(line.replace("```", "'''"), LINE_MAX) for line in lines]
    used = len("```\n\n```") + 40  # the fence and a possible "and N more"
    for line in all_lines:
        if used + len(line) + 1 > room:
            break
        shown.append(line)
        used += len(line) + 1
    text = "```\n" + "\n".join(shown) + "\n```"
    if len(shown) < len(all_lines):
        text += f"\n… and {len(all_lines) - len(shown)} more"
    return text


def reload_embed(
    result: ReloadResult, *, check: bool = False, automatic: bool = False
) -> discord.Embed:
    """The result of ``/kb reload``, ``/kb check`` or a reload the watcher started."""
    if check:
        title = "Knowledge check passed" if result.ok else "Knowledge check found errors"
    elif result.ok:
        title = "Knowledge reloaded" + (" after a file change" if automatic else "")
    else:
        title = "Knowledge reload failed: the previous knowledge is still answering"
    colour = ERROR_COLOUR if not result.ok else WARN_COLOUR if result.warnings else OK_COLOUR
    parts = [clamp(result.summary, 300)]
    if check and result.ok:
        parts[0] += " (nothing was changed)"
    lines = result.lines()
    if lines:
        parts.append(code_block(lines, DESCRIPTION_ROOM - len(parts[0])))
    embed = discord.Embed(title=title, description="\n".join(parts), colour=colour)
    if result.seconds:
        embed.set_footer(text=f"{result.seconds:.2f} s")
    return embed


# ---- /kb gaps ----------------------------------------------------------------------------------
def _outcomes(group: GapGroup) -> str:
    return ", ".join(f"{n} {OUTCOME_WORDS.get(kind, kind)}" for kind, n in group.outcomes)


def gap_entry(number: int, group: GapGroup) -> str:
    """One group: the usual wording, how often and when, what the bot made of it."""
    head = (
        f"**{number}.** {user_text(group.text)} ×{group.count} · last <t:{int(group.last_seen)}:R>"
    )
    details = [_outcomes(group)]
    if group.best_guess:
        details.append(f"best guess: {_plain(group.best_guess, 100)}")
    entry = head + "\n↳ " + " · ".join(d for d in details if d)
    others = [user_text(w, OTHER_WORDING_MAX) for w in group.wordings[1:3]]
    if others:
        also = "\n↳ also: " + ", ".join(others)
        if len(entry) + len(also) <= GROUP_MAX:
            entry += also
    return entry


def _unavailable(embed: discord.Embed, problem: str | None, consequence: str) -> discord.Embed:
    """Turn a report embed into the notice that the database could not be read."""
    embed.colour = discord.Colour(ERROR_COLOUR)
    embed.description = (
        f"The database is unavailable ({problem or 'it reported an error'}), so {consequence}. "
        "Questions are still answered; see the bot's log."
    )
    return embed


def gaps_embed(page: GapsPage, problem: str | None = None) -> discord.Embed:
    """One page of ``/kb gaps``."""
    title = f"Unanswered questions, last {page.days} day{'s' if page.days != 1 else ''}"
    embed = discord.Embed(title=title, colour=INFO_COLOUR)
    if not page.available:
        return _unavailable(embed, problem, "nothing can be shown")
    if not page.groups:
        embed.description = (
            "Nothing the bot declined, asked back about or was unsure of in this period."
            if page.offset == 0
            else "No more questions."
        )
        return embed
    entries: list[str] = []
    used = 0
    for number, group in enumerate(page.groups, start=page.offset + 1):
        entry = gap_entry(number, group)
        if used + len(entry) + 2 > DESCRIPTION_ROOM:
            break
        entries.append(entry)
        used += len(entry) + 2
    embed.description = "\n\n".join(entries)
    pages = max(1, -(-page.total // page.limit))
    current = page.offset // page.limit + 1
    embed.set_footer(
        text=f"Page {current} of {pages} · {page.total} question group(s), most asked first"
    )
    return embed


# ---- /kb stats ---------------------------------------------------------------------------------
def _share(count: int, stats: Stats) -> str:
    return f"{round(100 * count / stats.asked)}% ({count})" if stats.asked else "—"


def subject_name(knowledge: KnowledgeBase, entity_id: str) -> str:
    """The name the knowledge base gives an id (the id itself if it is gone)."""
    found = knowledge.entity(entity_id)
    name = getattr(found, "name", None) if found is not None else None
    return str(name or entity_id)


def stats_embed(
    stats: Stats, knowledge: KnowledgeBase, problem: str | None = None
) -> discord.Embed:
    """``/kb stats``: questions, outcome rates, top subjects and the helpful share."""
    title = f"Questions, last {stats.days} day{'s' if stats.days != 1 else ''}"
    embed = discord.Embed(title=title, colour=INFO_COLOUR)
    if not stats.available:
        return _unavailable(embed, problem, "there are no figures")
    embed.add_field(name="Asked", value=str(stats.asked), inline=True)
    embed.add_field(name="Answered", value=_share(stats.answered, stats), inline=True)
    embed.add_field(name="Asked back", value=_share(stats.clarified, stats), inline=True)
    embed.add_field(name="Declined", value=_share(stats.declined, stats), inline=True)
    embed.add_field(name="Unsure answers", value=_share(stats.low_confidence, stats), inline=True)
    share = stats.helpful_share
    helpful = (
        "no votes yet"
        if share is None
        else f"{round(100 * share)}% of {stats.votes} vote{'s' if stats.votes != 1 else ''}"
    )
    embed.add_field(name="Helpful", value=helpful, inline=True)
    top = [
        f"{_plain(subject_name(knowledge, entity_id), 80)} ({count})"
        for entity_id, count in stats.top_subjects
    ]
    embed.add_field(name="Top subjects", value="\n".join(top) or "none yet", inline=False)
    return embed


# ---- /settings show ----------------------------------------------------------------------------
def settings_embed(
    settings: GuildSettings,
    *,
    global_channels: Iterable[int] = (),
    content_intent: bool = True,
    problem: str | None = None,
    default_charts: str = "dark",
) -> discord.Embed:
    """A server's settings as ``/settings show`` lists them (``default_charts``: the bot's
    ``CHARTS``, used where the server chose nothing)."""
    channels = [f"<#{c}>" for c in sorted(settings.passive_channels)]
    everywhere = [f"<#{c}>" for c in sorted(global_channels)]
    passive = ", ".join(channels) or "none"
    if everywhere:
        passive += f"\nfrom PASSIVE_CHANNELS: {', '.join(everywhere)}"
    if not content_intent:
        passive += "\n(off: the bot runs without the Message Content intent)"
    role = f"<@&{settings.moderator_role_id}>" if settings.moderator_role_id else "none"
    mod_log = f"<#{settings.mod_log_channel_id}>" if settings.mod_log_channel_id else "none"
    embed = discord.Embed(title="Settings for this server", colour=INFO_COLOUR)
    embed.add_field(
        name="Passive answers in", value=clamp(passive, limits.FIELD_VALUE), inline=False
    )
    embed.add_field(name="Moderator role", value=role + " (and Manage Server)", inline=False)
    embed.add_field(name="Mod-log channel", value=mod_log, inline=False)
    charts = settings.charts or f"{default_charts} (the bot's default)"
    embed.add_field(name="Pay charts", value=charts, inline=False)
    if problem:
        embed.set_footer(text=f"The database is unavailable ({problem}); these may be out of date.")
    return embed
