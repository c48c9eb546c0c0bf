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
    assert set(message) == {"content", "embeds", "components", "allowed_mentions"}
    assert message["allowed_mentions"] == {"parse": []}
    assert message["embeds"], "every reply is an embed"
    for text in embed_texts(message):
        assert text in reply["text"]
