"""News-stance variants of the training claims, written by templates of our own.

NLI data teaches "does this sentence say the same thing?". News adds who says it and how: a
claim relayed by someone ("a tabloid reported that ...") is not a confirmation, a denial by the
party concerned or a published correction counts against it, a fact-checker's rating is a
judgement of it, and a different figure contradicts it. None of that is in SNLI or FEVER, so
each claim is also set in such a frame, with the label the frame implies whatever the claim's
truth:

- relayed or unconfirmed -> neutral      - confirmed by an authority, rated true -> supports
- denied, corrected, rated false, or doubted by a credible source ("specialists say the report
  that ... is hard to credit", "nothing so far backs the claim that ...") -> refutes
- a figure in the claim changed so that the evidence gives another -> refutes
- a word the evidence shares with the claim turned into its opposite ("won" -> "lost"), or the
  claim negated ("is" -> "is not") -> refutes: word overlap alone must not read as support

Every choice comes from a `random.Random` the caller seeds, so a run is reproducible.
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING

import numpy as np

from knowledge.models import StanceLabel
from knowledge.stance.training.datasets import NEUTRAL, REFUTES, SUPPORTS, Example

if TYPE_CHECKING:
    from numpy.typing import NDArray

__all__ = [
    "FRAMES",
    "changed_figure",
    "framed",
    "inline",
    "number_variants",
    "opposite_variants",
    "related_neutrals",
]

_RELAYERS = (
    "a tabloid",
    "a regional TV channel",
    "an anonymous Telegram channel",
    "a popular blogger",
    "several outlets",
    "a local newspaper",
    "the Kyiv Post",
    "a partisan website",
    "an influencer with a large following",
    "state media",
)
_PARTIES = (
    "the ministry",
    "the company",
    "a government spokesperson",
    "the embassy",
    "the mayor's office",
    "the club",
    "the organisers",
    "the agency",
    "the family",
    "the president's office",
)
_CHECKERS = ("fact-checkers", "a fact-checking team", "independent fact-checkers", "reviewers")

Frame = Callable[[str, random.Random], str]


def _pick(rng: random.Random, options: Sequence[str]) -> str:
    return options[rng.randrange(len(options))]


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


# Each frame takes the claim as an inline clause ("the US bought 81 jets").
_RELAYED: tuple[Frame, ...] = (
    lambda c, r: f"{_cap(_pick(r, _RELAYERS))} reported that {c}.",
    lambda c, r: f"{_cap(_pick(r, _RELAYERS))} claimed that {c}, citing unnamed sources.",
    lambda c, r: f"A widely shared post says {c}.",
    lambda c, r: f"Rumours that {c} have been circulating online.",
    lambda c, r: f"According to {_pick(r, _RELAYERS)}, {c}.",
    lambda c, r: f"Social media users are sharing a claim that {c}.",
    lambda c, r: f"{_cap(_pick(r, _RELAYERS))} alleged on Monday that {c}.",
    lambda c, r: f"Posts on several platforms suggest {c}.",
)
_UNCONFIRMED: tuple[Frame, ...] = (
    lambda c, r: f"It could not be independently verified that {c}.",
    lambda c, r: f"{_cap(_pick(r, _PARTIES))} would not confirm whether {c}.",
    lambda c, r: f"There has been no official confirmation that {c}.",
    lambda c, r: f"Whether {c} remains unclear.",
)
_CONFIRMED: tuple[Frame, ...] = (
    lambda c, r: f"{_cap(_pick(r, _PARTIES))} confirmed that {c}.",
    lambda c, r: f"In a statement, {_pick(r, _PARTIES)} confirmed {c}.",
    lambda c, r: f"Official records show that {c}.",
    lambda c, r: f"{_cap(_pick(r, _PARTIES))} said in a statement that {c}.",
)
_RATED_TRUE: tuple[Frame, ...] = (
    lambda c, r: f"{_cap(_pick(r, _CHECKERS))} found the claim that {c} to be accurate.",
    lambda c, r: f"The claim that {c} is correct.",
    lambda c, r: f"Verdict: true. The records show {c}.",
    lambda c, r: f"Posts say {c}. That is accurate.",
)
_DENIED: tuple[Frame, ...] = (
    lambda c, r: f"{_cap(_pick(r, _PARTIES))} denied that {c}.",
    lambda c, r: f"{_cap(_pick(r, _PARTIES))} dismissed reports that {c} as false.",
    lambda c, r: f'"It is not true that {c}," a spokesperson for {_pick(r, _PARTIES)} said.',
    lambda c, r: f"{_cap(_pick(r, _PARTIES))} rejected claims that {c}.",
    lambda c, r: f"Officials called the report that {c} baseless.",
)
_CORRECTED: tuple[Frame, ...] = (
    lambda c, r: f"Correction: an earlier version of this article wrongly said that {c}.",
    lambda c, r: f"This story has been corrected. It previously stated, in error, that {c}.",
    lambda c, r: f"We incorrectly reported that {c}; that was not the case.",
    lambda c, r: f"An earlier report that {c} was inaccurate and has been withdrawn.",
)
_RATED_FALSE: tuple[Frame, ...] = (
    lambda c, r: f"{_cap(_pick(r, _CHECKERS))} rated the claim that {c} as false.",
    lambda c, r: f"The claim that {c} is false.",
    lambda c, r: f"Claims that {c} are likely false.",
    lambda c, r: f"Our verdict on the claim that {c}: misleading.",
    lambda c, r: f"A viral post claims that {c}. This is false.",
    lambda c, r: f"There is no truth to the story that {c}.",
)

# A credible source that finds the claim hard to believe, unsupported or implausible: an
# assessment of the claim, which counts against it (unlike "it could not be verified", which
# only says nobody has checked). Many wordings and many kinds of source, so that the model
# learns the stance and not a phrase.
_DOUBTERS = (
    "specialists",
    "analysts",
    "independent experts",
    "researchers who have studied the matter",
    "scientists",
    "investigators",
    "economists",
    "military analysts",
    "a panel of experts",
    "historians",
    "engineers familiar with the project",
    "several academics",
)
_DOUBTED: tuple[Frame, ...] = (
    lambda c, r: f"{_cap(_pick(r, _DOUBTERS))} say the report that {c} is hard to credit.",
    lambda c, r: f"Nothing so far backs the claim that {c}.",
    lambda c, r: f"{_cap(_pick(r, _DOUBTERS))} called accounts that {c} implausible.",
    lambda c, r: f"{_cap(_pick(r, _DOUBTERS))} said it was highly unlikely that {c}.",
    lambda c, r: f"The idea that {c} does not stand up to scrutiny, {_pick(r, _DOUBTERS)} said.",
    lambda c, r: f"{_cap(_pick(r, _DOUBTERS))} found nothing to support the story that {c}.",
    lambda c, r: f"According to {_pick(r, _DOUBTERS)}, there is no credible evidence that {c}.",
    lambda c, r: f"{_cap(_pick(r, _DOUBTERS))} have cast serious doubt on suggestions that {c}.",
    lambda c, r: f"Suggestions that {c} are far-fetched, {_pick(r, _DOUBTERS)} told reporters.",
    lambda c, r: f"Few {_pick(r, ('experts', 'observers', 'analysts'))} believe that {c}.",
    lambda c, r: (
        f"{_cap(_pick(r, _DOUBTERS))} said the evidence does not bear out claims that {c}."
    ),
    lambda c, r: f"It is very doubtful that {c}, {_pick(r, _DOUBTERS)} concluded.",
    lambda c, r: f"{_cap(_pick(r, _DOUBTERS))} dismissed as improbable the theory that {c}.",
    lambda c, r: f"The notion that {c} strains belief, {_pick(r, _DOUBTERS)} wrote.",
)

# name -> (frames, label, share of the claims it is applied to)
FRAMES: dict[str, tuple[tuple[Frame, ...], frozenset[StanceLabel], float]] = {
    "relayed": (_RELAYED, NEUTRAL, 0.10),
    "unconfirmed": (_UNCONFIRMED, NEUTRAL, 0.04),
    "confirmed": (_CONFIRMED, SUPPORTS, 0.05),
    "rated-true": (_RATED_TRUE, SUPPORTS, 0.03),
    "denied": (_DENIED, REFUTES, 0.07),
    "corrected": (_CORRECTED, REFUTES, 0.05),
    "rated-false": (_RATED_FALSE, REFUTES, 0.07),
    "doubted": (_DOUBTED, REFUTES, 0.06),
}

# Words that open a sentence and are not names, so may be lower-cased inside one.
_COMMON_OPENERS = frozenset(
    "a an the there it this that these those some many most all no people men women man woman "
    "children child boys girls two three four five six several one he she they we you his her "
    "their its our global human humans scientists researchers".split()
)
_NEGATION = re.compile(r"\b(?:not|no|never|n't|none|nobody|nothing|neither|nor)\b", re.IGNORECASE)
# A finite verb after the first word: SNLI has fragments ("An older man exercising.") that no
# one could deny or confirm.
_VERB = re.compile(
    r"\s(?:is|are|was|were|has|have|had|will|would|can|could|did|does|do|\w{3,}ed|"
    r"bought|sold|won|lost|made|took|gave|went|came|saw|said|told|built|began|became|found|"
    r"got|held|kept|left|led|met|paid|ran|sent|spent|stood|taught|thought|wrote|fell|rose|"
    r"grew|drew|flew|knew|threw|wore|broke|chose|spoke|stole|hid|sank|struck|fought)\b",
    re.IGNORECASE,
)


def inline(claim: str) -> str | None:
    """The claim as a clause to embed ("The US bought jets." -> "the US bought jets"), or None
    for a claim that would read badly framed: a question, a fragment with no verb, a negated
    claim (a denial of a denial confuses more than it teaches), or one too long to frame."""
    text = claim.strip().rstrip(".").strip()
    if not text or "?" in text or _NEGATION.search(text) or len(text.split()) > 30:
        return None
    if not _VERB.search(text):
        return None
    first = text.split()[0]
    if first.lower() in _COMMON_OPENERS:
        text = first.lower() + text[len(first) :]
    return text


def framed(
    claims: Iterable[str],
    rng: random.Random,
    *,
    scale: float = 1.0,
    without: frozenset[str] = frozenset(),
) -> list[Example]:
    """For each frame but those named in `without`, its share (times `scale`) of the usable
    claims set in that frame; and,
    for the frames that take a side, as many again set around some other claim, which are
    neutral: "rated false" or "confirmed" says nothing about a claim it is not about, and
    without these a model learns that the word "false" refutes whatever it is asked."""
    usable = sorted({clause for claim in claims if (clause := inline(claim)) is not None})
    examples: list[Example] = []
    for name, (frames, label, share) in FRAMES.items():
        if name in without:
            continue
        for clause in rng.sample(usable, int(len(usable) * share * scale)):
            frame = frames[rng.randrange(len(frames))]
            examples.append(Example(_cap(clause) + ".", frame(clause, rng), label, name))
            if label != NEUTRAL:
                # Another claim at random: on a related one (same people, other fact) the
                # frame could as well support or refute, and the label would be a guess.
                other = usable[rng.randrange(len(usable))]
                if other != clause:
                    evidence = frames[rng.randrange(len(frames))](other, rng)
                    examples.append(
                        Example(_cap(clause) + ".", evidence, NEUTRAL, f"{name}-elsewhere")
                    )
    return examples


_FIGURE = re.compile(r"(?<![\w.,])(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)(?![\w]|[.,]\d)")
_WORD_NUMBERS = ("two", "three", "four", "five", "six", "seven", "eight", "nine", "ten")
_WORD_NUMBER = re.compile(r"\b(" + "|".join(_WORD_NUMBERS) + r")\b", re.IGNORECASE)


def changed_figure(value: str, rng: random.Random) -> str:
    """Another figure that no reader would take for `value`: a different year, or the amount
    scaled by a clear factor."""
    if value.lower() in _WORD_NUMBERS:
        others = [word for word in _WORD_NUMBERS if word != value.lower()]
        word = _pick(rng, others)
        return _cap(word) if value[:1].isupper() else word
    number = float(value.replace(",", ""))
    if "." not in value and "," not in value and 1800 <= number <= 2100:
        return str(int(number) + rng.choice((-7, -4, -3, -2, 2, 3, 5, 9)))
    factor = rng.choice((0.1, 0.25, 0.5, 3.0, 4.0, 10.0))
    changed = number * factor
    if "." in value:
        return f"{changed:.1f}"
    changed_int = max(1, round(changed))
    if changed_int == int(number):
        changed_int = int(number) + 7
    return f"{changed_int:,}" if "," in value else str(changed_int)


def number_variants(examples: Iterable[Example], rng: random.Random) -> list[Example]:
    """Supported pairs whose claim and evidence share a figure, with the claim's figure changed:
    the evidence then gives a different figure, which refutes the claim."""
    variants: list[Example] = []
    for example in examples:
        if example.allowed != SUPPORTS:
            continue
        for pattern in (_FIGURE, _WORD_NUMBER):
            shared = [
                m
                for m in pattern.finditer(example.claim)
                if re.search(rf"\b{re.escape(m.group(1))}\b", example.evidence, re.IGNORECASE)
            ]
            if shared:
                m = shared[rng.randrange(len(shared))]
                claim = (
                    example.claim[: m.start(1)]
                    + changed_figure(m.group(1), rng)
                    + example.claim[m.end(1) :]
                )
                variants.append(Example(claim, example.evidence, REFUTES, "number-changed"))
                break
    return variants


def related_neutrals(
    pairs: Sequence[Example],
    claim_vectors: NDArray[np.float32],
    evidence_vectors: NDArray[np.float32],
    rng: random.Random,
    *,
    band: tuple[float, float] = (0.35, 0.6),
) -> list[Example]:
    """Each claim with another pair's evidence on a related subject: similar enough to share
    words (cosine within `band`), not so similar that it might settle the claim. Encyclopedia
    sentences that are about the topic but not the point are what a retriever brings most,
    and SNLI's neutral pairs look nothing like them. Vectors are unit length, row i for
    pairs[i]."""
    neutrals: list[Example] = []
    low, high = band
    for i, example in enumerate(pairs):
        row = evidence_vectors @ claim_vectors[i]
        candidates = [
            j
            for j in np.flatnonzero((row >= low) & (row <= high)).tolist()
            if pairs[j].evidence != example.evidence and pairs[j].claim != example.claim
        ]
        if candidates:
            j = candidates[rng.randrange(len(candidates))]
            neutrals.append(Example(example.claim, pairs[j].evidence, NEUTRAL, "related"))
    return neutrals


_OPPOSITES = dict(
    pair
    for a, b in (
        ("won", "lost"),
        ("win", "lose"),
        ("wins", "loses"),
        ("winning", "losing"),
        ("rose", "fell"),
        ("rising", "falling"),
        ("rises", "falls"),
        ("increased", "decreased"),
        ("increase", "decrease"),
        ("increasing", "decreasing"),
        ("increases", "decreases"),
        ("growing", "shrinking"),
        ("grew", "shrank"),
        ("higher", "lower"),
        ("more", "fewer"),
        ("larger", "smaller"),
        ("largest", "smallest"),
        ("biggest", "smallest"),
        ("open", "closed"),
        ("opened", "closed"),
        ("before", "after"),
        ("above", "below"),
        ("warmer", "cooler"),
        ("warming", "cooling"),
        ("longer", "shorter"),
        ("older", "younger"),
        ("oldest", "youngest"),
        ("first", "last"),
        ("north", "south"),
        ("northern", "southern"),
        ("east", "west"),
        ("eastern", "western"),
        ("allowed", "banned"),
        ("legal", "illegal"),
        ("alive", "dead"),
        ("full", "empty"),
        ("accepted", "rejected"),
        ("approved", "rejected"),
        ("supported", "opposed"),
        ("gained", "lost"),
        ("expanded", "shrank"),
        ("improved", "worsened"),
        ("positive", "negative"),
        ("majority", "minority"),
        ("always", "never"),
        ("many", "few"),
        ("most", "least"),
        ("high", "low"),
        ("hot", "cold"),
        ("wet", "dry"),
        ("fast", "slow"),
        ("early", "late"),
        ("inside", "outside"),
        ("indoors", "outdoors"),
        ("male", "female"),
        ("day", "night"),
        ("summer", "winter"),
        ("man", "woman"),
        ("men", "women"),
        ("boy", "girl"),
        ("boys", "girls"),
        ("sitting", "standing"),
        ("asleep", "awake"),
        ("sleeping", "running"),
        ("empty", "crowded"),
        ("young", "old"),
        ("cheap", "expensive"),
        ("success", "failure"),
        ("public", "private"),
        ("domestic", "foreign"),
        ("ancient", "modern"),
        ("wealthy", "poor"),
        ("rich", "poor"),
    )
    for pair in ((a, b), (b, a))
)
_PEOPLE = frozenset({"man", "woman", "men", "women", "boy", "girl", "boys", "girls"})
_OPPOSABLE = re.compile(r"\b(" + "|".join(sorted(map(re.escape, _OPPOSITES))) + r")\b", re.I)
_COPULA = re.compile(r"\b(is|are|was|were|can|will)\b(?! not\b)")


def _match_case(word: str, like: str) -> str:
    return word.capitalize() if like[:1].isupper() else word


def opposite_variants(examples: Iterable[Example], rng: random.Random) -> list[Example]:
    """Supported pairs with the claim turned against its evidence: a word that both share
    replaced by its opposite, else the claim's verb negated."""
    variants: list[Example] = []
    for example in examples:
        if example.allowed != SUPPORTS or _NEGATION.search(example.claim):
            continue
        shared = [
            m
            for m in _OPPOSABLE.finditer(example.claim)
            if re.search(rf"\b{re.escape(m.group(1))}\b", example.evidence, re.IGNORECASE)
            # "a man and a woman": swapping one would not contradict anything
            and not re.search(
                rf"\b{_OPPOSITES[m.group(1).lower()]}\b", example.claim, re.IGNORECASE
            )
            # SNLI's captions would make this mostly about men and women: keep a third
            and (m.group(1).lower() not in _PEOPLE or rng.random() < 0.33)
        ]
        if shared:
            m = shared[rng.randrange(len(shared))]
            word = _match_case(_OPPOSITES[m.group(1).lower()], m.group(1))
            claim = example.claim[: m.start(1)] + word + example.claim[m.end(1) :]
            variants.append(Example(claim, example.evidence, REFUTES, "opposite"))
        elif (verb := _COPULA.search(example.claim)) and rng.random() < 0.25:
            claim = example.claim[: verb.end()] + " not" + example.claim[verb.end() :]
            variants.append(Example(claim, example.evidence, REFUTES, "negated"))
    return variants
