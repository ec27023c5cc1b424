"""Turn a chat question into the claim it asks about.

"wait did the council actually sell the old pier?? everyone's talking about it" asks whether
"the council sell the old pier" is true; "my mate swears X, any truth in that" asks about X;
"how many tickets did the club sell" asks for a fact. Pure string work, no models; the chat
words it reads past are in knowledge/lexicon/chat.toml, each with its reason.
"""

from __future__ import annotations

import re
from dataclasses import replace

from knowledge.errors import QuestionError
from knowledge.lexicon import alternation, pairs
from knowledge.lexicon import words as lexicon_words
from knowledge.models import Claim, QuestionType

__all__ = ["parse_question", "validate_question"]

# A preposition before the wh-word asks the same thing: "by how much did waits drop",
# "in which year", "from where".
# A lead-in before it ("roughly how many", "in the end how many") asks it too
# (knowledge/lexicon/chat.toml, `wh_lead_ins`).
_WH = re.compile(
    r"^(?:" + alternation("chat", "wh_lead_ins") + r"[\s,]+)*"
    r"(?:(?:by|in|on|at|from|for|to|with|since|until)\s+)?"
    r"(how many|how much|how long|how old|how come|how|whats|what's|what|when|where|"
    r"which|whose|whom|who|why)\b",
    re.I,
)
# "those night pics of the boats, where were they going?": a wh-clause after a comma
_TRAILING_WH = re.compile(
    r"[,;:–—-]\s*(?:so\s+|but\s+|and\s+)?(how many|how much|how long|what|when|where|which|who|why|"
    r"how)\b(?P<rest>[^,;:]*)\?+\s*$",
    re.I,
)
# The word lists below are tables of knowledge/lexicon/chat.toml, each entry with its reason.
_OPEN_REQUESTS = re.compile(r"^" + alternation("chat", "open_requests") + r"\b", re.I)
_FILLERS = re.compile(r"^(?:" + alternation("chat", "fillers") + r"[\s,:!.?-]+)+", re.I)
_ASKING_TRUTH = re.compile(r"^" + alternation("chat", "truth_askers") + r"[\s,:]+", re.I)
# "heard X", "i read that X", "saw on a forum that X", "saw a post saying X": where the member
# came across the claim. A source named before "that" is a place ("on", "in", "from") or an
# indefinite one ("a post"), so "heard the bridge that fell was rebuilt" keeps its "that".
_HEARSAY = re.compile(
    r"^" + alternation("chat", "hearsay") + r"\s+(?:(?:somewhere|online)\s+)?"
    r"(?:(?:(?:on|in|from|at|via|a|an|some)\b[^,.;]{0,40}?\s+)?(?:that|saying|claiming)\s+)?"
    r"(?P<claim>.+)$",
    re.I,
)
# "someone said X", "my cousin reckons X", "people are saying X"
_REPORTED = re.compile(
    r"^(?:.{0,60}?\b)?"
    + alternation("chat", "reporting_verbs")
    + r"\s+(?:that\s+)?(?P<claim>.{8,})$",
    re.I,
)


def _words(table: str) -> str:
    """A `words` table of chat.toml as a regex alternation, longest first."""
    found = sorted(lexicon_words("chat", table), key=lambda w: (-len(w), w))
    return "(?:" + "|".join(re.escape(w) for w in found) + ")"


_AUX = re.compile(r"^" + _words("auxiliaries") + r"\b\s*", re.I)
# "is he still in charge or did he quit", "did they close it or is that just talk": an "or"
# that starts a second question (an auxiliary or a subject after it) ends the claim; an "or"
# between two nouns ("tanks or jets") does not.
_SECOND_QUESTION = re.compile(
    r"\s*,?\s+or\s+(?:"
    + _words("auxiliaries")
    + "|"
    + alternation("chat", "clause_openers")
    + r")\b.*$",
    re.I,
)
_TAGS = re.compile(
    r"(?:[\s,.;:!?-]+(?:(?:" + alternation("chat", "tags") + r"|\?+|!+)[\s,.;:!?-]*)+)$", re.I
)
_TAG_ONLY = re.compile(r"^" + alternation("chat", "tag_only") + r"[\s?!.]*$", re.I)
# Chat softeners; "like" only as a filler ("like, did they..."), not as in "gases like CO2".
_SOFTENERS = re.compile(
    r"\b" + alternation("chat", "softeners") + r"\b\s*|\blike,\s*|^like\s+", re.I
)
# Chat spellings spelled out before the question is read, so that "wat pay rise did they get"
# is a what-question and "how many stops r on it" keeps its verb (knowledge/lexicon/chat.toml).
_CHAT_WORDS = pairs("chat", "spelled_out")
_CHAT_WORD = re.compile(
    r"(?<![\w'’&])(?:"
    + "|".join(re.escape(w) for w in sorted(_CHAT_WORDS, key=len, reverse=True))
    + r")(?![\w'’&])",
    re.I,
)


def _spelled_out(match: re.Match[str]) -> str:
    """A chat word spelled out; a one- or two-letter one only in lower case ("r", not the "N"
    of "the N road")."""
    word = match.group()
    if len(word) < 3 and word != word.lower():
        return word
    return _CHAT_WORDS[word.lower()]


# Chat shorthand for amounts, written out as sources write them, so that "80k" and "80 grand"
# meet "£80,000" and "6k jobs" meets "6,000 jobs": thousands ("k", "grand"), billions ("bn"),
# and millions ("m") only after a currency sign ("£1.2m"; a bare "5m" may be metres).
_THOUSANDS = re.compile(r"(?<![\w.])(\d+(?:\.\d+)?)\s?(?:k|grand)(?![\w])", re.I)
_MILLIONS = re.compile(r"(?<=[£$€])(\d+(?:\.\d+)?)\s?(?:m|mil|mill)(?![\w])", re.I)
_BILLIONS = re.compile(r"(?<![\w.])(\d+(?:\.\d+)?)\s?bn(?![\w])", re.I)


def _thousands(match: re.Match[str]) -> str:
    return f"{round(float(match.group(1)) * 1000):,}"


def _written_out_amounts(text: str) -> str:
    text = _THOUSANDS.sub(_thousands, text)
    text = _MILLIONS.sub(r"\1 million", text)
    return _BILLIONS.sub(r"\1 billion", text)


# "who's in charge", "when's the resit", and in chat without the apostrophe ("whos paying",
# "wheres it going"): read as "what's" is, the question word alone.
_WH_CONTRACTION = re.compile(r"\b(who|what|when|where|how|which)(?:['’]s|s)\b", re.I)
_MENTION = re.compile(r"<[@#][!&]?\d+>|<a?:\w+:\d+>|https?://\S+")
_SPACE = re.compile(r"\s+")


def validate_question(question: str, *, max_chars: int) -> str:
    """The question, trimmed; raises QuestionError if it is empty or too long."""
    text = _SPACE.sub(" ", question).strip()
    if not re.search(r"[^\W_]", text):
        raise QuestionError(
            "the question is empty; ask about a claim, e.g. 'did the US buy Kazakh jets?'"
        )
    if len(text) > max_chars:
        raise QuestionError(
            f"the question is {len(text):,} characters long; the limit is {max_chars:,}. "
            "Ask about one claim in a sentence or two"
        )
    return text


# A full stop that ends one of these does not end the sentence ("the U.S. bought", "Mr. Singer").
_ABBREVIATION = re.compile(r"(?:[A-Za-z]\.)+|" + _words("dotted_short_forms") + r"\.", re.I)
_SENTENCE_END = re.compile(r"(?<=[.?!])\s+|\n+")


def _segments(text: str) -> list[str]:
    parts, start = [], 0
    for end in _SENTENCE_END.finditer(text):
        words = text[start : end.start()].split()
        if "\n" not in end.group() and words and _ABBREVIATION.fullmatch(words[-1]):
            continue
        parts.append(text[start : end.start()])
        start = end.end()
    parts.append(text[start:])
    return [p.strip() for p in parts if p.strip() and not _TAG_ONLY.match(p.strip())]


# A question that only points back at what came before: "so it's happening?", "is that legit?"
_POINTS_BACK = re.compile(r"\b" + _words("pointing_pronouns") + r"\b", re.I)


def _main_segment(text: str) -> str:
    segments = _segments(text) or [text]
    asked = [s for s in segments if "?" in s]
    if not asked:
        return segments[0]
    first = segments.index(asked[0])
    if first and _corrects_back(asked[0]):
        # "the paper said 6. did they change that?": whether it was corrected.
        return f"{segments[first - 1].rstrip(' ?!.')}, and was that corrected?"
    if first and _POINTS_BACK.search(asked[0]) and len(_content_words(asked[0])) <= 2:
        return segments[first - 1]  # "X. so it's happening?" asks about X
    if any(_corrects_back(s) for s in segments[first + 1 :]):
        return f"{asked[0].rstrip(' ?!.')}, and was that corrected?"
    return asked[0]


def _corrects_back(segment: str) -> bool:
    """A follow-up that only asks whether what came before was since corrected."""
    words = set(_content_words(segment))
    verbs = words - {"back"}
    return bool(
        _POINTS_BACK.search(segment)
        and verbs
        and words <= _CORRECTING_WORDS
        and ("back" in words or not verbs & _BACK_VERBS)
    )


_CORRECTING_WORDS = frozenset(lexicon_words("chat", "correcting_back"))
_BACK_VERBS = frozenset({"take", "took", "taken", "walk", "walked"})  # ... only with "back"


def _content_words(text: str) -> list[str]:
    return [w for w in re.findall(r"[a-z0-9']+", text.lower()) if w not in _POINTING_WORDS]


# Words that carry no claim of their own (knowledge/lexicon/chat.toml, `pointing_pronouns`
# and `pointing_back`).
_POINTING_WORDS = frozenset(
    [*lexicon_words("chat", "pointing_pronouns"), *lexicon_words("chat", "pointing_back")]
)


def _strip_tags(text: str) -> str:
    """The claim without a second question after "or" and without the tags at its end."""
    text = _SECOND_QUESTION.sub("", text)
    previous = None
    while previous != text:
        previous = text
        text = _TAGS.sub("", text).strip()
    return _SPACE.sub(" ", text).strip(" ,.;:!?-")


def parse_question(question: str, *, context: str | None = None) -> Claim:
    """The claim a (validated) question asks about, and whether it asks yes/no or for a fact.

    `context` is the claim a conversation is about (a follow-up thread's first question): a
    follow-up that leans on it ("and what did the embassy say?") is read together with it.
    """
    claim = _parse(question, context)
    if context and _LEANS_ON_CONTEXT.search(f" {claim.text} "):
        return replace(claim, text=f"{claim.text} ({context})")
    return claim


# A follow-up that needs the earlier claim: pronouns, "and ...", "what about", or very short.
_LEANS_ON_CONTEXT = re.compile(
    r"\b(?:it|its|they|them|their|this|that|these|those|he|she|him|her|there|the claim|"
    r"the story|the rumou?r|the report)\b|^\s*(?:and|also|so|but|what about)\b|"
    r"^\s*(?:\S+\s+){0,3}\S*\s*$",
    re.I,
)


def _parse(question: str, context: str | None) -> Claim:
    text = _MENTION.sub(" ", question)
    text = _SPACE.sub(" ", _main_segment(text)).strip()
    text = _CHAT_WORD.sub(_spelled_out, text)
    text = _written_out_amounts(text)
    text = _WH_CONTRACTION.sub(r"\1", text)
    text = _FILLERS.sub("", text)
    trailing = _TRAILING_WH.search(text)
    if trailing and not _WH.match(text):
        subject = text[: trailing.start()]
        rest = trailing.group("rest")
        return Claim(
            question=question,
            text=_strip_tags(_SOFTENERS.sub("", f"{subject} {rest}")) or question,
            question_type=QuestionType.WH,
            wh_word=trailing.group(1).lower(),
            context=context,
        )
    wh = _WH.match(text)
    if wh or _OPEN_REQUESTS.match(text):
        word = (
            wh.group(1).lower().replace("whats", "what").replace("what's", "what") if wh else "what"
        )
        body = _strip_tags(
            _SOFTENERS.sub("", text[wh.end() :] if wh else _OPEN_REQUESTS.sub("", text))
        )
        return Claim(
            question=question,
            text=body or question,
            question_type=QuestionType.WH,
            wh_word=word,
            context=context,
        )
    hearsay = _HEARSAY.match(text)
    reported = _REPORTED.match(text)
    if hearsay:
        text = hearsay.group("claim")
    elif (
        reported and not _AUX.match(text) and len(_strip_tags(reported.group("claim")).split()) >= 3
    ):
        text = reported.group("claim")
    text = _ASKING_TRUTH.sub("", text)
    opened = _AUX.match(text)
    text = _AUX.sub("", text, count=1)
    text = _ASKING_TRUTH.sub("", text)
    body = _strip_tags(_SOFTENERS.sub("", text))
    return Claim(
        question=question,
        text=body or question,
        question_type=QuestionType.YES_NO,
        context=context,
        auxiliary=opened.group().strip().lower() if opened else None,
    )
