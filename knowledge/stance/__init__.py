"""Stance: does a passage support the claim, contradict it, or neither?

Every stance model answers the same small question through `StanceModel.predict`, so a trained
cross-encoder or an LLM can replace the lexical model without touching the rest of the desk.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from knowledge.models import Stance

__all__ = ["EvidenceText", "StanceModel", "default_stance_model", "make_stance_model"]


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


def default_stance_model() -> StanceModel:
    from knowledge.stance.lexical import LexicalStance

    return LexicalStance()


def make_stance_model(kind: str) -> StanceModel:
    """The stance model called `kind`: "lexical" (rules over words) for now; the trained
    cross-encoder and its hybrid with the rules join here."""
    if kind == "lexical":
        return default_stance_model()
    raise ValueError(f"unknown stance model {kind!r}; use 'lexical'")
