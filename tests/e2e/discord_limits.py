"""Discord's documented size limits, checked on the JSON bodies a bot sends.

The OpenAPI description is looser than the docs (4000-character content, 6000-character choice
values), so these checks follow https://discord.com/developers/docs instead. Every function returns
a list of human-readable violations; an empty list means the body is within the limits.
:func:`check_uploads` checks multipart uploads (``files[n]`` parts and their ``attachments``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, Protocol

CONTENT_MAX = 2000
EMBEDS_MAX = 10
EMBED_TOTAL_MAX = 6000
EMBED_LIMITS = {"title": 256, "description": 4096}
FIELDS_MAX = 25
ACTION_ROWS_MAX = 5
BUTTONS_PER_ROW_MAX = 5
V2_COMPONENTS_MAX = 40
IS_COMPONENTS_V2 = 1 << 15
CHOICES_MAX = 25
OPTIONS_MAX = 25
COMMAND_TOTAL_MAX = 4000
CHAT_INPUT_COMMANDS_MAX = 100
CONTEXT_MENU_COMMANDS_MAX = 15

_MESSAGE_CALLBACKS = {4, 7}  # CHANNEL_MESSAGE_WITH_SOURCE, UPDATE_MESSAGE


def _length(value: Any) -> int:
    return len(value) if isinstance(value, str) else 0


def _too_long(where: str, value: Any, limit: int, minimum: int = 0) -> list[str]:
    if value is None:
        return [f"{where} is missing"] if minimum else []
    if not isinstance(value, str):
        return [f"{where} is not a string: {value!r}"]
    if not minimum <= len(value) <= limit:
        return [f"{where} has {len(value)} characters (allowed {minimum}..{limit})"]
    return []


def check_embeds(embeds: Iterable[Mapping[str, Any]]) -> list[str]:
    """Check embed count, per-field limits and the 6000-character total across all embeds."""
    embeds = list(embeds)
    problems = [f"{len(embeds)} embeds (max {EMBEDS_MAX})"] if len(embeds) > EMBEDS_MAX else []
    total = 0
    for i, embed in enumerate(embeds):
        where = f"embeds[{i}]"
        for key, limit in EMBED_LIMITS.items():
            problems += _too_long(f"{where}.{key}", embed.get(key), limit)
            total += _length(embed.get(key))
        fields = embed.get("fields") or []
        if len(fields) > FIELDS_MAX:
            problems.append(f"{where} has {len(fields)} fields (max {FIELDS_MAX})")
        for j, field in enumerate(fields):
            problems += _too_long(f"{where}.fields[{j}].name", field.get("name"), 256, 1)
            problems += _too_long(f"{where}.fields[{j}].value", field.get("value"), 1024, 1)
            total += _length(field.get("name")) + _length(field.get("value"))
        footer = embed.get("footer") or {}
        author = embed.get("author") or {}
        problems += _too_long(f"{where}.footer.text", footer.get("text"), 2048)
        problems += _too_long(f"{where}.author.name", author.get("name"), 256)
        total += _length(footer.get("text")) + _length(author.get("name"))
    if total > EMBED_TOTAL_MAX:
        problems.append(f"embeds total {total} characters (max {EMBED_TOTAL_MAX})")
    return problems


def _walk_components(components: Iterable[Mapping[str, Any]]) -> Iterable[Mapping[str, Any]]:
    for component in components:
        yield component
        children = list(component.get("components") or [])
        for key in ("accessory", "component"):
            if isinstance(component.get(key), Mapping):
                children.append(component[key])
        yield from _walk_components(children)


def _check_component(where: str, component: Mapping[str, Any]) -> list[str]:
    problems: list[str] = []
    kind = component.get("type")
    if kind == 2:  # button
        problems += _too_long(f"{where}.label", component.get("label"), 80)
        if component.get("style") not in (5, 6) and not component.get("custom_id"):
            problems.append(f"{where} is a non-link button without custom_id")
    elif kind in (3, 5, 6, 7, 8):  # select menus
        problems += _too_long(f"{where}.placeholder", component.get("placeholder"), 150)
        options = component.get("options") or []
        if len(options) > 25:
            problems.append(f"{where} has {len(options)} options (max 25)")
        for k, option in enumerate(options):
            problems += _too_long(f"{where}.options[{k}].label", option.get("label"), 100, 1)
            problems += _too_long(f"{where}.options[{k}].value", option.get("value"), 100, 1)
            problems += _too_long(
                f"{where}.options[{k}].description", option.get("description"), 100
            )
        for key in ("min_values", "max_values"):
            value = component.get(key)
            if value is not None and not 0 <= value <= 25:
                problems.append(f"{where}.{key} is {value} (allowed 0..25)")
    elif kind == 4:  # text input
        problems += _too_long(f"{where}.label", component.get("label"), 45)
        problems += _too_long(f"{where}.placeholder", component.get("placeholder"), 100)
        problems += _too_long(f"{where}.value", component.get("value"), 4000)
    return problems


def check_components(components: Iterable[Mapping[str, Any]], flags: int = 0) -> list[str]:
    """Check rows, buttons per row, labels, select options, custom_id length and uniqueness."""
    components = list(components)
    problems: list[str] = []
    if flags & IS_COMPONENTS_V2:
        total = sum(1 for _ in _walk_components(components))
        if total > V2_COMPONENTS_MAX:
            problems.append(f"{total} components (max {V2_COMPONENTS_MAX} with IS_COMPONENTS_V2)")
    else:
        if len(components) > ACTION_ROWS_MAX:
            problems.append(f"{len(components)} action rows (max {ACTION_ROWS_MAX})")
        for i, row in enumerate(components):
            if row.get("type") != 1:
                problems.append(f"components[{i}] is type {row.get('type')}, not an action row")
                continue
            children = row.get("components") or []
            buttons = sum(1 for c in children if c.get("type") == 2)
            if buttons > BUTTONS_PER_ROW_MAX:
                problems.append(
                    f"components[{i}] has {buttons} buttons (max {BUTTONS_PER_ROW_MAX})"
                )
            if buttons != len(children) and len(children) > 1:
                problems.append(f"components[{i}] mixes a select menu with other components")
    seen: set[str] = set()
    for n, component in enumerate(_walk_components(components)):
        where = f"component #{n} (type {component.get('type')})"
        problems += _check_component(where, component)
        custom_id = component.get("custom_id")
        if custom_id is not None:
            problems += _too_long(f"{where}.custom_id", custom_id, 100, 1)
            if custom_id in seen:
                problems.append(f"{where}.custom_id {custom_id!r} is not unique in the message")
            seen.add(custom_id)
    return problems


def check_message(body: Mapping[str, Any]) -> list[str]:
    """Check a message create/edit body (channel message, webhook, interaction message data)."""
    problems = _too_long("content", body.get("content"), CONTENT_MAX)
    problems += check_embeds(body.get("embeds") or [])
    problems += check_components(body.get("components") or [], int(body.get("flags") or 0))
    return problems


def check_choices(choices: Iterable[Mapping[str, Any]], where: str = "choices") -> list[str]:
    """Check autocomplete results or option choices: <= 25, name 1..100, string value <= 100."""
    choices = list(choices)
    problems = (
        [f"{where}: {len(choices)} choices (max {CHOICES_MAX})"]
        if len(choices) > CHOICES_MAX
        else []
    )
    for i, choice in enumerate(choices):
        problems += _too_long(f"{where}[{i}].name", choice.get("name"), 100, 1)
        if isinstance(choice.get("value"), str):
            problems += _too_long(f"{where}[{i}].value", choice["value"], 100)
    return problems


def _check_name(where: str, name: Any, lowercase: bool) -> list[str]:
    problems = _too_long(f"{where}.name", name, 32, 1)
    if isinstance(name, str):
        if lowercase and name != name.lower():
            problems.append(f"{where}.name {name!r} is not lowercase")
        if lowercase and not all(c.isalnum() or c in "-_'" for c in name):
            problems.append(f"{where}.name {name!r} has characters other than letters, digits, -_'")
    return problems


def _check_options(where: str, options: list[Mapping[str, Any]]) -> tuple[list[str], int]:
    problems = (
        [f"{where} has {len(options)} options (max {OPTIONS_MAX})"]
        if len(options) > OPTIONS_MAX
        else []
    )
    chars = 0
    seen_optional = False
    for i, option in enumerate(options):
        here = f"{where}.options[{i}]"
        problems += _check_name(here, option.get("name"), lowercase=True)
        problems += _too_long(f"{here}.description", option.get("description"), 100, 1)
        chars += _length(option.get("name")) + _length(option.get("description"))
        choices = option.get("choices") or []
        problems += check_choices(choices, f"{here}.choices")
        chars += sum(_length(c.get("name")) + len(str(c.get("value", ""))) for c in choices)
        if option.get("type") in (1, 2):
            sub_problems, sub_chars = _check_options(here, list(option.get("options") or []))
            problems += sub_problems
            chars += sub_chars
        elif option.get("required"):
            if seen_optional:
                problems.append(f"{here} is required but follows an optional option")
        else:
            seen_optional = True
    return problems, chars


def check_command(command: Mapping[str, Any], where: str = "command") -> list[str]:
    """Check one application command: name 1..32 lowercase, description 1..100, options, choices."""
    kind = command.get("type", 1)
    if kind == 1:
        problems = _check_name(where, command.get("name"), lowercase=True)
        problems += _too_long(f"{where}.description", command.get("description"), 100, 1)
    else:  # user/message context menus: any case, empty description
        problems = _check_name(where, command.get("name"), lowercase=False)
        if command.get("description"):
            problems.append(f"{where} is a context menu with a description")
    option_problems, chars = _check_options(where, list(command.get("options") or []))
    chars += _length(command.get("name")) + _length(command.get("description"))
    if chars > COMMAND_TOTAL_MAX:
        problems.append(f"{where} totals {chars} characters (max {COMMAND_TOTAL_MAX})")
    return problems + option_problems


def check_commands(commands: Iterable[Mapping[str, Any]]) -> list[str]:
    """Check a bulk-overwrite list of application commands (per-command limits and counts)."""
    commands = list(commands)
    problems: list[str] = []
    for i, command in enumerate(commands):
        problems += check_command(command, f"commands[{i}] ({command.get('name')})")
    chat = sum(1 for c in commands if c.get("type", 1) == 1)
    if chat > CHAT_INPUT_COMMANDS_MAX:
        problems.append(f"{chat} chat-input commands (max {CHAT_INPUT_COMMANDS_MAX})")
    for kind, label in ((2, "user"), (3, "message")):
        count = sum(1 for c in commands if c.get("type") == kind)
        if count > CONTEXT_MENU_COMMANDS_MAX:
            problems.append(f"{count} {label} commands (max {CONTEXT_MENU_COMMANDS_MAX})")
    names = [(c.get("type", 1), c.get("name")) for c in commands]
    if len(set(names)) != len(names):
        problems.append("duplicate command names of the same type")
    return problems


def check_modal(data: Mapping[str, Any]) -> list[str]:
    """Check a modal: title <= 45, custom_id 1..100, <= 5 top-level components."""
    problems = _too_long("modal.title", data.get("title"), 45, 1)
    problems += _too_long("modal.custom_id", data.get("custom_id"), 100, 1)
    components = list(data.get("components") or [])
    if len(components) > 5:
        problems.append(f"modal has {len(components)} components (max 5)")
    for n, component in enumerate(_walk_components(components)):
        problems += _check_component(f"modal component #{n}", component)
    return problems


def check_message_body(body: Any) -> list[str]:
    """Check any body a bot sends against Discord's documented limits.

    Accepts a message body (channel message, webhook follow-up, edit), an interaction callback
    (``{"type": ..., "data": ...}``: messages, autocomplete results, modals), a list of application
    commands (bulk overwrite) or a single application command.
    """
    if isinstance(body, list):
        return check_commands(body)
    if not isinstance(body, Mapping):
        return []
    if "name" in body and ("description" in body or "options" in body):
        return check_command(body)
    if isinstance(body.get("type"), int) and "data" in body:  # interaction callback
        data = body.get("data") or {}
        if body["type"] in _MESSAGE_CALLBACKS:
            return check_message(data)
        if body["type"] == 8:
            return check_choices(data.get("choices") or [])
        if body["type"] == 9:
            return check_modal(data)
        return []
    return check_message(body)


def check_no_pings(body: Any) -> list[str]:
    """Check that ``allowed_mentions``, when present, lets no @everyone, role or user mention ping.

    Looks at the body itself and at an interaction callback's ``data``.
    """
    if not isinstance(body, Mapping):
        return []
    problems: list[str] = []
    for where, holder in (("", body), ("data.", body.get("data"))):
        if not isinstance(holder, Mapping) or holder.get("allowed_mentions") is None:
            continue
        parse = holder["allowed_mentions"].get("parse") or []
        for kind in ("everyone", "roles", "users"):
            if kind in parse:
                problems.append(f"{where}allowed_mentions.parse allows {kind!r} pings")
    return problems


# ---------------------------------------------------------------------------------------- uploads
# https://discord.com/developers/docs/reference#uploading-files and the Attachment Request
# Structure (resources/message): files go in ``files[n]`` parts, each with an ``attachments`` entry
# whose ``id`` is ``n``; an edit keeps only the attachments its ``attachments`` list names.
ATTACHMENTS_MAX = 10
ATTACHMENT_DESCRIPTION_MAX = 1024
UPLOAD_LIMIT = 10 * 1024 * 1024  # attachment_size_limit without Nitro or boosts
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
EMBED_IMAGE_EXTENSIONS = (".jpg", ".jpeg", ".png", ".webp", ".gif")
_EMBED_ATTACHMENT_URLS = (("image", "url"), ("thumbnail", "url"), ("author", "icon_url"))
_EMBED_ATTACHMENT_URLS += (("footer", "icon_url"),)
_FILE_FIELD = re.compile(r"files\[(\d+)\]")
_ATTACHMENT_URL_NAME = re.compile(r"[A-Za-z0-9_.-]+")


class Upload(Protocol):
    """One file part of a multipart body (``fake_discord.RecordedFile`` is one)."""

    field: str
    filename: str
    data: bytes


def message_part(body: Any) -> Mapping[str, Any] | None:
    """The message inside a body: an interaction callback's ``data`` (types 4 and 7), a message
    create/edit body itself, or None (commands, modals, autocomplete results)."""
    if not isinstance(body, Mapping):
        return None
    if "name" in body and ("description" in body or "options" in body):
        return None
    if isinstance(body.get("type"), int) and "data" in body:
        data = body.get("data")
        return data if body["type"] in _MESSAGE_CALLBACKS and isinstance(data, Mapping) else None
    return body


def file_index(upload: Upload) -> int | None:
    """``n`` of a ``files[n]`` form field, or None for any other field name."""
    match = _FILE_FIELD.fullmatch(upload.field)
    return int(match.group(1)) if match else None


def embed_attachment_names(message: Mapping[str, Any]) -> list[tuple[str, str]]:
    """``(where, NAME)`` of every ``attachment://NAME`` URL in the message's embeds."""
    found = []
    for i, embed in enumerate(message.get("embeds") or []):
        for part, key in _EMBED_ATTACHMENT_URLS:
            url = (embed.get(part) or {}).get(key)
            if isinstance(url, str) and url.startswith("attachment://"):
                found.append((f"embeds[{i}].{part}.{key}", url.removeprefix("attachment://")))
    return found


def check_upload_sizes(files: Sequence[Upload], limit: int = UPLOAD_LIMIT) -> list[str]:
    """Check each file and all files of one request together against the upload ``limit``."""
    problems = [
        f"file {f.field} ({f.filename!r}) has {len(f.data)} bytes (max {limit})"
        for f in files
        if len(f.data) > limit
    ]
    total = sum(len(f.data) for f in files)
    if len(files) > 1 and total > limit:
        problems.append(f"files total {total} bytes (max {limit})")
    return problems


def check_upload_limits(
    body: Any,
    files: Sequence[Upload],
    limit: int = UPLOAD_LIMIT,
    existing: Iterable[str | int] = (),
) -> list[str]:
    """What Discord refuses in an upload: file fields not named ``files[n]`` (or twice), files
    without a matching ``attachments`` entry (``id`` n, same filename), entries naming neither
    an uploaded file nor one of the ``existing`` attachment ids (on an edit), descriptions over
    1024 characters, more than 10 attachments, files over the size ``limit``."""
    message = message_part(body) or {}
    entries = list(message.get("attachments") or [])
    problems: list[str] = []
    indexes: dict[int, Upload] = {}
    for upload in files:
        n = file_index(upload)
        if n is None:
            problems.append(f"file field {upload.field!r} is not named files[n]")
        elif n in indexes:
            problems.append(f"file field {upload.field!r} is used twice")
        else:
            indexes[n] = upload
    by_id = {str(e.get("id")): e for e in entries if isinstance(e, Mapping)}
    for n, upload in indexes.items():
        entry = by_id.get(str(n))
        if entry is None:
            problems.append(f"file {upload.field} ({upload.filename!r}) has no attachments entry")
        elif entry.get("filename", upload.filename) != upload.filename:
            problems.append(
                f"attachments entry {n} names {entry.get('filename')!r}"
                f" but {upload.field} is {upload.filename!r}"
            )
    known = {str(n) for n in indexes} | {str(i) for i in existing}
    for i, entry in enumerate(entries):
        if not isinstance(entry, Mapping):
            problems.append(f"attachments[{i}] is not an object")
            continue
        if str(entry.get("id")) not in known:
            problems.append(
                f"attachments[{i}] id {entry.get('id')!r} is neither an uploaded files[n]"
                " nor an attachment of the message"
            )
        problems += _too_long(
            f"attachments[{i}].description", entry.get("description"), ATTACHMENT_DESCRIPTION_MAX
        )
    count = max(len(entries), len(files))
    if count > ATTACHMENTS_MAX:
        problems.append(f"{count} attachments (max {ATTACHMENTS_MAX})")
    return problems + check_upload_sizes(files, limit)


def check_upload_contents(
    body: Any, files: Sequence[Upload], kept: Iterable[str] = ()
) -> list[str]:
    """What Discord takes but shows broken: file names with path separators, ``.png`` files
    that are not PNGs, and embed ``attachment://NAME`` URLs naming no file of this request and
    no attachment the message keeps (``kept``: their filenames, on an edit), or a name that
    is not ASCII letters, digits, ``_-.`` or not an image Discord shows in embeds."""
    problems: list[str] = []
    for upload in files:
        if "/" in upload.filename or "\\" in upload.filename:
            problems.append(f"file {upload.field} name {upload.filename!r} has a path separator")
        if upload.filename.lower().endswith(".png") and not upload.data.startswith(PNG_SIGNATURE):
            problems.append(f"file {upload.field} ({upload.filename!r}) is not a PNG image")
    message = message_part(body) or {}
    names = {f.filename for f in files} | set(kept)
    for where, name in embed_attachment_names(message):
        if name not in names:
            problems.append(f"{where} attachment://{name} names no attachment of the message")
        if not _ATTACHMENT_URL_NAME.fullmatch(name):
            problems.append(f"{where} attachment://{name}: not ASCII letters, digits, _-.")
        if not name.lower().endswith(EMBED_IMAGE_EXTENSIONS):
            problems.append(f"{where} attachment://{name} is not a .jpg/.jpeg/.png/.webp/.gif")
    return problems


def check_uploads(
    body: Any,
    files: Sequence[Upload],
    *,
    limit: int = UPLOAD_LIMIT,
    existing: Mapping[str, str] | None = None,
) -> list[str]:
    """Check a message body (``payload_json`` or JSON) and its uploaded files the way Discord
    does: :func:`check_upload_limits` then :func:`check_upload_contents`.

    ``existing`` maps the edited message's attachment ids to filenames (empty for a new message);
    the kept ones are those the body's ``attachments`` lists, or all if it has no such key.
    """
    existing = dict(existing or {})
    message = message_part(body) or {}
    if "attachments" in message:
        listed = {str(e.get("id")) for e in message["attachments"] or [] if isinstance(e, Mapping)}
        kept = [name for i, name in existing.items() if i in listed]
    else:
        kept = list(existing.values())
    return check_upload_limits(body, files, limit, existing) + check_upload_contents(
        body, files, kept
    )
