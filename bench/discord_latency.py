"""How fast the Discord bot answers: INTERACTION_CREATE to the deferral, and to the follow-up.

Runs the real bot and desk (sample corpus) against the fake Discord the tests use, sends
`/ask` N times (default 20, one after another) and prints the median and p95 of both
latencies, with `Desk.ask` alone as the same-run baseline: the difference is what Discord
plumbing (gateway event, REST calls, rendering, the usage log) adds.

    .venv/bin/python bench/discord_latency.py [--runs 20] [--json]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import math
import statistics
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))  # the fake Discord lives with the tests

from bot.client import FactdeskBot  # noqa: E402
from bot.server_config import ServerConfigStore  # noqa: E402
from bot.settings import DiscordSettings  # noqa: E402
from knowledge import Desk, Settings, StoreSettings, open_database  # noqa: E402
from tests.bot.fake_discord import (  # noqa: E402
    APPLICATION_ID,
    GUILD_ID,
    FakeDiscord,
    discord_pointed_at,
)
from tests.conftest import SAMPLE_CORPUS  # noqa: E402

QUESTIONS = (
    "did the US buy Kazakh jets?",
    "did kazspetsexport sell planes to ukraine",
    "what did the pentagon say about the kazakh jets",
    "does kazakhstan have a ban on arms exports",
    "who won the chess olympiad in 2022?",
)
TOKEN = "bench-token"


def percentile(values: Sequence[float], pct: float) -> float:
    ordered = sorted(values)
    return ordered[max(1, math.ceil(pct / 100 * len(ordered))) - 1]


async def measure(runs: int) -> dict[str, object]:
    with tempfile.TemporaryDirectory(prefix="factdesk-bench-discord-") as scratch:
        data = Path(scratch)
        desk = Desk(Settings(store=StoreSettings(data_dir=data)))
        desk.ingest([str(SAMPLE_CORPUS)], scope=str(GUILD_ID))
        settings = DiscordSettings(
            command_sync="guild",
            sync_guild_id=GUILD_ID,
            ask_cooldown_s=0,
            guild_ready_timeout_s=0.1,
        )
        async with FakeDiscord(token=TOKEN) as fake:
            with discord_pointed_at(fake.api_base, fake.gateway_url):
                configs = ServerConfigStore(open_database(desk.settings.store, "discord.sqlite3"))
                bot = FactdeskBot(desk, settings, configs)
                await bot.login(TOKEN)
                connection = asyncio.create_task(bot.connect())
                await fake.wait_until_ready()
                await bot.wait_until_ready()
                await fake.wait_for_call(
                    "PUT", rf"/applications/{APPLICATION_ID}/guilds/{GUILD_ID}/commands"
                )
                for question in QUESTIONS:  # warm-up: models, indexes and caches loaded
                    desk.ask(question, scope=str(GUILD_ID))
                to_defer: list[float] = []
                to_answer: list[float] = []
                for run in range(runs):
                    question = QUESTIONS[run % len(QUESTIONS)]
                    interaction = fake.slash_command("ask", {"question": question})
                    sent = await fake.dispatch("INTERACTION_CREATE", interaction)
                    callback = await fake.wait_for_call(
                        "POST", r"/interactions/\d+/[^/]+/callback", after=sent
                    )
                    followup = await fake.wait_for_call(
                        "POST", rf"/webhooks/{APPLICATION_ID}/[^/]+", after=sent
                    )
                    to_defer.append((callback.at - sent) * 1000)
                    to_answer.append((followup.at - sent) * 1000)
                baseline: list[float] = []
                for question in QUESTIONS * math.ceil(runs / len(QUESTIONS)):
                    started = time.perf_counter()
                    desk.ask(question, scope=str(GUILD_ID))
                    baseline.append((time.perf_counter() - started) * 1000)
                await bot.close()
                await connection
    desk_ms = statistics.median(baseline)
    answer_ms = statistics.median(to_answer)
    return {
        "runs": runs,
        "to_deferral_ms": {"median": statistics.median(to_defer), "p95": percentile(to_defer, 95)},
        "to_followup_ms": {"median": answer_ms, "p95": percentile(to_answer, 95)},
        "desk_ask_ms_median": desk_ms,
        "followup_over_desk": answer_ms / desk_ms if desk_ms else None,
    }


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=20, help="questions to time (default 20)")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    args = parser.parse_args(argv)
    result = asyncio.run(measure(args.runs))
    if args.json:
        print(json.dumps(result))
        return 0
    defer, answer = result["to_deferral_ms"], result["to_followup_ms"]
    assert isinstance(defer, dict)
    assert isinstance(answer, dict)
    print(f"Discord bot latency on the sample corpus, {args.runs} /ask interactions")
    print(
        f"  INTERACTION_CREATE -> deferral   median {defer['median']:7.1f} ms   "
        f"p95 {defer['p95']:7.1f} ms   (Discord's deadline: 3000 ms)"
    )
    print(
        f"  INTERACTION_CREATE -> follow-up  median {answer['median']:7.1f} ms   "
        f"p95 {answer['p95']:7.1f} ms"
    )
    print(
        f"  Desk.ask alone (baseline)        median {result['desk_ask_ms_median']:7.1f} ms   "
        f"follow-up / desk = {result['followup_over_desk']:.2f}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
