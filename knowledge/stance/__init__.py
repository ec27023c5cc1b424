"""Stance: does a passage support the claim, contradict it, or neither?

Every stance model answers the same small question through `StanceModel.predict`, so a trained
cross-encoder or an LLM can replace the lexical model without touching the rest of the desk.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol, runtime_checkable

from knowledge.models import Stance

__all__ = [
    "SHIPPED_MODEL",
    "EvidenceText",
    "KeepsRules",
    "StanceModel",
    "WarmsUp",
    "default_stance_model",
    "make_stance_model",
]

# The cross-encoder factdesk ships (model, tokenizer, model.json, MODEL_CARD.md) and the
# calibration of verdicts fitted with it.
SHIPPED_MODEL = Path(__file__).with_name("model")


@dataclass(frozen=True, slots=True)
class EvidenceText:
    """A passage to judge, with the sentence before it (what a bare "These claims are false."
    is about), its document's title, and its dense similarity to the claim if known."""

    text: str
    context: str = ""
    similarity: float | None = None
    title: str = ""


class StanceModel(Protocol):
    """Judges passages against one claim."""

    name: str

    def predict(self, claim: str, evidence: Sequence[EvidenceText]) -> list[Stance]:
        """One `Stance` per evidence text, in order."""
        ...


@runtime_checkable
class KeepsRules(Protocol):
    """A stance model that reads cues with rules of its own, which can read a question's
    passages without it (the hybrid: the rules without the trained model)."""

    rules: StanceModel


@runtime_checkable
class WarmsUp(Protocol):
    """A stance model with something to load, which it can load ahead of the first question."""

    def warm_up(self) -> None: ...


def default_stance_model() -> StanceModel:
    """The shipped cross-encoder with the lexical rules' cues (`HybridStance`)."""
    return make_stance_model("hybrid")


def make_stance_model(kind: str, model: str | None = None) -> StanceModel:
    """The stance model called `kind`:

    - "hybrid": the trained cross-encoder reads plain passages, the rules read cues (default);
    - "model": the cross-encoder alone;
    - "lexical": the rules alone (offline, instant, no model files);
    - "llm": the configured chat model, which needs factdesk's LLM mode (not in this version).

    `model` names the cross-encoder: None for the shipped one, else a folder or a Hugging Face
    NLI model (see `knowledge.stance.crossencoder`).
    """
    from knowledge.errors import ModelError
    from knowledge.stance.lexical import LexicalStance

    if kind == "lexical":
        return LexicalStance()
    if kind in ("model", "hybrid"):
        from knowledge.stance.crossencoder import CrossEncoderStance
        from knowledge.stance.hybrid import HybridStance

        cross = CrossEncoderStance(model=model)
        return cross if kind == "model" else HybridStance(cross)
    if kind == "llm":
        raise ModelError(
            "FACTDESK_STANCE=llm judges passages with a chat model, and this version of "
            "factdesk has no LLM mode yet; set FACTDESK_STANCE to hybrid, model or lexical"
        )
    raise ModelError(f"unknown stance model {kind!r}; use hybrid, model, lexical or llm")
