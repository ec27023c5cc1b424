"""Retrieval benchmark on Climate-FEVER: dense, BM25 and factdesk's hybrid, recall@5 and nDCG@10.

Climate-FEVER is evaluation only (../shared/data/MANIFEST.md): nothing in factdesk may be tuned
on it. Fusion choices are made on FEVER-RTE instead (`--tune-on fever-rte`, below).

The index (built in a temporary data directory, removed at the end) is what a user would get:
a JSONL file of one document per text is loaded with `Desk.ingest`, so the same loader, passage
splitter, embedding model, Chroma collection and bm25s index answer the questions. It holds
  - every unique Climate-FEVER evidence sentence (by evidence_id), one document each, and
  - every unique FEVER-RTE premise (dev.raw.input0) as a distractor, one document each, with
    FEVER's PTB tokenisation undone ("-LRB-" -> "(", " ," -> ",") so that distractors read like
    the evidence does. A premise with a sentence equal to an evidence sentence (ignoring case
    and punctuation) is left out, as an unjudged duplicate of a relevant text; the report
    counts them.
Every document gets the same title, publisher, kind and date. BM25 indexes a passage with its
title, and the distractors have no Wikipedia title: giving only the evidence sentences theirs
("Global warming") would let BM25 tell evidence from distractor by the title alone.

Queries are the claims, read as `Desk.explain` reads a question (`parse_question`; the dense
query is `normalise_query` of it). The relevant documents of a claim are its evidence sentences
labelled SUPPORTS or REFUTES; claims with none are skipped and counted. The three methods share
each claim's two candidate lists (60 passages each, the retriever's own depth):
  - dense: `DenseIndex.search` with the claim's vector,
  - BM25: `ScopeBM25.search` with the claim's `query_words`,
  - hybrid: `HybridRetriever.search` (the Desk's retriever: reciprocal rank fusion of the same
    two lists and the per-document cap), asked for every fused candidate rather than the first
    `retrieve_k`: the cut only drops from the end, so the first 10 documents are the Desk's.
Metrics are over documents, not passages: each ranking keeps a document at the rank of its first
passage. The default splitter cuts a few long, multi-sentence "sentences" into two passages, and
the retriever caps passages per document; ranking documents keeps either from counting twice or
hiding a hit (`--passage-chars 2000` keeps every evidence sentence whole, as a check).
recall@5 = share of a claim's relevant documents in its first 5; nDCG@10 with
binary relevance. Both are means over claims. Relative improvement = hybrid / other - 1, with a
95% paired bootstrap interval over claims. Latency is per claim, in ms: dense and hybrid include
embedding the claim; BM25 includes expanding its words. `--raw-claims` skips `parse_question`,
to show what the claim parser costs or gains.

`--tune-on fever-rte` runs the same pipeline on a tuning set that shares nothing with
Climate-FEVER's claims: a sample of FEVER-RTE claims (dev.raw.input1), each with its paired
premises (dev.raw.input0) as the relevant documents, among all unique premises. Besides the three
methods it replays the fusion offline over the same candidate lists for a grid of RRF constants
and list weights, so a fusion change can be chosen there and only then measured on Climate-FEVER.

Run from the repository root (2-3 minutes on two cores, most of it embedding the index):

    .venv/bin/python bench/climate_fever_retrieval.py            # table on stdout
    .venv/bin/python bench/climate_fever_retrieval.py --json     # JSON on stdout, table to stderr
    .venv/bin/python bench/climate_fever_retrieval.py --tune-on fever-rte

Exit status: 0 on success (a missed target is reported, not an error), 1 if a document failed to
load, 2 if the data files are missing.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import random
import re
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

import numpy as np
from engine import CpuMeter, log
from machine import load_embeddings
from tqdm import tqdm

from bot.terminal import progress_bars
from knowledge import Desk, IngestSettings, Settings, StoreSettings
from knowledge.claim import parse_question, validate_question
from knowledge.embeddings import MiniLMEmbeddings
from knowledge.models import Claim, QuestionType
from knowledge.query import Query as DeskQuery
from knowledge.retrieval import HybridRetriever, diversify, fuse
from knowledge.stance import make_stance_model
from knowledge.text.variants import normalise_query, query_words

REPO = Path(__file__).resolve().parent.parent
DEFAULT_DATA = Path("../shared/data")  # relative to the repository root
CLIMATE_FEVER = Path("climate-fever/climate-fever.jsonl")
FEVER_PREMISES = Path("fever-rte-dev/dev.raw.input0")
FEVER_CLAIMS = Path("fever-rte-dev/dev.raw.input1")

GOLD_LABELS = frozenset({"SUPPORTS", "REFUTES"})
RECALL_AT = 5
NDCG_AT = 10
TARGET_GAIN = 0.05  # the hybrid should beat each single method by 5% relative on both metrics
METHODS = ("dense", "bm25", "hybrid")
BOOTSTRAP_SAMPLES = 2000
TUNE_QUERIES = 2000

# The same for every document (see the module docstring); "Wikipedia" is in every document, so
# BM25 gives it no weight.
DOC_FIELDS = {"title": "Wikipedia", "publisher": "Wikipedia", "kind": "analysis"}
DOC_PUBLISHED = "2020-01-01"

# Offline fusion grid for --tune-on: RRF constants and (lexical, dense) weights.
GRID_K = (5, 10, 20, 30, 60, 100)
GRID_WEIGHTS = ((1.0, 1.0), (1.0, 1.5), (1.0, 2.0), (1.0, 3.0), (1.5, 1.0), (2.0, 1.0))

T = TypeVar("T")


# ==============================================================================================
# Data
# ==============================================================================================


@dataclass(frozen=True, slots=True)
class Query:
    text: str
    relevant: frozenset[str]  # document ids


@dataclass
class Collection:
    """Documents to index (id -> text, in order) and queries with their relevant documents."""

    name: str
    documents: dict[str, str]
    queries: list[Query]
    counts: dict[str, int] = field(default_factory=dict)


_PTB = {"-LRB-": "(", "-RRB-": ")", "-LSB-": "[", "-RSB-": "]", "-LCB-": "{", "-RCB-": "}"}
_PTB_TOKEN = re.compile("|".join(re.escape(t) for t in (*_PTB, "``", "''")))
_SPACE_BEFORE = re.compile(r" (?=[,.;:!?%)\]}]|'s\b|n't\b|'re\b|'ve\b|'ll\b|'d\b|'m\b)")
_SPACE_AFTER = re.compile(r"(?<=[(\[{$]) ")
_SENTENCE = re.compile(r"(?<=[.!?])\s+")
_NOT_WORD = re.compile(r"[^a-z0-9]+")


def detokenize(text: str) -> str:
    """FEVER's PTB-tokenised premise as plain text, near enough for BM25 and the embedding."""
    text = _PTB_TOKEN.sub(lambda m: _PTB.get(m.group(), '"'), text)
    return _SPACE_AFTER.sub("", _SPACE_BEFORE.sub("", text)).strip()


def _key(text: str) -> str:
    return _NOT_WORD.sub(" ", text.lower()).strip()


def unique(items: Iterable[str]) -> list[str]:
    """Non-blank items, first occurrence kept, in order."""
    return list(dict.fromkeys(item for item in items if item.strip()))


def read_lines(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8").split("\n")


def fever_premises(data: Path) -> list[str]:
    """The unique FEVER-RTE premises as plain text."""
    return unique(detokenize(p) for p in unique(read_lines(data / FEVER_PREMISES)))


def climate_fever(data: Path) -> Collection:
    """Climate-FEVER's evidence sentences and claims, with FEVER premises as distractors."""
    evidence: dict[str, str] = {}  # evidence_id -> document id
    documents: dict[str, str] = {}
    queries: list[Query] = []
    claims = skipped = 0
    for line in read_lines(data / CLIMATE_FEVER):
        if not line.strip():
            continue
        record = json.loads(line)
        claims += 1
        relevant = set()
        for item in record["evidences"]:
            doc_id = evidence.get(item["evidence_id"])
            if doc_id is None:
                doc_id = evidence[item["evidence_id"]] = f"cf-{len(evidence):05d}"
                documents[doc_id] = item["evidence"]
            if item["evidence_label"] in GOLD_LABELS:
                relevant.add(doc_id)
        if relevant:
            queries.append(Query(record["claim"], frozenset(relevant)))
        else:
            skipped += 1
    sentences = {_key(text) for text in documents.values()}
    premises = fever_premises(data)
    kept = [p for p in premises if not sentences & {_key(s) for s in _SENTENCE.split(p)}]
    documents.update((f"fever-{i:05d}", text) for i, text in enumerate(kept))
    return Collection(
        "climate-fever",
        documents,
        queries,
        {
            "claims": claims,
            "claims_evaluated": len(queries),
            "claims_skipped_no_supports_or_refutes": skipped,
            "relevant_pairs": sum(len(q.relevant) for q in queries),
            "evidence_sentences": len(evidence),
            "distractors": len(kept),
            "distractors_dropped_containing_evidence": len(premises) - len(kept),
        },
    )


def fever_rte(data: Path, sample: int, seed: int) -> Collection:
    """The tuning set: FEVER-RTE claims with their paired premises, among all premises."""
    premises = read_lines(data / FEVER_PREMISES)
    claims = read_lines(data / FEVER_CLAIMS)
    doc_of = {text: f"fever-{i:05d}" for i, text in enumerate(fever_premises(data))}
    relevant: dict[str, set[str]] = {}
    for premise, claim in zip(premises, claims, strict=True):
        if premise.strip() and claim.strip():
            relevant.setdefault(claim.strip(), set()).add(doc_of[detokenize(premise)])
    pool = sorted(relevant)
    chosen = random.Random(seed).sample(pool, min(sample, len(pool)))
    return Collection(
        "fever-rte",
        {doc_id: text for text, doc_id in doc_of.items()},
        [Query(claim, frozenset(relevant[claim])) for claim in chosen],
        {"claims": len(pool), "claims_evaluated": len(chosen), "premises": len(doc_of)},
    )


# ==============================================================================================
# Index
# ==============================================================================================


def write_jsonl(collection: Collection, path: Path) -> None:
    with path.open("w", encoding="utf-8") as out:
        for doc_id, text in collection.documents.items():
            line = {"id": doc_id, **DOC_FIELDS, "published": DOC_PUBLISHED, "text": text}
            out.write(json.dumps(line, ensure_ascii=False) + "\n")


def build_index(
    collection: Collection,
    workdir: Path,
    embeddings: MiniLMEmbeddings,
    passage_chars: int | None,
) -> tuple[Desk, list[str]]:
    """A Desk over a fresh data directory holding the collection; and the load failures."""
    source = workdir / f"{collection.name}.jsonl"
    write_jsonl(collection, source)
    ingest = (
        IngestSettings() if passage_chars is None else IngestSettings(passage_chars=passage_chars)
    )
    settings = Settings(store=StoreSettings(data_dir=workdir / collection.name), ingest=ingest)
    # Retrieval never reads stances: the rules load instantly, a trained model would not.
    desk = Desk(settings, embeddings=embeddings, stance=make_stance_model("lexical"))
    with progress_bars() as progress:  # the command line's bars, drawn only on a terminal
        report = desk.ingest([str(source)], progress=progress)
    return desk, [f"{f.origin}: {f.message}" for f in report.failed]


def passage_counts(desk: Desk, documents: Iterable[str]) -> dict[str, int]:
    """How the splitter cut the collection: passages, and documents cut into several."""
    snap = desk.snapshot(desk.settings.store.scope)
    wanted = set(documents)
    split = sum(1 for doc, ps in snap.by_doc.items() if doc in wanted and len(ps) > 1)
    return {
        "documents_indexed": len(snap.by_doc),
        "passages_indexed": len(snap.passages),
        "vectors_in_chroma": desk.dense.count(desk.settings.store.scope),
        "documents_of_interest_split": split,
    }


# ==============================================================================================
# Searching and scoring
# ==============================================================================================


def progress(items: Sequence[T], desc: str) -> Iterator[T]:
    """`items` with a tqdm bar on stderr, drawn only on a terminal."""
    yield from tqdm(items, desc=desc, file=sys.stderr, leave=False, disable=not sys.stderr.isatty())


def documents_in_order(passage_ids: Iterable[str], doc_of: Mapping[str, str]) -> list[str]:
    """Documents by the rank of their first passage."""
    return list(dict.fromkeys(doc_of[pid] for pid in passage_ids))


def recall_at(ranked: Sequence[str], relevant: frozenset[str], k: int) -> float:
    return len(relevant.intersection(ranked[:k])) / len(relevant)


def ndcg_at(ranked: Sequence[str], relevant: frozenset[str], k: int) -> float:
    """nDCG with binary relevance: the ideal ranking puts every relevant document first."""
    gain = sum(1 / math.log2(rank + 2) for rank, doc in enumerate(ranked[:k]) if doc in relevant)
    ideal = sum(1 / math.log2(rank + 2) for rank in range(min(len(relevant), k)))
    return gain / ideal


@dataclass
class Scores:
    """One method's per-query metrics and latencies."""

    recall: list[float] = field(default_factory=list)
    ndcg: list[float] = field(default_factory=list)
    latency_ms: list[float] = field(default_factory=list)

    def add(self, ranked: Sequence[str], relevant: frozenset[str], ms: float | None) -> None:
        self.recall.append(recall_at(ranked, relevant, RECALL_AT))
        self.ndcg.append(ndcg_at(ranked, relevant, NDCG_AT))
        if ms is not None:
            self.latency_ms.append(ms)

    def summary(self) -> dict[str, float | None]:
        return {
            f"recall@{RECALL_AT}": round(statistics.fmean(self.recall), 4),
            f"ndcg@{NDCG_AT}": round(statistics.fmean(self.ndcg), 4),
            "latency_median_ms": round(statistics.median(self.latency_ms), 2)
            if self.latency_ms
            else None,
        }


@dataclass(frozen=True, slots=True)
class Candidates:
    """A query's two candidate lists (passage ids), kept for replaying the fusion offline."""

    lexical: list[str]
    dense: list[str]


@dataclass
class SearchRun:
    scores: dict[str, Scores]
    candidates: list[Candidates]
    doc_of: dict[str, str]
    embed_ms: list[float]
    claims_rewritten: int
    depth: int
    per_doc: int


def search_all(desk: Desk, queries: Sequence[Query], desc: str, *, parse: bool) -> SearchRun:
    """Every query through the three methods, over the same two candidate lists; `parse`
    reads each claim as the Desk reads a question, else it is searched as written."""
    scope = desk.settings.store.scope
    snap = desk.snapshot(scope)
    base = desk.retriever(scope)
    # Every fused candidate, so that ranks past retrieve_k are scored too (same order).
    retriever = HybridRetriever(
        snapshot=snap,
        dense=desk.dense,
        embeddings=desk.embeddings,
        k=2 * base.candidates,
        candidates=base.candidates,
        per_doc=base.per_doc,
    )
    depth = retriever.candidates
    vocabulary = snap.bm25.vocabulary
    doc_of = {pid: passage.doc_id for pid, passage in snap.passages.items()}
    run = SearchRun({m: Scores() for m in METHODS}, [], doc_of, [], 0, depth, retriever.per_doc)
    max_chars = desk.settings.answer.max_question_chars
    for query in progress(queries, desc):
        claim = validate_question(query.text, max_chars=max_chars)
        if parse:
            claim = parse_question(claim).text
        run.claims_rewritten += claim != query.text.strip()
        started = time.perf_counter()
        vector = desk.embeddings.embed_query(normalise_query(claim, vocabulary))
        embedded = time.perf_counter()
        dense = [p for p, _ in desk.dense.search(scope, vector, depth) if p in snap.passages]
        searched = time.perf_counter()
        words = query_words(claim, vocabulary)
        lexical = [p for p, _ in snap.bm25.search(words, depth) if p in snap.passages]
        matched = time.perf_counter()
        asked = DeskQuery(Claim(claim, claim, QuestionType.YES_NO), claim, tuple(words))
        hits = retriever.search(asked, vector)
        fused = time.perf_counter()

        embed_ms = (embedded - started) * 1000
        run.embed_ms.append(embed_ms)
        run.candidates.append(Candidates(lexical, dense))
        relevant = query.relevant
        run.scores["dense"].add(
            documents_in_order(dense, doc_of), relevant, (searched - started) * 1000
        )
        run.scores["bm25"].add(
            documents_in_order(lexical, doc_of), relevant, (matched - searched) * 1000
        )
        run.scores["hybrid"].add(
            documents_in_order((hit.passage.passage_id for hit in hits), doc_of),
            relevant,
            embed_ms + (fused - matched) * 1000,
        )
    return run


def gain_interval(
    hybrid: Sequence[float], other: Sequence[float], seed: int
) -> tuple[float, float, float]:
    """Relative improvement of mean(hybrid) over mean(other), with a 95% paired bootstrap."""
    a = np.asarray(hybrid)
    b = np.asarray(other)
    point = a.mean() / b.mean() - 1 if b.mean() else math.inf
    rows = np.random.default_rng(seed).integers(0, len(a), (BOOTSTRAP_SAMPLES, len(a)))
    ratios = a[rows].mean(axis=1) / np.maximum(b[rows].mean(axis=1), 1e-12) - 1
    low, high = np.percentile(ratios, [2.5, 97.5])
    return float(point), float(low), float(high)


def improvements(scores: Mapping[str, Scores], seed: int) -> dict[str, dict[str, Any]]:
    """Hybrid over dense and over BM25, on both metrics, against the target."""
    out: dict[str, dict[str, Any]] = {}
    for other in ("dense", "bm25"):
        for metric, attr in ((f"recall@{RECALL_AT}", "recall"), (f"ndcg@{NDCG_AT}", "ndcg")):
            point, low, high = gain_interval(
                getattr(scores["hybrid"], attr), getattr(scores[other], attr), seed
            )
            out.setdefault(other, {})[metric] = {
                "relative": round(point, 4),
                "ci95": [round(low, 4), round(high, 4)],
                "meets_target": point >= TARGET_GAIN,
            }
    return out


# ==============================================================================================
# Tuning: the fusion replayed offline over the same candidate lists
# ==============================================================================================


def replay(
    run: SearchRun, queries: Sequence[Query], k: int, weights: tuple[float, float]
) -> Scores:
    """The hybrid's document ranking with other fusion constants, from the saved candidates
    (`fuse` then `diversify`, as `HybridRetriever.search` does)."""
    scores = Scores()
    for query, cands in zip(queries, run.candidates, strict=True):
        fused = fuse([cands.lexical, cands.dense], list(weights), k=k)
        ranked = sorted(fused, key=lambda p: -fused[p])
        chosen = diversify(ranked, run.doc_of, per_doc=run.per_doc, k=len(ranked))
        scores.add(documents_in_order(chosen, run.doc_of), query.relevant, None)
    return scores


def fusion_grid(run: SearchRun, queries: Sequence[Query]) -> list[dict[str, Any]]:
    rows = []
    for k in GRID_K:
        for weights in GRID_WEIGHTS:
            summary = replay(run, queries, k, weights).summary()
            rows.append({"rrf_k": k, "weights_lexical_dense": list(weights), **summary})
    return rows


# ==============================================================================================
# Report
# ==============================================================================================


def _pct(value: float) -> str:
    return f"{value:+.1%}"


def render(result: Mapping[str, Any]) -> str:
    counts = result["counts"]
    metrics = result["metrics"]
    r_key, n_key = f"recall@{RECALL_AT}", f"ndcg@{NDCG_AT}"
    out = [
        f"factdesk retrieval benchmark: {result['collection']}",
        f"  {counts['claims_evaluated']:,} claims evaluated of {counts['claims']:,}"
        + (
            f" ({counts['claims_skipped_no_supports_or_refutes']:,} skipped: no SUPPORTS or "
            "REFUTES evidence)"
            if "claims_skipped_no_supports_or_refutes" in counts
            else f" (random sample, seed {result['config']['seed']})"
        ),
        f"  index: {counts['documents_indexed']:,} documents, {counts['passages_indexed']:,} "
        f"passages, {counts['vectors_in_chroma']:,} vectors",
    ]
    if "evidence_sentences" in counts:
        out.append(
            f"    {counts['evidence_sentences']:,} evidence sentences "
            f"({counts['documents_of_interest_split']} cut into more than one passage) + "
            f"{counts['distractors']:,} FEVER premises "
            f"({counts['distractors_dropped_containing_evidence']} left out: they contain an "
            "evidence sentence)"
        )
    out += [
        f"  passages <= {result['config']['passage_chars']} chars; "
        + (
            f"{result['claims_rewritten']:,} claims reworded by parse_question"
            if result["config"]["claims_parsed"]
            else "claims searched as written (--raw-claims)"
        ),
        "",
        f"  {'method':<8} {r_key:>9} {n_key:>9} {'median ms':>10}",
    ]
    for method in METHODS:
        m = metrics[method]
        out.append(
            f"  {method:<8} {m[r_key]:>9.4f} {m[n_key]:>9.4f} {m['latency_median_ms']:>10.1f}"
        )
    out.append(f"  (median claim embedding: {result['embed_median_ms']:.1f} ms)")
    out += ["", f"  hybrid relative to   {r_key:>24} {n_key:>24}"]
    for other, gains in result["improvement"].items():
        cells = ""
        for key in (r_key, n_key):
            g = gains[key]
            low, high = g["ci95"]
            cells += f" {_pct(g['relative']):>7} [{_pct(low)}, {_pct(high)}]"
        out.append(f"  {other:<19}{cells}")
    out.append("  [95% paired bootstrap interval over claims]")
    if "target_met" in result:
        out.append(
            f"  target: hybrid >= {TARGET_GAIN:.0%} better than both on both metrics: "
            f"{'MET' if result['target_met'] else 'NOT MET'}"
        )
    if "fusion_grid" in result:
        out += ["", "  fusion replayed offline (rrf_k, weights lexical/dense):"]
        out.append(f"  {'rrf_k':>6} {'weights':>10} {r_key:>9} {n_key:>9}")
        for row in result["fusion_grid"]:
            lex, den = row["weights_lexical_dense"]
            out.append(
                f"  {row['rrf_k']:>6} {f'{lex:g}/{den:g}':>10} {row[r_key]:>9.4f} "
                f"{row[n_key]:>9.4f}"
            )
    cpu = result.get("cpu_contention", {}).get("queries", {})
    if "others_share" in cpu:
        out += [
            "",
            f"  other processes used {cpu['others_share']:.0%} of the CPUs while the queries "
            "ran" + (" (latencies are pessimistic)" if cpu["others_share"] > 0.10 else ""),
        ]
    if result["failures"]:
        out += ["", f"  {len(result['failures'])} documents FAILED to load:"]
        out += [f"    {f}" for f in result["failures"][:10]]
    return "\n".join(out)


# ==============================================================================================
# The run
# ==============================================================================================


def run(collection: Collection, args: argparse.Namespace, workdir: Path) -> dict[str, Any]:
    log("loading the embedding model")
    embeddings, _ = load_embeddings(Settings())
    meter = CpuMeter()
    log(f"indexing {len(collection.documents):,} documents of {collection.name}")
    meter.start("ingest")
    desk, failures = build_index(collection, workdir, embeddings, args.passage_chars)
    meter.stop("ingest")
    try:
        interest = [d for d in collection.documents if not d.startswith("fever-")]
        counts = {**collection.counts, **passage_counts(desk, interest)}
        log(f"searching {len(collection.queries):,} claims")
        meter.start("queries")
        searched = search_all(desk, collection.queries, collection.name, parse=not args.raw_claims)
        meter.stop("queries")
        passage_chars = desk.settings.ingest.passage_chars
    finally:
        desk.close()
    result: dict[str, Any] = {
        "collection": collection.name,
        "config": {
            "data": str(args.data or DEFAULT_DATA),
            "seed": args.seed,
            "passage_chars": passage_chars,
            "claims_parsed": not args.raw_claims,
            "candidates_per_list": searched.depth,
            "per_doc": searched.per_doc,
            "embedding": {"backend": embeddings.backend, "precision": embeddings.precision},
            "cpus": os.cpu_count(),
        },
        "counts": counts,
        "claims_rewritten": searched.claims_rewritten,
        "metrics": {m: searched.scores[m].summary() for m in METHODS},
        "embed_median_ms": round(statistics.median(searched.embed_ms), 2),
        "improvement": improvements(searched.scores, args.seed),
        "failures": failures,
        "cpu_contention": meter.phases,
    }
    if collection.name == "climate-fever":
        result["target_met"] = all(
            g["meets_target"] for gains in result["improvement"].values() for g in gains.values()
        )
    else:
        log("replaying the fusion over the candidate lists")
        result["fusion_grid"] = fusion_grid(searched, collection.queries)
    return result


def missing_files(data: Path, tune: bool) -> list[Path]:
    needed = [FEVER_PREMISES, FEVER_CLAIMS] if tune else [CLIMATE_FEVER, FEVER_PREMISES]
    return [data / path for path in needed if not (data / path).is_file()]


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0] if __doc__ else None,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "--data",
        type=Path,
        help="the shared data folder (default: ../shared/data from the repository root)",
    )
    parser.add_argument(
        "--json", action="store_true", help="print one JSON object on stdout (table to stderr)"
    )
    parser.add_argument(
        "--tune-on",
        choices=["fever-rte"],
        help="run on the FEVER-RTE tuning set instead, with the offline fusion grid",
    )
    parser.add_argument(
        "--tune-queries",
        type=int,
        default=TUNE_QUERIES,
        help=f"FEVER-RTE claims sampled for --tune-on (default {TUNE_QUERIES:,})",
    )
    parser.add_argument(
        "--passage-chars",
        type=int,
        help="override factdesk's passage length (default: its setting, 200)",
    )
    parser.add_argument(
        "--raw-claims",
        action="store_true",
        help="search each claim as written, without parse_question (what the parser costs)",
    )
    parser.add_argument("--seed", type=int, default=13, help="sampling and bootstrap seed")
    args = parser.parse_args(argv)
    if args.tune_queries < 1:
        parser.error("--tune-queries must be at least 1")
    if args.passage_chars is not None and not 80 <= args.passage_chars <= 2000:
        parser.error("--passage-chars must be between 80 and 2000 (factdesk's limits)")
    data = args.data or REPO / DEFAULT_DATA
    missing = missing_files(data, bool(args.tune_on))
    if missing:
        names = ", ".join(str(p) for p in missing)
        print(
            f"error: missing data file(s): {names}. Point --data at the folder that holds "
            "climate-fever/ and fever-rte-dev/ (see ../shared/data/MANIFEST.md).",
            file=sys.stderr,
        )
        return 2

    started = time.perf_counter()
    log("reading the data")
    collection = (
        fever_rte(data, args.tune_queries, args.seed) if args.tune_on else climate_fever(data)
    )
    workdir = Path(tempfile.mkdtemp(prefix="factdesk-retrieval-"))
    try:
        result = run(collection, args, workdir)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    result["total_s"] = round(time.perf_counter() - started, 1)
    report = render(result) + f"\n\n  benchmark took {result['total_s']:.0f} s"
    if args.json:
        print(report, file=sys.stderr)
        print(json.dumps(result))
    else:
        print(report)
    return 1 if result["failures"] else 0


if __name__ == "__main__":
    sys.exit(main())
