"""The plain data that travels between factdesk's stages.

Sources go in as `LoadedDocument`s and are stored as `Source` + `Passage`s; a question becomes a
`Claim`, retrieval returns `Hit`s, stance turns each into `Evidence`, the verdict stage weighs them
into a `Verdict`, and compose writes the `Answer` that front ends render.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum
from typing import Any

__all__ = [
    "Answer",
    "Citation",
    "Claim",
    "Evidence",
    "Hit",
    "IngestFailure",
    "IngestReport",
    "LoadedDocument",
    "Passage",
    "QuestionType",
    "Signal",
    "Source",
    "SourceKind",
    "SourceMeta",
    "Stance",
    "StanceLabel",
    "Verdict",
    "VerdictLabel",
]


class SourceKind(StrEnum):
    """What sort of text a source is; the verdict weighs each kind differently."""

    NEWS = "news"
    STATEMENT = "statement"
    ANALYSIS = "analysis"
    SOCIAL = "social"
    FACTCHECK = "factcheck"
    CORRECTION = "correction"


@dataclass(frozen=True, slots=True)
class SourceMeta:
    """Who published a document, when, and what kind of text it is."""

    doc_id: str
    title: str
    publisher: str
    kind: SourceKind
    published: date | None = None
    author: str | None = None
    url: str | None = None

    def fields(self) -> dict[str, str | None]:
        """Everything but the id as plain strings, in the order the registry, the JSON output
        and the content hash all use."""
        return {
            "title": self.title,
            "publisher": self.publisher,
            "author": self.author,
            "url": self.url,
            "published": self.published.isoformat() if self.published else None,
            "kind": self.kind.value,
        }


@dataclass(frozen=True, slots=True)
class LoadedDocument:
    """A document as a loader read it: metadata, body text and where it came from.

    A document carried over from an export also says who first loaded it and when, which the
    registry keeps instead of the import's own time and name.
    """

    meta: SourceMeta
    text: str
    origin: str
    loaded_at: datetime | None = None
    loaded_by: str | None = None


@dataclass(frozen=True, slots=True)
class Source:
    """A document as the registry holds it."""

    meta: SourceMeta
    scope: str
    origin: str
    content_hash: str
    loaded_at: datetime
    loaded_by: str
    passage_count: int

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.meta.doc_id,
            **self.meta.fields(),
            "scope": self.scope,
            "origin": self.origin,
            "content_hash": self.content_hash,
            "loaded_at": self.loaded_at.isoformat(timespec="seconds"),
            "loaded_by": self.loaded_by,
            "passages": self.passage_count,
        }


@dataclass(frozen=True, slots=True)
class Passage:
    """A few sentences of one document, with their character offsets in its text."""

    passage_id: str
    doc_id: str
    seq: int
    start: int
    end: int
    text: str


@dataclass(frozen=True, slots=True)
class Hit:
    """A retrieved passage with its source and how retrieval scored it."""

    passage: Passage
    source: SourceMeta
    fused_score: float
    dense_similarity: float
    bm25_score: float


class QuestionType(StrEnum):
    """Whether a question asks if something is true, or asks for a fact."""

    YES_NO = "yes_no"
    WH = "wh"


@dataclass(frozen=True, slots=True)
class Claim:
    """The statement a question asks about, in the form the later stages work on."""

    question: str
    text: str
    question_type: QuestionType
    wh_word: str | None = None
    context: str | None = None
    # The verb a yes/no question opened with ("was" in "was the ferry suspended?"), which the
    # claim text leaves out; the query puts it back after the subject for the models to read.
    auxiliary: str | None = None


class StanceLabel(StrEnum):
    SUPPORTS = "supports"
    REFUTES = "refutes"
    NEUTRAL = "neutral"


class Signal(StrEnum):
    """What a passage does with the claim, as the stance stage read it: the verdict weighs
    these (a rating decides a fact-check; a relayed claim is an echo), and the value is the
    reason shown to people."""

    STATES = "states it"
    STATES_SUBJECT = "states its subject, not its point"
    HEDGES = "says it may be so"
    SAYS_OPPOSITE = "says the opposite"
    DIFFERENT_FIGURE = "gives a different figure"
    DENIES = "denies it"
    DOUBTS = "doubts it"
    CORRECTS = "corrects the report"
    RATES_FALSE = "rated false"
    RATES_TRUE = "rated true"
    UNCONFIRMED = "says it is unconfirmed"
    MIXED = "says the evidence is mixed"
    # The claim is itself about a correction, a denial or a falsehood, and the passage is one.
    CORRECTION_ISSUED = "a correction was published"
    DENIAL_ISSUED = "a denial was issued"
    AGREES_FALSE = "agrees it is false"
    JUDGES_OTHER = "judges another claim"
    NOT_ADDRESSED = "does not address it"
    # The trained model's readings of a plain passage.
    MODEL_SUPPORTS = "the model reads it as supporting it"
    MODEL_REFUTES = "the model reads it as contradicting it"
    MODEL_NEUTRAL = "the model reads it as not settling it"


@dataclass(frozen=True, slots=True)
class Stance:
    """How one passage bears on a claim, with a probability per label and the signal read;
    `attributed` if the passage only relays someone else's claim ("posts say ...")."""

    label: StanceLabel
    probs: Mapping[str, float]
    signal: Signal = Signal.NOT_ADDRESSED
    attributed: bool = False
    # The passage lacks what the claim says about its subject (its point): a denial or a
    # rating here may judge another claim about the same thing, and a model's reading of it
    # rests on the subject's words alone, so it is no firm voice.
    off_point: bool = False

    @property
    def reason(self) -> str:
        return self.signal.value


@dataclass(frozen=True, slots=True)
class Evidence:
    """A retrieved passage judged against the claim.

    `relevance` is how squarely the passage is about the claim (0..1); `sentence` is the
    sentence of the passage that bears on it most, used as the quote; `focus` says how much of
    the question the quote itself names: the share of its words weighted by rarity, plus 0.5
    if it has the question's most specific word.
    """

    hit: Hit
    stance: Stance
    relevance: float
    sentence: str
    focus: float = 0.0


class VerdictLabel(StrEnum):
    SUPPORTED = "supported"
    REFUTED = "refuted"
    DISPUTED = "disputed"
    UNVERIFIED = "unverified"
    NO_EVIDENCE = "no_evidence"


@dataclass(frozen=True, slots=True)
class Verdict:
    """The judgement on a claim: label, calibrated confidence, wording, and what it rests on."""

    label: VerdictLabel
    confidence: float
    headline: str
    basis: str
    evidence: tuple[Evidence, ...] = ()


@dataclass(frozen=True, slots=True)
class Citation:
    """A numbered source in an answer, with the short quote the answer relies on."""

    n: int
    doc_id: str
    title: str
    publisher: str
    published: date | None
    url: str | None
    kind: SourceKind
    quote: str
    passage_id: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "n": self.n,
            "doc_id": self.doc_id,
            "title": self.title,
            "publisher": self.publisher,
            "published": self.published.isoformat() if self.published else None,
            "url": self.url,
            "kind": self.kind.value,
            "quote": self.quote,
        }


@dataclass(frozen=True, slots=True)
class Answer:
    """What a front end shows for one question."""

    question: str
    claim: str
    verdict: VerdictLabel
    confidence: float
    headline: str
    text: str
    citations: tuple[Citation, ...]
    timings_ms: Mapping[str, float] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {
            "question": self.question,
            "claim": self.claim,
            "verdict": self.verdict.value,
            "confidence": round(self.confidence, 3),
            "headline": self.headline,
            "text": self.text,
            "citations": [c.to_dict() for c in self.citations],
            "timings_ms": {k: round(v, 1) for k, v in self.timings_ms.items()},
        }


@dataclass(frozen=True, slots=True)
class IngestFailure:
    """A document or file that was not loaded, and why."""

    origin: str
    message: str


@dataclass(frozen=True, slots=True)
class IngestReport:
    """What one ingest did: ids added, replaced, unchanged, and what failed."""

    added: tuple[str, ...] = ()
    replaced: tuple[str, ...] = ()
    unchanged: tuple[str, ...] = ()
    failed: tuple[IngestFailure, ...] = ()
    passages_indexed: int = 0
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return not self.failed

    def to_dict(self) -> dict[str, Any]:
        return {
            "added": list(self.added),
            "replaced": list(self.replaced),
            "unchanged": list(self.unchanged),
            "failed": [{"origin": f.origin, "error": f.message} for f in self.failed],
            "passages_indexed": self.passages_indexed,
            "seconds": round(self.seconds, 2),
        }
