from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client

from lakou.accounts.demo import DEMO_ACCOUNTS
from lakou.accounts.models import Organisation, User
from lakou.core.demo import SCALES, seed_all
from lakou.core.identifiers import naf_valid, siret_valid
from lakou.diagnostics.models import Audit, Campaign, Response, SkillNeed
from tests.demo import SMALL, demo_seeded

# The module fixture runs once: every test of the module on the same test worker.
pytestmark = pytest.mark.xdist_group("seed-demo")


@pytest.fixture(scope="module")
def demo(django_db_setup: None, django_db_blocker: Any) -> Iterator[None]:
    """The reference data and the small demo, seeded once for this module and rolled back after.

    Seeding takes seconds (signatures, services); each test runs in a savepoint inside.
    """
    with demo_seeded(django_db_blocker, SMALL):
        yield


@pytest.fixture
def reference(demo: None, db: None) -> None:
    """The seeded demo, seen from a test's own transaction."""


def test_seeding_twice_duplicates_nothing(reference: None) -> None:
    counts = (Organisation.objects.count(), User.objects.count())
    seed_all(scale=SMALL, seed=972)
    assert (Organisation.objects.count(), User.objects.count()) == counts


def test_companies_are_spread_over_the_34_communes_with_valid_identifiers(reference: None) -> None:
    companies = Organisation.objects.filter(kind=Organisation.Kind.COMPANY)
    assert companies.values("commune").distinct().count() == 34
    for siret, naf, size in companies.values_list("siret", "naf_code", "size_band"):
        assert siret_valid(siret)
        assert naf_valid(naf)
        assert size in {"tpe", "pme", "large"}
    # Very small firms dominate, as in Martinique.
    assert companies.filter(size_band="tpe").count() > companies.count() * 0.7


def test_there_is_one_account_per_role_that_can_log_in(reference: None) -> None:
    for account in DEMO_ACCOUNTS:
        user = User.objects.get(email=account.email)
        assert user.emailaddress_set.filter(verified=True).exists()
        assert user.memberships.count() == len(account.organisations)
    kinds = set(
        Organisation.objects.filter(
            memberships__user__email__in=[a.email for a in DEMO_ACCOUNTS]
        ).values_list("kind", flat=True)
    )
    assert kinds == set(Organisation.Kind.values)


def test_a_demo_account_logs_in_with_the_printed_password(reference: None, client: Client) -> None:
    response = client.post(
        "/comptes/login/", {"login": "entreprise@lakou.test", "password": "lakou-demo-972"}
    )
    assert response.status_code == 302
    assert client.get("/").context["actor"].organisation.name == "Boulangerie Lakay"


def test_the_seed_demo_command_and_the_printed_logins(
    reference: None, capsys: pytest.CaptureFixture[str]
) -> None:
    SCALES["small"] = SMALL
    try:
        call_command("seed_demo", "--scale", "small")
    finally:
        del SCALES["small"]
    call_command("demo_logins")
    out = capsys.readouterr().out
    for account in DEMO_ACCOUNTS:
        assert account.email in out


def test_the_demo_needs_map_is_not_empty(reference: None, client: Client) -> None:
    assert Campaign.objects.filter(status=Campaign.Status.OPEN).count() == 2
    assert Response.objects.filter(status=Response.Status.SUBMITTED).exists()
    assert Audit.objects.exists()
    assert SkillNeed.objects.exists()
    page = client.get("/diagnostic/besoins/public/")
    assert page.status_code == 200
    assert page.context["tables"][0].total_headcount


def test_the_demo_has_learners_certificates_and_follow_ups(reference: None, client: Client) -> None:
    from django_tasks_db.models import DBTaskResult

    from lakou.core.indicators import compute
    from lakou.training.models import Certificate, Enrolment, FollowUp
    from lakou.training.services.certificates import certificate_verify

    statuses = set(Enrolment.objects.values_list("status", flat=True))
    assert {"requested", "accepted", "completed"} <= statuses
    assert Certificate.objects.exists()
    assert certificate_verify(Certificate.objects.first()).state == "valid"  # type: ignore[arg-type]
    assert FollowUp.objects.filter(state=FollowUp.State.ANSWERED).exists()
    learner = User.objects.get(email="apprenante@lakou.test")
    assert learner.training_enrolments.filter(status="requested").exists()
    assert learner.training_certificates.get().follow_up.state == FollowUp.State.DUE
    # Seeding queues no e-mail: the learners are made up.
    assert not DBTaskResult.objects.exists()
    year = str(Certificate.objects.order_by("-issued_on").first().issued_on.year)  # type: ignore[union-attr]
    assert compute("people-certified", year)["people_certified"] > 0
