"""Applications unanswered for 30 days (Martinique calendar days) are flagged once, to the company
and to the federation; the periodic task runs the same service."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.core import mail

from lakou.core.periodic import periodic_tasks
from lakou.partnerships.models import Application
from lakou.partnerships.services.applications import applications_flag_unanswered
from tests.accounts.factories import MembershipFactory, OrganisationFactory, UserFactory
from tests.partnerships.factories_offers import (
    application_in,
    company_actor,
    make_offer,
    private_media,  # noqa: F401 - a fixture
)
from tests.tasks import run_worker

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("private_media")]

S = Application.Status
MQ = ZoneInfo("America/Martinique")


def at(day: int, hour: int, minute: int = 0, month: int = 3) -> dt.datetime:
    """A moment of 2026 in Martinique time."""
    return dt.datetime(2026, month, day, hour, minute, tzinfo=MQ)


def test_flagged_from_the_thirtieth_calendar_day_in_martinique() -> None:
    offer = make_offer()
    # 23:30 in Martinique on 1 March is already 2 March in UTC.
    late = application_in(offer, S.NEW, sent=at(1, 23, 30))
    next_day = application_in(offer, S.NEW, sent=at(2, 0, 0))

    assert applications_flag_unanswered(now=at(30, 23, 59)).flagged == 0
    # 31 March 00:05: 30 calendar days after 1 March, though fewer than 30 × 24 hours.
    report = applications_flag_unanswered(now=at(31, 0, 5))

    assert report.flagged == 1
    late.refresh_from_db()
    next_day.refresh_from_db()
    assert late.flagged_at == at(31, 0, 5)
    assert next_day.flagged_at is None
    assert applications_flag_unanswered(now=at(1, 0, 5, month=4)).flagged == 1
    next_day.refresh_from_db()
    assert next_day.flagged_at is not None


def test_an_application_is_flagged_once() -> None:
    application = application_in(make_offer(), S.EXAMINING, sent=at(1, 10))
    assert applications_flag_unanswered(now=at(31, 8)).flagged == 1
    application.refresh_from_db()
    first = application.flagged_at

    assert applications_flag_unanswered(now=at(31, 14)).flagged == 0
    assert applications_flag_unanswered(now=at(15, 8, month=4)).flagged == 0
    application.refresh_from_db()
    assert application.flagged_at == first


@pytest.mark.parametrize("status", [S.ACCEPTED, S.REFUSED, S.WITHDRAWN])
def test_an_answered_application_is_never_flagged(status: str) -> None:
    application_in(make_offer(), status, sent=at(1, 10))
    assert applications_flag_unanswered(now=at(20, 8, month=4)).flagged == 0


def test_one_email_per_company_and_one_summary_to_the_federation() -> None:
    federation = OrganisationFactory(federation=True)
    MembershipFactory(organisation=federation, user=UserFactory(email="coordination@federation.mq"))
    bakery = company_actor(OrganisationFactory(company=True, name="Boulangerie Lakay"))
    assert bakery.user is not None
    bakery.user.email = "patron@lakay.mq"
    bakery.user.save()
    garage = company_actor(OrganisationFactory(company=True, name="Garage du Nord"))
    assert garage.user is not None
    garage.user.email = "garage@nord.mq"
    garage.user.save()
    bread = make_offer(bakery, title="Stage développeur web")
    repairs = make_offer(garage, title="Apprenti technicien réseaux", kind="apprenticeship")
    application_in(
        bread, S.NEW, UserFactory(first_name="Joël", last_name="Marie-Sainte"), sent=at(1, 9)
    )
    application_in(bread, S.EXAMINING, sent=at(1, 10))
    application_in(repairs, S.NEW, sent=at(2, 10))
    application_in(repairs, S.NEW, sent=at(20, 10))  # not yet due
    run_worker()
    mail.outbox.clear()

    report = applications_flag_unanswered(now=at(2, 9, month=4))
    run_worker()

    assert (report.flagged, report.companies) == (3, 2)
    by_recipient = {tuple(message.to): message for message in mail.outbox}
    assert set(by_recipient) == {
        ("patron@lakay.mq",),
        ("garage@nord.mq",),
        ("coordination@federation.mq",),
    }
    bakery_mail = by_recipient[("patron@lakay.mq",)]
    assert "Candidatures sans réponse depuis 30 jours" in bakery_mail.subject
    assert "2 candidatures aux offres de Boulangerie Lakay" in bakery_mail.body
    assert "Joël Marie-Sainte, « Stage développeur web », envoyée le 01/03/2026" in bakery_mail.body
    summary = by_recipient[("coordination@federation.mq",)]
    assert "3 candidatures" in summary.subject
    assert "- Boulangerie Lakay : 2" in summary.body
    assert "- Garage du Nord : 1" in summary.body

    mail.outbox.clear()
    assert applications_flag_unanswered(now=at(3, 9, month=4)).flagged == 0
    run_worker()
    assert mail.outbox == []  # never twice


def test_the_periodic_task_flags_through_the_service() -> None:
    paths = {task.path for task in periodic_tasks()}
    assert "lakou.partnerships.tasks.flag_unanswered_applications" in paths

    from lakou.partnerships.tasks import flag_unanswered_applications

    application_in(make_offer(), S.NEW, sent=dt.datetime.now(tz=MQ) - dt.timedelta(days=31))
    flag_unanswered_applications.enqueue()
    run_worker()
    assert Application.objects.filter(flagged_at__isnull=False).count() == 1
