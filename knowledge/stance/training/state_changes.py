"""Training pairs about how things stand now, written by templates of our own.

Members ask whether something is still so ("is the bridge still shut", "is she still the
coach"), and the model trained on captions and Wikipedia had learnt two wrong lessons: "still"
in a claim reads as a contradiction whatever the passage says, and a passage that reports a
change ("the bridge reopened on Monday") reads as support for the state it ended, because it
shares the claim's words. Two families of pairs teach the difference, with the label a careful
reader gives the passage alone:

- **"still" changes nothing** (`still_variants`): a claim of the allowed sets with "still"
  added after its verb keeps its label ("a man is still sleeping" against the caption that
  said he sleeps), and the same claim against its own words with "no longer" refutes.
- **a change of state** (`state_change_pairs`): a claim that a thing is in a state, asked with
  "still", "now" or "anymore", against a report that the state ended (refutes), that it
  began or continues (supports), or that another thing's state changed (neutral); and a claim
  that the state ended ("has the bridge reopened") against the same report of the end
  (supports) and one that it continues (refutes). Every report of a change supports one claim
  and refutes its opposite, as often: the model must read which way the change went, not that
  there was one. (A first run whose change reports all refuted learnt "a change refutes", and
  read "trains will stop running through the town for a week" as refuting "the train through
  the town is off for a week"; a second, where reports that a state began supported, learnt
  the opposite lean.) The states are the
  ones news questions ask about: closed and reopened, suspended and resumed, in office and
  resigned, on strike and back at work, in custody and released, banned and lifted.

Every choice comes from a `random.Random` the caller seeds, so a run is reproducible. The
subjects are common nouns, the people invented.
"""

from __future__ import annotations

import random
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from knowledge.stance.training.datasets import NEUTRAL, REFUTES, SUPPORTS, Example

__all__ = ["STATES", "State", "state_change_pairs", "still_variants"]

# A present-tense copula not already negated or followed by "still".
_COPULA = re.compile(r"\b(is|are)\b(?! (?:not|no longer|still)\b)")


def still_variants(
    examples: Iterable[Example], rng: random.Random, share: float = 0.15
) -> list[Example]:
    """A share of the pairs whose claim has "is" or "are": the claim with "still" after the
    verb, same labels; and, for supported pairs, the claim against itself with "no longer"."""
    variants: list[Example] = []
    for example in examples:
        verb = _COPULA.search(example.claim)
        if not verb or rng.random() >= share:
            continue
        still = example.claim[: verb.end()] + " still" + example.claim[verb.end() :]
        variants.append(Example(still, example.evidence, example.allowed, "still-same"))
        if example.allowed == SUPPORTS and rng.random() < 0.5:
            ended = example.claim[: verb.end()] + " no longer" + example.claim[verb.end() :]
            variants.append(Example(still, ended, REFUTES, "still-no-longer"))
    return variants


@dataclass(frozen=True, slots=True)
class State:
    """A state a thing can be in, how a member asks about it, and how reports say it ended or
    goes on. `{s}` is the subject, `{d}` a day."""

    subjects: tuple[str, ...]
    asked: tuple[str, ...]  # claims: "{s} still closed", "{s} is closed now"
    asked_over: tuple[str, ...]  # claims that it ended: "has {s} reopened", "{s} open again"
    ended: tuple[str, ...]  # reports that it is no longer so
    continues: tuple[str, ...]  # reports that it still is
    began: tuple[str, ...]  # reports that it came about (and nothing says it ended)


_PLACES = (
    "the coast road",
    "the old bridge",
    "the town museum",
    "the north bridge",
    "the swimming baths",
    "the border crossing",
    "the main library",
    "the ring road tunnel",
    "the mountain pass",
    "the market hall",
    "the west pier",
    "the ski lift",
)
_SERVICES = (
    "the night bus",
    "the island ferry",
    "the branch line",
    "the airport shuttle",
    "the water supply",
    "the school meals service",
    "the mail service",
    "the cross-border train",
    "the evening sailings",
    "the tram service",
)
_OFFICE_HOLDERS = (
    ("Anna Verholt", "the head coach"),
    ("Piet Laskaris", "the mayor"),
    ("Dr Mara Ostend", "the chief executive"),
    ("Jonas Trell", "the finance minister"),
    ("Elin Tarrasq", "the club captain"),
    ("Tomas Quarne", "the police chief"),
    ("Ida Sorvik", "the party leader"),
    ("Karel Dunst", "the hospital director"),
)
_WORKERS = (
    "the bus drivers",
    "the dock workers",
    "the junior doctors",
    "the rail staff",
    "the teachers",
    "the refuse collectors",
    "the air traffic controllers",
)
_DETAINED = ("Arno Velt", "Lise Carron", "the lorry driver", "the former treasurer", "the activist")
_RULES = (
    "the fishing ban",
    "the hosepipe ban",
    "the curfew",
    "the import ban",
    "the travel warning",
    "the boil-water notice",
    "the speed limit cut",
)

STATES: tuple[State, ...] = (
    State(
        _PLACES,
        ("{s} still closed", "{s} is still shut", "{s} closed now", "is {s} still closed"),
        ("{s} reopened", "has {s} reopened", "{s} open again now", "{s} is no longer closed"),
        (
            "{S} reopened on {d}.",
            "{S} was opened again on {d} after repairs.",
            "Since {d}, {s} has been open again.",
        ),
        (
            "{S} remains closed.",
            "{S} has stayed shut since {d}, and no date has been set for it to reopen.",
            "Repairs continue and {s} will stay closed for several more weeks.",
        ),
        (
            "{S} was closed on {d} until further notice.",
            "{S} shut on {d} for repairs expected to last several weeks.",
        ),
    ),
    State(
        _PLACES,
        ("{s} still open", "{s} is open now", "{s} is still open to the public"),
        ("{s} closed now", "has {s} been shut", "{s} is no longer open"),
        (
            "{S} was closed on {d} until further notice.",
            "{S} shut on {d} after inspectors found cracks.",
        ),
        ("{S} remains open.", "{S} has stayed open throughout, the operator said on {d}."),
        ("{S} reopened on {d}.", "{S} opened to the public again on {d}."),
    ),
    State(
        _SERVICES,
        ("{s} still suspended", "{s} is still cancelled", "{s} not running anymore"),
        ("{s} running again", "has {s} resumed", "{s} back in service"),
        (
            "{S} resumed on {d}.",
            "{S} has been running normally again since {d}.",
            "Services on {s} restarted on {d}.",
        ),
        (
            "{S} remains suspended.",
            "{S} will stay suspended until at least the end of the month.",
        ),
        ("{S} was suspended on {d} until further notice.", "{S} has not run since {d}."),
    ),
    State(
        _SERVICES,
        ("{s} still running", "{s} is still operating", "{s} running now"),
        ("{s} suspended", "has {s} been stopped", "{s} no longer running"),
        (
            "{S} was suspended on {d}.",
            "{S} was withdrawn on {d}.",
            "{S} stopped running on {d}.",
        ),
        ("{S} continues to run as normal.", "{S} is operating normally, the operator said."),
        ("{S} resumed on {d}.", "{S} restarted on {d} after a two-week break."),
    ),
    State(
        (),  # office holders: built from _OFFICE_HOLDERS
        ("{p} still {r}", "{p} is still {r}", "is {p} still {r}", "{p} {r} now"),
        (
            "{p} resigned as {r}",
            "{p} no longer {r}",
            "has {p} stepped down as {r}",
            "{p} quit as {r}",
        ),
        (
            "{P} resigned as {r} on {d}.",
            "{P} was dismissed as {r} on {d}.",
            "{P} stepped down as {r} on {d}.",
            "{P} left the post of {r} on {d}.",
        ),
        ("{P} remains {r}.", "{P} continues as {r}.", "{P} has been {r} since {d}."),
        ("{P} was appointed {r} on {d}.", "{P} took over as {r} on {d}."),
    ),
    State(
        _WORKERS,
        ("{s} still on strike", "{s} are still striking", "{s} on strike now"),
        ("{s} back at work", "is the strike by {s} over", "{s} ended their strike"),
        (
            "{S} returned to work on {d}.",
            "The strike by {s} ended on {d}.",
            "{S} called off their strike on {d}.",
        ),
        ("The strike by {s} continues.", "{S} remain on strike."),
        ("{S} walked out on {d}.", "{S} began an open-ended strike on {d}."),
    ),
    State(
        _DETAINED,
        ("{s} still in custody", "{s} is still locked up", "{s} still behind bars"),
        ("{s} released", "has {s} been freed", "{s} out of custody"),
        (
            "{S} was released on {d}.",
            "{S} was freed on bail on {d}.",
            "{S} left custody on {d}.",
        ),
        ("{S} remains in custody.", "{S} was remanded in custody on {d}."),
        ("{S} was arrested on {d}.", "{S} was taken into custody on {d}."),
    ),
    State(
        _RULES,
        ("{s} still in force", "{s} still on", "{s} is still in place"),
        ("{s} lifted", "has {s} been lifted", "{s} no longer in force"),
        ("{S} was lifted on {d}.", "{S} ended on {d}.", "{S} was withdrawn on {d}."),
        ("{S} remains in force.", "{S} will stay in place until further notice."),
        ("{S} came into force on {d}.", "{S} was imposed on {d}."),
    ),
)

_DAYS = (
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "3 March",
    "12 June",
    "28 September",
    "1 November",
)


def _fill(template: str, subject: str, person: str, role: str, day: str) -> str:
    return template.format(
        s=subject,
        S=subject[:1].upper() + subject[1:],
        p=person,
        P=person,
        r=role,
        d=day,
    )


def _cases(state: State) -> Sequence[tuple[str, str, str]]:
    """(subject, person, role) for each thing the state is asked about."""
    if state.subjects:
        return [(subject, subject, "") for subject in state.subjects]
    return [(person, person, role) for person, role in _OFFICE_HOLDERS]


def state_change_pairs(rng: random.Random, per_case: int = 4) -> list[Example]:
    """For each state and each thing in it, `per_case` rounds of six pairs, balanced so that
    a report of a change supports as often as it refutes:

    - a claim that the state goes on against a report that it ended (refutes) and one that it
      continues or began (supports);
    - a claim that it ended against a report that it ended (supports) and one that it
      continues (refutes);
    - each claim against a report that another thing's state ended (neutral)."""
    pairs: list[Example] = []
    for state in STATES:
        cases = _cases(state)
        for subject, person, role in cases:
            for _ in range(per_case):
                on = _fill(rng.choice(state.asked), subject, person, role, "")
                over = _fill(rng.choice(state.asked_over), subject, person, role, "")
                day = rng.choice(_DAYS)
                ended = _fill(rng.choice(state.ended), subject, person, role, day)
                how = "began" if rng.random() < 1 / 3 else "continues"
                templates = state.continues if how == "continues" else state.began
                goes_on = _fill(rng.choice(templates), subject, person, role, day)
                continues = _fill(rng.choice(state.continues), subject, person, role, day)
                other = rng.choice([c for c in cases if c[0] != subject])
                elsewhere = _fill(rng.choice(state.ended), *other, day)
                pairs.append(Example(on, ended, REFUTES, "state-ended"))
                pairs.append(Example(on, goes_on, SUPPORTS, f"state-{how}"))
                pairs.append(Example(on, elsewhere, NEUTRAL, "state-elsewhere"))
                pairs.append(Example(over, ended, SUPPORTS, "state-over-ended"))
                pairs.append(Example(over, continues, REFUTES, "state-over-continues"))
                pairs.append(Example(over, elsewhere, NEUTRAL, "state-over-elsewhere"))
    return pairs
