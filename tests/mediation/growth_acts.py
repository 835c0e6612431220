"""One more act of the World's mediator in « Mes actes », one more overlap and one more late act
on the review page, and one more act in the export."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from tests.mediation.factories_acts import active_mediator, an_hour_ago, make_act


def grow(world: Any) -> None:
    mediator = active_mediator(world.users["association"])
    other = active_mediator()
    start = an_hour_ago(48) - timedelta(days=len(mediator.acts.all()))
    make_act(mediator, starts_at=start)
    make_act(other, starts_at=start)
    make_act(other, starts_at=start + timedelta(minutes=10))  # overlaps the one before
    make_act(mediator, starts_at=start - timedelta(days=10), late_days=11)
