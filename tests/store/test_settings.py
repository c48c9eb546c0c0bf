"""Per-server settings: stored, independent per server, and kept across restarts."""

from __future__ import annotations

from bot.store import GuildSettings, Store
from tests.store.conftest import NOW


async def test_a_server_without_settings_gets_the_defaults(store: Store) -> None:
    assert await store.get_settings(1) == GuildSettings()


async def test_settings_survive_a_restart(store: Store, target: str) -> None:
    assert await store.set_passive_channel(1, 10, True)
    assert await store.set_passive_channel(1, 11, True)
    assert await store.set_passive_channel(1, 10, False)
    assert await store.set_moderator_role(1, 20)
    assert await store.set_mod_log_channel(1, 30)
    assert await store.set_passive_channel(2, 99, True)
    await store.close()

    async with Store(target) as reopened:
        first = await reopened.get_settings(1)
        second = await reopened.get_settings(2)

    assert first == GuildSettings(frozenset({11}), 20, 30, NOW)
    assert second == GuildSettings(frozenset({99}), None, None, NOW)


async def test_settings_can_be_cleared(store: Store) -> None:
    assert await store.set_moderator_role(1, 20)
    assert await store.set_mod_log_channel(1, 30)
    assert await store.set_moderator_role(1, None)
    assert await store.set_mod_log_channel(1, None)
    assert await store.set_passive_channel(1, 5, False)  # turning off what was never on
    assert await store.get_settings(1) == GuildSettings(updated_at=NOW)


async def test_the_cache_follows_reads_and_writes(store: Store) -> None:
    assert store.cached_settings(1) == GuildSettings()
    await store.set_passive_channel(1, 10, True)
    assert store.cached_settings(1).passive_channels == {10}


async def test_an_in_memory_store_works_for_tests() -> None:
    async with Store(":memory:") as store:
        assert await store.set_passive_channel(1, 10, True)
        assert (await store.get_settings(1)).passive_channels == {10}
