"""One more of every list item of the training pages, for tests/test_query_counts.py."""

from __future__ import annotations

from typing import Any

from lakou.training.models import Enrolment, Session
from tests.training.factories import make_programme, make_session
from tests.training.factories_enrolment import enrolment_in
from tests.training.factories_followup import make_follow_up


def grow(world: Any) -> None:
    provider = world.organisations["provider"]
    programme = make_programme(actor=world.actor("provider"), title="Bureautique pour tous")
    make_session(programme)
    for session in Session.objects.all():
        enrolment_in(session, Enrolment.Status.REQUESTED)
    enrolment_in(make_session(programme), Enrolment.Status.ACCEPTED, world.users["person"])
    make_follow_up(provider=provider, learner=world.users["person"])
