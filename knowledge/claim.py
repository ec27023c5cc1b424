"""Turn a chat question into the claim it asks about.

"wait did veloria actually flog its boats to kestria?? its all over my feed" asks whether
"veloria flog its boats to kestria" is true; "my mate swears X, any truth in that" asks about X;
"how many jars did brightwell recall" asks for a fact. Pure string work, no models.
"""

from __future__ import annotations

import re
from dataclasses import replace

from knowledge.errors import QuestionError
from knowledge.models import Claim, QuestionType

__all__ = ["parse_question", "validate_question"]

_WH = re.compile(
    r"^(how many|how much|how long|how old|how come|how|whats|what's|what|when|where|"
    r"which|whose|whom|who|why)\b",
    re.I,
)
# "those night pics of the boats, where were they going?": a wh-clause after a comma
_TRAILING_WH = re.compile(
    r"[,;:–—-]\s*(?:so\s+|but\s+|and\s+)?(how many|how much|how long|what|when|where|which|who|why|"
    r"how)\b(?P<rest>[^,;:]*)\?+\s*$",
    re.I,
)
_OPEN_REQUESTS = re.compile(
    r"^(tell me about|explain|describe|give me|show me|any (news|update|info)\w* (on|about))\b",
    re.I,
)
_FILLERS = re.compile(
    r"^(?:(?:wait|ok|okay|so|and|but|hey|hi|yo|um+|uh+|hmm+|guys|pls|please|quick question|"
    r"serious question|real talk|honestly|lol|omg|bro|mate|also|oh|ah|right|well|"
    r"fact[- ]?check(?: this)?|is this true|true or false)[\s,:!.?-]+)+",
    re.I,
)
_ASKING_TRUTH = re.compile(
    r"^(?:(?:is|was) it (?:true|right|correct|real|legit|accurate) (?:that )?|"
    r"(?:is|was) (?:this|that) (?:true|real|legit|right)[\s,:]*(?:that )?|"
    r"(?:do|does|did) (?:you|anyone) know (?:if|whether) |"
    r"(?:can|could) (?:you|someone) (?:check|confirm|verify) (?:if|whether|that)? ?|"
    r"i (?:heard|read|saw) (?:that|somewhere that|a post that|online that) |"
    r"(?:saw|read|heard) (?:a|an|some) \w+ (?:that|saying|claiming) |"
    r"(?:apparently|reportedly|supposedly|rumou?r (?:is|has it)(?: that)?) )",
    re.I,
)
# "someone said X", "my cousin reckons X", "people are saying X"
_REPORTED = re.compile(
    r"^(?:.{0,60}?\b)?(?:said|says|saying|claims?|claimed|claiming|reckons?|swears?|swore|"
    r"posted|tweeted|told me|thinks?|insists?|insisted)\s+(?:that\s+)?(?P<claim>.{8,})$",
    re.I,
)
_AUX = re.compile(
    r"^(?:is|are|was|were|do|does|did|has|have|had|can|could|will|would|should|shall|may|"
    r"might|must|isnt|isn't|arent|aren't|wasnt|wasn't|didnt|didn't|doesnt|doesn't|hasnt|"
    r"hasn't|havent|haven't)\b\s*",
    re.I,
)
_TAGS = re.compile(
    r"(?:[\s,.;:!?-]+(?:(?:is|was|isn't|isnt|wasn't|wasnt|does|did|didn't|didnt|right|"
    r"true|real|legit|really|fr|lol|lmao|or nah|or not|or what|any truth (?:in|to) (?:that|"
    r"this|it)|is (?:that|this|it) (?:true|right|real|legit)|that'?s not (?:right|true)|"
    r"thats not (?:right|true)|or is it (?:just )?(?:a |an )?(?:gossip|rumou?r|fake|made up|hoax|"
    r"lie|joke|nonsense|bs)|is it|are they|did they|did it|does it|innit|eh|huh|no|yeah|"
    r"yes|true or false|correct|(?:is|are|was|were|do|does|did|has|have|had|can|could|will|"
    r"would|should)n'?t (?:it|he|she|they|we|you|there|that)|\?+|!+)[\s,.;:!?-]*)+)$",
    re.I,
)
_TAG_ONLY = re.compile(
    r"^(?:(?:is (?:that|this|it) )?(?:true|real|legit|right|correct|accurate)|really|"
    r"fr|is it|or not|or nah|any truth (?:in|to) (?:that|this|it)|thoughts|source|sources)"
    r"[\s?!.]*$",
    re.I,
)
# Chat softeners; "like" only as a filler ("like, did they..."), not as in "gases like CO2".
_SOFTENERS = re.compile(
    r"\b(?:actually|really|literally|basically|seriously|truly)\b\s*|\blike,\s*|^like\s+", re.I
)
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
_ABBREVIATION = re.compile(
    r"(?:[A-Za-z]\.)+|(?:mr|mrs|ms|dr|prof|st|vs|etc|gen|gov|sen|rep|inc|ltd|co|jr|sr|no|"
    r"jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec)\.",
    re.I,
)
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


def _main_segment(text: str) -> str:
    segments = _segments(text) or [text]
    asked = [s for s in segments if "?" in s]
    return asked[0] if asked else segments[0]


def _strip_tags(text: str) -> str:
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
    reported = _REPORTED.match(text)
    if reported and not _AUX.match(text) and len(_strip_tags(reported.group("claim")).split()) >= 3:
        text = reported.group("claim")
    text = _ASKING_TRUTH.sub("", text)
    text = _AUX.sub("", text, count=1)
    text = _ASKING_TRUTH.sub("", text)
    body = _strip_tags(_SOFTENERS.sub("", text))
    return Claim(
        question=question,
        text=body or question,
        question_type=QuestionType.YES_NO,
        context=context,
    )
