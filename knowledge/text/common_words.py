"""Whether a word is everyday English, by whether a general-English tokenizer knows it whole.

The embedding model's WordPiece vocabulary (about 22,000 whole lower-case words, learnt from
books and Wikipedia) holds the words of ordinary English and the best-known names ("board",
"post", "norway"); a coined or local name ("tolven", "pellam") is split into pieces. A
word the corpus writes with a capital and the tokenizer does not know whole is a distinctive
name, safe to require in every document an answer cites.
"""

from __future__ import annotations

from functools import cache

from knowledge.embeddings import model_dir

__all__ = ["is_common_word"]


@cache
def _whole_words() -> frozenset[str]:
    lines = (model_dir() / "vocab.txt").read_text(encoding="utf-8").splitlines()
    return frozenset(w for w in lines if w.isalpha() and w.islower())


def is_common_word(word: str) -> bool:
    """True for a lower-case word the general-English vocabulary holds whole."""
    return word in _whole_words()
