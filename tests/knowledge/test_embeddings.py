"""The packaged MiniLM model: the ONNX export gives sentence-transformers' vectors, offline."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from knowledge.embeddings import MiniLMEmbeddings
from knowledge.errors import ModelError

TEXTS = [
    "Kazakhstan denied selling military aircraft to Ukraine.",
    "The embassy said the country does not export arms to any country, the US included.",
    "Trains between Millbridge and Oakhollow will not run for a week in May.",
    "",
]


@pytest.fixture(scope="module")
def torch_vectors() -> np.ndarray:
    return MiniLMEmbeddings(backend="torch").embed_array(TEXTS)


def test_fresh_onnx_export_matches_sentence_transformers(
    tmp_path_factory: pytest.TempPathFactory,
    torch_vectors: np.ndarray,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    cache = tmp_path_factory.mktemp("model-cache")
    model = MiniLMEmbeddings(precision="fp32", cache_dir=cache)
    vectors = model.embed_array(TEXTS)
    assert list(cache.glob("*.onnx")), "the export is cached for the next start"
    assert vectors.shape == (len(TEXTS), 384)
    assert np.abs(vectors - torch_vectors).max() < 1e-4
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-4)


def test_int8_is_close_but_a_different_vector_space(
    tmp_path_factory: pytest.TempPathFactory, torch_vectors: np.ndarray
) -> None:
    model = MiniLMEmbeddings(precision="int8", cache_dir=tmp_path_factory.mktemp("int8-cache"))
    vectors = model.embed_array(TEXTS[:3])
    cosines = (vectors * torch_vectors[:3]).sum(axis=1)
    assert cosines.min() > 0.95
    assert model.fingerprint != MiniLMEmbeddings(precision="fp32").fingerprint


def test_batches_of_mixed_lengths_keep_their_order(embeddings: MiniLMEmbeddings) -> None:
    together = embeddings.embed_array(TEXTS)
    one_by_one = np.stack([embeddings.embed_array([t])[0] for t in TEXTS])
    assert np.abs(together - one_by_one).max() < 1e-4
    assert embeddings.embed_query(TEXTS[0]) == pytest.approx(together[0].tolist(), abs=1e-4)


def test_a_corrupt_cached_export_says_how_to_recover(tmp_path: Path) -> None:
    model = MiniLMEmbeddings(cache_dir=tmp_path)
    model.onnx_path.write_bytes(b"not a model")
    with pytest.raises(ModelError, match="delete it to re-export"):
        model.warm_up()


def test_torch_backend_has_no_int8() -> None:
    with pytest.raises(ModelError, match="int8 precision needs the onnx backend"):
        MiniLMEmbeddings(backend="torch", precision="int8")


def test_many_batches_in_parallel_give_the_same_vectors(embeddings: MiniLMEmbeddings) -> None:
    """A corpus is embedded by one single-threaded session per core; a question by one session
    using every core. Both must give the same vectors."""
    texts = [f"Passage {i} about the harbour ferry timetable." for i in range(100)]
    bulk = embeddings.embed_array(texts)
    one = np.stack([embeddings.embed_array([t])[0] for t in texts[:5]])
    assert np.abs(bulk[:5] - one).max() < 1e-4
