from __future__ import annotations

from typing import Any

import pytest
from django.core import mail
from django_tasks_db.models import DBTaskResult

from lakou.accounts.services import membership_add
from tests.accounts.factories import OrganisationFactory, UserFactory
from tests.tasks import run_worker


@pytest.mark.django_db(transaction=True)
def test_adding_a_member_sends_an_email_through_the_database_worker() -> None:
    user = UserFactory(email="nouvelle@exemple.mq")
    organisation = OrganisationFactory(name="Kaz Numérique")
    membership_add(actor=None, organisation=organisation, user=user)
    # Nothing is sent inside the request: the task waits in the database for the worker.
    assert mail.outbox == []
    assert DBTaskResult.objects.count() == 1

    run_worker()

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["nouvelle@exemple.mq"]
    assert "Kaz Numérique" in message.subject
    assert "code de connexion" in message.body
    assert DBTaskResult.objects.get().status == "SUCCESSFUL"


@pytest.mark.django_db(transaction=True)
def test_running_the_worker_twice_does_not_send_twice() -> None:
    membership_add(actor=None, organisation=OrganisationFactory(), user=UserFactory())
    run_worker()
    run_worker()
    assert len(mail.outbox) == 1


@pytest.mark.django_db
def test_no_email_is_queued_while_emails_are_held_back(
    django_capture_on_commit_callbacks: Any,
) -> None:
    from lakou.core.notifications import emails_held_back, notify_by_email

    with django_capture_on_commit_callbacks() as callbacks:
        with emails_held_back():
            notify_by_email(
                to=["a@exemple.mq"],
                subject="x",
                template="account/email/base_message.txt",
                context={},
            )
        notify_by_email(
            to=["a@exemple.mq"], subject="x", template="account/email/base_message.txt", context={}
        )
    assert len(callbacks) == 1
