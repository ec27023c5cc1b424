"""What the benchmarks share about the machine and the model they measure: how busy all CPUs
were, factdesk's embedding model loaded as the settings choose it, and the percentile they
report."""

from __future__ import annotations

import math
import os
import time
from collections.abc import Sequence
from pathlib import Path

from knowledge import Settings
from knowledge.embeddings import MiniLMEmbeddings
from knowledge.stance.cues import cues_in, has_cue
from knowledge.stance.reading import framed_clauses
from knowledge.text.quantities import quantities
from knowledge.text.sentences import sentences

__all__ = ["forget_passage_readings", "load_embeddings", "machine_busy_s", "nearest_rank"]


def machine_busy_s() -> float | None:
    """CPU seconds all processes on the machine have been busy (Linux /proc/stat), or None."""
    try:
        fields = Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]
    except OSError:
        return None
    user, nice, system, _idle, _iowait, irq, softirq, steal = (int(v) for v in fields[:8])
    return (user + nice + system + irq + softirq + steal) / os.sysconf("SC_CLK_TCK")


def load_embeddings(settings: Settings) -> tuple[MiniLMEmbeddings, float]:
    """The embedding model as the settings choose it, loaded; and the seconds that took."""
    emb = settings.embedding
    started = time.perf_counter()
    embeddings = MiniLMEmbeddings(
        backend=emb.embeddings_backend,
        precision=emb.embeddings_precision,
        cache_dir=emb.model_cache_dir,
        batch_size=emb.embed_batch_size,
    )
    embeddings.warm_up()
    return embeddings, time.perf_counter() - started


def nearest_rank(values: Sequence[float], pct: float) -> float:
    """The pct-th percentile by nearest rank (the smallest value with pct% at or below it)."""
    ordered = sorted(values)
    rank = max(1, math.ceil(pct / 100 * len(ordered)))
    return ordered[rank - 1]


def forget_passage_readings() -> None:
    """Empty the caches of what a question reads in passages (their sentences, clauses, cues
    and amounts). They spare one question reading a passage twice; a benchmark that asks the same
    questions again empties them before each, so a repeat is not answered from its own first
    reading. (The term and claim-parse caches stay warm, as a running bot's are.)"""
    for cached in (sentences, cues_in, has_cue, quantities, framed_clauses):
        cached.cache_clear()
