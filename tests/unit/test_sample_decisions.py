"""When a sample unit is assessed: the cycles' præ and post, and an assessment on new
information after information that requires a decision or moves the suggestion."""

from __future__ import annotations

from collections.abc import Callable

from tilsynwidgets.domain.core.categories import Phase
from tilsynwidgets.sample.decisions import NEVER, Arrival, Moment, Scheduled, unit_moments

TODAY = 1000
PRAE = Scheduled(100, Phase.PRAE, 7)
POST = Scheduled(160, Phase.POST, 7)


def record(ident: int, day: int, *, deciding: bool = False, after: int = 5) -> Arrival:
    """A record received on ``day``, decided ``after`` days later (NEVER: left waiting)."""
    decided = NEVER if after == NEVER else day + after
    return Arrival(ident, day, deciding, decided if deciding else NEVER, day + after)


def change(day: int, after: int = 5) -> Arrival:
    """A day on which a signal may change without a new record."""
    return Arrival(None, day, False, NEVER, day + after)


def steady(_day: int) -> int:
    return 1


def moved_from(day: int, rank: int = 2) -> Callable[[int], int]:
    return lambda asked: rank if asked >= day else 1


def walk(
    arrivals: list[Arrival],
    scheduled: tuple[Scheduled, ...] = (PRAE, POST),
    rank: Callable[[int], int] = steady,
) -> list[tuple[int, Phase, tuple[int, ...]]]:
    moments = unit_moments(4, arrivals, list(scheduled), rank, TODAY)
    assert all(isinstance(m, Moment) and m.unit == 4 for m in moments)
    return [(m.day, m.phase, m.information) for m in moments]


def test_the_cycle_alone_and_the_information_each_assessment_saw() -> None:
    found = walk([record(1, 90), record(2, 100), record(3, 130)])
    # The record of the præ's own day was registered (09:00) before it was assessed.
    assert found == [(100, Phase.PRAE, (1, 2)), (160, Phase.POST, (3,))]


def test_information_that_requires_a_decision_gets_an_assessment_days_later() -> None:
    found = walk([record(1, 120, deciding=True, after=6), record(2, 126), record(3, 127)])
    assert found == [
        (100, Phase.PRAE, ()),
        (126, Phase.NY, (1, 2)),  # what came in on the day of the decision is seen too
        (160, Phase.POST, (3,)),
    ]


def test_a_prae_or_post_before_the_decision_takes_the_position() -> None:
    found = walk([record(1, 155, deciding=True, after=10)])
    assert found == [(100, Phase.PRAE, ()), (160, Phase.POST, (1,))]
    found = walk([record(1, 155, deciding=True, after=5)])  # due on the post's own day
    assert found == [(100, Phase.PRAE, ()), (160, Phase.POST, (1,))]


def test_nothing_is_decided_before_the_units_first_assessment() -> None:
    found = walk([record(1, 50, deciding=True), record(2, 60, deciding=True)])
    assert found == [(100, Phase.PRAE, (1, 2)), (160, Phase.POST, ())]


def test_information_left_waiting_or_due_after_the_data_date_stays_on_the_queue() -> None:
    assert walk([record(1, 300, deciding=True, after=NEVER)]) == [
        (100, Phase.PRAE, ()),
        (160, Phase.POST, ()),
    ]
    assert walk([record(1, TODAY - 2, deciding=True, after=5)])[-1][1] is Phase.POST


def test_information_that_moves_the_suggestion_gets_an_assessment() -> None:
    found = walk([record(1, 200, after=9), record(2, 300, after=9)], rank=moved_from(300))
    assert found == [
        (100, Phase.PRAE, ()),
        (160, Phase.POST, ()),
        (309, Phase.NY, (1, 2)),
    ]


def test_a_signal_leaving_its_window_moves_the_suggestion_only_with_news_pending() -> None:
    # Nothing new since the post: the queue's rule does not put the unit on it.
    assert walk([change(400)], rank=moved_from(400))[-1][0] == 160
    found = walk([record(1, 200), change(400, after=3)], rank=moved_from(400))
    assert found[-1] == (403, Phase.NY, (1,))


def test_one_decision_at_a_time_and_the_earliest_due_wins() -> None:
    found = walk(
        [
            record(1, 200, after=20),
            record(2, 205, deciding=True, after=4),
            record(3, 207, deciding=True, after=30),
        ],
        rank=moved_from(200),
    )
    assert found[2:] == [(209, Phase.NY, (1, 2, 3))]
