"""The Discord bot's settings, read from the environment and `.env` (see `.env.example`)."""

from __future__ import annotations

from typing import Literal

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

__all__ = ["DiscordSettings"]


class DiscordSettings(BaseSettings):
    """How the bot connects to Discord and how much it lets members ask."""

    model_config = SettingsConfigDict(
        env_file=".env", extra="ignore", populate_by_name=True, env_ignore_empty=True
    )

    token: SecretStr | None = Field(default=None, validation_alias="DISCORD_TOKEN")
    # REST and gateway proxies (large bots use them; the tests point them at a fake Discord).
    api_base_url: str | None = Field(default=None, validation_alias="DISCORD_API_BASE_URL")
    gateway_url: str | None = Field(default=None, validation_alias="DISCORD_GATEWAY_URL")
    # When to push slash commands to Discord: on every start is slow and rate-limited, so
    # "guild" (instant, one server: set FACTDESK_SYNC_GUILD_ID), "global" (up to an hour to
    # appear everywhere) or "off" (after the first sync, or with `factdesk bot --sync`).
    command_sync: Literal["off", "guild", "global"] = Field(
        default="global", validation_alias="FACTDESK_COMMAND_SYNC"
    )
    sync_guild_id: int | None = Field(default=None, validation_alias="FACTDESK_SYNC_GUILD_ID")
    ask_cooldown_s: float = Field(default=15.0, ge=0, validation_alias="FACTDESK_ASK_COOLDOWN_S")
    max_concurrent_answers: int = Field(
        default=3, ge=1, validation_alias="FACTDESK_MAX_CONCURRENT_ANSWERS"
    )
    guild_ready_timeout_s: float = Field(
        default=2.0, ge=0, validation_alias="FACTDESK_GUILD_READY_TIMEOUT_S"
    )
