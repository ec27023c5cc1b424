"""FACTDESK_STANCE_MODEL naming a Hugging Face NLI model: here a local folder in the Hugging
Face layout, built from the packaged MiniLM weights with an NLI head, so nothing downloads."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import torch
import transformers

from knowledge.embeddings import model_dir
from knowledge.errors import ModelError
from knowledge.settings import AnswerSettings, Settings
from knowledge.stance import make_stance_model
from knowledge.stance.crossencoder import HuggingFacePairScorer

PAIRS = [
    ("The Danube flows into the Black Sea.", "The Danube ends in a delta on the Black Sea."),
    ("The team won the final.", "The team lost the final 3-1."),
]


def _save_nli_model(folder: Path, id2label: dict[int, str]) -> Path:
    torch.manual_seed(0)
    model = transformers.AutoModelForSequenceClassification.from_pretrained(
        str(model_dir()), num_labels=len(id2label), id2label=id2label
    )
    model.save_pretrained(folder)
    transformers.AutoTokenizer.from_pretrained(str(model_dir())).save_pretrained(folder)
    return folder


def test_a_hugging_face_nli_model_is_read_through_its_own_label_names(tmp_path: Path) -> None:
    folder = _save_nli_model(tmp_path / "nli", {0: "contradiction", 1: "entailment", 2: "neutral"})
    model = transformers.AutoModelForSequenceClassification.from_pretrained(folder).eval()
    tokenizer = transformers.AutoTokenizer.from_pretrained(folder)
    inputs = tokenizer(
        [c for c, _ in PAIRS], [e for _, e in PAIRS], padding=True, return_tensors="pt"
    )
    with torch.no_grad():
        expected = torch.softmax(model(**inputs).logits, dim=1).numpy()

    got = HuggingFacePairScorer(str(folder)).probabilities(PAIRS)

    # factdesk's columns are supports, refutes, neutral: entailment, contradiction, neutral.
    np.testing.assert_allclose(got, expected[:, [1, 0, 2]], atol=1e-5)


def test_the_setting_picks_the_model_for_the_desk(tmp_path: Path) -> None:
    folder = _save_nli_model(tmp_path / "nli", {0: "entailment", 1: "neutral", 2: "contradiction"})
    answer = AnswerSettings(stance="model", stance_model=str(folder))

    stance = make_stance_model(answer.stance, answer.stance_model)

    assert stance.name == f"hf:{folder}"
    assert Settings(answer=answer).answer.stance_model == str(folder)


def test_a_model_that_is_not_nli_is_refused_with_its_labels(tmp_path: Path) -> None:
    folder = _save_nli_model(tmp_path / "sentiment", {0: "negative", 1: "positive"})

    with pytest.raises(ModelError, match=r"not an NLI model.*negative"):
        HuggingFacePairScorer(str(folder))


def test_a_missing_model_says_what_to_do(tmp_path: Path) -> None:
    with pytest.raises(ModelError, match="no such folder"):
        HuggingFacePairScorer(str(tmp_path / "nowhere"))
