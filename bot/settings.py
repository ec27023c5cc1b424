"""The Discord bot's settings, read from the environment and `.env` (see `.env.example`)."""

from __future__ import annotations

from typing import Annotated, Any, Literal, Self

from pydantic import Field, SecretStr, ValidationError, field_validator, model_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

from knowledge import InputError
from knowledge.settings import setting_problems

__all__ = ["DiscordSettings", "read_discord_settings"]


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
    # discord.py's sharding: Discord sends a server's events to shard (server id >> 22) % count
    # only, so processes that each run some of the shards split the servers between them.
    # None and None: one connection for every server, as a bot under ~2,500 servers runs.
    shard_ids: Annotated[tuple[int, ...] | None, NoDecode] = Field(
        default=None, validation_alias="FACTDESK_SHARD_IDS"
    )
    shard_count: int | None = Field(default=None, validation_alias="FACTDESK_SHARD_COUNT")

    @property
    def sharded(self) -> bool:
        """Whether the bot runs as shards of a sharded bot (FACTDESK_SHARD_COUNT is set)."""
        return self.shard_count is not None

    @field_validator("shard_ids", mode="before")
    @classmethod
    def _split_shard_ids(cls, value: Any) -> Any:
        """`0,1,2` from the environment; a sequence of ints from code."""
        if not isinstance(value, str):
            return value
        try:
            return tuple(int(part) for part in value.split(","))
        except ValueError:
            raise ValueError(
                f"must be shard numbers separated by commas, like 0 or 0,1,2; got {value!r}"
            ) from None

    @model_validator(mode="after")
    def _check_shards(self) -> Self:
        count, ids = self.shard_count, self.shard_ids
        if count is None:
            if ids is not None:
                raise ValueError(
                    "FACTDESK_SHARD_IDS needs FACTDESK_SHARD_COUNT, the number of shards of "
                    "the whole bot across all its processes"
                )
            return self
        if count < 1:
            raise ValueError(f"FACTDESK_SHARD_COUNT must be 1 or more, not {count}")
        if ids is None:
            return self  # this process runs every shard, 0 to count - 1
        if not ids:
            raise ValueError("FACTDESK_SHARD_IDS names no shard")
        outside = sorted({i for i in ids if not 0 <= i < count})
        if outside:
            listed = ", ".join(map(str, outside))
            raise ValueError(
                f"FACTDESK_SHARD_IDS has {listed}, but with FACTDESK_SHARD_COUNT={count} the "
                f"shards are numbered 0 to {count - 1}"
            )
        twice = sorted({i for i in ids if ids.count(i) > 1})
        if twice:
            raise ValueError(f"FACTDESK_SHARD_IDS names shard {twice[0]} more than once")
        return self


def read_discord_settings(**values: Any) -> DiscordSettings:
    """The settings from the environment and `.env` (and `values`); a bad one is an InputError
    that names the variable, so `factdesk bot` says what to fix in one line."""
    try:
        return DiscordSettings(**values)
    except ValidationError as exc:
        raise InputError("bad bot setting: " + setting_problems(DiscordSettings, exc)) from exc
