"""The lexicon: every table says what it is for and every entry why it is there; and no name or
phrase of the development questions or the sample corpus is written into the engine.

The leak test reads the development set from ../shared/eval/dev beside the repository and the
bundled sample corpus. A word the engine holds because one question used it (a story's place
name, a slang verb) passes every test on that question while teaching the engine nothing
general, so such a word fails here with its file and line.
"""

from __future__ import annotations

import calendar
import json
import re
import tomllib
from collections.abc import Iterable, Iterator
from pathlib import Path

import pytest

import knowledge.lexicon as lexicon
from knowledge.lexicon import LEXICON_DIR, LexiconError, pairs, tables
from knowledge.text.terms import STOPWORDS, surface_words

REPO = Path(__file__).resolve().parents[2]
SHARED = REPO.parent / "shared"
DEV = SHARED / "eval" / "dev"
ENGINE = REPO / "knowledge"
SAMPLE_SOURCES = ENGINE / "sample_corpus" / "sources"
# Texts, not rules: the sample corpus itself, and the trained model's files.
NOT_SCANNED = (ENGINE / "sample_corpus", ENGINE / "stance" / "model")
TOKENIZER = ENGINE / "stance" / "model" / "tokenizer.json"
LEXICON_FILES = sorted(LEXICON_DIR.glob("*.toml"))
KINDS = ("patterns", "words", "pairs", "groups")


# --- every entry has a reason ---------------------------------------------------------------


def test_the_lexicon_files_are_found() -> None:
    names = {path.stem for path in LEXICON_FILES}
    assert names >= {"chat", "cues", "idioms", "phrases", "places", "polarity", "synonyms"}


@pytest.mark.parametrize("path", LEXICON_FILES, ids=lambda path: path.name)
def test_every_table_has_a_purpose_and_every_entry_a_reason(path: Path) -> None:
    raw = tomllib.loads(path.read_text(encoding="utf-8"))
    loaded = tables(path.stem)

    assert set(loaded) == set(raw)
    for name, table in raw.items():
        assert table["about"].strip(), f"{path.name} [{name}] has an empty 'about'"
        assert loaded[name], f"{path.name} [{name}] has no entries"
        for number, entry in enumerate(table["entry"], 1):
            where = f"{path.name} [{name}] entry {number}"
            assert entry.get("why", "").strip(), f"{where} has no reason"
            kinds = [kind for kind in KINDS if entry.get(kind)]
            assert len(kinds) == 1, f"{where} must hold one of {KINDS}, not {kinds}"
        for entry in loaded[name]:
            for pattern in entry.patterns:
                re.compile(pattern)


def test_an_entry_without_a_reason_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "unreasoned.toml").write_text(
        '[fillers]\nabout = "words"\n[[fillers.entry]]\nwords = ["um"]\n', encoding="utf-8"
    )
    monkeypatch.setattr(lexicon, "LEXICON_DIR", tmp_path)

    with pytest.raises(LexiconError, match="'why'"):
        tables("unreasoned")


# --- no leak of the development set or the sample corpus ------------------------------------

_LETTERS = re.compile(r"[^\W\d_]+")
# Front-matter fields that are identifiers, not prose; and links.
_NOT_PROSE = re.compile(r"(?m)^(?:id|url|published|kind):.*$|https?://\S+|\S+\.example\S*")
# A word right after one of these (spaces, quotes and brackets aside) starts a sentence, a
# heading, a list item or a front-matter value, where a capital says nothing.
_OPENERS = tuple(".!?:;\n-#>|*")
_CALENDAR = {
    name.lower()
    for names in (calendar.month_name, calendar.month_abbr, calendar.day_name, calendar.day_abbr)
    for name in names
    if name
} | {"sept"}
_MIN_LETTERS = 3


def _dev_dir() -> Path:
    if not (DEV / "questions.jsonl").is_file() or not (DEV / "corpus").is_dir():
        pytest.fail(
            f"the development set is missing: expected {DEV}/questions.jsonl and {DEV}/corpus "
            "(the shared folder beside the repository). The leak test needs it to check that no "
            "name or phrase of it is written into knowledge/; it must not pass without it."
        )
    return DEV


def _dev_questions() -> list[str]:
    lines = (_dev_dir() / "questions.jsonl").read_text(encoding="utf-8").splitlines()
    return [json.loads(line)["question"] for line in lines if line.strip()]


def _documents() -> list[str]:
    paths = sorted((_dev_dir() / "corpus").glob("*.md")) + sorted(SAMPLE_SOURCES.glob("*.md"))
    assert paths, "no documents found in the development or sample corpus"
    return [_NOT_PROSE.sub(" ", path.read_text(encoding="utf-8")) for path in paths]


def _everyday_words() -> frozenset[str]:
    """Whole words of the bundled stance model's tokenizer: 30,522 word pieces of general
    English (books and Wikipedia), holding everyday words and common names but none of the
    names invented for these texts. A capitalised "General" or "Medicine" is no leak."""
    if not TOKENIZER.is_file():
        pytest.fail(f"{TOKENIZER} is missing: the leak test reads everyday English from it")
    vocab = json.loads(TOKENIZER.read_text(encoding="utf-8"))["model"]["vocab"]
    return frozenset(piece for piece in vocab if piece.isalpha())


def _capitalised_and_lower(text: str) -> Iterator[tuple[str, bool]]:
    """Each word of a text, lower-cased, and whether it is capitalised inside a sentence; a
    capital that only starts a sentence says nothing, so that word is skipped."""
    for match in _LETTERS.finditer(text):
        word = match.group()
        before = text[: match.start()].rstrip(" \t\"'“‘(_")
        if word[0].isupper():
            if before and not before.endswith(_OPENERS):
                yield word.lower(), True
        elif word[0].islower():
            yield word.lower(), False


def proper_names() -> frozenset[str]:
    """Words capitalised inside a sentence of the dev or sample documents (or a dev question)
    and never written in lower case in those documents. The questions are typed in lower case,
    so their lower-case words are no sign of an everyday word. Month and weekday names, the
    countries and demonyms of the general places table, and everyday English are dropped."""
    capitalised: set[str] = set()
    lower: set[str] = set()
    for text in _documents():
        for word, capital in _capitalised_and_lower(text):
            (capitalised if capital else lower).add(word)
    for question in _dev_questions():
        capitalised |= {w for w, capital in _capitalised_and_lower(question) if capital}
    places = pairs("places", "demonyms")
    general = _CALENDAR | set(places) | set(places.values()) | _everyday_words()
    return frozenset(word for word in capitalised - lower - general if len(word) >= _MIN_LETTERS)


def _content_words(text: str) -> list[str]:
    return [word for word in surface_words(text) if word not in STOPWORDS]


def distinctive_phrases() -> frozenset[tuple[str, str, str]]:
    """Every run of three consecutive words of a dev question once stopwords are removed."""
    found: set[tuple[str, str, str]] = set()
    for question in _dev_questions():
        words = _content_words(question)
        found |= {(a, b, c) for a, b, c in zip(words, words[1:], words[2:], strict=False)}
    return frozenset(found)


def _engine_files() -> list[Path]:
    return [
        path
        for path in sorted(ENGINE.rglob("*"))
        if path.suffix in {".py", ".toml"}
        and not any(path.is_relative_to(skipped) for skipped in NOT_SCANNED)
    ]


def leaks(
    path: Path, names: frozenset[str], phrases: frozenset[tuple[str, str, str]]
) -> Iterable[str]:
    """'file:line: ...' for each name (a whole word, any case) and each phrase (three content
    words in a row, across line breaks as in a wrapped docstring) of `path`."""
    where = path.relative_to(REPO) if path.is_relative_to(REPO) else path
    words: list[tuple[str, int]] = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        for match in _LETTERS.finditer(line):
            if match.group().lower() in names:
                yield f"{where}:{number}: name {match.group()!r}"
        words += [(word, number) for word in _content_words(line)]
    for first, second, third in zip(words, words[1:], words[2:], strict=False):
        phrase = (first[0], second[0], third[0])
        if phrase in phrases:
            yield f"{where}:{first[1]}: phrase {' '.join(phrase)!r}"


def test_the_leak_test_reads_names_and_phrases() -> None:
    """Guards the guard: a missing or misread development set must not make it pass."""
    names, phrases = proper_names(), distinctive_phrases()

    assert len(names) >= 20, sorted(names)
    assert len(phrases) >= 30
    # Names of everyday English and the world gazetteer are not counted as leaks.
    assert not names & {"general", "university", "kazakhstan", "monday", "may"}


def test_a_planted_name_or_phrase_is_found(tmp_path: Path) -> None:
    names, phrases = proper_names(), distinctive_phrases()
    name = min(names)
    phrase = min(phrases)
    planted = tmp_path / "planted.py"
    planted.write_text(
        f'"""An example.\n\nAbout {name.title()} and\n{phrase[0]} the {phrase[1]}\n'
        f'{phrase[2]}."""\n',
        encoding="utf-8",
    )

    found = list(leaks(planted, names, phrases))

    assert any(f":3: name {name.title()!r}" in hit for hit in found), found
    assert any(f":4: phrase {' '.join(phrase)!r}" in hit for hit in found), found


def test_no_name_or_phrase_of_the_dev_set_or_sample_corpus_is_in_the_engine() -> None:
    names, phrases = proper_names(), distinctive_phrases()

    found = [hit for path in _engine_files() for hit in leaks(path, names, phrases)]

    assert not found, (
        "names or phrases of the development set or the sample corpus in the engine (a rule "
        "needs a general reason, not a question that used the word):\n" + "\n".join(found)
    )
