"""Point discord.py at a FakeDiscord for the duration of a block.

Why: discord.py reads its endpoints from two class attributes,
`discord.http.Route.BASE` (REST) and `DiscordWebSocket.DEFAULT_GATEWAY` (a
yarl.URL); both are process-wide, so a test must put them back afterwards or
later tests would talk to a server that is gone.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import yarl
from discord.gateway import DiscordWebSocket
from discord.http import Route


@contextmanager
def discord_pointed_at(api_base: str, gateway_url: str) -> Iterator[None]:
    """Within the block discord.py uses these URLs (`fake.api_base`, `fake.gateway_url`)."""
    saved_base, saved_gateway = Route.BASE, DiscordWebSocket.DEFAULT_GATEWAY
    Route.BASE = api_base
    DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(gateway_url)
    try:
        yield
    finally:
        Route.BASE = saved_base
        DiscordWebSocket.DEFAULT_GATEWAY = saved_gateway
