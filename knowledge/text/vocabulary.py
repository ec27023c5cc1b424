"""The words a corpus uses, so that a question's typos and word forms can be matched to them."""

from __future__ import annotations

import bisect
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from functools import cached_property

from knowledge.text.terms import fold, stem, surface_words

__all__ = ["Vocabulary"]

# A word that follows another word (not the first of a sentence), to tell names by their capitals.
_INNER_WORD = re.compile(r"(?<=[a-z,;] )[A-Za-z][a-z]+")
_PREFIX = 5  # words that share this many first letters are candidate word forms of each other


def _deletes(word: str) -> set[str]:
    return {word[:i] + word[i + 1 :] for i in range(len(word))}


class Vocabulary:
    """Surface words of a corpus with their document frequency."""

    def __init__(self, frequencies: Mapping[str, int], names: Iterable[str] = ()) -> None:
        self._df = dict(frequencies)
        self.names = frozenset(names)

    @classmethod
    def from_texts(cls, texts: Iterable[str]) -> Vocabulary:
        """Build from each passage's text; words mostly written with a capital inside a
        sentence are names, the only words that spelling correction maps to."""
        df: Counter[str] = Counter()
        capitalised: Counter[str] = Counter()
        lower: Counter[str] = Counter()
        for text in texts:
            df.update(set(surface_words(text)))
            for match in _INNER_WORD.finditer(text):
                word = fold(match.group())
                (capitalised if match.group()[0].isupper() else lower)[word] += 1
        names = {w for w, n in capitalised.items() if n >= 2 * lower[w]}
        return cls(df, names)

    def __contains__(self, word: object) -> bool:
        return word in self._df

    def __len__(self) -> int:
        return len(self._df)

    def df(self, word: str) -> int:
        return self._df.get(word, 0)

    @cached_property
    def _stem_df(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        for word, df in self._df.items():
            key = stem(word)
            counts[key] = max(counts.get(key, 0), df)
        return counts

    @property
    def stems(self) -> frozenset[str]:
        """The stems of every corpus word ("close" for "closed")."""
        return frozenset(self._stem_df)

    def stem_df(self, stemmed: str) -> int:
        """In how many passages the commonest word with this stem occurs."""
        return self._stem_df.get(stemmed, 0)

    def to_dict(self) -> dict[str, object]:
        return {"df": self._df, "names": sorted(self.names)}

    @classmethod
    def from_dict(cls, data: Mapping[str, object]) -> Vocabulary:
        df, names = data["df"], data["names"]
        if not isinstance(df, dict) or not isinstance(names, list):
            raise ValueError("not a saved vocabulary")
        return cls(df, names)

    @cached_property
    def _by_prefix(self) -> dict[str, list[str]]:
        buckets: dict[str, list[str]] = defaultdict(list)
        for word in self._df:
            if len(word) >= _PREFIX and word.isalpha():
                buckets[word[:_PREFIX]].append(word)
        return buckets

    @cached_property
    def _by_deletion(self) -> dict[str, list[str]]:
        index: dict[str, list[str]] = defaultdict(list)
        for word in self._df:
            if len(word) >= 4 and word in self.names:
                for variant in _deletes(word) | {word}:
                    index[variant].append(word)
        return index

    def same_prefix(self, word: str) -> list[str]:
        """Corpus words that start with the same letters (candidate other forms of `word`)."""
        if len(word) < _PREFIX:
            return []
        return [w for w in self._by_prefix.get(word[:_PREFIX], []) if w != word]

    @cached_property
    def _sorted_names(self) -> list[str]:
        return sorted(self.names)

    def clipped(self, word: str) -> list[str]:
        """Names in the corpus that `word` is the clipped start of ("trib" for "Tribune"):
        what a member, or a source, shortens a long name to. Empty for short words."""
        if len(word) < 4 or not word.isalpha():
            return []
        names = self._sorted_names
        found = []
        for name in names[bisect.bisect_left(names, word) :]:
            if not name.startswith(word):
                break
            if len(name) >= len(word) + 2 and name.isalpha():
                found.append(name)
        return found

    def corrections(self, word: str) -> list[str]:
        """Names in the corpus one edit away from `word` (insert, delete, replace or swap), most
        frequent first; empty for short words and for words the corpus already has."""
        if len(word) < 5 or not word.isalpha() or word in self._df:
            return []
        found: set[str] = set()
        for variant in _deletes(word) | {word}:
            found.update(self._by_deletion.get(variant, ()))
        close = [w for w in found if _one_edit(word, w)]
        return sorted(close, key=lambda w: (-self._df[w], w))


def _one_edit(a: str, b: str) -> bool:
    """True if b is one insertion, deletion, substitution or adjacent swap away from a."""
    if a == b or abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        diffs = [i for i in range(len(a)) if a[i] != b[i]]
        if len(diffs) == 1:
            return True
        return (
            len(diffs) == 2
            and diffs[1] == diffs[0] + 1
            and a[diffs[0]] == b[diffs[1]]
            and a[diffs[1]] == b[diffs[0]]
        )
    short, long_ = (a, b) if len(a) < len(b) else (b, a)
    return any(long_[:i] + long_[i + 1 :] == short for i in range(len(long_)))
