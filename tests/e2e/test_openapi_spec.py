"""The vendored OpenAPI spec is the one its README names, and request bodies are really checked
against it: a missing or unreadable spec is an error, never a silent pass."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import pytest

from . import openapi_validation
from .fake_discord import FakeDiscord
from .openapi_validation import (
    SPEC_DIR,
    SPEC_PATH,
    SpecUnavailableError,
    load_spec,
    read_spec,
    validate_request,
)

README = SPEC_DIR / "README.md"


def test_the_vendored_spec_is_the_upstream_file_its_readme_names() -> None:
    readme = README.read_text(encoding="utf-8")
    stated = re.search(r"sha256: `([0-9a-f]{64})`", readme)
    assert stated, "the README states no sha256"
    assert hashlib.sha256(SPEC_PATH.read_bytes()).hexdigest() == stated.group(1)
    assert re.search(r"upstream commit: `[0-9a-f]{40}`", readme)
    assert "github.com/discord/discord-api-spec" in readme


def test_the_spec_keeps_its_licence() -> None:
    licence = (SPEC_DIR / "LICENSE").read_text(encoding="utf-8")
    assert licence.startswith("MIT License") and "Copyright 2023 Discord" in licence


def test_the_vendored_spec_loads() -> None:
    spec = load_spec()
    assert spec["openapi"].startswith("3.1") and len(spec["paths"]) > 100


def test_bodies_are_validated() -> None:
    reply = {"content": "hi", "message_reference": {"message_id": 5}}
    assert validate_request("POST", "/api/v10/channels/1/messages", reply) == []
    assert validate_request("POST", "/channels/1/messages", {"content": 5})
    assert validate_request("POST", "/interactions/1/t/callback?with_response=1", {"type": 42})


def test_a_body_sent_where_the_spec_documents_none_is_a_violation() -> None:
    (problem,) = validate_request("POST", "/channels/1/no-such-thing", {"content": "hi"})
    assert "no such operation" in problem
    assert validate_request("GET", "/channels/1/no-such-thing", None) == []


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (None, "cannot read"),
        (b"{not json", "cannot read"),
        (b"\xff\xfe\x00", "cannot read"),
        (b'{"openapi": "3.1.0"}', "not an OpenAPI document"),
    ],
    ids=["missing", "not-json", "not-utf8", "no-paths"],
)
def test_an_unusable_spec_raises(tmp_path: Path, content: bytes | None, reason: str) -> None:
    path = tmp_path / "openapi.json"
    if content is not None:
        path.write_bytes(content)
    with pytest.raises(SpecUnavailableError, match=reason):
        read_spec(path)


async def test_the_stand_in_refuses_to_start_without_the_spec(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(openapi_validation, "SPEC_PATH", tmp_path / "missing.json")
    load_spec.cache_clear()
    fake = FakeDiscord()
    try:
        with pytest.raises(SpecUnavailableError, match=r"missing\.json"):
            await fake.start()
    finally:
        await fake.stop()
        load_spec.cache_clear()  # the next caller reads the real spec again
