"""The factdesk bot end to end: the real bot and desk against the fake Discord the tests serve.

Each test starts the bot on a copy of a data directory that holds the sample corpus under the
test server's id, drives it with gateway events, and asserts the REST calls it makes.
"""

from __future__ import annotations

import asyncio
import re
import shutil
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import discord
import pytest

from bot.client import FactdeskBot
from bot.constants import Text
from bot.server_config import ServerConfigStore
from bot.settings import DiscordSettings
from knowledge import Database, Desk, Settings, StoreSettings
from knowledge.embeddings import MiniLMEmbeddings
from tests.bot.fake_discord import (
    APPLICATION_ID,
    BOT_ID,
    GENERAL_ID,
    GUILD_ID,
    LOG_CHANNEL_ID,
    MEMBER_ID,
    MODERATOR_ID,
    OWNER_ID,
    FakeDiscord,
    discord_pointed_at,
)
from tests.conftest import SAMPLE_CORPUS

TOKEN = "fake-bot-token"
WAIT = 20.0
CALLBACK = r"/interactions/\d+/[^/]+/callback"
FOLLOWUP = rf"/webhooks/{APPLICATION_ID}/[^/]+"
KAZAKH = "did the US buy Kazakh jets?"
NO_PINGS = {"parse": []}


@pytest.fixture(scope="module")
def loaded_data(tmp_path_factory: pytest.TempPathFactory, embeddings: MiniLMEmbeddings) -> Path:
    """A data directory with the sample corpus loaded as the test server's corpus."""
    data = tmp_path_factory.mktemp("discord-data")
    with Desk(Settings(store=StoreSettings(data_dir=data)), embeddings=embeddings) as desk:
        assert desk.ingest([str(SAMPLE_CORPUS)], scope=str(GUILD_ID)).ok
    return data


@pytest.fixture
async def fake() -> AsyncIterator[FakeDiscord]:
    async with FakeDiscord(token=TOKEN) as server:
        yield server
    assert server.faults == []
    assert server.unhandled_calls == []  # the bot made no call Discord would not know


def _settings(**overrides: Any) -> DiscordSettings:
    values: dict[str, Any] = {
        "command_sync": "guild",
        "sync_guild_id": GUILD_ID,
        "ask_cooldown_s": 0.0,
        "guild_ready_timeout_s": 0.1,
    }
    values.update(overrides)
    return DiscordSettings(**values)


async def _start(
    fake: FakeDiscord, data: Path, embeddings: MiniLMEmbeddings, settings: DiscordSettings
) -> tuple[FactdeskBot, asyncio.Task[None]]:
    desk = Desk(Settings(store=StoreSettings(data_dir=data)), embeddings=embeddings)
    bot = FactdeskBot(desk, settings, ServerConfigStore(Database.sqlite(data / "discord.sqlite3")))
    await bot.login(TOKEN)
    connection = asyncio.create_task(bot.connect(), name="factdesk-bot")
    async with asyncio.timeout(WAIT):
        await fake.wait_until_ready()
        await bot.wait_until_ready()
        await fake.wait_for_call(
            "PUT", rf"/applications/{APPLICATION_ID}/guilds/{GUILD_ID}/commands"
        )
    return bot, connection


@pytest.fixture
def data(loaded_data: Path, tmp_path: Path) -> Path:
    copy = tmp_path / "data"
    shutil.copytree(loaded_data, copy)
    return copy


@pytest.fixture
def pointed(fake: FakeDiscord) -> Iterator[None]:
    with discord_pointed_at(fake.api_base, fake.gateway_url):
        yield


@pytest.fixture
async def bot(
    fake: FakeDiscord, data: Path, embeddings: MiniLMEmbeddings, pointed: None
) -> AsyncIterator[FactdeskBot]:
    started, connection = await _start(fake, data, embeddings, _settings())
    try:
        yield started
    finally:
        await started.close()
        await asyncio.wait_for(connection, WAIT)


async def _ask(
    fake: FakeDiscord, question: str, *, user_id: int = MEMBER_ID, channel_id: int = GENERAL_ID
) -> tuple[float, Any, Any]:
    """Send /ask; return when it was sent, the interaction callback and the follow-up."""
    sent = await fake.dispatch(
        "INTERACTION_CREATE",
        fake.slash_command("ask", {"question": question}, user_id=user_id, channel_id=channel_id),
    )
    callback = await fake.wait_for_call("POST", CALLBACK, after=sent, timeout=WAIT)
    followup = await fake.wait_for_call("POST", FOLLOWUP, after=sent, timeout=WAIT)
    return sent, callback, followup


def _answer_id(message: dict[str, Any], action: str = "quotes") -> int:
    for row in message["components"]:
        for button in row["components"]:
            match = re.fullmatch(rf"fd:{action}:(\d+)", button.get("custom_id", ""))
            if match:
                return int(match.group(1))
    raise AssertionError(f"no {action} button on {message['components']}")


async def test_login_syncs_the_commands(fake: FakeDiscord, bot: FactdeskBot) -> None:
    assert [c.path for c in fake.calls[:2]] == ["/users/@me", "/oauth2/applications/@me"]
    names = {c["name"] for c in fake.commands(GUILD_ID)}
    assert names == {"ask", "source", "factdesk", Text.CONTEXT_MENU}
    assert fake.unhandled_calls == []


async def test_ask_defers_in_time_then_answers_with_citations(
    fake: FakeDiscord, bot: FactdeskBot
) -> None:
    sent, callback, followup = await _ask(fake, KAZAKH)
    assert callback.json["type"] == 5
    assert callback.at - sent < 3.0  # Discord's deadline for the first response
    [embed] = followup.json["embeds"]
    assert "false" in embed["title"].lower()
    assert "[1]" in embed["description"]
    sources = embed["fields"][0]
    assert sources["name"] == "Sources"
    assert "Embassy of Kazakhstan" in sources["value"] or "Kazspetsexport" in sources["value"]
    assert "sources in this server's corpus" in embed["footer"]["text"]
    assert followup.json["allowed_mentions"] == NO_PINGS
    labels = [b["label"] for row in followup.json["components"] for b in row["components"]]
    assert labels == ["Quotes", "Helpful", "Not helpful", "Report", "Follow up in a thread"]


async def test_a_server_reading_a_shared_corpus_is_told_whose(
    fake: FakeDiscord, bot: FactdeskBot
) -> None:
    statement = SAMPLE_CORPUS / "kz-embassy-us-statement.md"
    assert bot.desk.ingest([str(statement)], scope="shared-news").ok
    bot.configs.update(GUILD_ID, by="test", corpus="shared-news")
    try:
        _, _, followup = await _ask(fake, KAZAKH)
    finally:
        bot.configs.update(GUILD_ID, by="test", corpus=None)
    [embed] = followup.json["embeds"]
    assert "1 source in the shared corpus 'shared-news'" in embed["footer"]["text"]


async def test_a_mention_is_answered_without_pinging(fake: FakeDiscord, bot: FactdeskBot) -> None:
    sent = await fake.dispatch(
        "MESSAGE_CREATE", fake.message(f"<@{BOT_ID}> {KAZAKH}", mentions=[BOT_ID])
    )
    reply = await fake.wait_for_call(
        "POST", rf"/channels/{GENERAL_ID}/messages", after=sent, timeout=WAIT
    )
    assert "false" in reply.json["embeds"][0]["title"].lower()
    assert reply.json["allowed_mentions"]["parse"] == []
    assert reply.json["allowed_mentions"].get("replied_user") is False
    assert int(reply.json["message_reference"]["channel_id"]) == GENERAL_ID


async def test_a_reply_with_a_mention_checks_the_replied_to_message(
    fake: FakeDiscord, bot: FactdeskBot
) -> None:
    rumour = fake.message(
        "BREAKING: the US bought 81 Soviet jets from Kazakhstan!!", author_id=OWNER_ID
    )
    await fake.dispatch("MESSAGE_CREATE", rumour)
    sent = await fake.dispatch(
        "MESSAGE_CREATE",
        fake.message(f"<@{BOT_ID}>", mentions=[BOT_ID], reference=rumour, ping_reply=False),
    )
    reply = await fake.wait_for_call(
        "POST", rf"/channels/{GENERAL_ID}/messages", after=sent, timeout=WAIT
    )
    embed = reply.json["embeds"][0]
    assert "false" in embed["title"].lower()
    assert "81" in embed["description"] or "jets" in embed["description"].lower()


async def test_a_non_moderator_is_refused_source_add(fake: FakeDiscord, bot: FactdeskBot) -> None:
    sent = await fake.dispatch(
        "INTERACTION_CREATE",
        fake.slash_command(
            "source", {"url": "https://example.com/x"}, subcommand="add", user_id=MEMBER_ID
        ),
    )
    callback = await fake.wait_for_call("POST", CALLBACK, after=sent, timeout=WAIT)
    assert callback.json["type"] == 4
    assert callback.json["data"]["flags"] == 64  # only the member sees it
    assert callback.json["data"]["content"] == Text.NOT_MODERATOR


async def test_a_moderator_upload_is_cited_by_the_next_answer(
    fake: FakeDiscord, bot: FactdeskBot
) -> None:
    document = (
        '---\nid: harbour-ferry-notice\ntitle: "Ferry to Holm Island suspended"\n'
        'publisher: "Lindenport Harbour Authority"\npublished: 2024-06-01\nkind: statement\n---\n'
        "The Lindenport Harbour Authority has suspended the ferry to Holm Island until 15 June "
        "2024 after cracks were found in the pier. Replacement boats will not run.\n"
    )
    upload = fake.attachment("ferry.md", document.encode(), "text/markdown")
    sent = await fake.dispatch(
        "INTERACTION_CREATE",
        fake.slash_command(
            "source", {"file": upload["id"]}, subcommand="add", user_id=MODERATOR_ID
        ),
    )
    deferred = await fake.wait_for_call("POST", CALLBACK, after=sent, timeout=WAIT)
    assert deferred.json == {"type": 5, "data": {"flags": 64}}
    summary = await fake.wait_for_call(
        "PATCH", rf"/webhooks/{APPLICATION_ID}/[^/]+/messages/@original", after=sent, timeout=WAIT
    )
    assert "Added (1): `harbour-ferry-notice`" in summary.json["content"]

    _, _, followup = await _ask(fake, "is the holm island ferry suspended?")
    embed = followup.json["embeds"][0]
    assert "Ferry to Holm Island suspended" in embed["fields"][0]["value"]
    journal = bot.desk.journal(str(GUILD_ID), limit=1)[0]
    assert (journal.action, journal.doc_id) == ("add", "harbour-ferry-notice")
    assert journal.actor.startswith(f"discord:{MODERATOR_ID}")


async def test_feedback_is_stored_and_changeable(fake: FakeDiscord, bot: FactdeskBot) -> None:
    _, _, _followup = await _ask(fake, KAZAKH)
    [message] = [m for m in fake.sent_messages(GENERAL_ID) if m.get("embeds")]
    answer_id = _answer_id(message, "up")
    for button, expected in ((f"fd:up:{answer_id}", (1, 0)), (f"fd:down:{answer_id}", (0, 1))):
        sent = await fake.dispatch(
            "INTERACTION_CREATE", fake.component(button, message, user_id=MODERATOR_ID)
        )
        reply = await fake.wait_for_call("POST", CALLBACK, after=sent, timeout=WAIT)
        assert reply.json["data"]["flags"] == 64
        assert bot.desk.usage.votes(answer_id) == expected


async def test_quotes_report_and_thread_buttons(fake: FakeDiscord, bot: FactdeskBot) -> None:
    bot.configs.update(GUILD_ID, by="test", log_channel_id=LOG_CHANNEL_ID)
    await _ask(fake, KAZAKH)
    [message] = [m for m in fake.sent_messages(GENERAL_ID) if m.get("embeds")]
    answer_id = _answer_id(message)

    sent = await fake.dispatch(
        "INTERACTION_CREATE", fake.component(f"fd:quotes:{answer_id}", message)
    )
    quotes = await fake.wait_for_call("POST", CALLBACK, after=sent, timeout=WAIT)
    assert quotes.json["data"]["flags"] == 64
    assert quotes.json["data"]["embeds"][0]["title"] == "Quoted passages"

    sent = await fake.dispatch(
        "INTERACTION_CREATE", fake.component(f"fd:report:{answer_id}", message)
    )
    logged = await fake.wait_for_call(
        "POST", rf"/channels/{LOG_CHANNEL_ID}/messages", after=sent, timeout=WAIT
    )
    assert logged.json["embeds"][0]["title"] == "An answer was reported"
    assert logged.json["allowed_mentions"] == NO_PINGS
    # The report's own reply comes after the log post; a later wait for a reply must not take it.
    await fake.wait_for_call("POST", CALLBACK, after=sent, timeout=WAIT)

    sent = await fake.dispatch(
        "INTERACTION_CREATE", fake.component(f"fd:thread:{answer_id}", message)
    )
    created = await fake.wait_for_call(
        "POST",
        rf"/channels/{GENERAL_ID}/messages/{message['id']}/threads",
        after=sent,
        timeout=WAIT,
    )
    thread_id = int(created.response["id"])
    await fake.wait_for_call("POST", CALLBACK, after=sent, timeout=WAIT)

    _, _, followup = await _ask(fake, "and what did the embassy say?", channel_id=thread_id)
    recorded = bot.desk.usage.get(_answer_id(followup.response))
    assert recorded is not None
    assert "kazakh" in recorded.claim.lower()  # read together with the thread's claim


async def test_the_message_menu_answers_privately_with_a_share_button(
    fake: FakeDiscord, bot: FactdeskBot
) -> None:
    rumour = fake.message("the US bought 81 Kazakh jets", author_id=OWNER_ID)
    await fake.dispatch("MESSAGE_CREATE", rumour)
    sent = await fake.dispatch(
        "INTERACTION_CREATE", fake.message_command(Text.CONTEXT_MENU, rumour)
    )
    callback = await fake.wait_for_call("POST", CALLBACK, after=sent, timeout=WAIT)
    assert callback.json == {"type": 5, "data": {"flags": 64}}
    followup = await fake.wait_for_call("POST", FOLLOWUP, after=sent, timeout=WAIT)
    labels = [b["label"] for row in followup.json["components"] for b in row["components"]]
    assert "Share in channel" in labels


async def test_cooldown_is_enforced_with_a_friendly_message(
    fake: FakeDiscord, data: Path, embeddings: MiniLMEmbeddings, pointed: None
) -> None:
    bot, connection = await _start(fake, data, embeddings, _settings(ask_cooldown_s=60))
    try:
        await _ask(fake, KAZAKH)
        sent = await fake.dispatch(
            "INTERACTION_CREATE", fake.slash_command("ask", {"question": KAZAKH})
        )
        refused = await fake.wait_for_call("POST", CALLBACK, after=sent, timeout=WAIT)
        assert refused.json["type"] == 4
        assert refused.json["data"]["flags"] == 64
        assert re.match(r"You can ask again in \d+ s", refused.json["data"]["content"])
    finally:
        await bot.close()
        await asyncio.wait_for(connection, WAIT)


async def test_an_over_long_question_gets_a_clear_message(
    fake: FakeDiscord, bot: FactdeskBot
) -> None:
    sent = await fake.dispatch(
        "INTERACTION_CREATE", fake.slash_command("ask", {"question": "x " * 400})
    )
    refused = await fake.wait_for_call("POST", CALLBACK, after=sent, timeout=WAIT)
    assert refused.json["type"] == 4
    assert "the limit is 500" in refused.json["data"]["content"]


async def test_a_failure_apologises_with_an_error_id_and_the_bot_stays_up(
    fake: FakeDiscord,
    bot: FactdeskBot,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    def broken(*_: object, **__: object) -> None:
        raise RuntimeError("the index is on fire")

    monkeypatch.setattr(bot.desk, "ask", broken)
    sent = await fake.dispatch(
        "INTERACTION_CREATE", fake.slash_command("ask", {"question": KAZAKH})
    )
    apology = await fake.wait_for_call("POST", FOLLOWUP, after=sent, timeout=WAIT)
    assert apology.json["flags"] == 64
    match = re.search(r"error ([0-9a-f]{8})", apology.json["content"])
    assert match is not None
    assert any(match.group(1) in r.getMessage() for r in caplog.records)
    monkeypatch.undo()
    _, _, followup = await _ask(fake, KAZAKH)  # still answering
    assert followup.json["embeds"]


async def test_config_sets_a_moderator_role(fake: FakeDiscord, bot: FactdeskBot) -> None:
    from tests.bot.fake_discord import MOD_ROLE_ID

    sent = await fake.dispatch(
        "INTERACTION_CREATE",
        fake.slash_command(
            "factdesk",
            {"log_channel": LOG_CHANNEL_ID, "moderator_role": MOD_ROLE_ID},
            subcommand="config",
            user_id=OWNER_ID,
        ),
    )
    saved = await fake.wait_for_call("POST", CALLBACK, after=sent, timeout=WAIT)
    assert saved.json["data"]["content"].startswith("Saved.")
    config = bot.server_config(GUILD_ID)
    assert (config.moderator_role_id, config.log_channel_id) == (MOD_ROLE_ID, LOG_CHANNEL_ID)

    sent = await fake.dispatch(
        "INTERACTION_CREATE",
        fake.slash_command(
            "factdesk", {"log_channel": GENERAL_ID}, subcommand="config", user_id=MEMBER_ID
        ),
    )
    refused = await fake.wait_for_call("POST", CALLBACK, after=sent, timeout=WAIT)
    assert refused.json["data"]["content"] == Text.NOT_ADMIN


async def test_stats_show_the_questions_sources_could_not_answer(
    fake: FakeDiscord, bot: FactdeskBot
) -> None:
    await _ask(fake, "who won the chess olympiad in 2022?")
    sent = await fake.dispatch(
        "INTERACTION_CREATE",
        fake.slash_command("factdesk", subcommand="stats", user_id=MODERATOR_ID),
    )
    stats = await fake.wait_for_call("POST", CALLBACK, after=sent, timeout=WAIT)
    fields = {f["name"]: f["value"] for f in stats.json["data"]["embeds"][0]["fields"]}
    assert fields["Questions"] == "1"
    assert "chess olympiad" in fields["Asked but not covered by your sources"]


def test_discord_objects_are_not_needed_by_the_engine() -> None:
    import knowledge

    assert "discord" not in {m.split(".")[0] for m in dir(knowledge)}
    assert discord.__version__.startswith("2.")


async def test_moderators_list_page_inspect_and_remove_sources(
    fake: FakeDiscord, bot: FactdeskBot
) -> None:
    bot.configs.update(GUILD_ID, by="test", log_channel_id=LOG_CHANNEL_ID)
    sent = await fake.dispatch(
        "INTERACTION_CREATE", fake.slash_command("source", subcommand="list", user_id=MODERATOR_ID)
    )
    listing = await fake.wait_for_call("POST", CALLBACK, after=sent, timeout=WAIT)
    page = listing.json["data"]["embeds"][0]
    assert page["title"] == "Sources (15)"
    assert page["footer"]["text"] == "Page 1 of 2"
    message = fake.get_message(int(listing.response["interaction"]["response_message_id"]))
    assert message is not None
    next_button = message["components"][0]["components"][1]["custom_id"]
    sent = await fake.dispatch(
        "INTERACTION_CREATE", fake.component(next_button, message, user_id=MODERATOR_ID)
    )
    turned = await fake.wait_for_call("POST", CALLBACK, after=sent, timeout=WAIT)
    assert turned.json["type"] == 7  # the list message is edited in place
    assert turned.json["data"]["embeds"][0]["footer"]["text"] == "Page 2 of 2"

    sent = await fake.dispatch(
        "INTERACTION_CREATE",
        fake.slash_command(
            "source",
            {"source_id": "kz-embassy-us-statement"},
            subcommand="info",
            user_id=MODERATOR_ID,
        ),
    )
    info = await fake.wait_for_call("POST", CALLBACK, after=sent, timeout=WAIT)
    fields = {f["name"]: f["value"] for f in info.json["data"]["embeds"][0]["fields"]}
    assert fields["kind"] == "statement"

    sent = await fake.dispatch(
        "INTERACTION_CREATE",
        fake.slash_command(
            "source",
            {"source_id": "kz-embassy-us-statement"},
            subcommand="remove",
            user_id=MODERATOR_ID,
        ),
    )
    removed = await fake.wait_for_call("POST", CALLBACK, after=sent, timeout=WAIT)
    assert removed.json["data"]["content"].startswith("Removed `kz-embassy-us-statement`")
    logged = await fake.wait_for_call(
        "POST", rf"/channels/{LOG_CHANNEL_ID}/messages", after=sent, timeout=WAIT
    )
    assert logged.json["embeds"][0]["title"] == "Source removed"
    assert "kz-embassy-us-statement" not in {s.meta.doc_id for s in bot.desk.sources(str(GUILD_ID))}

    sent = await fake.dispatch(
        "INTERACTION_CREATE",
        fake.slash_command(
            "source", {"source_id": "no-such-id"}, subcommand="remove", user_id=MODERATOR_ID
        ),
    )
    missing = await fake.wait_for_call("POST", CALLBACK, after=sent, timeout=WAIT)
    assert "no source with id 'no-such-id'" in missing.json["data"]["content"]


async def test_pasted_text_becomes_a_source(fake: FakeDiscord, bot: FactdeskBot) -> None:
    options = {
        "text": "Marrowfield museum will stay closed on Mondays from July while staff are trained.",
        "title": "Museum opening hours",
        "publisher": "Marrowfield Council",
        "published": "2024-06-20",
        "kind": "statement",
    }
    sent = await fake.dispatch(
        "INTERACTION_CREATE",
        fake.slash_command("source", options, subcommand="add", user_id=MODERATOR_ID),
    )
    summary = await fake.wait_for_call(
        "PATCH", rf"/webhooks/{APPLICATION_ID}/[^/]+/messages/@original", after=sent, timeout=WAIT
    )
    assert summary.json["content"].startswith("Added (1)")
    added = [s for s in bot.desk.sources(str(GUILD_ID)) if s.meta.title == "Museum opening hours"]
    assert [s.meta.publisher for s in added] == ["Marrowfield Council"]

    sent = await fake.dispatch(
        "INTERACTION_CREATE",
        fake.slash_command(
            "source", {"text": "No title given."}, subcommand="add", user_id=MODERATOR_ID
        ),
    )
    refused = await fake.wait_for_call(
        "PATCH", rf"/webhooks/{APPLICATION_ID}/[^/]+/messages/@original", after=sent, timeout=WAIT
    )
    assert "Failed: pasted text:" in refused.json["content"]
