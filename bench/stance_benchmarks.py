"""Stance and verdict benchmarks on public data: Climate-FEVER, FNC-1 and HealthVer.

Measures one stance model (`--stance NAME`, made by `knowledge.stance.make_stance_model`) and,
where a benchmark is about whole claims, factdesk's own aggregation (`knowledge.judge.judge` and
`knowledge.verdict.decide`, the code `Desk.ask` runs). The data is read where it lies,
`../shared/data` (see its MANIFEST.md); nothing is copied.

1. climate-evidence: Climate-FEVER's 7,675 claim-evidence pairs, judged five at a time (a claim
   and its evidence sentences, as the desk judges a claim's passages in one call), each with its
   article as title and its dense similarity to the claim, as the desk passes them. SUPPORTS ->
   supports, REFUTES -> refutes, NOT_ENOUGH_INFO -> neutral; accuracy, per-class F1, 3-way
   macro-F1 and the confusion matrix.
2. climate-claims: Climate-FEVER's 1,535 claim labels (SUPPORTS, REFUTES, NOT_ENOUGH_INFO,
   DISPUTED) predicted by the desk from each claim's five gold evidence sentences. The gold
   sentences stand in for retrieval and everything after retrieval is the desk's unchanged code:
   `judge` (relevance, the relevance floor, the quote sentence, stance) then `decide`. Verdicts
   map supported -> SUPPORTS, refuted -> REFUTES, disputed -> DISPUTED, unverified and
   no_evidence -> NOT_ENOUGH_INFO. The adapters, chosen on principle and not on results:
   - The scope the judge weighs words in (its idf) is every distinct evidence sentence of the
     dataset, each titled with its article: the nearest thing to the Wikipedia scope a desk
     would answer from. Relevance is then the judge's own (rare-word coverage plus dense
     similarity) and its floor applies: a gold sentence the desk would find too far from the
     claim is dropped as the desk would drop it. The report counts those drops by gold label.
   - One source per Wikipedia article (evidence_id "Article:NN"), kind `analysis` (explanatory
     text, neither an interested party's statement nor a fact-check's rating, so none of the
     verdict's special rules for those kinds apply), no date, and each article its own
     publisher. The verdict's publisher rules model one editorial voice over time: its pieces
     count once, and its later piece that contradicts an earlier one is a correction. Articles
     are written apart and undated, so one "Wikipedia" publisher for all would make every
     supporting and refuting pair of articles read as the outlet correcting itself (both cut
     to a tenth) and no claim could come out disputed.
   - No "sentence before" (the dataset gives single sentences) and no sibling passages.
   - Dense similarity is the cosine of the desk's own embeddings (factdesk's embedding settings)
     of the normalised claim and the sentence, as retrieval computes it.
   - The claim is the dataset's assertion as a yes/no `Claim`; `parse_question` is for chat
     questions and could read an assertion as a wh-question.
   Nothing here was tuned on Climate-FEVER, which is evaluation only.
   Reference: an entailment model trained on FEVER reached 0.3878 claim accuracy (Diggelmann et
   al. 2020, arXiv:2012.00614). Targets: accuracy >= 0.55 and macro-F1 >= 0.45.
3. fnc: FNC-1's competition test pairs labelled agree or disagree (2,600). The headline is the
   claim; the body is one news source, split into passages by the desk's splitter
   (`split_passages`, the ingest passage size). The passages retrieval would pass on are the
   body's best `HybridRetriever.per_doc` (4) by the retriever's fusion of BM25 (over all 904
   test bodies) and dense ranks; `judge` and `decide` then give a verdict. refuted -> disagree;
   supported and unverified (the body relays the claim without disputing it) -> agree; disputed
   and no_evidence -> "no side", which counts as a miss for the gold class. 2-way macro-F1.
4. healthver: HealthVer dev and test (evidence, claim, Supports/Refutes/Neutral); pairs are
   judged grouped by claim, with their dense similarity and no title. 3-way macro-F1 per split
   and combined; every row counts, the ~330 repeated (claim, evidence) rows included.

Throughput (pairs/s) is the stance model's own: evidence texts judged over the time spent
inside `predict`, by the wall clock and per CPU-second of this process (the latter suffers less
when other work shares the machine). Loading data and embedding are reported apart.

Run from the repository root:

    .venv/bin/python bench/stance_benchmarks.py --stance lexical
    .venv/bin/python bench/stance_benchmarks.py --only climate-claims,fnc --limit 100
    .venv/bin/python bench/stance_benchmarks.py --json      # JSON on stdout, report on stderr

`--limit N` keeps the first N items of each benchmark (claims for Climate-FEVER, pairs for
FNC-1 and for each HealthVer split): a smoke run, not a measurement. Progress goes to stderr
(bars only on a terminal). Exit status 2 means the data is missing or the model unknown.
"""

from __future__ import annotations

import argparse
import csv
import functools
import json
import os
import platform
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

import numpy as np
from numpy.typing import NDArray
from tqdm import tqdm

from knowledge.calibration import Calibration, calibration_for, expected_calibration_error
from knowledge.embeddings import MiniLMEmbeddings
from knowledge.errors import FactdeskError
from knowledge.given_evidence import GivenScope, GivenText, yes_no
from knowledge.indexes.lexical import IndexedPassage, ScopeBM25
from knowledge.judge import judge
from knowledge.models import (
    Hit,
    Passage,
    SourceKind,
    SourceMeta,
    Stance,
    VerdictLabel,
)
from knowledge.passages import split_passages
from knowledge.query import build_query
from knowledge.retrieval import HybridRetriever, ScopeSnapshot, fuse
from knowledge.settings import EmbeddingSettings, IngestSettings
from knowledge.stance import EvidenceText, StanceModel, make_stance_model
from knowledge.text.variants import normalise_query, query_words
from knowledge.verdict import decide_judgement

REPO = Path(__file__).resolve().parent.parent
DEFAULT_DATA = REPO.parent / "shared" / "data"
BENCHMARKS = ("climate-evidence", "climate-claims", "fnc", "healthver")

STANCES = ("supports", "refutes", "neutral")
CLAIM_LABELS = ("SUPPORTS", "REFUTES", "NOT_ENOUGH_INFO", "DISPUTED")
FNC_LABELS = ("agree", "disagree")
NO_SIDE = "no side"

CLIMATE_EVIDENCE_STANCE = {
    "SUPPORTS": "supports",
    "REFUTES": "refutes",
    "NOT_ENOUGH_INFO": "neutral",
}
VERDICT_CLAIM_LABEL = {
    VerdictLabel.SUPPORTED: "SUPPORTS",
    VerdictLabel.REFUTED: "REFUTES",
    VerdictLabel.DISPUTED: "DISPUTED",
    VerdictLabel.UNVERIFIED: "NOT_ENOUGH_INFO",
    VerdictLabel.NO_EVIDENCE: "NOT_ENOUGH_INFO",
}
VERDICT_FNC_LABEL = {
    VerdictLabel.SUPPORTED: "agree",
    VerdictLabel.UNVERIFIED: "agree",
    VerdictLabel.REFUTED: "disagree",
    VerdictLabel.DISPUTED: NO_SIDE,
    VerdictLabel.NO_EVIDENCE: NO_SIDE,
}
HEALTHVER_STANCE = {"Supports": "supports", "Refutes": "refutes", "Neutral": "neutral"}
HEALTHVER_SPLITS = ("dev", "test")

TARGET_CLAIM_ACCURACY = 0.55
TARGET_CLAIM_MACRO_F1 = 0.45
REFERENCE_CLAIM_ACCURACY = 0.3878  # FEVER-trained entailment model, Diggelmann et al. 2020
# The desk never judges more passages of one document than retrieval passes on.
PER_DOC: int = HybridRetriever.model_fields["per_doc"].default
_EMBED_CHUNK = 256

_START = time.perf_counter()
T = TypeVar("T")


class SetupError(Exception):
    """A data file a chosen benchmark reads is not there, or the stance model is unknown."""


def log(message: str) -> None:
    """Progress line on stderr, stamped with the seconds since the benchmark started."""
    print(f"[{time.perf_counter() - _START:7.1f}s] {message}", file=sys.stderr, flush=True)


def progress(items: Iterable[T], total: int, desc: str) -> Iterable[T]:
    """`items` with a progress bar on stderr, drawn only when stderr is a terminal."""
    return tqdm(
        items,
        total=total,
        desc=desc,
        unit="",
        file=sys.stderr,
        leave=False,
        disable=not sys.stderr.isatty(),
    )


# ==============================================================================================
# Metrics
# ==============================================================================================


def score(gold: Sequence[str], predicted: Sequence[str], labels: Sequence[str]) -> dict[str, Any]:
    """Accuracy, per-class precision/recall/F1, macro-F1 and the confusion matrix (gold rows,
    predicted columns). A prediction outside `labels` (FNC-1's "no side") is a miss for its
    gold class and gets a column of its own. Macro-F1 averages the labels that occur in the
    gold or the predictions, so a short --limit run is not dragged down by absent classes."""
    columns = [*labels, *sorted(set(predicted) - set(labels))]
    matrix = {g: dict.fromkeys(columns, 0) for g in labels}
    for g, p in zip(gold, predicted, strict=True):
        matrix[g][p] += 1
    per_class: dict[str, dict[str, float]] = {}
    for label in labels:
        hits = matrix[label][label]
        said = sum(matrix[g][label] for g in labels)
        support = sum(matrix[label].values())
        precision = hits / said if said else 0.0
        recall = hits / support if support else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        per_class[label] = {
            "precision": round(precision, 4),
            "recall": round(recall, 4),
            "f1": round(f1, 4),
            "support": support,
            "predicted": said,
        }
    present = [lab for lab in labels if per_class[lab]["support"] or per_class[lab]["predicted"]]
    macro = sum(per_class[lab]["f1"] for lab in present) / len(present) if present else 0.0
    correct = sum(matrix[lab][lab] for lab in labels)
    majority, most = Counter(gold).most_common(1)[0] if gold else ("", 0)
    share = most / len(gold) if gold else 0.0
    return {
        "n": len(gold),
        "accuracy": round(correct / len(gold), 4) if gold else 0.0,
        "macro_f1": round(macro, 4),
        # Always saying the commonest gold label: what a model must beat to have learnt anything.
        "majority_baseline": {
            "label": majority,
            "accuracy": round(share, 4),
            "macro_f1": round(2 * share / (share + 1) / len(set(gold)), 4) if gold else 0.0,
        },
        "per_class": per_class,
        "confusion": {"columns": columns, "rows": matrix},
    }


# ==============================================================================================
# The model under test and the desk's embeddings
# ==============================================================================================


class TimedStance:
    """The model under test, counting the texts it judges and the time its `predict` takes, so
    throughput is the model's own and not data loading's or embedding's."""

    def __init__(self, model: StanceModel) -> None:
        self.model = model
        self.name = model.name
        self.texts = 0
        self.calls = 0
        self.wall_s = 0.0
        self.cpu_s = 0.0

    def predict(self, claim: str, evidence: Sequence[EvidenceText]) -> list[Stance]:
        wall, cpu = time.perf_counter(), time.process_time()
        stances = self.model.predict(claim, evidence)
        self.wall_s += time.perf_counter() - wall
        self.cpu_s += time.process_time() - cpu
        self.texts += len(evidence)
        self.calls += 1
        return stances

    def summary(self) -> dict[str, Any]:
        return {
            "pairs": self.texts,
            "predict_calls": self.calls,
            "predict_s": round(self.wall_s, 2),
            "predict_cpu_s": round(self.cpu_s, 2),
            "pairs_per_s": round(self.texts / self.wall_s, 1) if self.wall_s else None,
            "pairs_per_cpu_s": round(self.texts / self.cpu_s, 1) if self.cpu_s else None,
        }


class Vectors:
    """Unit vectors of texts from the desk's own embedding model, so that the similarities the
    stance model and the judge see are the ones retrieval would give them."""

    def __init__(self, embeddings: MiniLMEmbeddings) -> None:
        self._embeddings = embeddings
        self._vectors: dict[str, NDArray[np.float32]] = {}
        self.seconds = 0.0

    def add(self, texts: Iterable[str], desc: str) -> None:
        new = list(dict.fromkeys(t for t in texts if t not in self._vectors))
        started = time.perf_counter()
        chunks = [new[i : i + _EMBED_CHUNK] for i in range(0, len(new), _EMBED_CHUNK)]
        for chunk in progress(chunks, len(chunks), f"embedding {desc}"):
            for text, vector in zip(chunk, self._embeddings.embed_array(chunk), strict=True):
                self._vectors[text] = vector
        self.seconds += time.perf_counter() - started

    def similarity(self, a: str, b: str) -> float:
        return float(self._vectors[a] @ self._vectors[b])


# ==============================================================================================
# Data
# ==============================================================================================


def require(path: Path) -> Path:
    if not path.is_file():
        raise SetupError(
            f"{path} is missing. The benchmarks read the public data in ../shared/data (see its "
            "MANIFEST.md); pass --data DIR if it lies elsewhere, or --only to skip this one."
        )
    return path


@dataclass(frozen=True, slots=True)
class ClimateEvidence:
    evidence_id: str  # "Article:NN"
    article: str
    text: str
    label: str


@dataclass(frozen=True, slots=True)
class ClimateClaim:
    claim_id: str
    text: str
    label: str
    evidence: tuple[ClimateEvidence, ...]


def load_climate(data: Path) -> list[ClimateClaim]:
    path = require(data / "climate-fever" / "climate-fever.jsonl")
    claims = []
    with path.open(encoding="utf-8") as lines:
        for line in lines:
            if not line.strip():
                continue
            raw = json.loads(line)
            evidence = tuple(
                ClimateEvidence(e["evidence_id"], e["article"], e["evidence"], e["evidence_label"])
                for e in raw["evidences"]
            )
            claims.append(ClimateClaim(raw["claim_id"], raw["claim"], raw["claim_label"], evidence))
    return claims


@dataclass(frozen=True, slots=True)
class Pair:
    """A claim, one piece of evidence (or a body's id) and the gold label."""

    claim: str
    evidence: str
    label: str


def load_fnc(data: Path) -> tuple[list[Pair], dict[str, str]]:
    """The agree/disagree pairs (evidence is the body id) and every test body by id."""
    folder = data / "fnc-1"
    with require(folder / "competition_test_bodies.csv").open(encoding="utf-8", newline="") as f:
        bodies = {row["Body ID"]: row["articleBody"] for row in csv.DictReader(f)}
    with require(folder / "competition_test_stances.csv").open(encoding="utf-8", newline="") as f:
        pairs = [
            Pair(row["Headline"], row["Body ID"], row["Stance"])
            for row in csv.DictReader(f)
            if row["Stance"] in FNC_LABELS
        ]
    return pairs, bodies


def load_healthver(data: Path, split: str) -> list[Pair]:
    path = require(data / "healthver" / f"healthver_{split}.csv")
    with path.open(encoding="utf-8", newline="") as f:
        return [
            Pair(row["claim"], row["evidence"], HEALTHVER_STANCE[row["label"]])
            for row in csv.DictReader(f)
        ]


# ==============================================================================================
# Benchmarks
# ==============================================================================================


def by_claim(pairs: Sequence[Pair]) -> dict[str, list[int]]:
    """Indexes of the pairs of each claim, in first-seen order: one `predict` call per claim."""
    groups: dict[str, list[int]] = {}
    for i, pair in enumerate(pairs):
        groups.setdefault(pair.claim, []).append(i)
    return groups


def judge_pairs(
    pairs: Sequence[Pair], model: TimedStance, vectors: Vectors, desc: str, titles: Sequence[str]
) -> list[str]:
    """The model's label for each pair, a claim's pairs judged in one call with their dense
    similarity to the claim (as the desk passes it) and the title of their source, if any."""
    vectors.add([p.claim for p in pairs] + [p.evidence for p in pairs], desc)
    predicted = [""] * len(pairs)
    groups = by_claim(pairs)
    for claim, indexes in progress(groups.items(), len(groups), desc):
        items = [
            EvidenceText(
                pairs[i].evidence,
                similarity=vectors.similarity(claim, pairs[i].evidence),
                title=titles[i],
            )
            for i in indexes
        ]
        for i, stance in zip(indexes, model.predict(claim, items), strict=True):
            predicted[i] = stance.label.value
    return predicted


def climate_evidence(
    claims: Sequence[ClimateClaim], model: StanceModel, vectors: Vectors
) -> dict[str, Any]:
    timed = TimedStance(model)
    pairs = [
        Pair(c.text, e.text, CLIMATE_EVIDENCE_STANCE[e.label]) for c in claims for e in c.evidence
    ]
    titles = [e.article for c in claims for e in c.evidence]
    predicted = judge_pairs(pairs, timed, vectors, "climate evidence", titles)
    return {**score([p.label for p in pairs], predicted, STANCES), **timed.summary()}


def wikipedia_scope(claims: Sequence[ClimateClaim]) -> GivenScope:
    """Every distinct evidence sentence of Climate-FEVER as one scope: one source per article
    (kind analysis, its own publisher, no date; see the module docstring), titled with it."""
    return GivenScope(
        [
            GivenText(
                e.evidence_id,
                e.article,
                e.text,
                title=e.article,
                seq=int(e.evidence_id.rsplit(":", 1)[1]),
            )
            for claim in claims
            for e in claim.evidence
        ],
        name="climate-fever",
    )


def climate_claims(
    claims: Sequence[ClimateClaim],
    scope: GivenScope,
    model: StanceModel,
    vectors: Vectors,
    calibration: Calibration,
) -> dict[str, Any]:
    timed = TimedStance(model)
    vocabulary = scope.snapshot.bm25.vocabulary
    queries = [normalise_query(c.text, vocabulary) for c in claims]
    vectors.add(queries + [e.text for c in claims for e in c.evidence], "climate claims")
    gold, predicted, confidences = [], [], []
    verdicts: dict[str, Counter[str]] = {label: Counter() for label in CLAIM_LABELS}
    kept: dict[str, Counter[str]] = {label: Counter() for label in CLIMATE_EVIDENCE_STANCE}
    for claim, query in progress(zip(claims, queries, strict=True), len(claims), "climate claims"):
        evidence, verdict = scope.verdict(
            yes_no(claim.text),
            [e.evidence_id for e in claim.evidence],
            timed,
            functools.partial(vectors.similarity, query),
            calibration,
        )
        judged = {item.hit.passage.passage_id for item in evidence}
        for e in claim.evidence:
            kept[e.label]["kept" if e.evidence_id in judged else "dropped"] += 1
        gold.append(claim.label)
        predicted.append(VERDICT_CLAIM_LABEL[verdict.label])
        confidences.append(verdict.confidence)
        verdicts[claim.label][verdict.label.value] += 1
    result = score(gold, predicted, CLAIM_LABELS)
    right = [g == p for g, p in zip(gold, predicted, strict=True)]
    result["expected_calibration_error"] = round(expected_calibration_error(confidences, right), 4)
    result["calibration"] = calibration.to_dict()
    result["verdicts_by_gold"] = {g: dict(c) for g, c in verdicts.items()}
    result["relevance_floor"] = {label: dict(c) for label, c in kept.items()}
    result["targets"] = {
        "accuracy": {
            "value": result["accuracy"],
            "target": TARGET_CLAIM_ACCURACY,
            "pass": result["accuracy"] >= TARGET_CLAIM_ACCURACY,
        },
        "macro_f1": {
            "value": result["macro_f1"],
            "target": TARGET_CLAIM_MACRO_F1,
            "pass": result["macro_f1"] >= TARGET_CLAIM_MACRO_F1,
        },
        "reference_accuracy": REFERENCE_CLAIM_ACCURACY,
    }
    return {**result, **timed.summary()}


def news_scope(bodies: Mapping[str, str]) -> ScopeSnapshot:
    """Every FNC-1 test body as a news source without title, publisher or date, split into
    passages as ingest splits a document."""
    chars = IngestSettings().passage_chars
    sources: dict[str, SourceMeta] = {}
    by_doc: dict[str, list[Passage]] = {}
    for body_id, text in bodies.items():
        doc_id = f"body-{body_id}"
        sources[doc_id] = SourceMeta(doc_id, "", "", SourceKind.NEWS)
        by_doc[doc_id] = split_passages(doc_id, text, max_chars=chars)
    passages = {p.passage_id: p for ps in by_doc.values() for p in ps}
    items = [IndexedPassage(p, "") for p in passages.values()]
    return ScopeSnapshot(
        scope="fnc-1",
        generation=0,
        passages=passages,
        sources=sources,
        bm25=ScopeBM25.build(items, generation=0),
        by_doc=by_doc,
    )


@dataclass
class _BodyRetriever:
    """The passages of one body that retrieval would pass on for a headline: the body's best
    `PER_DOC` by reciprocal rank fusion of BM25 over the whole scope and dense similarity, as
    `HybridRetriever.search` ranks them. BM25 scores are kept per headline (a headline comes
    with several bodies)."""

    scope: ScopeSnapshot
    vectors: Vectors
    _bm25: dict[str, dict[str, float]] = field(default_factory=dict)

    def hits(self, headline: str, query: str, doc_id: str) -> list[Hit]:
        if headline not in self._bm25:
            words = query_words(headline, self.scope.bm25.vocabulary)
            self._bm25[headline] = dict(self.scope.bm25.search(words, len(self.scope.passages)))
        bm25 = self._bm25[headline]
        body = self.scope.by_doc[doc_id]
        dense = {p.passage_id: self.vectors.similarity(query, p.text) for p in body}
        lexical = sorted(
            (p.passage_id for p in body if p.passage_id in bm25), key=lambda i: -bm25[i]
        )
        fused = fuse([lexical, sorted(dense, key=lambda i: -dense[i])], [1.0, 1.0])
        chosen = sorted(fused, key=lambda i: -fused[i])[:PER_DOC]
        return [
            Hit(
                passage=self.scope.passages[pid],
                source=self.scope.sources[doc_id],
                fused_score=fused[pid],
                dense_similarity=dense[pid],
                bm25_score=bm25.get(pid, 0.0),
            )
            for pid in chosen
        ]


def fnc(
    pairs: Sequence[Pair],
    scope: ScopeSnapshot,
    model: StanceModel,
    vectors: Vectors,
    calibration: Calibration,
) -> dict[str, Any]:
    timed = TimedStance(model)
    vocabulary = scope.bm25.vocabulary
    queries = {p.claim: normalise_query(p.claim, vocabulary) for p in pairs}
    needed = dict.fromkeys(f"body-{p.evidence}" for p in pairs)
    passages = [p.text for doc_id in needed for p in scope.by_doc[doc_id]]
    vectors.add([*queries.values(), *passages], "FNC-1 passages")
    retriever = _BodyRetriever(scope, vectors)
    gold, predicted = [], []
    verdicts: dict[str, Counter[str]] = {label: Counter() for label in FNC_LABELS}
    no_passage = 0
    for pair in progress(pairs, len(pairs), "FNC-1"):
        hits = retriever.hits(pair.claim, queries[pair.claim], f"body-{pair.evidence}")
        asked = yes_no(pair.claim)
        query = build_query(asked, vocabulary, len(scope.passages))
        judgement = judge(query, hits, scope, timed)
        no_passage += not judgement.evidence
        verdict = decide_judgement(query, judgement, calibration)
        gold.append(pair.label)
        predicted.append(VERDICT_FNC_LABEL[verdict.label])
        verdicts[pair.label][verdict.label.value] += 1
    result = score(gold, predicted, FNC_LABELS)
    result["verdicts_by_gold"] = {g: dict(c) for g, c in verdicts.items()}
    result["bodies"] = len(needed)
    result["body_passages"] = len(passages)
    result["pairs_without_passage_over_floor"] = no_passage
    return {**result, **timed.summary()}


def healthver(
    splits: Mapping[str, Sequence[Pair]], model: StanceModel, vectors: Vectors
) -> dict[str, Any]:
    result: dict[str, Any] = {"splits": {}}
    gold: list[str] = []
    predicted: list[str] = []
    total = TimedStance(model)
    for split, pairs in splits.items():
        timed = TimedStance(model)
        labels = judge_pairs(pairs, timed, vectors, f"HealthVer {split}", [""] * len(pairs))
        result["splits"][split] = {
            **score([p.label for p in pairs], labels, STANCES),
            **timed.summary(),
        }
        gold += [p.label for p in pairs]
        predicted += labels
        total.texts += timed.texts
        total.calls += timed.calls
        total.wall_s += timed.wall_s
        total.cpu_s += timed.cpu_s
    return {**result, **score(gold, predicted, STANCES), **total.summary()}


# ==============================================================================================
# The run
# ==============================================================================================


def run(
    names: Sequence[str],
    stance: str,
    data: Path,
    limit: int | None,
    stance_model: str | None = None,
) -> dict[str, Any]:
    """Every chosen benchmark; data is loaded (and checked) before any model work starts."""
    emb = EmbeddingSettings()
    embeddings = MiniLMEmbeddings(
        backend=emb.embeddings_backend,
        precision=emb.embeddings_precision,
        cache_dir=emb.model_cache_dir,
        batch_size=emb.embed_batch_size,
    )
    cut = slice(None, limit)
    climate = load_climate(data) if {"climate-evidence", "climate-claims"} & set(names) else []
    fnc_pairs, bodies = load_fnc(data) if "fnc" in names else ([], {})
    health = (
        {s: load_healthver(data, s)[cut] for s in HEALTHVER_SPLITS} if "healthver" in names else {}
    )

    log(f"loading the stance model {stance!r}")
    started = time.perf_counter()
    try:
        model = make_stance_model(stance, stance_model)
        calibration = calibration_for(stance, stance_model)
    except (ValueError, FactdeskError) as exc:  # an unknown name, or a model without its files
        raise SetupError(str(exc)) from exc
    load_s = time.perf_counter() - started
    embeddings.warm_up()
    vectors = Vectors(embeddings)

    steps: dict[str, Callable[[], dict[str, Any]]] = {
        "climate-evidence": lambda: climate_evidence(climate[cut], model, vectors),
        "climate-claims": lambda: climate_claims(
            climate[cut], wikipedia_scope(climate), model, vectors, calibration
        ),
        "fnc": lambda: fnc(fnc_pairs[cut], news_scope(bodies), model, vectors, calibration),
        "healthver": lambda: healthver(health, model, vectors),
    }
    results: dict[str, Any] = {}
    for name in names:
        log(f"{name}: running")
        started, embedded = time.perf_counter(), vectors.seconds
        results[name] = steps[name]()
        results[name]["wall_s"] = round(time.perf_counter() - started, 1)
        results[name]["embed_s"] = round(vectors.seconds - embedded, 1)
        log(f"{name}: done in {results[name]['wall_s']:.0f} s")
    return {
        "config": {
            "stance": stance,
            "stance_model_name": model.name,
            "stance_load_s": round(load_s, 2),
            "data": str(data),
            "limit": limit,
            "benchmarks": list(names),
            "embedding": f"{embeddings.fingerprint} ({embeddings.backend})",
            "passage_chars": IngestSettings().passage_chars,
            "per_doc": PER_DOC,
            "cpus": os.cpu_count(),
            "python": platform.python_version(),
        },
        "benchmarks": results,
    }


# ==============================================================================================
# Report
# ==============================================================================================


def _table(rows: Sequence[Sequence[object]], indent: str = "   ") -> list[str]:
    cells = [[str(c) for c in row] for row in rows]
    widths = [max(len(row[i]) for row in cells) for i in range(len(cells[0]))]
    return [
        indent
        + "  ".join(
            c.rjust(w) if i else c.ljust(w)
            for i, (c, w) in enumerate(zip(row, widths, strict=True))
        ).rstrip()
        for row in cells
    ]


def render_scores(result: Mapping[str, Any]) -> list[str]:
    base = result["majority_baseline"]
    out = [
        f"   n {result['n']:,}   accuracy {result['accuracy']:.4f}   "
        f"macro-F1 {result['macro_f1']:.4f}",
        f"   (always {base['label']}: accuracy {base['accuracy']:.4f}, "
        f"macro-F1 {base['macro_f1']:.4f})",
        "",
    ]
    rows: list[list[object]] = [["class", "precision", "recall", "F1", "gold", "predicted"]]
    for label, m in result["per_class"].items():
        rows.append(
            [
                label,
                f"{m['precision']:.3f}",
                f"{m['recall']:.3f}",
                f"{m['f1']:.3f}",
                m["support"],
                m["predicted"],
            ]
        )
    out += _table(rows)
    confusion = result["confusion"]
    out += ["", "   confusion (rows gold, columns predicted):"]
    matrix: list[list[object]] = [["", *confusion["columns"]]]
    matrix += [[g, *row.values()] for g, row in confusion["rows"].items()]
    out += _table(matrix, "     ")
    return out


def render_speed(result: Mapping[str, Any]) -> str:
    rate = result["pairs_per_s"]
    per_cpu = result["pairs_per_cpu_s"]
    return (
        f"   stance: {result['pairs']:,} pairs in {result['predict_calls']:,} calls, "
        f"{result['predict_s']:.1f} s -> {rate if rate is not None else 'n/a'} pairs/s "
        f"({per_cpu if per_cpu is not None else 'n/a'} per CPU-s); benchmark "
        f"{result['wall_s']:.0f} s wall, of which embedding {result['embed_s']:.0f} s"
    )


def _counts(by_gold: Mapping[str, Mapping[str, int]]) -> list[str]:
    lines = []
    for gold, counts in by_gold.items():
        parts = ", ".join(f"{v} {n}" for v, n in sorted(counts.items(), key=lambda x: -x[1]))
        lines.append(f"     {gold:<16} {parts}")
    return lines


def render(result: Mapping[str, Any]) -> str:
    cfg = result["config"]
    out = [
        f"factdesk stance benchmarks: --stance {cfg['stance']} (model {cfg['stance_model_name']}, "
        f"loaded in {cfg['stance_load_s']:.1f} s)",
        f"  data {cfg['data']}; embeddings {cfg['embedding']}; {cfg['cpus']} CPUs, "
        f"Python {cfg['python']}"
        + (f"; --limit {cfg['limit']} (smoke run)" if cfg["limit"] else ""),
    ]
    bench = result["benchmarks"]

    def mark(ok: bool) -> str:
        return "PASS" if ok else "MISS"

    if "climate-evidence" in bench:
        r = bench["climate-evidence"]
        out += ["", "Climate-FEVER, evidence level: 3-way stance of claim-evidence pairs"]
        out += [*render_scores(r), render_speed(r)]
    if "climate-claims" in bench:
        r = bench["climate-claims"]
        t = r["targets"]
        out += ["", "Climate-FEVER, claim level: judge + decide over the 5 gold sentences"]
        out += render_scores(r)
        out += [
            "",
            f"   accuracy {r['accuracy']:.4f}: target >= {TARGET_CLAIM_ACCURACY} "
            f"{mark(t['accuracy']['pass'])}; FEVER-trained entailment model (Diggelmann et al. "
            f"2020) {REFERENCE_CLAIM_ACCURACY}",
            f"   macro-F1 {r['macro_f1']:.4f}: target >= {TARGET_CLAIM_MACRO_F1} "
            f"{mark(t['macro_f1']['pass'])}",
            f"   expected calibration error of the verdict's confidence (10 bins): "
            f"{r['expected_calibration_error']:.4f} (calibration {r['calibration']})",
            "   verdicts by gold label:",
            *_counts(r["verdicts_by_gold"]),
            "   gold sentences past the judge's relevance floor, by gold evidence label:",
            *_counts(r["relevance_floor"]),
            render_speed(r),
        ]
    if "fnc" in bench:
        r = bench["fnc"]
        out += [
            "",
            f"FNC-1 competition test, agree/disagree pairs: judge + decide over each body's best "
            f"{cfg['per_doc']} passages",
            *render_scores(r),
            "",
            f"   {r['bodies']:,} bodies, {r['body_passages']:,} passages of <= "
            f"{cfg['passage_chars']} chars; {r['pairs_without_passage_over_floor']:,} pairs with "
            "no passage over the relevance floor",
            "   verdicts by gold label:",
            *_counts(r["verdicts_by_gold"]),
            render_speed(r),
        ]
    if "healthver" in bench:
        r = bench["healthver"]
        out += ["", "HealthVer, 3-way stance of claim-evidence pairs"]
        for split, s in r["splits"].items():
            out += [f"  {split}:", *render_scores(s)]
        out += ["  dev + test:", *render_scores(r), render_speed(r)]
    return "\n".join(out)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0] if __doc__ else None,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--stance", default="lexical", help="stance model name (default lexical)")
    parser.add_argument(
        "--model",
        metavar="PATH",
        help="cross-encoder folder for --stance model/hybrid (default: the shipped one); a "
        "candidate's verdicts are not calibrated",
    )
    parser.add_argument(
        "--data", type=Path, default=DEFAULT_DATA, help=f"data folder (default {DEFAULT_DATA})"
    )
    parser.add_argument(
        "--only",
        default=",".join(BENCHMARKS),
        help=f"comma-separated subset of {', '.join(BENCHMARKS)}",
    )
    parser.add_argument("--limit", type=int, help="first N items of each benchmark (smoke run)")
    parser.add_argument(
        "--json", action="store_true", help="print one JSON object on stdout (report to stderr)"
    )
    args = parser.parse_args(argv)
    names = [n.strip() for n in args.only.split(",") if n.strip()]
    unknown = sorted(set(names) - set(BENCHMARKS))
    if unknown or not names:
        parser.error(f"--only takes {', '.join(BENCHMARKS)}; got {args.only!r}")
    if args.limit is not None and args.limit < 1:
        parser.error("--limit must be at least 1")
    names = [n for n in BENCHMARKS if n in names]

    try:
        result = run(names, args.stance, args.data.resolve(), args.limit, args.model)
    except SetupError as exc:
        print(f"stance_benchmarks: {exc}", file=sys.stderr)
        return 2
    result["total_s"] = round(time.perf_counter() - _START, 1)
    report = render(result) + f"\n\nbenchmarks took {result['total_s']:.0f} s"
    if args.json:
        print(report, file=sys.stderr)
        print(json.dumps(result))
    else:
        print(report)
    return 0


if __name__ == "__main__":
    sys.exit(main())
