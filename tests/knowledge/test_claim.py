"""Claim parsing: a chat question becomes the statement it asks about, and its question type."""

from __future__ import annotations

import pytest

from knowledge.claim import parse_question, validate_question
from knowledge.errors import InputError, QuestionError
from knowledge.models import QuestionType

YES_NO = QuestionType.YES_NO


@pytest.mark.parametrize(
    ("question", "claim"),
    [
        (
            "did the harbour board sell the old lighthouse?",
            "the harbour board sell the old lighthouse",
        ),
        ("has the zoo in Pellam reopened?", "the zoo in Pellam reopened"),
        ("are the night buses running again?", "the night buses running again"),
        ("was the ferry really cancelled", "the ferry cancelled"),
        ("is the Ostend bakery closed", "the Ostend bakery closed"),
        ("didn't the mayor resign last year?", "the mayor resign last year"),
    ],
)
def test_plain_yes_no_questions(question: str, claim: str) -> None:
    parsed = parse_question(question)

    assert parsed.question_type is YES_NO
    assert parsed.wh_word is None
    assert parsed.text == claim
    assert parsed.question == question


@pytest.mark.parametrize(
    ("question", "claim"),
    [
        (
            "my mate swears the harbour board sold the lighthouse, any truth in that",
            "the harbour board sold the lighthouse",
        ),
        ("my cousin reckons the ferry is cancelled, is that true?", "the ferry is cancelled"),
        ("someone posted that the zoo is closing its doors", "the zoo is closing its doors"),
        ("people are saying the river flooded the old town", "the river flooded the old town"),
        ("the mayor says the budget was cut, is that right", "the budget was cut"),
    ],
)
def test_reported_speech_asks_about_what_was_reported(question: str, claim: str) -> None:
    parsed = parse_question(question)

    assert parsed.question_type is YES_NO
    assert parsed.text == claim


@pytest.mark.parametrize(
    ("question", "claim"),
    [
        (
            "is it true that the mayor of Brenn resigned last week?",
            "the mayor of Brenn resigned last week",
        ),
        ("is it true the ferry is cancelled", "the ferry is cancelled"),
        ("is it confirmed the ferry is cancelled", "the ferry is cancelled"),
        ("the papers all say the ferry is cancelled", "the ferry is cancelled"),
        ("Is it real that the ferry was cancelled", "the ferry was cancelled"),
        ("Is this true: the striker signed for Rovers", "the striker signed for Rovers"),
        ("do you know if the lab closed", "the lab closed"),
        ("can someone check if the council cut the budget", "the council cut the budget"),
        ("i heard that the tram opens in spring", "the tram opens in spring"),
        ("saw a post saying the zoo closed", "the zoo closed"),
        ("apparently the bridge is closing for a month", "the bridge is closing for a month"),
        ("rumour has it the mayor resigned", "the mayor resigned"),
        ("true or false: the council cut the budget", "the council cut the budget"),
        ("fact-check: the zoo closed", "the zoo closed"),
    ],
)
def test_asking_whether_something_is_true(question: str, claim: str) -> None:
    parsed = parse_question(question)

    assert parsed.question_type is YES_NO
    assert parsed.text == claim


@pytest.mark.parametrize(
    ("question", "claim"),
    [
        ("the mayor of Brenn resigned last week, right?", "the mayor of Brenn resigned last week"),
        ("the mayor of Brenn resigned, legit?", "the mayor of Brenn resigned"),
        ("brenn council banned scooters or nah", "brenn council banned scooters"),
        ("the zoo closed, is it?", "the zoo closed"),
        ("the zoo closed yeah?", "the zoo closed"),
        ("the zoo closed lol", "the zoo closed"),
        ("the zoo closed, any truth to that?", "the zoo closed"),
        ("the zoo closed, or is it fake?", "the zoo closed"),
        ("the museum reopened, or is it just a rumour?", "the museum reopened"),
        ("the mayor quit?? fr", "the mayor quit"),
        ("did the council cancel the parade or not", "the council cancel the parade"),
        ("the zoo closed, real or cap", "the zoo closed"),
        ("the zoo closed, anyone got actual proof", "the zoo closed"),
        (
            "the zoo is closing next month, is that actually happening",
            "the zoo is closing next month",
        ),
        ("the zoo closed, is that confirmed now?", "the zoo closed"),
        ("the zoo closed so its confirmed yeah?", "the zoo closed"),
    ],
)
def test_tag_questions_are_stripped(question: str, claim: str) -> None:
    parsed = parse_question(question)

    assert parsed.question_type is YES_NO
    assert parsed.text == claim


@pytest.mark.parametrize(
    ("question", "claim"),
    [
        (
            "wait did pellam actually sell its ferries to brenn?? everyone is talking about it",
            "pellam sell its ferries to brenn",
        ),
        (
            "hey guys, quick question: did the council cancel the parade?",
            "the council cancel the parade",
        ),
        ("did the council cancel the parade? is it true", "the council cancel the parade"),
        ("the striker joined rovers. Is this true?", "the striker joined rovers"),
    ],
)
def test_fillers_and_follow_up_sentences_are_dropped(question: str, claim: str) -> None:
    assert parse_question(question).text == claim


@pytest.mark.parametrize(
    ("question", "claim"),
    [
        ("is coach darrow still in charge or did he get the boot", "coach darrow still in charge"),
        ("did they bin the bus or is that just talk", "they bin the bus"),
        ("has the pool reopened, or are they still fixing the roof?", "the pool reopened"),
        ("did the club sell the stadium or was it just the car park", "the club sell the stadium"),
        ("is the ferry back or it's still off?", "the ferry back"),
        ("my aunt says the library closed or was it the pool", "the library closed"),
    ],
)
def test_a_second_question_after_or_is_dropped(question: str, claim: str) -> None:
    """The member offers the other answer as a question of its own ("... or did he quit")."""
    parsed = parse_question(question)

    assert parsed.question_type is YES_NO
    assert parsed.text == claim


@pytest.mark.parametrize(
    ("question", "claim"),
    [
        ("did the army buy tanks or jets", "the army buy tanks or jets"),
        ("is the museum open on saturdays or sundays", "the museum open on saturdays or sundays"),
        ("did the firm or its owner sell the yard", "the firm or its owner sell the yard"),
    ],
)
def test_or_between_two_nouns_stays_in_the_claim(question: str, claim: str) -> None:
    assert parse_question(question).text == claim


def test_a_wh_question_drops_a_second_question_too() -> None:
    parsed = parse_question("when does the bridge reopen or is it shut for good")

    assert parsed.wh_word == "when"
    assert parsed.text == "does the bridge reopen"


@pytest.mark.parametrize(
    ("question", "claim"),
    [
        (
            "heard the jab is getting pulled from pharmacies",
            "the jab is getting pulled from pharmacies",
        ),
        ("i read that the mayor resigned", "the mayor resigned"),
        ("saw on tiktok that the pier is being sold", "the pier is being sold"),
        ("just saw a video saying the dam burst", "the dam burst"),
        (
            "i've heard from my neighbour that the post office is closing",
            "the post office is closing",
        ),
        ("read somewhere the tram fares are going up?", "the tram fares are going up"),
        ("heard a rumour that the zoo is shutting, is that true?", "the zoo is shutting"),
        ("did you hear the mayor resigned", "the mayor resigned"),
    ],
)
def test_where_the_member_came_across_it_is_not_the_claim(question: str, claim: str) -> None:
    parsed = parse_question(question)

    assert parsed.question_type is YES_NO
    assert parsed.text == claim


def test_a_that_inside_the_heard_claim_is_kept() -> None:
    assert parse_question("heard the bridge that fell was rebuilt").text == (
        "the bridge that fell was rebuilt"
    )


@pytest.mark.parametrize(
    ("question", "claim"),
    [
        ("ngl did the bakery close", "the bakery close"),
        ("tbh, did the bakery close", "the bakery close"),
        ("fr did the bakery close?", "the bakery close"),
        ("lowkey did the bakery close", "the bakery close"),
        ("imo the bakery closed, right?", "the bakery closed"),
        ("idk did the bakery close", "the bakery close"),
        ("btw did the bakery close", "the bakery close"),
        ("welp, did the bakery close", "the bakery close"),
        ("ok ngl tbh did the bakery close", "the bakery close"),
    ],
)
def test_chat_abbreviations_at_the_start_are_dropped(question: str, claim: str) -> None:
    assert parse_question(question).text == claim


@pytest.mark.parametrize(
    ("question", "claim"),
    [
        ("did the U.S. buy Kazakh jets?", "the U.S. buy Kazakh jets"),
        ("is Mr. Singer a professor? lol", "Mr. Singer a professor"),
        ("did the ferry stop on Feb. 3 or not", "the ferry stop on Feb. 3"),
        ("is CO2 a gas like nitrogen?", "CO2 a gas like nitrogen"),
    ],
)
def test_abbreviations_and_a_literal_like_stay_in_the_claim(question: str, claim: str) -> None:
    assert parse_question(question).text == claim


@pytest.mark.parametrize(
    ("question", "wh", "claim"),
    [
        ("how many jars did the bakery recall?", "how many", "jars did the bakery recall"),
        ("how much did the stadium cost?", "how much", "did the stadium cost"),
        ("How long was the strike", "how long", "was the strike"),
        ("who runs the museum now", "who", "runs the museum now"),
        ("what's the new tram line called", "what", "the new tram line called"),
        ("whats the new tram line called", "what", "the new tram line called"),
        ("when did the storm hit", "when", "did the storm hit"),
        ("why did the minister resign", "why", "did the minister resign"),
        ("tell me about the storm warning", "what", "the storm warning"),
        ("any news on the bridge repairs", "what", "the bridge repairs"),
        # a preposition before the wh-word asks the same thing
        ("by how much did the waits drop", "how much", "did the waits drop"),
        ("in which year did the dam open", "which", "year did the dam open"),
    ],
)
def test_wh_questions(question: str, wh: str, claim: str) -> None:
    parsed = parse_question(question)

    assert parsed.question_type is QuestionType.WH
    assert parsed.wh_word == wh
    assert parsed.text == claim


@pytest.mark.parametrize(
    ("question", "wh", "claim"),
    [
        (
            "those photos of the ships, where were they going?",
            "where",
            "those photos of the ships were they going",
        ),
        ("the bridge, when will it reopen?", "when", "the bridge will it reopen"),
        ("the stadium, how much did it cost?", "how much", "the stadium did it cost"),
    ],
)
def test_a_trailing_wh_clause_makes_a_wh_question(question: str, wh: str, claim: str) -> None:
    parsed = parse_question(question)

    assert parsed.question_type is QuestionType.WH
    assert parsed.wh_word == wh
    assert " ".join(parsed.text.split()) == claim


@pytest.mark.parametrize(
    "question",
    [
        "<@12345> did the museum reopen? https://example.com/post/1",
        "<#123> <@&456> <@!789> did the museum reopen",
        "did the museum reopen <:pog:998877> http://t.co/abc",
    ],
)
def test_mentions_emoji_and_urls_are_removed(question: str) -> None:
    parsed = parse_question(question)

    assert parsed.text == "the museum reopen"
    assert parsed.question == question


def test_context_is_carried() -> None:
    assert parse_question("did it close?", context="the zoo").context == "the zoo"


def test_validate_question_trims_and_collapses_space() -> None:
    assert validate_question("  did   the\nzoo\tclose?  ", max_chars=100) == "did the zoo close?"


@pytest.mark.parametrize("question", ["", "   ", "\n\t", "?!...", "¿?", "💥💥"])
def test_empty_questions_are_refused_with_an_example(question: str) -> None:
    with pytest.raises(QuestionError) as caught:
        validate_question(question, max_chars=100)

    message = str(caught.value)
    assert "empty" in message
    assert "ask about a claim" in message
    assert isinstance(caught.value, InputError)


def test_long_questions_are_refused_with_the_limit() -> None:
    with pytest.raises(QuestionError) as caught:
        validate_question("a" * 2001, max_chars=2000)

    message = str(caught.value)
    assert "2,001 characters" in message
    assert "the limit is 2,000" in message
    assert "Ask about one claim" in message


def test_a_question_at_the_limit_is_accepted() -> None:
    assert validate_question("a" * 2000, max_chars=2000) == "a" * 2000


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("and what did the embassy say?", "did the embassy say (the US bought Kazakh jets)"),
        ("did they deny it?", "they deny it (the US bought Kazakh jets)"),
        ("who owns the Quaybridge ferry company?", "owns the Quaybridge ferry company"),
    ],
)
def test_follow_ups_are_read_with_the_thread_claim(question: str, expected: str) -> None:
    claim = parse_question(question, context="the US bought Kazakh jets")
    assert claim.text == expected


def test_what_someone_else_heard_is_the_claim() -> None:
    assert parse_question("my nan heard the pool is closing for good, is that right").text == (
        "the pool is closing for good"
    )


@pytest.mark.parametrize(
    ("question", "claim", "wh_word"),
    [
        ("wat pay rise did the dockers get", "pay rise did the dockers get", "what"),
        ("who's in charge of the club now", "in charge of the club now", "who"),
        ("when's the resit", "the resit", "when"),
        ("how many stops r on the line", "stops are on the line", "how many"),
    ],
)
def test_chat_spellings_are_read_before_the_question_is(
    question: str, claim: str, wh_word: str
) -> None:
    parsed = parse_question(question)
    assert (parsed.text, parsed.wh_word) == (claim, wh_word)


@pytest.mark.parametrize("question", ["did the R&B singer quit?", "is the N road closed?"])
def test_a_capital_letter_is_not_a_chat_word(question: str) -> None:
    assert parse_question(question).text.split()[1] in {"R&B", "N"}


@pytest.mark.parametrize(
    ("question", "claim"),
    [
        (
            "my mate swears the band is playing the harbour festival, it got confirmed last "
            "week. so its happening?",
            "the band is playing the harbour festival, it got confirmed last week",
        ),
        ("the ferry was cancelled again. is that real?", "the ferry was cancelled again"),
        ("the zoo closed. is it reopening next spring?", "it reopening next spring"),
    ],
)
def test_a_question_that_only_points_back_asks_about_what_came_before(
    question: str, claim: str
) -> None:
    assert parse_question(question).text == claim


@pytest.mark.parametrize(
    ("question", "claim"),
    [
        (
            "didnt the gazette say the toll was 6 sols? did they change that",
            "the gazette say the toll was 6 sols, and was that corrected",
        ),
        (
            "the herald said the mayor quit. have they taken that back?",
            "the mayor quit, and was that corrected",
        ),
        # Fixing or taking a thing is no correction of what was said.
        ("is the bridge open? did they fix it", "the bridge open"),
        ("is the bus free? did they take it?", "the bus free"),
    ],
)
def test_a_follow_up_asking_whether_it_was_corrected_asks_about_a_correction(
    question: str, claim: str
) -> None:
    assert parse_question(question).text == claim


@pytest.mark.parametrize(
    ("question", "wh_word", "claim"),
    [
        (
            "roughly how many ppl are left working at the mill",
            "how many",
            "people are left working at the mill",
        ),
        (
            "in the end how many of the spinners took the payout",
            "how many",
            "of the spinners took the payout",
        ),
        ("whos paying for the tram", "who", "paying for the tram"),
        ("wheres the ferry going", "where", "the ferry going"),
        ("exactly when did the bridge close", "when", "did the bridge close"),
    ],
)
def test_a_lead_in_or_a_chat_contraction_before_the_question_word_still_asks_it(
    question: str, wh_word: str, claim: str
) -> None:
    parsed = parse_question(question)
    assert parsed.question_type is QuestionType.WH
    assert (parsed.wh_word, parsed.text) == (wh_word, claim)


def test_a_lead_in_before_no_question_word_stays_in_the_claim() -> None:
    parsed = parse_question("about the jets, did the US buy them?")
    assert parsed.question_type is QuestionType.YES_NO


@pytest.mark.parametrize(
    ("question", "claim"),
    [
        (
            "ngl i keep hearing the state lost people last year, true?",
            "the state lost people last year",
        ),
        (
            "everyone keeps saying 1100 lorries a day use the bridge, is that number legit",
            "1100 lorries a day use the bridge",
        ),
        (
            "someone at work said the tram is a billion crown job, that right?",
            "the tram is a billion crown job",
        ),
        (
            "the north shed is getting sold for flats, anyone know if thats real",
            "the north shed is getting sold for flats",
        ),
        (
            "the plant makes cells by next year, is that even realistic",
            "the plant makes cells by next year",
        ),
        (
            "the turbines will power all our homes, does that actually add up",
            "the turbines will power all our homes",
        ),
        (
            "so it was def the big cat that mauled those ewes then",
            "it was the big cat that mauled those ewes",
        ),
        ("realistically is a rate hike happening in nov?", "a rate hike happening in nov"),
        (
            "the council keeps banging on about a jump in attendance",
            "a jump in attendance",
        ),
        (
            "cllr marrick keeps going on about 38 thousand ppl queuing for ops, is he right",
            "38 thousand people queuing for ops",
        ),
        ("the paper says the scheme was a total flop, fair?", "the scheme was a total flop"),
        ("the audit said it made zero difference, so case closed?", "it made zero difference"),
        (
            "drones use a tenth of the chemicals, thats been proven now right?",
            "drones use a tenth of the chemicals",
        ),
    ],
)
def test_repeated_hearsay_and_tags_asking_if_it_holds_are_not_the_claim(
    question: str, claim: str
) -> None:
    assert parse_question(question).text == claim


@pytest.mark.parametrize(
    ("question", "claim"),
    [
        ("did the mayor blow 80 grand on a trip", "the mayor blow 80,000 on a trip"),
        ("is the plant gonna bring 6k jobs", "the plant going to bring 6,000 jobs"),
        ("did they spend £1.2m on it", "they spend £1.2 million on it"),
        ("did it cost 2.5bn", "it cost 2.5 billion"),
        ("is the wall 5m high", "the wall 5m high"),  # a bare "m" may be metres
    ],
)
def test_chat_shorthand_for_amounts_is_written_out_as_sources_write_it(
    question: str, claim: str
) -> None:
    assert parse_question(question).text == claim


@pytest.mark.parametrize(
    ("question", "claim"),
    [
        # "fair" and "case closed" are the claim's own words here, not a tag.
        ("is the fare fair?", "the fare fair"),
        ("is the fraud case closed?", "the fraud case closed"),
    ],
)
def test_words_that_end_a_tag_elsewhere_stay_when_they_are_the_claim(
    question: str, claim: str
) -> None:
    assert parse_question(question).text == claim
