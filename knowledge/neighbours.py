"""Match a member's words to the corpus's by meaning: "cops" to "police", "america" to "usa".

Members rarely use the sources' words. Instead of a synonym table that grows one question at a
time, each question word that none of the nearest passages uses is compared, by the embedding
model, with the words those passages do use; the nearest one, if it is close enough, joins the
query (`knowledge.query.with_neighbours`). Word vectors are cached, so a word is embedded once
per process.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Iterable, Sequence

import numpy as np
from numpy.typing import NDArray

from knowledge.embeddings import MiniLMEmbeddings
from knowledge.query import Query
from knowledge.text.terms import STOPWORDS, stem, surface_words, terms

__all__ = ["NEIGHBOUR_SIMILARITY", "WordNeighbours"]

# Cosine similarity of two single-word MiniLM vectors from which the words are taken to mean
# the same thing here. Synonyms and spelled-out forms score 0.6-0.9 ("cops"/"police" 0.91,
# "america"/"usa" 0.79, "zoo"/"wildlife" 0.60); words of one topic that mean different things
# score 0.3-0.55 ("zoo"/"panda" 0.37, "council"/"police" 0.32, "quack"/"duck" 0.54), and
# slang whose sense the model does not know stays low ("binned"/"cancelled" 0.25), so it is
# left to the stance model rather than matched wrongly.
NEIGHBOUR_SIMILARITY = 0.6
_MIN_LETTERS = 3
# At most this many candidate words are compared (those of the nearest passages first), so a
# question with an unmatched noun costs at most one small batch of word vectors (about 100 ms
# on two cores when none is cached yet, nothing once they are).
_MAX_CANDIDATES = 96
_CACHE_WORDS = 50_000


class WordNeighbours:
    """Finds, for a query's unmatched words, the nearest words of given passages."""

    def __init__(
        self, embeddings: MiniLMEmbeddings, *, min_similarity: float = NEIGHBOUR_SIMILARITY
    ) -> None:
        self.embeddings = embeddings
        self.min_similarity = min_similarity
        self._vectors: OrderedDict[str, NDArray[np.float32]] = OrderedDict()
        self._lock = threading.Lock()

    def _embed(self, words: Iterable[str]) -> dict[str, NDArray[np.float32]]:
        wanted = list(dict.fromkeys(words))
        with self._lock:
            found = {w: self._vectors[w] for w in wanted if w in self._vectors}
        missing = [w for w in wanted if w not in found]
        if missing:
            vectors = self.embeddings.embed_array(missing)
            with self._lock:
                for word, vector in zip(missing, vectors, strict=True):
                    found[word] = vector
                    self._vectors[word] = vector
                while len(self._vectors) > _CACHE_WORDS:
                    self._vectors.popitem(last=False)
        return found

    def find(self, query: Query, texts: Sequence[str]) -> dict[str, tuple[str, float]]:
        """question word -> (nearest passage word, similarity), for the common nouns of the
        query that no text uses. Only nouns: single-word vectors put antonyms close together
        ("big"/"small", "arrested"/"released"), which for verbs and adjectives would turn a
        claim into its opposite; a name is matched by spelling, never by meaning."""
        pool = {t for text in texts for t in terms(text)}
        lonely = [
            word.surface
            for word in query.words
            if word.surface in query.nouns
            and word.surface.isalpha()
            and len(word.surface) >= _MIN_LETTERS
            and not word.stems & pool
        ]
        if not lonely:
            return {}
        matched = {s for word in query.words for s in word.stems}
        candidates = list(
            dict.fromkeys(
                w
                for text in texts
                for w in surface_words(text)
                if w.isalpha()
                and len(w) >= _MIN_LETTERS
                and w not in STOPWORDS
                and stem(w) not in matched
            )
        )[:_MAX_CANDIDATES]
        if not candidates:
            return {}
        vectors = self._embed([*lonely, *candidates])
        matrix = np.stack([vectors[w] for w in candidates])
        found: dict[str, tuple[str, float]] = {}
        for word in lonely:
            scores = matrix @ vectors[word]
            best = int(np.argmax(scores))
            if scores[best] >= self.min_similarity:
                found[word] = (candidates[best], float(scores[best]))
        return found
