"""Who stands behind a source, and which sources are independent of each other.

Credibility comes from what the registry knows of a source and from the claim itself:
- its kind (a statement, a fact-check, a news report, a post; `VerdictPolicy.kind_weight`);
- whether anyone is named as its publisher (an anonymous upload is a claim, not a report);
- whether the publisher campaigns on the matter (an advocacy group has a stake);
- whether the publisher is a party to the claim: a ministry on its own sale, a company on its
  own recall speaks first-hand about its own acts (a primary source), with an interest.

Independence comes from who cites whom: a report that names another loaded source's publisher
("a study by the Marsh Institute found") repeats it and is not a second voice. Pure functions
over plain data.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum

from knowledge.lexicon import pattern
from knowledge.models import SourceKind, SourceMeta
from knowledge.query import Query
from knowledge.text.terms import terms

__all__ = ["Credibility", "Standing", "assess", "independent_groups", "voice"]


class Standing(StrEnum):
    """Who stands behind a source, as far as its registry entry and the claim tell."""

    PRIMARY = "a party speaking about its own acts"
    INDEPENDENT = "a named source"
    ADVOCATE = "a group campaigning on the matter"
    ANONYMOUS = "an anonymous or unattributed source"


@dataclass(frozen=True, slots=True)
class Credibility:
    standing: Standing

    @property
    def credible(self) -> bool:
        """Whether this source alone can make a claim more than "Unconfirmed"."""
        return self.standing in (Standing.PRIMARY, Standing.INDEPENDENT)


def _anonymous(publisher: str) -> bool:
    name = publisher.strip().strip("\"'").strip()
    return not name or bool(pattern("sources", "anonymous_publisher").fullmatch(name))


def _advocate(publisher: str) -> bool:
    return bool(pattern("sources", "advocacy_publisher").search(publisher))


def assess(source: SourceMeta, query: Query) -> Credibility:
    """The standing of a source on a claim."""
    # No author is common (an official statement); an author field saying "anonymous" is not.
    if _anonymous(source.publisher) or (bool(source.author) and _anonymous(source.author or "")):
        return Credibility(Standing.ANONYMOUS)
    # A campaign named after a place or a person in the claim is still a campaign; a campaign
    # may say so only in the author line ("Marsh campaign office").
    if _advocate(source.publisher) or (bool(source.author) and _advocate(source.author or "")):
        return Credibility(Standing.ADVOCATE)
    publisher_terms = set(terms(source.publisher))
    if any(name.stems & publisher_terms for name in query.names):
        return Credibility(Standing.PRIMARY)
    return Credibility(Standing.INDEPENDENT)


def voice(source: SourceMeta) -> str:
    """Whose word a source is: its publisher; for a social post the account (author), since
    a platform is not a voice and two accounts on one platform are two voices."""
    if source.kind is SourceKind.SOCIAL and source.author:
        return f"{source.publisher}/{source.author}".casefold()
    return source.publisher.casefold()


_THE = re.compile(r"^the\s+", re.I)
_SPACE = re.compile(r"\s+")


def _plain_name(name: str) -> str:
    """A publisher's name as `_named_in` looks for it: no leading "the", one space, folded."""
    return _SPACE.sub(" ", _THE.sub("", name.strip())).casefold()


def _named_in(name: str, text: str) -> bool:
    """Whether `text` (folded, one space) names `name` (`_plain_name`) as a whole phrase."""
    if len(name) < 4 or name not in text:  # the substring test spares most regex searches
        return False
    return re.search(rf"(?<!\w){re.escape(name)}(?!\w)", text) is not None


def independent_groups(
    sources: Sequence[SourceMeta],
    texts: Mapping[str, str],
    figures: Mapping[str, frozenset[str]] | None = None,
) -> list[list[SourceMeta]]:
    """Sources grouped into independent voices: one publisher's pieces together; a source
    together with any other loaded source whose publisher it names (it repeats that one); and,
    if `figures` gives each source's specific figures ("30%", "240,000 jars"), sources that
    give the same one (two reports with one study's figure repeat the study, named or not).
    `texts` holds each document's text by id (title and passages)."""
    parent = {s.doc_id: s.doc_id for s in sources}

    def root(doc_id: str) -> str:
        while parent[doc_id] != doc_id:
            parent[doc_id] = parent[parent[doc_id]]
            doc_id = parent[doc_id]
        return doc_id

    def join(a: str, b: str) -> None:
        parent[root(a)] = root(b)

    by_voice: dict[str, str] = {}
    for source in sources:
        first = by_voice.setdefault(voice(source), source.doc_id)
        join(source.doc_id, first)
    lowered = {s.doc_id: _SPACE.sub(" ", texts.get(s.doc_id, "")).casefold() for s in sources}
    names = {s.doc_id: _plain_name(s.publisher) for s in sources}
    voices = {s.doc_id: voice(s) for s in sources}
    for source in sources:
        for other in sources:
            if (
                other.doc_id != source.doc_id
                and voices[other.doc_id] != voices[source.doc_id]
                and _named_in(names[other.doc_id], lowered[source.doc_id])
            ):
                join(source.doc_id, other.doc_id)
    first_with: dict[str, str] = {}
    for source in sources:
        for figure in (figures or {}).get(source.doc_id, frozenset()):
            join(source.doc_id, first_with.setdefault(figure, source.doc_id))
    groups: dict[str, list[SourceMeta]] = {}
    for source in sources:
        groups.setdefault(root(source.doc_id), []).append(source)
    return list(groups.values())
