"""Match the words of a casual question to the words a corpus uses.

Members type "kazakh jets", "the uni", "govt lab"; sources say "Kazakhstan", "the University",
"government laboratory". Each question word gets alternatives, weighted: chat abbreviations
spelled out, demonyms and country names, other forms of the word that the corpus uses, and
one-edit spelling corrections against the corpus vocabulary. The word lists are in
knowledge/lexicon (chat.toml, idioms.toml, places.toml), each entry with its reason.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from knowledge.lexicon import pairs, words
from knowledge.text.common_words import is_common_word
from knowledge.text.synonyms import related
from knowledge.text.terms import STOPWORDS, fold, stem, surface_words
from knowledge.text.vocabulary import Vocabulary

__all__ = [
    "QueryWord",
    "canonical_word",
    "expand_idioms",
    "name_forms",
    "normalise_query",
    "query_words",
]

# Chat abbreviations spelled out ("govt" -> "government"), from knowledge/lexicon/chat.toml.
_CHAT_WORDS = pairs("chat", "spelled_out")

# Idioms that stand for one word a source would use ("walk back" -> "correct"), in order, from
# knowledge/lexicon/idioms.toml; an empty word removes the phrase.
_PHRASES = tuple(
    (re.compile(rf"(?<!\w)(?:{idiom})(?!\w)", re.I), word)
    for idiom, word in pairs("idioms", "idioms").items()
)


def expand_idioms(text: str) -> str:
    for pattern, replacement in _PHRASES:
        text = pattern.sub(replacement, text)
    return text


# Demonyms and country names of a world gazetteer (knowledge/lexicon/places.toml).
_DEMONYMS = pairs("places", "demonyms")
# Capitals that stand for their state ("Washington", "Moscow"), both ways.
_CAPITALS = pairs("places", "capitals")
_CAPITALS_OF: dict[str, list[str]] = {}
for _capital, _country in _CAPITALS.items():
    _CAPITALS_OF.setdefault(_country, []).append(_capital)
_COUNTRIES = {country: demonym for demonym, country in _DEMONYMS.items()}
# Endings by which a demonym or adjective differs from its place name (Kenyan/Kenya,
# Kazakh/Kazakhstan, "kenyas" for Kenya's), used only for words the corpus itself has.
_PLACE_ENDINGS = words("places", "place_endings")

_FORM_WEIGHT = 0.9
_CORRECTION_WEIGHT = 0.8
_SYNONYM_WEIGHT = 0.5


@dataclass(frozen=True, slots=True)
class QueryWord:
    """One content word of a question and the stems that count as matching it."""

    surface: str
    alternatives: tuple[tuple[str, float], ...]
    known: bool  # False for a word that nothing in the corpus matches, even misspelt

    @property
    def stems(self) -> frozenset[str]:
        return frozenset(s for s, _ in self.alternatives)


def _place_forms(word: str, vocabulary: Vocabulary) -> list[str]:
    forms = []
    for other in vocabulary.same_prefix(word):
        longer, shorter = (other, word) if len(other) > len(word) else (word, other)
        if longer.startswith(shorter) and longer[len(shorter) :] in _PLACE_ENDINGS:
            forms.append(other)
    return forms


def _alternatives(
    word: str, vocabulary: Vocabulary, names: frozenset[str] = frozenset()
) -> dict[str, float]:
    found: dict[str, float] = {}

    def add(candidate: str, weight: float) -> None:
        key = stem(candidate)
        if candidate in vocabulary or key in vocabulary.stems:
            found[key] = max(found.get(key, 0.0), weight)

    add(word, 1.0)
    for known in (_DEMONYMS.get(word), _COUNTRIES.get(word)):
        if known:
            add(known, _FORM_WEIGHT)
    if is_common_word(word) and word not in names:
        return found  # "bunch" is not a misspelt "Bench", nor "brand" a form of "Brands"
    for form in _place_forms(word, vocabulary):
        add(form, _FORM_WEIGHT)
    if not found:
        for correction in vocabulary.corrections(word)[:2]:
            add(correction, _CORRECTION_WEIGHT)
    return found


def name_forms(word: str, vocabulary: Vocabulary) -> list[str]:
    """Corpus words that may write the same name: the word itself, its place name or
    demonym ("kazakh" / "kazakhstan"), or, if the corpus has none of those, a name one edit
    away ("philips" / "phillips"). Empty if no source uses it in any form."""
    forms = [word] if word in vocabulary else []
    singular = word.removesuffix("s")  # "americans": people of a place name it too
    known = (
        _DEMONYMS.get(word),
        _DEMONYMS.get(singular),
        _COUNTRIES.get(word),
        _CAPITALS.get(word),
        *_CAPITALS_OF.get(word, ()),
    )
    forms += [k for k in known if k and k in vocabulary]
    forms += _place_forms(word, vocabulary)
    if not is_common_word(word):
        forms += vocabulary.clipped(word)  # "the plainsview trib": the Tribune
    if not forms:
        forms = vocabulary.corrections(word)[:2]
    return list(dict.fromkeys(forms))


def canonical_word(word: str, vocabulary: Vocabulary, names: frozenset[str] = frozenset()) -> str:
    """The corpus's spelling of a question word: itself if the corpus has it, else a place
    form ("kenyas" -> "kenya") or a one-edit correction of a name ("philips" -> "phillips")."""
    if word in vocabulary or word in STOPWORDS or (is_common_word(word) and word not in names):
        return word
    forms = _place_forms(word, vocabulary)
    if forms:
        return min(forms, key=len)
    corrections = vocabulary.corrections(word)
    return corrections[0] if corrections else word


def query_words(
    text: str, vocabulary: Vocabulary, names: frozenset[str] = frozenset()
) -> list[QueryWord]:
    """The content words of `text`, each with the corpus stems that match it. An everyday
    English word is matched as itself only, unless `names` (the words the parser reads as
    names) holds it: "philips" in "anna philips" may be the corpus's "Phillips", "bunch" in
    "a bunch of people" is never the corpus's "Bench"."""
    words: list[QueryWord] = []
    seen: set[str] = set()
    for raw in surface_words(expand_idioms(text)):
        for word in _CHAT_WORDS.get(raw, raw).split():
            if word in STOPWORDS or word in seen:
                continue
            seen.add(word)
            found = _alternatives(word, vocabulary, names)
            known = bool(found)
            for key in [*found, stem(word)]:
                for synonym in related(key) - {key}:
                    found.setdefault(synonym, _SYNONYM_WEIGHT)
            ranked = tuple(sorted(found.items(), key=lambda kv: -kv[1]))
            words.append(QueryWord(word, ranked, known))
    return words


_TOKEN = re.compile(r"[A-Za-z][A-Za-z']*")


def normalise_query(text: str, vocabulary: Vocabulary, names: frozenset[str] = frozenset()) -> str:
    """The question with chat abbreviations spelled out and misspelt words replaced by the
    corpus word one edit away ("philips uni" -> "phillips university"); for the dense
    embedding and the stance stage, which see text, not term lists. `names` as for
    `query_words`."""

    def replace(match: re.Match[str]) -> str:
        raw = match.group()
        word = fold(raw).replace("'", "")
        if word in _CHAT_WORDS:
            return _CHAT_WORDS[word]
        canonical = canonical_word(word, vocabulary, names)
        return raw if canonical == word else canonical

    return _TOKEN.sub(replace, expand_idioms(text))
