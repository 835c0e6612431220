from __future__ import annotations

import re

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from lakou.accounts.models import User
from tests.tasks import run_worker


# The e-mail leaves through the task worker, which commits: a real transaction is needed.
@pytest.mark.django_db(transaction=True)
def test_a_person_signs_up_with_an_email_alone_and_verifies_it(client: Client) -> None:
    response = client.post(reverse("account_signup"), {"email": "Rosette.Ursulet@Exemple.mq"})
    assert response.status_code == 302
    user = User.objects.get()
    assert user.email == "rosette.ursulet@exemple.mq"
    assert not user.has_usable_password()
    assert mail.outbox == []
    run_worker()
    assert len(mail.outbox) == 1
    link = re.search(r"https?://\S+/comptes/confirm-email/\S+", mail.outbox[0].body)
    assert link is not None
    confirm_path = "/" + link.group(0).split("/", 3)[3]
    client.post(confirm_path)
    assert user.emailaddress_set.get().verified


@pytest.mark.django_db
def test_signing_up_with_an_invalid_address_says_so_in_french(client: Client) -> None:
    response = client.post(reverse("account_signup"), {"email": "pas-une-adresse"})
    assert response.status_code == 200
    assert "adresse" in response.content.decode().lower()
    assert not User.objects.exists()
