"""A member's pause between questions and a server's cap on answers in progress."""

from __future__ import annotations

import pytest

from bot.cogs.ask.limits import AnswerLimits, Refused


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_cooldown_says_when_to_try_again() -> None:
    clock = Clock()
    limits = AnswerLimits(cooldown_s=15, max_concurrent=3, clock=clock)
    with limits.slot(1, 10):
        pass
    clock.now += 4
    with pytest.raises(Refused, match="again in 11 s"), limits.slot(1, 10):
        pass
    with limits.slot(1, 11):  # another member is not held up
        pass
    with limits.slot(2, 10):  # nor the same member in another server
        pass
    clock.now += 11
    with limits.slot(1, 10):
        pass


def test_a_server_has_a_cap_on_answers_in_progress() -> None:
    limits = AnswerLimits(cooldown_s=0, max_concurrent=2, clock=Clock())
    with limits.slot(1, 10), limits.slot(1, 11):
        with pytest.raises(Refused, match="answering 2 questions"), limits.slot(1, 12):
            pass
        with limits.slot(2, 12):  # other servers are not affected
            pass
    with limits.slot(1, 12):  # slots come back when answers finish, even after errors
        pass


def test_a_failed_answer_gives_its_slot_back() -> None:
    limits = AnswerLimits(cooldown_s=0, max_concurrent=1, clock=Clock())
    with pytest.raises(RuntimeError), limits.slot(1, 10):
        raise RuntimeError("boom")
    with limits.slot(1, 11):
        pass
