"""The checks an act passes before it can be paid, on hand-made cases: overlaps (touching acts do
not overlap), a venue's capacity, lateness counted in Martinique days, and its approval."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import pytest
from django.utils import timezone

from lakou.mediation.models import Act
from lakou.mediation.services.act_checks import act_problems, act_problems_many, is_late, late_days
from lakou.mediation.services.acts import act_late_approve
from tests.mediation.factories_acts import active_mediator, make_act
from tests.mediation.factories_mediators import federation_actor
from tests.mediation.factories_venues import make_venue

pytestmark = pytest.mark.django_db


def at(days_ago: int, hour: int, minute: int = 0) -> datetime:
    day = timezone.localdate() - timedelta(days=days_ago)
    return timezone.make_aware(datetime.combine(day, datetime.min.time())).replace(
        hour=hour, minute=minute
    )


def logged(act: Act, moment: datetime) -> Act:
    Act.objects.filter(pk=act.pk).update(logged_at=moment)
    act.refresh_from_db()
    return act


@pytest.mark.parametrize(
    ("second_start", "overlaps"),
    [
        ((10, 0), True),  # the same start
        ((10, 29), True),  # a minute before the first ends
        ((10, 30), False),  # begins as the first ends: touching, not overlapping
        ((9, 30), False),  # ends as the first begins
        ((9, 31), True),
    ],
)
def test_two_acts_of_a_mediator_overlap_when_their_times_cross(
    second_start: tuple[int, int], overlaps: bool
) -> None:
    mediator = active_mediator()
    first = make_act(mediator, starts_at=at(2, 10), duration_minutes=30)
    second = make_act(mediator, starts_at=at(2, *second_start), duration_minutes=30)
    problems = act_problems_many([first, second])
    assert bool(problems[first.pk]) is overlaps
    assert bool(problems[second.pk]) is overlaps
    if overlaps:
        assert "Chevauche" in problems[first.pk][0]


def test_acts_of_two_mediators_or_a_withdrawn_one_do_not_overlap() -> None:
    first = make_act(starts_at=at(2, 10))
    make_act(starts_at=at(2, 10))  # another mediator
    withdrawn = make_act(first.mediator, starts_at=at(2, 10))
    Act.objects.filter(pk=withdrawn.pk).update(withdrawn_at=timezone.now())
    assert act_problems(first) == []


def test_the_neighbours_of_many_acts_are_read_in_one_query(django_assert_num_queries: Any) -> None:
    mediator = active_mediator()
    acts = [make_act(mediator, starts_at=at(days, 10)) for days in range(1, 6)]
    with django_assert_num_queries(1):
        act_problems_many(acts)


def test_a_collective_act_above_the_venues_seats_is_flagged() -> None:
    venue = make_venue(capacity=10)
    fits = make_act(kind="collective", participants=10, venue=venue, starts_at=at(2, 9))
    above = make_act(kind="collective", participants=11, venue=venue, starts_at=at(3, 9))
    assert act_problems(fits) == []
    assert act_problems(above) == ["11 participants, plus que les 10 places du lieu."]


@pytest.mark.parametrize(("days", "late"), [(0, False), (7, False), (8, True)])
def test_an_act_is_late_beyond_n_martinique_days(days: int, late: bool, settings: Any) -> None:
    settings.MEDIATION_ACT_LATE_DAYS = 7
    # 23:00 in Martinique is already the next day in UTC: the days are Martinique's.
    act = make_act(starts_at=at(days + 1, 23), duration_minutes=30)
    act = logged(act, at(1, 23, 45))
    assert late_days(act) == days
    assert is_late(act) is late
    problems = act_problems(act)
    assert bool(problems) is late
    if late:
        assert problems[0].startswith(f"Saisi {days} jours après l'acte")


def test_lateness_counts_calendar_days_not_hours(settings: Any) -> None:
    settings.MEDIATION_ACT_LATE_DAYS = 7
    act = make_act(starts_at=at(9, 23, 30), duration_minutes=15)
    # Logged 7 days and 1 hour later, in the early morning: 8 Martinique days.
    act = logged(act, at(1, 0, 30))
    assert late_days(act) == 8
    assert is_late(act)


def test_an_accepted_delay_is_no_longer_a_problem() -> None:
    act = make_act(starts_at=at(20, 10), late_days=15)
    assert act_problems(act)
    act = act_late_approve(actor=federation_actor(), act=act)
    assert act_problems(act) == []
