"""Every setting is documented in `.env.example`, and only real settings are."""

from __future__ import annotations

import re

from pydantic_settings import BaseSettings

from bot.settings import DiscordSettings
from knowledge import AnswerSettings, EmbeddingSettings, IngestSettings, StoreSettings
from tests.conftest import REPO


def _keys(settings: type[BaseSettings]) -> set[str]:
    prefix = settings.model_config.get("env_prefix", "")
    return {
        str(field.validation_alias or f"{prefix}{name}").upper()
        for name, field in settings.model_fields.items()
    }


def test_every_setting_is_in_the_env_example() -> None:
    documented = set(
        re.findall(r"^#? ?([A-Z][A-Z0-9_]+)=", (REPO / ".env.example").read_text(), re.M)
    )
    known = set().union(
        *(
            _keys(s)
            for s in (
                StoreSettings,
                EmbeddingSettings,
                IngestSettings,
                AnswerSettings,
                DiscordSettings,
            )
        )
    )
    assert known - documented == set()
    assert documented - known == set()
