"""Discord's documented message limits (https://discord.com/developers/docs/resources/message)."""

CONTENT = 2000
EMBEDS_PER_MESSAGE = 10
EMBED_TITLE = 256
EMBED_DESCRIPTION = 4096
EMBED_FIELDS = 25
FIELD_NAME = 256
FIELD_VALUE = 1024
FOOTER_TEXT = 2048
AUTHOR_NAME = 256
EMBED_TOTAL = 6000  # title + description + field names and values + footer + author, per message
ACTION_ROWS = 5
BUTTONS_PER_ROW = 5
BUTTON_LABEL = 80
CUSTOM_ID = 100
AUTOCOMPLETE_CHOICES = 25
CHOICE_NAME = 100
CHOICE_VALUE = 100
ATTACHMENT_DESCRIPTION = 1024  # an attachment's alt text
UPLOAD_BYTES = 10 * 1024 * 1024  # the smallest upload limit a server can have (10 MiB)

ELLIPSIS = "…"


def clamp(text: str, limit: int) -> str:
    """Cut text to at most ``limit`` characters, ending with an ellipsis when it was cut."""
    if len(text) <= limit:
        return text
    if limit <= 0:
        return ""
    cut = text[: limit - 1]
    space = cut.rfind(" ")
    if space > limit * 0.6:
        cut = cut[:space]
    return cut.rstrip() + ELLIPSIS
