"""Reply -> the exact JSON body the bot sends to Discord (embeds, buttons, allowed_mentions).

Discord's limits are enforced here and nowhere else, by construction: every string is clamped to
its limit and the embed is filled against a running budget of the 6000-character total, with the
source footer reserved first so a reply never loses its source. No discord import: the console
path stays fast.
"""

from __future__ import annotations

from typing import Any

from bot.render import limits
from bot.render.limits import clamp
from bot.replies.reply import Reply

COLOURS = {"answer": 0x2B7BB9, "clarify": 0xE3A33B, "decline": 0x8A8F98}
DELETE_PREFIX = "pacs:delete"
FEEDBACK_PREFIX = "pacs:feedback:"
FEEDBACK_YES = FEEDBACK_PREFIX + "yes"
FEEDBACK_NO = FEEDBACK_PREFIX + "no"
BUTTON_PRIMARY = 1
BUTTON_SECONDARY = 2
NO_PINGS: dict[str, Any] = {"parse": []}
CHART_FILENAME = "pay-chart.png"


def delete_custom_id(asker_id: int | None) -> str:
    """Custom id of the Delete button; carries who asked so only they (or moderators) may use it."""
    return DELETE_PREFIX if asker_id is None else f"{DELETE_PREFIX}:{asker_id}"


def footer_text(reply: Reply) -> str:
    """The source line every reply shows."""
    if reply.sources:
        label = "Source" if len(reply.sources) == 1 else "Sources"
        return f"{label}: " + "; ".join(reply.sources)
    return "PACS career bot · answers come from the sources in its knowledge base"


def render_embed(reply: Reply) -> dict[str, Any]:
    """The reply's embed, within every per-embed and per-message limit."""
    budget = limits.EMBED_TOTAL
    footer = clamp(footer_text(reply), min(limits.FOOTER_TEXT, 600))
    budget -= len(footer)
    title = clamp(reply.title, limits.EMBED_TITLE)
    budget -= len(title)
    description = clamp(reply.description, min(limits.EMBED_DESCRIPTION, budget - 200))
    budget -= len(description)
    fields: list[dict[str, Any]] = []
    for field in reply.fields[: limits.EMBED_FIELDS]:
        name = clamp(field.name, limits.FIELD_NAME)
        room = min(limits.FIELD_VALUE, budget - len(name))
        if room < 40:
            break
        value = clamp(field.value, room)
        fields.append({"name": name, "value": value, "inline": field.inline})
        budget -= len(name) + len(value)
    embed: dict[str, Any] = {
        "title": title,
        "description": description,
        "color": COLOURS.get(reply.outcome, COLOURS["answer"]),
        "footer": {"text": footer},
    }
    if fields:
        embed["fields"] = fields
    return embed


def render_components(reply: Reply, asker_id: int | None = None) -> list[dict[str, Any]]:
    """Action rows: one button per clarification choice, then a last row with, on answers,
    Helpful and Not helpful, and always Delete (last)."""
    buttons: list[dict[str, Any]] = []
    seen: set[str] = set()
    for choice in reply.choices:
        custom_id = choice.custom_id()
        if custom_id in seen:
            continue
        seen.add(custom_id)
        buttons.append(
            {
                "type": 2,
                "style": BUTTON_PRIMARY,
                "label": clamp(choice.label, limits.BUTTON_LABEL),
                "custom_id": custom_id,
            }
        )
    rows = [
        {"type": 1, "components": buttons[i : i + limits.BUTTONS_PER_ROW]}
        for i in range(0, len(buttons), limits.BUTTONS_PER_ROW)
    ][: limits.ACTION_ROWS - 1]
    delete = {
        "type": 2,
        "style": BUTTON_SECONDARY,
        "label": "Delete",
        "custom_id": delete_custom_id(asker_id),
    }
    last: list[dict[str, Any]] = []
    if reply.outcome == "answer":
        last += [
            {"type": 2, "style": BUTTON_SECONDARY, "label": label, "custom_id": custom_id}
            for label, custom_id in (("Helpful", FEEDBACK_YES), ("Not helpful", FEEDBACK_NO))
        ]
    rows.append({"type": 1, "components": [*last, delete]})
    return rows


def chart_description(reply: Reply) -> str:
    """The chart's alt text, within Discord's limit for an attachment's description."""
    return clamp(reply.chart.description(), limits.ATTACHMENT_DESCRIPTION) if reply.chart else ""


def render_message(
    reply: Reply, asker_id: int | None = None, *, with_chart: bool = False
) -> dict[str, Any]:
    """The full message body: no content, one embed, buttons, and mentions that ping nobody.

    ``with_chart``: the reply's chart is uploaded with it as ``CHART_FILENAME`` (the PNG bytes
    travel in the multipart body) and shown as the embed's image.
    """
    embed = render_embed(reply)
    body: dict[str, Any] = {
        "content": None,
        "embeds": [embed],
        "components": render_components(reply, asker_id),
        "allowed_mentions": dict(NO_PINGS),
    }
    if with_chart and reply.chart is not None:
        embed["image"] = {"url": f"attachment://{CHART_FILENAME}"}
        body["attachments"] = [
            {"id": 0, "filename": CHART_FILENAME, "description": chart_description(reply)}
        ]
    return body


def visible_text(message: dict[str, Any]) -> str:
    """Everything a user sees in a message body, flattened to lines of text."""
    lines: list[str] = []
    if message.get("content"):
        lines.append(message["content"])
    for embed in message.get("embeds") or []:
        for key in ("title", "description"):
            if embed.get(key):
                lines.append(embed[key])
        if (embed.get("author") or {}).get("name"):
            lines.append(embed["author"]["name"])
        for field in embed.get("fields") or []:
            lines.extend((field["name"], field["value"]))
        if (embed.get("footer") or {}).get("text"):
            lines.append(embed["footer"]["text"])
    for row in message.get("components") or []:
        for component in row.get("components") or []:
            if component.get("label"):
                lines.append(component["label"])
    return "\n".join(lines)
