"""Match the words of a casual question to the words a corpus uses.

Members type "kazakh jets", "aldenbrok uni", "govt lab"; sources say "Kazakhstan", "Aldenbrook
University", "government laboratory". Each question word gets alternatives, weighted: chat
abbreviations spelled out, demonyms and country names, other forms of the word that the corpus
uses, and one-edit spelling corrections against the corpus vocabulary.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from knowledge.text.synonyms import related
from knowledge.text.terms import STOPWORDS, fold, stem, surface_words
from knowledge.text.vocabulary import Vocabulary

__all__ = ["QueryWord", "canonical_word", "expand_idioms", "normalise_query", "query_words"]

_CHAT_WORDS = {
    "uni": ("university",),
    "univ": ("university",),
    "med": ("medical",),
    "meds": ("medicine",),
    "govt": ("government",),
    "gov": ("government",),
    "gvt": ("government",),
    "thru": ("through",),
    "yr": ("year",),
    "yrs": ("years",),
    "pic": ("photo",),
    "pics": ("photos",),
    "vid": ("video",),
    "vids": ("videos",),
    "ppl": ("people",),
    "abt": ("about",),
    "dept": ("department",),
    "intl": ("international",),
    "natl": ("national",),
    "prez": ("president",),
    "mil": ("military",),
    "cops": ("police",),
    "flog": ("sell",),
    "flogged": ("sold",),
    "flogging": ("selling",),
    "nicked": ("stolen",),
    "axed": ("cut",),
    "sacked": ("fired",),
    "info": ("information",),
    "admin": ("administration",),
    "biz": ("business",),
    "tmrw": ("tomorrow",),
    "wk": ("week",),
    "wks": ("weeks",),
    "mth": ("month",),
    "mths": ("months",),
    "hrs": ("hours",),
    "approx": ("approximately",),
    "vax": ("vaccine",),
}

# Idioms that stand for one word a source would use.
_PHRASES = (
    (
        re.compile(r"\b(?:walk|walked|walking|walks|row|rowed|rowing|roll|rolled) back\b", re.I),
        "correct",
    ),
    (re.compile(r"\b(?:take|took|taken|taking) back\b", re.I), "correct"),
    (re.compile(r"\bback(?:tracked|tracking|track|pedalled|pedaled|pedal)\b", re.I), "correct"),
    (re.compile(r"\b(?:got|get|gets|getting) rid of\b", re.I), "removed"),
    (re.compile(r"\b(?:pick|picks|picked|picking) up\b", re.I), "acquire"),
    (re.compile(r"\b(?:let|lets|letting) in\b", re.I), "admit"),
    # Time words that sources rarely repeat: "this year", "right now".
    (
        re.compile(
            r"\b(?:this|next|last) (?:year|yr|week|wk|month|summer|winter|spring|autumn|fall)\b|"
            r"\bright now\b|\bthese days\b|\bcurrently\b|\banymore\b",
            re.I,
        ),
        "",
    ),
    (
        re.compile(r"\b(?:bought|buy|buys|buying) out\b|\btak(?:e|es|en|ing) over\b", re.I),
        "acquire",
    ),
    (re.compile(r"\bshut(?:ting)? down\b", re.I), "close"),
)


def expand_idioms(text: str) -> str:
    for pattern, replacement in _PHRASES:
        text = pattern.sub(replacement, text)
    return text


_DEMONYMS = dict(
    pair.split(":")
    for pair in """afghan:afghanistan albanian:albania algerian:algeria american:unitedstates
    argentine:argentina argentinian:argentina armenian:armenia australian:australia
    austrian:austria azerbaijani:azerbaijan belarusian:belarus belgian:belgium bolivian:bolivia
    bosnian:bosnia brazilian:brazil british:unitedkingdom bulgarian:bulgaria burmese:myanmar
    cambodian:cambodia canadian:canada chilean:chile chinese:china colombian:colombia
    croatian:croatia cuban:cuba czech:czechia danish:denmark dutch:netherlands egyptian:egypt
    english:england estonian:estonia ethiopian:ethiopia filipino:philippines finnish:finland
    french:france georgian:georgia german:germany greek:greece hungarian:hungary
    icelandic:iceland indian:india indonesian:indonesia iranian:iran iraqi:iraq irish:ireland
    israeli:israel italian:italy japanese:japan jordanian:jordan kazakh:kazakhstan kenyan:kenya
    korean:korea kuwaiti:kuwait kyrgyz:kyrgyzstan latvian:latvia lebanese:lebanon libyan:libya
    lithuanian:lithuania malaysian:malaysia mexican:mexico moldovan:moldova mongolian:mongolia
    moroccan:morocco nepali:nepal nigerian:nigeria norwegian:norway pakistani:pakistan
    palestinian:palestine peruvian:peru polish:poland portuguese:portugal qatari:qatar
    romanian:romania russian:russia scottish:scotland serbian:serbia singaporean:singapore
    slovak:slovakia slovenian:slovenia somali:somalia spanish:spain sudanese:sudan
    swedish:sweden swiss:switzerland syrian:syria taiwanese:taiwan tajik:tajikistan
    thai:thailand tunisian:tunisia turkish:turkey turkmen:turkmenistan ukrainian:ukraine
    uzbek:uzbekistan venezuelan:venezuela vietnamese:vietnam welsh:wales yemeni:yemen""".split()
)
_COUNTRIES = {country: demonym for demonym, country in _DEMONYMS.items()}
# Endings by which a demonym or adjective differs from its place name (Velorian/Veloria,
# Kazakh/Kazakhstan, Kestrias/Kestria), used only for words the corpus itself has.
_PLACE_ENDINGS = (
    "n",
    "an",
    "ian",
    "ians",
    "ns",
    "stan",
    "stani",
    "i",
    "is",
    "ese",
    "ish",
    "s",
    "es",
)

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


def _alternatives(word: str, vocabulary: Vocabulary) -> dict[str, float]:
    found: dict[str, float] = {}

    def add(candidate: str, weight: float) -> None:
        key = stem(candidate)
        if candidate in vocabulary or key in vocabulary.stems:
            found[key] = max(found.get(key, 0.0), weight)

    add(word, 1.0)
    for known in (_DEMONYMS.get(word), _COUNTRIES.get(word)):
        if known:
            add(known, _FORM_WEIGHT)
    for form in _place_forms(word, vocabulary):
        add(form, _FORM_WEIGHT)
    if not found:
        for correction in vocabulary.corrections(word)[:2]:
            add(correction, _CORRECTION_WEIGHT)
    return found


def canonical_word(word: str, vocabulary: Vocabulary) -> str:
    """The corpus's spelling of a question word: itself if the corpus has it, else a place
    form ("kestrias" -> "kestria") or a one-edit correction of a name ("aldenbrok")."""
    if word in vocabulary or word in STOPWORDS:
        return word
    forms = _place_forms(word, vocabulary)
    if forms:
        return min(forms, key=len)
    corrections = vocabulary.corrections(word)
    return corrections[0] if corrections else word


def query_words(text: str, vocabulary: Vocabulary) -> list[QueryWord]:
    """The content words of `text`, each with the corpus stems that match it."""
    words: list[QueryWord] = []
    seen: set[str] = set()
    for raw in surface_words(expand_idioms(text)):
        for word in _CHAT_WORDS.get(raw, (raw,)):
            if word in STOPWORDS or word in seen:
                continue
            seen.add(word)
            found = _alternatives(word, vocabulary)
            known = bool(found)
            for key in [*found, stem(word)]:
                for synonym in related(key) - {key}:
                    found.setdefault(synonym, _SYNONYM_WEIGHT)
            ranked = tuple(sorted(found.items(), key=lambda kv: -kv[1]))
            words.append(QueryWord(word, ranked, known))
    return words


_TOKEN = re.compile(r"[A-Za-z][A-Za-z']*")


def normalise_query(text: str, vocabulary: Vocabulary) -> str:
    """The question with chat abbreviations spelled out and misspelt words replaced by the
    corpus word one edit away ("aldenbrok uni" -> "aldenbrook university"); for the dense
    embedding and the stance stage, which see text, not term lists."""

    def replace(match: re.Match[str]) -> str:
        raw = match.group()
        word = fold(raw).replace("'", "")
        if word in _CHAT_WORDS:
            return " ".join(_CHAT_WORDS[word])
        canonical = canonical_word(word, vocabulary)
        return raw if canonical == word else canonical

    return _TOKEN.sub(replace, expand_idioms(text))
