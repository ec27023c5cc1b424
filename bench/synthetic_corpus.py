"""A deterministic synthetic news corpus for the engine benchmark, with questions about it.

Documents in factdesk's Markdown front-matter format, generated from templates and word lists
written for this benchmark (nothing is copied from anywhere): many topics, names, places,
figures and dates, in paragraphs of news-like length. `generate_corpus` writes about the asked
number of passages (counted with the engine's own splitter) and returns questions made from the
generated facts: yes/no questions stated right and misstated, wh-questions, and questions about
names that appear nowhere in the corpus.
"""

from __future__ import annotations

import json
import random
import re
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from knowledge.passages import split_passages

__all__ = ["SyntheticCorpus", "generate_corpus"]

# ==============================================================================================
# Synthetic news corpus
# ==============================================================================================

FIRST_NAMES = (
    "Amara Anders Aisha Bruno Camille Chiara Dmitri Elena Emeka Farah Felix Greta Hana Hugo Ines "
    "Ivan Jana Joaquin Kaito Katarzyna Leila Lorenzo Maja Marek Mateo Mei Nadia Niall Olga Omar "
    "Paula Pieter Priya Rafael Rosa Ruth Samir Sanna Sofia Stefan Tariq Tereza Tomas Valentina "
    "Viktor Wen Yusuf Zofia Adele Bernard Clara Declan Edith Fergus Gideon Harriet Ilse Kofi "
    "Lucia Magnus Noor Oskar Petra Rhea Soren Talia Ulrich Vera Ada Bogdan Carmen Dara Esme Goran"
).split()
SURNAMES = (
    "Abernethy Achterberg Adeyemi Albescu Almeida Andersen Arkwright Baptiste Barros Bellamy "
    "Berglund Blackwood Brennan Calloway Castellano Chowdhury Cieslak Corrigan Dahl Delacroix "
    "Demir Dimitrov Drummond Eckhart Eriksen Esposito Falkner Farrow Fitzgerald Fontaine "
    "Galloway Gruber Haddad Halloran Hartmann Hayashi Holm Ibarra Iversen Jablonski Jansen Kader "
    "Kaminski Keller Kowalczyk Lambert Larsen Lindgren Lombardi Lundqvist MacLeod Madsen "
    "Marchetti Mensah Moreau Nakamura Navarro Nilsson Novak Oduya Okafor Olsen Ortega Pacheco "
    "Petrov Pilkington Quinlan Radu Rasmussen Reyes Rossi Sandoval Schneider Sorensen Strand "
    "Szabo Takahashi Thornton Toivonen Ulven Valdez Varga Vasquez Voss Wainwright Weber Whitlock "
    "Yilmaz Zielinski Zimmermann"
).split()
TOWN_HEADS = (
    "Ash Bal Bran Brook Cal Carr Dun Elm Fen Fair Glen Gran Hal Harr Hol Ing Kel Kings Lang Lin "
    "Lynd Mar Mel Mill Nor Oak Orm Pell Rad Raven Ros Salt Sel Stan Stow Tarn Thorn Tol Val Ven "
    "Wes Whit Wick Wil Wyn Yar Bel Cor Dal Est Fal Gil Hen Kar Lor Mor Nev Pen Riv Sil Tav Ul Vel "
    "Wren"
).split()
TOWN_TAILS = (
    "bury ford ham ton wick mouth field by stead mere dale haven port bridge moor worth stow gate "
    "holm vik berg stad ova ara ino esti enburg ley croft minster"
).split()
COUNTRIES = (
    "Aldoria Belmaria Corvania Dravonia Estrovia Feldmark Galvania Istrava Kestria Lauravia "
    "Montavia Norvik Ostmara Pellucia Rovenia Sarentia Tavrisia Valdora Westmark Ambria"
).split()
CURRENCIES = ("euros", "dollars", "crowns", "marks", "florins")
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
MONTHS = (
    "January February March April May June July August September October November December"
).split()
OUTLET_KINDS = (
    "Courier Herald Gazette Chronicle Post Observer Times Ledger Record Bulletin Express".split()
)
JOBS = (
    "nurse",
    "bus driver",
    "shopkeeper",
    "retired teacher",
    "electrician",
    "student",
    "fisherman",
    "pharmacist",
    "café owner",
    "taxi driver",
    "software developer",
    "farmer",
    "postal worker",
    "accountant",
)
VENUES = (
    "the town hall",
    "the community centre",
    "the old market hall",
    "the public library",
    "the railway station",
    "the sports hall",
    "the cathedral square",
)
INDUSTRIES = {
    "Logistics": "logistics",
    "Energy": "energy",
    "Foods": "food",
    "Pharma": "pharmaceuticals",
    "Systems": "software",
    "Motors": "carmaking",
    "Telecom": "telecoms",
    "Steel": "steel",
    "Textiles": "clothing",
    "Shipping": "shipping",
    "Airways": "airline",
    "Retail": "retail",
    "Chemicals": "chemicals",
    "Media": "media",
    "Construction": "construction",
}
# Names that the generator can never produce: questions about them have no answer in the corpus.
ABSENT_QUESTIONS = (
    "Did the Quillmarsh city council ban electric scooters?",
    "How many people live in Zarnowitz?",
    "was the mayor of Ostravel arrested for bribery??",
    "Did Halvercorp buy the Pemberton Daily newspaper?",
    "When will the Saint Orrin bridge reopen to traffic?",
    "someone said the Veyrand Symphony Orchestra cancelled its winter tour, is that true",
)
ABSENT_WORDS = (
    "Quillmarsh",
    "Zarnowitz",
    "Ostravel",
    "Halvercorp",
    "Pemberton",
    "Orrin",
    "Veyrand",
)


def _ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def _money(rng: random.Random, currency: str, low: float, high: float) -> tuple[str, float]:
    """An amount in millions as news writes it ("42 million euros", "1.3 billion crowns")."""
    value = rng.uniform(low, high)
    if value >= 1000:
        return f"{value / 1000:.1f} billion {currency}", value
    if value >= 100:
        return f"{round(value)} million {currency}", value
    return f"{value:.1f} million {currency}".replace(".0 ", " "), value


def _other_number(rng: random.Random, value: int) -> int:
    """A plausible but different number (for questions that misstate a figure)."""
    for _ in range(20):
        other = round(value * rng.choice((0.5, 0.6, 0.75, 1.3, 1.5, 2.0, 3.0)))
        if other != value and other > 0:
            return other
    return value + 1


@dataclass(frozen=True)
class Topic:
    """Templates for one kind of story; `[a|b]` picks one, `{slot}` fills from the slots."""

    name: str
    slots: Callable[[random.Random, dict[str, Any]], None]
    titles: tuple[str, ...]
    leads: tuple[str, ...]
    details: tuple[str, ...]
    yes: tuple[str, ...]  # yes/no questions the lead supports
    wrong: tuple[str, ...]  # yes/no questions that misstate the story
    wh: tuple[str, ...]


def _council(rng: random.Random, s: dict[str, Any]) -> None:
    s["project"] = rng.choice(
        (
            "a new central library",
            "flood defences along the river",
            "the repair of 140 kilometres of roads",
            "a public swimming pool",
            "two new primary schools",
            "social housing on the former gasworks site",
            "a network of protected cycle lanes",
            "the renovation of the concert hall",
        )
    )
    s["amount"], value = _money(rng, s["currency"], 4, 180)
    s["wrong_amount"] = _money(rng, s["currency"], value * 1.8, value * 3.5)[0]
    s["votes_for"] = rng.randint(21, 38)
    s["votes_against"] = rng.randint(3, 19)
    s["tax_pct"] = rng.choice((1.5, 2, 2.5, 3, 3.5, 4))
    s["finish_year"] = s["year"] + rng.randint(2, 5)


def _company(rng: random.Random, s: dict[str, Any]) -> None:
    s["revenue"], _ = _money(rng, s["currency"], 80, 9000)
    s["rise_pct"] = round(rng.uniform(2, 31), 1)
    s["jobs"] = rng.choice((120, 250, 300, 450, 600, 800, 1200, 1500, 2000))
    s["wrong_jobs"] = _other_number(rng, s["jobs"])
    s["plant_town"] = s["town2"]
    s["quarter"] = rng.choice(("first", "second", "third", "fourth"))
    s["shares_pct"] = round(rng.uniform(1, 12), 1)
    s["stores"] = rng.randint(12, 240)


def _transport(rng: random.Random, s: dict[str, Any]) -> None:
    s["line"] = (
        f"{rng.choice(('Harbour', 'Valley', 'Northern', 'Coastal', 'Airport', 'River'))} "
        + (rng.choice(("Line", "Link", "Railway", "Tramway")))
    )
    s["km"] = rng.randint(6, 140)
    s["wrong_km"] = _other_number(rng, s["km"])
    s["stations"] = rng.randint(4, 22)
    s["cost"], _ = _money(rng, s["currency"], 90, 4000)
    s["open_year"] = s["year"] + rng.randint(3, 9)
    s["minutes_now"] = rng.randint(55, 140)
    s["minutes_new"] = rng.randint(18, 50)
    s["passengers"] = f"{rng.randint(8, 95) * 1000:,}"


def _weather(rng: random.Random, s: dict[str, Any]) -> None:
    s["level"] = rng.choice(("yellow", "amber", "red"))
    s["a_level"] = ("an " if s["level"] == "amber" else "a ") + s["level"]
    s["gust"] = rng.randint(70, 150)
    s["rain"] = rng.randint(30, 180)
    s["wrong_rain"] = _other_number(rng, s["rain"])
    s["from_hour"] = f"{rng.randint(0, 23):02d}:00"
    s["to_hour"] = f"{rng.randint(0, 23):02d}:00"
    s["homes_power"] = f"{rng.randint(2, 60) * 1000:,}"
    s["river"] = f"River {rng.choice(TOWN_HEADS)}"


def _sport(rng: random.Random, s: dict[str, Any]) -> None:
    s["team"] = f"{s['town']} {rng.choice(('Rovers', 'United', 'Athletic', 'City', 'Wanderers'))}"
    s["team2"] = f"{s['town2']} {rng.choice(('Town', 'Albion', 'FC', 'Rangers', 'Harriers'))}"
    s["goals"] = rng.randint(2, 5)
    s["goals2"] = rng.randint(1, s["goals"] - 1)  # the loser led early on
    s["scorer"] = s["person2"]
    s["minute"] = _ordinal(rng.randint(52, 90))
    s["crowd"] = f"{rng.randint(3, 48) * 1000 + rng.randint(0, 999):,}"
    s["stadium"] = f"{rng.choice(('Victoria', 'Riverside', 'Mill', 'Station', 'Park'))} " + (
        rng.choice(("Park", "Road", "Ground", "Stadium", "Lane"))
    )
    s["position"] = rng.choice(("first", "second", "third", "fourth", "fifth", "sixth"))
    s["points"] = rng.randint(18, 71)


def _health(rng: random.Random, s: dict[str, Any]) -> None:
    s["hospital"] = f"{rng.choice(('St', 'Royal', 'General', 'University'))} " + (
        f"{rng.choice(SURNAMES)} Hospital"
    ).replace("St ", "St. ")
    s["illness"] = rng.choice(("measles", "legionnaires' disease", "norovirus", "whooping cough"))
    s["cases"] = rng.randint(14, 420)
    s["wrong_cases"] = _other_number(rng, s["cases"])
    s["in_hospital"] = max(1, s["cases"] // rng.randint(5, 15))
    s["vaccine_pct"] = round(rng.uniform(71, 96), 1)
    s["clinic_days"] = rng.choice(("Monday to Friday", "every day", "on weekdays and Saturdays"))


def _court(rng: random.Random, s: dict[str, Any]) -> None:
    s["defendant"] = s["person2"]
    s["job"] = rng.choice(("bank manager", "council official", "accountant", "police officer"))
    s["charge"] = rng.choice(
        (
            "embezzling public funds",
            "taking bribes in exchange for building permits",
            "running a fraudulent investment scheme",
            "falsifying safety inspections",
        )
    )
    s["years"] = rng.randint(2, 11)
    s["wrong_years"] = s["years"] + rng.randint(3, 8)
    s["sum"], _ = _money(rng, s["currency"], 0.4, 30)
    s["court"] = f"the {s['town']} District Court"
    s["judge"] = s["person3"]
    s["trial_weeks"] = rng.randint(3, 14)


def _science(rng: random.Random, s: dict[str, Any]) -> None:
    s["university"] = f"University of {s['town']}"
    s["lead_author"] = s["person2"]
    s["finding"], s["subjects"] = rng.choice(
        (
            ("coastal wetlands store more carbon than previously estimated", "sites"),
            ("children who walk to school sleep longer on average", "children"),
            ("urban bees visit a wider range of plants than rural bees", "hives"),
            ("a common heart drug may slow the loss of muscle in older adults", "patients"),
            ("the region's glaciers lost a fifth of their volume in a decade", "glaciers"),
            ("people over 60 who learn a new language score better on memory tests", "volunteers"),
        )
    )
    s["n_subjects"] = f"{rng.randint(40, 9000):,}"
    s["journal"] = rng.choice(("Nature Letters", "The Open Science Review", "Field Studies"))
    s["study_years"] = rng.randint(2, 12)
    s["grant"], _ = _money(rng, s["currency"], 0.3, 9)


def _election(rng: random.Random, s: dict[str, Any]) -> None:
    parties = ["Civic Alliance", "Green Union", "People's Party", "Liberal Forum", "Labour Bloc"]
    rng.shuffle(parties)
    s["party"], s["party2"] = parties[0], parties[1]
    s["candidate"], s["candidate2"] = s["person"], s["person2"]
    s["vote_pct"] = round(rng.uniform(38, 64), 1)
    s["vote_pct2"] = round(100 - s["vote_pct"] - rng.uniform(3, 15), 1)
    s["turnout"] = round(rng.uniform(31, 78), 1)
    s["control_years"] = rng.randint(8, 30)
    s["runoff_day"] = f"{rng.randint(1, 28)} {s['next_month']}"


def _festival(rng: random.Random, s: dict[str, Any]) -> None:
    s["festival"] = (
        f"{s['town']} {rng.choice(('Jazz', 'Folk', 'Film', 'Food', 'Book', 'Lantern'))} "
        + ("Festival")
    )
    s["visitors"] = rng.randint(8, 240) * 1000
    s["visitors_text"] = f"{s['visitors']:,}"
    s["wrong_visitors"] = f"{_other_number(rng, s['visitors']):,}"
    s["days"] = rng.randint(2, 10)
    s["founded"] = rng.randint(1962, 2012)
    s["headliner"] = s["person2"]
    s["tickets"] = rng.randint(12, 95)


def _energy(rng: random.Random, s: dict[str, Any]) -> None:
    kind = rng.choice(("offshore wind farm", "solar park", "battery storage plant"))
    s["plant_kind"] = kind
    s["plant"] = f"{s['town2']} {kind.split()[-2].title()} {kind.split()[-1].title()}"
    s["mw"] = rng.choice((40, 80, 120, 250, 400, 600, 900))
    s["wrong_mw"] = _other_number(rng, s["mw"])
    s["homes"] = f"{s['mw'] * rng.randint(600, 1100):,}"
    s["cost"], _ = _money(rng, s["currency"], 60, 2500)
    s["turbines"] = max(4, s["mw"] // rng.choice((6, 8, 12)))
    s["co2"] = f"{rng.randint(30, 900) * 1000:,}"


def _harvest(rng: random.Random, s: dict[str, Any]) -> None:
    s["crop"] = rng.choice(("wheat", "barley", "apple", "grape", "potato", "olive", "sugar beet"))
    s["fall_pct"] = rng.randint(8, 46)
    s["tonnes"] = f"{rng.randint(12, 900) * 1000:,}"
    s["cause"] = rng.choice(
        (
            "a late spring frost",
            "the driest summer in four decades",
            "weeks of heavy rain during the harvest",
            "an outbreak of fungal disease",
            "a hailstorm in early July",
        )
    )
    s["price_pct"] = rng.randint(5, 40)
    s["farms"] = f"{rng.randint(300, 9000):,}"
    s["aid"], _ = _money(rng, s["currency"], 5, 300)


def _breach(rng: random.Random, s: dict[str, Any]) -> None:
    s["users"] = rng.randint(20, 4000) * 1000
    s["users_text"] = f"{s['users']:,}"
    s["wrong_users"] = f"{_other_number(rng, s['users']):,}"
    s["found_date"] = f"{rng.randint(1, 28)} {s['month']}"
    s["data_kind"] = rng.choice(
        (
            "names, email addresses and phone numbers",
            "names, home addresses and dates of birth",
            "email addresses and encrypted passwords",
            "names and the last four digits of bank cards",
        )
    )
    s["regulator"] = f"the {s['country']} Data Protection Authority"
    s["fine"], _ = _money(rng, s["currency"], 0.5, 40)


def _wildfire(rng: random.Random, s: dict[str, Any]) -> None:
    s["firefighters"] = rng.randint(60, 900)
    s["hectares"] = rng.randint(150, 12000)
    s["hectares_text"] = f"{s['hectares']:,}"
    s["wrong_hectares"] = f"{_other_number(rng, s['hectares']):,}"
    s["homes_evacuated"] = f"{rng.randint(40, 3000):,}"
    s["aircraft"] = rng.randint(2, 14)
    s["wind_kmh"] = rng.randint(30, 80)
    s["road"] = f"the A{rng.randint(1, 99)}"


def _trade(rng: random.Random, s: dict[str, Any]) -> None:
    s["goods"] = rng.choice(
        (
            "cars and car parts",
            "dairy products",
            "steel and aluminium",
            "medical equipment",
            "timber and paper",
            "wine and spirits",
        )
    )
    s["trade_pct"] = rng.randint(5, 40)
    s["trade_years"] = rng.randint(3, 10)
    s["trade_value"], _ = _money(rng, s["currency"], 300, 20000)
    s["minister"] = s["person"]
    s["minister2"] = s["person2"]
    s["quota"] = f"{rng.randint(5, 200) * 1000:,}"


def _strike(rng: random.Random, s: dict[str, Any]) -> None:
    s["schools"] = rng.randint(6, 140)
    s["pupils"] = f"{rng.randint(3, 90) * 1000:,}"
    s["pay_ask"] = rng.randint(6, 15)
    s["pay_offer"] = round(rng.uniform(1.5, s["pay_ask"] - 2), 1)
    s["union"] = f"the {s['country']} Teachers' Union"
    s["strike_days"] = rng.randint(1, 5)
    s["vacancies"] = rng.randint(40, 900)


TOPICS: tuple[Topic, ...] = (
    Topic(
        "council",
        _council,
        (
            "{town} council approves {amount} for {project}",
            "{town} backs spending plan despite objections",
            "Councillors vote through {amount} budget in {town}",
        ),
        (
            "{town} City Council [approved|voted through] {amount} for {project} on {weekday}, "
            "with {votes_for} councillors voting in favour and {votes_against} against.",
            "Councillors in {town} have approved spending of {amount} on {project}, ending "
            "months of argument over how the money should be raised.",
        ),
        (
            "The money will come partly from a {tax_pct} per cent rise in local property taxes "
            "and partly from a loan from the regional development bank.",
            "Mayor {person} said the plan was the largest investment in the city for a generation.",
            "Work is expected to be completed by {finish_year}, according to the council's "
            "timetable.",
            "Opposition councillors had proposed a smaller scheme, which was rejected by "
            "{votes_for} votes to {votes_against}.",
            "The vote came after a debate that lasted more than five hours.",
            "Some residents had objected to the tax rise, saying that households were already "
            "struggling with higher energy bills.",
            "The council's finance director told the meeting that the budget included a "
            "contingency fund in case construction costs rose further.",
            "Contracts for the first phase will be put out to tender in {next_month}.",
            "A previous attempt to fund {project} collapsed in {prev_year} after the national "
            "government withdrew a promised grant.",
            "Mayor {person} rejected claims on social media that the project would cost twice "
            'the approved amount, calling them "simply untrue".',
            "Council officials said the final bill would be reviewed every six months and "
            "published online.",
        ),
        (
            "Did {town} council approve {amount} for {project}?",
            "is it true {town} is raising property taxes by {tax_pct} per cent",
        ),
        ("Did {town} council approve {wrong_amount} for {project}?",),
        (
            "How much did {town} council approve for {project}?",
            "How many councillors voted against the {town} budget?",
            "When will work on {project} in {town} be finished?",
        ),
    ),
    Topic(
        "company",
        _company,
        (
            "{org} revenue rises {rise_pct}% as it plans {jobs} new jobs",
            "{org} to hire {jobs} after strong year",
            "{org} lifts forecast, plans expansion in {plant_town}",
        ),
        (
            "{org}, the {town}-based {sector} group, reported a {rise_pct} per cent rise in "
            "annual revenue to {revenue} on {weekday} and said it would create {jobs} jobs.",
            "{org} said on {weekday} that it would create {jobs} jobs at a new site in "
            "{plant_town} after its revenue grew {rise_pct} per cent to {revenue}.",
        ),
        (
            "Chief executive {person} said demand had been strongest in the {quarter} quarter.",
            "Most of the new jobs will be at a site in {plant_town}, which the company expects "
            "to open next year.",
            "Shares in {org} rose {shares_pct} per cent in early trading after the results were "
            "published.",
            "The company also plans to open {stores} new sales offices across {country}.",
            "Analysts had expected slightly weaker figures, citing higher costs for energy and "
            "raw materials.",
            "The group employs about {employees} people, most of them in {country}.",
            "Unions welcomed the hiring plans but said they would seek a pay rise for existing "
            "staff.",
            "{org} said it would pay a dividend for the first time since {prev_year}.",
            "The company denied reports that it was preparing to move its headquarters out of "
            "{town}.",
            "{person} told analysts on a conference call that the outlook for next year was "
            '"cautiously positive".',
            "Competitors in the {sector} sector have reported weaker results this year.",
        ),
        (
            "Did {org} report higher revenue this year?",
            "Is {org} creating {jobs} new jobs?",
        ),
        (
            "did {org} cut {jobs} jobs?",
            "I heard {org} is moving its headquarters out of {town}",
        ),
        (
            "How many jobs will {org} create?",
            "Who is the chief executive of {org}?",
            "Where will {org} open its new site?",
        ),
    ),
    Topic(
        "transport",
        _transport,
        (
            "Go-ahead for {km} km {line} between {town} and {town2}",
            "{line} approved: {town} to {town2} in {minutes_new} minutes",
        ),
        (
            "The transport ministry has approved {cost} for the {line}, a {km}-kilometre route "
            "that will link {town} with {town2}, officials said on {weekday}.",
            "Construction of the {line} between {town} and {town2} will begin next year after "
            "the government agreed to fund the {cost} project.",
        ),
        (
            "The line will have {stations} stations and is due to open in {open_year}.",
            "Journeys between the two towns currently take about {minutes_now} minutes by bus; "
            "the new line will cut that to {minutes_new} minutes.",
            "Planners expect the route to carry around {passengers} passengers a day.",
            'Transport minister {person} said the line would "bring {town2} within easy reach '
            'of jobs and universities in {town}".',
            "Environmental groups have raised concerns about the route through the {town2} "
            "marshes, which are home to several protected bird species.",
            "About 60 homes will have to be demolished to make way for the line, and their "
            "owners will be compensated.",
            "The project has been discussed for more than twenty years.",
            "Tenders for the construction contracts are expected to be published in {next_month}.",
            "A spokesperson for the national rail operator said trains would run every ten "
            "minutes at peak times.",
            "Opponents have questioned whether passenger numbers will be high enough to justify "
            "the cost.",
        ),
        (
            "Will the {line} connect {town} and {town2}?",
            "did they approve the {line}",
        ),
        ("Is the {line} {wrong_km} kilometres long?", "Was the {line} cancelled?"),
        (
            "How long will the {line} be?",
            "How many stations will the {line} have?",
            "When is the {line} due to open?",
        ),
    ),
    Topic(
        "weather",
        _weather,
        (
            "{level} warning as storm heads for {region}",
            "Gusts of up to {gust} km/h forecast for {region}",
        ),
        (
            "The {country} Meteorological Service issued {a_level} warning for {region} on "
            "{weekday}, forecasting gusts of up to {gust} km/h and as much as {rain} mm of rain.",
            "Forecasters have warned of gusts of up to {gust} km/h and up to {rain} mm of rain "
            "in {region}, where {a_level} warning is in force from {from_hour} on {weekday}.",
        ),
        (
            "The warning is valid from {from_hour} on {weekday} until {to_hour} the following day.",
            "Flooding is possible close to the {river} and its tributaries.",
            "About {homes_power} homes lost power during a similar storm last winter.",
            "Residents were advised to secure loose objects and avoid travelling unless necessary.",
            "Ferry services from {town} were cancelled for the rest of the day.",
            "Schools in {town2} will close early on {weekday} as a precaution.",
            "The rail operator said trains would run at reduced speed on exposed sections of "
            "the line.",
            'Forecaster {person} said the storm was "unusually strong for the time of year".',
            "Emergency services said they had prepared sandbags for low-lying streets in {town}.",
            "Conditions are expected to ease from the west during the afternoon.",
        ),
        (
            "Was {a_level} warning issued for {region}?",
            "are gusts of {gust} km/h expected in {region}",
        ),
        ("Did forecasters expect {wrong_rain} mm of rain in {region}?",),
        (
            "How strong are the gusts forecast for {region}?",
            "How much rain could fall in {region}?",
        ),
    ),
    Topic(
        "sport",
        _sport,
        (
            "{team} beat {team2} {goals}-{goals2}",
            "Late {scorer} goal gives {team} win over {team2}",
        ),
        (
            "{team} beat {team2} {goals}-{goals2} at {stadium} on {weekday}, with {scorer} "
            "scoring the winner in the {minute} minute.",
            "A goal from {scorer} in the {minute} minute gave {team} a {goals}-{goals2} win over "
            "{team2} in front of {crowd} supporters on {weekday}.",
        ),
        (
            "The match was watched by a crowd of {crowd}.",
            "The result lifts {team} to {position} in the table with {points} points.",
            "{team2} had taken the lead early in the first half but could not hold on.",
            'Head coach {person} said his players had shown "real character" after a difficult '
            "start.",
            "{scorer} has now scored in four consecutive matches.",
            "Both teams finished the match with ten men after two red cards in the second half.",
            "The visitors complained that the winning goal should have been ruled out for offside.",
            "{team} play their next match away from home on {weekday}.",
            "The club confirmed that its captain would miss the next three games with a knee "
            "injury.",
            "Tickets for the return fixture in {next_month} have already sold out.",
        ),
        ("Did {team} beat {team2}?", "did {scorer} score the winner for {team}"),
        ("Did {team2} beat {team}?",),
        (
            "Who scored the winning goal for {team} against {team2}?",
            "How many people watched {team} play {team2}?",
        ),
    ),
    Topic(
        "health",
        _health,
        (
            "{illness} cases rise to {cases} in {town}",
            "{hospital} opens clinic after {illness} outbreak",
        ),
        (
            "{hospital} in {town} has recorded {cases} cases of {illness} since early {month}, "
            "health officials said on {weekday}.",
            "Health officials in {town} have opened a temporary clinic after {cases} cases of "
            "{illness} were confirmed at {hospital}.",
        ),
        (
            "{in_hospital} patients are being treated in hospital, officials said.",
            "The clinic will be open {clinic_days} until the end of {next_month}.",
            "Vaccination coverage in the district stands at {vaccine_pct} per cent, below the "
            "national target.",
            "Regional health director {person} said there was no reason for panic.",
            "Parents have been asked to keep children with symptoms at home.",
            "Officials said posts on social media claiming that the hospital had been closed "
            "were false.",
            "Inspectors are testing water samples from several buildings in the town centre.",
            "Most patients have mild symptoms and are recovering at home.",
            "Doctors at {hospital} said the number of new cases had begun to slow.",
            "A similar outbreak in {town2} in {prev_year} affected more than a hundred people.",
        ),
        (
            "Has {hospital} reported cases of {illness}?",
            "is there an outbreak of {illness} in {town}",
        ),
        ("Did {hospital} report {wrong_cases} cases of {illness}?", "Was {hospital} closed?"),
        (
            "How many cases of {illness} has {hospital} recorded?",
            "How many patients are in hospital with {illness} in {town}?",
        ),
    ),
    Topic(
        "court",
        _court,
        (
            "Former {job} jailed for {years} years for {charge}",
            "{defendant} sentenced to {years} years",
        ),
        (
            "A former {job} from {town}, {defendant}, was sentenced to {years} years in prison by "
            "{court} on {weekday} for {charge}.",
            "{court} on {weekday} jailed {defendant}, a former {job}, for {years} years for "
            "{charge}.",
        ),
        (
            "Prosecutors said {defendant} had caused losses of about {sum}.",
            'Judge {judge} said the offences had "seriously damaged public trust".',
            "The trial lasted {trial_weeks} weeks and heard from more than forty witnesses.",
            "{defendant} denied the charges and his lawyers said they would appeal.",
            "Two other defendants received suspended sentences.",
            "The case came to light after an internal audit in {prev_year}.",
            "The court also ordered {defendant} to repay {sum}.",
            "Outside the court, a small group of protesters held signs calling for tougher "
            "penalties.",
            "The prosecutor's office said it was investigating other suspected cases.",
            "An appeal must be lodged within thirty days.",
        ),
        ("Was {defendant} sentenced to prison?", "Was {defendant} convicted of {charge}?"),
        (
            "Was {defendant} sentenced to {wrong_years} years in prison?",
            "Was {defendant} acquitted?",
        ),
        (
            "How long was {defendant} sentenced to?",
            "Which court sentenced {defendant}?",
            "How much money did {defendant} have to repay?",
        ),
    ),
    Topic(
        "science",
        _science,
        (
            "Study finds {finding}",
            "{university} researchers report that {finding}",
        ),
        (
            "Researchers at the {university} have found that {finding}, according to a study of "
            "{n_subjects} {subjects} published in {journal} on {weekday}.",
            "A study by the {university}, published in {journal}, suggests that {finding}.",
        ),
        (
            "The study was led by {lead_author} and took {study_years} years to complete.",
            "The researchers examined {n_subjects} {subjects} across {country}.",
            '{lead_author} said the results were "surprising, but consistent with smaller '
            'studies".',
            "Other scientists cautioned that the findings still needed to be confirmed.",
            "The project was funded by a grant of {grant} from the national research council.",
            "The team plans a follow-up study in {town2} next year.",
            "The authors said their data would be made available to other researchers.",
            "Earlier research had reached the opposite conclusion, {lead_author} acknowledged.",
            "The university said the study had been reviewed by independent experts before "
            "publication.",
        ),
        (
            "did the {university} find that {finding}",
            "Did the {university} publish a study in {journal}?",
        ),
        ("Did the {university} study take {study_years_wrong} years?",),
        (
            "Who led the {university} study?",
            "How many {subjects} were in the {university} study?",
        ),
    ),
    Topic(
        "election",
        _election,
        (
            "{candidate} wins {town} mayoral race",
            "{party} takes {town} after {control_years} years",
        ),
        (
            "{candidate} of the {party} won the mayoral election in {town} with {vote_pct} per "
            "cent of the vote, ending {control_years} years of {party2} control of the city.",
            "Voters in {town} have elected {candidate} of the {party} as mayor, official results "
            "published on {weekday} showed.",
        ),
        (
            "{candidate2} of the {party2} came second with {vote_pct2} per cent.",
            "Turnout was {turnout} per cent, according to the electoral commission.",
            "{candidate} promised to cut waiting times for social housing and to freeze public "
            "transport fares.",
            "{candidate2} conceded defeat shortly after midnight.",
            "Observers said the vote had been calm and well organised.",
            "The new mayor will be sworn in on {runoff_day}.",
            "The result is being seen as a test for the national government ahead of "
            "parliamentary elections next year.",
            '{candidate} told supporters that the victory belonged "to every street in {town}".',
            "Claims on social media that ballot boxes had been tampered with were rejected by "
            "the electoral commission.",
        ),
        ("Did {candidate} win the election in {town}?", "Did the {party} win in {town}?"),
        ("Did {candidate2} win the mayoral election in {town}?",),
        (
            "What was the turnout in the {town} election?",
            "What share of the vote did {candidate} win?",
            "Who won the mayoral election in {town}?",
        ),
    ),
    Topic(
        "festival",
        _festival,
        (
            "{festival} draws record {visitors_text} visitors",
            "{festival} ends with record crowds",
        ),
        (
            "The {festival} drew {visitors_text} visitors to {town} over {days} days, organisers "
            "said on {weekday}, a record since the event began in {founded}.",
            "A record {visitors_text} people attended this year's {festival}, its organisers said.",
        ),
        (
            "The closing night was headlined by {headliner}.",
            "Day tickets cost {tickets} {currency}, and children under twelve went free.",
            "Hotels in {town} reported that they had been fully booked for the whole week.",
            "Organisers said the festival had been held in {founded} for the first time, with "
            "just a few hundred visitors.",
            "Some residents complained about noise and traffic in the old town.",
            "The city council contributed part of the festival's budget this year.",
            "Next year's festival will take place over {days} days in {month}.",
            "Festival director {person} thanked the hundreds of volunteers who had helped.",
            "Police said the event had passed off without serious incident.",
        ),
        (
            "Did the {festival} attract a record crowd?",
            "did {headliner} headline the {festival}",
        ),
        ("Did the {festival} draw {wrong_visitors} visitors?", "was the {festival} cancelled"),
        (
            "How many visitors did the {festival} draw?",
            "When did the {festival} begin?",
            "Who headlined the {festival}?",
        ),
    ),
    Topic(
        "energy",
        _energy,
        (
            "{org} switches on {mw} MW {plant_kind} near {town2}",
            "New {plant_kind} to power {homes} homes",
        ),
        (
            "{org} has switched on the {plant}, a {mw}-megawatt {plant_kind} near {town2} that "
            "it says can supply {homes} homes.",
            "The {plant}, built by {org} for {cost}, began supplying electricity on {weekday}.",
        ),
        (
            "The project cost {cost} and took three years to build.",
            "The site has {turbines} units, the company said.",
            "{org} said the plant would cut emissions by about {co2} tonnes of carbon dioxide a "
            "year.",
            "Energy minister {person} attended the opening ceremony.",
            "Local fishermen had opposed the project, saying it would damage fishing grounds.",
            "The plant will be operated from a control room in {town}.",
            "The company is planning a second, larger site further along the coast.",
            "Critics said the project had received too much public money.",
            "Electricity prices in {country} have risen sharply over the past two years.",
        ),
        ("Has {org} opened the {plant}?", "Can the {plant} supply {homes} homes?"),
        ("Can the {plant} produce {wrong_mw} megawatts?",),
        (
            "How many homes can the {plant} supply?",
            "How much did the {plant} cost?",
        ),
    ),
    Topic(
        "harvest",
        _harvest,
        (
            "{crop} harvest falls {fall_pct}% in {region}",
            "Farmers in {region} count losses after {cause}",
        ),
        (
            "The {crop} harvest in {region} fell by {fall_pct} per cent this year to {tonnes} "
            "tonnes after {cause}, the regional farmers' association said on {weekday}.",
            "Farmers in {region} harvested {fall_pct} per cent less {crop} than last year "
            "because of {cause}.",
        ),
        (
            "Wholesale prices have risen by {price_pct} per cent since the summer.",
            "About {farms} farms in the region grow {crop}.",
            "The government has promised aid of {aid} to the worst-affected farmers.",
            "Association president {person} said many small farms were at risk of closing.",
            "Some growers said they had lost almost their entire crop.",
            "Supermarkets said shoppers were unlikely to face shortages.",
            "Insurance claims have risen sharply, according to the association.",
            "Experts say such events are becoming more frequent.",
            "The association will publish its final figures in {next_month}.",
        ),
        (
            "Did the {crop} harvest in {region} fall this year?",
            "was the {crop} harvest in {region} hit by {cause}",
        ),
        ("Did the {crop} harvest in {region} rise by {fall_pct} per cent?",),
        (
            "Why did the {crop} harvest in {region} fall?",
            "By how much did the {crop} harvest in {region} fall?",
        ),
    ),
    Topic(
        "breach",
        _breach,
        (
            "{org} data breach exposes {users_text} customers",
            "Hackers steal data of {users_text} {org} customers",
        ),
        (
            "{org} said on {weekday} that the {data_kind} of {users_text} customers had been "
            "exposed in a data breach discovered on {found_date}.",
            "The personal details of {users_text} customers of {org} were stolen by hackers, "
            "the company said.",
        ),
        (
            "The stolen data included {data_kind}.",
            "The company said no bank details had been taken.",
            "{regulator} said it had opened an investigation.",
            "Under national law, the company could face a fine of up to {fine}.",
            "Customers have been advised to change their passwords.",
            'Chief executive {person} apologised and said the company had "let customers down".',
            "The breach was discovered on {found_date} but was not made public for a week.",
            "Security experts said the attack bore the hallmarks of a known criminal group.",
            "Claims online that millions more accounts were affected were denied by the company.",
        ),
        ("Was there a data breach at {org}?", "were customers of {org} hacked"),
        ("Were {wrong_users} customers affected by the {org} breach?",),
        (
            "How many customers were affected by the {org} data breach?",
            "When was the {org} breach discovered?",
            "What data was stolen from {org}?",
        ),
    ),
    Topic(
        "wildfire",
        _wildfire,
        (
            "Wildfire near {town} forces {homes_evacuated} homes to evacuate",
            "Firefighters battle blaze near {town}",
        ),
        (
            "More than {firefighters} firefighters battled a wildfire near {town} on {weekday} "
            "that burned {hectares_text} hectares of forest and forced the evacuation of "
            "{homes_evacuated} homes.",
            "A wildfire near {town} has destroyed {hectares_text} hectares of forest, officials "
            "said.",
        ),
        (
            "{aircraft} firefighting aircraft were deployed.",
            "Winds of up to {wind_kmh} km/h made the fire difficult to control.",
            "{road} was closed in both directions.",
            "Residents were taken to emergency shelters in {town2}.",
            "No deaths have been reported, although two firefighters were treated for smoke "
            "inhalation.",
            "Fire chief {person} said the fire was not yet under control.",
            "Investigators are trying to establish the cause.",
            "It is the largest fire in the region since {prev_year}.",
            "Volunteers brought food and water to the fire crews.",
        ),
        (
            "Did a wildfire force evacuations near {town}?",
            "is there a forest fire near {town}",
        ),
        ("Did the wildfire near {town} burn {wrong_hectares} hectares?",),
        (
            "How many homes were evacuated near {town}?",
            "How many firefighters fought the fire near {town}?",
        ),
    ),
    Topic(
        "trade",
        _trade,
        (
            "{country} and {country2} sign trade deal",
            "{country}-{country2} deal to remove tariffs on {goods}",
        ),
        (
            "{country} and {country2} signed a trade agreement on {weekday} that will remove "
            "tariffs on {goods} and is expected to increase trade between them by {trade_pct} "
            "per cent within {trade_years} years.",
            "The governments of {country} and {country2} have agreed to scrap tariffs on {goods}.",
        ),
        (
            "Trade between the two countries was worth about {trade_value} last year.",
            "The agreement was signed by trade minister {minister} and her counterpart "
            "{minister2}.",
            "It must still be approved by both parliaments.",
            "Farmers' groups in {country} criticised the deal.",
            "A quota of {quota} tonnes will apply in the first year.",
            "Negotiations began more than five years ago.",
            "Business leaders said the deal would create jobs in {town}, home to many exporters.",
            "The deal does not cover financial services.",
            '{minister2} called the agreement "a new chapter" in relations.',
        ),
        (
            "Did {country} sign a trade deal with {country2}?",
            "Will tariffs on {goods} between {country} and {country2} be removed?",
        ),
        ("Did {country} impose new tariffs on {goods} from {country2}?",),
        (
            "Which goods are covered by the {country} {country2} trade agreement?",
            "Who signed the trade deal for {country}?",
        ),
    ),
    Topic(
        "strike",
        _strike,
        (
            "Teachers strike at {schools} schools in {town}",
            "{town} classrooms shut as teachers walk out over pay",
        ),
        (
            "Teachers at {schools} schools in {town} walked out on {weekday} in a dispute over "
            "pay, closing classrooms for about {pupils} pupils.",
            "About {pupils} pupils stayed at home on {weekday} as teachers at {schools} schools "
            "in {town} went on strike.",
        ),
        (
            "{union} is demanding a pay rise of {pay_ask} per cent.",
            "The education ministry has offered {pay_offer} per cent.",
            "The strike is expected to last {strike_days} days.",
            "Union leader {person} said teachers had been left with no choice.",
            "There are {vacancies} unfilled teaching posts in the region.",
            "Some parents supported the strike, while others said their children were falling "
            "behind.",
            "Talks between the union and the ministry are due to resume on {weekday}.",
            "Exams will go ahead as planned, the ministry said.",
            "Teachers in {town2} are expected to vote on similar action next month.",
        ),
        ("Did teachers in {town} go on strike?", "are teachers in {town} asking for more pay"),
        ("Did teachers in {town} accept a pay rise of {pay_offer} per cent?",),
        (
            "How many pupils were affected by the strike in {town}?",
            "What pay rise are teachers in {town} demanding?",
        ),
    ),
)

GENERIC_SENTENCES = (
    "The announcement was made at a press conference in {town} on {weekday} afternoon.",
    'A spokesperson for {org} said the company was "following the situation closely".',
    '"[We have waited a long time for this|This has been a difficult few months for everyone|'
    'People here want answers, not promises]," said {resident}, a {resident_job} who has lived '
    "in {town} for {n_years} years.",
    "{analyst}, an economist at {analyst_org}, said the figures should be treated with caution "
    "until the full data is published in {next_month}.",
    "According to the {country} Statistics Office, the population of {town} has grown by "
    "{pct_a} per cent over the past decade, to about {population}.",
    "It is not the first time {town} has made headlines this year.",
    "The {outlet} was unable to independently verify all of the figures.",
    "Further updates are expected by the end of {month}.",
    "Residents of {town2} said they expected to be affected as well.",
    "Several hundred people attended a public meeting on the issue at {venue} on {weekday} "
    "evening.",
    "Neither side responded to requests for comment on {weekday}.",
    "Some of the figures quoted on social media in recent days were inaccurate, officials said.",
    "{analyst} said the real test would come over the next {n_small} years.",
    "[Earlier reports|Some social media posts] had suggested a much larger figure, but officials "
    "said those numbers were wrong.",
    "The story was first reported by the {outlet2} on {weekday}.",
    "Traffic around {venue} was disrupted for several hours.",
    "Officials stressed that there was no risk to the public.",
    "{town} lies about {km_between} kilometres from {town2}, the regional capital.",
    "[Shopkeepers|Residents|Commuters] interviewed by the {outlet} on {weekday} gave a mixed "
    "response.",
    "The figures are the highest since records began in {records_year}.",
    # Long sentences, as news has them: one passage each, and costlier to embed.
    "{analyst}, who has studied the region's economy for more than a decade, said the decision "
    "reflected a wider pattern across {country}, where towns of a similar size have struggled to "
    "balance rising costs, a shrinking workforce and growing demands on public services.",
    "Speaking to the {outlet} after the announcement, {resident}, a {resident_job} from {town2}, "
    "said that people in the area had heard many promises over the years and would believe them "
    "only when they saw the results with their own eyes.",
    "The figures, which were compiled from official records, company filings and interviews with "
    "people familiar with the matter, could not be independently verified, and several of the "
    "people involved declined to comment when contacted by the {outlet} this week.",
)

# Sentences that suit stories about decisions and policies, not sport results or fires.
POLICY_SENTENCES = (
    "Local officials said they had not been consulted before the decision was made.",
    "The opposition called for an independent review, arguing that the public had been given "
    "too little information.",
    "In {prev_year}, a similar [proposal|plan|dispute] in {town2} took almost {n_small} years to "
    "resolve.",
    "Details of the arrangement have not been made public.",
    "Critics say the plan does not go far enough, while supporters argue it is the most "
    "ambitious of its kind in {country}.",
    "The move follows months of negotiations between national and regional authorities.",
    "A full report is due to be presented to parliament in {next_month}.",
    "Questions remain about how the plan will be funded beyond {next_year}.",
    "Opinion polls suggest that voters in {region} are divided on the issue.",
    "Unions said they would study the details before deciding how to respond.",
    '"We will keep listening to people\'s concerns," {person_surname} told reporters.',
    "Business groups in {region} welcomed the news, though some warned of higher costs in the "
    "short term.",
    "A petition calling for [a rethink|more transparency|a public inquiry] has gathered more "
    "than {signatures} signatures.",
    "The {country} government has said it will publish its own assessment later this year.",
    "{person_surname}, {age}, has held the post since {since_year}.",
)
POLICY_TOPICS = frozenset(
    {"council", "company", "transport", "election", "energy", "harvest", "trade", "strike"}
)

KINDS = (
    ("news", 82),
    ("statement", 5),
    ("analysis", 5),
    ("factcheck", 3),
    ("correction", 2),
    ("social", 3),
)
_CHOICE = re.compile(r"\[([^\[\]]+)\]")


@dataclass
class SyntheticCorpus:
    """A generated corpus on disk and the questions made from it."""

    directory: Path
    documents: int
    expected_passages: int
    questions: list[tuple[str, str]]  # (question, category)
    warmup: str
    seconds: float
    split_seconds: float
    by_topic: dict[str, int] = field(default_factory=dict)


class _Names:
    """Deterministic pools of people, towns, companies and outlets."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        towns = [h + t for h in TOWN_HEADS for t in TOWN_TAILS]
        rng.shuffle(towns)
        self.towns = towns[:900]

    def person(self) -> str:
        return f"{self.rng.choice(FIRST_NAMES)} {self.rng.choice(SURNAMES)}"

    def town(self) -> str:
        return self.rng.choice(self.towns)

    def company(self) -> tuple[str, str]:
        industry = self.rng.choice(sorted(INDUSTRIES))
        head = self.rng.choice((self.rng.choice(SURNAMES), self.rng.choice(self.towns)))
        return f"{head} {industry}", INDUSTRIES[industry]

    def outlet(self) -> str:
        if self.rng.random() < 0.3:
            return f"{self.rng.choice(COUNTRIES)} {self.rng.choice(OUTLET_KINDS)}"
        return f"{self.town()} {self.rng.choice(OUTLET_KINDS)}"


def _base_slots(names: _Names, published: date) -> dict[str, Any]:
    rng = names.rng
    town, town2 = names.town(), names.town()
    while town2 == town:
        town2 = names.town()
    country, country2 = rng.sample(COUNTRIES, 2)
    person = names.person()
    org, sector = names.company()
    event = published - timedelta(days=rng.randint(0, 5))
    month = MONTHS[published.month - 1]
    region = rng.choice(
        (f"the {town} valley", f"the {town} district", f"{town} county", f"northern {country}")
    )
    return {
        "town": town,
        "town2": town2,
        "country": country,
        "country2": country2,
        "region": region,
        "person": person,
        "person_surname": person.split()[-1],
        "person2": names.person(),
        "person3": names.person(),
        "resident": names.person(),
        "resident_job": rng.choice(JOBS),
        "analyst": names.person(),
        "analyst_org": f"the {rng.choice((town, town2, country))} Institute of Economic Research",
        "org": org,
        "sector": sector,
        "employees": f"{rng.randint(4, 300) * 100:,}",
        "weekday": WEEKDAYS[event.weekday()],
        "month": month,
        "next_month": MONTHS[published.month % 12],
        "year": published.year,
        "prev_year": published.year - rng.randint(2, 9),
        "next_year": published.year + 1,
        "records_year": rng.randint(1950, 1995),
        "since_year": published.year - rng.randint(1, 15),
        "age": rng.randint(34, 71),
        "currency": CURRENCIES[COUNTRIES.index(country) % len(CURRENCIES)],
        "outlet": names.outlet(),
        "outlet2": names.outlet(),
        "venue": rng.choice(VENUES),
        "n_small": rng.randint(2, 6),
        "n_years": rng.randint(3, 45),
        "pct_a": round(rng.uniform(1.5, 19), 1),
        "population": f"{rng.randint(8, 400) * 1000:,}",
        "signatures": f"{rng.randint(2, 60) * 1000:,}",
        "km_between": rng.randint(12, 160),
        "study_years_wrong": rng.randint(13, 20),
    }


def _fill(template: str, slots: Mapping[str, Any], rng: random.Random) -> str:
    text = _CHOICE.sub(lambda m: rng.choice(m.group(1).split("|")), template)
    text = text.format(**slots)
    return text[0].upper() + text[1:]


def _paragraphs(rng: random.Random, sentences: list[str]) -> list[str]:
    """Group sentences into paragraphs of 1-4 sentences, the lead on its own or with one more."""
    paragraphs = []
    lead = 1 if rng.random() < 0.7 else 2
    paragraphs.append(" ".join(sentences[:lead]))
    rest = sentences[lead:]
    while rest:
        size = rng.choices((1, 2, 3, 4), weights=(25, 38, 27, 10))[0]
        paragraphs.append(" ".join(rest[:size]))
        rest = rest[size:]
    return paragraphs


def _document(
    names: _Names, topic: Topic, number: int, kind: str
) -> tuple[str, str, dict[str, Any]]:
    """(doc id, Markdown file text, slots) of one generated article."""
    rng = names.rng
    published = date(2021, 1, 1) + timedelta(days=rng.randint(0, 4 * 365))
    slots = _base_slots(names, published)
    topic.slots(rng, slots)
    n_sentences = rng.randint(10, 30)
    n_details = min(len(topic.details), max(4, round(n_sentences * rng.uniform(0.45, 0.7))))
    details = [topic.details[i] for i in sorted(rng.sample(range(len(topic.details)), n_details))]
    fillers = GENERIC_SENTENCES + (POLICY_SENTENCES if topic.name in POLICY_TOPICS else ())
    generic = rng.sample(fillers, min(len(fillers), max(0, n_sentences - 1 - n_details)))
    body_templates = list(details)
    for sentence in generic:
        body_templates.insert(rng.randint(1, len(body_templates)), sentence)
    lead = rng.choice(topic.leads)
    sentences = [_fill(t, slots, rng) for t in [lead, *body_templates]]
    if kind == "correction":
        sentences.insert(
            0,
            f"Correction: an earlier version of this article gave the wrong date for the "
            f"announcement, which was made on {slots['weekday']}.",
        )
    elif kind == "factcheck":
        sentences.insert(0, "Claim: " + _fill(rng.choice(topic.wrong), slots, rng))
    title = _fill(rng.choice(topic.titles), slots, rng)
    if kind == "factcheck":
        title = "Fact check: " + title
    elif kind == "analysis":
        title = "Analysis: " + title
    doc_id = f"{topic.name}-{number:05d}"
    outlet = slots["outlet"]
    if kind == "statement":
        outlet = (
            slots["org"]
            if topic.name in {"company", "energy", "breach"}
            else f"{slots['town']} City Council"
        )
    front = [
        "---",
        f"id: {doc_id}",
        f"title: {json.dumps(title, ensure_ascii=False)}",
        f"publisher: {json.dumps(outlet, ensure_ascii=False)}",
    ]
    if rng.random() < 0.75:
        front.append(f"author: {json.dumps(names.person(), ensure_ascii=False)}")
    slug = re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")[:60]
    host = re.sub(r"[^a-z0-9]+", "", outlet.lower())
    front += [
        f'url: "https://{host}.example.com/{published:%Y/%m}/{slug}"',
        f"published: {published.isoformat()}",
        f"kind: {kind}",
        "---",
    ]
    body = "\n\n".join(_paragraphs(rng, sentences))
    return doc_id, "\n".join(front) + "\n" + body + "\n", slots


def generate_corpus(
    directory: Path,
    target_passages: int,
    seed: int,
    log: Callable[[str], None] = lambda _: None,
    *,
    documents: int | None = None,
) -> SyntheticCorpus:
    """Write Markdown articles until they split into about `target_passages` passages, or,
    with `documents`, exactly that many articles (the same ones, in the same order, as the
    passage target writes for one seed; at least 11, for the questions)."""
    if documents is not None and documents < 11:
        raise ValueError("documents must be at least 11: the questions pick 11 of them")
    started = time.perf_counter()
    rng = random.Random(seed)
    names = _Names(rng)
    kinds = [k for k, _ in KINDS]
    weights = [w for _, w in KINDS]
    passages = 0
    split_seconds = 0.0
    number = 0
    by_topic: dict[str, int] = {}
    candidates: dict[str, list[str]] = {"yes": [], "wrong": [], "wh": []}
    all_text: list[str] = []
    while number < documents if documents is not None else passages < target_passages:
        number += 1
        topic = TOPICS[rng.randrange(len(TOPICS))]
        kind = rng.choices(kinds, weights=weights)[0]
        doc_id, text, slots = _document(names, topic, number, kind)
        folder = directory / topic.name
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"{doc_id}.md").write_text(text, encoding="utf-8")
        all_text.append(text)
        body = text.split("\n---\n", 1)[1]
        mark = time.perf_counter()
        passages += len(split_passages(doc_id, body.strip(), max_chars=200))
        split_seconds += time.perf_counter() - mark
        by_topic[topic.name] = by_topic.get(topic.name, 0) + 1
        for category in candidates:
            template = rng.choice(getattr(topic, category))
            candidates[category].append(_fill(template, slots, rng).rstrip())
        if number % 200 == 0:
            log(f"  generated {number} documents, ~{passages:,} passages")
    corpus_text = "\n".join(all_text)
    absent = [w for w in ABSENT_WORDS if w in corpus_text]
    if absent:  # a word list change made an "absent" name appear; the questions would lie
        raise RuntimeError(f"generated corpus mentions {absent}; change ABSENT_QUESTIONS")
    # ~30 questions: 11 the corpus supports, 5 it contradicts, 8 wh questions, 6 about
    # things it does not contain. Candidates are one per document, so picks are spread out.
    picker = random.Random(seed + 1)
    questions = [(q, "yes/no, stated") for q in picker.sample(candidates["yes"], 11)]
    questions += [(q, "yes/no, misstated") for q in picker.sample(candidates["wrong"], 5)]
    questions += [(q, "wh") for q in picker.sample(candidates["wh"], 8)]
    questions += [(q, "not in corpus") for q in ABSENT_QUESTIONS]
    picker.shuffle(questions)
    warmup = picker.choice(candidates["wh"])
    return SyntheticCorpus(
        directory=directory,
        documents=number,
        expected_passages=passages,
        questions=questions,
        warmup=warmup,
        seconds=time.perf_counter() - started,
        split_seconds=split_seconds,
        by_topic=by_topic,
    )
