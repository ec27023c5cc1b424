"""One `Query` per question: the claim and everything later stages read from it, built once.

Retrieval and judging both need the claim's words matched to the corpus (typos corrected,
word forms and place names joined), their weights by rarity, the names it is about and
whether it asks about the present. Building it once keeps the stages reading the same thing.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

from knowledge.lexicon import phrases
from knowledge.models import Claim
from knowledge.text.common_words import is_common_word
from knowledge.text.parsing import NameSpan, ParsedClaim, parse_claim
from knowledge.text.quantities import Quantity, quantities
from knowledge.text.terms import stem
from knowledge.text.variants import QueryWord, name_forms, normalise_query, query_words
from knowledge.text.vocabulary import Vocabulary

__all__ = ["SAME_MEANING", "Name", "Query", "build_query", "with_neighbours"]

# Share of the top weight given to a word no source uses: it may be a paraphrase the corpus
# says otherwise, so it counts, but less than a word that is known to be rare.
_UNKNOWN_WORD_WEIGHT = 0.6
# Alternatives at least this strong are forms of the word ("kazakh" / "kazakhstan"), not
# synonyms.
_FORM_WEIGHT = 0.8
# Recognised names of these kinds are checked even when no source uses them: the parser is
# reliable about places, even in lower case ("norway"), and far less about people and
# organisations in lower-case chat ("the port flog" read as a person).
_PLACE_LABELS = frozenset({"GPE", "NORP", "LOC"})


@dataclass(frozen=True, slots=True)
class Name:
    """Someone or something the claim is about. A document is about it when it contains any
    of `stems` (the name's forms, aliases and one-edit spellings the corpus uses)."""

    text: str  # as the member wrote it
    words: tuple[str, ...]
    stems: frozenset[str]
    known: bool  # some source names it


@dataclass(frozen=True, slots=True)
class Query:
    """A question as every later stage reads it."""

    claim: Claim
    text: str  # the claim in the corpus's words, for the embedding model and stance
    words: tuple[QueryWord, ...] = ()
    weights: tuple[float, ...] = ()  # one per word: rarer in the corpus weighs more
    key: frozenset[str] = frozenset()  # stems of the most specific word the corpus uses
    names: tuple[Name, ...] = ()
    nouns: frozenset[str] = frozenset()  # surface words the parser reads as common nouns
    amounts: tuple[Quantity, ...] = ()
    present: bool = False  # asks how things stand now ("is he still the coach")
    future: bool = False  # asks what will happen ("is the mine gonna close next year")

    @classmethod
    def plain(cls, claim: Claim) -> Query:
        """A query that knows nothing of a corpus: for weighing hand-made evidence."""
        return cls(
            claim=claim,
            text=claim.text,
            present=_asks(claim, "present_state"),
            future=_asks(claim, "future"),
        )


def _weights(words: Sequence[QueryWord], vocabulary: Vocabulary, total: int) -> list[float]:
    def idf(df: int) -> float:
        return math.log(1 + total / (1 + df))

    top = idf(0)
    weights = []
    for word in words:
        if not word.known:
            weights.append(_UNKNOWN_WORD_WEIGHT * top)
        else:
            forms = [term for term, weight in word.alternatives if weight >= _FORM_WEIGHT]
            df = max([vocabulary.stem_df(term) for term in forms] or [1])
            weights.append(idf(max(df, 1)))
    return weights


def _name(span: NameSpan, vocabulary: Vocabulary) -> Name | None:
    """The name a span stands for, if it is one the answer must be about: a word the corpus
    writes as a name, or a word no source uses that is a place or written with a capital."""
    checked: set[str] = set()
    known = False
    if span.label == "PROPN" and all(is_common_word(w) for w in span.words):
        # A proper noun the recogniser placed in no entity, made of everyday words
        # ("christmas", "monday", "rovers"): too common to demand of every source.
        return None
    for word in span.words:
        forms = name_forms(word, vocabulary)
        if forms and any(f in vocabulary.names for f in forms):
            checked |= {stem(f) for f in forms}
            known = True
        elif not forms and (span.label in _PLACE_LABELS or span.capitalised):
            checked.add(stem(word))
    if not checked:
        return None
    return Name(span.text, span.words, frozenset(checked), known)


def build_query(
    claim: Claim,
    vocabulary: Vocabulary,
    passages: int,
    parse: Callable[[str], ParsedClaim] = parse_claim,
) -> Query:
    """The query for a claim against a corpus with this vocabulary and passage count; `parse`
    reads the claim's grammar once it is in the corpus's spelling."""
    # Names first, from the claim as typed: only in a name may an everyday word be a
    # misspelling of the corpus's ("philips" / "Phillips").
    typed = frozenset(w for span in parse(claim.text).names for w in span.words)
    normalised = normalise_query(claim.text, vocabulary, typed)
    parsed = parse(normalised)
    words = query_words(claim.text, vocabulary, typed)
    weights = _weights(words, vocabulary, max(1, passages))
    known = [(w, word) for word, w in zip(words, weights, strict=True) if word.known]
    key = max(known, key=lambda pair: pair[0])[1].stems if known else frozenset()
    spans = list(parsed.names)
    named = {w for span in spans for w in span.words}
    # A distinctive name the corpus uses, which the parser missed in lower-case chat.
    spans += [
        NameSpan(word.surface, (word.surface,), "CORPUS", False)
        for word in words
        if word.surface not in named
        and not is_common_word(word.surface)
        and any(form in vocabulary.names for form in name_forms(word.surface, vocabulary))
    ]
    names = tuple(dict.fromkeys(n for span in spans if (n := _name(span, vocabulary)) is not None))
    return Query(
        claim=claim,
        text=_statement(claim, normalised, parsed),
        words=tuple(words),
        weights=tuple(weights),
        key=key,
        names=names,
        nouns=frozenset(parsed.nouns),
        amounts=tuple(quantities(claim.text)),
        present=_asks(claim, "present_state"),
        future=_asks(claim, "future"),
    )


# Auxiliaries a yes/no question opens with that belong back in the statement ("was the
# ferry suspended" -> "the ferry was suspended"); "did" and "does" are left out, since putting
# them back needs the verb's tense ("did they close" -> "they closed").
_COPULAS = frozenset(
    {"is", "are", "was", "were", "has", "have", "had", "will", "can", "could", "would", "should"}
)


def _statement(claim: Claim, text: str, parsed: ParsedClaim) -> str:
    """The claim `text` as a sentence: the question's opening "is"/"was" put back after the
    noun phrase it opens with. Models trained on sentences read "the ferry was suspended"
    better than the fragment "the ferry suspended"."""
    aux = claim.auxiliary
    end = parsed.opening_phrase_end
    if aux not in _COPULAS or end is None or claim.context:
        return text
    if 0 < end < len(text) and text[end - 1].isalnum() and text[end].isalnum():
        return text  # the parser split a word ("gon|na"): no place to put it back
    return f"{text[:end]} {aux}{text[end:]}"


def _asks(claim: Claim, table: str) -> bool:
    """Whether the question uses a phrase of `phrases.toml`'s `table` ("still", "gonna")."""
    return bool(phrases(table).search(claim.question))


_WORD = re.compile(r"[A-Za-z][A-Za-z']*")


# Similarity from which a neighbour also replaces the member's word in the text the stance
# stage reads. Below it a neighbour only helps find and weigh passages: "police"/"officer" or
# "carmaker"/"car" are close enough to search by, not to judge by (a claim about a police
# commissioner is not stated by a passage about a returning officer). Spelled-out forms and
# slang for the same thing score above it ("cops"/"police" 0.91).
SAME_MEANING = 0.8


def with_neighbours(query: Query, neighbours: dict[str, tuple[str, float]]) -> Query:
    """The query with words no retrieved passage uses matched to the corpus word nearest in
    meaning ("cops" -> "police"): the neighbour joins the word's alternatives at its
    similarity, and, if it means the same (`SAME_MEANING`), replaces it in the text the
    models read."""
    if not neighbours:
        return query
    words = []
    for word in query.words:
        found = neighbours.get(word.surface)
        if found is None:
            words.append(word)
            continue
        other, similarity = found
        alternatives = (*word.alternatives, (stem(other), round(similarity, 3)))
        words.append(replace(word, alternatives=alternatives, known=True))

    def swap(match: re.Match[str]) -> str:
        found = neighbours.get(match.group().lower())
        return found[0] if found and found[1] >= SAME_MEANING else match.group()

    return replace(query, words=tuple(words), text=_WORD.sub(swap, query.text))
