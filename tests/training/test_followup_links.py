"""Answer links of the six-month follow-up: the token lives only in the e-mail, the database
keeps its SHA-256; the e-mailed link opens the page; older links stop working."""

from __future__ import annotations

import hashlib
import importlib
import re
from datetime import date, datetime

import pytest
from django.apps import apps
from django.core import mail
from django.test import Client
from django.utils import timezone

from lakou.training.models import FollowUp
from lakou.training.services.followup import follow_ups_send_due
from tests.accounts.factories import UserFactory
from tests.tasks import run_worker
from tests.training.factories_followup import make_follow_up

# The worker commits and closes its connection: these tests need real transactions.
pytestmark = pytest.mark.django_db(transaction=True)

LINK = re.compile(r"https?://[^/\s]+(/formations/suivi/([^/\s]+)/)")


def at(day: date, hour: int = 10) -> datetime:
    return timezone.make_aware(datetime(day.year, day.month, day.day, hour))


def emailed_links() -> list[tuple[str, str]]:
    """(path, token) of the answer link in each e-mail the worker sent, oldest first."""
    run_worker()
    found = [LINK.search(message.body) for message in mail.outbox]
    return [(match.group(1), match.group(2)) for match in found if match]


def sha256(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def test_the_database_keeps_only_the_sha256_of_the_emailed_token() -> None:
    follow_up = make_follow_up(
        learner=UserFactory(email="line@exemple.mq"), issued_on=date(2026, 1, 15)
    )
    follow_ups_send_due(now=at(date(2026, 7, 15)))

    [(path, token)] = emailed_links()
    stored = FollowUp.objects.values_list("token_hash", flat=True).get(pk=follow_up.pk)
    assert stored == sha256(token)
    assert token not in stored
    # The e-mailed link opens the answer page, without an account.
    page = Client().get(path)
    assert page.status_code == 200
    assert "Six mois après votre formation" in page.content.decode()


def test_a_wrong_token_is_a_404_that_says_so_in_french() -> None:
    follow_up = make_follow_up(issued_on=date(2026, 1, 15))
    follow_ups_send_due(now=at(date(2026, 7, 15)))
    [(_path, token)] = emailed_links()

    # Not even the stored hash opens the page: only the token whose hash it is.
    stored = FollowUp.objects.values_list("token_hash", flat=True).get(pk=follow_up.pk)
    for wrong in ("inconnu", token[:-1], stored):
        page = Client().get(f"/formations/suivi/{wrong}/")
        assert page.status_code == 404
        assert "Ce lien de réponse ne fonctionne pas" in page.content.decode()


def test_a_reminder_carries_a_new_link_and_the_first_one_stops_working() -> None:
    make_follow_up(issued_on=date(2026, 1, 15))
    follow_ups_send_due(now=at(date(2026, 7, 15)))
    follow_ups_send_due(now=at(date(2026, 7, 22)))

    [(first, _), (second, _)] = emailed_links()
    assert first != second
    assert Client().get(first).status_code == 404
    assert Client().get(second).status_code == 200
    assert "remplace celui des messages précédents" in mail.outbox[1].body


def test_the_migration_hashes_a_token_stored_in_clear() -> None:
    """Links e-mailed before the migration keep working: their clear token is hashed in place."""
    migration = importlib.import_module("lakou.training.migrations.0003_follow_up_token_hash")
    follow_up = make_follow_up(issued_on=date(2025, 1, 15))
    old_token = "jeton-envoye-avant-la-migration"
    FollowUp.objects.filter(pk=follow_up.pk).update(token_hash=old_token)

    migration.hash_clear_tokens(apps, None)

    stored = FollowUp.objects.values_list("token_hash", flat=True).get(pk=follow_up.pk)
    assert stored == sha256(old_token)
    assert Client().get(f"/formations/suivi/{old_token}/").status_code == 200
