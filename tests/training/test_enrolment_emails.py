"""E-mails of the enrolment workflow, sent by the task worker once the transaction commits."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import pytest
from django.core import mail

from lakou.core.models import AuditEntry
from lakou.training.models import Enrolment, Session
from lakou.training.services.catalogue import session_cancel
from lakou.training.services.enrolment import enrolment_cancel, enrolment_decide
from tests.accounts.factories import UserFactory
from tests.tasks import run_worker
from tests.training.factories_enrolment import (
    asked,
    enrolment_in,
    person,
    session_with_seats,
)

# The worker commits and closes its connection: these tests need real transactions.
pytestmark = pytest.mark.django_db(transaction=True)

S = Enrolment.Status


# ---------------------------------------------------------------- e-mails and the waitlist


def _with_emails(action: Callable[[], object]) -> list[mail.EmailMessage]:
    """Run `action`, then the worker: the e-mails it queued on commit, as the learners get them."""
    action()
    assert mail.outbox == []  # nothing leaves before the worker runs
    run_worker()
    return list(mail.outbox)


def _sent_so_far() -> list[mail.EmailMessage]:
    """Send what is queued (the provider's notice of a request) and start a fresh outbox."""
    run_worker()
    sent = list(mail.outbox)
    mail.outbox.clear()
    return sent


def test_the_provider_is_told_of_a_new_request() -> None:
    session, provider = session_with_seats(title="Data analyst")
    assert provider.user is not None
    provider.user.email = "equipe@organisme.mq"
    provider.user.save()

    asked(session, person(first_name="Joël", last_name="Marie-Sainte"), message="Dispo le soir")
    sent = _sent_so_far()

    assert [message.to for message in sent] == [["equipe@organisme.mq"]]
    assert "Nouvelle demande d'inscription : Data analyst" in sent[0].subject
    assert "Joël Marie-Sainte demande une place" in sent[0].body
    assert "Dispo le soir" in sent[0].body
    assert f"/formations/sessions/{session.pk}/inscriptions/" in sent[0].body


def test_a_cancellation_promotes_the_first_of_the_waitlist_and_tells_them() -> None:
    session, _provider = session_with_seats(seats=1, title="Cybersécurité pour TPE")
    learner = person(email="premier@exemple.mq")
    seated = enrolment_in(session, S.ACCEPTED, learner.user)
    Session.objects.filter(pk=session.pk).update(status=Session.Status.FULL)
    first = enrolment_in(session, S.WAITLISTED, UserFactory(email="attente1@exemple.mq"))
    second = enrolment_in(session, S.WAITLISTED, UserFactory(email="attente2@exemple.mq"))
    Enrolment.objects.filter(pk=second.pk).update(
        waitlisted_at=first.waitlisted_at + timedelta(minutes=5)
    )

    sent = _with_emails(
        lambda: enrolment_cancel(actor=learner, enrolment=seated),
    )

    first.refresh_from_db()
    second.refresh_from_db()
    session.refresh_from_db()
    assert first.status == S.ACCEPTED
    assert second.status == S.WAITLISTED
    assert session.status == Session.Status.FULL
    assert [message.to for message in sent] == [["attente1@exemple.mq"]]
    assert "Une place s'est libérée" in sent[0].subject
    assert "Cybersécurité pour TPE" in sent[0].body
    assert AuditEntry.objects.filter(action="enrolment.promote").count() == 1


def test_cancelling_a_request_promotes_nobody() -> None:
    session, _provider = session_with_seats(seats=1)
    enrolment_in(session, S.ACCEPTED)
    learner = person()
    pending = asked(session, learner)
    waiting = enrolment_in(session, S.WAITLISTED)
    _sent_so_far()
    sent = _with_emails(
        lambda: enrolment_cancel(actor=learner, enrolment=pending),
    )
    waiting.refresh_from_db()
    assert waiting.status == S.WAITLISTED
    assert sent == []


@pytest.mark.parametrize(
    ("action", "subject", "body"),
    [
        ("accept", "est acceptée", "accepte votre inscription"),
        ("waitlist", "liste d'attente", "liste d'attente"),
        ("refuse", "n'est pas retenue", "Motif : Le groupe est réservé aux seniors."),
    ],
)
def test_the_learner_is_told_of_each_decision_by_email(
    action: str, subject: str, body: str
) -> None:
    session, provider = session_with_seats(title="Bureautique facile")
    enrolment = asked(session, person(email="lea@exemple.mq", first_name="Léa"))
    _sent_so_far()
    sent = _with_emails(
        lambda: enrolment_decide(
            actor=provider,
            enrolment=enrolment,
            action=action,
            reason="Le groupe est réservé aux seniors.",
        ),
    )
    assert len(sent) == 1
    assert sent[0].to == ["lea@exemple.mq"]
    assert subject in sent[0].subject
    assert "Bureautique facile" in sent[0].subject
    assert body in sent[0].body
    assert "Bonjour Léa" in sent[0].body


def test_cancelling_the_session_cancels_its_live_enrolments_and_tells_the_learners() -> None:
    session, provider = session_with_seats(seats=5, title="Réseaux")
    accepted = enrolment_in(session, S.ACCEPTED, UserFactory(email="a@exemple.mq"))
    waiting = enrolment_in(session, S.WAITLISTED, UserFactory(email="b@exemple.mq"))
    refused = enrolment_in(session, S.REFUSED, UserFactory(email="c@exemple.mq"))
    sent = _with_emails(
        lambda: session_cancel(actor=provider, session=session, reason="Formateur malade."),
    )
    statuses = dict(
        Enrolment.objects.filter(pk__in=[accepted.pk, waiting.pk, refused.pk]).values_list(
            "pk", "status"
        )
    )
    assert statuses == {accepted.pk: S.CANCELLED, waiting.pk: S.CANCELLED, refused.pk: S.REFUSED}
    assert sorted(message.to[0] for message in sent) == ["a@exemple.mq", "b@exemple.mq"]
    assert all("Formateur malade." in message.body for message in sent)
    assert all("Réseaux" in message.subject for message in sent)
