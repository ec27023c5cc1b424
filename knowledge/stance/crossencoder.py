"""The trained stance cross-encoder: (claim, passage) -> supports / refutes / neutral.

factdesk ships its own model in `knowledge/stance/model/` (see MODEL_CARD.md there): MiniLM-L6
fine-tuned on the training-allowed public sets and on news-stance variants, exported to int8
ONNX, run by ONNX Runtime with no torch. Like the int8 embeddings it scores one pair per run,
so a passage's stance does not depend on the passages judged beside it, and spreads the pairs
over one single-threaded session per core.

`FACTDESK_STANCE_MODEL` may instead name a folder holding another such export (model.json,
tokenizer.json, the .onnx file), or any Hugging Face NLI cross-encoder (a hub name or a local
folder), run with transformers; its labels are read from its config (entailment ->
supports, contradiction -> refutes, neutral or not_entailment -> neutral).
"""

from __future__ import annotations

import functools
import json
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

import numpy as np

from knowledge.errors import ModelError
from knowledge.models import Signal, Stance, StanceLabel
from knowledge.onnx_runtime import Lanes, lanes_on
from knowledge.stance import SHIPPED_MODEL, EvidenceText

if TYPE_CHECKING:
    from numpy.typing import NDArray

__all__ = [
    "CrossEncoderStance",
    "HuggingFacePairScorer",
    "OnnxPairScorer",
    "load_pair_scorer",
    "scorer_name",
    "softmax",
]

# The model's own signals, so that `ask --explain` shows who read the passage which way.
_SIGNALS = {
    StanceLabel.SUPPORTS: Signal.MODEL_SUPPORTS,
    StanceLabel.REFUTES: Signal.MODEL_REFUTES,
    StanceLabel.NEUTRAL: Signal.MODEL_NEUTRAL,
}
_SEP = 102  # BERT's [SEP]: the evidence is segment 1 after the first one


class PairScorer(Protocol):
    """Probabilities (supports, refutes, neutral) for (claim, evidence) pairs."""

    name: str

    def probabilities(self, pairs: Sequence[tuple[str, str]]) -> NDArray[np.float64]: ...


def softmax(logits: NDArray[np.float32], temperature: float = 1.0) -> NDArray[np.float64]:
    """Probabilities from logits (last axis) divided by `temperature`."""
    scaled = logits.astype(np.float64) / temperature
    scaled -= scaled.max(axis=-1, keepdims=True)
    exp = np.exp(scaled)
    return exp / exp.sum(axis=-1, keepdims=True)  # type: ignore[no-any-return]


class OnnxPairScorer:
    """An exported cross-encoder folder: model.json, tokenizer.json and the ONNX graph."""

    def __init__(self, folder: Path, *, threads: int | None = None) -> None:
        from tokenizers import Tokenizer

        card_path = folder / "model.json"
        if not card_path.is_file():
            raise ModelError(
                f"{folder} is not a factdesk stance model (no model.json); point "
                "FACTDESK_STANCE_MODEL at a folder written by knowledge.stance.training.train "
                "or at a Hugging Face NLI model"
            )
        card = json.loads(card_path.read_text(encoding="utf-8"))
        self.name = f"cross-encoder:{folder.name}"
        self.labels = [StanceLabel(label) for label in card["labels"]]
        self.temperature = float(card.get("temperature", 1.0))
        graphs = sorted(folder.glob("*.onnx"))
        if len(graphs) != 1:
            raise ModelError(f"{folder} should hold exactly one .onnx file, found {len(graphs)}")
        self._tokenizer = Tokenizer.from_file(str(folder / "tokenizer.json"))
        self._tokenizer.enable_truncation(int(card["max_tokens"]), strategy="only_second")
        self._tokenizer.no_padding()
        self._run: Lanes[list[int], NDArray[np.float32]] = lanes_on(
            graphs[0],
            _OnnxPair,
            threads=threads,
            remedy="reinstall factdesk or retrain with `make train-stance`",
        )

    def probabilities(self, pairs: Sequence[tuple[str, str]]) -> NDArray[np.float64]:
        """One row per pair, columns in `StanceLabel` order (supports, refutes, neutral)."""
        if not pairs:
            return np.zeros((0, 3))
        encodings = self._tokenizer.encode_batch(list(pairs))
        logits = np.stack(self._run.many([enc.ids for enc in encodings]))
        probs = softmax(logits, self.temperature)
        order = [self.labels.index(label) for label in StanceLabel]
        return probs[:, order]


class _OnnxPair:
    """Runs one tokenised pair through a session."""

    def __init__(self, session: Any) -> None:
        self._session = session

    def __call__(self, ids: list[int]) -> NDArray[np.float32]:
        tokens = np.array([ids], dtype=np.int64)
        types = np.zeros_like(tokens)
        types[0, ids.index(_SEP) + 1 :] = 1
        feeds = {
            "input_ids": tokens,
            "attention_mask": np.ones_like(tokens),
            "token_type_ids": types,
        }
        return np.asarray(self._session.run(None, feeds)[0][0], dtype=np.float32)


_HF_LABELS = {
    "entailment": StanceLabel.SUPPORTS,
    "supports": StanceLabel.SUPPORTS,
    "contradiction": StanceLabel.REFUTES,
    "refutes": StanceLabel.REFUTES,
    "neutral": StanceLabel.NEUTRAL,
    "not_entailment": StanceLabel.NEUTRAL,
}


class HuggingFacePairScorer:
    """Any Hugging Face sequence-classification NLI model, run with transformers (torch)."""

    def __init__(self, name: str, *, batch_size: int = 16) -> None:
        if name.startswith((".", "/", "~")) and not Path(name).expanduser().is_dir():
            raise ModelError(
                f"FACTDESK_STANCE_MODEL={name}: no such folder; give a folder holding a "
                "factdesk or Hugging Face model, or a Hugging Face model name"
            )
        try:
            import torch
            import transformers
        except ImportError as exc:  # pragma: no cover - torch comes with `make setup`
            raise ModelError("a Hugging Face stance model needs torch and transformers") from exc
        try:
            self._tokenizer = transformers.AutoTokenizer.from_pretrained(name)
            self._model = transformers.AutoModelForSequenceClassification.from_pretrained(name)
        except Exception as exc:
            raise ModelError(
                f"could not load the stance model {name!r} ({exc}); FACTDESK_STANCE_MODEL must "
                "be a local folder or a Hugging Face model already downloaded (or reachable)"
            ) from exc
        self._model.eval()
        self._torch = torch
        self.name = f"hf:{name}"
        self._batch_size = batch_size
        id2label = {int(k): str(v).lower() for k, v in self._model.config.id2label.items()}
        unknown = sorted(set(id2label.values()) - set(_HF_LABELS))
        if unknown or len(id2label) < 2:
            raise ModelError(
                f"{name!r} is not an NLI model factdesk can read: its labels are "
                f"{sorted(id2label.values())}; it needs entailment / contradiction / neutral"
            )
        self._columns = [_HF_LABELS[id2label[i]] for i in range(len(id2label))]

    def probabilities(self, pairs: Sequence[tuple[str, str]]) -> NDArray[np.float64]:
        out = np.zeros((len(pairs), 3))
        columns = list(StanceLabel)
        for start in range(0, len(pairs), self._batch_size):
            batch = pairs[start : start + self._batch_size]
            inputs = self._tokenizer(
                [claim for claim, _ in batch],
                [evidence for _, evidence in batch],
                truncation="only_second",
                max_length=256,
                padding=True,
                return_tensors="pt",
            )
            with self._torch.no_grad():
                logits = self._model(**inputs).logits.float().numpy()
            probs = softmax(logits, 1.0)
            for column, label in enumerate(self._columns):
                out[start : start + len(batch), columns.index(label)] += probs[:, column]
        return out


@functools.cache
def load_pair_scorer(name: str | None = None) -> PairScorer:
    """The shipped model (`name` None), an exported folder, or a Hugging Face model; loaded
    once per process (sessions are safe to share between threads)."""
    if name is None:
        return OnnxPairScorer(SHIPPED_MODEL)
    folder = Path(name).expanduser()
    if (folder / "model.json").is_file():
        return OnnxPairScorer(folder)
    return HuggingFacePairScorer(name)


def scorer_name(name: str | None) -> str:
    """What `load_pair_scorer(name)` will be called, without loading it."""
    if name is None:
        return f"cross-encoder:{SHIPPED_MODEL.name}"
    folder = Path(name).expanduser()
    if (folder / "model.json").is_file():
        return f"cross-encoder:{folder.name}"
    return f"hf:{name}"


class CrossEncoderStance:
    """A `StanceModel` that asks the cross-encoder about each passage. The model loads on
    first use (or `warm_up`), so commands that never judge a passage do not wait for it."""

    def __init__(self, scorer: PairScorer | None = None, *, model: str | None = None) -> None:
        self._scorer = scorer
        self._model = model
        self.name = scorer.name if scorer is not None else scorer_name(model)

    @property
    def scorer(self) -> PairScorer:
        if self._scorer is None:
            self._scorer = load_pair_scorer(self._model)
        return self._scorer

    def warm_up(self) -> None:
        """Load the model now (a bad FACTDESK_STANCE_MODEL fails here, not mid-answer)."""
        _ = self.scorer

    def predict(self, claim: str, evidence: Sequence[EvidenceText]) -> list[Stance]:
        if not evidence:
            return []
        probs = self.scorer.probabilities([(claim, item.text) for item in evidence])
        return [stance_from(row) for row in probs]


def stance_from(row: NDArray[np.float64]) -> Stance:
    """A `Stance` from one row of probabilities in `StanceLabel` order."""
    labels = list(StanceLabel)
    label = labels[int(row.argmax())]
    probs = {option.value: round(float(p), 4) for option, p in zip(labels, row, strict=True)}
    return Stance(label=label, probs=probs, signal=_SIGNALS[label])
