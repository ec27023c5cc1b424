"""Cut a document's text into short, sentence-aligned passages with character offsets.

Passages are about one or two sentences: short enough that a passage is one quotable point and
that the embedding model (whose cost grows with length) indexes hundreds per second. A sentence
is never cut unless it is very long: a clause torn from "claims ... that X" would read as X.
"""

from __future__ import annotations

import hashlib
import logging

from langchain_text_splitters import RecursiveCharacterTextSplitter

from knowledge.models import Passage

__all__ = ["split_passages", "text_hash"]

# A sentence ends at . ! ? (with closing quotes), but not after a title or an initial.
_SENTENCE_END = (
    r"(?<!\b[A-Z]\.)(?<!\bMr\.)(?<!\bMs\.)(?<!\bDr\.)(?<!\bSt\.)(?<!\bNo\.)(?<!\bMrs\.)"
    r"(?<!\bProf\.)(?:(?<=[.!?])|(?<=[.!?][\"”’)]))\s+"
)
_SENTENCE_SEPARATORS = [r"\n\s*\n", r"\n", _SENTENCE_END]
_CLAUSE_SEPARATORS = [r"(?<=[;:])\s+", r"(?<=,)\s+", r"\s+"]
# A single sentence longer than this many passage lengths is cut at clauses after all.
_LONG_SENTENCE_FACTOR = 3

# The splitter warns about every chunk over the size; long sentences are kept on purpose.
logging.getLogger("langchain_text_splitters.base").setLevel(logging.ERROR)


def text_hash(text: str) -> str:
    """A short, stable fingerprint of a document's text; passage ids include it."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]


def _splitter(separators: list[str], size: int) -> RecursiveCharacterTextSplitter:
    return RecursiveCharacterTextSplitter(
        separators=separators,
        is_separator_regex=True,
        keep_separator=True,
        chunk_size=size,
        chunk_overlap=0,
        add_start_index=True,
    )


def _spans(text: str, max_chars: int) -> list[tuple[int, str]]:
    """(offset, chunk) pairs: sentences packed up to max_chars, very long ones cut at clauses."""
    by_sentence = _splitter(_SENTENCE_SEPARATORS, max_chars)
    by_clause = _splitter(_CLAUSE_SEPARATORS, max_chars * _LONG_SENTENCE_FACTOR)
    spans: list[tuple[int, str]] = []
    for chunk in by_sentence.create_documents([text]):
        start = int(chunk.metadata["start_index"])
        if len(chunk.page_content) <= max_chars * _LONG_SENTENCE_FACTOR:
            spans.append((start, chunk.page_content))
            continue
        for part in by_clause.create_documents([chunk.page_content]):
            spans.append((start + int(part.metadata["start_index"]), part.page_content))
    return spans


def split_passages(doc_id: str, text: str, *, max_chars: int) -> list[Passage]:
    """Split `text` into passages of about `max_chars` characters or fewer."""
    fingerprint = text_hash(text)
    return [
        Passage(
            passage_id=f"{doc_id}#{fingerprint}-{seq}",
            doc_id=doc_id,
            seq=seq,
            start=start,
            end=start + len(chunk),
            text=chunk,
        )
        for seq, (start, chunk) in enumerate(_spans(text, max_chars))
    ]
