"""Knowledge editors change the knowledge from Discord, end to end: get a file, upload a broken
one (refused with its file:line, the old knowledge answering), upload a good one (summary,
Apply, live), teach a missed question from /kb gaps, see both in /kb history, undo, and keep the
history across a restart; a conflicting second Apply is refused; moderators who are not editors
are refused for every changing command and button."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import aiohttp
import pytest

from bot.engine import Engine

from .bot_harness import buttons, started_bot
from .fake_discord import EPHEMERAL, FakeDiscord, InteractionRecord
from .test_bot_moderation import (
    answer_text,
    channel,
    channel_posts,
    kb,
    knowledge_copy,
    moderator,
    setting,
)

ADMIN = "roles/pacs-administrator.yaml"
SF_QUESTION = "how much does a pacs admin make in the us"
OLD, NEW = "$85,504", "$86,000"
MISSED = "who looks after the radiology picture server"


async def settled(record: InteractionRecord, timeout: float = 8.0) -> dict[str, Any]:
    """A private answer given at once or after a deferral (the last edit)."""
    response = await record.wait_response(timeout)
    assert response["data"]["flags"] & EPHEMERAL or response["type"] in (6, 7)
    if response["type"] in (4, 7):
        return response["data"]
    return await record.wait_edit(timeout=timeout)


async def served(url: str) -> bytes:
    async with aiohttp.ClientSession() as session, session.get(url) as response:
        assert response.status == 200
        return await response.read()


async def put(fake: FakeDiscord, user: Any, name: str, text: str, file: str | None = None):
    upload = fake.add_upload(name, text.encode("utf-8"), "application/x-yaml")
    options: dict[str, Any] = {"attachment": upload}
    if file:
        options["file"] = file
    record = await fake.inject_slash("kb", options, subcommand="put", user=user)
    return record, await settled(record)


def stored(record: InteractionRecord) -> dict[str, Any]:
    """The message an interaction's answer became, as the stand-in keeps it (attachment URLs)."""
    message = record.original_message
    assert message is not None
    return message


def review_ids(body: dict[str, Any]) -> dict[str, str]:
    """Apply / Cancel custom ids of a review, by label."""
    return {b["label"]: b["custom_id"] for b in buttons(body)}


async def click(fake: FakeDiscord, record: InteractionRecord, custom_id: str, user: Any):
    assert record.message_id is not None
    pressed = await fake.inject_component(record.message_id, custom_id, user=user)
    return pressed, await settled(pressed)


@pytest.mark.asyncio
async def test_an_editor_gets_uploads_teaches_sees_history_and_undoes(
    fake_discord: FakeDiscord, tmp_path: Path
) -> None:
    folder = knowledge_copy(tmp_path)
    original = (folder / ADMIN).read_text(encoding="utf-8")
    editor = moderator(fake_discord)  # the harness makes the Moderator role the editor role
    mod_log = channel(fake_discord, "bot-commands")
    env = {"KNOWLEDGE_DIR": str(folder), "WATCH_KNOWLEDGE": "false"}
    state = tmp_path / "state"
    async with started_bot(
        fake_discord, state, engine_=Engine.from_directory(folder), **env
    ) as bot:
        await setting(fake_discord, "mod-log", editor, {"channel": mod_log})
        # get: the file exactly as it is on disk
        get = await fake_discord.inject_slash("kb", {"file": ADMIN}, subcommand="get", user=editor)
        await settled(get)
        (attachment,) = stored(get)["attachments"]
        assert attachment["filename"] == "pacs-administrator.yaml"
        assert await served(attachment["url"]) == (folder / ADMIN).read_bytes()

        # a broken upload: refused with file:line, the old knowledge keeps answering
        broken = original.replace("amount: 85504", "amount: lots")
        _, refused = await put(fake_discord, editor, "pacs-administrator.yaml", broken)
        embed = refused["embeds"][0]
        assert embed["title"].startswith("Not applied")
        assert f"{ADMIN}:" in embed["description"] and "'amount' must be" in embed["description"]
        assert (folder / ADMIN).read_text(encoding="utf-8") == original
        assert OLD in await answer_text(fake_discord, SF_QUESTION)

        # a good upload: summary and diff, Apply, live at once
        good = original.replace("amount: 85504", "amount: 86000")
        record, review = await put(fake_discord, editor, "pacs-administrator.yaml", good)
        summary = review["embeds"][0]["description"]
        assert OLD in summary and NEW in summary, summary
        assert review_ids(review).keys() == {"Apply", "Cancel"}
        _, applied = await click(fake_discord, record, review_ids(review)["Apply"], editor)
        assert "Applied change #1" in applied["content"] and "live now" in applied["content"]
        # live when Apply answers: the very next question gets the new figure (how long an
        # apply takes is measured by benchmarks/bench_reload.py --apply)
        assert NEW in await answer_text(fake_discord, SF_QUESTION)
        assert (folder / ADMIN).read_text(encoding="utf-8") == good
        posted = await fake_discord.wait_until(lambda: channel_posts(fake_discord, mod_log))
        assert any("Knowledge change #1" in p["embeds"][0]["title"] for p in posted)

        # teach a missed question from /kb gaps
        missed = await fake_discord.inject_slash("ask", {"question": MISSED})
        assert "can't answer" in (await missed.wait_response())["data"]["embeds"][0]["title"]
        await bot.store.flush()
        gaps = await kb(fake_discord, "gaps", editor)
        gaps_body = await settled(gaps)
        teach = next(b for b in buttons(gaps_body) if b["label"] == "Teach 1")
        opened = await fake_discord.inject_component(
            gaps.message_id, teach["custom_id"], user=editor
        )
        form = await opened.wait_response()
        assert form["type"] == 9  # the form, with the question filled in
        submitted = await fake_discord.inject_modal_submit(
            "kb-teach",
            {"kb-teach:question": MISSED, "kb-teach:entry": "pacs admin"},  # a name is enough
            user=editor,
        )
        taught = await settled(submitted)
        assert "PACS Administrator" in taught["embeds"][0]["description"]  # the answer to come
        _, applied = await click(fake_discord, submitted, review_ids(taught)["Apply"], editor)
        assert "Applied change #2" in applied["content"]
        assert "PACS Administrator" in await answer_text(fake_discord, MISSED)

        # history: both changes; a change's diff on request
        history = await settled(await kb(fake_discord, "history", editor))
        lines = history["embeds"][0]["description"]
        assert "#2" in lines and "#1" in lines and ADMIN in lines
        assert lines.index("#2") < lines.index("#1")  # newest first

        # undo the last change: the question is missed again
        undo = await kb(fake_discord, "undo", editor)
        undo_review = await settled(undo)
        assert "Reverts change #2" in undo_review["embeds"][0]["description"]
        _, undone = await click(fake_discord, undo, review_ids(undo_review)["Apply"], editor)
        assert "Applied change #3" in undone["content"]
        assert "can't answer" in await answer_text(fake_discord, MISSED)
        assert NEW in await answer_text(fake_discord, SF_QUESTION)  # change #1 stays

    # history survives a restart
    async with started_bot(fake_discord, state, engine_=Engine.from_directory(folder), **env):
        history = await settled(await kb(fake_discord, "history", editor))
        lines = history["embeds"][0]["description"]
        assert all(f"#{n}" in lines for n in (1, 2, 3))
        asked = await fake_discord.inject_slash(
            "kb", {"change": 1}, subcommand="history", user=editor
        )
        await settled(asked)
        (patch,) = stored(asked)["attachments"]
        text = (await served(patch["url"])).decode("utf-8")
        assert "-      amount: 85504" in text and "+      amount: 86000" in text
    assert fake_discord.violations == []


@pytest.mark.asyncio
async def test_a_second_apply_of_a_stale_review_is_refused_with_the_new_version(
    fake_discord: FakeDiscord, tmp_path: Path
) -> None:
    folder = knowledge_copy(tmp_path)
    original = (folder / ADMIN).read_text(encoding="utf-8")
    editor = moderator(fake_discord)
    env = {"KNOWLEDGE_DIR": str(folder), "WATCH_KNOWLEDGE": "false"}
    first_text = original.replace("amount: 85504", "amount: 86000")
    second_text = original.replace("amount: 85504", "amount: 87000")
    async with started_bot(
        fake_discord, tmp_path / "state", engine_=Engine.from_directory(folder), **env
    ):
        first, first_review = await put(fake_discord, editor, "pacs-administrator.yaml", first_text)
        second, second_review = await put(fake_discord, editor, "x.yaml", second_text, file=ADMIN)
        _, applied = await click(fake_discord, first, review_ids(first_review)["Apply"], editor)
        assert "Applied" in applied["content"]
        pressed, refused = await click(
            fake_discord, second, review_ids(second_review)["Apply"], editor
        )
        assert "changed since you started" in refused["content"]
        (current,) = stored(pressed)["attachments"]
        assert (await served(current["url"])).decode("utf-8") == first_text
        assert (folder / ADMIN).read_text(encoding="utf-8") == first_text
        history = await settled(await kb(fake_discord, "history", editor))
        assert "#2" not in history["embeds"][0]["description"]  # the refused one left no trace
    assert fake_discord.violations == []


@pytest.mark.asyncio
async def test_moderators_who_are_not_editors_are_refused_every_change(
    fake_discord: FakeDiscord, tmp_path: Path
) -> None:
    folder = knowledge_copy(tmp_path)
    original = (folder / ADMIN).read_text(encoding="utf-8")
    good = original.replace("amount: 85504", "amount: 86000")
    mod = moderator(fake_discord)
    owner = fake_discord.user(fake_discord.guild.owner_id)  # the application's owner: an editor
    env = {
        "KNOWLEDGE_DIR": str(folder),
        "WATCH_KNOWLEDGE": "false",
        "HOME_GUILD_ID": "",
        "KNOWLEDGE_EDITOR_ROLE_ID": "",
    }
    async with started_bot(
        fake_discord, tmp_path / "state", engine_=Engine.from_directory(folder), **env
    ) as bot:
        serving = bot.holder.engine
        upload = fake_discord.add_upload("pacs-administrator.yaml", good.encode())
        for sub, options in [
            ("put", {"attachment": upload}),
            ("teach", {"question": MISSED, "entry": "pacs-administrator"}),
            ("undo", {}),
            ("reload", {}),
        ]:
            record = await fake_discord.inject_slash("kb", options, subcommand=sub, user=mod)
            response = await record.wait_response()
            assert response["type"] == 4 and response["data"]["flags"] & EPHEMERAL, sub
            assert "Only knowledge editors" in response["data"]["content"], sub
        # reading stays with moderators
        history = await settled(await kb(fake_discord, "history", mod))
        assert history["embeds"][0]["description"] == "No changes recorded yet."
        # the owner's review; the moderator clicks a copy of its Apply id: nothing is applied
        record, review = await put(fake_discord, owner, "pacs-administrator.yaml", good)
        apply_id = review_ids(review)["Apply"]
        for copied in (apply_id, review_ids(review)["Cancel"]):
            stolen = await fake_discord.inject_component(record.message_id, copied, user=mod)
            refusal = await stolen.wait_response()
            assert "Only knowledge editors" in refusal["data"]["content"]
        # a Teach button under /kb gaps: the moderator sees it, but gets no form
        await fake_discord.inject_slash("ask", {"question": MISSED})
        await bot.store.flush()
        gaps = await kb(fake_discord, "gaps", mod)
        teach = next(b for b in buttons(await settled(gaps)) if b["label"] == "Teach 1")
        pressed = await fake_discord.inject_component(gaps.message_id, teach["custom_id"], user=mod)
        refused = await pressed.wait_response()
        assert refused["type"] == 4 and "Only knowledge editors" in refused["data"]["content"]
        assert (folder / ADMIN).read_text(encoding="utf-8") == original
        assert bot.holder.engine is serving
        # the owner applies it
        _, applied = await click(fake_discord, record, apply_id, owner)
        assert "Applied change #1" in applied["content"]
    assert fake_discord.violations == []


@pytest.mark.asyncio
async def test_a_hand_edit_on_disk_is_recorded_in_the_history(
    fake_discord: FakeDiscord, tmp_path: Path
) -> None:
    folder = knowledge_copy(tmp_path)
    editor = moderator(fake_discord)
    env = {"KNOWLEDGE_DIR": str(folder), "WATCH_KNOWLEDGE": "false"}
    async with started_bot(
        fake_discord, tmp_path / "state", engine_=Engine.from_directory(folder), **env
    ) as bot:
        target = folder / ADMIN
        target.write_text(
            target.read_text("utf-8").replace("amount: 85504", "amount: 86000"), "utf-8"
        )
        reloaded = await settled(await kb(fake_discord, "reload", editor))
        assert reloaded["embeds"][0]["title"] == "Knowledge reloaded"
        history = await bot.store.knowledge_history()
        assert history is not None and len(history) == 1
        (change,) = history
        assert (change.action, change.path, change.user_id) == ("disk", ADMIN, None)
        assert "edited on disk" in change.summary
        assert change.after_text == target.read_text("utf-8")
    assert fake_discord.violations == []


@pytest.mark.asyncio
async def test_files_and_entries_autocomplete(fake_discord: FakeDiscord, tmp_path: Path) -> None:
    editor = moderator(fake_discord)
    async with started_bot(fake_discord, tmp_path, WATCH_KNOWLEDGE="false"):
        files = await fake_discord.inject_autocomplete(
            "kb", {"file": "admin"}, "file", subcommand="get", user=editor
        )
        entries = await fake_discord.inject_autocomplete(
            "kb", {"question": MISSED, "entry": "hl7 and dicom"}, "entry",
            subcommand="teach", user=editor,
        )  # fmt: skip
        file_choices = (await files.wait_response())["data"]["choices"]
        entry_choices = (await entries.wait_response())["data"]["choices"]
    assert [c["value"] for c in file_choices] == [ADMIN]
    values = [c["value"] for c in entry_choices]
    assert values and all(len(v) <= 100 for v in values)
    assert any("/" in v for v in values)  # statements too, by their words
    assert fake_discord.violations == []
