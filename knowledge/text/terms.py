"""Turn text into the normalised, stemmed terms that BM25 and the judgement stages compare.

One tokenizer for passages and questions, so that a word in a question and the same word in a
source always meet. Surface words (lower-cased, unstemmed) are kept for spelling correction.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from functools import lru_cache

import Stemmer

__all__ = [
    "NEGATORS",
    "STOPWORDS",
    "fold",
    "stem",
    "stems",
    "surface_words",
    "terms",
]

# Function words that carry no topic. Negators are listed separately: they are dropped from
# retrieval terms but the stance stage looks for them.
NEGATORS = frozenset(
    "not no never none nor neither nothing nobody cannot cant dont doesnt didnt isnt arent "
    "wasnt werent hasnt havent hadnt wont wouldnt shouldnt couldnt".split()
)
STOPWORDS = (
    frozenset(
        """a about above after again against all am an and any are as at be because been before
    being below between both but by can could did do does doing down during each few for from
    further had has have having he her here hers herself him himself his how i if in into is it
    its itself just me more most my myself of off on once only or other ought our ours
    ourselves out over own same she should so some such than that the their theirs them
    themselves then there these they this those through to too under until up very was we
    were what when where which while who whom why will with would you your yours yourself
    yourselves s t d ll m re ve y also really actually even still yet like just got get gets
    getting anyway maybe perhaps something anything everything someone anyone everyone thing
    things stuff lot lots ok okay oh wait hey lol lmao omg pls please thanks thx nah yeah yep
    yes yup u ur im ive id youre theyre thats whats wheres hows heres theres tho though
    whole literally basically ever apparently seriously honestly totally kinda sorta gonna wanna
    gotta would've could've should've might must shall may let lets""".split()
    )
    | NEGATORS
)

_STEMMER = Stemmer.Stemmer("english")
_WORD = re.compile(r"\d+(?:[.,]\d+)*|[a-z]+(?:'[a-z]+)*")
# Multi-word country names and capitalised abbreviations become one token before lower-casing,
# so "US" (the country) is not mistaken for "us" (the pronoun).
_PHRASES = (
    (re.compile(r"\bU\.S\.(?:A\.)?(?=\W|$)|\bUSA?\b"), "unitedstates"),
    # "the us" is the country even in lower case; "to us", "with us" are the pronoun.
    (re.compile(r"\bthe us\b", re.I), "the unitedstates"),
    (re.compile(r"\bunited states(?: of america)?\b|\bamerica\b", re.I), "unitedstates"),
    (re.compile(r"\bU\.K\.(?=\W|$)|\bUK\b"), "unitedkingdom"),
    (re.compile(r"\bunited kingdom\b|\bbritain\b", re.I), "unitedkingdom"),
    (re.compile(r"\bE\.U\.(?=\W|$)|\bEU\b"), "europeanunion"),
    (re.compile(r"\beuropean union\b", re.I), "europeanunion"),
)


def fold(text: str) -> str:
    """Lower-case and strip accents, so that 'Ürümqi' and 'urumqi' compare equal."""
    if text.isascii():
        return text.lower()
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()


def _canonical_phrases(text: str) -> str:
    for pattern, token in _PHRASES:
        text = pattern.sub(token, text)
    return text


@lru_cache(maxsize=65536)
def surface_words(text: str) -> tuple[str, ...]:
    """Lower-cased, accent-folded words and numbers in order, stopwords included.

    Numbers lose their thousands separators ("240,000" -> "240000"); possessives lose "'s".
    Cached: the same passages are read for question after question.
    """
    words = []
    for match in _WORD.finditer(fold(_canonical_phrases(text))):
        word = match.group()
        if word[0].isdigit():
            word = _normalise_number(word)
        else:
            word = word.removesuffix("'s").replace("'", "")
        if word:
            words.append(word)
    return tuple(words)


def _normalise_number(token: str) -> str:
    # "240,000" and "1,100" are thousands; "2.26" keeps its decimal point.
    if re.fullmatch(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?", token):
        return token.replace(",", "")
    return token.replace(",", ".") if re.fullmatch(r"\d+,\d{1,2}", token) else token


# Irregular verb forms that a stemmer cannot join to their base ("sold" and "sell").
_IRREGULAR = {
    form: base
    for base, forms in {
        "sell": "sold",
        "buy": "bought",
        "pay": "paid",
        "make": "made",
        "take": "took taken",
        "give": "gave given",
        "go": "went gone",
        "get": "got gotten",
        "find": "found",
        "tell": "told",
        "say": "said",
        "pull": "pulled",
        "shut": "shut",
        "quit": "quit",
        "leave": "left",
        "lose": "lost",
        "win": "won",
        "hold": "held",
        "keep": "kept",
        "send": "sent",
        "spend": "spent",
        "build": "built",
        "bring": "brought",
        "think": "thought",
        "teach": "taught",
        "catch": "caught",
        "fight": "fought",
        "seek": "sought",
        "run": "ran",
        "begin": "began begun",
        "break": "broke broken",
        "choose": "chose chosen",
        "drive": "drove driven",
        "fall": "fell fallen",
        "fly": "flew flown",
        "grow": "grew grown",
        "know": "knew known",
        "rise": "rose risen",
        "see": "saw seen",
        "sink": "sank sunk",
        "speak": "spoke spoken",
        "steal": "stole stolen",
        "write": "wrote written",
        "meet": "met",
        "lead": "led",
        "feed": "fed",
        "deal": "dealt",
        "mean": "meant",
        "bear": "bore borne",
        "strike": "struck",
        "hit": "hit",
        "cut": "cut",
        "put": "put",
        "set": "set",
        "cost": "cost",
        "hurt": "hurt",
        "let": "let",
    }.items()
    for form in forms.split()
}


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """The Snowball English stem of one lower-case word, with irregular verb forms joined to
    their base; numbers are left as they are."""
    if word[0].isdigit():
        return word
    return str(_STEMMER.stemWord(_IRREGULAR.get(word, word)))


@lru_cache(maxsize=65536)
def terms(text: str, *, keep_stopwords: bool = False) -> tuple[str, ...]:
    """Stemmed content terms of a text, in order (cached like `surface_words`)."""
    return stems(w for w in surface_words(text) if keep_stopwords or w not in STOPWORDS)


def stems(words: Iterable[str]) -> tuple[str, ...]:
    return tuple(stem(w) for w in words)
