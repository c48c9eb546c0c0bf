"""The reply object (docs/architecture.md section 3.3), checked alike by every test that sees it."""

from __future__ import annotations

REPLY_KEYS = [
    "question",
    "outcome",
    "matched",
    "confidence",
    "intent",
    "subjects",
    "location",
    "text",
    "message",
]


def embed_texts(message: dict) -> list[str]:
    """Every user-visible string of a Discord message body."""
    texts = [message["content"]] if message.get("content") else []
    for embed in message["embeds"]:
        texts += [embed.get("title"), embed.get("description")]
        texts += [embed.get("footer", {}).get("text"), embed.get("author", {}).get("name")]
        for field in embed.get("fields", []):
            texts += [field["name"], field["value"]]
    for row in message["components"]:
        texts += [button.get("label") for button in row["components"]]
    return [t for t in texts if t]


def check_reply_object(reply: dict) -> None:
    """The reply object of docs/architecture.md section 3.3, key by key."""
    assert list(reply) == REPLY_KEYS
    assert reply["outcome"] in ("answer", "clarify", "decline")
    assert reply["matched"] is (reply["outcome"] == "answer")
    assert 0 <= reply["confidence"] <= 1
    if not reply["matched"]:
        assert reply["intent"] is None
    assert isinstance(reply["subjects"], list)
    message = reply["message"]
    body_keys = {"content", "embeds", "components", "allowed_mentions"}
    assert set(message) in (body_keys, body_keys | {"attachments"})
    assert message["allowed_mentions"] == {"parse": []}
    assert message["embeds"], "every reply is an embed"
    check_chart_reference(message)
    for text in embed_texts(message):
        assert text in reply["text"]


def check_chart_reference(message: dict) -> None:
    """A pay answer's chart: one attachment with alt text, shown as the embed's image."""
    attachments = message.get("attachments")
    image = (message["embeds"][0].get("image") or {}).get("url")
    if attachments is None:
        assert image is None, "an image needs its attachment"
        return
    assert len(attachments) == 1
    (chart,) = attachments
    assert image == f"attachment://{chart['filename']}"
    assert chart["filename"].endswith(".png")
    assert 0 < len(chart["description"]) <= 1024
