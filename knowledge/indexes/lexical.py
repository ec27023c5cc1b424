"""BM25 over a scope's passages (bm25s), rebuilt from the registry whenever it is stale.

bm25s cannot add to an index, so a change to a scope rebuilds it (about a second per 20,000
passages). Each passage is indexed with its document's title, so that "These claims are false."
is found by the words of the claim it denies. The saved index records the registry generation it
was built from; a mismatch means rebuild.
"""

from __future__ import annotations

import json
import logging
import os
import shutil
import tempfile
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import bm25s
import numpy as np

from knowledge.errors import StoreError
from knowledge.models import Passage
from knowledge.text.terms import STOPWORDS, stem, surface_words
from knowledge.text.variants import QueryWord
from knowledge.text.vocabulary import Vocabulary

__all__ = ["LexicalIndex", "ScopeBM25"]

logging.getLogger("bm25s").setLevel(logging.WARNING)

_STATE = "state.json"


@dataclass(frozen=True, slots=True)
class IndexedPassage:
    passage: Passage
    title: str


class ScopeBM25:
    """One scope's BM25 index with the vocabulary its questions are matched against."""

    def __init__(
        self,
        model: bm25s.BM25 | None,
        passage_ids: Sequence[str],
        vocabulary: Vocabulary,
        generation: int,
    ) -> None:
        self._model = model
        self.passage_ids = list(passage_ids)
        self.vocabulary = vocabulary
        self.generation = generation
        self._known = set(model.vocab_dict) if model is not None else set()

    @classmethod
    def build(cls, items: Sequence[IndexedPassage], generation: int) -> ScopeBM25:
        texts = [f"{i.title}\n{i.passage.text}" for i in items]
        words = [surface_words(t) for t in texts]
        vocabulary = Vocabulary.from_texts(texts)
        if not items:
            return cls(None, [], vocabulary, generation)
        model = bm25s.BM25()
        tokens = [[stem(w) for w in ws if w not in STOPWORDS] or [""] for ws in words]
        model.index(tokens, show_progress=False)
        return cls(model, [i.passage.passage_id for i in items], vocabulary, generation)

    def search(self, words: Sequence[QueryWord], k: int) -> list[tuple[str, float]]:
        """(passage_id, BM25 score) of the k best passages; each word's alternatives count at
        their weight, and a word counts once however many alternatives match."""
        if self._model is None or not words:
            return []
        scores = np.zeros(len(self.passage_ids), dtype=np.float32)
        for word in words:
            best = None
            for term, weight in word.alternatives:
                if term in self._known:
                    part = self._model.get_scores([term]) * weight
                    best = part if best is None else np.maximum(best, part)
            if best is not None:
                scores += best
        k = min(k, len(scores))
        top = np.argpartition(-scores, k - 1)[:k]
        top = top[np.argsort(-scores[top])]
        return [(self.passage_ids[i], float(scores[i])) for i in top if scores[i] > 0]

    def save(self, directory: Path) -> None:
        directory.parent.mkdir(parents=True, exist_ok=True)
        scratch = Path(tempfile.mkdtemp(dir=directory.parent, prefix=".bm25-"))
        try:
            if self._model is not None:
                self._model.save(str(scratch), show_progress=False)
            state = {
                "generation": self.generation,
                "passage_ids": self.passage_ids,
                "vocabulary": self.vocabulary.to_dict(),
            }
            (scratch / _STATE).write_text(json.dumps(state), encoding="utf-8")
            old = directory.with_name(directory.name + ".old")
            if directory.exists():
                os.replace(directory, old)
            os.replace(scratch, directory)
            shutil.rmtree(old, ignore_errors=True)
        finally:
            shutil.rmtree(scratch, ignore_errors=True)

    @classmethod
    def load(cls, directory: Path) -> ScopeBM25 | None:
        """The saved index, or None if there is none or it cannot be read."""
        try:
            state = json.loads((directory / _STATE).read_text(encoding="utf-8"))
            model = None
            if state["passage_ids"]:
                model = bm25s.BM25.load(str(directory), show_progress=False)
            return cls(
                model,
                state["passage_ids"],
                Vocabulary.from_dict(state["vocabulary"]),
                int(state["generation"]),
            )
        except (OSError, ValueError, KeyError):
            return None


class LexicalIndex:
    """The BM25 indexes of every scope, kept on disk under one directory."""

    def __init__(self, directory: Path) -> None:
        self._directory = directory
        self._loaded: dict[str, ScopeBM25] = {}
        self._lock = threading.Lock()

    def get(
        self,
        scope: str,
        generation: int,
        items: Callable[[], Sequence[IndexedPassage]],
    ) -> ScopeBM25:
        """The scope's index at `generation`, loaded from disk or rebuilt from `items()`."""
        with self._lock:
            current = self._loaded.get(scope)
            if current is not None and current.generation == generation:
                return current
            path = self._directory / scope
            current = ScopeBM25.load(path)
            if current is None or current.generation != generation:
                current = ScopeBM25.build(items(), generation)
                try:
                    current.save(path)
                except OSError as exc:
                    raise StoreError(f"could not save the BM25 index of {scope!r}: {exc}") from exc
            self._loaded[scope] = current
            return current
