"""What the stance model's pair limit saves in a warm `ask`, and what it changes.

The hybrid stance stage asks the trained model about every passage the rules find no cue in;
on a large corpus more passages clear the relevance floor, and the model's pairs are most of a
warm answer's time. `StancePolicy.max_model_pairs` lets it read only the most relevant ones.

This benchmark generates the synthetic corpus of bench/engine.py (--passages, default 20,000),
loads it once into a temporary data directory, and asks its questions on one warm desk,
after one untimed pass over them (so caches serve both settings alike), alternating per repeat
between the shipped limit and no limit, each first in every other repeat:

- warm `ask` p50/p95 per setting and their ratio (limited / unlimited),
- the median of the stance stage (Answer.timings_ms["stance"]) per setting,
- how many pairs the model read per question (median, max) without the limit,
- how many verdicts differ between the two settings (first repeat),
- the process's peak memory (max RSS), the ingest included.

Run from the repository root:

    .venv/bin/python bench/stance_pairs.py                     # 20,000 passages, 4 repeats
    .venv/bin/python bench/stance_pairs.py --passages 100000   # the issue's size (~15 min)
    .venv/bin/python bench/stance_pairs.py --quick             # 2,000 passages, 1 repeat

Progress goes to stderr, the report to stdout (--json for a JSON object).
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.machine import forget_passage_readings, load_embeddings, machine_busy_s, nearest_rank
from bench.synthetic_corpus import generate_corpus
from knowledge import Desk, Settings, StoreSettings
from knowledge.policy import STANCE
from knowledge.stance.hybrid import HybridStance

_START = time.perf_counter()


def log(message: str) -> None:
    print(f"[{time.perf_counter() - _START:7.1f}s] {message}", file=sys.stderr, flush=True)


class _CountingModel:
    """The hybrid's model, counting the pairs it is asked about per question."""

    def __init__(self, model: Any) -> None:
        self.model = model
        self.name = model.name
        self.counts: list[int] = []

    def warm_up(self) -> None:
        self.model.warm_up()

    def predict(self, claim: str, evidence: Sequence[Any]) -> list[Any]:
        self.counts.append(len(evidence))
        return self.model.predict(claim, evidence)


def run(passages: int, repeats: int, seed: int) -> dict[str, Any]:
    settings = Settings()
    embeddings, load_s = load_embeddings(settings)
    log(f"embedding model loaded in {load_s:.1f} s")
    with tempfile.TemporaryDirectory(prefix="factdesk-bench-pairs-") as tmp:
        corpus = generate_corpus(Path(tmp) / "corpus", passages, seed, log)
        store = StoreSettings(data_dir=Path(tmp) / "data")
        with Desk(Settings(store=store), embeddings=embeddings) as desk:
            log(f"ingesting {corpus.documents} documents (~{corpus.expected_passages} passages)")
            report = desk.ingest([str(corpus.directory)])
            if not report.ok:
                raise SystemExit(f"ingest failed: {report.failed[:3]}")
            stance = desk.stance
            if not isinstance(stance, HybridStance):
                raise SystemExit("FACTDESK_STANCE must be hybrid (the default) for this benchmark")
            counter = _CountingModel(stance.model)
            stance.model = counter
            limited = stance.max_model_pairs
            desk.ask(corpus.warmup)
            busy_before, own_before = machine_busy_s(), time.process_time()
            settings_by_name = {"limited": limited, "unlimited": None}
            latencies: dict[str, list[float]] = {name: [] for name in settings_by_name}
            stance_ms: dict[str, list[float]] = {name: [] for name in settings_by_name}
            verdicts: dict[str, list[str]] = {name: [] for name in settings_by_name}
            pairs_unlimited: list[int] = []
            # One untimed pass first: the parse and word caches then serve both settings alike.
            for question, _ in corpus.questions:
                desk.ask(question)
            for repeat in range(repeats):
                # Each setting goes first in every other repeat.
                order = list(settings_by_name.items())
                for name, cap in order if repeat % 2 == 0 else order[::-1]:
                    count = len(corpus.questions)
                    log(f"repeat {repeat + 1}/{repeats}: {name} ({count} questions)")
                    stance.max_model_pairs = cap
                    for question, _ in corpus.questions:
                        counter.counts.clear()
                        forget_passage_readings()
                        started = time.perf_counter()
                        answer = desk.ask(question)
                        latencies[name].append((time.perf_counter() - started) * 1000)
                        stance_ms[name].append(answer.timings_ms.get("stance", 0.0))
                        if repeat == 0:
                            verdicts[name].append(answer.verdict.value)
                            if cap is None:
                                pairs_unlimited.append(sum(counter.counts))
            stance.max_model_pairs = limited
            busy_after, own_after = machine_busy_s(), time.process_time()
        others = None
        if busy_before is not None and busy_after is not None:
            others = max(0.0, (busy_after - busy_before) - (own_after - own_before))
        result: dict[str, Any] = {
            "passages": report.passages_indexed,
            "documents": corpus.documents,
            "questions": len(corpus.questions),
            "repeats": repeats,
            "max_model_pairs": limited,
            "other_processes_cpu_s": round(others, 1) if others is not None else None,
        }
        for name in settings_by_name:
            values = latencies[name]
            result[name] = {
                "p50_ms": round(statistics.median(values), 1),
                "p95_ms": round(nearest_rank(values, 95), 1),
                "stance_median_ms": round(statistics.median(stance_ms[name]), 1),
            }
        result["ratio_p50"] = round(result["limited"]["p50_ms"] / result["unlimited"]["p50_ms"], 2)
        result["ratio_p95"] = round(result["limited"]["p95_ms"] / result["unlimited"]["p95_ms"], 2)
        result["model_pairs_unlimited"] = {
            "median": statistics.median(pairs_unlimited),
            "max": max(pairs_unlimited),
        }
        # ru_maxrss is in KiB on Linux: the process's peak, the ingest included.
        result["peak_rss_mib"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
        result["verdicts_changed"] = sum(
            a != b for a, b in zip(verdicts["limited"], verdicts["unlimited"], strict=True)
        )
        return result


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--passages", type=int, default=20_000, help="corpus size (passages)")
    parser.add_argument("--repeats", type=int, default=4, help="times each setting is asked")
    parser.add_argument("--seed", type=int, default=7, help="corpus generator seed")
    parser.add_argument("--quick", action="store_true", help="2,000 passages, 1 repeat")
    parser.add_argument("--json", action="store_true", help="print a JSON object")
    args = parser.parse_args(argv)
    passages, repeats = (2_000, 1) if args.quick else (args.passages, args.repeats)
    result = run(passages, repeats, args.seed)
    if args.json:
        print(json.dumps(result, indent=2))
        return 0
    print(
        f"stance pair limit at {result['passages']} passages ({result['questions']} questions x "
        f"{repeats}); limit {result['max_model_pairs']} (STANCE.max_model_pairs)"
    )
    print(f"{'setting':10s} {'p50 ms':>8s} {'p95 ms':>8s} {'stance p50 ms':>14s}")
    for name in ("limited", "unlimited"):
        row = result[name]
        stance_ms = row["stance_median_ms"]
        print(f"{name:10s} {row['p50_ms']:8.1f} {row['p95_ms']:8.1f} {stance_ms:14.1f}")
    print(f"ratio limited/unlimited: p50 {result['ratio_p50']}, p95 {result['ratio_p95']}")
    pairs = result["model_pairs_unlimited"]
    print(f"model pairs a question without the limit: median {pairs['median']}, max {pairs['max']}")
    print(f"verdicts that differ (first repeat): {result['verdicts_changed']}")
    print(f"peak memory of this process (ingest included): {result['peak_rss_mib']} MiB")
    others = result["other_processes_cpu_s"]
    if others is not None:
        print(f"other processes used {others:.0f} CPU-s while the questions ran (0 = quiet)")
    print(f"(STANCE default: {STANCE.max_model_pairs})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
