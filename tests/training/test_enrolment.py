"""Enrolment services: the learner asks, the provider decides, seats are never overbooked."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from lakou.core.models import AuditEntry
from lakou.training.errors import TrainingError
from lakou.training.models import Enrolment, Session
from lakou.training.services.enrolment import (
    ACTIONS,
    TRANSITIONS,
    enrolment_accept,
    enrolment_cancel,
    enrolment_decide,
    enrolment_refuse,
    enrolment_request,
)
from tests.training.factories import provider_actor
from tests.training.factories_enrolment import (
    asked,
    enrolment_in,
    person,
    session_with_seats,
)

pytestmark = pytest.mark.django_db

S = Enrolment.Status


# ---------------------------------------------------------------- asking


def test_a_signed_in_person_asks_for_a_seat() -> None:
    session, _provider = session_with_seats()
    learner = person(email="lea@exemple.mq")
    enrolment = enrolment_request(
        actor=learner, session=session, message="Je suis en reconversion.", phone="0696 12 34 56"
    )
    assert enrolment.status == S.REQUESTED
    assert enrolment.learner == learner.user
    assert enrolment.phone == "+596696123456"  # E.164, shown 0696 12 34 56
    assert AuditEntry.objects.filter(action="enrolment.request").count() == 1


def test_a_member_of_an_organisation_may_enrol_themself() -> None:
    session, _provider = session_with_seats()
    company_member = provider_actor()  # acting for an organisation, enrolling as a person
    assert asked(session, company_member).learner == company_member.user


def test_asking_twice_for_the_same_session_is_refused() -> None:
    session, _provider = session_with_seats()
    learner = person()
    asked(session, learner)
    with pytest.raises(TrainingError, match="déjà une inscription en cours"):
        asked(session, learner)


def test_after_a_refusal_the_person_may_ask_again() -> None:
    session, provider = session_with_seats()
    learner = person()
    first = asked(session, learner)
    enrolment_refuse(actor=provider, enrolment=first, reason="Prérequis manquants.")
    assert asked(session, learner).status == S.REQUESTED


def test_the_database_refuses_a_second_live_enrolment_the_service_turns_it_into_a_message(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Two clicks at the same moment both pass the check; the unique constraint stops one."""
    session, _provider = session_with_seats()
    learner = person()
    asked(session, learner)
    monkeypatch.setattr(
        "lakou.training.services.enrolment.EnrolmentQuerySet.live",
        lambda self: self.none(),
    )
    with pytest.raises(TrainingError, match="déjà une inscription en cours"):
        asked(session, learner)
    assert Enrolment.objects.count() == 1


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"status": Session.Status.CANCELLED}, "annulée"),
        ({"status": Session.Status.DONE}, "terminée"),
        ({"enrolment_deadline": date(2020, 1, 1)}, "date limite d'inscription"),
    ],
)
def test_a_closed_session_refuses_requests(change: dict[str, Any], message: str) -> None:
    session, _provider = session_with_seats()
    Session.objects.filter(pk=session.pk).update(**change)
    with pytest.raises(TrainingError, match=message):
        asked(session)
    assert not Enrolment.objects.exists()


def test_a_session_over_refuses_requests() -> None:
    session, _provider = session_with_seats(starts_in_days=-10, length_days=3)
    with pytest.raises(TrainingError, match="terminée"):
        asked(session)


def test_the_deadline_day_itself_is_still_open() -> None:
    session, _provider = session_with_seats(enrolment_deadline=timezone.localdate())
    assert asked(session).status == S.REQUESTED


def test_an_anonymous_visitor_cannot_ask() -> None:
    from lakou.core.actor import ANONYMOUS

    session, _provider = session_with_seats()
    with pytest.raises(PermissionDenied):
        enrolment_request(actor=ANONYMOUS, session=session)


# ---------------------------------------------------------------- the state machine

ALL_STATUSES = list(S)
ALLOWED = [(before, after) for before in ALL_STATUSES for after in sorted(TRANSITIONS[before])]
ACTION_OF = {status: action for action, status in ACTIONS.items()}


@pytest.mark.parametrize(("before", "after"), ALLOWED)
def test_every_allowed_transition_goes_through(before: str, after: str) -> None:
    session, provider = session_with_seats(seats=5)
    enrolment = enrolment_in(session, before)
    enrolment_decide(
        actor=provider, enrolment=enrolment, action=ACTION_OF[after], reason="Complet."
    )
    assert enrolment.status == after
    assert AuditEntry.objects.filter(action=f"enrolment.{ACTION_OF[after]}").exists()


REFUSED = [
    (S.REQUESTED, S.ATTENDING),
    (S.REQUESTED, S.COMPLETED),
    (S.WAITLISTED, S.WAITLISTED),
    (S.ACCEPTED, S.WAITLISTED),
    (S.ATTENDING, S.CANCELLED),
    (S.REFUSED, S.ACCEPTED),
    (S.CANCELLED, S.ACCEPTED),
    (S.COMPLETED, S.DROPPED),
    (S.DROPPED, S.ATTENDING),
]


@pytest.mark.parametrize(("before", "after"), REFUSED)
def test_a_transition_outside_the_table_is_refused_in_french(before: str, after: str) -> None:
    session, provider = session_with_seats(seats=5)
    enrolment = enrolment_in(session, before)
    with pytest.raises(TrainingError, match="ne peut pas passer à"):
        enrolment_decide(
            actor=provider, enrolment=enrolment, action=ACTION_OF[after], reason="Motif."
        )
    enrolment.refresh_from_db()
    assert enrolment.status == before


def test_the_table_knows_every_status() -> None:
    assert set(TRANSITIONS) == set(S)
    assert all(set(targets) <= set(S) for targets in TRANSITIONS.values())


def test_a_refusal_needs_a_reason() -> None:
    session, provider = session_with_seats()
    enrolment = asked(session)
    with pytest.raises(TrainingError, match="pourquoi"):
        enrolment_refuse(actor=provider, enrolment=enrolment, reason="  ")
    enrolment.refresh_from_db()
    assert enrolment.status == S.REQUESTED


def test_completion_records_the_day() -> None:
    session, provider = session_with_seats()
    enrolment = enrolment_in(session, S.ATTENDING)
    enrolment_decide(actor=provider, enrolment=enrolment, action="complete")
    assert enrolment.completed_on == timezone.localdate()


def test_another_provider_cannot_decide() -> None:
    session, _provider = session_with_seats()
    enrolment = asked(session)
    with pytest.raises(PermissionDenied):
        enrolment_accept(actor=provider_actor(), enrolment=enrolment)


def test_the_learner_cannot_accept_their_own_request() -> None:
    session, _provider = session_with_seats()
    learner = person()
    enrolment = asked(session, learner)
    with pytest.raises(PermissionDenied):
        enrolment_accept(actor=learner, enrolment=enrolment)


def test_a_stranger_cannot_cancel_someone_elses_enrolment() -> None:
    session, _provider = session_with_seats()
    enrolment = asked(session)
    with pytest.raises(PermissionDenied):
        enrolment_cancel(actor=person(), enrolment=enrolment)


# ---------------------------------------------------------------- seats


def test_a_full_session_refuses_one_more_acceptance_and_suggests_the_waitlist() -> None:
    session, provider = session_with_seats(seats=2)
    first, second, third = asked(session), asked(session), asked(session)
    enrolment_accept(actor=provider, enrolment=first)
    enrolment_accept(actor=provider, enrolment=second)
    with pytest.raises(TrainingError, match=r"complète.*liste d'attente"):
        enrolment_accept(actor=provider, enrolment=third)
    assert Enrolment.objects.holding_a_seat().count() == 2


def test_the_session_is_full_when_its_last_seat_is_taken_and_open_again_when_one_frees() -> None:
    session, provider = session_with_seats(seats=1)
    learner = person()
    enrolment = asked(session, learner)
    enrolment_accept(actor=provider, enrolment=enrolment)
    session.refresh_from_db()
    assert session.status == Session.Status.FULL
    enrolment_cancel(actor=learner, enrolment=enrolment)
    session.refresh_from_db()
    assert session.status == Session.Status.OPEN


def test_a_drop_frees_the_count_but_promotes_nobody() -> None:
    session, provider = session_with_seats(seats=1)
    attending = enrolment_in(session, S.ATTENDING)
    Session.objects.filter(pk=session.pk).update(status=Session.Status.FULL)
    waiting = enrolment_in(session, S.WAITLISTED)
    enrolment_decide(actor=provider, enrolment=attending, action="drop")
    waiting.refresh_from_db()
    session.refresh_from_db()
    assert waiting.status == S.WAITLISTED
    assert session.status == Session.Status.OPEN


def test_a_person_without_a_name_must_give_it_to_enrol_and_it_is_kept_on_their_account() -> None:
    session, _provider = session_with_seats(3)
    actor = person(first_name="", last_name="")

    with pytest.raises(TrainingError, match="Indiquez votre prénom et votre nom"):
        enrolment_request(actor=actor, session=session)
    enrolment_request(actor=actor, session=session, first_name=" Rose ", last_name="Hildevert")

    assert actor.user is not None
    actor.user.refresh_from_db()
    assert actor.user.get_full_name() == "Rose Hildevert"
