"""The largest replies the knowledge base can produce stay within every Discord limit."""

from __future__ import annotations

import itertools
import shutil
from pathlib import Path

import pytest
import yaml

from bot.engine import Engine
from bot.knowledge.loader import load_or_raise
from bot.render.discord_body import render_message

from .bot_harness import KNOWLEDGE, engine, started_bot
from .discord_limits import check_message_body
from .fake_discord import FakeDiscord


def _embed_chars(body: dict) -> int:
    embed = body["embeds"][0]
    fields = embed.get("fields") or []
    return (
        len(embed.get("title") or "")
        + len(embed.get("description") or "")
        + sum(len(f["name"]) + len(f["value"]) for f in fields)
        + len((embed.get("footer") or {}).get("text") or "")
    )


def _candidates(kb_engine: Engine) -> list[tuple[str, dict[str, str], str]]:
    """Every slash command over every subject: (command, options, options text)."""
    kb = kb_engine.knowledge
    roles, certs, terms = list(kb.roles), list(kb.certifications), list(kb.terms)
    out: list[tuple[str, dict[str, str], str]] = [("help", {}, ""), ("path", {}, "")]
    for role in roles:
        out += [("role", {"role": role}, role), ("path", {"role": role}, role)]
        for place in [None, *kb.places]:
            options = {"role": role, **({"location": place} if place else {})}
            out.append(("salary", options, f"{role} {place or ''}".strip()))
    out += [("cert", {"certification": c}, c) for c in certs]
    out += [("define", {"term": t}, t) for t in [*terms, *certs, *roles]]
    for first, second in itertools.permutations([*roles, *certs], 2):
        out.append(("compare", {"first": first, "second": second}, f"{first} vs {second}"))
    return out


def _largest(kb_engine: Engine, count: int = 3) -> list[tuple[str, dict[str, str], str]]:
    def size(case: tuple[str, dict[str, str], str]) -> int:
        return _embed_chars(render_message(kb_engine.answer_command(case[0], case[2])))

    return sorted(_candidates(kb_engine), key=size, reverse=True)[:count]


async def _send_all(fake: FakeDiscord, tmp_path: Path, kb_engine: Engine, cases) -> list[dict]:
    bodies = []
    async with started_bot(fake, tmp_path, engine_=kb_engine):
        for command, options, _ in cases:
            record = await fake.inject_slash(command, options)
            bodies.append((await record.wait_response())["data"])
    return bodies


@pytest.mark.asyncio
async def test_largest_shipped_replies_fit(fake_discord: FakeDiscord, tmp_path: Path) -> None:
    cases = _largest(engine())
    bodies = await _send_all(fake_discord, tmp_path, engine(), cases)
    for (command, options, _), body in zip(cases, bodies, strict=True):
        assert check_message_body(body) == [], (command, options)
    assert fake_discord.violations == []


def _stuffed_knowledge(target: Path) -> Path:
    """A copy of the shipped knowledge with two roles filled to the schema's maximum lengths."""
    shutil.copytree(KNOWLEDGE, target)
    for role_id in ("pacs-analyst", "pacs-administrator"):
        path = target / "roles" / f"{role_id}.yaml"
        role = yaml.safe_load(path.read_text(encoding="utf-8"))
        role["name"] = (role["name"] + " " + "Extraordinarily Long Title " * 4)[:80]
        role["summary"] = ("A very long summary sentence about this role. " * 30)[:900]
        item = "A long requirement that goes on and on about what the job needs. " * 7
        for key in ("qualifications", "skills", "duties"):
            role[key] = [f"{n}. {item}"[:400] for n in range(30)]
        role.setdefault("career", {})["notes"] = [f"{n}. {item}"[:400] for n in range(30)]
        path.write_text(yaml.safe_dump(role, sort_keys=False), encoding="utf-8")
    return target


@pytest.mark.asyncio
async def test_largest_possible_replies_fit(fake_discord: FakeDiscord, tmp_path: Path) -> None:
    """kb check, start-up and reloads refuse this folder (its replies are too long); were one to
    get through, the renderer still keeps every body within Discord's limits. The engine is
    built from the loader alone, skipping those checks."""
    stuffed = Engine(load_or_raise(_stuffed_knowledge(tmp_path / "knowledge")))
    cases = _largest(stuffed, count=4)
    cases.append(("salary", {"role": "analyst"}, "analyst"))  # the most buttons: a clarification
    bodies = await _send_all(fake_discord, tmp_path, stuffed, cases)
    sizes = [_embed_chars(body) for body in bodies]
    assert max(sizes) > 2 * _embed_chars(render_message(engine().answer("pacs analyst"))), sizes
    for (command, options, _), body in zip(cases, bodies, strict=True):
        assert check_message_body(body) == [], (command, options)
        if command != "salary" or options != {"role": "analyst"}:
            assert body["embeds"][0]["footer"]["text"].startswith("Source"), "the source survives"
    assert fake_discord.violations == []
