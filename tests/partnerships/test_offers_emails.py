"""E-mails of the applications, sent by the task worker once the transaction commits."""

from __future__ import annotations

import pytest
from django.core import mail

from lakou.partnerships.models import Application
from lakou.partnerships.services.applications import (
    application_accept,
    application_examine,
    application_refuse,
    application_withdraw,
)
from tests.accounts.factories import MembershipFactory, UserFactory
from tests.partnerships.factories_offers import (
    apply,
    company_actor,
    make_offer,
    person,
    private_media,  # noqa: F401 - a fixture
)
from tests.tasks import run_worker

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("private_media")]


def test_every_member_of_the_company_is_told_of_a_new_application() -> None:
    company = company_actor()
    assert company.user is not None
    assert company.organisation is not None
    company.user.email = "rh@entreprise.mq"
    company.user.save()
    MembershipFactory(
        organisation=company.organisation, user=UserFactory(email="chef@entreprise.mq")
    )
    offer = make_offer(company, title="Stage développeur web")
    learner = person(UserFactory(first_name="Maëva", last_name="Jean-Louis"))

    apply(offer, learner, message="Disponible dès juin")
    assert mail.outbox == []  # nothing leaves before the worker runs
    run_worker()

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert sorted(message.to) == ["chef@entreprise.mq", "rh@entreprise.mq"]
    assert "Nouvelle candidature : Stage développeur web" in message.subject
    assert "Maëva Jean-Louis candidate à votre offre" in message.body
    assert "Disponible dès juin" in message.body
    assert f"/partenariats/offres/{offer.pk}/candidatures/" in message.body


def test_the_learner_reads_the_refusal_reason() -> None:
    company = company_actor()
    learner = person(UserFactory(email="maeva@exemple.mq"))
    application = apply(make_offer(company, title="Apprenti technicien réseaux"), learner)
    run_worker()
    mail.outbox.clear()

    application_refuse(
        actor=company, application=application, reason=Application.RefusalReason.DATES
    )
    run_worker()

    assert [m.to for m in mail.outbox] == [["maeva@exemple.mq"]]
    assert "n'est pas retenue" in mail.outbox[0].subject
    assert "Motif : Les dates ne conviennent pas" in mail.outbox[0].body


def test_the_learner_is_told_of_an_acceptance_but_not_of_an_examination() -> None:
    company = company_actor()
    learner = person(UserFactory(email="joel@exemple.mq"))
    application = apply(make_offer(company), learner)
    run_worker()
    mail.outbox.clear()

    application_examine(actor=company, application=application)
    run_worker()
    assert mail.outbox == []
    application_accept(actor=company, application=application)
    run_worker()
    assert [m.to for m in mail.outbox] == [["joel@exemple.mq"]]
    assert "est acceptée" in mail.outbox[0].subject


def test_a_withdrawal_sends_nothing() -> None:
    learner = person()
    application = apply(make_offer(), learner)
    run_worker()
    mail.outbox.clear()
    application_withdraw(actor=learner, application=application)
    run_worker()
    assert mail.outbox == []
