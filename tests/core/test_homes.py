"""Each role's home shows what is live for its organisation, read from the demo data.

The demo (`lakou seed-demo --scale demo`) is seeded once for this module and rolled back after;
the expected counts are read from the database, never written down here.
"""

from __future__ import annotations

import html
import inspect
from collections.abc import Iterator
from typing import Any

import pytest
from django.test import Client
from django.urls import resolve, reverse
from django.utils import timezone
from django.utils.formats import number_format

from lakou.accounts.models import Membership, User
from lakou.core import navigation
from lakou.core.actor import Actor
from lakou.core.middleware import SESSION_ORGANISATION_KEY
from lakou.core.navigation import ROLE_TEXTS, HomePage
from lakou.diagnostics.models import Audience, Audit, Campaign, Response
from lakou.diagnostics.services.campaigns import campaign_rates, campaign_scope_codes
from lakou.training.models import Certificate, Enrolment, FollowUp, Programme
from tests.demo import SMALL, demo_seeded
from tests.diagnostics.factories import ResponseFactory
from tests.world import World

# The module fixture runs once: every test of the module on the same test worker.
pytestmark = pytest.mark.xdist_group("homes")

FEDERATION = "federation@lakou.test"
CACEM = "cacem@lakou.test"
AUDITOR = "audit@lakou.test"
PROVIDER = "formation@lakou.test"
COMPANY = "entreprise@lakou.test"
MEDIATOR = "mediation@lakou.test"
LEARNER = "apprenante@lakou.test"


@pytest.fixture(scope="module")
def demo(django_db_setup: None, django_db_blocker: Any) -> Iterator[None]:
    """The reference data and the tests' demo (`tests.demo.SMALL`), once for this module."""
    with demo_seeded(django_db_blocker, SMALL):
        yield


@pytest.fixture
def seeded(demo: None, db: None) -> None:
    """The seeded demo, seen from a test's own transaction."""


def actor_of(email: str, kind: str | None = None) -> Actor:
    user = User.objects.get(email=email)
    memberships = tuple(Membership.objects.active().for_user(user))
    current = next((m for m in memberships if kind is None or m.organisation.kind == kind), None)
    return Actor(user=user, membership=current, memberships=memberships)


def client_of(email: str, kind: str | None = None) -> Client:
    actor = actor_of(email, kind)
    client = Client()
    assert actor.user is not None
    client.force_login(actor.user)
    if actor.organisation is not None:
        session = client.session
        session[SESSION_ORGANISATION_KEY] = actor.organisation.pk
        session.save()
    return client


def home_of(client: Client) -> tuple[HomePage, str]:
    response = client.get(reverse("home"))
    assert response.status_code == 200
    return response.context["home"], html.unescape(response.content.decode())


def test_the_federation_home_shows_each_open_campaign_with_its_answers_and_rate(
    seeded: None,
) -> None:
    actor = actor_of(FEDERATION)
    home, page = home_of(client_of(FEDERATION))

    campaigns = list(Campaign.objects.open_on(timezone.localdate()))
    assert len(campaigns) >= 2, "the demo opens a company and a public campaign"
    for campaign in campaigns:
        submitted = Response.objects.filter(
            campaign=campaign, status=Response.Status.SUBMITTED
        ).count()
        rate = campaign_rates(campaign, campaign_scope_codes(campaign, actor)).total.rate
        assert rate is not None
        item = next(item for item in home.items if item.url == campaign.get_absolute_url())
        assert item.count == submitted > 0
        assert campaign.title in item.label
        assert number_format(rate, 1) in item.detail, "the same rate as on the campaign page"
        assert f">{submitted}<" in page
    assert "Aucune campagne" not in page


def test_the_federation_home_counts_the_label_requests_to_decide(seeded: None) -> None:
    home, _page = home_of(client_of(FEDERATION))

    awaiting = Programme.objects.awaiting_label().count()
    item = next(item for item in home.items if item.url == reverse("training:label_queue"))
    assert item.count == awaiting > 0


def test_an_epci_home_shows_the_campaigns_it_relays_with_its_own_communes_answers(
    seeded: None,
) -> None:
    actor = actor_of(CACEM)
    home, page = home_of(client_of(CACEM))

    relayed = list(Campaign.objects.visible_to(actor).open_on(timezone.localdate()))
    assert relayed
    for campaign in relayed:
        total = campaign_rates(campaign, campaign_scope_codes(campaign, actor)).total
        item = next(item for item in home.items if item.url == campaign.get_absolute_url())
        assert item.count == total.submitted > 0
        assert total.rate is not None
        assert number_format(total.rate, 1) in item.detail
    assert "Aucune campagne" not in page


def test_the_auditor_home_counts_the_firms_audits(seeded: None) -> None:
    actor = actor_of(AUDITOR)
    home, page = home_of(client_of(AUDITOR))

    audits = Audit.objects.filter(auditor=actor.organisation).count()
    item = next(item for item in home.items if item.url == reverse("diagnostics:audit_list"))
    assert item.count == audits > 0
    assert "Aucun audit" not in page


def test_the_provider_home_counts_requests_certificates_to_issue_follow_ups_and_programmes(
    seeded: None,
) -> None:
    provider = actor_of(PROVIDER).organisation
    assert provider is not None
    home, page = home_of(client_of(PROVIDER))

    enrolments = Enrolment.objects.of_provider(provider.pk)
    requested = enrolments.filter(status=Enrolment.Status.REQUESTED).count()
    to_issue = (
        enrolments.filter(status=Enrolment.Status.COMPLETED, certificate__isnull=True)
        .exclude(session__programme__certification_kind="none")
        .count()
    )
    due = (
        FollowUp.objects.of_provider(provider.pk)
        .filter(state=FollowUp.State.DUE, due_on__lte=timezone.localdate())
        .count()
    )
    published = Programme.objects.of_provider(provider.pk).published().count()

    def count(word: str) -> int | None:
        """The item's count; an item that counts nothing is not shown (0)."""
        return next((item.count for item in home.items if word in item.label), 0)

    assert count("inscription") == requested > 0
    assert count("délivrer") == to_issue > 0
    assert count("suivi") == due
    assert count("publié") == published > 0
    assert "aucun programme" not in page
    requests = next(item for item in home.items if "inscription" in item.label)
    assert requests.links, "the rosters of the first sessions are one click away"
    assert {resolve(url).view_name for _label, url in requests.links} == {"training:session_roster"}


def test_the_company_home_offers_the_open_campaign_then_its_results_once_answered(
    seeded: None,
) -> None:
    client = client_of(COMPANY, kind="company")
    company = actor_of(COMPANY, kind="company").organisation
    campaign = Campaign.objects.open_on(timezone.localdate()).get(audience=Audience.COMPANIES)
    landing = reverse("diagnostics:campaign_short", kwargs={"short_code": campaign.short_code})
    # Nothing answered yet (the demo may have an audit of the company): the empty state.
    Audit.objects.filter(company=company).delete()
    Response.objects.filter(company=company).delete()

    home, page = home_of(client)
    assert [item.url for item in home.items if campaign.title in item.label] == [landing]
    assert "pas encore répondu" in page

    response = ResponseFactory(
        campaign=campaign,
        company=company,
        status=Response.Status.SUBMITTED,
        submitted_at=timezone.now(),
    )
    home, page = home_of(client)
    result = reverse("diagnostics:response_result", kwargs={"pk": response.pk})
    assert [item.url for item in home.items if campaign.title in item.label] == [result]
    assert "pas encore répondu" not in page
    sent = next(i for i in home.items if i.url == reverse("diagnostics:audit_list"))
    assert sent.count == 1


def test_the_learner_home_counts_ongoing_enrolments_and_certificates(seeded: None) -> None:
    learner = User.objects.get(email=LEARNER)
    home, _page = home_of(client_of(LEARNER))

    ongoing = (
        Enrolment.objects.of_learner(learner.pk)
        .filter(status__in=("requested", "waitlisted", "accepted", "attending"))
        .count()
    )
    certificates = Certificate.objects.of_learner(learner.pk).not_revoked().count()
    counts = {item.label: item.count for item in home.items}
    assert counts[next(label for label in counts if "inscription" in label)] == ongoing > 0
    assert counts[next(label for label in counts if "certificat" in label)] == certificates > 0


def test_a_visitor_home_lists_the_open_public_questionnaires_and_the_catalogue(
    seeded: None, client: Client
) -> None:
    home, _page = home_of(client)

    public = Campaign.objects.open_on(timezone.localdate()).filter(audience=Audience.PUBLIC)
    assert public.exists()
    urls = {item.url for item in home.items}
    for campaign in public:
        assert reverse("diagnostics:campaign_short", args=[campaign.short_code]) in urls
    catalogue = next(i for i in home.items if i.url == reverse("training:catalogue"))
    assert catalogue.count == Programme.objects.published().count()


def step_urls_of(home: Any) -> set[str]:
    return {step.url for step in home.steps}


def test_the_mediator_home_says_what_is_coming_and_offers_what_already_works(
    seeded: None,
) -> None:
    home, page = home_of(client_of(MEDIATOR))

    assert home.heading == str(ROLE_TEXTS["association"][0])
    assert "Mes actes" in home.note
    assert reverse("mediation:workshop_mine") in page, "its workshops are one click away"
    assert reverse("mediation:act_mine") in page, "and its acts"
    assert reverse("mediation:act_create") in step_urls_of(home)
    step_urls = {step.url for step in home.steps}
    assert {reverse("training:catalogue"), reverse("territory:overview")} <= step_urls


@pytest.mark.parametrize(
    ("email", "kind", "queries"),
    [
        ("", None, 2),
        # A person and an association's member: one more, whether they are a mediator.
        (LEARNER, None, 11),
        (FEDERATION, None, 16),
        (CACEM, None, 12),
        (AUDITOR, None, 8),
        (PROVIDER, None, 11),
        (COMPANY, "company", 14),
        (MEDIATOR, None, 11),
    ],
)
def test_a_home_costs_a_handful_of_queries_whatever_the_data(
    seeded: None, django_assert_num_queries: Any, email: str, kind: str | None, queries: int
) -> None:
    client = client_of(email, kind) if email else Client()
    client.get(reverse("home"))  # the session is read and the actor resolved the same way
    with django_assert_num_queries(queries):
        assert client.get(reverse("home")).status_code == 200


def test_the_federation_home_says_so_when_no_campaign_is_open_and_how_to_start_one(
    seeded: None,
) -> None:
    Campaign.objects.update(status=Campaign.Status.CLOSED)

    home, page = home_of(client_of(FEDERATION))

    assert "Aucune campagne de diagnostic n'est ouverte en ce moment." in page
    assert reverse("diagnostics:campaign_create") in {item.url for item in home.empty_items}


# ---------------------------------------------------------------- named actors of tests/world.py


@pytest.mark.django_db
@pytest.mark.parametrize(
    "actor",
    ["anonymous", "person", "federation", "epci", "company", "provider", "auditor", "association"],
)
def test_each_role_sees_its_home_and_every_link_on_it_opens(actor: str) -> None:
    world = World.build()
    client = world.client(actor)
    home, _page = home_of(client)
    assert home.steps, "a home always proposes something to do"
    urls = [step.url for step in home.steps]
    urls += [item.url for item in home.items + home.empty_items]
    for url in urls:
        assert client.get(url).status_code == 200, f"{actor}: {url}"


def test_core_names_no_solution_each_app_brings_its_own_items() -> None:
    source = inspect.getsource(navigation)
    for solution in ("diagnostics", "training"):
        assert solution not in source, f"core/navigation.py names {solution}"
