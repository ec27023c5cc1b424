"""The words by which news text signals a stance: denials, corrections, fact-check ratings,
attribution, uncertainty, hedges and disagreement.

Each cue is a compiled pattern over lower-cased text. Order matters where cues overlap:
"will not confirm or deny" is uncertainty, not a denial, so callers test `UNCERTAIN` first.
"""

from __future__ import annotations

import re
from enum import StrEnum

__all__ = ["JUDGING", "RELAYING", "Cue", "cues_in", "first_cue_at"]


class Cue(StrEnum):
    UNCERTAIN = "uncertain"  # not confirmed, not announced, declined to comment
    DENIAL = "denial"  # false, denied, no truth, did not happen
    CORRECTION = "correction"  # was wrong, an earlier version, we apologise
    RATED_FALSE = "rated_false"  # a fact-check's verdict line: False, Misleading
    RATED_TRUE = "rated_true"  # a fact-check's verdict line: True, Accurate
    DOUBT = "doubt"  # unlikely, implausible, does not hold up
    MIXED = "mixed"  # evidence is mixed, studies disagree
    CONFIRM = "confirm"  # confirmed, announced, verified
    ANONYMOUS = "anonymous"  # unnamed sources, an anonymous account, gossip
    ATTRIBUTED = "attributed"  # relays someone else's claim: reportedly, claims that, citing


_C = re.compile

_PATTERNS: dict[Cue, re.Pattern[str]] = {
    Cue.UNCERTAIN: _C(
        r"\b(?:(?:has|have|had|is|are|was|were)(?:n't| not)(?: yet)?(?: been)? "
        r"(?:confirmed|announced|verified|substantiated|corroborated|decided|finali[sz]ed)|"
        r"not (?:yet )?(?:been )?(?:confirmed|announced|verified)|"
        r"(?:could|can|would|will|did)(?:n't| not)(?: be)? (?:independently )?"
        r"(?:verify|verified|confirm|confirmed|corroborate)|"
        r"(?:unable|not able|been able) to (?:independently )?(?:verify|confirm)|"
        r"not been able to (?:independently )?(?:verify|confirm)|"
        r"declined to (?:comment|confirm)|(?:would|will) not (?:comment|confirm)|no comment|"
        r"(?:will|would) not be confirming|neither confirm\w* nor den\w*|"
        r"(?:confirm|confirming) or deny\w*|not confirming or denying|"
        r"did not respond|(?:has|had) not responded|could not be reached|"
        r"(?:has|have|had) not commented|did not comment|refused to comment|"
        r"neither .{1,80}? nor .{1,80}? (?:has|have) (?:confirmed|announced|commented)|"
        r"no(?:body| one) has confirmed|"
        r"remains? (?:unclear|unknown|unconfirmed)|it is (?:not yet )?(?:unclear|not clear)|"
        r"too early to (?:say|tell)|unconfirmed|unverified|has not seen any)\b"
    ),
    Cue.DENIAL: _C(
        r"\b(?:den(?:y|ies|ied|ying|ial|ials)|refut\w+|rebut\w*|reject(?:s|ed|ing)?|"
        r"dismiss(?:es|ed|ing)?|push(?:es|ed)? back (?:against|on)|"
        r"(?:is|are|was|were|be|been) (?:completely |entirely |simply )?(?:false|untrue|"
        r"incorrect|wrong|inaccurate|baseless|unfounded|fabricated|fake|groundless|"
        r"misleading|not true|not accurate|not correct|a hoax)|"
        r"(?:this|these|that|those|such) (?:claims?|reports?|stor(?:y|ies)|rumou?rs?) "
        r"(?:is|are) (?:false|untrue|wrong|baseless)|"
        r"false (?:claims?|stor(?:y|ies)|reports?|rumou?rs?|information)|"
        r"no truth|not true|no (?:factual )?basis|did not happen|never happened|"
        r"there (?:is|was|has been) no (?:such |deal|sale|plan)|"
        r"no (?:such )?(?:deal|sale|plans?|agreement|contract) (?:has been|was|is|exists)|"
        r"hoax|debunk\w*|disinformation|misinformation)\b"
    ),
    Cue.CORRECTION: _C(
        r"\b(?:correction|corrected|wrongly|erroneously|mistakenly|in error|"
        r"an earlier version|(?:this|that|it) was (?:wrong|incorrect|inaccurate|an error)|"
        r"we apologi[sz]e|apologi[sz]e for the error|retract\w*|"
        r"(?:has|have) been amended|was based on (?:the same )?error)\b"
    ),
    Cue.RATED_FALSE: _C(
        r"\b(?:verdict|rating|ruling|our ruling|we rate(?: (?:this|it|the)(?: \w+)?)?|"
        r"conclusion)\b[\s:.\-—–]*(?:(?:mostly|largely|partly) )?(?:false|fake|misleading|"
        r"incorrect|pants on fire|"
        r"fabricated|unsupported|unfounded|wrong|inaccurate|not true)\b|"
        r"^(?:false|mostly false|misleading|fake)\b[.!]|"
        # "rated the claim that ... as false", "found the claim ... to be false"
        r"\b(?:rated|found)\b[^.]{0,160}?\b(?:as|to be) (?:(?:mostly|largely|partly) )?"
        r"(?:false|fake|misleading|incorrect|inaccurate|untrue|baseless)\b"
    ),
    Cue.RATED_TRUE: _C(
        r"\b(?:verdict|rating|ruling|our ruling|we rate(?: (?:this|it|the)(?: \w+)?)?)\b"
        r"[\s:.\-—–]*"
        r"(?:(?:mostly|largely) )?(?:true|correct|accurate|confirmed|verified)\b|"
        r"\b(?:rated|found)\b[^.]{0,160}?\b(?:as|to be) (?:(?:mostly|largely) )?"
        r"(?:true|correct|accurate)\b"
    ),
    Cue.DOUBT: _C(
        r"\b(?:(?:very |highly |extremely |most |deeply )?(?:unlikely|implausible|improbable|"
        r"doubtful|dubious|questionable)|does not hold up|do not hold up|doesn't hold up|"
        r"(?:likely|probably|almost certainly) (?:false|fabricated|untrue|wrong|disinformation)|"
        r"raised? doubts|no evidence|offers? no evidence|without (?:any )?evidence|"
        r"no sign of|no indication|no record of|lists? no|(?:is|are|was|were) (?:therefore )?"
        r"(?:inconsistent|not consistent) with|at odds with|do(?:es)? not match|contrary to)\b"
    ),
    Cue.MIXED: _C(
        r"\b(?:evidence is mixed|mixed (?:evidence|results|picture|record)|"
        r"(?:reach|reached|came to|come to) (?:different|opposite|conflicting) conclusions|"
        r"opposite (?:answers|conclusions|findings)|conflicting (?:evidence|findings|results|"
        r"studies|reports)|(?:evidence|data|research|studies|findings)\b[^.]{0,80}\b(?:is|are|"
        r"remains?) (?:mixed|inconclusive|unclear|divided)|mixed on whether|"
        r"(?:experts?|studies|researchers) (?:were |are )?"
        r"(?:split|divided)|disagree\w*|inconclusive|not conclusive|nobody can say|"
        r"cannot yet be treated as|not (?:the )?final word)\b"
    ),
    Cue.CONFIRM: _C(
        r"\b(?:confirm(?:s|ed)?|announc(?:es|ed)|verified|officially|approved)\b(?! or den)"
    ),
    Cue.ANONYMOUS: _C(
        r"\b(?:anonymous|unnamed|unidentified|asked not to be named|not (?:be )?named|"
        r"(?:source|sources|insiders?) (?:say|said|says|told|claim\w*)|people familiar|"
        r"familiar with|little birdie|gossip|rumou?r\w*|(?:does|did) not identify|"
        r"telegram channel|social media account|online account|viral|our sources|"
        r"we(?:'ve| have) been told|has been told|i can't say who|can't say who told|"
        r"exclusive|you heard it here)\b"
    ),
    Cue.ATTRIBUTED: _C(
        r"\b(?:according to (?:the )?(?:\w+ )?(?:reports?|media|posts?|accounts?|channels?|"
        r"sites?|outlets?|blogs?|social|online|rumou?rs?|claims?|sources?|screenshots?)|"
        r"reportedly|allegedly|purportedly|supposedly|claim(?:s|ed|ing)?|citing|cited|"
        r"report(?:s|ed|ing)?|relayed|repeated|(?:has|have) learned|posted|tweeted|"
        r"wrote that|under the headline|said (?:in a|on its|in its) (?:thread|post)|suggested)\b"
    ),
}


# Cues by which a text passes judgement on a claim, and cues by which it only relays one.
JUDGING = frozenset(
    {Cue.DENIAL, Cue.CORRECTION, Cue.RATED_FALSE, Cue.RATED_TRUE, Cue.DOUBT, Cue.UNCERTAIN}
)
RELAYING = frozenset({Cue.ATTRIBUTED, Cue.ANONYMOUS})


def first_cue_at(text: str, wanted: frozenset[Cue]) -> int | None:
    """The offset of the first of the `wanted` cues in a text, if any."""
    lowered = text.lower()
    starts = [m.start() for cue in wanted if (m := _PATTERNS[cue].search(lowered))]
    return min(starts, default=None)


def cues_in(text: str) -> frozenset[Cue]:
    """The cues present in a passage. A denial or rating phrased as uncertainty ("will not
    confirm or deny") counts only as uncertainty."""
    lowered = text.lower()
    found = {cue for cue, pattern in _PATTERNS.items() if pattern.search(lowered)}
    if (
        Cue.UNCERTAIN in found
        and Cue.DENIAL in found
        and re.search(r"confirm\w* (?:or|nor) den", lowered)
    ):
        found.discard(Cue.DENIAL)
    if Cue.UNCERTAIN in found:
        found.discard(Cue.CONFIRM)
    return frozenset(found)
