"""Workshop services: seats and waiting list, promotion, cancellation notices, attendance."""

from __future__ import annotations

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied

from lakou.mediation.models import Registration
from lakou.mediation.services.workshops import (
    AlreadyRegistered,
    WorkshopData,
    WorkshopError,
    attendance_record,
    registration_cancel,
    workshop_cancel,
    workshop_create,
    workshop_update,
)
from tests.mediation.factories_venues import make_venue
from tests.mediation.factories_workshops import (
    make_workshop,
    move_start,
    organiser_actor,
    register,
)
from tests.tasks import run_worker

pytestmark = pytest.mark.django_db
# The tests that read the e-mails run the task worker, which needs committed tasks.
WITH_WORKER = pytest.mark.django_db(transaction=True)

S = Registration.Status


def test_seats_first_then_the_waiting_list_in_order() -> None:
    workshop = make_workshop(capacity=2)
    first, second, third, fourth = (register(workshop, f"Personne {n}") for n in range(4))
    assert [r.status for r in (first, second, third, fourth)] == [
        S.CONFIRMED,
        S.CONFIRMED,
        S.WAITLISTED,
        S.WAITLISTED,
    ]

    promoted = registration_cancel(registration=second)

    assert promoted == third
    third.refresh_from_db()
    fourth.refresh_from_db()
    assert third.status == S.CONFIRMED
    assert fourth.status == S.WAITLISTED
    assert workshop.registrations.filter(status=S.CONFIRMED).count() == 2


@WITH_WORKER
def test_a_freed_seat_is_announced_to_the_promoted_person() -> None:
    workshop = make_workshop(capacity=1, title="Faire ses démarches en ligne")
    seated = register(workshop, "Paulette Ursulet")
    register(workshop, "Roger Bellance", email="roger@exemple.mq")
    run_worker()
    mail.outbox.clear()

    registration_cancel(registration=seated)
    run_worker()

    assert [m.to for m in mail.outbox] == [["roger@exemple.mq"]]
    assert "Une place s'est libérée" in mail.outbox[0].subject
    assert "/mediation/ateliers/inscription/" in mail.outbox[0].body


def test_the_same_phone_or_address_registers_once() -> None:
    workshop = make_workshop()
    register(workshop, phone="0696 12 34 56")
    with pytest.raises(AlreadyRegistered):
        register(workshop, "Autre nom", phone="+596696123456")
    register(workshop, "Avec e-mail", phone="", email="Lea@Exemple.mq")
    with pytest.raises(AlreadyRegistered):
        register(workshop, "Encore", phone="", email="lea@exemple.mq")


def test_someone_without_phone_nor_email_is_refused_at_the_phone_field() -> None:
    workshop = make_workshop()
    with pytest.raises(WorkshopError) as refused:
        register(workshop, phone="", email="")
    assert refused.value.field == "phone"
    with pytest.raises(WorkshopError) as bad:
        register(workshop, phone="12")
    assert "Numéro de téléphone invalide" in bad.value.message


def test_a_workshop_has_no_more_seats_than_its_venue() -> None:
    venue = make_venue(capacity=8)
    with pytest.raises(WorkshopError) as refused:
        make_workshop(venue=venue, capacity=9)
    assert refused.value.field == "capacity"
    assert "8 personnes au plus" in refused.value.message
    with pytest.raises(WorkshopError):
        make_workshop(venue=make_venue(capacity=0))


def test_capacity_never_drops_below_the_people_seated_and_a_raise_promotes() -> None:
    actor = organiser_actor()
    workshop = make_workshop(actor, capacity=2)
    register(workshop)
    register(workshop)
    waiting = register(workshop)

    def data(capacity: int) -> WorkshopData:
        return WorkshopData(
            title=workshop.title,
            level=workshop.level,
            audience=workshop.audience,
            venue=workshop.venue,
            starts_at=workshop.starts_at,
            duration_minutes=workshop.duration_minutes,
            capacity=capacity,
        )

    with pytest.raises(WorkshopError):
        workshop_update(actor=actor, workshop=workshop, data=data(1))
    workshop_update(actor=actor, workshop=workshop, data=data(3))
    waiting.refresh_from_db()
    assert waiting.status == S.CONFIRMED


@WITH_WORKER
def test_cancelling_tells_everyone_registered_or_waiting() -> None:
    actor = organiser_actor()
    workshop = make_workshop(actor, capacity=1)
    register(workshop, email="a@exemple.mq")
    register(workshop, email="b@exemple.mq")
    register(workshop, phone="0696000001")  # no e-mail: the SMS channel tells them
    run_worker()
    mail.outbox.clear()

    with pytest.raises(WorkshopError):
        workshop_cancel(actor=actor, workshop=workshop, reason="  ")
    told = workshop_cancel(actor=actor, workshop=workshop, reason="Médiateur malade.")
    run_worker()

    assert told == 3
    assert sorted(m.to[0] for m in mail.outbox) == ["a@exemple.mq", "b@exemple.mq"]
    assert "Médiateur malade." in mail.outbox[0].body
    with pytest.raises(WorkshopError):
        register(workshop)


def test_attendance_is_marked_once_the_workshop_has_begun() -> None:
    actor = organiser_actor()
    workshop = make_workshop(actor)
    came, missed = register(workshop), register(workshop)
    with pytest.raises(WorkshopError):
        attendance_record(actor=actor, workshop=workshop, present=[came.pk])
    move_start(workshop, days=-0.05)

    count = attendance_record(actor=actor, workshop=workshop, present=[came.pk, 999_999])

    came.refresh_from_db()
    missed.refresh_from_db()
    assert count == 1
    assert (came.attended, missed.attended) == (True, False)
    with pytest.raises(PermissionDenied):
        attendance_record(actor=organiser_actor(), workshop=workshop, present=[])


def test_only_federation_epci_and_associations_plan_workshops() -> None:
    from tests.accounts.factories import OrganisationFactory

    company = organiser_actor(OrganisationFactory(company=True))
    with pytest.raises(PermissionDenied):
        workshop_create(
            actor=company,
            data=WorkshopData(
                title="x",
                level="beginner",
                audience="seniors",
                venue=make_venue(),
                starts_at=make_workshop().starts_at,
                duration_minutes=60,
                capacity=2,
            ),
        )


# ---------------------------------------------------------------- SMS and reminders


@WITH_WORKER
def test_a_mobile_gets_an_sms_with_the_link_a_landline_none() -> None:
    from lakou.core import sms

    workshop = make_workshop(title="Mon smartphone pas à pas")
    mobile = register(workshop, phone="0696 12 34 56")
    register(workshop, phone="0596 60 00 00")  # a landline: the roster shows it to call
    run_worker()

    assert [message.to for message in sms.outbox] == ["+596696123456"]
    text = sms.outbox[0].text
    assert text.startswith("Lakou : place réservée, atelier Mon smartphone pas à pas")
    assert mobile.get_cancel_url() in text


@WITH_WORKER
def test_the_reminder_leaves_the_day_before_once_by_sms_and_email() -> None:
    from datetime import datetime, timedelta
    from zoneinfo import ZoneInfo

    from lakou.core import sms
    from lakou.mediation.services.workshops import reminders_send

    martinique = ZoneInfo("America/Martinique")
    workshop = make_workshop(days=5)
    # Tomorrow 09:00 in Martinique, seen from today 20:00 there (00:00 UTC the next day).
    today_evening = datetime.now(martinique).replace(hour=20, minute=0, second=0, microsecond=0)
    tomorrow_morning = (today_evening + timedelta(days=1)).replace(hour=9)
    from lakou.mediation.models import Workshop

    Workshop.objects.filter(pk=workshop.pk).update(starts_at=tomorrow_morning)
    seated = register(workshop, phone="0696 22 33 44", email="seated@exemple.mq")
    later = make_workshop(days=5)
    register(later, phone="0696 55 66 77")  # in 5 days: not yet
    run_worker()
    sms.outbox.clear()
    mail.outbox.clear()

    assert reminders_send(now=today_evening) == 1
    assert reminders_send(now=today_evening) == 0  # once
    run_worker()

    assert [m.to for m in sms.outbox] == ["+596696223344"]
    assert "rappel, atelier" in sms.outbox[0].text
    assert [m.to for m in mail.outbox] == [["seated@exemple.mq"]]
    seated.refresh_from_db()
    assert seated.reminder_sent_at is not None


def test_every_sms_fits_in_three_messages() -> None:
    from lakou.core.sms import check_sms_text
    from lakou.mediation.services.workshops import SMS_TEXTS, sms_text

    workshop = make_workshop(title=("Atelier au titre très long " * 8)[:200])
    with pytest.raises(WorkshopError) as too_long:
        make_workshop(title="x" * 201)
    assert too_long.value.field == "title"
    registration = register(workshop)
    workshop.cancellation_reason = "Motif " * 100
    for kind in SMS_TEXTS:
        check_sms_text(sms_text(registration, kind))
